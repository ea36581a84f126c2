from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socialgov.accounts.models import Role
from socialgov.accounts.permissions import brands_where, can, review_brands
from socialgov.brands.models import CrisisPeriod, VoiceGuideline
from socialgov.posts import comments, paths, status, versions, workflow
from socialgov.posts.forms import (
    CommentForm,
    PostFilterForm,
    PostForm,
    ReasonForm,
    WaiverRequestForm,
)
from socialgov.posts.highlight import segments
from socialgov.posts.models import RISK_ORDER, Finding, Post, State
from socialgov.posts.variant_pages import variant_sections
from socialgov.posts.workflow import TransitionError

PAGE_SIZE = 20


def _visible_post(request, pk):
    """Another brand's post answers 404, as if it did not exist."""
    return get_object_or_404(
        Post.objects.visible_to(request.user).select_related(
            "brand", "author", "current_version", "current_check"
        ),
        pk=pk,
    )


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _guidelines_for(brands):
    return VoiceGuideline.objects.filter(brand__in=brands).select_related("brand")


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
    brands = review_brands(request.user)
    if not brands.exists():
        raise PermissionDenied("reviews for no brand")
    risk_rank = Case(
        *[When(risk=risk, then=Value(rank)) for risk, rank in RISK_ORDER.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    waiting = Post.objects.filter(brand__in=brands, state=State.IN_REVIEW).exclude(
        current_version__author=request.user)
    filters = PostFilterForm(request.GET, user=request.user, authors=_authors_of(waiting),
                             queue=True)
    posts = (
        filters.apply(waiting)
        .select_related("brand", "author", "current_version")
        .annotate(risk_rank=risk_rank)
        .order_by(
            F("risk_rank").desc(),
            F("current_version__planned_at").asc(nulls_last=True),
            "pk",
        )
    )
    # Each approver sees only the posts waiting on a step they can decide now.
    page = _page(request, paths.decidable_posts(request.user, posts))
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


@login_required
@require_http_methods(["GET", "POST"])
def new_post(request):
    brands = brands_where(request.user, Role.DRAFTER)
    if not brands.exists():
        raise PermissionDenied("no brand to post for")
    form = PostForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        post = workflow.create(request.user, form.cleaned_data["brand"], form.version_fields(),
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
    if not can(request.user, "edit", post):
        raise PermissionDenied("edit")
    if post.is_archived:
        messages.error(request, _("This post is archived: restore it first."))
        return redirect(post)
    if post.state not in workflow.TRANSITIONS["edit"][0]:
        messages.error(request, _("This post cannot be edited while it is “%(state)s”.")
                       % {"state": post.get_state_display()})
        return redirect(post)
    form = PostForm(request.POST or None, user=request.user, post=post,
                    initial=PostForm.initial_from(post))
    if request.method == "POST" and form.is_valid():
        try:
            post, _changed = workflow.edit(request.user, post, form.version_fields(),
                                           crisis_response=form.cleaned_data["crisis_response"])
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            return _after_save(request, post)
    return render(request, "posts/editor.html", {
        "form": form,
        "post": post,
        "guidelines": _guidelines_for([post.brand]),
    })


def _after_save(request, post):
    if post.state == State.CHECKING:
        messages.success(request, _("Only the planned time changed: the post is checked again "
                                    "and keeps its approval if nothing new is found."))
    elif request.POST.get("action") == "submit":
        try:
            post = workflow.submit(request.user, post)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(post)
        post.refresh_from_db()
        messages.success(request, _("Sent to the check, then to the reviewers."))
    else:
        messages.success(request, _("Your changes are saved."))
    return redirect(post)


@login_required
@require_safe
def post_detail(request, pk):
    from socialgov.posts.path_views import review_context

    post = _visible_post(request, pk)
    version = post.current_version
    findings = list(post.findings)
    language = get_language() or "en"
    for finding in findings:
        finding.shown_message = finding.message(language[:2])
        finding.shown_suggestion = finding.suggestion(language[:2])
    actions = workflow.available_actions(request.user, post)
    sections = variant_sections(version, findings)
    return render(request, "posts/detail.html", {
        "post": post,
        "check": status.post_check(post) if post.state == State.CHECKING else None,
        "version": version,
        "segments": [] if sections else segments(version.text, findings),
        "variant_sections": sections,
        "findings": findings,
        "actions": actions,
        "can_edit": "edit" in actions,
        "awaiting_signoff": post.awaiting_crisis_signoff,
        "decisions": post.decisions.select_related("decided_by", "version")
        .prefetch_related("reasons"),
        "history": post.audit_events.select_related("version").order_by("created_at", "pk"),
        "versions": post.versions.order_by("-number"),
        "planned_local": (
            version.planned_at.astimezone(post.brand.tz) if version.planned_at else None
        ),
        "reason_form": ReasonForm(),
        "comment_form": CommentForm(),
        "waiver_form": WaiverRequestForm(),
        "guidelines": post.brand.guidelines.all(),
        "review_reasons": post.brand.review_reasons.filter(active=True),
        **versions.detail_context(request.user, post, request.GET.get("against")),
        **comments.detail_context(request.user, post),
        **review_context(request, post),
    })


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
        "actions": workflow.available_actions(request.user, post),
    })


@login_required
@require_safe
def service_status(request):
    """Workers, queue and failed checks: for superusers and brand admins."""
    brands = brands_where(request.user, Role.BRAND_ADMIN)
    if not (request.user.is_superuser or brands.exists()):
        raise PermissionDenied("status: brand admins only")
    return render(request, "posts/status.html", {
        "service": status.service(),
        "failed_checks": status.failed_checks(brands),
    })


def _version(request):
    return request.POST.get("version", "")


def _step(request):
    """The approval step the reviewer's page showed them deciding."""
    return request.POST.get("step") or None


# Each button's transition: (call into the workflow, message once it is done).
TRANSITION_BUTTONS = {
    "submit": (
        lambda r, p: workflow.submit(r.user, p),
        lambda: _("Sent to the check, then to the reviewers."),
    ),
    "withdraw": (
        lambda r, p: workflow.withdraw(r.user, p),
        lambda: _("Withdrawn: you can edit it again."),
    ),
    "approve": (
        lambda r, p: workflow.approve(r.user, p, _version(r), step=_step(r)),
        lambda: _("Your approval is recorded."),
    ),
    "request_changes": (
        lambda r, p: workflow.request_changes(r.user, p, _version(r), r.POST.get("comment"),
                                              r.POST.getlist("reasons"), step=_step(r)),
        lambda: _("Your request is sent to the author."),
    ),
    "reject": (
        lambda r, p: workflow.reject(r.user, p, _version(r), r.POST.get("reason"),
                                     r.POST.getlist("reasons"), step=_step(r)),
        lambda: _("Your decision is recorded: the post will not be published."),
    ),
    "ask_waiver": (
        lambda r, p: workflow.ask_waiver(r.user, p, r.POST.get("note")),
        lambda: _("Your waiver request is sent to the reviewers."),
    ),
    "duplicate": (
        lambda r, p: workflow.duplicate(r.user, p),
        lambda: _("This is your copy: edit it, then submit it."),
    ),
    "retry_check": (
        lambda r, p: workflow.retry_check(r.user, p),
        lambda: _("The check runs again."),
    ),
    "publish": (
        lambda r, p: workflow.publish(r.user, p, r.POST.get("url")),
        lambda: _("Marked as published."),
    ),
    "archive": (
        lambda r, p: workflow.archive(r.user, p),
        lambda: _("Archived: the post has left the lists. Find it with the “Archived” filter."),
    ),
    "restore": (
        lambda r, p: workflow.restore(r.user, p),
        lambda: _("Restored: the post is back in the lists."),
    ),
    "advise": (
        lambda r, p: workflow.advise(r.user, p, _version(r), r.POST.get("comment"),
                                     step=_step(r)),
        lambda: _("Your comment is recorded."),
    ),
    "claim": (
        lambda r, p: workflow.claim(r.user, p),
        lambda: _("You have claimed this post: others see that you are on it."),
    ),
    "release": (
        lambda r, p: workflow.release(r.user, p),
        lambda: _("Released: anyone can take this review."),
    ),
}


def _transition_view(action):
    """A POST-only view that runs one workflow transition and goes back to the post."""
    call, done_message = TRANSITION_BUTTONS[action]

    @login_required
    @require_POST
    def view(request, pk):
        post = _visible_post(request, pk)
        try:
            result = call(request, post)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(post)
        messages.success(request, done_message())
        # Duplicating leads to the copy; claims and the like stay on the post.
        return redirect(result if isinstance(result, Post) else post)

    view.__name__ = action
    return view


submit = _transition_view("submit")
withdraw = _transition_view("withdraw")
approve = _transition_view("approve")
request_changes = _transition_view("request_changes")
reject = _transition_view("reject")
ask_waiver = _transition_view("ask_waiver")
duplicate = _transition_view("duplicate")
retry_check = _transition_view("retry_check")
publish = _transition_view("publish")
archive = _transition_view("archive")
restore = _transition_view("restore")
advise = _transition_view("advise")
claim = _transition_view("claim")
release = _transition_view("release")


@login_required
@require_POST
def waive(request, pk, finding_pk):
    post = _visible_post(request, pk)
    finding = get_object_or_404(Finding, pk=finding_pk, version__post=post)
    try:
        workflow.waive(request.user, finding, request.POST.get("reason"))
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Finding waived."))
    return redirect(post)
