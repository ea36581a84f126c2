"""The system's moves: what SocialGov does to a post by itself.

A check is done (the post goes to review, back to its author, or keeps its
approval when only the planned time changed); a re-check after a rule change
is done; crisis mode pauses and resumes approved posts; the scheduler expires
what was not approved in time. Each move locks the post, asks the table of
moves (socialgov/posts/moves.py) with no person, and shifts the post there.
Nothing here asks for a check: the check pipeline (socialgov/posts/pipeline.py)
calls these moves, never the other way round.
"""

from django.db import transaction
from django.utils import timezone

from socialgov.audit.events import record
from socialgov.brands.models import Brand, Severity
from socialgov.posts import approval, reminders, replies
from socialgov.posts.models import Post, State, Waiver
from socialgov.posts.moves import (
    MOVES,
    RECHECK_STATES,
    Situation,
    blocking_errors,
    refusal,
    shift,
)


def locked(post_id):
    """The post under a row lock; every check after it sees fresh state.

    Only the post's row is locked (``of``): PostgreSQL cannot lock the
    nullable side of the outer joins to the current version and check.
    """
    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("brand", "current_version", "current_check")
        .get(pk=post_id)
    )


# -- waivers follow their passage ---------------------------------------------------------


def _text_of(finding, version):
    """The text a finding's offsets point into, as it reads: the same passage
    in the same text is the same, whatever version it belongs to."""
    variant = finding.variant
    if variant is None:
        return ("main", version.language, version.text)
    return ("variant", variant.language, variant.network, variant.text)


def passage_key(finding, version):
    rule = finding.rule_key or f"{finding.kind}:{finding.rule_id or finding.rule_name}"
    return (_text_of(finding, version), rule, finding.kind, finding.start, finding.end,
            finding.matched)


def _findings(run):
    stored = getattr(run, "stored_findings", None)  # the run was just made: at hand
    if stored is not None:
        return list(stored)
    return list(run.findings.select_related("variant", "waiver", "version"))


def carry_waivers(previous, run):
    """Grant again, on ``run``, each waiver of ``previous`` whose finding recurs:
    same rule, same passage, in a text that did not change. The approver judged
    that very passage, and nothing about it changed. Returns ``run``'s findings
    (waivers included)."""
    found = _findings(run)
    if previous is None or previous.pk == run.pk:
        return found
    waived = {passage_key(f, f.version): f.waiver for f in _findings(previous) if f.is_waived}
    if not waived:
        return found
    for finding in found:
        waiver = waived.get(passage_key(finding, finding.version))
        if waiver is not None and not finding.is_waived:
            finding.waiver = Waiver.objects.create(finding=finding,
                                                   waived_by_id=waiver.waived_by_id,
                                                   reason=waiver.reason)
    return found


def _error_ids(findings):
    return [f.pk for f in findings]


def _summary(run, findings):
    return {"findings": len(findings), "risk": run.risk}


# -- the check ------------------------------------------------------------------------


def check_done(post_id, run):
    """The system's move once a check has stored its findings: to review when no
    error stands in the way, back to the author (``sent_back``) when one does,
    or straight back to approved when only the planned time changed and the
    check found nothing new. A reply that is one of the brand's saved replies
    filled in, whose check finds nothing above information, is approved at
    once when the brand allows it (``reply_preapproved``).

    A check of a version that is no longer current, or of a post that left
    `checking` meanwhile (withdrawn, edited), changes nothing. Returns whether
    the post moved.
    """
    # No savepoint: inside the check job's transaction an error here rolls
    # back the whole of it, stored result included.
    with transaction.atomic(savepoint=False):
        carry = _carry_candidate(post_id, run)
        preapproval = _preapproval_candidate(post_id)
        if carry or preapproval:
            # It may end approved: the brand first, as approvals lock it.
            Brand.objects.select_for_update(no_key=True).filter(pk=carry or preapproval).first()
        post = locked(post_id)
        if post.current_version_id != run.version_id or refusal(None, post, "check_done"):
            return False
        previous = post.current_check
        findings = carry_waivers(previous, run)
        post.current_check = run
        post.risk = run.risk
        situation = Situation(post)
        situation.findings = findings
        errors = situation.blocking_errors
        summary = _summary(run, findings)
        if errors:
            post.waiver_requested = False
            shift(post, None, "check_done", State.SENT_BACK, errors=_error_ids(errors),
                  **summary)
            return True
        source = approval.carry_source(post) if carry else None
        if source is not None:
            _carry_or_restart(post, situation, source, previous, run, findings, summary)
            return True
        if preapproval and refusal(None, post, "reply_preapproved", situation) is None:
            shift(post, None, "reply_preapproved", State.APPROVED,
                  **replies.preapproval_data(post), **summary)
            return True
        shift(post, None, "check_done", State.IN_REVIEW, crisis_lane=situation.crisis_lane,
              **summary)
    return True


def _preapproval_candidate(post_id):
    """The brand id when this check may approve the post as a filled saved reply
    (read without locks; the table of moves decides under them), else None."""
    return (Post.objects.filter(pk=post_id, brand__saved_replies_skip_review=True,
                                customer_reply__saved_reply__isnull=False)
            .values_list("brand_id", flat=True).first())


def _carry_candidate(post_id, run):
    """The brand id when this check may let the previous version's approval
    carry over (read without locks; decided again under them), else None."""
    if run.version.number == 1:
        return None  # a first version has no earlier approval to keep
    post = Post.objects.select_related("current_version").filter(pk=post_id).first()
    if (post is None or post.state != State.CHECKING
            or post.current_version_id != run.version_id):
        return None
    return post.brand_id if approval.carry_source(post) is not None else None


