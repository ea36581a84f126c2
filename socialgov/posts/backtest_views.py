""""Backtest" from the rule form (start one on the rule as edited, and follow it) and
rule health: the pages that judge a brand's rules on its posts."""

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


def _page(request, brand, backtest, template="posts/backtest.html"):
    results = backtest.results or {}
    ids = [*results.get("newly_flagged", ()), *results.get("no_longer_flagged", ())]
    posts = Post.objects.filter(pk__in=ids).select_related("current_version").in_bulk()
    names = dict(Rule.objects.filter(rule_set__brand=brand).values_list("pk", "name"))
    edited = str(backtest.replaces) if backtest.replaces else "backtest:new"

    def rule_label(rule_id):
        if rule_id == edited:
            return backtest.rule_name or ""
        return names.get(int(rule_id), rule_id) if rule_id.isdigit() else rule_id

    changes = sorted(
        {(rule_label(r), results.get("more", {}).get(r, 0), results.get("fewer", {}).get(r, 0))
         for r in {*results.get("more", {}), *results.get("fewer", {})}},
        key=lambda row: (-row[1] - row[2], row[0]))
    return render(request, template, {
        "brand": brand, "backtest": backtest, "progress": backtests.progress(backtest),
        "newly": [posts[i] for i in results.get("newly_flagged", ()) if i in posts],
        "no_longer": [posts[i] for i in results.get("no_longer_flagged", ()) if i in posts],
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
    rows = rule_health.health(brand, brand.ruleset.rules.order_by("name"),
                              voice.shipped_rules(brand))
    return render(request, "posts/rule_health.html", {
        "brand": brand, "rows": rows, "days": rule_health.DAYS})
