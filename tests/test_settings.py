"""The production profile passes Django's deployment checklist as it is."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Set by the browser tests for Playwright; a deployment never has it.
NOT_IN_PRODUCTION = ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


PRODUCTION = {
    "DJANGO_PROFILE": "production",
    "SECRET_KEY": "k9#Qm2!vX7@pL4$wR8^tY1&zN6*hB3(cF5)dJ0_gS-aE+uK=oI~rT|eW{qP}yU",
    "ALLOWED_HOSTS": "socialgov.example.org",
}


def test_check_deploy_under_the_production_profile_prints_no_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION)
    env["SECRET_KEY"] = ""
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment.update({k: v for k, v in env.items() if v})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_local_profile_serves_plain_http(settings):
    assert not getattr(settings, "SECURE_SSL_REDIRECT", False)
    assert not settings.SESSION_COOKIE_SECURE


def test_nothing_is_silenced(settings):
    assert not getattr(settings, "SILENCED_SYSTEM_CHECKS", [])
