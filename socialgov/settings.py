"""SocialGov settings, read from the environment.

Two profiles: ``local`` (plain HTTP: development, compose, tests) and
``production`` (HTTPS only, secure cookies, HSTS). ``DATABASE_URL`` and
``REDIS_URL`` choose the services; without them SocialGov runs on SQLite and
checks drafts in-process, so a fresh clone starts with no service at all.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PROFILE = env("DJANGO_PROFILE", "local")
if PROFILE not in ("local", "production"):
    raise ValueError(f"DJANGO_PROFILE must be 'local' or 'production', not {PROFILE!r}")
PRODUCTION = PROFILE == "production"

if PRODUCTION:
    # No fallback: a production site must never run on a known key.
    SECRET_KEY = os.environ["SECRET_KEY"]
    DEBUG = env_bool("DEBUG", False)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env("SECRET_KEY", "local-only-key-never-used-in-production-3f9a7c1e")
    DEBUG = env_bool("DEBUG", True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],0.0.0.0,web,testserver")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before django.contrib.auth: its createsuperuser (look-alike usernames refused)
    # takes the place of Django's.
    "socialgov.accounts",
    "socialgov.accounts.admin_site.SocialGovAdminConfig",  # django.contrib.admin, with 2FA
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_rq",
    # Two-factor authentication (socialgov/accounts/twofactor.py): TOTP devices
    # and recovery codes (static tokens).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "socialgov.audit",
    "socialgov.brands",
    "socialgov.images",
    "socialgov.posts",
    "socialgov.home",
    "socialgov.planning",
    "socialgov.notify",
    "socialgov.privacy",
    "socialgov.analytics",
    "socialgov.webhooks",
    "socialgov.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "socialgov.lib.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session confirmed a second factor?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After messages: both may tell the person why they were sent elsewhere.
    "socialgov.accounts.middleware.TwoFactorMiddleware",
    "socialgov.accounts.middleware.SessionSeenMiddleware",
    # Last, as django-axes asks: it turns a refused login into the paused page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "socialgov.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "socialgov.posts.context_processors.navigation",
                "socialgov.brands.context_processors.open_crises",
                "socialgov.notify.context_processors.counts",
            ],
        },
    },
]

WSGI_APPLICATION = "socialgov.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections: the check worker reuses one across jobs.
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database serves several threads (pages, the post page's
    # presence polls, the scheduler): a write-ahead log lets readers go on while
    # one writes, and IMMEDIATE transactions queue for the write lock (up to the
    # timeout) instead of failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
    # Tests too use a file: the in-memory database's shared cache has table
    # locks that fail at once, with no waiting, when the live server's threads
    # meet.
    DATABASES["default"]["TEST"] = {
        "NAME": env("SQLITE_TEST_NAME", str(BASE_DIR / "test-db.sqlite3")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): every failed login on /login/ and /admin/login/
# is counted in the database per account and per address; at LOGIN_FAILURE_LIMIT
# failures within LOGIN_COOLOFF_MINUTES either one is paused, the right password
# included, until LOGIN_COOLOFF_MINUTES after its last attempt. A superuser lifts
# a pause in the admin ("Access attempts") or with `manage.py axes_reset_username`.
AUTHENTICATION_BACKENDS = [
    "socialgov.accounts.throttling.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
# Either one is enough: an account tried from many addresses, or an address
# trying many accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "socialgov.accounts.throttling.paused_response"
# Successful logins are not logged (the sessions are the record of who is in):
# no address kept for every login.
AXES_DISABLE_ACCESS_LOG = True
# Axes would print its version on every manage.py command (stderr of checkposts too).
AXES_VERBOSE = False
# The client's address, counted per address: the socket's, or behind
# TRUSTED_PROXY_COUNT reverse proxies, the one the first of them added to
# X-Forwarded-For (socialgov.accounts.throttling.client_address). 0: no proxy,
# and a forged header changes nothing.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "socialgov.accounts.throttling.client_address"
# Password reset e-mails a person may have sent per hour, per e-mail address
# and per client address.
PASSWORD_RESET_RATE = int(env("PASSWORD_RESET_RATE", "3"))
PASSWORD_RESET_ADDRESS_RATE = int(env("PASSWORD_RESET_ADDRESS_RATE", "20"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: French and English both ship. The header's switch
# stores the choice in Django's language cookie; otherwise the browser decides.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "socialgov" / "locale"]
# Dates unambiguous in both languages, and times the Québec way in French.
FORMAT_MODULE_PATH = ["socialgov.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "America/Toronto"
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic puts the files WhiteNoise serves (an image bakes them in here).
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, serve static files straight from the source folders,
# so compose's gunicorn needs no collectstatic step to show a styled page.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

# Security headers hold in both profiles; the production profile adds HTTPS.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the header's forms read nothing from JS; Django's default
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Queues. Without REDIS_URL there is no queue: checks run in-process right
# after the submitting transaction commits, and retries, the reconciler and
# scheduled jobs are off (the UI says so). With it, a django-rq job on the
# `checks` queue carries each check to an RQ worker.
REDIS_URL = env("REDIS_URL")
CHECKS_QUEUE = env("CHECKS_QUEUE", "checks")
CHECKS_ASYNC = env_bool("CHECKS_ASYNC", bool(REDIS_URL))
# Three attempts in all: the first, then one retry after each interval (s).
CHECKS_RETRY_INTERVALS = [int(s) for s in env_list("CHECKS_RETRY_INTERVALS", "2,10")]
CHECKS_JOB_TIMEOUT = int(env("CHECKS_JOB_TIMEOUT", "60"))
# Time budgets of a check, per text of a post. A first pass gives each brand
# rule's regular expressions CHECKS_RULE_SECONDS (empty: the engine's 0.05 s)
# and all of them CHECKS_CHECK_SECONDS; when a rule runs out of time, the check
# runs once more with the RETRY budgets; a rule that still cannot finish gives
# a "check incomplete" finding of its own severity (an error keeps the post
# from review until a brand admin waives it).
CHECKS_RULE_SECONDS = float(env("CHECKS_RULE_SECONDS")) if env("CHECKS_RULE_SECONDS") else None
CHECKS_CHECK_SECONDS = float(env("CHECKS_CHECK_SECONDS", "1"))
CHECKS_RETRY_RULE_SECONDS = float(env("CHECKS_RETRY_RULE_SECONDS", "2"))
CHECKS_RETRY_CHECK_SECONDS = float(env("CHECKS_RETRY_CHECK_SECONDS", "10"))
# A brand whose check took over CHECKS_COSTLY_SECONDS of engine time (or ran
# out of time on a first pass) has its checks on the `<CHECKS_QUEUE>-slow`
# queue for CHECKS_COSTLY_TTL seconds, so it never starves the other brands.
CHECKS_COSTLY_SECONDS = float(env("CHECKS_COSTLY_SECONDS", "0.5"))
CHECKS_COSTLY_TTL = int(env("CHECKS_COSTLY_TTL", "3600"))
# The module whose compile() the check jobs call; fault tests swap it.
CHECKS_ENGINE = env("CHECKS_ENGINE", "socialgov.checks.engine")
# The reconciler re-enqueues posts left in `checking` with no live job; a job
# younger than the grace period is left to its worker.
RECONCILE_INTERVAL = int(env("RECONCILE_INTERVAL", "30"))
RECONCILE_GRACE = int(env("RECONCILE_GRACE", "30"))
# What the scheduler (manage.py run_scheduler) runs on each pass besides the
# reconciler and expiry: each is called with the time and returns a count.
# Named here so the scheduler imports no app above posts.
SCHEDULED_TASKS = {
    "review reminders": "socialgov.posts.reminders.remind_approvers",
    "expiry warnings": "socialgov.posts.reminders.warn_expiring",
    "digests": "socialgov.notify.digest.send_due",
    # Québec's Law 25: each brand's posts past its retention period.
    "retention purge": "socialgov.posts.retention.purge_due",
    # Webhook deliveries due without a worker (or lost with Redis).
    "webhooks": "socialgov.webhooks.jobs.send_due",
    "webhook log": "socialgov.webhooks.jobs.forget_old",
}
# The post page's "Also viewing" line asks who else has the post open once
# per PRESENCE_POLL_SECONDS; someone seen within three polls has it open.
PRESENCE_POLL_SECONDS = int(env("PRESENCE_POLL_SECONDS", "20"))
PRESENCE_WINDOW = timedelta(seconds=3 * PRESENCE_POLL_SECONDS)
# Notifications (socialgov/notify): every page's header asks for its counts
# (unread notices, posts waiting on the person) once per NOTIFY_POLL_SECONDS
# (0: never), for at most NOTIFY_POLL_FOR_SECONDS after the page was loaded.
# Notices are written and e-mailed by a job on NOTIFY_QUEUE (in-process at
# commit without REDIS_URL).
NOTIFY_POLL_SECONDS = int(env("NOTIFY_POLL_SECONDS", "20"))
NOTIFY_POLL_FOR_SECONDS = int(env("NOTIFY_POLL_FOR_SECONDS", str(4 * 3600)))
NOTIFY_QUEUE = env("NOTIFY_QUEUE", "default")
NOTIFY_JOB_TIMEOUT = int(env("NOTIFY_JOB_TIMEOUT", "120"))
# Outgoing webhooks (socialgov/webhooks/jobs.py): sent by a job on WEBHOOKS_QUEUE
# (one the workers read, with their scheduler for the retries), or by the
# scheduler's pass without REDIS_URL. A failed attempt that may pass (network,
# time-out, 429, 5xx) is tried again after each interval (s): six attempts in all.
WEBHOOKS_QUEUE = env("WEBHOOKS_QUEUE", "default")
WEBHOOKS_TIMEOUT = float(env("WEBHOOKS_TIMEOUT", "5"))
WEBHOOKS_RETRY_INTERVALS = [int(s) for s in env_list("WEBHOOKS_RETRY_INTERVALS",
                                                     "30,120,480,1800,7200")]
# The scheduler sends, with Redis, the deliveries overdue by this many seconds.
WEBHOOKS_SWEEP_GRACE = int(env("WEBHOOKS_SWEEP_GRACE", "300"))
WEBHOOKS_SWEEP_BATCH = int(env("WEBHOOKS_SWEEP_BATCH", "20"))
# Days a webhook's delivery log keeps each attempt (with the body sent).
WEBHOOKS_LOG_DAYS = int(env("WEBHOOKS_LOG_DAYS", "30"))
# Private, loopback and link-local targets are refused (no SSRF) unless this is
# on: a receiver on the company's own network, or tests against a local server.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", False)
# The worker class `rqworker --worker-class` is given (compose, bin/run-all).
CHECKS_WORKER_CLASS = "socialgov.posts.worker.CheckWorker"
RQ_QUEUES = {
    name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}
    for name in (CHECKS_QUEUE, f"{CHECKS_QUEUE}-slow", "default", WEBHOOKS_QUEUE)
}

# The cache: shared by every web process through Redis when there is one (the
# editor's live check counts each person's calls there), else per process.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
         "KEY_PREFIX": env("CACHE_KEY_PREFIX", "socialgov")}
        if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# The JSON API (socialgov/api): calls a minute per token, and failed
# authentications a minute per address, before 429.
API_REQUESTS_PER_MINUTE = int(env("API_REQUESTS_PER_MINUTE", "120"))
API_FAILED_AUTH_PER_MINUTE = int(env("API_FAILED_AUTH_PER_MINUTE", "20"))
# The editor's live check: the engine on the unsaved fields, bounded in time
# (seconds per rule and per text) and in rate (calls per person per 10 s).
LIVE_CHECK_RULE_SECONDS = float(env("LIVE_CHECK_RULE_SECONDS", "0.05"))
LIVE_CHECK_SECONDS = float(env("LIVE_CHECK_SECONDS", "0.5"))
LIVE_CHECK_RATE = int(env("LIVE_CHECK_RATE", "30"))
# Small uploads stay in memory; larger ones go to a temporary file, and no
# more of a file than IMAGES_MAX_BYTES is kept (socialgov/images/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "socialgov.images.uploads.CappedUploadHandler",
]
# Image uploads a person may send from the editor per minute.
IMAGES_UPLOAD_RATE = int(env("IMAGES_UPLOAD_RATE", "60"))

# django-rq's dashboard is not mounted: its pages fail on unknown ids and its
# admin pseudo-model has no table. The status page shows what operators need.
RQ_SHOW_ADMIN_LINK = False

# E-mail: invitations and re-check notices. The local profile prints them on
# the console; production sends them through the SMTP server it is given.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "socialgov@localhost")
# The site's address as people reach it: e-mails carry absolute links with it.
SITE_URL = env("SITE_URL", "http://localhost:8000")

# Sessions live in the database: deactivating a member finds and deletes
# theirs (socialgov/accounts/sessions.py), which a cache-only store cannot.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A session's "last seen" (the account page's list) is written at most once
# per this many seconds, not on every request.
SESSION_SEEN_EVERY = int(env("SESSION_SEEN_EVERY", "300"))

# Two-factor authentication (django-otp). The issuer names the site in
# authenticator apps; a wrong code makes the next try wait 1, 2, 4, 8... s
# (per device), and a second step gives up after TWO_FACTOR_MAX_TRIES wrong
# codes (the password must be entered again).
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "SocialGov")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
TWO_FACTOR_MAX_TRIES = int(env("TWO_FACTOR_MAX_TRIES", "5"))
# The admin's device pages never show a person's secret key or its QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# Images (socialgov/images). An upload is refused when its declared size is
# over IMAGES_MAX_BYTES (before any of it is read), when its header gives more
# than IMAGES_MAX_PIXELS (width x height, before any decoding), or, for an
# animation (GIF, WebP), more than IMAGES_MAX_FRAMES frames or
# IMAGES_MAX_ANIMATION_PIXELS pixels over all its frames (re-encoding decodes
# every frame, and the GIF writer holds them all). Files go to the default
# storage (STORAGES["default"]: MEDIA_ROOT on disk here; an S3-compatible
# backend needs only settings). Nothing serves MEDIA_URL:
# socialgov.images.serving answers for one image at a time, behind the caller's
# permission check. With REDIS_URL, thumbnails are made by an RQ job on
# IMAGES_QUEUE (one the worker reads); without it, in-process at commit.
IMAGES_MAX_BYTES = int(env("IMAGES_MAX_BYTES", str(20 * 1024 * 1024)))
IMAGES_MAX_PIXELS = int(env("IMAGES_MAX_PIXELS", "40000000"))
IMAGES_MAX_FRAMES = int(env("IMAGES_MAX_FRAMES", "500"))
IMAGES_MAX_ANIMATION_PIXELS = int(env("IMAGES_MAX_ANIMATION_PIXELS", "100000000"))
IMAGES_THUMBNAIL_SIZE = int(env("IMAGES_THUMBNAIL_SIZE", "480"))
IMAGES_QUEUE = env("IMAGES_QUEUE", "default")
IMAGES_JOB_TIMEOUT = int(env("IMAGES_JOB_TIMEOUT", "120"))
