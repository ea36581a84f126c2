"""The review page's approval-path parts: the path's progress, the claim, and
who else has the post open now (polled by the page every 20 s). Advising,
claiming and releasing are transitions like the others, in views.py."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from socialgov.accounts.permissions import can
from socialgov.posts import paths
from socialgov.posts.models import ReviewClaim, ReviewPresence, State
from socialgov.posts.views import _visible_post

# Seen within this long ago: has the page open now. The page polls every 20 s.
PRESENCE_WINDOW = timedelta(seconds=60)


def review_context(request, post):
    """What the post page shows of the approval path, the claim and presence."""
    state = paths.progress(post)
    decidable = state.decidable(request.user) if post.state == State.IN_REVIEW else []
    claim = None
    if post.state == State.IN_REVIEW:
        claim = (ReviewClaim.objects.filter(post=post, version_id=post.current_version_id)
                 .select_related("user").first())
    return {
        "path": state,
        "decide_step": next((s for s in decidable if not s.advisory), None)
        or (decidable[0] if decidable else None),
        "advisory_step": next((s for s in decidable if s.advisory), None),
        "claim": claim,
        "claimed_by_other": claim is not None and claim.user_id != request.user.pk,
        "can_claim": post.state == State.IN_REVIEW and claim is None
        and can(request.user, "claim", post),
        "can_release": claim is not None and (
            claim.user_id == request.user.pk or can(request.user, "manage", post.brand)),
        "also_viewing": also_viewing(post, request.user),
    }


def also_viewing(post, user):
    since = timezone.now() - PRESENCE_WINDOW
    return sorted(
        ReviewPresence.objects.filter(post=post, seen_at__gte=since).exclude(user=user)
        .values_list("user__username", flat=True)
    )


@login_required
@require_POST
@never_cache
def presence(request, pk):
    """Note that the user has the post open, and answer who else has."""
    post = _visible_post(request, pk)
    if not can(request.user, "view", post):
        raise PermissionDenied("view")
    ReviewPresence.objects.update_or_create(post=post, user=request.user,
                                            defaults={"seen_at": timezone.now()})
    return render(request, "posts/_review_presence.html", {
        "post": post, **review_context(request, post),
    })
