"""Notices as people read them, on the notifications page, in an e-mail and in
a digest: each told in one language, from its event (the event's own sentence
comes from socialgov/posts/history.py, as on the post's page).

What the notices name is read once for all of them (events' lookups, the
comments they quote), whatever their number.
"""

from dataclasses import dataclass, field

from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from socialgov.accounts.erasure import shown_name
from socialgov.audit.models import Action
from socialgov.notify.kinds import Kind
from socialgov.posts.history import telling
from socialgov.posts.models import Comment

EXCERPT = 80
QUOTE = 300
COMMENT_ACTIONS = {Action.COMMENT_ADDED, Action.COMMENT_REPLIED}


@dataclass
class Told:
    notice: object
    headline: str
    who: str
    sentence: str
    brand_name: str
    excerpt: str = ""
    details: list = field(default_factory=list)

    @property
    def unread(self):
        return self.notice.read_at is None

    @property
    def summary(self):
        """Who did what, as one sentence: "manager approved the post"."""
        return f"{self.who} {self.sentence}".strip()


def _shorten(text, limit):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _planned(event, brand):
    moment = parse_datetime(event.data.get("expires_at", ""))
    if moment is None:
        return "?"
    if brand is not None:
        moment = moment.astimezone(brand.tz)
    return date_format(moment, "SHORT_DATETIME_FORMAT")


def headline(notice, event):
    """What the notice is about, in a line: the page's title of the notice and
    the e-mail's subject."""
    kind = notice.kind
    number = event.post_id
    action = event.action
    values = {"number": number, "brand": event.brand_name, "name": shown_name(event.actor_name)}
    if kind == Kind.DECISION:
        if action == Action.REJECT:
            return _("Your post #%(number)s is rejected") % values
        if action == Action.REQUEST_CHANGES:
            return _("Changes are requested on your post #%(number)s") % values
        if action == Action.APPROVAL_CARRIED:
            return _("Your post #%(number)s keeps its approval") % values
        return _("Your post #%(number)s is approved") % values
    if kind == Kind.CRISIS:
        if action == Action.CRISIS_ENDED:
            return _("Crisis mode ended for %(brand)s") % values
        return _("Crisis mode started for %(brand)s") % values
    if kind == Kind.EXPIRING:
        values["time"] = _planned(event, notice.brand)
        return _("Post #%(number)s expires at %(time)s unless it is approved by then") % values
    if kind == Kind.MENTION:
        return _("%(name)s mentions you on post #%(number)s") % values
    if kind == Kind.COMMENT:
        if action == Action.COMMENT_REPLIED:
            return _("%(name)s replied on post #%(number)s") % values
        return _("%(name)s commented on post #%(number)s") % values
    lines = {
        Kind.SUBMITTED: _("Post #%(number)s waits on a step you can decide"),
        Kind.REMINDER: _("Reminder: post #%(number)s still waits on a step you can decide"),
        Kind.SENT_BACK: _("The check sent your post #%(number)s back"),
        Kind.WAIVER_ASKED: _("%(name)s asks for a waiver on post #%(number)s"),
        Kind.WAIVER_GRANTED: _("A waiver is granted on your post #%(number)s"),
        Kind.PULLED_BACK: _("Post #%(number)s is pulled back by a re-check"),
    }
    return lines.get(kind, _("Post #%(number)s")) % values


def present(notices, language):
    """``notices`` (with their event, brand and post's current version at hand)
    told in ``language``, in the same order."""
    notices = list(notices)
    events = list({notice.event_id: notice.event for notice in notices}.values())
    comment_ids = {event.data.get("comment") for event in events
                   if event.action in COMMENT_ACTIONS}
    comment_ids.discard(None)
    bodies = dict(Comment.objects.filter(pk__in=comment_ids).values_list("pk", "body")) \
        if comment_ids else {}
    with override(language):
        rows = dict(zip((event.pk for event in events), telling(events)(language), strict=True))
        return [_told(notice, rows[notice.event_id], bodies) for notice in notices]


def _told(notice, row, bodies):
    event = notice.event
    post = notice.post
    version = post.current_version if post is not None else None
    details = list(row.details)
    if event.action in COMMENT_ACTIONS and event.data.get("comment") in bodies:
        details = [_shorten(bodies[event.data["comment"]], QUOTE)]
    elif event.action in (Action.CRISIS_STARTED, Action.CRISIS_ENDED):
        details = [event.data.get("reason", "")]
    return Told(
        notice=notice,
        headline=headline(notice, event),
        who=row.actor,
        sentence=row.sentence,
        brand_name=notice.brand.name if notice.brand_id else event.brand_name,
        excerpt=_shorten(version.text, EXCERPT) if version is not None else "",
        details=[detail for detail in details if detail],
    )
