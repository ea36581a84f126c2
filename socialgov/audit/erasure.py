"""The audit rows' side of erasing a person (socialgov/accounts/erasure.py): their
name becomes a pseudonym in every event, and nothing else changes.

An event names a person as its actor (``actor``, ``actor_name``) and in its data:
a member's ``username`` (with their id in ``member``), a ``claimant``, the
``deciders`` whose approval carried, an invitation's ``email``. The text people
typed (reasons, notes) is kept as written.
"""

from django.db import models
from django.db.models import Q

from socialgov.audit.guard import PERSON_KEYS, pseudonymising
from socialgov.audit.models import AuditEvent


def _renamed(value, names, emails, pseudonym):
    if isinstance(value, list):
        return [_renamed(item, names, emails, pseudonym) for item in value]
    if isinstance(value, str) and (value in names or value.lower() in emails):
        return pseudonym
    return value


def _renamed_data(data, person_id, names, emails, pseudonym):
    renamed = dict(data)
    for key in PERSON_KEYS:
        if key not in renamed:
            continue
        if key == "username" and renamed.get("member") == person_id:
            renamed[key] = pseudonym
        else:
            renamed[key] = _renamed(renamed[key], names, emails, pseudonym)
    return renamed


def pseudonymise(person_id, *, names, emails, pseudonym):
    """Write ``pseudonym`` for the person of id ``person_id`` (known by ``names``
    and ``emails``) in every audit event that names them; returns how many
    events changed. Inside the erasure's transaction."""
    names = {name for name in names if name}
    emails = {email.lower() for email in emails if email}
    naming = (Q(actor_id=person_id) | Q(actor__isnull=True, actor_name__in=names)
              | Q(data__member=person_id) | Q(data__has_key="claimant")
              | Q(data__has_key="deciders") | Q(data__has_key="email"))
    changed = 0
    with pseudonymising():
        rows = AuditEvent.objects.filter(naming).only("pk", "actor_id", "actor_name", "data")
        for event in rows.order_by("pk").iterator():
            actor_name = event.actor_name
            if event.actor_id == person_id or (event.actor_id is None and actor_name in names):
                actor_name = pseudonym
            data = _renamed_data(event.data, person_id, names, emails, pseudonym)
            if actor_name == event.actor_name and data == event.data:
                continue
            # The one UPDATE of an event's own columns (AuditQuerySet.update refuses
            # any other); the database checks that only names changed.
            models.QuerySet.update(AuditEvent.objects.filter(pk=event.pk),
                                   actor_name=actor_name, data=data)
            changed += 1
    return changed
