"""People's moves on posts: every write a person makes, in one place.

Each move locks the post, asks the table of moves (socialgov/posts/moves.py)
whether this person may make it now, changes what it changes in one
transaction and records its typed event there (``moves.shift`` for a change of
state). Decisions hand the approval path (socialgov/posts/approval.py) the
decision and move the post by the outcome it returns, in one direction.
Views call these functions and nothing else changes a post.

Each function takes (user, post, then the fields its row in the table names),
so the one view for moves (``views.do``) calls any of them the same way.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.accounts.permissions import can
from socialgov.audit.events import record
from socialgov.brands.models import Brand, ReviewReason
from socialgov.posts import approval, pipeline, replies
from socialgov.posts.errors import InvalidValue, TransitionError
from socialgov.posts.models import (
    VERSION_COLUMNS,
    DecisionKind,
    Network,
    Post,
    PostVersion,
    Publication,
    ReviewClaim,
    State,
    Waiver,
    content_hash,
)
from socialgov.posts.moves import DECISIONS, MOVES, NOT_CURRENT, Situation, refusal, shift
from socialgov.posts.system import locked

MAX_NOTE = 5000


def _ensure(user, post, name, situation=None, *, version=None, **details):
    """Raise unless ``user`` may make the move now: PermissionDenied for the
    wrong person, TransitionError for the wrong moment. ``version``, when the
    form gives it, is the version the person had in front of them."""
    situation = situation or Situation(post, user)
    reason = refusal(user, post, name, situation, **details)
    if reason is not None and reason.forbidden:
        raise PermissionDenied(f"{name}: {reason}")
    if version is not None and str(post.current_version_id) != str(version).strip():
        raise TransitionError(
            _("The post changed since you opened it. Review the current version first."))
    if reason is not None:
        raise TransitionError(str(reason))
    return situation


def _text(value, missing=None, limit=MAX_NOTE):
    """A person's text, stripped; ``missing`` is the message when it is required."""
    value = (value or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if missing is not None and not value:
        raise TransitionError(missing)
    if len(value) > limit:
        raise TransitionError(_("Write at most %(count)s characters.") % {"count": limit})
    return value


def _new_version(post, author, fields):
    number = (post.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PostVersion.objects.create(
        post=post, number=number, author=author, **{k: fields[k] for k in VERSION_COLUMNS},
        replying_to=fields.get("replying_to", ""),
        variant_specs=fields.get("variant_specs", ()), image_specs=fields.get("image_specs", ()),
    )
    post.current_version = version
    return version


# -- writing ---------------------------------------------------------------------------


def _reply_matches(fields, reply):
    # A reply's details come with the customer's message (a version field), and only then.
    if bool((fields.get("replying_to") or "").strip()) != (reply is not None):
        raise ValueError("a reply to a customer needs both its message and its details")


def create(user, brand, fields, crisis_response=False, reply=None):
    """A new post, as a draft with its first version. ``reply``: the details of
    the customer's message it answers (replies.ReplyDetails), whose text is
    ``fields["replying_to"]``."""
    if not can(user, "create_post", brand):
        raise PermissionDenied("create_post")
    _reply_matches(fields, reply)
    with transaction.atomic():
        post = Post.objects.create(brand=brand, author=user, state=State.DRAFT,
                                   crisis_response=crisis_response)
        _new_version(post, user, fields)
        post.save()
        replies.keep(post, reply)
        record("create", actor=user, post=post, to_state=State.DRAFT)
    return post


def edit(user, post, fields, crisis_response=None, reply=replies.UNCHANGED):
    """Save the author's changes as a new version; the post goes back to draft.

    Returns (post, True) when a new version was made, (post, False) when
    nothing checked changed. ``crisis_response`` (None: unchanged) marks the
    post as a crisis response. ``reply`` (unchanged by default) gives the
    details of the customer's message the post answers, or None when it
    answers nobody; details that changed are saved even when nothing checked
    did (the received time moves the deadline). When an approved post changes
    only its planned time, it is checked again at once and keeps its approval
    if the check finds nothing new (socialgov/posts/system.py).
    """
    with transaction.atomic():
        post = locked(post.pk)
        _ensure(user, post, "edit")
        previous = post.current_version
        if reply is replies.UNCHANGED:
            fields = {"replying_to": previous.replying_to, **fields}
            details_changed = []
        else:
            _reply_matches(fields, reply)
            details_changed = replies.keep(post, reply)
        flag_changed = crisis_response is not None and crisis_response != post.crisis_response
        if content_hash(fields) == previous.content_hash and not flag_changed:
            if details_changed:
                post.save(update_fields=["updated_at"])
                record("edit", actor=user, post=post, from_state=post.state,
                       to_state=post.state, reply=details_changed)
            return post, False
        if flag_changed:
            post.crisis_response = crisis_response
        time_only = (
            post.state == State.APPROVED and not flag_changed
            and content_hash({**fields, "planned_at": previous.planned_at})
            == previous.content_hash
        )
        _new_version(post, user, fields)
        post.waiver_requested = False
        post.waiver_note = ""
        shift(post, user, "edit", State.DRAFT)
        if time_only:
            shift(post, user, "submit", State.CHECKING, planned_time_only=True)
            pipeline.request_check(post)
    return post, True


def submit(user, post):
    with transaction.atomic():
        post = locked(post.pk)
        _ensure(user, post, "submit")
        shift(post, user, "submit", State.CHECKING)
        pipeline.request_check(post)
    return post


def withdraw(user, post):
    with transaction.atomic():
        post = locked(post.pk)
        _ensure(user, post, "withdraw")
        post.waiver_requested = False
        shift(post, user, "withdraw", State.DRAFT)
    return post


def duplicate(user, post):
    """Any member may start a new draft from any post, including a rejected one."""
    with transaction.atomic():
        _ensure(user, post, "duplicate")
        copy = Post.objects.create(brand=post.brand, author=user, state=State.DRAFT,
                                   duplicated_from=post)
        _new_version(copy, user, post.current_version.fields())
        copy.save()
        replies.copy(post, copy)
        record("duplicate", actor=user, post=copy, to_state=State.DRAFT, source=post.pk)
    return copy


def retry_check(user, post):
    """The author or an approver asks for a failed check to run again."""
    with transaction.atomic():
        post = locked(post.pk)
        _ensure(user, post, "retry_check")
        pipeline.retry(post, user)
    return post


# -- deciding ----------------------------------------------------------------------------


def _picked_reasons(post, reason_ids):
    """The brand's active review reasons named by ``reason_ids`` (ids or reasons);
    any other (another brand's reason, a deactivated one, garbage) refuses the
    decision."""
    if isinstance(reason_ids, str):
        reason_ids = [reason_ids]
    ids = {str(getattr(value, "pk", value)).strip() for value in reason_ids or ()}
    ids.discard("")
    if not ids:
        return []
    if not all(value.isdigit() and len(value) < 19 for value in ids):
        raise TransitionError(_("Choose the reasons from this brand's list."))
    reasons = list(ReviewReason.objects.filter(brand=post.brand, active=True, pk__in=ids))
    if len(reasons) != len(ids):
        raise TransitionError(_("Choose the reasons from this brand's list."))
    return reasons


def _decide(user, post, version, kind, *, text="", reasons=(), step=None):
    name = next(move for move, decision in DECISIONS.items() if decision == kind)
    # The table says what the decision needs: a reason from the list, or a text.
    text_missing = str(MOVES[name].note_needed) or None
    with transaction.atomic():
        if kind == DecisionKind.APPROVE:
            # Approvals and the start of crisis mode are serialised per brand:
            # no approval slips in while crisis mode pauses the approved posts.
            # NO KEY UPDATE: rows that merely refer to the brand (audit events)
            # can still be written meanwhile, so other moves never deadlock.
            Brand.objects.select_for_update(no_key=True).filter(pk=post.brand_id).first()
        post = locked(post.pk)
        situation = _ensure(user, post, name, version=version, step=step or None)
        picked = _picked_reasons(post, reasons)
        text = _text(text, text_missing if not picked else None)
        chosen, _reason = situation.decision_step(kind, step or None)
        outcome = approval.record_decision(post, user, kind, chosen, situation.progress,
                                           text=text, reasons=picked,
                                           crisis=situation.crisis_lane)
        post.waiver_requested = False
        about = {"step": chosen.key, "step_name": chosen.step.name, "text": text,
                 "reasons": [r.pk for r in picked]}
        if outcome.outcome is approval.Outcome.ROUND_ENDED:
            shift(post, user, name, MOVES[name].target, **about)
        elif outcome.outcome is approval.Outcome.ROUND_APPROVED:
            signoff = chosen.key == approval.CRISIS_STEP_KEY
            shift(post, user, "crisis_signoff" if signoff else "approve", State.APPROVED,
                  **about)
        else:
            post.save(update_fields=["waiver_requested", "updated_at"])
            action = "advise" if kind == DecisionKind.COMMENT else "step_approved"
            record(action, actor=user, post=post, from_state=post.state, to_state=post.state,
                   advisory=chosen.advisory, signoff_needed=outcome.outcome
                   is approval.Outcome.CRISIS_SIGNOFF_NEEDED, **about)
    return post


def approve(user, post, version=None, step=None):
    return _decide(user, post, version, DecisionKind.APPROVE, step=step)


def request_changes(user, post, version=None, comment="", reasons=(), step=None):
    """``reasons``: ids of the brand's review reasons; a reason or a comment is needed."""
    return _decide(user, post, version, DecisionKind.REQUEST_CHANGES, text=comment,
                   reasons=reasons, step=step)


def reject(user, post, version=None, reason="", reasons=(), step=None):
    """``reasons``: ids of the brand's review reasons; a reason or a text is needed."""
    return _decide(user, post, version, DecisionKind.REJECT, text=reason, reasons=reasons,
                   step=step)


def advise(user, post, version=None, comment="", step=None):
    """An advisory reviewer's comment: recorded on their step, never blocks."""
    return _decide(user, post, version, DecisionKind.COMMENT, text=comment, step=step)


# -- waivers --------------------------------------------------------------------------


def ask_waiver(user, post, note=""):
    """The author believes an error finding is wrong and asks a reviewer to waive it."""
    with transaction.atomic():
        post = locked(post.pk)
        _ensure(user, post, "ask_waiver")
        note = _text(note, _("Explain why the finding is wrong."))
        post.waiver_requested = True
        post.waiver_note = note
        shift(post, user, "ask_waiver", State.IN_REVIEW, note=note)
    return post


def _finding_of(situation, finding):
    """The finding a form names (an id, or a Finding) among the post's current
    ones, or NOT_CURRENT."""
    wanted = str(getattr(finding, "pk", finding) or "").strip()
    return next((f for f in situation.findings if str(f.pk) == wanted), NOT_CURRENT)


def waive(user, post, finding=None, reason=""):
    with transaction.atomic():
        post = locked(post.pk)
        situation = Situation(post, user)
        finding = _finding_of(situation, finding)
        _ensure(user, post, "waive", situation, finding=finding)
        reason = _text(reason, _("Give a reason for waiving this finding."))
        Waiver.objects.create(finding=finding, waived_by=user, reason=reason)
        record("waive", actor=user, post=post, from_state=post.state, to_state=post.state,
               finding=finding.pk, reason=reason)
    return post


# -- publication and the archive --------------------------------------------------------------


def _live_address(network, url):
    """The address a person gave for the post on ``network``, checked."""
    try:
        url = _text(url, _("Give the address of the post on %(network)s.")
                    % {"network": Network(network).label}, limit=500)
    except TransitionError as error:
        raise InvalidValue(str(error), "url") from None
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise InvalidValue(_("“%(url)s” is not a web address (https://…).") % {"url": url},
                           "url") from None
    if not Network(network).hosts_url(url):
        raise InvalidValue(_("“%(url)s” is not an address on %(network)s.")
                           % {"url": url, "network": Network(network).label}, "url")
    return url


def _ensure_due(version, early):
    if version.planned_at is not None and version.planned_at > timezone.now() and not early:
        raise TransitionError(_(
            "Its planned time has not come yet: confirm that it went out early."))


def publish(user, post, urls=None, early=False):
    """An approver records that an approved post is live: one address per network
    of the post (``urls``: {network: address}). Before its planned time, only
    with ``early`` (the person confirmed that it went out early). Networks
    already marked one by one (``publish_on``) keep their address."""
    urls = urls or {}
    with transaction.atomic():
        post = locked(post.pk)
        _ensure(user, post, "publish")
        version = post.current_version
        already = dict(post.publications.values_list("network", "url"))
        addresses = {network: _live_address(network, urls.get(network, ""))
                     for network in version.networks if network not in already}
        _ensure_due(version, early)
        Publication.objects.bulk_create(
            Publication(post=post, network=network, url=url, published_by=user)
            for network, url in addresses.items())
        shift(post, user, "publish", State.PUBLISHED, urls={**already, **addresses},
              early=bool(early) or None)
    return post


def publish_on(user, post, network, url, early=False):
    """Record that an approved post is live on one of its networks (the
    "publish" move, one network at a time: a program posting to each network
    in turn). The post becomes published with its last network. Saying again
    what is already recorded changes nothing; another address for a network
    already marked is refused. Returns (post, publication, made)."""
    with transaction.atomic():
        post = locked(post.pk)
        situation = Situation(post, user)
        reason = refusal(user, post, "publish", situation)
        if reason is not None and reason.forbidden:
            raise PermissionDenied(f"publish: {reason}")
        version = post.current_version
        if network not in version.networks:
            raise TransitionError(_("This post does not go to %(network)s.")
                                  % {"network": Network(network).label})
        url = _live_address(network, url)
        done = post.publications.filter(network=network).first()
        if done is not None:
            if done.url != url:
                raise TransitionError(
                    _("This post is already marked as published on %(network)s, at "
                      "another address: %(url)s") % {"network": Network(network).label,
                                                    "url": done.url})
            return post, done, False
        if reason is not None:
            raise TransitionError(str(reason))
        _ensure_due(version, early)
        publication = Publication.objects.create(post=post, network=network, url=url,
                                                 published_by=user)
        addresses = dict(post.publications.values_list("network", "url"))
        if set(version.networks) <= set(addresses):
            shift(post, user, "publish", State.PUBLISHED, urls=addresses,
                  early=bool(early) or None)
        else:
            record("published_on_network", actor=user, post=post, from_state=post.state,
                   to_state=post.state, network=network, url=url, early=bool(early) or None)
    return post, publication, True


def _set_archived(user, post, name, archived):
    with transaction.atomic():
        post = locked(post.pk)
        _ensure(user, post, name)
        post.archived_at = timezone.now() if archived else None
        post.archived_by = user if archived else None
        post.save(update_fields=["archived_at", "archived_by", "updated_at"])
        record(name, actor=user, post=post, from_state=post.state, to_state=post.state)
    return post


def archive(user, post):
    """Put a post at rest out of the lists; its state and history stay as they are."""
    return _set_archived(user, post, "archive", True)


def restore(user, post):
    """Bring an archived post back to the lists, in the state it was archived in."""
    return _set_archived(user, post, "restore", False)


# -- claims ---------------------------------------------------------------------------


def claim(user, post):
    """An approver takes the review on, so two people don't duplicate work.
    Others can still decide; the post page warns them."""
    with transaction.atomic():
        post = locked(post.pk)
        _ensure(user, post, "claim")
        # A claim on an older version is stale: the new one replaces it.
        ReviewClaim.objects.filter(post=post).delete()
        taken = ReviewClaim.objects.create(post=post, version=post.current_version, user=user)
        record("claim", actor=user, post=post, from_state=post.state, to_state=post.state)
    return taken


def release(user, post):
    """The claimant gives the review back to everyone."""
    with transaction.atomic():
        post = locked(post.pk)
        _ensure(user, post, "release")
        ReviewClaim.objects.filter(post=post).delete()
        record("release", actor=user, post=post, from_state=post.state, to_state=post.state)
    return post


def release_claim(user, post):
    """A brand admin gives back a review that someone else claimed and left."""
    with transaction.atomic():
        post = locked(post.pk)
        situation = _ensure(user, post, "release_claim")
        claimant = situation.claim.user.get_username()
        ReviewClaim.objects.filter(post=post).delete()
        record("release_claim", actor=user, post=post, from_state=post.state,
               to_state=post.state, claimant=claimant)
    return post


# Each person's move of the table, performed by the function of its name.
PERFORM = {name: globals()[name] for name, move in MOVES.items()
           if not move.is_system and not move.link}
