"""Everything the post page shows, for one person, read once.

One Situation (socialgov/posts/moves.py) holds what the table of moves and
the page both read (the person's role, the approval path's progress, the
claim, the findings), so the page asks the table which moves to offer and
computes the path's progress once per request.
"""

from django.conf import settings
from django.utils.translation import get_language

from socialgov.brands.models import Severity
from socialgov.posts import (
    attachments,
    comments,
    history,
    previews,
    replies,
    status,
    texts,
    versions,
)
from socialgov.posts.decision_forms import DecisionForm
from socialgov.posts.forms import CommentForm
from socialgov.posts.models import DecisionKind, State
from socialgov.posts.moves import DECISIONS, MOVES, Offer, Place, Situation, available, refusal


def context(user, post, against=None, decision_data=None):
    """The post page for ``user``; ``decision_data``: the decision form as it
    was sent, shown again with its errors."""
    language = (get_language() or "en")[:2]
    situation = Situation(post, user)
    version = post.current_version
    offer = Offer(available(user, post, situation))
    shown = texts.present(version, situation.findings, language)
    may_waive = "waive" in offer.names
    for finding in shown.findings:
        finding.can_waive = may_waive and not finding.is_waived and refusal(
            user, post, "waive", situation, finding=finding) is None
    in_review = post.state == State.IN_REVIEW
    progress = situation.progress
    decide_step = advisory_step = None
    if in_review:
        decide_step = situation.decision_step(DecisionKind.REQUEST_CHANGES)[0] or \
            situation.decision_step(DecisionKind.APPROVE)[0]
        advisory_step = situation.decision_step(DecisionKind.COMMENT)[0]
    claim = situation.claim
    approve_step = situation.decision_step(DecisionKind.APPROVE)[0] if in_review else None
    review_reasons = [r for r in post.brand.review_reasons.all() if r.active]
    decision_moves = offer.at(Place.DECISION)
    # A decision the person could make but not now (crisis mode, an error not
    # waived) is said with its reason, not silently left out of the form.
    held_back = [
        (move.label, reason) for move in (MOVES[name] for name in DECISIONS)
        if decision_moves and move.name not in offer.names
        and (reason := refusal(user, post, move.name, situation)) is not None
        and not reason.forbidden
    ]
    version_images = list(version.images.select_related("image"))
    return {
        "post": post,
        "version": version,
        "reply": post.reply,
        "reply_template": replies.filled_template(post),
        "situation": situation,
        "moves": offer,
        "bar_moves": offer.at(Place.BAR),
        "path_moves": offer.at(Place.PATH),
        "status_moves": offer.at(Place.CHECK_STATUS),
        "check": status.post_check(post) if post.state == State.CHECKING else None,
        "texts": shown,
        "findings": shown.findings,
        "finding_cards": shown.cards,
        # The reviewer's preview shows invisible characters for what they are.
        "preview_cards": previews.of_targets(
            brand_name=post.brand.name, networks=version.networks, language=version.language,
            targets=shown.targets, reviewer=True,
            images=attachments.previews_of(attachments.shown_images(version_images))),
        "version_images": version_images,
        "publications": post.publications.all() if post.state == State.PUBLISHED else (),
        "errors_to_fix": [f for f in situation.blocking_errors
                          if f.severity == Severity.ERROR],
        "path": progress,
        "awaiting_signoff": in_review and progress.awaiting_crisis_signoff,
        "decide_step": decide_step,
        "approve_step": approve_step,
        "decisions_held_back": held_back,
        "decision_form": DecisionForm(
            decision_data, moves=decision_moves, reasons=review_reasons,
            advisory=approve_step is not None and approve_step.advisory,
        ) if decision_moves else None,
        "advisory_step": advisory_step,
        "claim": claim,
        "claimed_by_other": claim is not None and claim.user_id != user.pk,
        "presence_poll_seconds": settings.PRESENCE_POLL_SECONDS,
        "decisions": post.decisions.select_related("decided_by", "version")
        .prefetch_related("reasons"),
        "history": history.rows(post, language),
        "planned_local": (
            version.planned_at.astimezone(post.brand.tz) if version.planned_at else None
        ),
        "comment_form": CommentForm(),
        "guidelines": post.brand.guidelines.all(),
        **versions.detail_context(user, post, against),
        **comments.detail_context(user, post),
    }
