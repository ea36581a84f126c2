"""Who is told of an event, and as which kind of notice.

Each action the notices cover has one function below that names the people
it concerns (by id, by role, by @username, or the whole brand), from the
event, the data it carries and the post as it is now: its Turn rows say who
can decide it (socialgov/posts/approval.py keeps them). ``members`` then
keeps only the brand's active members who are active users, never the actor:
whoever a function names, nobody else is told.
"""

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from socialgov.accounts.models import ROLE_RANK, Membership, Role
from socialgov.audit.models import Action
from socialgov.notify.kinds import RANK, Kind
from socialgov.posts.models import Comment, State, Turn

# "@name" not inside a word or an e-mail address; Django usernames hold
# letters, digits and @ . + - _.
MENTION = re.compile(r"(?<![\w.@+-])@([\w.@+-]+)")
MAX_MENTIONS = 50


@dataclass
class Audience:
    """The people an event concerns, before ``members`` keeps the brand's active ones."""

    users: dict = field(default_factory=dict)  # user id → kind
    roles: dict = field(default_factory=dict)  # role → kind
    usernames: dict = field(default_factory=dict)  # lower-cased username → kind
    everyone: str | None = None  # the kind every member gets

    def add(self, user_id, kind):
        if user_id is not None:
            self.users[user_id] = _first(self.users.get(user_id), kind)

    def __bool__(self):
        return bool(self.users or self.roles or self.usernames or self.everyone)


def _first(*kinds):
    """The kind that takes precedence (kinds.PRECEDENCE), or None."""
    present = [kind for kind in kinds if kind]
    return min(present, key=RANK.__getitem__) if present else None


class Member(NamedTuple):
    user_id: int
    role: str
    username: str
    email: str
    kind: str


def members(event, audience):
    """The brand's active members ``audience`` names, each with their kind of
    notice; never the actor. One query."""
    if not audience or event.brand_id is None:
        return []
    rows = Membership.objects.active().filter(brand_id=event.brand_id, user__is_active=True)
    if event.actor_id is not None:
        rows = rows.exclude(user_id=event.actor_id)
    if audience.everyone is None:
        rows = rows.annotate(lowered=Lower("user__username")).filter(
            Q(user_id__in=list(audience.users)) | Q(role__in=list(audience.roles))
            | Q(lowered__in=list(audience.usernames)))
    found = []
    for user_id, role, username, email in rows.order_by("user_id").values_list(
            "user_id", "role", "user__username", "user__email"):
        kind = _first(audience.everyone, audience.users.get(user_id), audience.roles.get(role),
                      audience.usernames.get(username.lower()))
        if kind:
            found.append(Member(user_id, role, username, email, kind))
    return found


def url_for(event, member):
    """The page a member's notice opens: the post's, or for the brand's own
    events the crisis page to those who may open it (the banner on every page
    to the others)."""
    if event.post_id is not None:
        return reverse("posts:detail", args=[event.post_id])
    if event.action in (Action.CRISIS_STARTED, Action.CRISIS_ENDED) and (
            ROLE_RANK[member.role] >= ROLE_RANK[Role.APPROVER]):
        return reverse("brands:crises", args=[event.brand.slug])
    return reverse("posts:mine")


# -- who each action concerns -----------------------------------------------------------


def _turns(event, audience, kind, *, deciding_only=False):
    """The people with a Turn on the event's post now (who can decide a step of
    its open round), if the round is still the event's version's."""
    turns = Turn.objects.filter(post_id=event.post_id)
    if event.version_id is not None:
        turns = turns.filter(review_round__version_id=event.version_id)
    if deciding_only:
        turns = turns.filter(step__advisory=False)
    for user_id in turns.values_list("user_id", flat=True):
        audience.add(user_id, kind)


def _author(event, audience, kind):
    audience.add(event.post.author_id, kind)


def checked(event, audience):
    if event.to_state == State.SENT_BACK:
        _author(event, audience, Kind.SENT_BACK)
    elif event.to_state == State.IN_REVIEW:
        _turns(event, audience, Kind.SUBMITTED)


def waiver_asked(event, audience):
    _turns(event, audience, Kind.SUBMITTED)
    audience.roles[Role.BRAND_ADMIN] = Kind.WAIVER_ASKED


