"""The audit table is append-only in the database, not only in the code.

PostgreSQL: a trigger refuses DELETE, TRUNCATE and UPDATE of audit events, but
for two changes:

- a deleted post, brand, version or person clears its key (Django's
  on_delete=SET_NULL): the UPDATE sets some of actor_id, brand_id, post_id and
  version_id to NULL and changes nothing else;
- the erasure of a person, inside a transaction that says so with
  ``SET LOCAL socialgov.audit_pseudonymise = 'on'``, replaces their name by a
  pseudonym in actor_name (a "former-member-…" name only) and in the person
  keys of ``data``; no other column nor key may change.

TRUNCATE passes only when the session has ``socialgov.allow_audit_truncate``
on, which the test suite's teardown alone sets (tests/conftest.py); the
application's role is granted no TRUNCATE anyway (README, "Docker Compose").
The trigger belongs to the table's owner: the app's role, which owns nothing,
cannot drop or disable it.

SQLite has no session settings nor roles: triggers refuse the same changes,
and a row in ``audit_permit`` ("pseudonymise", "flush"), written and removed
inside the one transaction that needs it, stands for the setting. Anyone who can
write the file can drop them; they guard against mistakes, PostgreSQL enforces.

Keep the names in step with socialgov/audit/guard.py.
"""

from django.db import migrations

TABLE = "audit_auditevent"
PSEUDONYM_PREFIX = "former-member-"
PERSON_KEYS = ("username", "claimant", "email", "deciders")
CLEARED_KEYS = ("actor_id", "brand_id", "post_id", "version_id")

_person_keys_sql = ", ".join(f"'{key}'" for key in PERSON_KEYS)
_cleared_keys_sql = ", ".join(f"'{key}'" for key in CLEARED_KEYS)
_keys_only_cleared = " AND ".join(
    f"(NEW.{key} IS NOT DISTINCT FROM OLD.{key} OR NEW.{key} IS NULL)" for key in CLEARED_KEYS)

POSTGRES_FORWARD = [
    f"""
CREATE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF coalesce(current_setting('socialgov.allow_audit_truncate', true), '') = 'on' THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'audit events are append-only: TRUNCATE of % refused', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit events are append-only: DELETE of audit event % refused', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (to_jsonb(NEW) - ARRAY[{_cleared_keys_sql}, 'actor_name', 'data'])
            IS DISTINCT FROM (to_jsonb(OLD) - ARRAY[{_cleared_keys_sql}, 'actor_name', 'data'])
            OR NOT ({_keys_only_cleared}) THEN
        RAISE EXCEPTION 'audit events are append-only: UPDATE of audit event % refused (only the key of a deleted row may be cleared)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.actor_name IS DISTINCT FROM OLD.actor_name OR NEW.data IS DISTINCT FROM OLD.data THEN
        IF coalesce(current_setting('socialgov.audit_pseudonymise', true), '') <> 'on' THEN
            RAISE EXCEPTION 'audit events are append-only: UPDATE of audit event % refused (names change only in an erasure)', OLD.id
                USING ERRCODE = 'restrict_violation';
        END IF;
        IF (NEW.data - ARRAY[{_person_keys_sql}]) IS DISTINCT FROM
                (OLD.data - ARRAY[{_person_keys_sql}])
                OR (NEW.actor_name IS DISTINCT FROM OLD.actor_name
                    AND NEW.actor_name NOT LIKE '{PSEUDONYM_PREFIX}%') THEN
            RAISE EXCEPTION 'audit events are append-only: an erasure changes names only (audit event %)', OLD.id
                USING ERRCODE = 'restrict_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
""",
    f"""CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_event_guard();""",
    f"""CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_guard();""",
]

POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE};",
    f"DROP TRIGGER IF EXISTS audit_event_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS audit_event_guard();",
]

_sqlite_columns_unchanged = " AND ".join(
    f"NEW.{column} IS OLD.{column}"
    for column in ("id", "created_at", "action", "brand_name", "version_number", "from_state",
                   "to_state"))
_sqlite_keys_only_cleared = " AND ".join(
    f"(NEW.{key} IS OLD.{key} OR NEW.{key} IS NULL)" for key in CLEARED_KEYS)
_sqlite_data_person_keys_removed = "json_remove({row}.data, " + ", ".join(
    f"'$.{key}'" for key in PERSON_KEYS) + ")"

SQLITE_FORWARD = [
    "CREATE TABLE audit_permit (kind varchar(20) NOT NULL PRIMARY KEY);",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {TABLE}
        WHEN NOT EXISTS (SELECT 1 FROM audit_permit WHERE kind = 'flush')
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;""",
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {TABLE}
        WHEN NOT ({_sqlite_columns_unchanged} AND {_sqlite_keys_only_cleared})
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused (only the key of a deleted row may be cleared)'); END;""",
    f"""CREATE TRIGGER audit_event_names_only_in_erasure BEFORE UPDATE ON {TABLE}
        WHEN (NEW.actor_name IS NOT OLD.actor_name OR NEW.data IS NOT OLD.data)
        AND NOT (EXISTS (SELECT 1 FROM audit_permit WHERE kind = 'pseudonymise')
                 AND {_sqlite_data_person_keys_removed.format(row="NEW")}
                     IS {_sqlite_data_person_keys_removed.format(row="OLD")}
                 AND (NEW.actor_name IS OLD.actor_name
                      OR NEW.actor_name LIKE '{PSEUDONYM_PREFIX}%'))
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused (names change only in an erasure)'); END;""",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_names_only_in_erasure;",
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
    "DROP TABLE IF EXISTS audit_permit;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0005_person_erased"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
