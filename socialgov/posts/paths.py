"""The approval path of a post: its steps, who may decide each, how far it has come.

A brand's path is its ordered ApprovalSteps; a brand without any has the
default path, one step that any approver decides. When a version enters
review, the steps that apply to its check's risk are copied into a
ReviewRound (so a path edited meanwhile never changes a review under way).
During crisis mode a crisis response also gets the brand admins' sign-off
as its last step.

Progress is computed, never stored: from the round's steps, its decisions,
and the brand's people as they are today (roles, review groups, absences).

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

These are plain functions over model instances: ``load`` reads what they need
in a handful of queries, the rest computes.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialgov.accounts.models import ROLE_RANK, Absence, Membership, Role
from socialgov.brands.models import Deciders, ReviewGroup, StepRule
from socialgov.posts.models import (
    RISK_ORDER,
    Decision,
    DecisionKind,
    ReviewRound,
    RoundStep,
    State,
)

DEFAULT_STEP_KEY = "review"
CRISIS_STEP_KEY = "crisis"
BUILT_IN_STEP_NAMES = {
    DEFAULT_STEP_KEY: gettext_lazy("Review"),
    CRISIS_STEP_KEY: gettext_lazy("Crisis sign-off"),
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


def applies(step, risk):
    """Does the brand's ``step`` apply to a post whose check found ``risk``?"""
    if not step.applies_from_risk:
        return True
    return RISK_ORDER.get(risk or "none", 0) >= RISK_ORDER[step.applies_from_risk]


def path_for(brand, risk, *, crisis=False):
    """The steps a version of ``brand`` whose check found ``risk`` goes through.

    A path must have a step that decides: when none of the brand's deciding
    steps applies (or it has none), the default review step comes first.
    """
    specs = [
        StepSpec(step.key, step.name, step.decided_by, step.rule, step.advisory, step.group)
        for step in brand.approval_steps.select_related("group")
        if applies(step, risk)
    ]
    if not any(not spec.advisory for spec in specs):
        specs.insert(0, default_step())
    if crisis:
        specs.append(crisis_step())
    return specs


def step_name(step):
    """The name shown for a step (or a decision): built-in steps in the reader's language."""
    key = getattr(step, "key", None) or getattr(step, "step", "")
    if key in BUILT_IN_STEP_NAMES:
        return str(BUILT_IN_STEP_NAMES[key])
    return getattr(step, "name", "") or getattr(step, "step_name", "") or key


# -- people -----------------------------------------------------------------------


@dataclass
class People:
    """Who is in the brand today: roles of active members, groups, absences."""

    brand: object
    roles: dict  # user id → role
    names: dict  # user id → username
    groups: dict  # group id → set of user ids
    away: set

    def eligible(self, step):
        """The members who may decide ``step`` by their role or group."""
        if step.decided_by == Deciders.GROUP:
            members = self.groups.get(step.group_id, set())
            return {uid for uid in members if uid in self.roles}
        least = Role.BRAND_ADMIN if step.decided_by == Deciders.BRAND_ADMINS else Role.APPROVER
        return {uid for uid, role in self.roles.items() if ROLE_RANK[role] >= ROLE_RANK[least]}

    def may_fill(self, user, step):
        """May ``user`` decide ``step`` by role or group? Superusers act as brand admins."""
        if not user.is_active:
            return False
        if user.is_superuser:
            return step.decided_by != Deciders.GROUP
        return user.pk in self.eligible(step)

    def is_brand_admin(self, user):
        return user.is_active and (
            user.is_superuser or self.roles.get(user.pk) == Role.BRAND_ADMIN
        )


def people_of(brand, day=None):
    day = day or brand.today()
    memberships = (Membership.objects.filter(brand=brand, user__is_active=True)
                   .values_list("user_id", "role", "user__username"))
    roles, names = {}, {}
    for user_id, role, username in memberships:
        roles[user_id] = role
        names[user_id] = username
    groups = {}
    for group_id, user_id in ReviewGroup.members.through.objects.filter(
            reviewgroup__brand=brand).values_list("reviewgroup_id", "user_id"):
        groups.setdefault(group_id, set()).add(user_id)
    away = set(Absence.objects.filter(user_id__in=roles, starts_on__lte=day, ends_on__gte=day)
               .values_list("user_id", flat=True))
    return People(brand, roles, names, groups, away)


