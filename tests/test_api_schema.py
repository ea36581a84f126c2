"""Property-based calls of every operation of the API's OpenAPI schema
(Schemathesis): whatever the schema allows, and much it does not, the API
answers without a server error, and its answers match the schema.

The calls go to the WSGI application in this process, on the test database,
with a token of the posts' author (a drafter) and of an approver; each call
runs in a savepoint rolled back afterwards, so every example meets the same
posts. The default run stays small; ``make stress`` runs many more examples.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from socialgov.accounts.models import Role
from socialgov.api import tokens
from socialgov.wsgi import application

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "8"))
STRESS_EXAMPLES = int(os.environ.get("API_FUZZ_STRESS_EXAMPLES", "300"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

# The schema as served (no database needed to make it).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def secrets(settings, make_post, intern, manager, brand):
    """Tokens of the posts' author and of an approver, over posts in each
    state a token can move (the ids the fuzz finds: 1 to a few)."""
    settings.API_REQUESTS_PER_MINUTE = 1_000_000
    for state in ("draft", "sent_back", "in_review", "approved", "published"):
        make_post(state)
    return [tokens.make(intern, brand, name="Fuzz", role=Role.DRAFTER)[1],
            tokens.make(manager, brand, name="Fuzz", role=Role.APPROVER)[1]]


@pytest.fixture
def wsgi_keeps_the_test_connection():
    # As Django's test client does: the request's end must not close the
    # connection holding the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _call(case, secrets):
    for secret in secrets:
        with transaction.atomic():
            case.call_and_validate(headers={"Authorization": f"Bearer {secret}"},
                                   checks=CHECKS)
            transaction.set_rollback(True)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_error_and_answers_match_the_schema(case, secrets,
                                                      wsgi_keeps_the_test_connection):
    _call(case, secrets)


@pytest.mark.stress
@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=STRESS_EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_error_in_a_long_run(case, secrets, wsgi_keeps_the_test_connection):
    _call(case, secrets)
