"""Fixed people and brands for every test, as healthchecks' BaseTestCase has.

Brand "Acme" (fr, en) has an intern (drafter), a manager and a second manager
(approvers) and a brand admin. Brand "Other" has its own brand admin, who must
see nothing of Acme's.
"""

import os
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from socialgov.accounts.models import Membership, Role
from socialgov.brands.models import Brand, Rule

IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition, reason):
    """Skip a test whose service is missing, except in CI where that is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _private_checks_queue():
    """A queue name of this test run's own, passed to worker subprocesses
    through the environment, so a running `make run` worker never takes a
    test's jobs (and job ids, which carry it, never collide across runs)."""
    from django.conf import settings as django_settings

    name = f"checks-test-{uuid.uuid4().hex[:10]}"
    django_settings.RQ_QUEUES[name] = dict(django_settings.RQ_QUEUES[django_settings.CHECKS_QUEUE])
    django_settings.CHECKS_QUEUE = name
    os.environ["CHECKS_QUEUE"] = name
    # Thumbnails too: a test's jobs never wait in a shared "default" queue.
    django_settings.IMAGES_QUEUE = os.environ["IMAGES_QUEUE"] = f"images-{name}"
    # And the notifications' jobs.
    django_settings.NOTIFY_QUEUE = os.environ["NOTIFY_QUEUE"] = f"notify-{name}"
    # And the webhooks'.
    django_settings.WEBHOOKS_QUEUE = os.environ["WEBHOOKS_QUEUE"] = f"webhooks-{name}"
    yield name


@contextmanager
def audit_table_may_be_emptied():
    """The audit table refuses TRUNCATE (PostgreSQL) and DELETE (SQLite) unless the
    session says otherwise (migration audit 0006_append_only): said here, and only
    around the flush that ends a transactional test."""
    from django.db import connection

    from socialgov.audit.guard import TRUNCATE_SETTING

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', false)", [TRUNCATE_SETTING])
        elif connection.vendor == "sqlite":
            cursor.execute("INSERT OR IGNORE INTO audit_permit (kind) VALUES ('flush')")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"RESET {TRUNCATE_SETTING}")
            elif connection.vendor == "sqlite":
                cursor.execute("DELETE FROM audit_permit WHERE kind = 'flush'")


@pytest.fixture(scope="session", autouse=True)
def _transactional_tests_teardown_empties_the_audit_table():
    # pytest-django ends a transactional test (transactional_db, live_server) with
    # TransactionTestCase._fixture_teardown, which flushes every table.
    from django.test import TransactionTestCase

    flush = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        with audit_table_may_be_emptied():
            flush(self)

    TransactionTestCase._fixture_teardown = _fixture_teardown
    yield
    TransactionTestCase._fixture_teardown = flush


@pytest.fixture(autouse=True)
def _checks_run_at_commit_in_this_process(settings):
    # Most tests want the check done when the transaction commits: in-process
    # without Redis, through RQ's synchronous mode with it. Worker tests
    # switch CHECKS_ASYNC back on.
    settings.CHECKS_ASYNC = False


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    # A French page request leaves French active in this thread (LocaleMiddleware
    # does not switch back), and messages asserted in English would then fail in
    # whichever test happens to run next.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _a_cache_of_its_own(settings):
    # Rate limits count in the cache: each test starts with nothing counted
    # (and never flushes a Redis that others use).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": uuid.uuid4().hex}}


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    # Uploaded images are written through the storage API: never into the checkout.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def make_image(brand, intern, django_capture_on_commit_callbacks):
    """An image accepted as an upload is (socialgov.images.intake), its thumbnail made."""
    from socialgov.images import intake
    from tests.support.image_files import photo_jpeg, uploaded

    def make(width=320, height=240, *, for_brand=None, name="photo.jpg"):
        with django_capture_on_commit_callbacks(execute=True):
            return intake.accept(uploaded(photo_jpeg(width, height), name),
                                 brand=for_brand or brand, user=intern)

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user; the suite makes thousands of them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(django_user_model):
    def make(username, **extra):
        return django_user_model.objects.create_user(username=username, password="pw", **extra)

    return make