def step_approved(event, audience):
    """A deciding step is done and the round moved on: the next step's people.
    One approval of an "all of them" step leaves the step where it was: nobody."""
    if event.data.get("advisory"):
        return
    rows = list(Turn.objects.filter(post_id=event.post_id,
                                    review_round__version_id=event.version_id)
                .values_list("user_id", "step_id", "step__key", "review_round__current_step_id"))
    current = [(user_id, key) for user_id, step_id, key, current_id in rows
               if step_id == current_id]
    for user_id, key in current:
        if key != event.data.get("step"):
            audience.add(user_id, Kind.SUBMITTED)


def decided(event, audience):
    _author(event, audience, Kind.DECISION)


def waived(event, audience):
    _author(event, audience, Kind.WAIVER_GRANTED)


def pulled_back(event, audience):
    """A re-check (a new watch word, a rule changed) sent the post back: its
    author, and the brand's approvers and brand admins, who had it in review
    or approved."""
    _author(event, audience, Kind.PULLED_BACK)
    audience.roles[Role.APPROVER] = Kind.PULLED_BACK
    audience.roles[Role.BRAND_ADMIN] = Kind.PULLED_BACK


def mentioned(text):
    """The lower-cased usernames ``text`` mentions (``@name``), at most MAX_MENTIONS;
    a mention at the end of a sentence ("@manager.") names "manager" too."""
    names = set()
    for match in MENTION.finditer(text or ""):
        name = match.group(1).lower()
        names.add(name)
        names.add(name.rstrip(".@+-"))
        if len(names) >= MAX_MENTIONS:
            break
    names.discard("")
    return names


def commented(event, audience):
    """A new thread or a reply: the post's author and the thread's participants;
    the people it mentions by @username, as mentions."""
    comment = Comment.objects.filter(pk=event.data.get("comment")).values(
        "body", "parent_id").first()
    if comment is None:
        return
    _author(event, audience, Kind.COMMENT)
    thread = comment["parent_id"]
    if thread is not None:
        for author_id in Comment.objects.filter(Q(pk=thread) | Q(parent_id=thread)).values_list(
                "author_id", flat=True):
            audience.add(author_id, Kind.COMMENT)
    for name in mentioned(comment["body"]):
        audience.usernames[name] = Kind.MENTION


def crisis(event, audience):
    audience.everyone = Kind.CRISIS


def expiring(event, audience):
    """The author, the people who could decide it when it was warned about (named
    in the event: the warning may come with the expiry) and the brand admins."""
    _author(event, audience, Kind.EXPIRING)
    for user_id in event.data.get("deciders", ()):
        audience.add(user_id, Kind.EXPIRING)
    audience.roles[Role.BRAND_ADMIN] = Kind.EXPIRING


def reminded(event, audience):
    _turns(event, audience, Kind.REMINDER, deciding_only=True)


WHO = {
    Action.CHECK_DONE: checked,
    Action.ASK_WAIVER: waiver_asked,
    Action.STEP_APPROVED: step_approved,
    Action.APPROVE: decided,
    Action.CRISIS_SIGNOFF: decided,
    Action.REJECT: decided,
    Action.REQUEST_CHANGES: decided,
    Action.APPROVAL_CARRIED: decided,
    Action.WAIVE: waived,
    Action.RECHECK: pulled_back,
    Action.COMMENT_ADDED: commented,
    Action.COMMENT_REPLIED: commented,
    Action.CRISIS_STARTED: crisis,
    Action.CRISIS_ENDED: crisis,
    Action.EXPIRY_WARNING: expiring,
    Action.REVIEW_REMINDER: reminded,
}
# Events about a post need it: one whose post is gone tells nobody.
BRAND_EVENTS = {Action.CRISIS_STARTED, Action.CRISIS_ENDED}


def concerns_anyone(action):
    """Does an event of ``action`` ever tell someone? (No query: the receiver asks.)"""
    return action in WHO


def audience_of(event):
    who = WHO.get(event.action)
    audience = Audience()
    if who is None or (event.post_id is None and event.action not in BRAND_EVENTS):
        return audience
    who(event, audience)
    return audience


def recipients(event):
    """The members ``event`` concerns, with their kinds of notice."""
    return members(event, audience_of(event))
