"""Erasure of a person (Québec's Law 25): their personal data goes, the history stays.

The account is kept, emptied, so every post, version, decision and comment of
theirs still points at someone: its username becomes a pseudonym
("former-member-7f3a9c", shown as "former member 7f3a9c" / "ex-membre 7f3a9c"),
its e-mail address, names and password go (the password unusable), it is
deactivated with all its memberships, and its sessions end. Their comments keep
their text under the pseudonym. In the audit, every event that names them names
the pseudonym instead (socialgov/audit/erasure.py); the erasure itself is an
event (``person_erased``) that holds ids and the pseudonym only.

Deleting a user in the Django admin erases them this way (socialgov/accounts/admin.py):
a person who wrote, decided or commented cannot be deleted without deleting
that history (those keys are PROTECT), and an emptied account keeps it readable.

Other apps forget what they keep of the person when they hear the event
(``socialgov.audit.signals.recorded``), in the same transaction: the brand
rules' history renames them, approval paths are worked out again.
"""

import re
import secrets

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.accounts.models import Absence, Invitation
from socialgov.accounts.permissions import forget_roles
from socialgov.accounts.sessions import end_sessions
from socialgov.audit import erasure as audit_erasure
from socialgov.audit.events import record
from socialgov.audit.guard import PSEUDONYM_PREFIX
from socialgov.audit.models import Action
from socialgov.lib.errors import Refused

PSEUDONYM = re.compile(rf"^{re.escape(PSEUDONYM_PREFIX)}(?P<code>[0-9a-f]+)$")
# An erased person's invitations keep an address (the field is required) that
# reaches nobody: .invalid is reserved for that (RFC 2606).
ERASED_ADDRESS_DOMAIN = "erased.invalid"


class ErasureError(Refused):
    """An erasure that cannot be made; its message is shown as it is."""


def is_pseudonym(name):
    return bool(PSEUDONYM.match(name or ""))


def shown_name(name):
    """A username as a person reads it: a pseudonym in their language."""
    found = PSEUDONYM.match(name or "")
    if found is None:
        return name
    return _("former member %(code)s") % {"code": found["code"]}


def is_erased(user):
    return is_pseudonym(user.get_username())


def _new_pseudonym(users):
    while True:
        pseudonym = f"{PSEUDONYM_PREFIX}{secrets.token_hex(3)}"
        if not users.filter(username=pseudonym).exists():
            return pseudonym


def _forget_login_attempts(username):
    # Axes keeps the username, the address and the browser of failed logins.
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()


def erase(actor, person):
    """Erase ``person``'s personal data; ``actor`` (None from the command line
    without --by) is who asked. Returns the pseudonym. Erasing someone already
    erased is refused, and so is erasing oneself (another administrator does it,
    so the event names someone else)."""
    users = get_user_model().objects
    if actor is not None and actor.pk == person.pk:
        raise ErasureError(_("You cannot erase yourself: ask another administrator."))
    with transaction.atomic():
        person = users.select_for_update().get(pk=person.pk)
        if is_erased(person):
            raise ErasureError(_("%(name)s is already erased.")
                               % {"name": shown_name(person.get_username())})
        pseudonym = _new_pseudonym(users)
        invitations = Invitation.objects.filter(accepted_by=person)
        emails = {person.email, *invitations.values_list("email", flat=True)}
        events = audit_erasure.pseudonymise(person.pk, names={person.get_username()},
                                            emails=emails, pseudonym=pseudonym)
        brands = sorted(set(person.memberships.values_list("brand_id", flat=True)))
        person.memberships.filter(is_active=True).update(
            is_active=False, deactivated_at=timezone.now(), deactivated_by=actor)
        address = f"{pseudonym}@{ERASED_ADDRESS_DOMAIN}"
        addressed = Q(pk__in=invitations.values("pk"))
        for email in filter(None, emails):
            addressed |= Q(email__iexact=email)
        Invitation.objects.filter(addressed).update(email=address)
        Absence.objects.filter(user=person).delete()
        _forget_login_attempts(person.get_username())
        person.review_groups.clear()
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(person),
                                object_id=str(person.pk)).update(object_repr=pseudonym)
        person.username = pseudonym
        person.email = ""
        person.first_name = person.last_name = ""
        person.set_unusable_password()
        person.is_active = person.is_staff = person.is_superuser = False
        person.save()
        person.groups.clear()
        person.user_permissions.clear()
        sessions = end_sessions(person)
        record(Action.PERSON_ERASED, actor=actor, member=person.pk, pseudonym=pseudonym,
               brands=brands, events=events, sessions=sessions)
    forget_roles(person)
    return pseudonym
