"""A brand's webhooks, changed by its admins: each write is checked, made in one
transaction and recorded there as a typed event. The events name the
endpoint and its host, never its full address (a Slack address is itself a
secret) nor its secret."""

import uuid
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from socialgov.accounts.permissions import can
from socialgov.audit.events import record
from socialgov.audit.models import Action
from socialgov.lib.errors import Refused
from socialgov.webhooks import jobs, payloads, targets
from socialgov.webhooks.models import TEST_EVENT, Endpoint, Event, Kind, new_secret

FIELDS = ("url", "kind", "events", "active")


class WebhookError(Refused):
    """The change cannot be made; shown as it is."""


def _ensure_admin(user, brand):
    if not can(user, "manage", brand):
        raise PermissionDenied("webhooks: brand admins only")


def _host(url):
    return urlsplit(url).hostname or ""


def _checked(values):
    problem = targets.url_problem(values["url"])
    if problem:
        raise WebhookError(problem)
    if values["kind"] not in Kind.values:
        raise WebhookError(_("Choose a kind of webhook."))
    events = [value for value in Event.values if value in values["events"]]
    if not events:
        raise WebhookError(_("Choose at least one event."))
    return {**values, "events": events}


def add(user, brand, *, url, kind, events, active=True):
    _ensure_admin(user, brand)
    values = _checked({"url": url, "kind": kind, "events": events, "active": active})
    with transaction.atomic():
        endpoint = Endpoint.objects.create(brand=brand, created_by=user, **values)
        record(Action.WEBHOOK_ADDED, actor=user, brand=brand, webhook=endpoint.pk,
               host=_host(url), kind=kind, events=values["events"])
    return endpoint


def change(user, endpoint, **values):
    """Change the endpoint's FIELDS; returns the names of those that changed."""
    _ensure_admin(user, endpoint.brand)
    values = _checked({name: values.get(name, getattr(endpoint, name)) for name in FIELDS})
    with transaction.atomic():
        endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
        changed = [name for name in FIELDS if getattr(endpoint, name) != values[name]]
        if not changed:
            return []
        for name in changed:
            setattr(endpoint, name, values[name])
        endpoint.save(update_fields=changed)
        record(Action.WEBHOOK_CHANGED, actor=user, brand=endpoint.brand, webhook=endpoint.pk,
               host=_host(endpoint.url), fields=changed)
    return changed


def delete(user, endpoint):
    _ensure_admin(user, endpoint.brand)
    with transaction.atomic():
        record(Action.WEBHOOK_DELETED, actor=user, brand=endpoint.brand, webhook=endpoint.pk,
               host=_host(endpoint.url))
        endpoint.delete()


def renew_secret(user, endpoint):
    """A new secret: receivers must be given it, the old one signs nothing more."""
    _ensure_admin(user, endpoint.brand)
    with transaction.atomic():
        endpoint.secret = new_secret()
        endpoint.save(update_fields=["secret"])
        record(Action.WEBHOOK_SECRET_RENEWED, actor=user, brand=endpoint.brand,
               webhook=endpoint.pk, host=_host(endpoint.url))
    return endpoint.secret


def send_test(user, endpoint):
    """Queue a test delivery to the endpoint (whatever events it wants); its
    outcome appears in the endpoint's log."""
    _ensure_admin(user, endpoint.brand)
    if not endpoint.active:
        raise WebhookError(_("Turn the webhook on before sending it a test."))
    with transaction.atomic():
        uid = uuid.uuid4()
        body = payloads.test_body(endpoint.brand, user, uid)
        delivery = jobs.new_delivery(endpoint, TEST_EVENT,
                                     payloads.for_endpoint(endpoint.kind, body, endpoint.brand),
                                     uid=uid)
        delivery.save()
        record(Action.WEBHOOK_TESTED, actor=user, brand=endpoint.brand, webhook=endpoint.pk,
               host=_host(endpoint.url), delivery=str(delivery.uid))
        transaction.on_commit(lambda: jobs.dispatch(delivery.pk))
    return delivery
