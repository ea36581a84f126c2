"""Settings for bench/pages.py's gunicorn: SocialGov's, plus the floor page."""

from socialgov.settings import *  # noqa: F403
from socialgov.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.pages_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
