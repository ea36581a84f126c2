"""The approval path of a post: its review rounds, their steps, the decisions
recorded on them, how far a round has come, and who can decide it now.

A brand's path is its ordered ApprovalSteps; a brand without any has the
default path, one step that any approver decides. When a version enters
review (``open_round``), the steps that apply to its check's risk are copied
into a ReviewRound, so a path edited meanwhile never changes a review under
way. During crisis mode a crisis response follows the crisis lane instead:
any approver, then a brand admin's "Crisis sign-off". A reply to a customer
follows the reply lane, one approver, when its brand says replies need no more.

How far a round has come is computed from its steps, its decisions and the
brand's people as they are today (active memberships, review groups,
absences):

* A step decided by "any one" is done with one approval; by "all", once every
  eligible person who is present has approved. Eligible: holds the step's role
  or is in its group, is not the version's author, and has not filled another
  step of the round (one person fills one step).
* Nothing waits on an absent person: an "all" step skips those away today;
  a step left with nobody present is decided by any brand admin instead.
* Advisory steps never block and are never required; their reviewers approve
  or comment at any time while the round is open.
* The current step is the first step not done; only it can be decided (and
  the advisory ones). A request for changes or a rejection there ends the round.

``record_decision`` stores a decision and returns the outcome; the post's
move acts on it (socialgov/posts/actions.py). This module never moves a post.
The members who can decide now are kept as Turn rows (``refresh``), which the
review queue reads.
"""

import enum
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialgov.accounts.models import ROLE_RANK, Absence, Membership, Role
from socialgov.brands.models import RISK_ORDER, Brand, Deciders, ReviewGroup, StepRule
from socialgov.posts import replies
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import (
    Decision,
    DecisionKind,
    PostVersion,
    ReviewClaim,
    ReviewRound,
    RoundOutcome,
    RoundStep,
    State,
    Turn,
    content_hash,
)

DEFAULT_STEP_KEY = "review"
CRISIS_STEP_KEY = "crisis"
REPLY_STEP_KEY = "reply"
BUILT_IN_STEP_NAMES = {
    DEFAULT_STEP_KEY: gettext_lazy("Review"),
    CRISIS_STEP_KEY: gettext_lazy("Crisis sign-off"),
    REPLY_STEP_KEY: gettext_lazy("Reply review"),
}


@dataclass
class StepSpec:
    """A step as it is copied into a round."""

    key: str
    name: str
    decided_by: str
    rule: str = StepRule.ANY
    advisory: bool = False
    group: ReviewGroup | None = None

    def as_round_step(self, review_round, position):
        return RoundStep(
            review_round=review_round, position=position, key=self.key, name=self.name,
            decided_by=self.decided_by, group=self.group,
            group_name=self.group.name if self.group else "", rule=self.rule,
            advisory=self.advisory,
        )


def default_step():
    return StepSpec(DEFAULT_STEP_KEY, "Review", Deciders.APPROVERS)


def crisis_step():
    return StepSpec(CRISIS_STEP_KEY, "Crisis sign-off", Deciders.BRAND_ADMINS)


def reply_step():
    return StepSpec(REPLY_STEP_KEY, "Reply review", Deciders.APPROVERS)


def applies(step, risk):
    """Does the brand's ``step`` apply to a post whose check found ``risk``?"""
    if not step.applies_from_risk:
        return True
    return RISK_ORDER.get(risk or "none", 0) >= RISK_ORDER[step.applies_from_risk]