def is_away(user, day):
    return Absence.objects.filter(user=user, starts_on__lte=day, ends_on__gte=day).exists()


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
        return step_name(self.step)

    @property
    def approvals(self):
        return [d for d in self.decisions if d.kind == DecisionKind.APPROVE]

    @property
    def comments(self):
        return [d for d in self.decisions if d.kind == DecisionKind.COMMENT]

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
    post: object
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

    def step(self, key):
        return next((s for s in self.steps if s.key == key), None)

    def can_decide(self, user, step):
        """May ``user`` decide ``step`` now (approve, or comment on an advisory one)?"""
        if self.round is None or not self.round.is_open or user.pk == self.author_id:
            return False
        mine = [d for d in step.decisions if d.decided_by_id == user.pk]
        if step.advisory:
            return not mine and self.people.may_fill(user, step.step)
        if not step.current or mine:
            return False
        if self.filled_by.get(user.pk, step.key) != step.key:
            return False  # one person, one step
        if self.people.may_fill(user, step.step):
            return True
        return step.backup and self.people.is_brand_admin(user)

    def decidable(self, user):
        """The steps ``user`` can decide now: the current one first, then advisory ones."""
        steps = [s for s in self.steps if s.current and self.can_decide(user, s)]
        return steps + [s for s in self.steps if s.advisory and self.can_decide(user, s)]


def open_round(post):
    """The round under way for the post's current version, or None."""
    if post.state != State.IN_REVIEW:
        return None
    return (ReviewRound.objects.filter(version_id=post.current_version_id, closed_at__isnull=True)
            .order_by("-number").first())


def latest_round(post):
    return (ReviewRound.objects.filter(version_id=post.current_version_id)
            .order_by("-number").first())


def progress(post, review_round=None, people=None):
    """How far the post's current review has come (its latest round if none is open)."""
    review_round = review_round or open_round(post) or latest_round(post)
    if review_round is None:
        return Progress(post, None, None)
    people = people or people_of(post.brand)
    steps = list(review_round.steps.select_related("group"))
    decisions = list(
        Decision.objects.filter(version_id=review_round.version_id,
                                round_number=review_round.number)
        .select_related("decided_by").order_by("created_at", "pk")
    )
    return compute(post, review_round, steps, decisions, people)


def compute(post, review_round, steps, decisions, people):
    author_id = review_round.version.author_id
    result = Progress(post, review_round, people, author_id=author_id)
    by_step = {s.key: StepProgress(s, [d for d in decisions if d.step == s.key]) for s in steps}
    filled = {d.decided_by_id: d.step for d in decisions if not d.advisory}
    current_found = False
    for spec in steps:
        item = by_step[spec.key]
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


def decidable_posts(user, posts):
    """Of ``posts`` (in review), those with a step ``user`` can decide now, in order."""
    people_by_brand = {}
    out = []
    for post in posts:
        if post.brand_id not in people_by_brand:
            people_by_brand[post.brand_id] = people_of(post.brand)
        state = progress(post, people=people_by_brand[post.brand_id])
        if state.round is not None and state.decidable(user):
            out.append(post)
    return out


def carry_source(post):
    """The approved round of the previous version, when the current version
    differs from it by its planned time alone; else None."""
    from socialgov.posts.models import content_hash

    current = post.current_version
    if current is None or current.number < 2:
        return None
    previous = post.versions.filter(number=current.number - 1).first()
    if previous is None:
        return None
    same_but_time = {**current.fields(), "planned_at": previous.planned_at}
    if content_hash(same_but_time) != previous.content_hash:
        return None
    return (ReviewRound.objects.filter(version=previous, outcome="approved")
            .order_by("-number").first())


def refusal(user, state, kind):
    """Why ``user`` cannot make ``kind`` on the current review: a message to show."""
    current = state.current
    if state.round is None or current is None:
        return _("This post is not waiting for a decision.")
    filled = state.filled_by.get(user.pk)
    if filled == CRISIS_STEP_KEY or (current.key == CRISIS_STEP_KEY and filled):
        return _("You have already approved this crisis response: a brand admin, "
                 "another person, signs it off.")
    if filled is not None and filled != current.key:
        return _("You have already decided a step of this post (“%(step)s”): another person "
                 "decides “%(current)s”.") % {"step": step_name(state.step(filled).step),
                                                "current": current.name}
    if any(d.decided_by_id == user.pk for d in current.decisions):
        return _("You have already approved “%(step)s”; it waits for the others.") % {
            "step": current.name}
    if current.key == CRISIS_STEP_KEY:
        return _("This crisis response waits for a brand admin's sign-off.")
    if kind != DecisionKind.APPROVE and any(s.advisory and state.can_decide(user, s)
                                             for s in state.steps):
        return _("An advisory step only comments: it cannot send the post back or reject it.")
    return _("This post waits on “%(step)s”, which you cannot decide.") % {"step": current.name}
