"""One way to show a webhook and its deliveries (the list and the log pages)."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from socialgov.webhooks.models import TEST_EVENT, Delivery, DeliveryState, Endpoint, Event, Kind


def host(url):
    return urlsplit(url).hostname or url


@dataclass
class ShownEndpoint:
    pk: int
    url: str
    host: str
    kind: str
    events: list
    active: bool
    secret: str
    last_state: str
    last_at: datetime | None


def _last(column):
    return Subquery(Delivery.objects.filter(endpoint=OuterRef("pk"))
                    .order_by("-created_at", "-pk").values(column)[:1])


def _shown(endpoint):
    last_state = getattr(endpoint, "last_state", None)
    return ShownEndpoint(
        pk=endpoint.pk, url=endpoint.url, host=host(endpoint.url),
        kind=Kind(endpoint.kind).label, events=endpoint.event_labels, active=endpoint.active,
        secret=endpoint.secret,
        last_state=DeliveryState(last_state).label if last_state else "",
        last_at=getattr(endpoint, "last_at", None))


def endpoints(brand):
    """The brand's webhooks, each with its last delivery (one query)."""
    rows = (Endpoint.objects.filter(brand=brand)
            .annotate(last_state=_last("state"), last_at=_last("created_at")))
    return [_shown(endpoint) for endpoint in rows]


def endpoint(endpoint):
    return _shown(endpoint)


@dataclass
class ShownDelivery:
    pk: int
    uid: str
    event: str
    attempt: int
    state: str
    state_value: str
    status_code: int | None
    response_excerpt: str
    error: str
    duration_ms: int | None
    created_at: datetime
    delivered_at: datetime | None
    next_retry_at: datetime | None


def _event_label(event_type):
    if event_type == TEST_EVENT:
        return _("Test")
    return Event(event_type).label if event_type in Event.values else event_type


def deliveries(rows):
    """The attempts of a page of the log; they read no other table."""
    return [ShownDelivery(
        pk=row.pk, uid=str(row.uid), event=_event_label(row.event_type), attempt=row.attempt,
        state=DeliveryState(row.state).label, state_value=row.state,
        status_code=row.status_code, response_excerpt=row.response_excerpt, error=row.error,
        duration_ms=row.duration_ms, created_at=row.created_at, delivered_at=row.delivered_at,
        next_retry_at=row.next_retry_at,
    ) for row in rows]