def path_for(brand, risk, *, crisis_lane=False, reply_lane=False):
    """The steps a version of ``brand`` whose check found ``risk`` goes through.

    A path must have a step that decides: when none of the brand's deciding
    steps applies (or it has none), the default review step comes first. The
    crisis lane is the default step and the brand admins' sign-off, nothing
    more: a recall notice must not wait on the brand's usual path. The reply
    lane (a reply to a customer, in a brand whose replies need one approver)
    is one step that any approver decides, whatever the brand's other steps;
    the crisis lane comes first when both apply.
    """
    if crisis_lane:
        return [default_step(), crisis_step()]
    if reply_lane:
        return [reply_step()]
    specs = [
        StepSpec(step.key, step.name, step.decided_by, step.rule, step.advisory, step.group)
        for step in brand.approval_steps.select_related("group")
        if applies(step, risk)
    ]
    if not any(not spec.advisory for spec in specs):
        specs.insert(0, default_step())
    return specs


def step_name(key, name):
    """The name shown for a step: the built-in steps in the reader's language."""
    if key in BUILT_IN_STEP_NAMES:
        return str(BUILT_IN_STEP_NAMES[key])
    return name or key


# -- people -----------------------------------------------------------------------


@dataclass
class People:
    """Who is in the brand today: active members' roles, groups, absences."""

    roles: dict  # user id → role, active memberships of active users only
    names: dict  # user id → username
    groups: dict  # group id → set of user ids
    away: set

    def eligible(self, step):
        """The active members who may decide ``step`` by their role or group."""
        if step.decided_by == Deciders.GROUP:
            members = self.groups.get(step.group_id, set())
            return {uid for uid in members if uid in self.roles}
        least = Role.BRAND_ADMIN if step.decided_by == Deciders.BRAND_ADMINS else Role.APPROVER
        return {uid for uid, role in self.roles.items() if ROLE_RANK[role] >= ROLE_RANK[least]}

    @property
    def brand_admins(self):
        return {uid for uid, role in self.roles.items() if role == Role.BRAND_ADMIN}


def people_of(brand, day=None, *, groups=True):
    """The brand's people as the path counts them: a deactivated member counts
    for nothing in this brand, even when they are active in another.
    ``groups=False``: the path names no review group, so they are not read."""
    day = day or brand.today()
    away_today = Absence.objects.filter(user=OuterRef("user"), starts_on__lte=day,
                                        ends_on__gte=day)
    memberships = (Membership.objects.active()
                   .filter(brand=brand, user__is_active=True)
                   .annotate(away=Exists(away_today))
                   .values_list("user_id", "role", "user__username", "away"))
    roles, names, away = {}, {}, set()
    for user_id, role, username, is_away in memberships:
        roles[user_id] = role
        names[user_id] = username
        if is_away:
            away.add(user_id)
    members = {}
    if groups:
        for group_id, user_id in ReviewGroup.members.through.objects.filter(
                reviewgroup__brand=brand).values_list("reviewgroup_id", "user_id"):
            members.setdefault(group_id, set()).add(user_id)
    return People(roles, names, members, away)


# -- progress ------------------------------------------------------------------------


@dataclass
class StepProgress:
    step: RoundStep
    decisions: list = field(default_factory=list)
    done: bool = False
    current: bool = False
    # Present people the step still waits on, and whether nobody eligible is
    # present so that brand admins decide it.
    waiting_on: set = field(default_factory=set)
    backup: bool = False
    blocked_out: set = field(default_factory=set)  # filled another step, or the author
    waiting_names: list = field(default_factory=list)

    @property
    def key(self):
        return self.step.key

    @property
    def name(self):
        return step_name(self.step.key, self.step.name)

    @property
    def approvals(self):
        return [d for d in self.decisions if d.kind == DecisionKind.APPROVE]

    @property
    def advisory(self):
        return self.step.advisory

    @property
    def rule_label(self):
        return StepRule(self.step.rule).label

    @property
    def deciders_label(self):
        if self.step.decided_by == Deciders.GROUP:
            return self.step.group_name
        return Deciders(self.step.decided_by).label


