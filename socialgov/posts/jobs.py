"""RQ jobs: ids in, rows reloaded, real code called. Nothing else lives here."""

import traceback

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from rq import get_current_job

from socialgov.brands.models import RecheckBatch, Rule, rule_inputs
from socialgov.checks import engine
from socialgov.posts import variants, workflow
from socialgov.posts.checking import check_key
from socialgov.posts.models import (
    CheckJob,
    CheckJobStatus,
    CheckRun,
    Finding,
    Post,
    State,
)

_checkers = {}


def _compiled(brand_id, rules_fingerprint, specs):
    # One compile per rules fingerprint and worker process. The specs are
    # compared too, so a cached checker is always the one for the rules read.
    key = (settings.CHECKS_ENGINE, brand_id, rules_fingerprint)
    cached = _checkers.get(key)
    if cached is None or cached[0] != specs:
        if len(_checkers) > 256:
            _checkers.clear()
        compile_rules = import_string(f"{settings.CHECKS_ENGINE}.compile")
        cached = _checkers[key] = (specs, compile_rules(specs))
    return cached[1]


def check_version(post_id, version_id, check_job_id=None):
    """Check one version of a post and hand the result to the workflow.

    Safe to run twice, even at once: the result is stored under its check
    key, and the workflow ignores a check of a post that has moved on.
    """
    try:
        return _check(post_id, version_id, check_job_id)
    except Exception as error:
        _record_failure(check_job_id, error)
        raise


def _check(post_id, version_id, check_job_id):
    # Reads in autocommit, the engine outside any transaction, then one
    # transaction (one commit) stores the result, moves the post and closes
    # the CheckJob: all of it happens, or none and the retry starts afresh.
    post = Post.objects.select_related("brand", "current_version").get(pk=post_id)
    stored_run = None
    if post.state == State.CHECKING and post.current_version_id == version_id:
        stored_run = _prepare(post, rule_inputs(post.brand))
    # else: withdrawn or edited meanwhile, nothing to check
    run = None
    with transaction.atomic():
        if stored_run is not None:
            run = stored_run()
            workflow.check_done(post.pk, run)
        if check_job_id is not None:
            CheckJob.objects.filter(pk=check_job_id).update(status=CheckJobStatus.DONE)
    return run.pk if run is not None else None


def recheck_posts(batch_id, post_ids):
    """Re-check some posts of a brand after its rules changed, and count them
    on the batch. Safe to run twice: results are stored under their check
    key, and the workflow ignores a post that has moved on."""
    sent_back = 0
    inputs = None
    posts = (Post.objects.filter(pk__in=post_ids).select_related("brand", "current_version")
             .prefetch_related("current_version__variants"))
    for post in posts:
        if post.state not in workflow.RECHECK_STATES:
            continue
        if inputs is None:
            inputs = rule_inputs(post.brand)
        stored_run = _prepare(post, inputs)
        with transaction.atomic():
            sent_back += workflow.recheck_done(post.pk, stored_run())
    RecheckBatch.objects.filter(pk=batch_id).update(
        done=F("done") + len(post_ids), sent_back=F("sent_back") + sent_back
    )
    RecheckBatch.objects.filter(
        pk=batch_id, finished_at__isnull=True, done__gte=F("total")
    ).update(finished_at=timezone.now())
    return sent_back


def _prepare(post, inputs):
    """The slow half of a check, done outside any transaction: find the stored
    result for this check key, or run the engine. Returns a function that,
    inside the caller's transaction, gives the stored CheckRun (storing the
    fresh result first when there was none)."""
    version = post.current_version
    key = check_key(version, inputs.fingerprint)
    run = CheckRun.objects.filter(check_key=key).first()
    if run is not None:
        return lambda: run
    checker = _compiled(post.brand_id, inputs.fingerprint, inputs.specs)
    # Each text of the version with its own language and networks; one result.
    targets = variants.check_targets(version.text, version.language, version.networks,
                                     version.variants.all())
    result = variants.combine(
        [(target, checker.check(_input(version, inputs, target))) for target in targets]
    )
    rule_ids = [int(f.rule_id) for _variant, f in result.findings if f.rule_id.isdigit()]
    rules = Rule.objects.select_related("guideline").in_bulk(rule_ids) if rule_ids else {}
    return lambda: _store(version, key, inputs.rule_set_version, result, rules)


def _input(version, inputs, target):
    return engine.PostInput(
        text=target.text,
        networks=target.networks,
        objective=version.objective,
        planned_at=version.planned_at,
        language=target.language,
        time_zone=inputs.time_zone,
        watch=inputs.watch,
    )


def _record_failure(check_job_id, error):
    """Count the failed execution; after the last retry, the post shows
    "Check failed" and its history says why."""
    if check_job_id is None:
        return
    rq_job = get_current_job()
    final = rq_job is None or not rq_job.retries_left
    message = "".join(traceback.format_exception_only(error)).strip()[:2000]
    with transaction.atomic():
        check_job = CheckJob.objects.select_for_update().select_related("post").get(
            pk=check_job_id
        )
        check_job.failures += 1
        check_job.error = message
        if final:
            check_job.status = CheckJobStatus.FAILED
        check_job.save()
        if final:
            workflow.check_failed(check_job.post, check_job)


def _store(version, key, rule_set_version, result, rules):
    try:
        with transaction.atomic():
            run = CheckRun.objects.create(
                version=version,
                check_key=key,
                rule_set_version=rule_set_version,
                risk=result.risk,
                blocking=result.blocking,
            )
            run.finding_count = len(result.findings)
            Finding.objects.bulk_create(
                _finding(run, version, variant, f, rules) for variant, f in result.findings
            )
    except IntegrityError:
        # Another worker stored this very check first; theirs is as good as ours.
        run = CheckRun.objects.get(check_key=key)
    return run


def _finding(run, version, variant, finding, rules):
    rule = rules.get(int(finding.rule_id)) if finding.rule_id.isdigit() else None
    return Finding(
        check_run=run,
        version=version,
        variant=variant,
        rule=rule,
        rule_name=rule.name if rule else "",
        kind=finding.kind,
        severity=finding.severity,
        start=finding.start,
        end=finding.end,
        matched=finding.matched,
        message_en=finding.message.get("en", ""),
        message_fr=finding.message.get("fr", ""),
        suggestion_en=finding.suggestion.get("en", ""),
        suggestion_fr=finding.suggestion.get("fr", ""),
        guideline=rule.guideline if rule else None,
        guideline_title=finding.guideline or "",
    )