@pytest.fixture
def brand(db):
    return Brand.objects.create(
        name="Acme", slug="acme", languages=["fr", "en"], default_language="fr"
    )


@pytest.fixture
def other_brand(db):
    return Brand.objects.create(name="Other", slug="other", languages=["en"], default_language="en")


def _member(make_user, brand, username, role):
    user = make_user(username)
    Membership.objects.create(user=user, brand=brand, role=role)
    return user


@pytest.fixture
def intern(make_user, brand):
    return _member(make_user, brand, "intern", Role.DRAFTER)


@pytest.fixture
def manager(make_user, brand):
    return _member(make_user, brand, "manager", Role.APPROVER)


@pytest.fixture
def second_manager(make_user, brand):
    return _member(make_user, brand, "manager2", Role.APPROVER)


@pytest.fixture
def brand_admin(make_user, brand):
    return _member(make_user, brand, "brandadmin", Role.BRAND_ADMIN)


@pytest.fixture
def other_admin(make_user, other_brand):
    return _member(make_user, other_brand, "otheradmin", Role.BRAND_ADMIN)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", password="pw", email="root@example.com"
    )


def verify_session(client, user):
    """Give ``client``'s session of ``user`` a confirmed second factor (an
    authenticator app made for the test), as a right code would: the Django
    admin, and brands that require two-factor authentication, ask for it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from socialgov.accounts.twofactor import PENDING_KEY

    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.pop(PENDING_KEY, None)
    session.save()
    return device


@pytest.fixture
def log_in_verified():
    """Log ``client`` in as ``user`` with a verified second factor."""
    def log_in(client, user):
        client.force_login(user)
        return verify_session(client, user)

    return log_in


@pytest.fixture
def root_client(client, superuser, log_in_verified):
    """A superuser's client with a verified second factor, as the Django admin asks."""
    log_in_verified(client, superuser)
    return client


@pytest.fixture
def banned_rule(brand):
    """An error-level rule: any post saying "dumb" is sent back by the check."""
    return Rule.objects.create(
        rule_set=brand.ruleset,
        name="No insults",
        kind="banned_terms",
        params={"terms": ["dumb", "idiot"]},
        severity="error",
        message_en="“%s” insults the reader.",
        message_fr="« %s » insulte le lecteur.",
        suggestion_en="Say it kindly.",
        suggestion_fr="Dites-le gentiment.",
    )


@pytest.fixture
def warning_rule(brand):
    return Rule.objects.create(
        rule_set=brand.ruleset,
        name="Plain words",
        kind="substitution",
        params={"swap": {"utilize": "use"}},
        severity="warning",
        message_en="Prefer plain words to “%s”.",
        message_fr="Préférez les mots simples à « %s ».",
    )


def quiet_time(days: int = 2, now=None):
    """``days`` from now, or the first later day that is a day or more away from every
    day of the shipped calendar of sensitive dates (a day either side, for time zones):
    a post planned then gets no calendar finding, whatever the date the tests run on."""
    from socialgov.checks.rules.sensitive_dates import day_keys, default_dates

    calendar = {entry["date"] for entry in default_dates()}
    when = (now or timezone.now()) + timedelta(days=days)
    while any(key in calendar for near in (-1, 0, 1)
              for key in day_keys((when + timedelta(days=near)).date())):
        when += timedelta(days=1)
    return when


