"""The table of moves: who may do what to a post, in which state, and why not.

Each row is one move: the states it starts from, the state it leads to, the
least role it needs, whose move it is, an extra guard, whether it applies to
archived posts, its button (and the question it asks first when it undoes
work), what a decision needs, and its done message. One question answers every
page, button, view and test: ``refusal(user, post, name)`` is None, or the
reason shown as it is; ``available(user, post)`` lists the moves a person can
make now. People's moves are performed in socialgov/posts/actions.py and the
system's in socialgov/posts/system.py; each first asks ``ensure`` here.

Adding a move is one row below plus one function in actions.py.

``shift`` is the one place a post changes state: it records the typed event
and opens or closes the review round (a round lives exactly as long as the
post is in review).
"""

import enum
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from socialgov.accounts.models import ROLE_RANK, Role
from socialgov.accounts.permissions import in_review_group, role_in
from socialgov.audit.events import record
from socialgov.brands.models import Severity
from socialgov.posts import approval, replies
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import DecisionKind, ReviewClaim, State

INCOMPLETE = "check_incomplete"  # the finding of a rule the check could not finish
WATCH_KIND = "watch"  # the findings of the brand's watch words


class Whose(enum.Enum):
    AUTHOR = "the post's author, and nobody else"
    NOT_AUTHOR = "anyone with the role but the author of the version (four eyes)"
    EITHER = "anyone with the role, the author included"
    AUTHOR_OR_ROLE = "the post's author, or anyone with the role"
    SYSTEM = "SocialGov itself, never a person"


class OnArchived(enum.Enum):
    NO = "live posts only"
    ALSO = "live and archived posts"
    ONLY = "archived posts only"


class Place(enum.Enum):
    BAR = "the post page's action bar"
    DECISION = "the post page's decision form, after the post's text and findings"
    PATH = "the approval path's card"
    FINDING = "each finding of the list"
    CHECK_STATUS = "the check's status, while the post is being checked"
    NOWHERE = "no button: the system's moves"


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset
    target: str | None  # None: the state stays, or the outcome decides (decisions)
    role: str | None
    whose: Whose
    guard: object = None  # (situation, details) -> reason or None
    archived: OnArchived = OnArchived.NO
    label: Promise | str = ""
    done: object = ""  # a message, or (post) -> message
    review_groups: bool = False  # a member of one of the brand's review groups may too
    fields: tuple = ()  # the form fields the move reads, passed to its function
    partial: str = ""  # the template of its fields; none: a plain button
    link: str = ""  # a page of its own (URL name) instead of a button
    place: Place = Place.BAR
    style: str = ""
    # Asked before the move is made (a destructive one): what it will do.
    confirm: Promise | str = ""
    # A decision that needs a reason from the brand's list or a note: what the
    # person is told when they give neither.
    note_needed: Promise | str = ""

    @property
    def is_system(self):
        return self.whose is Whose.SYSTEM

    def done_message(self, post):
        return self.done(post) if callable(self.done) else str(self.done)


class Refusal(str):
    """Why a move is refused, shown as it is. ``forbidden``: the person may
    never make it on this post (403), as opposed to not now."""

    forbidden = False

    def __new__(cls, text, forbidden=False):
        refusal = str.__new__(cls, text)
        refusal.forbidden = forbidden
        return refusal


