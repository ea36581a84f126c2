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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socialgov.accounts.models import Role
from socialgov.brands.models import Brand, CrisisPeriod, VoiceGuideline
from socialgov.images import intake
from socialgov.images.errors import ImageRefused
from socialgov.lib import ratelimit
from socialgov.lib.errors import Refused
from socialgov.posts import (
    actions,
    attachments,
    comments,
    drafts,
    lists,
    post_page,
    status,
    texts,
    versions,
)
from socialgov.posts.forms import PostFilterForm, PostForm
from socialgov.posts.models import Comment, Post, ReviewPresence, State
from socialgov.posts.moves import MOVES, Message, Offer, Place, available, refusal

PAGE_SIZE = 20


def _visible_post(request, pk):
    """Another brand's post answers 404, as if it did not exist."""
    return get_object_or_404(
        Post.objects.visible_to(request.user).select_related(
            "brand", "author", "current_version", "current_version__author", "current_check",
            "customer_reply"),
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
    posts = (filters.apply(visible).select_related("brand", "author", "current_version",
                                                   "customer_reply")
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
        filters.apply(waiting).select_related("brand", "author", "current_version",
                                              "customer_reply"))
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
    })


def _take_uploads(request, form):
    """The files chosen in the editor's file input (without JavaScript; with it,
    each is uploaded as soon as chosen): those accepted join the post's images,
    those refused are said next to the input. True when none was refused."""
    files = request.FILES.getlist("images")
    if not files:
        return True
    form.full_clean()  # once: is_valid() then reads its result
    brand = form.cleaned_data.get("brand")
    if brand is None:
        form.add_error("images", _("Choose the brand before adding images."))
        return False
    accepted, refused = [], []
    for uploaded in files:
        try:
            accepted.append(intake.accept(uploaded, brand=brand, user=request.user))
        except ImageRefused as error:
            refused.append(_("%(name)s: %(reason)s") % {"name": uploaded.name, "reason": error})
    form.add_images(accepted)
    for message in refused:
        form.add_error("images", message)
    return not refused


def _editor(request, form, post, brands):
    editing = f"?post={post.pk}" if post is not None else ""
    live_check_url = reverse("posts:live_check") + editing
    return render(request, "posts/editor.html", {
        "form": form,
        "post": post,
        "guidelines": VoiceGuideline.objects.filter(brand__in=brands).select_related("brand"),
        "live_check_url": live_check_url,
        "upload_url": reverse("posts:upload_images") + editing,
    })


@login_required
@require_http_methods(["GET", "POST"])
def new_post(request):
    brands = Brand.objects.where(request.user, Role.DRAFTER)
    if not brands.exists():
        raise PermissionDenied("no brand to post for")
    form = PostForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and _take_uploads(request, form) and form.is_valid():
        post = actions.create(request.user, form.cleaned_data["brand"], form.version_fields(),
                              crisis_response=form.cleaned_data["crisis_response"],
                              reply=form.reply.details)
        return _after_save(request, post)
    if request.method == "GET":
        brand = form.fields["brand"].initial or brands.first()
        form.initial.setdefault("language", brand.default_language)
    return _editor(request, form, None, brands)


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
    form = PostForm(request.POST or None, request.FILES or None, user=request.user, post=post,
                    initial=PostForm.initial_from(post))
    if request.method == "POST" and _take_uploads(request, form) and form.is_valid():
        try:
            post, _changed = actions.edit(request.user, post, form.version_fields(),
                                          crisis_response=form.cleaned_data["crisis_response"],
                                          reply=form.reply.details)
        except Refused as error:
            messages.error(request, str(error))
        else:
            return _after_save(request, post)
    return _editor(request, form, post, [post.brand])


def _say(request, message):
    level = message.level if isinstance(message, Message) else "success"
    getattr(messages, level)(request, str(message))


def _after_save(request, post):
    for level, note in drafts.planned_time_notes(post.current_version.planned_at):
        getattr(messages, level)(request, note)
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


def _editing(request):
    """The post an editor's background request is about (``?post=<pk>``), after
    checking the person may edit it; None for a new post."""
    if not request.GET.get("post", "").isdigit():
        return None
    post = _visible_post(request, request.GET["post"])
    reason = refusal(request.user, post, "edit")
    if reason is not None and reason.forbidden:
        raise PermissionDenied("edit")
    return post


