"""Rule health: per rule, over 90 days, fired, waived, approved despite, rejected after."""

import pytest
from django.urls import reverse

from socialgov.brands import voice
from socialgov.posts import actions, rule_health
from socialgov.posts.models import Finding, Post, State


@pytest.fixture
def admin_client(client, brand_admin):
    client.force_login(brand_admin)
    return client


def rows_by_key(brand):
    rows = rule_health.health(brand, brand.ruleset.rules.all(), voice.shipped_rules(brand))
    return {row.key: row for row in rows}


def test_a_rule_is_counted_per_post_fired_waived_approved_and_rejected(
    brand, intern, manager, fields, submit, banned_rule
):
    posts = [submit(intern, actions.create(intern, brand, fields(text=f"A dumb idea {n}.")))
             for n in range(6)]
    # Waived on four posts (the reviewer thought it wrong), then approved.
    for post in posts[:4]:
        actions.ask_waiver(intern, post, "A quote.")
        finding = Post.objects.get(pk=post.pk).findings.get(rule=banned_rule)
        actions.waive(manager, finding.version.post, finding, "Quote.")
    Post.objects.filter(pk__in=[p.pk for p in posts[:4]]).update(state=State.APPROVED)
    Post.objects.filter(pk=posts[4].pk).update(state=State.REJECTED)

    row = rows_by_key(brand)[str(banned_rule.pk)]
    assert (row.fired, row.waived, row.approved, row.rejected) == (6, 4, 4, 1)
    assert row.suggestion == "Mostly overridden: lower it to warning?"


def test_a_rule_that_never_fires_says_so(brand, banned_rule, warning_rule):
    rows = rows_by_key(brand)
    assert rows[str(warning_rule.pk)].fired == 0
    assert rows[str(warning_rule.pk)].suggestion == "Never fired in 90 days: is it still needed?"
    assert "core-en/profanity" in rows  # the shipped rules are judged too


def test_findings_older_than_90_days_are_left_out(brand, intern, fields, submit, banned_rule):
    from datetime import timedelta

    from django.utils import timezone

    submit(intern, actions.create(intern, brand, fields(text="A dumb idea.")))
    assert rows_by_key(brand)[str(banned_rule.pk)].fired == 1
    later = timezone.now() + timedelta(days=91)
    rows = rule_health.health(brand, brand.ruleset.rules.all(), {}, now=later)
    assert rows[0].fired == 0


def test_the_page_makes_the_same_queries_however_many_findings(
    admin_client, brand, intern, fields, submit, banned_rule
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            page = admin_client.get(reverse("posts:rule_health", args=[brand.slug]))
        assert page.status_code == 200
        return len(queries)

    few = count()
    for n in range(4):
        submit(intern, actions.create(intern, brand, fields(text=f"A dumb idea {n}.")))
    assert Finding.objects.count() >= 4
    assert count() == few


def test_the_page_reads_in_french(admin_client, brand, banned_rule):
    admin_client.cookies["django_language"] = "fr"
    page = admin_client.get(reverse("posts:rule_health", args=[brand.slug])).content.decode()
    assert "Santé des règles" in page