class Situation:
    """One person before one post, for one request: what the table's guards
    and the post page read, each read at most once."""

    def __init__(self, post, user=None):
        self.post = post
        self.user = user

    @cached_property
    def role(self):
        return role_in(self.user, self.post.brand) if self.user is not None else None

    @cached_property
    def in_review_group(self):
        return self.user is not None and in_review_group(self.user, self.post.brand)

    @property
    def is_author(self):
        return self.user is not None and self.post.author_id == self.user.pk

    @property
    def wrote_version(self):
        version = self.post.current_version
        return self.user is not None and version is not None and version.author_id == self.user.pk

    @cached_property
    def progress(self):
        """The approval path's progress, computed once per request."""
        return approval.progress(self.post)

    @cached_property
    def claim(self):
        if self.post.state != State.IN_REVIEW:
            return None
        return (ReviewClaim.objects.filter(post=self.post,
                                           version_id=self.post.current_version_id)
                .select_related("user").first())

    @cached_property
    def findings(self):
        return list(self.post.findings)

    @cached_property
    def crisis(self):
        return self.post.brand.open_crisis

    @property
    def crisis_lane(self):
        """Crisis mode is on and the post is a crisis response: its watch-word
        findings are shown to its reviewers but do not send it back."""
        return self.post.crisis_response and self.crisis is not None

    @cached_property
    def blocking_errors(self):
        return blocking_errors(self.findings, crisis_lane=self.crisis_lane)

    @cached_property
    def check_failed(self):
        return self.post.check_failed

    def decision_step(self, kind, step_key=None):
        """The step a decision of ``kind`` would fill, and the reason there is none."""
        if self.user is None:
            return None, _("This post is not waiting for a decision.")
        return self.progress.step_for(self.user, kind, step_key)


def blocking_errors(findings, *, crisis_lane=False):
    """The error findings that keep a post from review or approval: not waived,
    and, in the crisis lane, not a watch word's."""
    return [f for f in findings
            if f.severity == Severity.ERROR and not f.is_waived
            and not (crisis_lane and f.kind == WATCH_KIND)]


# -- guards: None, or the reason ----------------------------------------------------


def _check_failed(situation, details):
    if not situation.check_failed:
        return _("The check has not failed: it is still pending.")
    return None


def _has_errors(situation, details):
    if not situation.blocking_errors:
        return _("A waiver can only be asked for when an error finding sent the post back.")
    return None


def _decision(kind):
    def guard(situation, details):
        step, reason = situation.decision_step(kind, details.get("step"))
        if step is None:
            return reason
        if kind != DecisionKind.APPROVE or step.advisory:
            return None
        if situation.crisis is not None and not situation.post.crisis_response:
            return _("Crisis mode is on: only crisis responses can be approved until it ends.")
        if situation.blocking_errors:
            return _("This post has an error finding that has not been waived; it cannot be "
                     "approved.")
        return None

    return guard


NOT_CURRENT = object()  # a finding a form names that is not among the post's current ones


def _waivable(situation, details):
    finding = details.get("finding")
    if finding is NOT_CURRENT:
        return _("This finding belongs to an older version.")
    if finding is None:
        return None if any(not f.is_waived and f.severity == Severity.ERROR
                           for f in situation.findings) else _("Nothing here needs a waiver.")
    if finding.is_waived:
        return _("This finding has already been waived.")
    if finding.kind == INCOMPLETE and situation.role != Role.BRAND_ADMIN:
        return _("Only a brand admin can waive a check that could not finish: they know "
                 "which of the brand's rules it skipped.")
    return None


def _claimable(situation, details):
    step, _reason = situation.decision_step(DecisionKind.REQUEST_CHANGES)
    if step is None:
        return _("You cannot decide this post's current step: there is nothing for you to "
                 "claim.")
    claim = situation.claim
    if claim is None:
        return None
    if claim.user_id == situation.user.pk:
        return _("You have already claimed this post.")
    return _("%(name)s has already claimed this post.") % {"name": claim.user.get_username()}


def _own_claim(situation, details):
    claim = situation.claim
    if claim is None:
        return _("Nobody has claimed this post.")
    if claim.user_id != situation.user.pk:
        return _("%(name)s has claimed this post: only they can release it.") % {
            "name": claim.user.get_username()}
    return None


def _someone_elses_claim(situation, details):
    claim = situation.claim
    if claim is None:
        return _("Nobody has claimed this post.")
    if claim.user_id == situation.user.pk:
        return _("This is your own claim: release it with “Release”.")
    return None


def _preapproved_reply(situation, details):
    return replies.preapproval_refusal(situation)


def _submitted(post):
    """What the author reads once the post is submitted: where it went."""
    if post.state == State.SENT_BACK:
        situation = Situation(post)
        count = len(situation.blocking_errors)
        return Message("warning", ngettext(
            "The check found %(count)d error: the post is back with you. Fix it, or ask "
            "for a waiver.",
            "The check found %(count)d errors: the post is back with you. Fix them, or ask "
            "for a waiver.", count) % {"count": count})
    if post.state == State.CHECKING:
        return _("Sent to the check: the post goes to the reviewers if it finds no error.")
    if post.state == State.APPROVED:
        return _("Checked and approved without review: it is one of the brand's saved "
                 "replies, filled in, and the check found nothing above information.")
    return _("Checked and sent to the reviewers.")


