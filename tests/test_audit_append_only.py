"""Issue 15: the audit table is append-only in the database, not only in the code.

Raw SQL, as someone with psql would type it, is refused (PostgreSQL by a
trigger; SQLite by triggers too, though there anyone who can write the file can
drop them). What the product itself needs still passes: a deleted post, brand,
version or person clears its key, and an erasure renames a person.
"""

import re
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.db.models import QuerySet

from socialgov.audit.events import record
from socialgov.audit.guard import pseudonymising
from socialgov.audit.models import AuditEvent
from socialgov.posts.models import Post, PostVersion
from tests.conftest import audit_table_may_be_emptied

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def event(brand, brand_admin):
    with transaction.atomic():
        return record("brand_changed", actor=brand_admin, brand=brand, fields=["name"],
                      username="brandadmin", member=brand_admin.pk)


def refused(sql, params=()):
    """Run ``sql`` in a savepoint of its own; returns the database's refusal."""
    with pytest.raises(IntegrityError) as refusal:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert "append-only" in str(refusal.value)
    return refusal.value


def test_an_update_with_sql_is_refused(event):
    refused(f"UPDATE {TABLE} SET action = 'approve' WHERE id = %s", [event.pk])
    refused(f"UPDATE {TABLE} SET created_at = '2001-01-01 00:00:00' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.action == "brand_changed"


def test_a_name_is_not_changed_with_sql_outside_an_erasure(event):
    refused(f"UPDATE {TABLE} SET actor_name = 'former-member-000000' WHERE id = %s", [event.pk])
    refused(f"UPDATE {TABLE} SET data = '{{}}' WHERE id = %s", [event.pk])


def test_a_delete_with_sql_is_refused(event):
    refused(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_key_is_cleared_only_to_null_and_alone(event, other_brand):
    refused(f"UPDATE {TABLE} SET brand_id = %s WHERE id = %s", [other_brand.pk, event.pk])
    refused(f"UPDATE {TABLE} SET brand_id = NULL, brand_name = 'x' WHERE id = %s", [event.pk])
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET brand_id = NULL WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.brand_id is None
    assert event.brand_name == "Acme"


def test_an_erasure_changes_names_and_nothing_else(event):
    with transaction.atomic():
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            with pseudonymising(), connection.cursor() as cursor:
                cursor.execute(f"UPDATE {TABLE} SET action = 'approve' WHERE id = %s",
                               [event.pk])
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            with pseudonymising(), connection.cursor() as cursor:
                # Someone else's name is no pseudonym.
                cursor.execute(f"UPDATE {TABLE} SET actor_name = 'manager' WHERE id = %s",
                               [event.pk])
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            event.data["fields"] = ["slug"]
            with pseudonymising():
                QuerySet.update(AuditEvent.objects.filter(pk=event.pk), data=event.data)
        with pseudonymising(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {TABLE} SET actor_name = 'former-member-0a0a0a' "
                           f"WHERE id = %s", [event.pk])
        # The permission ends with the block, not with the transaction.
        refused(f"UPDATE {TABLE} SET actor_name = 'former-member-1b1b1b' WHERE id = %s",
                [event.pk])
    event.refresh_from_db()
    assert event.actor_name == "former-member-0a0a0a"


def truncate_refused(table=TABLE):
    with connection.cursor() as cursor:
        # The test's transaction holds deferred checks of the rows it wrote, which
        # TRUNCATE will not run past; a real session has none.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    refused(f"TRUNCATE {table} CASCADE")


def test_truncate_is_refused(using_postgres, event):
    truncate_refused()
    truncate_refused("posts_post")  # reaches the audit table through its key
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_truncate_is_refused_after_an_erasure_too(using_postgres, event):
    with transaction.atomic(), pseudonymising():
        pass
    truncate_refused()


def _delete_draft(post):
    """What a retention purge does with a draft nobody submitted: its versions, then it."""
    Post.objects.filter(pk=post.pk).update(current_version=None)
    PostVersion.objects.filter(post=post).delete()
    Post.objects.filter(pk=post.pk).delete()


def test_deleting_a_post_keeps_its_audit_rows_with_the_post_cleared(make_post, intern):
    post = make_post("draft")
    events = list(post.audit_events.values_list("pk", flat=True))
    assert events
    with transaction.atomic():
        _delete_draft(post)
    kept = AuditEvent.objects.filter(pk__in=events)
    assert kept.count() == len(events)
    for event in kept:
        assert (event.post_id, event.version_id) == (None, None)
        assert event.action == "create"
        assert event.actor_name == "intern"
        assert event.version_number == 1


def test_deleting_a_person_keeps_their_events_by_name(brand, make_user):
    someone = make_user("someone")
    with transaction.atomic():
        event = record("brand_changed", actor=someone, brand=brand, fields=["name"])
    someone.delete()
    event.refresh_from_db()
    assert (event.actor_id, event.actor_name) == (None, "someone")


@pytest.mark.django_db(transaction=True)
def test_the_test_teardown_alone_empties_the_table(brand, brand_admin):
    with transaction.atomic():
        record("brand_changed", actor=brand_admin, brand=brand, fields=["name"])
    with pytest.raises(CommandError) as refusal:
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    assert isinstance(refusal.value.__cause__, IntegrityError)
    assert "append-only" in str(refusal.value.__cause__)
    assert AuditEvent.objects.count() == 1
    with audit_table_may_be_emptied():
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    assert AuditEvent.objects.count() == 0
    # And the permission went with it.
    with transaction.atomic():
        event = record("brand_changed", actor=None, brand=None, fields=["name"])
    refused(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        refused(f"TRUNCATE {TABLE} CASCADE")


# -- the app's role (README "Docker Compose", deploy/postgres-init/10-roles.sh) ---------

ROLES_SCRIPT = Path(__file__).resolve().parent.parent / "deploy" / "postgres-init" / "10-roles.sh"


@pytest.fixture
def as_the_app_role(using_postgres):
    """A role made as the roles script makes socialgov_app (neither superuser nor owner,
    with the script's grants on every table), taken for the rest of the test's
    transaction; the test's rollback drops it again."""
    script = ROLES_SCRIPT.read_text(encoding="utf-8")
    table_grants = re.search(r"GRANT (.*?) ON TABLES TO socialgov_app;", script)[1]
    sequence_grants = re.search(r"GRANT (.*?) ON SEQUENCES TO socialgov_app;", script)[1]
    role = f"test_app_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                       f"NOINHERIT")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(f"GRANT {table_grants} ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"GRANT {sequence_grants} ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False,)
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(f"DROP OWNED BY {role}")
        cursor.execute(f"DROP ROLE {role}")


def denied(sql):
    with pytest.raises(ProgrammingError) as refusal:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    return str(refusal.value)


def test_the_app_role_writes_events_and_cannot_change_them_nor_the_trigger(
        as_the_app_role, brand, brand_admin):
    with transaction.atomic():
        event = record("brand_changed", actor=brand_admin, brand=brand, fields=["name"])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    refused(f"UPDATE {TABLE} SET action = 'approve' WHERE id = {event.pk}")
    refused(f"DELETE FROM {TABLE} WHERE id = {event.pk}")
    with connection.cursor() as cursor:
        # Anyone may set the teardown's setting: the privilege is what it lacks.
        cursor.execute("SET LOCAL socialgov.allow_audit_truncate = 'on'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert "permission denied" in denied(f"TRUNCATE {TABLE} CASCADE")
    assert "must be owner" in denied(f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL")
    assert "must be owner" in denied(
        f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_event_append_only")
    assert "must be owner" in denied(f"DROP TRIGGER audit_event_append_only ON {TABLE}")
    assert "must be owner" in denied("DROP FUNCTION audit_event_guard()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (as_the_app_role,)
    assert AuditEvent.objects.get(pk=event.pk).action == "brand_changed"


def test_the_app_role_can_erase_a_person(as_the_app_role, brand, intern, superuser):
    from socialgov.accounts import erasure

    with transaction.atomic():
        record("brand_changed", actor=intern, brand=brand, fields=["name"])
    pseudonym = erasure.erase(superuser, intern)
    assert AuditEvent.objects.filter(actor_name=pseudonym).exists()
    assert not AuditEvent.objects.filter(actor_name="intern").exists()
