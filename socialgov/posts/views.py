"""The posts' pages. Thin: the rules live in the table of moves
(socialgov/posts/moves.py), the writes in socialgov/posts/actions.py, and
what a page shows in its presenter."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socialgov.accounts.models import Role
from socialgov.brands.models import Brand, CrisisPeriod, VoiceGuideline
from socialgov.lib.errors import Refused
from socialgov.posts import actions, comments, lists, post_page, status, texts, versions
from socialgov.posts.forms import PostFilterForm, PostForm
from socialgov.posts.models import Comment, Post, ReviewPresence, State
from socialgov.posts.moves import MOVES, Message, Offer, Place, available, refusal

PAGE_SIZE = 20


def _visible_post(request, pk):
    """Another brand's post answers 404, as if it did not exist."""
    return get_object_or_404(
        Post.objects.visible_to(request.user).select_related(
            "brand", "author", "current_version", "current_version__author", "current_check"
        ),
        pk=pk,
    )


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _authors_of(posts):
    """The people who wrote any of these posts, for the author filter."""
    return get_user_model().objects.filter(
        pk__in=posts.values("author_id")).order_by("username")


def _query_string(request):
    """The list's filters, for its pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_safe
def my_posts(request):
    visible = Post.objects.visible_to(request.user)
    filters = PostFilterForm(request.GET, user=request.user, authors=_authors_of(visible),
                             mine_by_default=True)
    posts = (filters.apply(visible).select_related("brand", "author", "current_version")
             .order_by("-updated_at", "-pk"))
    return render(request, "posts/my_posts.html", {
        "page": _page(request, posts),
        "filters": filters,
        "state": filters.value("state"),
        "archived": filters.value("archived"),
        "query_string": _query_string(request),
    })


@login_required
@require_safe
def review_queue(request):
    brands = Brand.objects.reviewed_by(request.user)
    if not brands.exists():
        raise PermissionDenied("reviews for no brand")
    # Each person sees only the posts waiting on a step they can decide now.
    waiting = lists.waiting_on(request.user)
    filters = PostFilterForm(request.GET, user=request.user, authors=_authors_of(waiting),
                             queue=True)
    posts = lists.queue_order(
        filters.apply(waiting).select_related("brand", "author", "current_version"))
    page = _page(request, posts)
    crises = {c.brand_id: c for c in CrisisPeriod.objects.filter(
        brand__in=brands, ended_at__isnull=True).select_related("brand", "started_by")}
    for post in page.object_list:
        post.crisis = crises.get(post.brand_id)
    return render(request, "posts/review_queue.html", {
        "page": page,
        "filters": filters,
        "query_string": _query_string(request),
        "brands": brands,
        "crises": list(crises.values()),
    })


def _guidelines_for(brands):
    return VoiceGuideline.objects.filter(brand__in=brands).select_related("brand")


@login_required
@require_http_methods(["GET", "POST"])
def new_post(request):
    brands = Brand.objects.where(request.user, Role.DRAFTER)
    if not brands.exists():
        raise PermissionDenied("no brand to post for")
    form = PostForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        post = actions.create(request.user, form.cleaned_data["brand"], form.version_fields(),
                              crisis_response=form.cleaned_data["crisis_response"])
        return _after_save(request, post)
    if request.method == "GET":
        brand = form.fields["brand"].initial or brands.first()
        form.initial.setdefault("language", brand.default_language)
    return render(request, "posts/editor.html", {
        "form": form,
        "post": None,
        "guidelines": _guidelines_for(brands),
    })


@login_required
@require_http_methods(["GET", "POST"])
def edit_post(request, pk):
    post = _visible_post(request, pk)
    reason = refusal(request.user, post, "edit")
    if reason is not None and reason.forbidden:
        raise PermissionDenied("edit")
    if reason is not None:
        messages.error(request, str(reason))
        return redirect(post)
    form = PostForm(request.POST or None, user=request.user, post=post,
                    initial=PostForm.initial_from(post))
    if request.method == "POST" and form.is_valid():
        try:
            post, _changed = actions.edit(request.user, post, form.version_fields(),
                                          crisis_response=form.cleaned_data["crisis_response"])
        except Refused as error:
            messages.error(request, str(error))
        else:
            return _after_save(request, post)
    return render(request, "posts/editor.html", {
        "form": form,
        "post": post,
        "guidelines": _guidelines_for([post.brand]),
    })


def _say(request, message):
    level = message.level if isinstance(message, Message) else "success"
    getattr(messages, level)(request, str(message))


def _after_save(request, post):
    if post.state == State.CHECKING:
        post.refresh_from_db()
        if post.state == State.CHECKING:
            messages.success(request, _("Only the planned time changed: the post is checked "
                                        "again and keeps its approval if nothing new is found."))
            return redirect(post)
    if request.POST.get("action") == "submit":
        return _perform(request, post, "submit")
    messages.success(request, str(MOVES["edit"].done_message(post)))
    return redirect(post)


@login_required
@require_safe
def post_detail(request, pk):
    post = _visible_post(request, pk)
    return render(request, "posts/detail.html",
                  post_page.context(request.user, post, request.GET.get("against")))


@login_required
@require_safe
@never_cache
def check_status(request, pk):
    """The post page's check status region, polled while the check is pending.

    Once the post has left `checking`, an empty answer tells htmx to reload
    the page, which then shows the new state and the findings.
    """
    post = _visible_post(request, pk)
    if post.state != State.CHECKING:
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "posts/_check_status.html", {
        "post": post,
        "check": status.post_check(post),
        "status_moves": Offer(available(request.user, post)).at(Place.CHECK_STATUS),
    })


@login_required
@require_safe
def service_status(request):
    """Workers, queue and failed checks: for superusers and brand admins."""
    brands = Brand.objects.where(request.user, Role.BRAND_ADMIN)
    if not (request.user.is_superuser or brands.exists()):
        raise PermissionDenied("status: brand admins only")
    return render(request, "posts/status.html", {
        "service": status.service(),
        "failed_checks": status.failed_checks(brands),
    })


# -- moves ---------------------------------------------------------------------------


def _arguments(move, data):
    """The fields the move's row names, as its function takes them."""
    return {name: (data.getlist(name) if name == "reasons" else data.get(name, ""))
            for name in move.fields}