def post_fields(**overrides):
    fields = {
        "text": "Our new bakery opens on Monday. Come and say hello!",
        "networks": ["x", "linkedin"],
        "objective": "inform",
        "planned_at": quiet_time(),
        "language": "en",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def fields():
    return post_fields


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Submit as the user does: the check starts once the transaction commits."""
    from socialgov.posts import actions

    def run(user, post):
        with django_capture_on_commit_callbacks(execute=True):
            actions.submit(user, post)
        post.refresh_from_db()
        return post

    return run


CLEAN_TEXT = "Our new bakery opens on Monday. Come and say hello!"
ERROR_TEXT = "Only a dumb reader would miss our bakery opening on Monday."


def live_url(network, number=1):
    """A live address on ``network``, on one of its own hosts."""
    from socialgov.posts.models import NETWORK_HOSTS

    host = (NETWORK_HOSTS[network] or ("mastodon.example",))[0]
    return f"https://{host}/acme/status/{number}"


def live_urls(post):
    """An address for each of the post's networks, as "Mark as published" asks."""
    return {network: live_url(network) for network in post.current_version.networks}


def reload(post):
    from socialgov.posts.models import Post

    return Post.objects.select_related("brand", "current_version", "current_check").get(
        pk=post.pk)


@pytest.fixture
def make_post(request, brand, intern, second_manager, submit):
    """The one way tests make a post: by ``author`` (the intern by default) in
    ``brand`` (Acme by default), brought to ``state`` through the real moves.

    ``text`` and other version fields override the defaults (``post_fields``).
    With ``error=True`` the text trips the banned-terms rule, so the check
    sends it back; it then reaches review only through a waiver request and
    is approved only once its errors are waived. ``reviewer`` decides (the
    second manager by default). ``reply`` (posts.replies.ReplyDetails) makes
    it answer the customer's message given as ``replying_to``.
    """
    from socialgov.brands import crisis
    from socialgov.posts import actions, system
    from socialgov.posts.models import State

    def make(state="draft", *, author=None, error=False, reviewer=None, brand=brand,
             crisis_response=False, reply=None, **overrides):
        author = author or intern
        reviewer = reviewer or second_manager
        error = error or state == "sent_back"
        if error:
            request.getfixturevalue("banned_rule")
        overrides.setdefault("text", ERROR_TEXT if error else CLEAN_TEXT)
        post = actions.create(author, brand, post_fields(**overrides),
                              crisis_response=crisis_response, reply=reply)
        if state == "draft" and not error:
            return reload(post)
        if state == "checking" and not error:
            # Not captured: in a test transaction the on-commit check never runs.
            actions.submit(author, post)
            return reload(post)
        post = submit(author, post)
        if error:
            assert post.state == State.SENT_BACK, post.state
            if state == "sent_back":
                return reload(post)
            actions.ask_waiver(author, post, "“dumb” is a quote from a customer.")
        post = reload(post)
        assert post.state == State.IN_REVIEW, post.state
        version_id = post.current_version_id
        if state == "in_review":
            pass
        elif state == "changes_requested":
            actions.request_changes(reviewer, post, version_id, "Mention the opening hours.")
        elif state in ("approved", "paused", "published"):
            for finding in reload(post).findings:
                if finding.severity == "error":
                    actions.waive(reviewer, post, finding, "A customer quote.")
            actions.approve(reviewer, post, version_id)
            if state == "paused":
                crisis.start(reviewer, post.brand, "A flood in the city.")
            elif state == "published":
                actions.publish(reviewer, reload(post), live_urls(post), early=True)
        elif state == "expired":
            planned = post.current_version.planned_at
            system.expire_overdue(now=planned + timedelta(minutes=1))
        elif state == "rejected":
            actions.reject(reviewer, post, version_id, "We do not open on Mondays.")
        elif state in ("draft", "checking"):
            # Withdrawn after the check: the version keeps its findings.
            actions.withdraw(author, post)
            if state == "checking":
                actions.submit(author, post)  # its check has not run yet
        else:
            raise AssertionError(state)
        post = reload(post)
        assert post.state == state, (post.state, state)
        return post

    return make


def available(user, post):
    """The names of the moves ``user`` can make on ``post`` now."""
    from socialgov.posts import moves

    return {move.name for move in moves.available(user, post)}


@pytest.fixture
def using_postgres():
    need(settings.USING_POSTGRES, "DATABASE_URL does not point at PostgreSQL")