@dataclass
class Progress:
    round: ReviewRound | None
    people: People | None
    steps: list = field(default_factory=list)
    author_id: int | None = None

    @property
    def current(self):
        return next((s for s in self.steps if s.current), None)

    @property
    def complete(self):
        return self.round is not None and all(s.done for s in self.steps if not s.advisory)

    @property
    def filled_by(self):
        """Who filled which deciding step: user id → step key."""
        return {d.decided_by_id: s.key for s in self.steps if not s.advisory
                for d in s.decisions}

    @property
    def awaiting_crisis_signoff(self):
        """A crisis response an approver approved, waiting for a brand admin."""
        current = self.current
        return current is not None and current.key == CRISIS_STEP_KEY and any(
            not s.advisory and s.decisions for s in self.steps)

    def step(self, key):
        return next((s for s in self.steps if s.key == key), None)

    def deciders(self, step):
        """The members who can decide ``step`` now (approve it, or comment on an
        advisory one). Superusers are not members: see ``can_decide``."""
        if self.round is None or not self.round.is_open:
            return set()
        mine = {d.decided_by_id for d in step.decisions}
        if step.advisory:
            return self.people.eligible(step.step) - mine - {self.author_id}
        if not step.current:
            return set()
        filled = self.filled_by
        others = {uid for uid, key in filled.items() if key != step.key}
        may = self.people.eligible(step.step)
        if step.backup:
            may = may | self.people.brand_admins
        return may - mine - others - {self.author_id}

    def can_decide(self, user, step):
        """May ``user`` decide ``step`` now? Superusers act as brand admins."""
        if not user.is_active or user.pk == self.author_id:
            return False
        if not user.is_superuser:
            return user.pk in self.deciders(step)
        if self.round is None or not self.round.is_open or step.step.decided_by == Deciders.GROUP:
            return False
        if any(d.decided_by_id == user.pk for d in step.decisions):
            return False
        if step.advisory:
            return True
        return step.current and self.filled_by.get(user.pk, step.key) == step.key

    def decidable(self, user):
        """The steps ``user`` can decide now: the current one first, then advisory ones."""
        steps = [s for s in self.steps if s.current and self.can_decide(user, s)]
        return steps + [s for s in self.steps if s.advisory and self.can_decide(user, s)]

    def step_for(self, user, kind, step_key=None):
        """The step ``user``'s decision of ``kind`` fills, and None; or None and the
        reason there is none.

        An approval fills the current step, or else an advisory step of theirs; a
        comment only an advisory step; a request for changes or a rejection only
        the current step. ``step_key`` names the step the reviewer saw: if the post
        moved on since, the decision is refused, not moved to another step.
        """
        steps = self.decidable(user)
        if kind == DecisionKind.COMMENT:
            steps = [s for s in steps if s.advisory]
        elif kind != DecisionKind.APPROVE:
            steps = [s for s in steps if not s.advisory]
        if step_key:
            chosen = next((s for s in steps if s.key == step_key), None)
            seen = self.step(step_key)
            if chosen is None and seen is not None and seen.done and seen.approvals:
                names = ", ".join(d.decided_by.get_username() for d in seen.approvals)
                return None, _("%(name)s has already decided on this version: %(decision)s.") % {
                    "name": names, "decision": DecisionKind.APPROVE.label}
        else:
            chosen = steps[0] if steps else None
        if chosen is not None:
            return chosen, None
        if kind == DecisionKind.COMMENT:
            return None, _("Only an advisory reviewer of this post can comment here.")
        return None, self._why_not(user, kind)

    def _why_not(self, user, kind):
        current = self.current
        if self.round is None or current is None:
            return _("This post is not waiting for a decision.")
        filled = self.filled_by.get(user.pk)
        if filled == CRISIS_STEP_KEY or (current.key == CRISIS_STEP_KEY and filled):
            return _("You have already approved this crisis response: a brand admin, "
                     "another person, signs it off.")
        if filled is not None and filled != current.key:
            return _("You have already decided a step of this post (“%(step)s”): another "
                     "person decides “%(current)s”.") % {"step": self.step(filled).name,
                                                         "current": current.name}
        if any(d.decided_by_id == user.pk for d in current.decisions):
            return _("You have already approved “%(step)s”; it waits for the others.") % {
                "step": current.name}
        if current.key == CRISIS_STEP_KEY:
            return _("This crisis response waits for a brand admin's sign-off.")
        if kind != DecisionKind.APPROVE and any(s.advisory and self.can_decide(user, s)
                                                 for s in self.steps):
            return _("An advisory step only comments: it cannot send the post back or "
                     "reject it.")
        return _("This post waits on “%(step)s”, which you cannot decide.") % {
            "step": current.name}


