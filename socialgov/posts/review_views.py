"""The reviewer's tools around the post page: one version's page, and the
comment threads (write, reply, resolve, reopen). Thin: the rules live in
socialgov/posts/versions.py and socialgov/posts/comments.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from socialgov.posts import comments, versions
from socialgov.posts.highlight import segments
from socialgov.posts.models import Comment
from socialgov.posts.views import _visible_post
from socialgov.posts.workflow import TransitionError


def _to_comments(post, comment=None):
    anchor = f"#comment-{comment.pk}" if comment is not None else "#comments"
    return redirect(post.get_absolute_url() + anchor)


@login_required
@require_safe
def version_detail(request, pk, number):
    post = _visible_post(request, pk)
    version = get_object_or_404(post.versions.select_related("author"), number=number)
    language = (get_language() or "en")[:2]
    check = versions.check_of(post, version)
    findings = list(check.findings.all()) if check else []
    for finding in findings:
        finding.shown_message = finding.message(language)
    return render(request, "posts/version.html", {
        "post": post,
        "version": version,
        "check": check,
        "findings": findings,
        "segments": segments(version.text, findings),
        "decisions": version.decisions.select_related("decided_by").prefetch_related("reasons"),
        "planned_local": (
            version.planned_at.astimezone(post.brand.tz) if version.planned_at else None
        ),
        "is_current": version.pk == post.current_version_id,
    })


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
    except TransitionError as error:
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
    except TransitionError as error:
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
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done())
        return _to_comments(post, thread)

    view.__name__ = move.__name__
    return view


comment_resolve = _status_view(comments.resolve, lambda: _("Comment resolved."))
comment_reopen = _status_view(comments.reopen, lambda: _("Comment reopened."))
