"""The planning calendar's pages. Thin: the grid is socialgov/planning/grid.py's,
moving a post is socialgov/planning/moving.py's (the editor's own service), the
feed is socialgov/planning/feeds.py's."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socialgov.lib.errors import Refused
from socialgov.planning import feeds, grid, moving
from socialgov.planning.forms import CalendarQuery, MoveForm
from socialgov.planning.models import CalendarFeed
from socialgov.posts.drafts import planned_time_notes
from socialgov.posts.models import Post, State
from socialgov.posts.moves import MOVES

# The address made by the last renewal, shown once on the next page, then forgotten.
FRESH_TOKEN = "planning.feed_token"


def _language():
    return (get_language() or "en")[:2]


def _chosen_brand(slug, brands):
    """The brand ``?brand=`` names among the person's, None for all of them;
    any other answers 404, as if it did not exist."""
    if not slug:
        return None
    for brand in brands:
        if brand.slug == slug:
            return brand
    raise Http404("not one of your brands")


class Asked:
    """The calendar a query string (or a move form's fields) asks for."""

    def __init__(self, user, data):
        self.brands = grid.brands_of(user)
        self.brand = _chosen_brand(data.get("brand", ""), self.brands)
        self.query = CalendarQuery(data, brands=self.brands)
        self.today = grid.today_for(self.brand)
        self.view = self.query.value("view", grid.MONTH)
        self.day = self.query.value("date", self.today)

    def url(self, day=None):
        params = {"view": self.view, "date": (day or self.day).isoformat()}
        if self.brand is not None:
            params["brand"] = self.brand.slug
        return reverse("planning:calendar") + "?" + urlencode(params)


@login_required
@require_safe
def calendar(request):
    asked = Asked(request.user, request.GET)
    period = grid.build(request.user, [asked.brand] if asked.brand else asked.brands,
                        asked.view, asked.day, today=asked.today, language=_language(),
                        brand=asked.brand)
    return render(request, "planning/calendar.html", {
        "period": period,
        "query": asked.query,
        "brands": asked.brands,
    })


def _said_after_move(post, was_approved):
    """What the person reads once the post is on its new day."""
    planned = post.current_version.planned_at.astimezone(post.brand.tz)
    moved = _("Moved to %(when)s.") % {
        "when": formats.date_format(planned, "SHORT_DATETIME_FORMAT")}
    if post.state == State.CHECKING:
        done = _("Only the planned time changed: the post is checked again and keeps its "
                 "approval if nothing new is found.")
    elif was_approved and post.state != State.APPROVED:
        done = _("The check found something new on that day: the post is back in review.")
    else:
        done = str(MOVES["edit"].done_message(post))
    return f"{moved} {done}"


@login_required
@require_POST
def move(request, pk):
    """Move a post to the day the form names, keeping its time of day; back to
    the calendar, on the post's new day."""
    post = get_object_or_404(Post.objects.visible_to(request.user)
                             .select_related("brand", "current_version"), pk=pk)
    asked = Asked(request.user, request.POST)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["day"]))
        return redirect(asked.url())
    was_approved = post.state == State.APPROVED
    try:
        post, changed = moving.move_to_day(request.user, post, form.cleaned_data["day"])
    except Refused as error:
        messages.error(request, str(error))
        return redirect(asked.url())
    if not changed:
        messages.info(request, _("The post is already planned on that day."))
        return redirect(asked.url())
    post.refresh_from_db()
    messages.success(request, _said_after_move(post, was_approved))
    for level, note in planned_time_notes(post.current_version.planned_at):
        getattr(messages, level)(request, note)
    return redirect(asked.url(form.cleaned_data["day"]))


# -- the feed ------------------------------------------------------------------------------


@login_required
@require_safe
@never_cache
def feed_settings(request):
    """The person's feed: its address right after it is made, else when it was made."""
    token = request.session.pop(FRESH_TOKEN, None)
    return render(request, "planning/feed.html", {
        "feed": CalendarFeed.objects.filter(user=request.user).first(),
        "address": feeds.address(token) if token else None,
        "brands": feeds.brands_of(request.user),
        "past_days": feeds.FEED_PAST.days,
    })


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def feed_renew(request):
    """GET: what renewing does, and the button. POST: make the new address."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "GET":
        if feed is None:
            return redirect("planning:feed_settings")
        return render(request, "planning/feed_renew.html", {"feed": feed})
    request.session[FRESH_TOKEN] = feeds.renew(request.user, _language())
    messages.success(request, _("Your new feed address is ready: copy it below.") if feed
                     else _("Your feed address is ready: copy it below."))
    return redirect("planning:feed_settings")


@require_safe
@never_cache
def feed(request, token):
    """The iCalendar feed: no login (calendar apps cannot), the token is the secret."""
    found = feeds.feed_of(token)
    if found is None:
        raise Http404("no such feed")
    response = HttpResponse(feeds.render(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="socialgov.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
