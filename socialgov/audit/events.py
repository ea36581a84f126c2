"""The one way an event is written: ``record``, inside the change's transaction."""

from django.db import transaction

from socialgov.audit import signals
from socialgov.audit.models import Action, AuditEvent


class OutsideTransaction(RuntimeError):
    """An event must commit or roll back with the change it describes."""


def record(action, *, actor=None, brand=None, post=None, version=None, from_state="",
           to_state="", **data):
    """Write the event of ``action`` and tell the receivers of ``signals.recorded``
    now and those of ``signals.committed`` once the transaction commits.

    ``data`` holds ids and values (JSON): the sentence is rendered when read.
    A post's event names the post's current version unless ``version`` is given.
    """
    if not transaction.get_connection().in_atomic_block:
        raise OutsideTransaction(f"{action} recorded outside the change's transaction")
    action = Action(action)
    if post is not None:
        brand = brand or post.brand
        version = version or post.current_version
    event = AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=action,
        brand=brand,
        brand_name=brand.name if brand is not None else "",
        post=post,
        version=version,
        version_number=version.number if version is not None else None,
        from_state=from_state,
        to_state=to_state,
        data={key: value for key, value in data.items() if value not in (None, "", [], {})},
    )
    signals.recorded.send(sender=AuditEvent, event=event)
    transaction.on_commit(lambda: signals.committed.send(sender=AuditEvent, event=event))
    return event
