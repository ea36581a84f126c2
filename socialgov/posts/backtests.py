""""Backtest": a brand's rules as edited (one rule changed or added, not saved) run over
its last checked posts, in the worker, with progress: the posts they would newly flag
and no longer flag, and, rule by rule, which posts each would flag or no longer flag."""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from socialgov.brands.models import rule_inputs
from socialgov.checks import engine
from socialgov.checks.base import RuleSpec
from socialgov.posts import pipeline, variants
from socialgov.posts.models import Backtest, CheckRun, Post

logger = logging.getLogger(__name__)

POSTS = 200  # the last checked posts a backtest reads
PROGRESS_EVERY = 10  # posts between two progress updates
FLAGGING = ("warning", "error")


def start(brand, user, spec: RuleSpec, replaces: int | None) -> Backtest:
    """Record a backtest of ``spec`` (standing for the saved rule ``replaces``, or new)
    and start it once the surrounding transaction commits."""
    post_ids = last_checked_posts(brand)
    backtest = Backtest.objects.create(
        brand=brand, requested_by=user, rule_name=spec.name[:120],
        rule={"kind": spec.kind, "params": spec.params, "severity": spec.severity,
              "message": spec.message, "suggestion": spec.suggestion,
              "enabled": spec.enabled},
        replaces=replaces, total=len(post_ids),
        finished_at=None if post_ids else timezone.now(),
    )
    if post_ids:
        transaction.on_commit(lambda: enqueue(backtest.pk))
    return backtest


def last_checked_posts(brand) -> list[int]:
    """The brand's posts checked most recently, newest first."""
    return list(
        CheckRun.objects.filter(version__post__brand=brand)
        .values("version__post").annotate(last=Max("created_at")).order_by("-last")
        .values_list("version__post", flat=True)[:POSTS]
    )


def enqueue(backtest_id: int) -> None:
    if not pipeline.worker_enabled():
        run(backtest_id)
        return
    try:
        pipeline.checks_queue().enqueue(
            run, backtest_id, job_id=f"{settings.CHECKS_QUEUE}-backtest-{backtest_id}",
            job_timeout=max(settings.CHECKS_JOB_TIMEOUT, 600), result_ttl=3600,
            failure_ttl=7 * 24 * 3600)
    except redis.exceptions.RedisError:
        logger.warning("could not enqueue backtest %s; running it here", backtest_id,
                       exc_info=True)
        run(backtest_id)


def _edited_specs(specs, backtest) -> list:
    edited_id = str(backtest.replaces) if backtest.replaces else "backtest:new"
    rule = backtest.rule
    spec = RuleSpec(id=edited_id, kind=rule["kind"], params=rule["params"],
                    severity=rule["severity"], message=rule.get("message") or {},
                    suggestion=rule.get("suggestion") or {}, name=backtest.rule_name)
    kept = [s for s in specs if s.id != edited_id]
    return [*kept, spec] if rule.get("enabled", True) else kept


def _flagging_rules(checker, inputs, post) -> set[str]:
    version = post.current_version
    targets = variants.check_targets(version.text, version.language, version.networks,
                                     version.variants.all())
    result = pipeline.check_texts(checker, inputs, targets, version.objective,
                                  version.planned_at, settings.CHECKS_RULE_SECONDS,
                                  settings.CHECKS_CHECK_SECONDS,
                                  replying_to=version.replying_to)
    return {f.rule_id for _variant, f in result.findings if f.severity in FLAGGING}


def run(backtest_id: int) -> None:
    """Run a backtest and store what changes (the job)."""
    backtest = Backtest.objects.select_related("brand").get(pk=backtest_id)
    try:
        _run(backtest)
    except Exception:
        logger.exception("backtest %s failed", backtest_id)
        Backtest.objects.filter(pk=backtest_id).update(failed=True, finished_at=timezone.now())


def _run(backtest) -> None:
    """Per post, the rules that would flag it and did not (it is "newly flagged", even
    when another rule flagged it already: ``already_flagged``), and those that would
    flag it no longer ("no longer flagged", ``still_flagged`` when another rule still
    does); per rule, the posts of each (``more``, ``fewer``)."""
    inputs = rule_inputs(backtest.brand)
    now = engine.compile(inputs.specs)
    edited = engine.compile(_edited_specs(inputs.specs, backtest))
    newly, no_longer, already, still = [], [], [], []
    more: dict[str, list[int]] = {}
    fewer: dict[str, list[int]] = {}
    ids = last_checked_posts(backtest.brand)
    posts = (Post.objects.filter(pk__in=ids).select_related("current_version")
             .prefetch_related("current_version__variants").in_bulk())
    for done, post_id in enumerate(ids, start=1):
        post = posts.get(post_id)
        if post is not None and post.current_version is not None:
            before = _flagging_rules(now, inputs, post)
            after = _flagging_rules(edited, inputs, post)
            if after - before:
                newly.append(post_id)
                if before:
                    already.append(post_id)
            if before - after:
                no_longer.append(post_id)
                if after:
                    still.append(post_id)
            for rule_id in sorted(after - before):
                more.setdefault(rule_id, []).append(post_id)
            for rule_id in sorted(before - after):
                fewer.setdefault(rule_id, []).append(post_id)
        if done % PROGRESS_EVERY == 0:
            Backtest.objects.filter(pk=backtest.pk).update(done=done)
    Backtest.objects.filter(pk=backtest.pk).update(
        done=len(ids), total=len(ids), finished_at=timezone.now(),
        results={"newly_flagged": newly, "no_longer_flagged": no_longer,
                 "already_flagged": already, "still_flagged": still,
                 "more": more, "fewer": fewer})


def progress(backtest) -> int:
    """Percent done."""
    return 100 if backtest.finished or not backtest.total else (
        min(99, 100 * backtest.done // backtest.total))


