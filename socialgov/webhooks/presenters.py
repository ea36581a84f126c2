"""One way to show a webhook and its deliveries (the list and the log pages, the
messages and questions that name a webhook)."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from socialgov.webhooks import problems
from socialgov.webhooks.models import TEST_EVENT, Delivery, DeliveryState, Endpoint, Event, Kind

# How much of an address's path names it: enough to tell /hook from /slack, not a
# whole Slack address (whose end is its secret).
PATH_SHOWN = 30
POST_EXCERPT_CHARACTERS = 60


def name(url):
    """How a webhook is named wherever it is: its host (and port when one is typed)
    and the start of its path, without the query."""
    parts = urlsplit(url)
    try:
        where = parts.hostname + (f":{parts.port}" if parts.port else "")
    except (TypeError, ValueError):
        return url
    path = parts.path.rstrip("/")
    if len(path) > PATH_SHOWN:
        path = path[:PATH_SHOWN - 1] + "…"
    return where + path


@dataclass
class ShownEndpoint:
    pk: int
    url: str
    name: str
    kind: str
    is_slack: bool
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
        pk=endpoint.pk, url=endpoint.url, name=name(endpoint.url),
        kind=Kind(endpoint.kind).label, is_slack=endpoint.kind == Kind.SLACK,
        events=endpoint.event_labels, active=endpoint.active, secret=endpoint.secret,
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
    error: str  # the sentence, in the reader's language
    error_detail: str  # the technical text behind it, when there is one
    post_pk: int | None
    post_url: str
    post_excerpt: str
    duration_ms: int | None
    created_at: datetime
    delivered_at: datetime | None
    next_retry_at: datetime | None


def _event_label(event_type):
    if event_type == TEST_EVENT:
        return _("Test")
    return Event(event_type).label if event_type in Event.values else event_type


def _excerpt(text):
    text = " ".join(text.split())
    if len(text) > POST_EXCERPT_CHARACTERS:
        text = text[:POST_EXCERPT_CHARACTERS - 1] + "…"
    return text


def log_rows(endpoint):
    """The endpoint's attempts, newest first, with the posts they were about (read
    in the same query: see ``deliveries``)."""
    return (endpoint.deliveries.select_related("event__post__current_version")
            .order_by("-created_at", "-pk"))


def _post(row):
    post = row.event.post if row.event is not None else None
    if post is None:
        return None, "", ""
    version = post.current_version
    return post.pk, post.get_absolute_url(), _excerpt(version.text) if version else ""


def _error(row):
    if row.error_code:
        return problems.sentence(row.error_code, row.error_params), row.error
    return row.error, ""  # an attempt logged before the codes: its text as it was


def deliveries(rows):
    """The attempts of a page of the log (``log_rows``): what each was about and
    why it failed, in the reader's language."""
    shown = []
    for row in rows:
        error, detail = _error(row)
        post_pk, post_url, post_excerpt = _post(row)
        shown.append(ShownDelivery(
            pk=row.pk, uid=str(row.uid), event=_event_label(row.event_type),
            attempt=row.attempt, state=DeliveryState(row.state).label, state_value=row.state,
            status_code=row.status_code, response_excerpt=row.response_excerpt, error=error,
            error_detail=detail, post_pk=post_pk, post_url=post_url, post_excerpt=post_excerpt,
            duration_ms=row.duration_ms, created_at=row.created_at,
            delivered_at=row.delivered_at, next_retry_at=row.next_retry_at))
    return shown


def added_message(endpoint):
    if endpoint.kind == Kind.SLACK:
        return _("Webhook added. It receives a short message for each event chosen; "
                 "“Send test” checks the address.")
    return _("Webhook added. Give its receiver the secret below to verify each request.")


def new_secret_message(endpoint):
    if endpoint.kind == Kind.SLACK:
        return _("New secret made: the old one no longer signs anything.")
    return _("New secret made: give it to the receiver, the old one no longer signs "
             "anything.")