@dataclass(frozen=True)
class Message:
    level: str
    text: str

    def __str__(self):
        return self.text


LIVE_STATES = frozenset(State.values)
REVIEWING = frozenset({State.IN_REVIEW})

MOVES = {move.name: move for move in [
    Move("edit", frozenset({State.DRAFT, State.CHANGES_REQUESTED, State.SENT_BACK,
                            State.APPROVED, State.EXPIRED}),
         State.DRAFT, Role.DRAFTER, Whose.AUTHOR,
         label=gettext_lazy("Edit"), link="posts:edit",
         done=gettext_lazy("Your changes are saved.")),
    Move("submit", frozenset({State.DRAFT}), State.CHECKING, Role.DRAFTER, Whose.AUTHOR,
         label=gettext_lazy("Submit for review"), done=_submitted, style="primary"),
    Move("withdraw", frozenset({State.CHECKING, State.IN_REVIEW}), State.DRAFT, Role.DRAFTER,
         Whose.AUTHOR, label=gettext_lazy("Withdraw"),
         confirm=gettext_lazy("Withdraw this post? It leaves the review and goes back to "
                              "draft."),
         done=gettext_lazy("Withdrawn: you can edit it again.")),
    Move("approve", REVIEWING, State.APPROVED, Role.APPROVER, Whose.NOT_AUTHOR,
         guard=_decision(DecisionKind.APPROVE), review_groups=True,
         fields=("version", "step"), place=Place.DECISION,
         label=gettext_lazy("Approve"), done=gettext_lazy("Your approval is recorded."),
         style="primary"),
    Move("request_changes", REVIEWING, State.CHANGES_REQUESTED, Role.APPROVER,
         Whose.NOT_AUTHOR, guard=_decision(DecisionKind.REQUEST_CHANGES), review_groups=True,
         fields=("version", "step", "comment", "reasons"), place=Place.DECISION,
         note_needed=gettext_lazy("Say what should change."),
         label=gettext_lazy("Request changes"),
         done=gettext_lazy("Your request is sent to the author.")),
    Move("reject", REVIEWING, State.REJECTED, Role.APPROVER, Whose.NOT_AUTHOR,
         guard=_decision(DecisionKind.REJECT), review_groups=True,
         fields=("version", "step", "reason", "reasons"), place=Place.DECISION,
         note_needed=gettext_lazy("Give a reason for rejecting."),
         confirm=gettext_lazy("Reject this post? It will not be published."),
         label=gettext_lazy("Reject"),
         done=gettext_lazy("Your decision is recorded: the post will not be published."),
         style="danger"),
    Move("advise", REVIEWING, None, Role.APPROVER, Whose.NOT_AUTHOR,
         guard=_decision(DecisionKind.COMMENT), review_groups=True,
         fields=("version", "step", "comment"), partial="posts/moves/_advise.html",
         note_needed=gettext_lazy("Write your comment."),
         place=Place.PATH, label=gettext_lazy("Give advisory opinion"),
         done=gettext_lazy("Your comment is recorded.")),
    Move("ask_waiver", frozenset({State.SENT_BACK}), State.IN_REVIEW, Role.DRAFTER,
         Whose.AUTHOR, guard=_has_errors, fields=("note",),
         partial="posts/moves/_ask_waiver.html", label=gettext_lazy("Ask for a waiver"),
         done=gettext_lazy("Your waiver request is sent to the reviewers.")),
    Move("waive", REVIEWING, None, Role.APPROVER, Whose.NOT_AUTHOR, guard=_waivable,
         fields=("finding", "reason"), partial="posts/moves/_waive.html",
         place=Place.FINDING, label=gettext_lazy("Waive"),
         done=gettext_lazy("Finding waived.")),
    Move("claim", REVIEWING, None, Role.APPROVER, Whose.NOT_AUTHOR, guard=_claimable,
         review_groups=True, place=Place.PATH, label=gettext_lazy("Claim"),
         done=gettext_lazy("You have claimed this post: others see that you are on it.")),
    Move("release", REVIEWING, None, Role.DRAFTER, Whose.EITHER, guard=_own_claim,
         review_groups=True, place=Place.PATH, label=gettext_lazy("Release"),
         done=gettext_lazy("Released: anyone can take this review.")),
    # Someone claimed the review and left: a brand admin gives it back to everyone.
    Move("release_claim", REVIEWING, None, Role.BRAND_ADMIN, Whose.EITHER,
         guard=_someone_elses_claim, place=Place.PATH,
         label=gettext_lazy("Release their claim"),
         done=gettext_lazy("Their claim is released: anyone can take this review.")),
    Move("retry_check", frozenset({State.CHECKING}), None, Role.APPROVER,
         Whose.AUTHOR_OR_ROLE, guard=_check_failed, label=gettext_lazy("Retry check"),
         place=Place.CHECK_STATUS, style="primary",
         done=gettext_lazy("The check runs again.")),
    Move("publish", frozenset({State.APPROVED}), State.PUBLISHED, Role.APPROVER, Whose.EITHER,
         fields=("urls", "early"), partial="posts/moves/_publish.html",
         label=gettext_lazy("Mark as published"), done=gettext_lazy("Marked as published."),
         style="primary"),
    Move("duplicate", LIVE_STATES, None, Role.DRAFTER, Whose.EITHER,
         archived=OnArchived.ALSO, label=gettext_lazy("Duplicate"),
         done=gettext_lazy("This is your copy: edit it, then submit it.")),
    # Only posts at rest: one still being checked, reviewed, approved or paused
    # is withdrawn (or decided on) first, so nothing waiting on a person disappears.
    Move("archive", frozenset({State.DRAFT, State.CHANGES_REQUESTED, State.SENT_BACK,
                               State.REJECTED, State.EXPIRED, State.PUBLISHED}),
         None, Role.APPROVER, Whose.AUTHOR_OR_ROLE, label=gettext_lazy("Archive"),
         confirm=gettext_lazy("Archive this post? It leaves the lists until someone restores "
                              "it."),
         done=gettext_lazy("Archived: the post has left the lists. Find it with the "
                           "“Archived” filter.")),
    Move("restore", LIVE_STATES, None, Role.APPROVER, Whose.AUTHOR_OR_ROLE,
         archived=OnArchived.ONLY, label=gettext_lazy("Restore"),
         done=gettext_lazy("Restored: the post is back in the lists."), style="primary"),
    # The system's moves: never a button.
    Move("check_done", frozenset({State.CHECKING}), None, None, Whose.SYSTEM,
         place=Place.NOWHERE),
    # A reply that is one of the brand's saved replies filled in, checked with
    # nothing above information: approved without a review round, if the brand
    # allows it (socialgov/posts/replies.py).
    Move("reply_preapproved", frozenset({State.CHECKING}), State.APPROVED, None, Whose.SYSTEM,
         guard=_preapproved_reply, place=Place.NOWHERE),
    Move("recheck", frozenset({State.CHECKING, State.IN_REVIEW, State.APPROVED, State.PAUSED}),
         State.SENT_BACK, None, Whose.SYSTEM, place=Place.NOWHERE),
    Move("pause", frozenset({State.APPROVED}), State.PAUSED, None, Whose.SYSTEM,
         place=Place.NOWHERE),
    Move("resume", frozenset({State.PAUSED}), State.CHECKING, None, Whose.SYSTEM,
         place=Place.NOWHERE),
    # Not approved by its planned time: the scheduler expires it.
    Move("expire", frozenset({State.DRAFT, State.CHECKING, State.IN_REVIEW,
                              State.CHANGES_REQUESTED, State.SENT_BACK, State.PAUSED}),
         State.EXPIRED, None, Whose.SYSTEM, place=Place.NOWHERE),
]}

