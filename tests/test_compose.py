"""Deployment wiring: docker-compose.yml, Makefile and the CI entry point.

Docker does not have to be available: these tests read the files the way
`docker compose` would and check the product rules we rely on.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "scheduler")

# ${VAR:-default} / ${VAR-default} / ${VAR} as understood by compose.
_INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?::?-(?P<default>[^}]*))?\}")


def interpolate(value, env=None):
    """Resolve compose variables as with an empty shell environment."""
    env = env or {}
    return _INTERPOLATION.sub(lambda m: env.get(m["name"]) or (m["default"] or ""), str(value))


def as_text(command):
    return command if isinstance(command, str) else " ".join(command)


@pytest.fixture(scope="module")
def compose():
    with open(REPO / "docker-compose.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def test_the_stack_is_web_worker_scheduler_postgres_and_redis(services):
    assert {"migrate", "web", "worker", "scheduler", "db", "redis"} <= set(services)
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")


@pytest.mark.parametrize("name", ["web", "worker", "scheduler", "db", "redis"])
def test_each_long_running_service_reports_its_health(services, name):
    healthcheck = services[name].get("healthcheck")
    assert healthcheck, f"{name} has no healthcheck"
    assert not healthcheck.get("disable", False)
    assert healthcheck.get("test")


def test_web_is_healthy_only_when_healthz_answers(services):
    probe = as_text(services["web"]["healthcheck"]["test"])
    assert "/healthz" in probe
    # python:3.11-slim has no curl/wget: the probe must use Python.
    assert "python" in probe


def test_workers_can_be_scaled_because_no_container_has_a_fixed_name(services):
    named = [name for name, svc in services.items() if "container_name" in svc]
    assert named == []


def test_workers_can_be_scaled_because_only_web_publishes_a_host_port(services):
    for name in ("worker", "scheduler"):
        assert not services[name].get("ports"), f"{name} must not bind a host port"
    assert services["web"].get("ports")


def test_web_worker_and_scheduler_run_one_image_with_one_configuration(services):
    web = services["web"]
    assert web.get("build") or web.get("image")
    for name in ("worker", "scheduler"):
        svc = services[name]
        assert svc.get("build") == web.get("build"), name
        assert svc.get("image") == web.get("image"), name
        assert svc.get("environment") == web.get("environment"), name


def test_app_containers_use_the_compose_postgres_and_redis(services):
    env = {k: interpolate(v) for k, v in services["web"]["environment"].items()}
    database = urlsplit(env["DATABASE_URL"])
    assert database.scheme in ("postgres", "postgresql")
    assert database.hostname == "db"
    redis_url = urlsplit(env["REDIS_URL"])
    assert redis_url.scheme == "redis"
    assert redis_url.hostname == "redis"


def database_url(service):
    return urlsplit(interpolate(service["environment"]["DATABASE_URL"]))


def test_database_credentials_match_the_postgres_service(services):
    db_env = {k: interpolate(v) for k, v in services["db"]["environment"].items()}
    for name in ("migrate", *APP_SERVICES):
        assert database_url(services[name]).path.lstrip("/") == db_env["POSTGRES_DB"], name
    owner = database_url(services["migrate"])
    assert (owner.username, owner.password) == ("socialgov", db_env["SOCIALGOV_OWNER_PASSWORD"])
    app = database_url(services["web"])
    assert (app.username, app.password) == ("socialgov_app", db_env["SOCIALGOV_APP_PASSWORD"])


def test_the_app_connects_as_neither_the_superuser_nor_the_tables_owner(services):
    """Issue 15: the audit table's trigger holds only against a role that cannot
    drop or disable it."""
    db_env = {k: interpolate(v) for k, v in services["db"]["environment"].items()}
    owner = database_url(services["migrate"]).username
    for name in APP_SERVICES:
        user = database_url(services[name]).username
        assert user not in (db_env["POSTGRES_USER"], owner, "postgres"), name


def test_the_roles_script_makes_the_app_role_a_plain_one_with_row_grants(services):
    mounts = [v for v in services["db"]["volumes"] if isinstance(v, str)]
    assert "./deploy/postgres-init:/docker-entrypoint-initdb.d:ro" in mounts
    script = (REPO / "deploy" / "postgres-init" / "10-roles.sh").read_text(encoding="utf-8")
    assert os.access(REPO / "deploy" / "postgres-init" / "10-roles.sh", os.X_OK)
    app = database_url(services["web"]).username
    owner = database_url(services["migrate"]).username
    created = re.search(rf"CREATE ROLE {app} (.*?);", script, re.S)[1]
    assert "NOSUPERUSER" in created and "NOCREATEROLE" in created and "NOCREATEDB" in created
    assert re.search(rf"CREATE ROLE {owner} [^;]*NOSUPERUSER", script)
    assert f"ALTER DATABASE :\"DBNAME\" OWNER TO {owner};" in script
    grant = re.search(rf"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public\s+"
                      rf"GRANT (.*?) ON TABLES TO {app};", script)
    assert grant and grant[1] == "SELECT, INSERT, UPDATE, DELETE"  # no TRUNCATE
    # The database answers healthy only once the script has run (over TCP).
    assert "-h 127.0.0.1" in as_text(services["db"]["healthcheck"]["test"])


def test_compose_runs_plain_http_with_a_secret_key_that_can_be_overridden(services):
    env = services["web"]["environment"]
    assert env["DJANGO_PROFILE"] == "local"
    assert "${SECRET_KEY" in env["SECRET_KEY"]
    assert interpolate(env["SECRET_KEY"])  # a default exists
    assert interpolate(env["SECRET_KEY"], {"SECRET_KEY": "s3cret"}) == "s3cret"


def test_postgres_data_survives_restarts_on_a_named_volume(compose, services):
    volumes = services["db"].get("volumes", [])
    named = [v.split(":", 1)[0] for v in volumes if isinstance(v, str)]
    assert any(name in (compose.get("volumes") or {}) for name in named)


def test_worker_runs_the_checks_queue_with_the_rq_scheduler(services):
    command = as_text(services["worker"]["command"])
    assert "rqworker" in command
    assert "checks" in command.split()
    assert "--with-scheduler" in command


def test_checks_are_handed_to_the_rq_workers_not_run_inside_web(services):
    flag = str(services["web"]["environment"].get("CHECKS_ASYNC", "")).lower()
    assert flag in ("1", "true", "yes", "on")


def test_scheduler_runs_the_reconciler_loop(services):
    assert "run_scheduler" in as_text(services["scheduler"]["command"])


def test_scheduler_is_healthy_only_while_the_reconciler_records_recent_runs(services):
    from socialgov.posts.pipeline import LAST_RUN_KEY

    probe = as_text(services["scheduler"]["healthcheck"]["test"])
    assert "python" in probe
    assert LAST_RUN_KEY in probe
    assert "RECONCILE_INTERVAL" in probe


def test_web_is_served_by_gunicorn_after_migrating(services):
    command = as_text(services["web"]["command"])
    assert "gunicorn" in command
    assert "socialgov.wsgi" in command
    # The migrations run once, as the owner, and web waits for them.
    migrate = services["migrate"]
    assert as_text(migrate["command"]).endswith("manage.py migrate --noinput")
    assert migrate["restart"] == "no"
    assert migrate["image"] == services["web"]["image"]
    assert services["web"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"}
    assert "migrate" not in command


def test_app_services_start_only_once_their_dependencies_are_healthy(services):
    for name in APP_SERVICES:
        depends_on = services[name].get("depends_on")
        assert isinstance(depends_on, dict), f"{name}: use the long depends_on form"
        assert {"db", "redis"} <= set(depends_on), name
        for dependency, spec in depends_on.items():
            expected = ("service_completed_successfully" if dependency == "migrate"
                        else "service_healthy")
            assert spec.get("condition") == expected, (name, dependency)


def test_dockerfile_builds_a_non_root_gunicorn_image():
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    assert "collectstatic" in dockerfile
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r"^CMD .*gunicorn", dockerfile, re.M)


def test_make_run_and_make_test_are_the_two_entry_points():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w.-]+)\s*:(?!=)", makefile, re.M))
    assert {"run", "test", "stress", "lint", "messages", "clean", ".venv"} <= targets


def test_ci_entry_point_is_an_executable_strict_bash_script():
    script = REPO / ".ci" / "run"
    assert script.is_file()
    assert os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash") or text.startswith("#!/bin/bash")
    assert "set -euo pipefail" in text
    assert "make test" in text


def test_run_all_helper_is_executable():
    assert os.access(REPO / "bin" / "run-all", os.X_OK)
