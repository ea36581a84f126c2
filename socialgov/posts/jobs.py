"""RQ jobs: ids in, rows reloaded, real code called. Nothing else lives here."""

import traceback

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string
from rq import get_current_job

from socialgov.brands.models import Rule, active_rule_specs
from socialgov.checks import engine
from socialgov.posts import workflow
from socialgov.posts.checking import check_key
from socialgov.posts.models import (
    CheckJob,
    CheckJobStatus,
    CheckRun,
    Finding,
    Post,
    PostVersion,
    State,
)

_checkers = {}


def _compiled(brand_id, rule_set_version, specs):
    # One compile per rule-set version and worker process. The specs are
    # compared too, so a cached checker is always the one for the rules read.
    key = (settings.CHECKS_ENGINE, brand_id, rule_set_version)
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
        run_id = _check(post_id, version_id)
    except Exception as error:
        _record_failure(check_job_id, error)
        raise
    if check_job_id is not None:
        CheckJob.objects.filter(pk=check_job_id).update(status=CheckJobStatus.DONE)
    return run_id


def _check(post_id, version_id):
    post = Post.objects.select_related("brand").get(pk=post_id)
    if post.state != State.CHECKING or post.current_version_id != version_id:
        return None  # withdrawn or edited meanwhile: nothing to check
    version = PostVersion.objects.get(pk=version_id)
    rule_set_version, specs = active_rule_specs(post.brand)
    key = check_key(version, rule_set_version)
    run = CheckRun.objects.filter(check_key=key).first()
    if run is None:
        run = _store(version, key, rule_set_version, specs, post.brand_id)
    workflow.check_done(post.pk, run)
    return run.pk


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


def _store(version, key, rule_set_version, specs, brand_id):
    checker = _compiled(brand_id, rule_set_version, specs)
    result = checker.check(
        engine.PostInput(
            text=version.text,
            networks=tuple(version.networks),
            objective=version.objective,
            planned_at=version.planned_at,
            language=version.language,
        )
    )
    rules = Rule.objects.select_related("guideline").in_bulk([int(spec.id) for spec in specs])
    try:
        with transaction.atomic():
            run = CheckRun.objects.create(
                version=version,
                check_key=key,
                rule_set_version=rule_set_version,
                risk=result.risk,
                blocking=result.blocking,
            )
            Finding.objects.bulk_create(
                _finding(run, version, f, rules) for f in result.findings
            )
    except IntegrityError:
        # Another worker stored this very check first; theirs is as good as ours.
        run = CheckRun.objects.get(check_key=key)
    return run


def _finding(run, version, finding, rules):
    rule = rules.get(int(finding.rule_id)) if finding.rule_id.isdigit() else None
    return Finding(
        check_run=run,
        version=version,
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