# The states whose posts a rule change re-checks.
RECHECK_STATES = MOVES["recheck"].sources
DECISIONS = {"approve": DecisionKind.APPROVE, "request_changes": DecisionKind.REQUEST_CHANGES,
             "reject": DecisionKind.REJECT, "advise": DecisionKind.COMMENT}


# -- the question ---------------------------------------------------------------------


def refusal(user, post, name, situation=None, **details):
    """None when ``user`` may make the move ``name`` on ``post`` now; else the
    reason, as a Refusal (``forbidden`` when it is never theirs to make).
    ``user`` None asks for the system. ``details``: what the form gives that
    a guard reads (``step``, ``finding``)."""
    move = MOVES[name]
    situation = situation or Situation(post, user)
    if move.is_system != (user is None):
        return Refusal(_("SocialGov makes this move itself.") if move.is_system
                       else _("Only a person can do this."), forbidden=True)
    if user is not None:
        reason = _person_refusal(move, situation)
        if reason is not None:
            return Refusal(reason, forbidden=True)
    reason = _state_refusal(move, post)
    if reason is None and move.guard is not None:
        reason = move.guard(situation, details)
    return Refusal(reason) if reason is not None else None


def _person_refusal(move, situation):
    role = situation.role
    if role is None:
        return _("You are not a member of this post's brand.")
    if move.whose is Whose.AUTHOR:
        return None if situation.is_author else _("Only the post's author can do this.")
    if move.whose is Whose.AUTHOR_OR_ROLE and situation.is_author:
        return None
    # A review group's member may make the move whatever their role (asked only
    # when the role is not enough: it is a query).
    if ROLE_RANK[role] < ROLE_RANK[move.role] and not (
            move.review_groups and situation.in_review_group):
        if move.whose is Whose.AUTHOR_OR_ROLE:
            return _("Only the post's author or an approver can do this.")
        return _("Your role in this brand does not allow this.")
    if move.whose is Whose.NOT_AUTHOR and situation.wrote_version:
        return _("You wrote this version: another person decides on it.")
    return None