NO_PROGRESS = Progress(None, None)


def latest_round(post):
    """The latest round of the post's current version (the open one, if any), or None."""
    return (ReviewRound.objects.filter(version_id=post.current_version_id)
            .select_related("carried_from__version").order_by("-number").first())


def progress(post, review_round=None, people=None):
    """How far the post's current review has come (its latest round if none is open)."""
    review_round = review_round or latest_round(post)
    if review_round is None:
        return NO_PROGRESS
    steps = list(review_round.steps.all())
    people = people or people_of(post.brand, groups=any(
        s.decided_by == Deciders.GROUP for s in steps))
    decisions = list(
        Decision.objects.filter(version_id=review_round.version_id,
                                round_number=review_round.number)
        .select_related("decided_by").order_by("created_at", "pk")
    )
    return compute(review_round, steps, decisions, people, post.current_version.author_id
                   if post.current_version_id == review_round.version_id
                   else review_round.version.author_id)


def compute(review_round, steps, decisions, people, author_id):
    result = Progress(review_round, people, author_id=author_id)
    filled = {d.decided_by_id: d.step for d in decisions if not d.advisory}
    current_found = False
    for spec in steps:
        item = StepProgress(spec, [d for d in decisions if d.step == spec.key])
        result.steps.append(item)
        if spec.advisory:
            continue
        approved_by = {d.decided_by_id for d in item.approvals}
        item.blocked_out = {author_id} | {uid for uid, key in filled.items() if key != spec.key}
        present = people.eligible(spec) - item.blocked_out - people.away
        if spec.rule == StepRule.ALL:
            item.done = bool(approved_by) and present <= approved_by
        else:
            item.done = bool(approved_by)
        if not item.done:
            item.waiting_on = present - approved_by
            item.waiting_names = sorted(people.names.get(uid, "?") for uid in item.waiting_on)
            item.backup = not item.waiting_on
            if not current_found and review_round.is_open:
                item.current = current_found = True
    return result


# -- rounds --------------------------------------------------------------------------


def open_round(post, *, crisis_lane=False):
    """A new round for the post's current version, with a copy of its path, and
    who can decide it now."""
    version = post.current_version
    # Decisions made before rounds existed count as round 1: never reuse a number.
    before = PostVersion.objects.filter(pk=version.pk).aggregate(
        rounds=Max("review_rounds__number"), decisions=Max("decisions__round_number"))
    number = max(before["rounds"] or 0, before["decisions"] or 0) + 1
    review_round = ReviewRound.objects.create(post=post, version=version, number=number,
                                              risk=post.risk)
    specs = path_for(post.brand, post.risk, crisis_lane=crisis_lane,
                     reply_lane=replies.light_lane(post))
    steps = RoundStep.objects.bulk_create(
        spec.as_round_step(review_round, position) for position, spec in enumerate(specs)
    )
    # A new round has no decision yet: its progress is worked out from what is
    # at hand, and it has no turns to replace.
    people = people_of(post.brand, groups=any(s.decided_by == Deciders.GROUP for s in steps))
    state = compute(review_round, steps, [], people, version.author_id)
    _store_turns(post, state, fresh=True)
    return review_round


ROUND_OUTCOMES = {
    State.APPROVED: RoundOutcome.APPROVED,
    State.CHANGES_REQUESTED: RoundOutcome.CHANGES_REQUESTED,
    State.REJECTED: RoundOutcome.REJECTED,
}


