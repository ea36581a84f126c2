"""RQ jobs: ids in, rows reloaded, real code called. Nothing else lives here."""

from django.db import IntegrityError, transaction

from socialgov.brands.models import Rule, active_rule_specs
from socialgov.checks import engine
from socialgov.posts import workflow
from socialgov.posts.models import CheckRun, Finding, Post, PostVersion, State

_checkers = {}


def _compiled(brand_id, rule_set_version, specs):
    # Keyed by rule-set version: a changed rule set compiles anew, an
    # unchanged one is compiled once per worker process. The specs are part
    # of the key so a cached checker is always the one for the rules read
    # (a reused brand id or a version read apart from its rules cannot hit).
    key = (brand_id, rule_set_version, repr(specs))
    if key not in _checkers:
        if len(_checkers) > 256:
            _checkers.clear()
        _checkers[key] = engine.compile(specs)
    return _checkers[key]


def check_key(version, rule_set_version):
    return f"v{version.pk}:{version.content_hash}:r{rule_set_version}:e{engine.ENGINE_VERSION}"


def check_version(post_id, version_id):
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