def _warning_keys(run):
    if run is None:
        return set()
    return {passage_key(f, f.version) for f in _findings(run)
            if f.severity in (Severity.WARNING, Severity.ERROR)}


def _carry_or_restart(post, situation, source, approved_check, run, findings, summary):
    """Only the planned time changed since ``source`` (an approved round): the
    approval carries over to the new version when its check has no warning or
    error that the approved version's check did not have; else the path restarts."""
    if approved_check is None or approved_check.version_id != source.version_id:
        approved_check = source.version.check_runs.order_by("-created_at", "-pk").first()
    known = _warning_keys(approved_check)
    new = [f for f in findings if f.severity in (Severity.WARNING, Severity.ERROR)
           and passage_key(f, f.version) not in known]
    crisis_blocks = situation.crisis is not None and not post.crisis_response
    if new or crisis_blocks:
        shift(post, None, "check_done", State.IN_REVIEW, crisis_lane=situation.crisis_lane,
              **summary)
        record("approval_not_carried", post=post, from_state=post.state, to_state=post.state,
               source_version=source.version.number, new_findings=[f.pk for f in new],
               crisis=crisis_blocks)
        return
    names = approval.carry_over(post, source, run.risk)
    # Straight to approved: the round opened by entering review is not needed.
    shift(post, None, "check_done", State.APPROVED, **summary)
    record("approval_carried", post=post, from_state=State.APPROVED, to_state=State.APPROVED,
           source_version=source.version.number, deciders=names)


# -- re-checks after a rule change ---------------------------------------------------------


def _new_errors(previous, findings, *, crisis_lane):
    """The blocking errors of a re-check that the post's last check did not have:
    a waived or already known error does not count again."""
    known = set()
    if previous is not None:
        known = {passage_key(f, f.version) for f in _findings(previous)}
    return [f for f in blocking_errors(findings, crisis_lane=crisis_lane)
            if passage_key(f, f.version) not in known]


def _adopt_clean_recheck(post_id, run):
    """A re-check without an error cannot move a reviewed post (and has no error
    for a waiver to cover): it only becomes the check the post's page shows. One
    conditional update, no row lock; False when the post is in `checking` or
    moved on meanwhile, which the locked path decides."""
    return bool(
        Post.objects.filter(pk=post_id, current_version_id=run.version_id,
                            state__in=RECHECK_STATES - {State.CHECKING})
        .update(current_check=run, risk=run.risk)
    )


def recheck_done(post_id, run):
    """The system's move once a re-check after a rule change has stored its result.

    A post still in `checking` takes it as its check. A post in review, approved
    or paused that now has a new error goes back to its author; any other post
    keeps its state and shows the new findings, its waivers carried. Returns
    True when the post was sent back.
    """
    if not run.blocking and _adopt_clean_recheck(post_id, run):
        return False
    with transaction.atomic(savepoint=False):
        post = locked(post_id)
        if post.current_version_id != run.version_id or post.state not in RECHECK_STATES:
            return False
        if post.state == State.CHECKING:
            moved = check_done(post_id, run)
            return moved and Post.objects.filter(pk=post_id, state=State.SENT_BACK).exists()
        previous = post.current_check
        findings = carry_waivers(previous, run)
        situation = Situation(post)
        errors = _new_errors(previous, findings, crisis_lane=situation.crisis_lane)
        post.current_check = run
        post.risk = run.risk
        if not errors:
            post.save(update_fields=["current_check", "risk", "updated_at"])
            return False
        post.waiver_requested = False
        shift(post, None, "recheck", State.SENT_BACK, errors=_error_ids(errors),
              **_summary(run, findings))
    return True


# -- crisis mode ------------------------------------------------------------------------


def pause_approved(brand, period, actor):
    """Crisis mode started (by ``actor``): every approved post of the brand is held back."""
    posts = (Post.objects.select_for_update(of=("self",))
             .select_related("brand", "current_version")
             .filter(brand=brand, state=State.APPROVED).order_by("pk"))
    for post in posts:
        shift(post, actor, "pause", State.PAUSED, crisis=period.pk)


def resume_paused(brand, period, actor):
    """Crisis mode ended (by ``actor``): paused posts go back to `checking`.
    Returns them, for the pipeline to check."""
    posts = list(Post.objects.select_for_update(of=("self",))
                 .select_related("brand", "current_version")
                 .filter(brand=brand, state=State.PAUSED).order_by("pk"))
    for post in posts:
        shift(post, actor, "resume", State.CHECKING, crisis=period.pk)
    return posts


# -- expiry ------------------------------------------------------------------------------


def expire_overdue(now=None):
    """Expire every post not approved by its planned time. Returns how many."""
    now = now or timezone.now()
    candidates = Post.objects.current().filter(
        state__in=MOVES["expire"].sources, current_version__planned_at__lt=now
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(candidates):
        with transaction.atomic():
            post = locked(pk)
            planned = post.current_version.planned_at
            if refusal(None, post, "expire") or planned is None or planned >= now:
                continue  # moved on meanwhile
            # Its people hear of it before it goes, even when it was planned
            # within one run of the scheduler of now.
            reminders.warn_before_expiry(post, now)
            post.waiver_requested = False
            shift(post, None, "expire", State.EXPIRED, planned_at=planned.isoformat())
            count += 1
    return count

