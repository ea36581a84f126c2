"""Comments on passages of a post: writing, replying, resolving, and finding
each commented passage again in the current version.

Comments are not moves of the post: they never change its state, so they are
not in the table of moves, but follow its rules (permission first, one
transaction, an event for each comment, reply and change of a thread's status).
Any member of the brand may comment and reply.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.accounts.models import Role
from socialgov.accounts.permissions import has_role, role_in
from socialgov.audit.events import record
from socialgov.posts.anchors import OffsetMap, context_around, occurrences, reanchor
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import Comment

MAX_BODY = 5000
EXCERPT = 80


def may_comment(user, post):
    return role_in(user, post.brand) is not None


def may_resolve(user, comment):
    """A thread is resolved (or reopened) by whoever opened it, the post's
    author, or anyone who may decide on the brand's posts."""
    post = comment.post
    if role_in(user, post.brand) is None:
        return False
    return (comment.author_id == user.pk or post.author_id == user.pk
            or has_role(user, post.brand, Role.APPROVER))


def _body(text):
    body = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not body:
        raise TransitionError(_("Write your comment."))
    if len(body) > MAX_BODY:
        raise TransitionError(_("A comment holds at most %(count)s characters.")
                              % {"count": MAX_BODY})
    return body


def _offset(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def locate_passage(text, quote, start=None, end=None):
    """The (start, end) of ``quote`` in ``text``: the browser's offsets when
    they point at it, else the occurrence nearest to them (or the first).
    Whitespace around the selection is left out. None when it is not there."""
    quote = (quote or "").replace("\r\n", "\n")
    start, end = _offset(start), _offset(end)
    if not (start is not None and end is not None and 0 <= start < end <= len(text)
            and text[start:end] == quote):
        stripped = quote.strip()
        found = occurrences(stripped, text)
        if not found:
            return None
        near = start if start is not None else 0
        start = min(found, key=lambda at: abs(at - near))
        end = start + len(stripped)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def add(user, post, version_id, body, quote="", start=None, end=None, image=None):
    """A new thread, on a passage of the version the commenter read, or one of
    its images (``image``: the image's id), or the post as a whole."""
    if not may_comment(user, post):
        raise PermissionDenied("comment")
    body = _body(body)
    version = post.versions.filter(pk=_offset(version_id)).first() or post.current_version
    anchor = {}
    if _offset(image) is not None:
        shown = version.images.filter(image_id=_offset(image)).first()
        if shown is None:
            raise TransitionError(_("This image is not in the version you read: reload the "
                                    "page."))
        anchor = {"image_id": shown.image_id}
    elif (quote or "").strip():
        span = locate_passage(version.text, quote, start, end)
        if span is None:
            raise TransitionError(_("This passage is not in the text of the post: select it "
                                    "in the text, or copy it exactly."))
        start, end = span
        prefix, suffix = context_around(version.text, start, end)
        anchor = {"quote": version.text[start:end], "start": start, "end": end,
                  "prefix": prefix, "suffix": suffix}
    with transaction.atomic():
        thread = Comment.objects.create(post=post, version=version, author=user, body=body,
                                        **anchor)
        record("comment_added", actor=user, post=post, version=version,
               from_state=post.state, to_state=post.state, comment=thread.pk,
               excerpt=_excerpt(thread))
    return thread


def reply(user, comment, body):
    """A reply joins the thread: replies to a reply go to its thread, one level deep."""
    thread = comment.parent or comment
    post = thread.post
    if not may_comment(user, post):
        raise PermissionDenied("comment")
    body = _body(body)
    with transaction.atomic():
        answer = Comment.objects.create(post=post, version=post.current_version, author=user,
                                        body=body, parent=thread)
        record("comment_replied", actor=user, post=post, from_state=post.state,
               to_state=post.state, comment=answer.pk, excerpt=_excerpt(thread))
    return answer


def _excerpt(thread):
    text = thread.quote or thread.body
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"


def _set_resolved(user, comment, resolved):
    with transaction.atomic():
        # Only the comment row: PostgreSQL cannot lock the nullable side of an outer join.
        thread = Comment.objects.select_for_update(of=("self",)).select_related(
            "post", "post__brand", "post__current_version").get(pk=(comment.parent_id
                                                                    or comment.pk))
        if not may_resolve(user, thread):
            raise PermissionDenied("resolve comment")
        if thread.is_resolved == resolved:
            raise TransitionError(_("This comment is already resolved.") if resolved
                                  else _("This comment is already open."))
        thread.resolved_by = user if resolved else None
        thread.resolved_at = timezone.now() if resolved else None
        thread.save(update_fields=["resolved_by", "resolved_at"])
        post = thread.post
        record("comment_resolved" if resolved else "comment_reopened", actor=user, post=post,
               from_state=post.state, to_state=post.state, comment=thread.pk,
               excerpt=_excerpt(thread))
    return thread


def resolve(user, comment):
    return _set_resolved(user, comment, True)


def reopen(user, comment):
    return _set_resolved(user, comment, False)


# -- the post page's comments ---------------------------------------------------------


def threads(user, post):
    """The post's threads with their replies, each placed in the current text:
    ``anchor`` (an anchors.Anchor or None), ``outdated`` when its passage or
    image is gone, ``current_quote`` what the passage reads now,
    ``image_number`` the image's place in the current version, and ``can_resolve``."""
    current = post.current_version
    comments = list(post.comments.select_related("author", "resolved_by", "version"))
    places = ({i.image_id: i.number for i in current.images.all()}
              if current is not None and any(c.image_id for c in comments) else {})
    # One diff per version commented on, however many threads it has.
    offsets = {}
    replies = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    result = []
    for thread in comments:
        if thread.parent_id:
            continue
        thread.thread_replies = replies.get(thread.pk, [])
        thread.anchor = None
        if thread.quote and current is not None:
            old_text = thread.version.text
            pair = None
            if old_text != current.text:
                pair = offsets.get(thread.version_id)
                if pair is None:
                    pair = offsets[thread.version_id] = OffsetMap(old_text, current.text)
            thread.anchor = reanchor(thread.quote, old_text, thread.start, thread.end,
                                     current.text, thread.prefix, thread.suffix, pair)
        thread.image_number = places.get(thread.image_id)
        thread.outdated = (bool(thread.quote) and thread.anchor is None
                           or bool(thread.image_id) and thread.image_number is None)
        thread.current_quote = (current.text[thread.anchor.start:thread.anchor.end]
                                if thread.anchor else "")
        thread.can_resolve = may_resolve(user, thread)
        result.append(thread)
    return result


def detail_context(user, post):
    all_threads = threads(user, post)
    return {
        "open_threads": [t for t in all_threads if not t.is_resolved],
        "resolved_threads": [t for t in all_threads if t.is_resolved],
        "can_comment": may_comment(user, post),
    }
