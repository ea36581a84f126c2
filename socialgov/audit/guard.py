"""How code says to the database that it may change audit rows (migration
0006_append_only, which holds the trigger and its reasons).

Only an erasure may: inside its transaction, ``pseudonymising()`` lets the
names of a person be replaced (PostgreSQL: ``SET LOCAL
socialgov.audit_pseudonymise``; SQLite: a row of ``audit_permit`` that lives
and dies inside the transaction). Keep the names in step with the migration.
"""

from contextlib import contextmanager

from django.db import connection, transaction

PSEUDONYMISE_SETTING = "socialgov.audit_pseudonymise"
# Set by the test suite's teardown alone (tests/conftest.py), before it empties the tables.
TRUNCATE_SETTING = "socialgov.allow_audit_truncate"
# An erased person's username, and their name in every audit row; the trigger lets
# actor_name change to nothing else.
PSEUDONYM_PREFIX = "former-member-"
# The keys of an event's data that hold a person's name or address.
PERSON_KEYS = ("username", "claimant", "email", "deciders")


@contextmanager
def pseudonymising():
    """Audit rows may have their person names rewritten until the block ends; only
    inside the erasure's transaction."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("pseudonymising outside a transaction")
    _permit("on")
    try:
        yield
    except BaseException:
        # A refused statement aborts a PostgreSQL transaction, and Django marks the
        # block for rollback after a failed query: the rollback that follows undoes
        # SET LOCAL (or the SQLite row). Anything else backs off here.
        if not (connection.needs_rollback or _aborted()):
            _permit("off")
        raise
    # Back off at once, not at commit: nothing later in the transaction inherits it.
    _permit("off")


def _permit(state):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, %s, true)", [PSEUDONYMISE_SETTING, state])
        elif connection.vendor == "sqlite":
            if state == "on":
                cursor.execute("INSERT INTO audit_permit (kind) VALUES ('pseudonymise')")
            else:
                cursor.execute("DELETE FROM audit_permit WHERE kind = 'pseudonymise'")


def _aborted():
    if connection.vendor != "postgresql":
        return False
    from psycopg import pq

    return connection.connection.info.transaction_status == pq.TransactionStatus.INERROR
