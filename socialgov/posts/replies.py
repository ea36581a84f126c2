"""Posts that answer a customer (issue 12).

A reply keeps the customer's message on its versions (``replying_to``, which
the check reads) and the rest on its CustomerReply row: the network and link
of the message, when it arrived, and by when the brand promised to answer.
The actions (socialgov/posts/actions.py) call ``keep`` in the transaction of
the post's change. The approval path asks ``light_lane``; the table of moves
asks ``preapproval_refusal`` before a filled saved reply goes out without
review.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.brands.models import RepliesNeed, SavedReply, Severity
from socialgov.brands.replies import targets_of
from socialgov.brands.reply_targets import respond_by
from socialgov.brands.saved_replies import fill
from socialgov.posts.models import CustomerReply, Post

# ``actions.edit``'s default: the post's reply stays as it is.
UNCHANGED = object()


@dataclass(frozen=True)
class ReplyDetails:
    """What the editor says about the customer's message, besides the message
    itself (a version field). ``received_at`` None: it arrived now."""

    network: str
    link: str = ""
    received_at: datetime | None = None
    saved_reply: SavedReply | None = None
    values: dict = field(default_factory=dict)


def deadline_for(brand, received_at=None):
    """By when ``brand`` answers a message received at ``received_at`` (now if None)."""
    return respond_by(received_at or timezone.now(), targets_of(brand))


def same_minute(a, b):
    # The editor shows and sends times to the minute.
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def keep(post, details):
    """Make the post's CustomerReply say what ``details`` say (None: the post
    answers nobody), inside the caller's transaction. The deadline is worked
    out when the row is made and when the received time changes, never
    otherwise. Returns the names of what changed."""
    current = CustomerReply.objects.filter(post=post).first()
    if details is None:
        if current is None:
            return []
        current.delete()
        cache = Post.customer_reply.related
        if cache.is_cached(post):
            cache.delete_cached_value(post)
        return ["reply"]
    wanted = {
        "network": details.network,
        "link": details.link,
        "saved_reply": details.saved_reply,
        "saved_reply_values": dict(details.values) if details.saved_reply else {},
    }
    if current is None:
        received = details.received_at or timezone.now()
        CustomerReply.objects.create(post=post, received_at=received,
                                     respond_by=deadline_for(post.brand, received), **wanted)
        return ["reply"]
    changed = [name for name, value in wanted.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, wanted[name])
    received = details.received_at
    if received is not None and not same_minute(received, current.received_at):
        current.received_at = received
        current.respond_by = deadline_for(post.brand, received)
        changed += ["received_at", "respond_by"]
    if changed:
        current.save(update_fields=changed)
    return changed


def copy(source, copy):
    """The duplicate ``copy`` of ``source`` answers the same message, by the same deadline."""
    reply = source.reply
    if reply is not None:
        CustomerReply.objects.create(
            post=copy, network=reply.network, link=reply.link, received_at=reply.received_at,
            respond_by=reply.respond_by, saved_reply=reply.saved_reply,
            saved_reply_values=reply.saved_reply_values)


def light_lane(post):
    """Does the post take the brand's lighter path for replies (one approver)?"""
    return (post.brand.replies_need == RepliesNeed.ONE_APPROVER
            and CustomerReply.objects.filter(post=post).exists())


def filled_template(post, version=None):
    """The saved reply whose text, with the values the author gave, is exactly
    the text of ``version`` (the current one by default), in its language; else
    None. The saved reply is read as it is now: when its admins changed it
    since, the post no longer counts as filled in from it."""
    reply = post.reply
    if reply is None or reply.saved_reply_id is None:
        return None
    saved = reply.saved_reply
    version = version or post.current_version
    if saved.brand_id != post.brand_id or saved.language != version.language:
        return None
    try:
        text = fill(saved.text, reply.saved_reply_values)
    except KeyError:
        return None
    return saved if text == version.text else None


def preapproval_refusal(situation):
    """Why the post just checked may not go out without review as a filled
    saved reply, or None (``reply_preapproved`` in the table of moves)."""
    post = situation.post
    if not post.brand.saved_replies_skip_review:
        return _("The brand reviews every reply.")
    if situation.crisis is not None:
        return _("Crisis mode is on: every reply is reviewed.")
    if filled_template(post) is None:
        return _("The text is not one of the brand's saved replies, filled in.")
    version = post.current_version
    if version.variant_specs or version.image_specs:
        return _("The reply has other texts or images, which no saved reply approved.")
    if any(finding.severity != Severity.INFO for finding in situation.findings):
        return _("The check found more than information.")
    return None


def preapproval_data(post):
    """What the event of a pre-approved reply keeps: which saved reply, filled with what."""
    reply = post.reply
    return {"saved_reply": reply.saved_reply_id, "saved_reply_name": reply.saved_reply.name,
            "values": reply.saved_reply_values}
