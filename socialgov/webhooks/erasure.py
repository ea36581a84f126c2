"""Law 25: the delivery log keeps each body sent (``Delivery.body``), and a signed JSON
body names who made the move (``actor``). When a person is erased
(socialgov/accounts/erasure.py), their name in the bodies of the moves they made and of
the tests they sent becomes their pseudonym, inside the erasure's transaction, as in the
audit events. Their name typed in a post's text stays, as it does in the post."""

import json

from django.db.models import Q

from socialgov.audit.models import Action, AuditEvent
from socialgov.webhooks import jobs, payloads
from socialgov.webhooks.models import Delivery


def on_recorded(sender, event, **kwargs):
    if event.action == Action.PERSON_ERASED:
        pseudonymise(event.data["member"], event.data["pseudonym"])


def pseudonymise(person_id, pseudonym):
    """Write ``pseudonym`` as the actor of the logged bodies that name the person of
    id ``person_id``; returns how many changed."""
    tests = AuditEvent.objects.filter(action=Action.WEBHOOK_TESTED, actor_id=person_id)
    sent = [uid for uid in (event.data.get("delivery") for event in tests.only("data")) if uid]
    changed = []
    for delivery in Delivery.objects.filter(Q(event__actor_id=person_id) | Q(uid__in=sent)):
        try:
            body = json.loads(delivery.body)
        except ValueError:
            continue
        if not isinstance(body, dict) or body.get("actor") in (None, pseudonym):
            continue  # a Slack notice names nobody
        body["actor"] = pseudonym
        delivery.body = payloads.encode(body)
        delivery.body_sha256 = jobs.digest(delivery.body)
        changed.append(delivery)
    Delivery.objects.bulk_update(changed, ["body", "body_sha256"])
    return len(changed)