def _perform(request, post, name):
    move = MOVES[name]
    try:
        result = actions.PERFORM[name](request.user, post, **_arguments(move, request.POST))
    except Refused as error:
        messages.error(request, str(error))
        return redirect(post)
    target = result if isinstance(result, Post) else post
    target.refresh_from_db()
    _say(request, move.done_message(target))
    # Duplicating leads to the copy; the other moves stay on the post.
    return redirect(target)


@login_required
@require_POST
def do(request, pk, move):
    """The one view for every person's move: ``move`` names its row in the table."""
    if move not in actions.PERFORM:
        raise Http404("no such move")
    return _perform(request, _visible_post(request, pk), move)


# -- versions, comments and presence ------------------------------------------------------


@login_required
@require_safe
def version_detail(request, pk, number):
    post = _visible_post(request, pk)
    version = get_object_or_404(post.versions.select_related("author"), number=number)
    language = (get_language() or "en")[:2]
    check = versions.check_of(post, version)
    findings = list(check.findings.select_related("waiver", "waiver__waived_by")) if check \
        else []
    return render(request, "posts/version.html", {
        "post": post,
        "version": version,
        "check": check,
        "texts": texts.present(version, findings, language),
        "decisions": version.decisions.select_related("decided_by").prefetch_related("reasons"),
        "planned_local": (
            version.planned_at.astimezone(post.brand.tz) if version.planned_at else None
        ),
        "is_current": version.pk == post.current_version_id,
    })


def _to_comments(post, comment=None):
    anchor = f"#comment-{comment.pk}" if comment is not None else "#comments"
    return redirect(post.get_absolute_url() + anchor)


def _thread(post, comment_pk):
    return get_object_or_404(Comment.objects.select_related("post", "parent"),
                             pk=comment_pk, post=post)


@login_required
@require_POST
def comment_add(request, pk):
    post = _visible_post(request, pk)
    data = request.POST
    try:
        comment = comments.add(request.user, post, data.get("version"), data.get("body"),
                               data.get("quote", ""), data.get("start"), data.get("end"))
    except Refused as error:
        messages.error(request, str(error))
        return _to_comments(post)
    messages.success(request, _("Your comment is added."))
    return _to_comments(post, comment)


@login_required
@require_POST
def comment_reply(request, pk, comment_pk):
    post = _visible_post(request, pk)
    thread = _thread(post, comment_pk)
    try:
        comments.reply(request.user, thread, request.POST.get("body"))
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your reply is added."))
    return _to_comments(post, thread.parent or thread)


def _status_view(move, done):
    @login_required
    @require_POST
    def view(request, pk, comment_pk):
        post = _visible_post(request, pk)
        thread = _thread(post, comment_pk)
        try:
            thread = move(request.user, thread)
        except Refused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done())
        return _to_comments(post, thread)

    view.__name__ = move.__name__
    return view


comment_resolve = _status_view(comments.resolve, lambda: _("Comment resolved."))
comment_reopen = _status_view(comments.reopen, lambda: _("Comment reopened."))


def also_viewing(post, user):
    since = timezone.now() - settings.PRESENCE_WINDOW
    return sorted(
        ReviewPresence.objects.filter(post=post, seen_at__gte=since).exclude(user=user)
        .values_list("user__username", flat=True)
    )


@login_required
@require_POST
@never_cache
def presence(request, pk):
    """Note that the user has the post open, and answer who else has (the text
    of the page's "Also viewing" line, polled once per PRESENCE_POLL_SECONDS)."""
    post = _visible_post(request, pk)
    ReviewPresence.objects.update_or_create(post=post, user=request.user,
                                            defaults={"seen_at": timezone.now()})
    return render(request, "posts/_also_viewing.html", {
        "post": post, "also_viewing": also_viewing(post, request.user),
    })
