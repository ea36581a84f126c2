"""What a receiver is sent: the JSON of an event, or a Slack-compatible notice.

The JSON body:
``{id, type, occurred_at, brand: {slug, name}, post: {id, state, url, text,
networks, objective, planned_at}, actor}`` (``post`` is null in a test
delivery; ``actor`` is the username of who made the move, null for
SocialGov's own moves such as the check).

A Slack-compatible notice is ``{"text": ...}`` in mrkdwn, in the brand's
default language, with a link to the post (and, for a post waiting for
review, to the review queue and how many posts wait there).
"""

import datetime
import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socialgov.posts.models import Post, State
from socialgov.webhooks.models import TEST_EVENT, Event, Kind

EXCERPT_CHARACTERS = 100


def _site(path):
    return settings.SITE_URL.rstrip("/") + path


def _instant(moment):
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z") if moment else None


def _post(post, event):
    version = event.version or post.current_version
    return {
        "id": post.pk,
        "state": event.to_state or post.state,
        "url": _site(post.get_absolute_url()),
        "text": version.text if version else "",
        "networks": list(version.networks) if version else [],
        "objective": version.objective if version else "",
        "planned_at": _instant(version.planned_at) if version else None,
    }


def _brand(brand):
    return {"slug": brand.slug, "name": brand.name}


def event_body(event, event_type):
    """The JSON body of ``event`` (an AuditEvent of a post, with its brand)."""
    return {
        "id": str(event.pk),
        "type": event_type,
        "occurred_at": _instant(event.created_at),
        "brand": _brand(event.brand),
        "post": _post(event.post, event) if event.post is not None else None,
        "actor": event.actor_name or None,
    }


def test_body(brand, actor, test_id):
    return {
        "id": f"test-{test_id}",
        "type": TEST_EVENT,
        "occurred_at": _instant(timezone.now()),
        "brand": _brand(brand),
        "post": None,
        "actor": actor.get_username() if actor is not None else None,
    }


def _mrkdwn(text):
    """``text`` safe inside a Slack message: its three control characters escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _excerpt(text):
    text = " ".join(text.split())
    if len(text) > EXCERPT_CHARACTERS:
        text = text[:EXCERPT_CHARACTERS - 1] + "…"
    return _mrkdwn(text)


def slack_text(body, waiting=None):
    """The notice of ``body`` (an event_body or test_body) in the active language."""
    brand = f"*{_mrkdwn(body['brand']['name'])}*"
    post = body["post"]
    if post is None:
        return _("Test notice from SocialGov for %(brand)s: this address receives its notices.") % {
            "brand": brand}
    link = f"<{post['url']}|{_excerpt(post['text']) or post['id']}>"
    if body["type"] == Event.SUBMITTED:
        queue = f"<{_site(reverse('posts:review_queue'))}|" + _("review queue") + ">"
        return _("New post waiting for review on %(brand)s: %(post)s (%(count)s in the "
                 "%(queue)s)") % {"brand": brand, "post": link, "count": waiting, "queue": queue}
    sentences = {
        Event.APPROVED: _("Post approved on %(brand)s: %(post)s"),
        Event.REJECTED: _("Post rejected on %(brand)s: %(post)s"),
        Event.PAUSED: _("Post paused on %(brand)s: %(post)s"),
        Event.PUBLISHED: _("Post published on %(brand)s: %(post)s"),
    }
    return sentences[body["type"]] % {"brand": brand, "post": link}


def encode(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def for_endpoint(kind, body, brand):
    """The text sent to an endpoint of ``kind``: the JSON body, or a Slack notice of
    it in the brand's default language."""
    if kind != Kind.SLACK:
        return encode(body)
    waiting = None
    if body["type"] == Event.SUBMITTED:
        waiting = Post.objects.filter(brand=brand, state=State.IN_REVIEW).count()
    with translation.override(brand.default_language):
        return encode({"text": slack_text(body, waiting)})
