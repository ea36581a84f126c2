"""Presenter: what needs a person today, across their brands (the home page).

Each block reads the same definitions as the lists it links to
(``socialgov.posts.lists.SITUATIONS`` and ``waiting_on``), so a number on the
home page is the length of the list behind its link. A constant number of
queries, whatever the number of brands and posts.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from socialgov.accounts.models import ROLE_RANK, Invitation, Membership, Role
from socialgov.brands.models import Brand, WatchWord
from socialgov.posts import lists
from socialgov.posts.models import Post

# How many posts a block lists before "See all".
SHOWN = 5
# Watch words expiring within this many days are shown to brand admins.
WATCH_WORD_NOTICE = timedelta(days=7)


@dataclass
class Block:
    count: int = 0
    posts: list = field(default_factory=list)
    link: str = ""


@dataclass
class Review(Block):
    oldest: object = None  # when the longest-waiting post was submitted
    soonest: object = None  # the earliest planned time among them


@dataclass
class Desk:
    is_member: bool = False
    was_deactivated: bool = False
    review: Review | None = None
    back: Block | None = None
    due_soon: Block | None = None
    waiting: Block | None = None
    nobody_present: Block | None = None
    waivers: Block | None = None
    watch_words: list = field(default_factory=list)
    invitations: list = field(default_factory=list)
    administers: bool = False
    can_draft: bool = False


def _list_link(name, **query):
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _shown(posts):
    return list(posts.select_related("brand", "author", "current_version",
                                     "customer_reply")[:SHOWN])


def of(user):
    """The home page of ``user``."""
    now = timezone.now()
    roles = dict(Membership.objects.active().filter(user=user).values_list("brand_id", "role"))
    desk = Desk(is_member=bool(roles) or user.is_superuser,
                can_draft=bool(roles) or user.is_superuser)
    if not desk.is_member:
        # Only deactivated memberships: an account that stayed active (staff)
        # or was left active by hand. Their login worked; this page says why
        # they see nothing, as the login page says to a closed account.
        desk.was_deactivated = Membership.objects.filter(user=user).exists()
        return desk
    ranks = [ROLE_RANK[role] for role in roles.values()]
    reviews = user.is_superuser or Brand.objects.reviewed_by(user).exists()
    if reviews:
        waiting = lists.waiting_on(user)
        figures = waiting.aggregate(
            count=Count("pk"), soonest=Min("current_version__planned_at"),
            oldest=Min("review_rounds__started_at",
                       filter=Q(review_rounds__closed_at__isnull=True)))
        desk.review = Review(count=figures["count"], oldest=figures["oldest"],
                             soonest=figures["soonest"], link=reverse("posts:review_queue"),
                             posts=_shown(lists.queue_order(waiting)))
    mine = Post.objects.current().filter(author=user)
    counts = mine.aggregate(**{
        name: Count("pk", filter=Q(pk__in=lists.in_situation(mine, name, now).values("pk")))
        for name in ("came_back", "due_soon", "waiting")})
    desk.back = Block(counts["came_back"], _shown(
        lists.in_situation(mine, "came_back", now).order_by("-updated_at", "-pk")),
        _list_link("posts:mine", situation="came_back"))
    desk.due_soon = Block(counts["due_soon"], _shown(
        lists.in_situation(mine, "due_soon", now).order_by("current_version__planned_at")),
        _list_link("posts:mine", situation="due_soon"))
    desk.waiting = Block(counts["waiting"], [], _list_link("posts:mine", situation="waiting"))
    administered = (Brand.objects.all() if user.is_superuser else Brand.objects.filter(
        pk__in=[b for b, role in roles.items() if ROLE_RANK[role] >= ROLE_RANK[Role.BRAND_ADMIN]]))
    desk.administers = user.is_superuser or any(
        rank >= ROLE_RANK[Role.BRAND_ADMIN] for rank in ranks)
    if desk.administers:
        theirs = Post.objects.current().filter(brand__in=administered)
        for name in ("nobody_present", "waiver_asked"):
            posts = lists.in_situation(theirs, name, now)
            block = Block(posts.count(), _shown(posts.order_by("current_version__planned_at")),
                          _list_link("posts:mine", author="any", situation=name))
            setattr(desk, "waivers" if name == "waiver_asked" else name, block)
        today = timezone.localdate()
        desk.watch_words = list(
            WatchWord.objects.filter(brand__in=administered, expires_on__gte=today,
                                     expires_on__lte=today + WATCH_WORD_NOTICE)
            .select_related("brand").order_by("expires_on", "term"))
        desk.invitations = list(
            Invitation.objects.open().filter(brand__in=administered, expires_at__gt=now)
            .values("brand__name", "brand__slug").annotate(count=Count("pk"))
            .order_by("brand__name"))
    return desk