@login_required
@require_POST
@never_cache
def live_check(request):
    """The editor's findings, counts and notes for the fields as they are typed
    (``?post=<pk>`` when editing a post). Nothing is saved."""
    post = _editing(request)
    if not ratelimit.allow(f"live-check:{request.user.pk}", settings.LIVE_CHECK_RATE, 10):
        return render(request, "posts/_live_check.html", {"paused": True}, status=429)
    initial = PostForm.initial_from(post) if post is not None else {}
    form = PostForm(request.POST, user=request.user, post=post, initial=initial)
    form.is_valid()  # what is valid is read; what is not is said
    cleaned = form.cleaned_data
    brand = cleaned.get("brand") or (post.brand if post is not None else None)
    if brand is None:
        return render(request, "posts/_live_check.html", {"live": None})
    language = cleaned.get("language") or brand.default_language
    live = drafts.check(brand, request.POST, cleaned.get("planned_at"), language=language,
                        networks=cleaned.get("networks") or [],
                        objective=cleaned.get("objective"), images=form.image_rows,
                        replying_to=form.reply.message,
                        post_id=post.pk if post is not None else None)
    live.notes[:0] = [("error", error) for error in form.errors.get("planned_at", [])]
    return render(request, "posts/_live_check.html", {"live": live, "form": form})


@login_required
@require_POST
@never_cache
def upload_images(request):
    """Images chosen in the editor, taken as soon as chosen: a row for each one
    accepted, and next to the file input why any other was refused."""
    post = _editing(request)
    if post is not None:
        brand = post.brand
    else:
        brand = Brand.objects.where(request.user, Role.DRAFTER).filter(
            pk=request.POST.get("brand") if request.POST.get("brand", "").isdigit() else None
        ).first()
    if not ratelimit.allow(f"upload-images:{request.user.pk}", settings.IMAGES_UPLOAD_RATE, 60):
        return render(request, "posts/_uploaded_images.html", {
            "refused": [_("Too many uploads in a row: wait a minute, then try again.")]},
            status=429)
    if brand is None:
        return render(request, "posts/_uploaded_images.html", {
            "refused": [_("Choose the brand before adding images.")]})
    rows, refused = [], []
    for uploaded in request.FILES.getlist("images"):
        try:
            rows.append(attachments.Row(intake.accept(uploaded, brand=brand, user=request.user),
                                        ""))
        except ImageRefused as error:
            refused.append(_("%(name)s: %(reason)s") % {"name": uploaded.name, "reason": error})
    return render(request, "posts/_uploaded_images.html", {"rows": rows, "refused": refused})


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


def _argument(name, data):
    if name == "reasons":
        return data.getlist(name)
    if name == "urls":  # one field per network: url-x, url-linkedin…
        return {key.removeprefix("url-"): value for key, value in data.items()
                if key.startswith("url-")}
    if name == "early":
        return bool(data.get(name))
    return data.get(name, "")


def _arguments(move, data):
    """The fields the move's row names, as its function takes them."""
    return {name: _argument(name, data) for name in move.fields}


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


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    """The post page's decision form: the move chosen among the decisions the
    table offers this person now. A form that does not hold, or a decision the
    move refuses, shows the page again with the error and all that was typed.
    Opened again (the language switch, a reload), the address leads to the post."""
    post = _visible_post(request, pk)
    if request.method == "GET":
        return redirect(post)
    page = post_page.context(request.user, post, decision_data=request.POST)
    form = page["decision_form"]
    if form is None:  # no decision is this person's to make now: say why
        name = request.POST.get("decision", "")
        if name not in MOVES or MOVES[name].place is not Place.DECISION:
            name = "approve"
        reason = refusal(request.user, post, name)
        if reason is not None and reason.forbidden:
            raise PermissionDenied(f"{name}: {reason}")
        messages.error(request, str(reason or _("This post is not waiting for a decision.")))
        return redirect(post)
    if form.is_valid():
        name = form.cleaned_data["decision"]
        try:
            actions.PERFORM[name](request.user, post, **form.arguments(request.POST))
        except Refused as error:
            form.add_error(None, str(error))
        else:
            post.refresh_from_db()
            _say(request, MOVES[name].done_message(post))
            return redirect(post)
    return render(request, "posts/detail.html", page)


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
                               data.get("quote", ""), data.get("start"), data.get("end"),
                               image=data.get("image"))
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