def close_round(post, to_state):
    """End the post's open round as the state it moves to says; nobody decides
    it any more, and its claim goes."""
    ReviewRound.objects.filter(post=post, closed_at__isnull=True).update(
        closed_at=timezone.now(), current_step=None,
        outcome=ROUND_OUTCOMES.get(to_state, RoundOutcome.ENDED),
    )
    Turn.objects.filter(post=post).delete()
    ReviewClaim.objects.filter(post=post).delete()


class Outcome(enum.Enum):
    STEP_RECORDED = "step_recorded"  # the round goes on
    ROUND_APPROVED = "round_approved"  # every deciding step is done
    ROUND_ENDED = "round_ended"  # changes requested, or rejected
    CRISIS_SIGNOFF_NEEDED = "crisis_signoff_needed"  # approved, then crisis mode began


@dataclass
class Recorded:
    outcome: Outcome
    decision: Decision
    step: StepProgress


def record_decision(post, user, kind, step, state, *, text="", reasons=(), crisis=False):
    """Store ``user``'s decision of ``kind`` on ``step`` of the round ``state``
    describes, and say what it means for the round. ``crisis``: crisis mode is
    on and the post is a crisis response, so a complete path that has no
    sign-off step yet gets one."""
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                post=post, version=post.current_version, decided_by=user, kind=kind,
                reason=text, step=step.key, round_number=state.round.number,
                step_name=step.step.name, step_rule=step.step.rule,
                advisory=step.step.advisory,
            )
    except IntegrityError:
        # Row locks make this rare; the constraints make it impossible.
        raise TransitionError(_("Another reviewer has already decided on this version.")) from None
    if reasons:
        decision.reasons.set(reasons)
    if not step.advisory and kind != DecisionKind.APPROVE:
        return Recorded(Outcome.ROUND_ENDED, decision, step)
    step.decisions.append(decision)
    state = compute(state.round, [s.step for s in state.steps],
                    [d for s in state.steps for d in s.decisions], state.people, state.author_id)
    if step.advisory or not state.complete:
        _store_turns(post, state)
        return Recorded(Outcome.STEP_RECORDED, decision, step)
    if crisis and state.step(CRISIS_STEP_KEY) is None:
        # Crisis mode came after the review started: the brand admins sign off last.
        crisis_step().as_round_step(state.round, len(state.steps)).save()
        refresh_round(post, state.round)
        return Recorded(Outcome.CRISIS_SIGNOFF_NEEDED, decision, step)
    return Recorded(Outcome.ROUND_APPROVED, decision, step)


def carry_source(post):
    """The approved round of the previous version, when the current version
    differs from it by its planned time alone; else None."""
    current = post.current_version
    if current is None or current.number < 2:
        return None
    previous = post.versions.filter(number=current.number - 1).first()
    if previous is None:
        return None
    same_but_time = {**current.fields(), "planned_at": previous.planned_at}
    if content_hash(same_but_time) != previous.content_hash:
        return None
    return (ReviewRound.objects.filter(version=previous, outcome=RoundOutcome.APPROVED)
            .select_related("version").order_by("-number").first())


def carry_over(post, source, risk):
    """Copy the approved round ``source`` (of the previous version) and its
    decisions onto the post's current version, closed as approved. Returns the
    names of the people whose decisions carry."""
    review_round = ReviewRound.objects.create(
        post=post, version=post.current_version, number=1, risk=risk,
        outcome=RoundOutcome.APPROVED, carried_from=source, closed_at=timezone.now())
    RoundStep.objects.bulk_create(
        RoundStep(review_round=review_round, position=s.position, key=s.key, name=s.name,
                  decided_by=s.decided_by, group=s.group, group_name=s.group_name, rule=s.rule,
                  advisory=s.advisory)
        for s in source.steps.all()
    )
    carried = list(Decision.objects.filter(version_id=source.version_id,
                                           round_number=source.number)
                   .select_related("decided_by").order_by("created_at", "pk"))
    Decision.objects.bulk_create(
        Decision(post=post, version=post.current_version, decided_by_id=d.decided_by_id,
                 kind=d.kind, step=d.step, round_number=1, step_name=d.step_name,
                 step_rule=d.step_rule, advisory=d.advisory, reason=d.reason, carried_from=d)
        for d in carried
    )
    return sorted({d.decided_by.get_username() for d in carried if not d.advisory})


