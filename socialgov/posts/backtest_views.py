""""Backtest" from the rule form (start one on the rule as edited, and follow it) and
rule health: the pages that judge a brand's rules on its posts."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST, require_safe

from socialgov.brands import voice
from socialgov.brands.forms import RuleForm
from socialgov.brands.models import Rule
from socialgov.brands.views import _managed_brand
from socialgov.posts import backtests, rule_health
from socialgov.posts.models import Backtest, Post


@dataclass
class RuleChange:
    """A rule of a backtest's table: the posts it would newly flag and no longer flag
    (``None`` for a backtest stored before they were kept: its counts only)."""

    name: str
    newly: list | None
    no_longer: list | None
    newly_count: int
    no_longer_count: int


def _page(request, brand, backtest, template="posts/backtest.html"):
    results = backtest.results or {}
    more, fewer = results.get("more", {}), results.get("fewer", {})
    ids = {*results.get("newly_flagged", ()), *results.get("no_longer_flagged", ())}
    for listed in (*more.values(), *fewer.values()):
        if isinstance(listed, list):
            ids.update(listed)
    posts = Post.objects.filter(pk__in=ids).select_related("current_version").in_bulk()
    names = dict(Rule.objects.filter(rule_set__brand=brand).values_list("pk", "name"))
    edited = str(backtest.replaces) if backtest.replaces else "backtest:new"

    def rule_label(rule_id):
        if rule_id == edited:
            return backtest.rule_name or ""
        return names.get(int(rule_id), rule_id) if rule_id.isdigit() else rule_id

    def shown(listed):
        if not isinstance(listed, list):
            return None, listed or 0
        return [posts[i] for i in listed if i in posts], len(listed)

    already = set(results.get("already_flagged", ()))
    still = set(results.get("still_flagged", ()))
    changes = []
    for rule_id in {*more, *fewer}:
        newly, newly_count = shown(more.get(rule_id, []))
        no_longer, no_longer_count = shown(fewer.get(rule_id, []))
        changes.append(RuleChange(rule_label(rule_id), newly, no_longer, newly_count,
                                  no_longer_count))
    changes.sort(key=lambda row: (-row.newly_count - row.no_longer_count, row.name))
    return render(request, template, {
        "brand": brand, "backtest": backtest, "progress": backtests.progress(backtest),
        # (post, whether another rule flags it before / after)
        "newly": [(posts[i], i in already) for i in results.get("newly_flagged", ())
                  if i in posts],
        "no_longer": [(posts[i], i in still) for i in results.get("no_longer_flagged", ())
                      if i in posts],
        "changes": changes,
    })


@login_required
@require_POST
def backtest_start(request, slug):
    """The rule form's fields, as edited: a backtest of them, or why not."""
    brand = _managed_brand(request, slug)
    replaces = request.POST.get("replaces", "")
    rule = (get_object_or_404(Rule, rule_set__brand=brand, pk=replaces)
            if replaces.isdigit() else Rule(rule_set=brand.ruleset))
    form = RuleForm(request.POST, brand=brand, instance=rule)
    spec = form.unsaved_spec()
    if spec is None:
        return render(request, "posts/_backtest.html", {"brand": brand, "form": form,
                                                           "refused": True})
    with transaction.atomic():
        backtest = backtests.start(brand, request.user, spec, rule.pk)
    template = "posts/_backtest.html" if request.headers.get("HX-Request") else \
        "posts/backtest.html"
    return _page(request, brand, backtest, template)


@login_required
@require_safe
def backtest_status(request, slug, pk):
    brand = _managed_brand(request, slug)
    backtest = get_object_or_404(Backtest, brand=brand, pk=pk)
    template = "posts/_backtest.html" if request.headers.get("HX-Request") else \
        "posts/backtest.html"
    return _page(request, brand, backtest, template)


@login_required
@require_safe
def rule_health_page(request, slug):
    brand = _managed_brand(request, slug)
    rows, checked = rule_health.report(brand, brand.ruleset.rules.order_by("name"),
                                       voice.shipped_rules(brand))
    return render(request, "posts/rule_health.html", {
        "brand": brand, "rows": rows, "days": rule_health.DAYS, "checked": checked,
        "enough": rule_health.ENOUGH_POSTS})
