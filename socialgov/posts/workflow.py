"""Every move of a post, in one place.

Each transition checks permission, changes state inside a transaction while
holding the post's row lock, and writes the audit event in that same
transaction. Views call these functions and nothing else changes a post.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.accounts.models import Role
from socialgov.accounts.permissions import can, has_role
from socialgov.brands.models import Brand, CrisisPeriod, Severity
from socialgov.posts import checking, notify, paths
from socialgov.posts.models import (
    VERSION_COLUMNS,
    AuditEvent,
    Decision,
    DecisionKind,
    Post,
    PostVersion,
    ReviewClaim,
    ReviewRound,
    RoundOutcome,
    RoundStep,
    State,
    Waiver,
    content_hash,
)

ANY_STATE = frozenset(State.values)

# action → (states it may start from, state it leads to; None keeps the state)
TRANSITIONS = {
    "submit": ({State.DRAFT}, State.CHECKING),
    "check_done": ({State.CHECKING}, None),  # in_review, or changes_requested on an error
    "withdraw": ({State.CHECKING, State.IN_REVIEW}, State.DRAFT),
    "edit": ({State.DRAFT, State.CHANGES_REQUESTED, State.APPROVED, State.EXPIRED},
             State.DRAFT),
    "approve": ({State.IN_REVIEW}, State.APPROVED),
    "request_changes": ({State.IN_REVIEW}, State.CHANGES_REQUESTED),
    "reject": ({State.IN_REVIEW}, State.REJECTED),
    "ask_waiver": ({State.CHANGES_REQUESTED}, State.IN_REVIEW),
    "waive": ({State.IN_REVIEW}, None),
    "duplicate": (ANY_STATE, None),
    "retry_check": ({State.CHECKING}, None),  # only once the last attempt has failed
    # The system's moves around rule changes and crisis mode.
    "recheck": ({State.CHECKING, State.IN_REVIEW, State.APPROVED, State.PAUSED},
                State.CHANGES_REQUESTED),
    "pause": ({State.APPROVED}, State.PAUSED),
    "resume": ({State.PAUSED}, State.CHECKING),
    # Not approved by its planned time: the scheduler expires it.
    "expire": ({State.DRAFT, State.CHECKING, State.IN_REVIEW, State.CHANGES_REQUESTED,
                State.PAUSED}, State.EXPIRED),
    "publish": ({State.APPROVED}, State.PUBLISHED),
    # Archiving keeps the state (archived_at says it is archived). Only posts at
    # rest: one still being checked, reviewed, approved or paused is withdrawn
    # (or decided on) first, so nothing waiting on a person disappears from view.
    "archive": ({State.DRAFT, State.CHANGES_REQUESTED, State.REJECTED, State.EXPIRED,
                 State.PUBLISHED}, None),
    "restore": (ANY_STATE, None),
    # An advisory reviewer's opinion: recorded, the post stays in review.
    "advise": ({State.IN_REVIEW}, None),
}
# What may still be done with an archived post: bring it back, or copy it.
ARCHIVED_ACTIONS = {"restore", "duplicate"}
# Moves nobody makes with a button.
SYSTEM_ACTIONS = {"check_done", "recheck", "pause", "resume", "expire"}
# The states whose posts a rule change re-checks.
RECHECK_STATES = TRANSITIONS["recheck"][0]

SYSTEM = "system"
DECISIONS = {"approve", "request_changes", "reject"}


class TransitionError(Exception):
    """A move the post's state or the form's content does not allow; the
    message is shown to the user as it is."""


# -- helpers ---------------------------------------------------------------


def _require(user, action, post):
    if not can(user, action, post):
        raise PermissionDenied(action)


def _require_state(post, action):
    allowed_from, _target = TRANSITIONS[action]
    if post.archived_at is not None and action not in ARCHIVED_ACTIONS:
        raise TransitionError(_("This post is archived: restore it first."))
    if action == "restore" and post.archived_at is None:
        raise TransitionError(_("This post is not archived."))
    if post.state not in allowed_from:
        decision = _decision_on_current_version(post)
        if decision is not None and action in ("approve", "request_changes", "reject"):
            raise TransitionError(
                _("%(name)s has already decided on this version: %(decision)s.")
                % {
                    "name": decision.decided_by.get_username(),
                    "decision": decision.get_kind_display(),
                }
            )
        raise TransitionError(
            _("This cannot be done while the post is “%(state)s”.")
            % {"state": post.get_state_display()}
        )


def _require_text(value, message):
    value = (value or "").strip()
    if not value:
        raise TransitionError(message)
    return value


def _locked(post):
    """Reload the post under a row lock; every check below sees fresh state.

    Only the post's row is locked (``of``): PostgreSQL cannot lock the
    nullable side of the outer joins to the current version and check.
    """
    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("brand", "current_version", "current_check")
        .get(pk=post.pk)
    )


def _decision_on_current_version(post):
    """The decision that ended the version's last review (advisory opinions aside)."""
    return (
        Decision.objects.filter(version_id=post.current_version_id, advisory=False)
        .select_related("decided_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def audit(actor, action, *, brand, post=None, version=None, rule=None,
          from_state="", to_state="", reason=""):
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else SYSTEM,
        action=action,
        brand=brand,
        brand_name=brand.name if brand else "",
        post=post,
        version=version,
        version_number=version.number if version else None,
        rule=rule,
        rule_name=rule.name if rule else "",
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def _move(post, actor, action, to_state, reason=""):
    from_state = post.state
    post.state = to_state
    post.save()
    audit(actor, action, brand=post.brand, post=post, version=post.current_version,
          from_state=from_state, to_state=to_state, reason=reason)
    # A review round lives exactly as long as the post is in review.
    if from_state == State.IN_REVIEW and to_state != State.IN_REVIEW:
        _close_round(post, to_state)
    elif to_state == State.IN_REVIEW and from_state != State.IN_REVIEW:
        _start_round(post)


ROUND_OUTCOMES = {
    State.APPROVED: RoundOutcome.APPROVED,
    State.CHANGES_REQUESTED: RoundOutcome.CHANGES_REQUESTED,
    State.REJECTED: RoundOutcome.REJECTED,
}


def _start_round(post):
    """Copy the path that applies to this version now: later edits of the
    brand's path do not change a review under way."""
    version = post.current_version
    # Decisions made before rounds existed count as round 1: never reuse a number.
    number = max(
        ReviewRound.objects.filter(version=version).aggregate(n=Max("number"))["n"] or 0,
        Decision.objects.filter(version=version).aggregate(n=Max("round_number"))["n"] or 0,
    ) + 1
    review_round = ReviewRound.objects.create(post=post, version=version, number=number,
                                              risk=post.risk)
    crisis = post.crisis_response and post.brand.open_crisis is not None
    specs = paths.path_for(post.brand, post.risk, crisis=crisis)
    review_round.steps.bulk_create(
        spec.as_round_step(review_round, position) for position, spec in enumerate(specs)
    )
    return review_round


def _close_round(post, to_state):
    ReviewRound.objects.filter(post=post, closed_at__isnull=True).update(
        closed_at=timezone.now(), outcome=ROUND_OUTCOMES.get(to_state, RoundOutcome.ENDED)
    )
    ReviewClaim.objects.filter(post=post).delete()


def _new_version(post, author, fields):
    number = (post.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PostVersion.objects.create(
        post=post, number=number, author=author, **{k: fields[k] for k in VERSION_COLUMNS},
        variant_specs=fields.get("variant_specs", ()),
    )
    post.current_version = version
    return version


def unwaived_errors(post):
    return post.findings.filter(severity=Severity.ERROR, waiver__isnull=True)


# -- transitions -----------------------------------------------------------


def create(user, brand, fields, crisis_response=False):
    """A new post, as a draft with its first version."""
    if not can(user, "create_post", brand):
        raise PermissionDenied("create_post")
    with transaction.atomic():
        post = Post.objects.create(brand=brand, author=user, state=State.DRAFT,
                                   crisis_response=crisis_response)
        version = _new_version(post, user, fields)
        post.save()
        audit(user, "create", brand=brand, post=post, version=version, to_state=State.DRAFT)
    return post


def edit(user, post, fields, crisis_response=None):
    """Save the author's changes as a new version; the post goes back to draft.

    Returns True when a new version was made, False when nothing checked changed.
    ``crisis_response`` (None: unchanged) marks the post as a crisis response.
    """
    with transaction.atomic():
        post = _locked(post)
        _require(user, "edit", post)
        _require_state(post, "edit")
        flag_changed = crisis_response is not None and crisis_response != post.crisis_response
        if content_hash(fields) == post.current_version.content_hash and not flag_changed:
            return post, False
        if flag_changed:
            post.crisis_response = crisis_response
        previous = post.current_version
        time_only = (
            post.state == State.APPROVED and not flag_changed
            and content_hash({**fields, "planned_at": previous.planned_at})
            == previous.content_hash
        )
        _new_version(post, user, fields)
        post.waiver_requested = False
        post.waiver_note = ""
        _move(post, user, "edit", State.DRAFT)
        if time_only:
            # Only the planned time changed: checked again at once; the check
            # keeps the approval when it finds nothing new (see check_done).
            _move(post, user, "submit", State.CHECKING, reason=_("Planned time only."))
            checking.request_check(post)
    return post, True


def submit(user, post):
    with transaction.atomic():
        post = _locked(post)
        _require(user, "submit", post)
        _require_state(post, "submit")
        _move(post, user, "submit", State.CHECKING)
        checking.request_check(post)
    return post


def check_done(post_id, check_run):
    """The system's move once a check has stored its findings.

    A check of a version that is no longer current, or of a post that left
    `checking` meanwhile (withdrawn, edited), changes nothing.
    """
    # No savepoint: inside the check job's transaction an error here rolls
    # back the whole of it, stored result included.
    with transaction.atomic(savepoint=False):
        carry = _carry_candidate(post_id, check_run)
        if carry is not None:
            # It may end approved: the brand first, as approvals lock it.
            Brand.objects.select_for_update(no_key=True).filter(pk=carry).first()
        post = _locked(Post(pk=post_id))
        if post.state != State.CHECKING or post.current_version_id != check_run.version_id:
            return post, False
        approved_check = post.current_check
        post.current_check = check_run
        post.risk = check_run.risk
        blocking = check_run.blocking
        if carry is not None and blocking:
            # Only the planned time changed: the text is the one whose errors
            # an approver waived, passage by passage.
            _carry_waivers(approved_check, check_run)
            blocking = unwaived_errors(post).exists()
        to_state = State.CHANGES_REQUESTED if blocking else State.IN_REVIEW
        # A run just stored knows its count; one read from the database does not.
        count = getattr(check_run, "finding_count", None)
        if count is None:
            count = check_run.findings.count()
        source = paths.carry_source(post) if carry is not None and not blocking else None
        if source is None:
            _move(post, None, "check_done", to_state,
                  reason=f"{count} finding(s), risk {check_run.risk}")
            return post, True
        _carry_or_restart(post, source, approved_check, check_run,
                          reason=f"{count} finding(s), risk {check_run.risk}")
    return post, True


def _carry_candidate(post_id, check_run):
    """The brand id, when this check may let the previous version's approval
    carry over (read without locks; decided again under them)."""
    if check_run.version.number == 1:
        return None  # a first version has no earlier approval to keep
    post = Post.objects.select_related("current_version").filter(pk=post_id).first()
    if (post is None or post.state != State.CHECKING
            or post.current_version_id != check_run.version_id):
        return None
    return post.brand_id if paths.carry_source(post) is not None else None


def _warning_keys(run):
    if run is None:
        return set()
    return {_finding_key(f) for f in run.findings.filter(
        severity__in=[Severity.WARNING, Severity.ERROR])}


def _carry_or_restart(post, source, approved_check, run, reason):
    """Only the planned time changed since ``source`` (an approved round): the
    approval carries over to the new version when its check has no warning or
    error that the approved version's check did not have; else the path restarts."""
    if approved_check is None or approved_check.version_id != source.version_id:
        approved_check = source.version.check_runs.order_by("-created_at", "-pk").first()
    known = _warning_keys(approved_check)
    new = [f for f in run.findings.filter(severity__in=[Severity.WARNING, Severity.ERROR])
           if _finding_key(f) not in known]
    crisis_blocks = post.brand.open_crisis is not None and not post.crisis_response
    if new or crisis_blocks:
        _move(post, None, "check_done", State.IN_REVIEW, reason=reason)
        why = "; ".join(f.message_en for f in new) or "crisis mode"
        audit(None, "approval_not_carried", brand=post.brand, post=post,
              version=post.current_version, from_state=post.state, to_state=post.state,
              reason=f"v{source.version.number}: {why}")
        return
    review_round = ReviewRound.objects.create(
        post=post, version=post.current_version, number=1, risk=run.risk,
        outcome=RoundOutcome.APPROVED, carried_from=source, closed_at=timezone.now())
    review_round.steps.bulk_create(
        RoundStep(review_round=review_round, position=s.position, key=s.key, name=s.name,
                  decided_by=s.decided_by, group=s.group, group_name=s.group_name, rule=s.rule,
                  advisory=s.advisory)
        for s in source.steps.all()
    )
    carried = Decision.objects.filter(version_id=source.version_id, round_number=source.number)
    Decision.objects.bulk_create(
        Decision(post=post, version=post.current_version, decided_by_id=d.decided_by_id,
                 kind=d.kind, step=d.step, round_number=1, step_name=d.step_name,
                 step_rule=d.step_rule, advisory=d.advisory, reason=d.reason, carried_from=d)
        for d in carried.order_by("created_at", "pk")
    )
    # Straight to approved: the round opened by entering review is not needed.
    from_state = post.state
    post.state = State.APPROVED
    post.save()
    audit(None, "check_done", brand=post.brand, post=post, version=post.current_version,
          from_state=from_state, to_state=State.APPROVED, reason=reason)
    names = ", ".join(sorted({d.decided_by.get_username() for d in carried
                              .select_related("decided_by") if not d.advisory}))
    audit(None, "approval_carried", brand=post.brand, post=post, version=post.current_version,
          from_state=State.APPROVED, to_state=State.APPROVED,
          reason=f"v{source.version.number} → v{post.current_version.number}: {names}")


def check_failed(post, check_job):
    """The system gave up on a check after its retries: the post stays in
    `checking`, shows "Check failed", and its history says why."""
    audit(None, "check_failed", brand=post.brand, post=post, version=check_job.version,
          from_state=post.state, to_state=post.state,
          reason=f"{check_job.job_id}: {check_job.error}")


def retry_check(user, post):
    """The author or an approver asks for a failed check to run again."""
    with transaction.atomic():
        post = _locked(post)
        _require(user, "retry_check", post)
        _require_state(post, "retry_check")
        if not post.check_failed:
            raise TransitionError(_("The check has not failed: it is still pending."))
        job = checking.request_check(post)
        audit(user, "retry_check", brand=post.brand, post=post, version=post.current_version,
              from_state=post.state, to_state=post.state, reason=job.job_id)
    return post


def requeue_check(post, reason):
    """The reconciler's move: a post in `checking` whose job is lost gets a new one."""
    with transaction.atomic():
        post = _locked(post)
        if post.state != State.CHECKING:
            return None
        job = checking.request_check(post)
        audit(None, "check_requeued", brand=post.brand, post=post, version=post.current_version,
              from_state=post.state, to_state=post.state, reason=f"{job.job_id}: {reason}")
    return job


def withdraw(user, post):
    with transaction.atomic():
        post = _locked(post)
        _require(user, "withdraw", post)
        _require_state(post, "withdraw")
        post.waiver_requested = False
        _move(post, user, "withdraw", State.DRAFT)
    return post


def _choose_step(user, state, kind, step_key):
    """The step ``user``'s decision of ``kind`` fills, or a TransitionError saying why none.

    An approval fills the current step, or else an advisory step of theirs; a
    comment only an advisory step; a request for changes or a rejection only
    the current step. ``step_key`` (from the form) names the step the reviewer
    saw: if the post moved on since, the decision is refused, not moved.
    """
    steps = state.decidable(user)
    if kind == DecisionKind.COMMENT:
        steps = [s for s in steps if s.advisory]
    elif kind != DecisionKind.APPROVE:
        steps = [s for s in steps if not s.advisory]
    if step_key:
        chosen = next((s for s in steps if s.key == step_key), None)
        if chosen is None and state.step(step_key) is not None:
            seen = state.step(step_key)
            if seen.done and seen.approvals:
                names = ", ".join(d.decided_by.get_username() for d in seen.approvals)
                raise TransitionError(
                    _("%(name)s has already decided on this version: %(decision)s.")
                    % {"name": names, "decision": DecisionKind.APPROVE.label}
                )
    else:
        chosen = steps[0] if steps else None
    if chosen is None:
        if kind == DecisionKind.COMMENT:
            raise TransitionError(_("Only an advisory reviewer of this post can comment here."))
        raise TransitionError(paths.refusal(user, state, kind))
    return chosen


def _picked_reasons(post, reason_ids):
    """The brand's active review reasons named by ``reason_ids`` (ids or reasons);
    any other (another brand's reason, a deactivated one, garbage) refuses the
    decision."""
    from socialgov.brands.models import ReviewReason

    ids = {str(getattr(value, "pk", value)).strip() for value in reason_ids or ()}
    ids.discard("")
    if not ids:
        return []
    if not all(value.isdigit() for value in ids):
        raise TransitionError(_("Choose the reasons from this brand's list."))
    reasons = list(ReviewReason.objects.filter(brand=post.brand, active=True, pk__in=ids))
    if len(reasons) != len(ids):
        raise TransitionError(_("Choose the reasons from this brand's list."))
    return reasons


def _reasons_text(post, reasons, text):
    """The audit's words for a decision: the reasons picked, then the free text."""
    labels = "; ".join(r.label_for(post.brand.default_language) for r in reasons)
    return f"{labels}: {text}" if labels and text else labels or text


def _decide(user, post, version_id, kind, to_state, reason="", reason_missing=None,
            step_key=None, reason_ids=()):
    with transaction.atomic():
        if kind == DecisionKind.APPROVE:
            # Approvals and the start of crisis mode are serialised per brand:
            # no approval slips in while crisis mode pauses the approved posts.
            # NO KEY UPDATE: rows that merely refer to the brand (audit events)
            # can still be written meanwhile, so other moves never deadlock.
            Brand.objects.select_for_update(no_key=True).filter(pk=post.brand_id).first()
        post = _locked(post)
        action = "advise" if kind == DecisionKind.COMMENT else kind
        _require(user, action, post)
        _require_state(post, action)
        picked = _picked_reasons(post, reason_ids)
        if reason_missing is not None and not picked:
            reason = _require_text(reason, reason_missing)
        reason = (reason or "").strip()
        if str(post.current_version_id) != str(version_id):
            raise TransitionError(
                _("The post changed since you opened it. Review the current version first.")
            )
        state = paths.progress(post)
        step = _choose_step(user, state, kind, step_key)
        crisis_on = post.brand.open_crisis is not None
        if (kind == DecisionKind.APPROVE and not step.advisory and crisis_on
                and not post.crisis_response):
            raise TransitionError(
                _("Crisis mode is on: only crisis responses can be approved until it ends.")
            )
        if (kind == DecisionKind.APPROVE and not step.advisory
                and unwaived_errors(post).exists()):
            raise TransitionError(
                _("This post has an error finding that has not been waived; it cannot be approved.")
            )
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    post=post, version=post.current_version, decided_by=user, kind=kind,
                    reason=reason, step=step.key, round_number=state.round.number,
                    step_name=step.step.name, step_rule=step.step.rule,
                    advisory=step.step.advisory,
                )
        except IntegrityError:
            # Row locks make this rare; the constraints make it impossible.
            raise TransitionError(
                _("Another reviewer has already decided on this version.")
            ) from None
        decision.reasons.set(picked)
        post.waiver_requested = False
        if step.advisory:
            audit(user, "advise" if kind == DecisionKind.COMMENT else "step_approved",
                  brand=post.brand, post=post, version=post.current_version,
                  from_state=post.state, to_state=post.state,
                  reason=f"{step.name} ({_('advisory')}): {reason}".rstrip(": "))
            post.save()
            return post
        if kind != DecisionKind.APPROVE:
            _move(post, user, action, to_state, reason=_reasons_text(post, picked, reason))
            return post
        step.decisions.append(decision)
        state = paths.compute(post, state.round, [s.step for s in state.steps],
                              [d for s in state.steps for d in s.decisions], state.people)
        if not state.complete:
            audit(user, "step_approved", brand=post.brand, post=post,
                  version=post.current_version, from_state=post.state, to_state=post.state,
                  reason=step.name)
            post.save()
            return post
        if crisis_on and post.crisis_response and state.step(paths.CRISIS_STEP_KEY) is None:
            # Crisis mode came after the review started: the brand admins sign off last.
            paths.crisis_step().as_round_step(state.round, len(state.steps)).save()
            _move(post, user, "approve", State.IN_REVIEW)
            return post
        action = "crisis_signoff" if step.key == paths.CRISIS_STEP_KEY else "approve"
        _move(post, user, action, State.APPROVED)
    return post


def approve(user, post, version_id, step=None):
    return _decide(user, post, version_id, DecisionKind.APPROVE, State.APPROVED, "",
                   step_key=step)


def request_changes(user, post, version_id, comment, reasons=(), step=None):
    """``reasons``: ids of the brand's review reasons; a reason or a comment is needed."""
    return _decide(user, post, version_id, DecisionKind.REQUEST_CHANGES,
                   State.CHANGES_REQUESTED, comment, _("Say what should change."),
                   step_key=step, reason_ids=reasons)


def reject(user, post, version_id, reason, reasons=(), step=None):
    """``reasons``: ids of the brand's review reasons; a reason or a text is needed."""
    return _decide(user, post, version_id, DecisionKind.REJECT, State.REJECTED, reason,
                   _("Give a reason for rejecting."), step_key=step, reason_ids=reasons)


def advise(user, post, version_id, text, step=None):
    """An advisory reviewer's comment: recorded on their step, never blocks."""
    return _decide(user, post, version_id, DecisionKind.COMMENT, State.IN_REVIEW, text,
                   _("Write your comment."), step_key=step)


def ask_waiver(user, post, note):
    """The author believes an error finding is wrong and asks a reviewer to waive it."""
    with transaction.atomic():
        post = _locked(post)
        _require(user, "ask_waiver", post)
        _require_state(post, "ask_waiver")
        note = _require_text(note, _("Explain why the finding is wrong."))
        if _decision_on_current_version(post) is not None or not unwaived_errors(post).exists():
            raise TransitionError(
                _("A waiver can only be asked for when an error finding sent the post back.")
            )
        post.waiver_requested = True
        post.waiver_note = note
        _move(post, user, "ask_waiver", State.IN_REVIEW, reason=note)
    return post


def waive(user, finding, reason):
    with transaction.atomic():
        post = _locked(finding.version.post)
        _require(user, "waive", post)
        _require_state(post, "waive")
        reason = _require_text(reason, _("Give a reason for waiving this finding."))
        if not post.findings.filter(pk=finding.pk).exists():
            raise TransitionError(_("This finding belongs to an older version."))
        try:
            with transaction.atomic():
                Waiver.objects.create(finding=finding, waived_by=user, reason=reason)
        except IntegrityError:
            raise TransitionError(_("This finding has already been waived.")) from None
        audit(user, "waive", brand=post.brand, post=post, version=post.current_version,
              from_state=post.state, to_state=post.state,
              reason=f"{finding.rule_name or finding.kind}: {reason}")
    return post


def duplicate(user, post):
    """Any member may start a new draft from any post, including a rejected one."""
    _require(user, "duplicate", post)
    with transaction.atomic():
        source = post.current_version
        copy = Post.objects.create(brand=post.brand, author=user, state=State.DRAFT,
                                   duplicated_from=post)
        version = _new_version(copy, user, source.fields())
        copy.save()
        audit(user, "duplicate", brand=post.brand, post=copy, version=version,
              to_state=State.DRAFT, reason=f"#{post.pk}")
    return copy


def _finding_key(finding):
    return (finding.kind, finding.rule_id, finding.rule_name, finding.variant_id,
            finding.start, finding.end, finding.matched)


def new_errors(post, run):
    """The error findings of ``run`` that the post's current check did not have
    (a waived or already known error does not count again)."""
    known = set()
    if post.current_check_id is not None and post.current_check.version_id == run.version_id:
        known = {_finding_key(f) for f in post.current_check.findings.all()}
    return [f for f in run.findings.filter(severity=Severity.ERROR)
            if _finding_key(f) not in known]


def _carry_waivers(previous, run):
    """Grant again, on ``run``, the waivers of ``previous`` whose finding it finds
    again at the same place in the same words: the approver judged that very
    passage, and nothing about it changed."""
    if previous is None or previous.pk == run.pk:
        return
    waived = {_finding_key(f): f.waiver for f in previous.findings.select_related("waiver")
              if f.is_waived}
    if not waived:
        return
    for finding in run.findings.filter(waiver__isnull=True):
        waiver = waived.get(_finding_key(finding))
        if waiver is not None:
            Waiver.objects.create(finding=finding, waived_by_id=waiver.waived_by_id,
                                  reason=waiver.reason)


def _adopt_run(post, run):
    """Make ``run`` the post's current check, so its page shows what the rules
    say now, keeping the waivers of the passages it finds again."""
    _carry_waivers(post.current_check, run)
    post.current_check = run
    post.risk = run.risk


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
    or paused that now has a new error goes back to its author, and the brand's
    approvers are told; any other post keeps its state. Returns True when the
    post was sent back.
    """
    if not run.blocking and _adopt_clean_recheck(post_id, run):
        return False
    with transaction.atomic(savepoint=False):
        post = _locked(Post(pk=post_id))
        if post.current_version_id != run.version_id or post.state not in RECHECK_STATES:
            return False
        if post.state == State.CHECKING:
            _post, moved = check_done(post_id, run)
            return moved and run.blocking
        errors = new_errors(post, run)
        _adopt_run(post, run)
        if not errors:
            post.save(update_fields=["current_check", "risk"])
            return False
        post.waiver_requested = False
        reason = "; ".join(f.message_en for f in errors)
        _move(post, None, "recheck", State.CHANGES_REQUESTED, reason=reason)
        transaction.on_commit(lambda: notify.sent_back_by_recheck(post, errors))
    return True


# -- expiry and publication --------------------------------------------------------


def expire_overdue(now=None):
    """Expire every post not approved by its planned time. Returns how many."""
    now = now or timezone.now()
    candidates = Post.objects.current().filter(
        state__in=TRANSITIONS["expire"][0], current_version__planned_at__lt=now
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(candidates):
        with transaction.atomic():
            post = _locked(Post(pk=pk))
            planned = post.current_version.planned_at
            if (post.state not in TRANSITIONS["expire"][0] or planned is None
                    or planned >= now or post.archived_at is not None):
                continue  # moved on meanwhile
            post.waiver_requested = False
            _move(post, None, "expire", State.EXPIRED,
                  reason=f"planned {planned.astimezone(post.brand.tz):%Y-%m-%d %H:%M}")
            count += 1
    return count


def publish(user, post, url):
    """An approver records that an approved post is live, and where."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    with transaction.atomic():
        post = _locked(post)
        _require(user, "publish", post)
        _require_state(post, "publish")
        url = _require_text(url, _("Give the address of the published post."))
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise TransitionError(_("“%(url)s” is not a web address (https://…).")
                                  % {"url": url}) from None
        post.published_url = url
        _move(post, user, "publish", State.PUBLISHED, reason=url)
    return post


# -- archive ------------------------------------------------------------------------


def archive(user, post):
    """Put a post at rest out of the lists; its state and history stay as they are."""
    with transaction.atomic():
        post = _locked(post)
        _require(user, "archive", post)
        _require_state(post, "archive")
        post.archived_at = timezone.now()
        post.archived_by = user
        post.save(update_fields=["archived_at", "archived_by", "updated_at"])
        audit(user, "archive", brand=post.brand, post=post, version=post.current_version,
              from_state=post.state, to_state=post.state)
    return post


def restore(user, post):
    """Bring an archived post back to the lists, in the state it was archived in."""
    with transaction.atomic():
        post = _locked(post)
        _require(user, "restore", post)
        _require_state(post, "restore")
        post.archived_at = None
        post.archived_by = None
        post.save(update_fields=["archived_at", "archived_by", "updated_at"])
        audit(user, "restore", brand=post.brand, post=post, version=post.current_version,
              from_state=post.state, to_state=post.state)
    return post


# -- crisis mode ----------------------------------------------------------------


def start_crisis(user, brand, reason):
    """Pause every approved post of the brand until crisis mode ends."""
    if not can(user, "crisis", brand):
        raise PermissionDenied("crisis")
    reason = _require_text(reason, _("Give a reason for starting crisis mode."))
    with transaction.atomic():
        brand = Brand.objects.select_for_update(no_key=True).get(pk=brand.pk)
        if brand.crisis_periods.filter(ended_at__isnull=True).exists():
            raise TransitionError(_("Crisis mode is already on for this brand."))
        try:
            with transaction.atomic():
                period = CrisisPeriod.objects.create(brand=brand, started_by=user,
                                                     start_reason=reason)
        except IntegrityError:
            raise TransitionError(_("Crisis mode is already on for this brand.")) from None
        audit(user, "crisis_started", brand=brand, reason=reason)
        posts = (Post.objects.select_for_update(of=("self",))
                 .select_related("brand", "current_version")
                 .filter(brand=brand, state=State.APPROVED).order_by("pk"))
        for post in posts:
            _move(post, user, "pause", State.PAUSED, reason=reason)
    return period


def end_crisis(user, brand, reason):
    """End crisis mode: paused posts are checked again, then go back to review."""
    if not can(user, "crisis", brand):
        raise PermissionDenied("crisis")
    reason = _require_text(reason, _("Give a reason for ending crisis mode."))
    with transaction.atomic():
        brand = Brand.objects.select_for_update(no_key=True).get(pk=brand.pk)
        period = brand.crisis_periods.filter(ended_at__isnull=True).first()
        if period is None:
            raise TransitionError(_("Crisis mode is not on for this brand."))
        period.ended_by = user
        period.end_reason = reason
        period.ended_at = timezone.now()
        period.save()
        audit(user, "crisis_ended", brand=brand, reason=reason)
        posts = (Post.objects.select_for_update(of=("self",))
                 .select_related("brand", "current_version")
                 .filter(brand=brand, state=State.PAUSED).order_by("pk"))
        for post in posts:
            _move(post, user, "resume", State.CHECKING, reason=reason)
            checking.request_check(post)
    return period


def available_actions(user, post):
    """The transitions this user may make on this post right now (for buttons)."""
    actions = set()
    archived = post.archived_at is not None
    for action, (allowed_from, _target) in TRANSITIONS.items():
        if action in SYSTEM_ACTIONS or post.state not in allowed_from:
            continue
        if (archived and action not in ARCHIVED_ACTIONS) or (not archived and action == "restore"):
            continue
        if can(user, action, post):
            actions.add(action)
    if post.state == State.IN_REVIEW and actions & (DECISIONS | {"advise"}):
        steps = paths.progress(post).decidable(user)
        if not any(not s.advisory for s in steps):
            actions -= {"request_changes", "reject"}
        if not steps:
            actions.discard("approve")
        if not any(s.advisory for s in steps):
            actions.discard("advise")
    if "retry_check" in actions and not post.check_failed:
        actions.discard("retry_check")
    if "ask_waiver" in actions and (
        _decision_on_current_version(post) is not None or not unwaived_errors(post).exists()
    ):
        actions.discard("ask_waiver")
    return actions


# -- claims and absences (approval paths) -------------------------------------------


def claim(user, post):
    """An approver takes the review on, so two people don't duplicate work.
    Others can still decide; the post page warns them."""
    with transaction.atomic():
        post = _locked(post)
        _require(user, "claim", post)
        if post.state != State.IN_REVIEW:
            raise TransitionError(_("Only a post in review can be claimed."))
        current = ReviewClaim.objects.filter(post=post).select_related("user").first()
        if current is not None and current.version_id == post.current_version_id:
            if current.user_id == user.pk:
                return current
            raise TransitionError(_("%(name)s has already claimed this post.")
                                  % {"name": current.user.get_username()})
        if current is not None:
            current.delete()  # a claim on an older version
        taken = ReviewClaim.objects.create(post=post, version=post.current_version, user=user)
        audit(user, "claim", brand=post.brand, post=post, version=post.current_version,
              from_state=post.state, to_state=post.state)
    return taken


def release(user, post):
    """The claimant, or a brand admin, gives the review back to everyone."""
    with transaction.atomic():
        post = _locked(post)
        current = ReviewClaim.objects.filter(post=post).select_related("user").first()
        if current is None:
            raise TransitionError(_("Nobody has claimed this post."))
        if current.user_id != user.pk and not has_role(user, post.brand, Role.BRAND_ADMIN):
            raise PermissionDenied("release")
        reason = "" if current.user_id == user.pk else current.user.get_username()
        current.delete()
        audit(user, "release", brand=post.brand, post=post, version=post.current_version,
              from_state=post.state, to_state=post.state, reason=reason)


def set_absence(user, starts_on, ends_on):
    """A person marks themself away; every brand they belong to records it."""
    from socialgov.accounts.models import Absence

    if ends_on < starts_on:
        raise TransitionError(_("The last day away cannot come before the first."))
    with transaction.atomic():
        absence = Absence.objects.create(user=user, starts_on=starts_on, ends_on=ends_on)
        _audit_absence(user, "away_set", absence)
    return absence


def remove_absence(user, absence):
    if absence.user_id != user.pk:
        raise PermissionDenied("remove_absence")
    with transaction.atomic():
        _audit_absence(user, "away_removed", absence)
        absence.delete()


def _audit_absence(user, action, absence):
    reason = f"{absence.starts_on:%Y-%m-%d} → {absence.ends_on:%Y-%m-%d}"
    for brand in Brand.objects.filter(memberships__user=user).order_by("pk"):
        audit(user, action, brand=brand, reason=reason)