def _state_refusal(move, post):
    archived = post.archived_at is not None
    if archived and move.archived is OnArchived.NO:
        return _("This post is archived: restore it first.")
    if not archived and move.archived is OnArchived.ONLY:
        return _("This post is not archived.")
    if post.state in move.sources:
        return None
    if move.name in DECISIONS and move.name != "advise":
        decision = approval.decision_on_current_version(post)
        if decision is not None:
            return _("%(name)s has already decided on this version: %(decision)s.") % {
                "name": decision.decided_by.get_username(),
                "decision": decision.get_kind_display()}
    return _("This cannot be done while the post is “%(state)s”.") % {
        "state": post.get_state_display()}


def ensure(user, post, name, situation=None, **details):
    """Raise unless the move is allowed: PermissionDenied for the wrong person,
    TransitionError (its message shown as is) for the wrong moment."""
    reason = refusal(user, post, name, situation, **details)
    if reason is None:
        return
    if reason.forbidden:
        raise PermissionDenied(f"{name}: {reason}")
    raise TransitionError(str(reason))


def available(user, post, situation=None):
    """The moves ``user`` can make on ``post`` now, in the table's order."""
    situation = situation or Situation(post, user)
    return [move for move in MOVES.values()
            if not move.is_system and refusal(user, post, move.name, situation) is None]


@dataclass
class Offer:
    """The moves a page shows, by where it shows them."""

    moves: list = field(default_factory=list)

    def at(self, place):
        return [move for move in self.moves if move.place is place]

    @property
    def names(self):
        return {move.name for move in self.moves}


# -- the one place a post changes state ------------------------------------------------


def shift(post, actor, name, to_state, *, crisis_lane=False, **data):
    """Move ``post`` (locked by the caller) to ``to_state`` as the move ``name``,
    record its event with ``data``, and open or close its review round."""
    from_state = post.state
    post.state = to_state
    post.save()
    if from_state == State.IN_REVIEW and to_state != State.IN_REVIEW:
        approval.close_round(post, to_state)
    elif to_state == State.IN_REVIEW and from_state != State.IN_REVIEW:
        approval.open_round(post, crisis_lane=crisis_lane)
    return record(name, actor=actor, post=post, from_state=from_state, to_state=to_state,
                  **data)