def decision_on_current_version(post):
    """The decision that ended the version's last review (advisory opinions aside)."""
    return (
        Decision.objects.filter(version_id=post.current_version_id, advisory=False)
        .select_related("decided_by")
        .order_by("-created_at", "-pk")
        .first()
    )


# -- turns: who can decide now, as rows --------------------------------------------------


def turns_of(post_id, state):
    """The Turn rows of ``state``: one per person who can decide each step now,
    marked ``backup`` when nobody who may decide the step is present."""
    return [Turn(post_id=post_id, review_round=state.round, step=item.step, user_id=uid,
                 backup=item.backup)
            for item in state.steps for uid in sorted(state.deciders(item))]


def _store_turns(post, state, fresh=False):
    """Replace the round's turns with what ``state`` says (``fresh``: it has none
    yet), and note its current step."""
    review_round = state.round
    if not fresh:
        Turn.objects.filter(review_round=review_round).delete()
    Turn.objects.bulk_create(turns_of(post.pk, state))
    current = state.current
    current_id = current.step.pk if current is not None else None
    if review_round.current_step_id != current_id:
        review_round.current_step_id = current_id
        ReviewRound.objects.filter(pk=review_round.pk).update(current_step_id=current_id)


def refresh_round(post, review_round, people=None):
    _store_turns(post, progress(post, review_round, people))


def refresh(brand):
    """Work out again who can decide the brand's open rounds, after its people
    changed (roles, groups, a deactivation, an absence, a new day). A few
    queries for the rounds, their steps and decisions whatever their number,
    then the rows. Returns how many rounds were looked at."""
    rounds = list(ReviewRound.objects.filter(post__brand=brand, closed_at__isnull=True)
                  .select_related("post", "version"))
    if not rounds:
        return 0
    people = people_of(brand)
    steps, decisions = {}, {}
    for step in RoundStep.objects.filter(review_round__in=rounds).order_by("position", "pk"):
        steps.setdefault(step.review_round_id, []).append(step)
    for decision in (Decision.objects.filter(version_id__in={r.version_id for r in rounds})
                     .order_by("created_at", "pk")):
        decisions.setdefault((decision.version_id, decision.round_number), []).append(decision)
    wanted, currents = [], {}
    for review_round in rounds:
        state = compute(review_round, steps.get(review_round.pk, []),
                        decisions.get((review_round.version_id, review_round.number), []),
                        people, review_round.version.author_id)
        wanted.extend(turns_of(review_round.post_id, state))
        current = state.current
        currents[review_round.pk] = current.step.pk if current is not None else None
    Turn.objects.filter(review_round__in=rounds).delete()
    Turn.objects.bulk_create(wanted)
    for review_round in rounds:
        if review_round.current_step_id != currents[review_round.pk]:
            ReviewRound.objects.filter(pk=review_round.pk).update(
                current_step_id=currents[review_round.pk])
    return len(rounds)



def refresh_on_new_day(days_seen):
    """Absences begin and end with the day: on each brand's new day (and on the
    first call), work out again who can decide its open rounds. ``days_seen``
    maps brand ids to the day last refreshed; the scheduler keeps it."""
    brands = Brand.objects.filter(
        pk__in=ReviewRound.objects.filter(closed_at__isnull=True).values("post__brand_id"))
    refreshed = 0
    for brand in brands:
        today = brand.today()
        if days_seen.get(brand.pk) != today:
            refresh(brand)
            days_seen[brand.pk] = today
            refreshed += 1
    return refreshed
