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


def checked_posts(brand, intern, fields, submit, count):
    for n in range(count):
        submit(intern, actions.create(intern, brand, fields(text=f"A calm post, number {n}.")))


def test_a_brand_rule_that_never_fires_on_enough_posts_says_so(
    brand, intern, fields, submit, banned_rule, warning_rule
):
    checked_posts(brand, intern, fields, submit, rule_health.ENOUGH_POSTS)
    rows = rows_by_key(brand)
    assert rows[str(warning_rule.pk)].fired == 0
    assert rows[str(warning_rule.pk)].suggestion == "Never fired in 90 days: is it still needed?"
    # An error rule's silence is what the brand wants (an insult never written).
    assert rows[str(banned_rule.pk)].fired == 0
    assert rows[str(banned_rule.pk)].suggestion == ""
    # The shipped rules are a safety net: their silence says nothing against them.
    assert rows["core-en/profanity"].suggestion == ""
    assert rows["core-en/mild-profanity"].suggestion == ""


def test_too_few_posts_checked_say_nothing_of_rules_that_never_fire(
    admin_client, brand, intern, fields, submit, warning_rule
):
    checked_posts(brand, intern, fields, submit, 7)
    assert rows_by_key(brand)[str(warning_rule.pk)].suggestion == ""
    page = admin_client.get(reverse("posts:rule_health", args=[brand.slug]))
    assert page.context["checked"] == 7
    assert "Only 7 posts were checked" in page.content.decode()


def test_the_brands_changes_to_shipped_rules_are_the_ones_judged(
    admin_client, brand, brand_admin
):
    voice.change_shipped_rule(brand_admin, brand, "core-en/mild-profanity", enabled=False,
                              severity="", reason="Fine for us")
    voice.change_shipped_rule(brand_admin, brand, "core-en/profanity", enabled=True,
                              severity="info", reason="Lyrics")
    rows = rows_by_key(brand)
    off, lowered = rows["core-en/mild-profanity"], rows["core-en/profanity"]
    assert (off.enabled, off.suggestion) == (False, "")
    assert (lowered.severity, lowered.shipped_severity) == ("info", "error")
    page = admin_client.get(reverse("posts:rule_health", args=[brand.slug])).content.decode()
    row = page[page.index("core-en/mild-profanity"):]
    row = row[:row.index("</tr>")]
    assert "Off for this brand" in row and "sev-warning" not in row
    row = page[page.index("<code>core-en/profanity</code>"):]
    row = row[:row.index("</tr>")]
    assert "sev-info" in row and "sev-error" not in row
    # Each rule says where it comes from: the pack, or the brand.
    assert "Core tone and risk rules (English)" in row


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
