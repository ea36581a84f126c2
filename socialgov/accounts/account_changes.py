"""What the Django admin's page of a person changes that matters to access: the
audit records it, and an account closed there loses its sessions at once (as a
deactivation on the members page does)."""

from socialgov.accounts.sessions import end_sessions
from socialgov.audit.events import record
from socialgov.audit.models import Action

# The fields of Django's user page that give or take away access, or rename.
WATCHED = ("username", "is_active", "is_staff", "is_superuser", "groups", "user_permissions")
FLAGS = ("is_active", "is_staff", "is_superuser")


def changed_in_admin(actor, person, changed_fields):
    """Record the change the admin just saved (inside its transaction); returns
    the event, or None when nothing watched changed."""
    changed = [field for field in WATCHED if field in changed_fields]
    if not changed:
        return None
    event = record(Action.ACCOUNT_CHANGED, actor=actor, member=person.pk, fields=changed,
                   **{flag: getattr(person, flag) for flag in FLAGS if flag in changed})
    if "is_active" in changed and not person.is_active:
        end_sessions(person)
    return event
