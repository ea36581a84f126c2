"""The analytics dashboard: each chart's numbers on small data worked out by hand,
who may see it, its filters, and its CSV files holding exactly the charts' points."""

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from socialgov.accounts.models import Membership, Role
from socialgov.analytics import charts, queries
from socialgov.analytics.forms import FilterForm
from socialgov.audit.models import AuditEvent
from socialgov.brands.models import ReviewReason
from socialgov.posts import actions
from socialgov.posts.models import Decision, Finding, ReviewRound, Waiver

HOUR = timedelta(hours=1)


def page(client, brand, **filters):
    response = client.get(reverse("analytics:brand", args=[brand.slug]), filters)
    assert response.status_code == 200
    return response


def chart_of(response, key):
    [chart] = [c for c in response.context["charts"] if c.key == key]
    return chart


def drawn_points(html, key):
    """The points drawn in the SVG of chart ``key``: {(series, x): value}."""
    section = html.split(f'<section class="card chart" id="{key}"', 1)[1].split("</section>")[0]
    return {(unescape(s), unescape(x)): float(v) for s, x, v in re.findall(
        r'class="point[^"]*" data-series="([^"]*)" data-x="([^"]*)" data-value="([^"]*)"',
        section)}


def csv_points(text):
    rows = list(csv.reader(io.StringIO(text)))
    header = [re.sub(r" \([^)]*\)$", "", name) for name in rows[0]]
    return {(header[n], row[0]): float(value) for row in rows[1:]
            for n, value in enumerate(row) if n and value != ""}


def whole_period():
    """Filters reaching from a week ago to past the posts' planned times."""
    today = timezone.localdate()
    return {"date_from": (today - timedelta(days=7)).isoformat(),
            "date_to": (today + timedelta(days=60)).isoformat()}


def waited(post, hours):
    """Make the post's (only) review round start ``hours`` before its decision."""
    decision = Decision.objects.get(post=post, advisory=False)
    ReviewRound.objects.filter(version=decision.version, number=decision.round_number).update(
        started_at=decision.created_at - hours * HOUR)


# -- who may see it ------------------------------------------------------------------------


def test_approvers_and_brand_admins_see_the_brand_dashboard_and_drafters_do_not(
        client, brand, intern, manager, brand_admin):
    for person, status in ((manager, 200), (brand_admin, 200), (intern, 403)):
        client.force_login(person)
        response = client.get(reverse("analytics:brand", args=[brand.slug]))
        assert response.status_code == status, person
        csv_response = client.get(reverse("analytics:brand_csv", args=[brand.slug, "mix"]))
        assert csv_response.status_code == status, person


def test_a_brand_requiring_two_factor_shows_it_only_after_a_code(
        client, brand, manager, log_in_verified):
    brand.require_two_factor = True
    brand.save()
    client.force_login(manager)
    address = reverse("analytics:brand", args=[brand.slug])
    assert client.get(address).status_code in (302, 403)
    log_in_verified(client, manager)
    assert client.get(address).status_code == 200


def test_another_brands_admin_finds_no_dashboard(client, brand, other_admin):
    client.force_login(other_admin)
    assert client.get(reverse("analytics:brand", args=[brand.slug])).status_code == 404


def test_only_superusers_see_every_brand_at_once(root_client, brand, other_brand,
                                                  make_post, make_user, brand_admin,
                                                  other_admin):
    other_drafter = make_user("otherdrafter")
    Membership.objects.create(user=other_drafter, brand=other_brand, role=Role.DRAFTER)
    make_post("approved")
    make_post("approved", brand=other_brand, author=other_drafter, reviewer=other_admin)
    other = Client()
    other.force_login(brand_admin)
    # Anyone else is sent to their own brand's dashboard.
    response = other.get(reverse("analytics:everywhere"))
    assert response.status_code == 302
    assert response["Location"] == reverse("analytics:brand", args=[brand.slug])
    assert other.get(reverse("analytics:everywhere_csv", args=["mix"])).status_code == 403
    listed = root_client.get(reverse("brands:list")).content.decode()
    assert reverse("analytics:everywhere") in listed
    response = root_client.get(reverse("analytics:everywhere"), whole_period())
    assert response.status_code == 200
    # Both brands' posts are counted; targets are each brand's: none across brands.
    mix = chart_of(response, "mix")
    assert mix.series[0].values[0] == 100.0
    assert [v for s in chart_of(response, "first_pass").series for v in s.values
            if v is not None] == [100.0, 100.0]
    assert sorted(s.label for s in chart_of(response, "first_pass").series) == [
        "intern", "otherdrafter"]
    assert mix.rows[0][1][1] == "no target"
    other.force_login(other_admin)
    assert other.get(reverse("analytics:everywhere"))["Location"] == reverse(
        "analytics:brand", args=[other_brand.slug])


def test_the_header_links_to_analytics_for_approvers_and_not_drafters(
        client, brand, manager, intern):
    link = f'<a href="{reverse("analytics:everywhere")}">Analytics</a>'
    client.force_login(manager)
    assert link in client.get(reverse("home")).content.decode()
    client.force_login(intern)
    assert link not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("analytics:everywhere")).status_code == 403


def test_someone_with_several_brands_finds_each_dashboard(client, brand, other_brand, manager):
    Membership.objects.create(user=manager, brand=other_brand, role=Role.APPROVER)
    client.force_login(manager)
    response = client.get(reverse("analytics:everywhere"))
    assert response.status_code == 200
    html = response.content.decode()
    for one in (brand, other_brand):
        assert reverse("analytics:brand", args=[one.slug]) in html


def test_the_nav_links_to_the_dashboard_for_approvers(client, brand, manager):
    client.force_login(manager)
    response = client.get(reverse("brands:crises", args=[brand.slug]))
    assert reverse("analytics:brand", args=[brand.slug]) in response.content.decode()
    assert ">Analytics</a>" in response.content.decode()


# -- the charts' numbers -------------------------------------------------------------------


def test_turnaround_is_the_median_and_90th_percentile_of_the_waits(
        client, brand, manager, make_post):
    posts = [make_post("approved") for _ in range(3)]
    for post, hours in zip(posts, (1, 2, 4), strict=True):
        waited(post, hours)
    client.force_login(manager)
    chart = chart_of(page(client, brand, **whole_period()), "turnaround")
    week = charts.week_label(charts.queries.week_of(timezone.now()) - timedelta(
        days=timezone.localdate().weekday()))
    values = {s.label: s.values[chart.x_labels.index(week)] for s in chart.series}
    # Sorted 1, 2, 4 h: the median is 2; the 90th percentile sits at 0.9 × 2 = 1.8
    # positions, 80 % of the way from 2 to 4: 3.6.
    assert values == {"Review: median": 2.0, "Review: 90th percentile": 3.6}


def test_the_percentile_interpolates_as_postgresql_does():
    assert queries.percentile([1, 2, 4], 0.5) == 2
    assert queries.percentile([1, 2, 4], 0.9) == pytest.approx(3.6)
    assert queries.percentile([10, 20], 0.5) == 15
    assert queries.percentile([7], 0.9) == 7
    assert queries.percentile([], 0.5) is None


def test_first_pass_rate_counts_each_authors_first_round(
        client, brand, intern, brand_admin, manager, make_post):
    make_post("approved")
    make_post("changes_requested")
    rejected = make_post("rejected")
    make_post("approved", author=brand_admin)
    # A second round of a post does not count: its first was a request for changes.
    second = make_post("changes_requested")
    actions.edit(intern, second, {**second.current_version.fields(), "text": "Now better."})
    client.force_login(manager)
    chart = chart_of(page(client, brand, **whole_period()), "first_pass")
    rates = {s.label: [v for v in s.values if v is not None] for s in chart.series}
    # intern: 1 approved of 4 first rounds; brand admin: 1 of 1.
    assert rates == {"intern": [25.0], "brandadmin": [100.0]}
    assert rejected.state == "rejected"


def test_findings_count_rules_and_overrides(client, brand, manager, make_post):
    approved = make_post("approved", error=True)  # its error finding waived, then approved
    make_post("sent_back")  # found, not overridden
    client.force_login(manager)
    response = page(client, brand, **whole_period())
    findings = chart_of(response, "findings")
    [rule] = [label for label in findings.x_labels if label.endswith("(Banned terms)")]
    row = findings.x_labels.index(rule)
    assert findings.series[0].values[row] == 2
    assert findings.series[1].values[row] == 1
    assert Waiver.objects.filter(finding__version__post=approved).count() == 1
    categories = chart_of(response, "categories")
    assert sum(categories.series[0].values) == Finding.objects.count()


def test_a_built_in_check_counts_as_one_rule_whatever_its_findings_point_to(
        client, brand, manager, make_post):
    post = make_post("in_review")
    run = post.current_check
    for sent_back_post in (101, 102):  # two resemblances: each names its own post
        Finding.objects.create(
            check_run=run, version=post.current_version,
            rule_key=f"builtin:resembles:{sent_back_post}", kind="resemblance",
            severity="info", start=0, end=1, message_en="x", message_fr="x")
    client.force_login(manager)
    findings = chart_of(page(client, brand, **whole_period()), "findings")
    assert findings.x_labels.count("Resemblance to another post") == 1
    row = findings.x_labels.index("Resemblance to another post")
    assert findings.series[0].values[row] == 2


def test_reasons_count_rejections_and_change_requests(
        client, brand, manager, second_manager, make_post):
    late = ReviewReason.objects.create(brand=brand, label_en="Late", label_fr="En retard")
    tone = ReviewReason.objects.create(brand=brand, label_en="Tone", label_fr="Ton")
    for state, reason in (("in_review", late), ("in_review", late), ("in_review", tone)):
        post = make_post(state)
        if reason is tone:
            actions.request_changes(second_manager, post, post.current_version_id, "Tone.",
                                    reasons=[reason.pk])
        else:
            actions.reject(second_manager, post, post.current_version_id, "Late.",
                           reasons=[reason.pk])
    client.force_login(manager)
    chart = chart_of(page(client, brand, **whole_period()), "reasons")
    assert chart.x_labels == [late.label_en, tone.label_en]
    assert chart.series[0].values == [2, 0]
    assert chart.series[1].values == [0, 1]


def test_content_mix_against_the_brands_targets(client, brand, manager, make_post):
    brand.mix_targets = {"inform": 60}
    brand.save()
    for objective in ("inform", "inform", "inform", "sell"):
        make_post("approved", objective=objective)
    make_post("rejected", objective="sell")  # never goes out: not counted
    client.force_login(manager)
    chart = chart_of(page(client, brand, **whole_period()), "mix")
    share, target = {}, {}
    for label, (shown_share, shown_target) in chart.rows:
        share[label], target[label] = shown_share, shown_target
    assert chart.series[0].values[:3] == [75.0, 0.0, 25.0]  # inform, engage, sell
    assert chart.series[1].values[0] == 60.0
    assert target["Sell"] == "no target"


def test_replies_on_time_and_overdue_now(client, brand, manager, make_post):
    from socialgov.posts.models import CustomerReply

    now = timezone.now()
    answered = make_post("published")
    late = make_post("published")
    waiting = make_post("in_review")
    for post, due in ((answered, now + HOUR), (late, now - 3 * HOUR), (waiting, now - HOUR)):
        CustomerReply.objects.create(post=post, network="x", received_at=due - 2 * HOUR,
                                     respond_by=due)
    client.force_login(manager)
    chart = chart_of(page(client, brand, **whole_period()), "replies")
    # Only the deadlines already passed count: late (published after it) and waiting.
    assert [v for v in chart.series[0].values if v is not None] == [0.0]
    assert "Overdue now: 1." in chart.notes[0]


def test_crisis_periods_and_the_posts_they_paused(client, brand, manager, make_post):
    make_post("paused")
    client.force_login(manager)
    chart = chart_of(page(client, brand, **whole_period()), "crises")
    assert chart.series[0].values == [1]
    assert chart.x_labels[0].startswith("since ")
    assert AuditEvent.objects.filter(action="pause").count() == 1


# -- filters, CSV, empty data, French ------------------------------------------------------


def test_filters_narrow_the_charts(client, brand, manager, brand_admin, make_post):
    make_post("approved", objective="sell", networks=["linkedin"])
    make_post("approved", author=brand_admin, networks=["x"])
    client.force_login(manager)
    mix = chart_of(page(client, brand, objective="sell", **whole_period()), "mix")
    assert mix.series[0].values[2] == 100.0
    mix = chart_of(page(client, brand, network="x", **whole_period()), "mix")
    assert mix.series[0].values[0] == 100.0
    mix = chart_of(page(client, brand, author=str(brand_admin.pk), **whole_period()), "mix")
    assert mix.series[0].values[0] == 100.0


@pytest.mark.parametrize("filters", [
    {"date_from": "tomorrow"}, {"date_from": "2026-05-01", "date_to": "2026-01-01"},
    {"date_from": "1000-01-01"}, {"date_from": "2000-01-01", "date_to": "2026-01-01"},
    {"author": "99999999999999999999999"}, {"network": "myspace"}, {"objective": "\x00"},
])
def test_filters_that_cannot_be_read_say_so_and_show_the_default_period(
        client, brand, manager, filters):
    client.force_login(manager)
    response = client.get(reverse("analytics:brand", args=[brand.slug]), filters)
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    csv_response = client.get(reverse("analytics:brand_csv", args=[brand.slug, "mix"]), filters)
    assert csv_response.status_code == 400


def test_the_default_period_is_the_last_12_weeks():
    form = FilterForm({}, [])
    scope = form.scope(None)
    assert (scope.until - scope.since).days in range(78, 85)
    assert timezone.localtime(scope.since).weekday() == 0
    # An end alone: 12 weeks up to it.
    scope = FilterForm({"date_to": "2026-03-31"}, []).scope(None)
    assert timezone.localtime(scope.since).date().isoformat() == "2026-01-07"
    assert timezone.localtime(scope.until).date().isoformat() == "2026-04-01"


def test_each_csv_holds_exactly_the_points_of_its_chart(
        client, brand, manager, make_post):
    brand.mix_targets = {"inform": 50, "sell": 10}
    brand.save()
    make_post("approved", error=True)
    for hours in (1, 3):
        waited(make_post("approved", objective="sell"), hours)
    make_post("paused")
    client.force_login(manager)
    filters = whole_period()
    html = page(client, brand, **filters).content.decode()
    compared = 0
    for key in charts.CHARTS:
        response = client.get(reverse("analytics:brand_csv", args=[brand.slug, key]), filters)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert csv_points(response.content.decode()) == drawn_points(html, key), key
        compared += len(drawn_points(html, key))
    assert compared > 10
    # The link carries the filters.
    assert f'{reverse("analytics:brand_csv", args=[brand.slug, "mix"])}?' in html
    assert "Download CSV" in html


def test_a_label_in_a_csv_is_never_a_formula(client, brand, manager, make_post):
    ReviewReason.objects.create(brand=brand, label_en="=HYPERLINK(\"http://x\")",
                                label_fr="=1+1")
    post = make_post("in_review")
    reason = ReviewReason.objects.get(label_fr="=1+1")
    actions.reject(manager, post, post.current_version_id, "No.", reasons=[reason.pk])
    client.force_login(manager)
    response = client.get(reverse("analytics:brand_csv", args=[brand.slug, "reasons"]),
                          whole_period())
    [row] = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    assert row == ["'=HYPERLINK(\"http://x\")", "1", "0"]


def test_a_crisis_time_reads_the_french_way(brand, manager, make_post):
    from django.utils import translation

    make_post("paused")
    scope = FilterForm(whole_period(), []).scope((brand.pk,))
    with translation.override("fr"):
        [label] = charts.crises_chart(scope).x_labels
    assert re.search(r"\d{4}-\d\d-\d\d, \d{1,2}\u00a0h\u00a0\d\d$", label), label


def test_a_chart_without_data_says_so(client, brand, manager):
    client.force_login(manager)
    response = page(client, brand)
    assert response.content.decode().count("No data for this period.") == len(charts.CHARTS)


def test_french_numbers_follow_the_oqlf(client, brand, manager, make_post):
    brand.mix_targets = {"inform": 12.5}
    brand.save()
    make_post("approved")
    client.force_login(manager)
    response = client.get(reverse("analytics:brand", args=[brand.slug]),
                          {**whole_period()}, HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert "12,5\u00a0%" in html
    assert "100,0\u00a0%" in html


# -- bounded work ----------------------------------------------------------------------------


def test_the_dashboard_runs_as_many_queries_with_many_posts_as_with_few(
        client, brand, intern, manager, brand_admin, make_post):
    from bench.dataset import build

    client.force_login(manager)
    counts = []
    make_post("paused")
    for n in (5, 60):
        build(brand, [intern, brand_admin], posts=n, in_review=n // 3, seed=n)
        make_post("in_review", error=True)
        with CaptureQueriesContext(connection) as captured:
            page(client, brand, **whole_period())
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[0] <= 30


def test_a_page_of_time_only_reads_the_period(client, brand, manager, make_post):
    post = make_post("approved")
    Decision.objects.filter(post=post).update(created_at=timezone.now() - timedelta(days=400))
    client.force_login(manager)
    chart = chart_of(page(client, brand, **whole_period()), "turnaround")
    assert chart.empty


# -- the walk's findings ---------------------------------------------------------------------


def test_the_mix_counts_the_posts_the_content_strategy_counts(
        client, brand, manager, make_post):
    from socialgov.posts import content_mix

    brand.mix_targets = {"inform": 60}
    brand.save()
    counted = [make_post("approved", objective="sell"), make_post("in_review")]
    for state in ("draft", "sent_back", "changes_requested"):
        make_post(state, objective="sell")
    client.force_login(manager)
    chart = chart_of(page(client, brand, **whole_period()), "mix")
    # inform, engage, sell: one in review (inform), one approved (sell).
    assert chart.series[0].values[:3] == [50.0, 0.0, 50.0]
    today = timezone.localdate()
    strategy = content_mix.counted(brand, today - timedelta(days=7), today + timedelta(days=60))
    assert len(strategy) == len(counted)


def test_the_mix_writes_the_targets_even_without_posts(client, brand, manager):
    brand.mix_targets = {"sell": 20}
    brand.save()
    client.force_login(manager)
    html = page(client, brand).content.decode()
    response = client.get(reverse("analytics:brand_csv", args=[brand.slug, "mix"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Sell", "", "20.0"] in rows
    assert csv_points(response.content.decode()) == drawn_points(html, "mix")


def test_a_points_tooltip_says_its_series_place_and_value_with_one_format(
        client, brand, manager, make_post):
    brand.mix_targets = {"inform": 60}
    brand.save()
    make_post("approved")
    client.force_login(manager)
    html = page(client, brand, **whole_period()).content.decode()
    assert "<title>Share of posts, Inform: 100.0%</title>" in html
    with translation.override("fr"):
        assert charts.point_title("Constats", "Rythme", "5") == (
            translation.gettext("%(where)s: %(value)s") % {"where": "Constats, Rythme",
                                                           "value": "5"})


def test_a_long_label_wraps_onto_two_lines_in_full():
    label = "Off-brand words (Termes interdits de la marque)"
    chart = charts.Chart("findings", "t", "d", charts.COUNT, "bars", "x", [label],
                         [charts.Series("Findings", [3])])
    [group] = chart.svg["groups"]
    assert len(group["lines"]) == 2
    assert " ".join(group["lines"]) == label
    crisis = "2026-12-04 23:11 to 2026-12-05 01:00"
    assert " ".join(charts.wrapped(crisis)) == crisis


def test_under_an_hour_a_wait_reads_in_minutes_and_the_csv_keeps_its_hours(
        client, brand, manager, make_post):
    waited(make_post("approved"), 0.75)
    client.force_login(manager)
    html = page(client, brand, **whole_period()).content.decode()
    assert "Review: median, " in html and ": 45\u00a0min</title>" in html
    response = client.get(reverse("analytics:brand_csv", args=[brand.slug, "turnaround"]),
                          whole_period())
    assert "0.75" in response.content.decode()
    assert csv_points(response.content.decode()) == drawn_points(html, "turnaround")
    assert charts.shown(charts.rounded(1.5, charts.HOURS), charts.HOURS) == "1.5\u00a0h"


def test_the_median_dot_is_drawn_over_an_equal_90th_percentile_and_the_last_week_is_named(
        client, brand, manager, make_post):
    waited(make_post("approved"), 2)
    client.force_login(manager)
    response = page(client, brand, **whole_period())
    html = response.content.decode()
    section = html.split('id="turnaround"', 1)[1]
    assert section.index('data-series="Review: 90th percentile" data-x') < section.index(
        'data-series="Review: median" data-x')
    chart = chart_of(response, "turnaround")
    assert chart.svg["x_ticks"][-1]["label"] == chart.x_labels[-1]


def test_a_filter_that_cannot_be_read_is_left_out_and_the_others_kept(
        client, brand, manager, make_post):
    make_post("approved", objective="engage")
    make_post("approved", objective="inform")
    client.force_login(manager)
    response = page(client, brand, date_from="garbage", objective="engage",
                    date_to=whole_period()["date_to"])
    mix = chart_of(response, "mix")
    assert mix.series[0].values[:2] == [0.0, 100.0]  # inform, engage: Engage alone
    html = response.content.decode()
    messages = html.split('class="messages"', 1)[1].split("</ul>", 1)[0]
    assert "could not be read" in messages and "From" in messages
    form = html.split('class="filter-form', 1)[1].split("</form>", 1)[0]
    assert '<option value="engage" selected>' in form
    assert "garbage" not in form
    link = re.search(r'href="([^"]*/mix\.csv[^"]*)"', html).group(1)
    assert "objective=engage" in link and "garbage" not in link


def test_a_start_after_the_end_is_said_above_the_filters_not_in_their_row(
        client, brand, manager):
    client.force_login(manager)
    response = page(client, brand, date_from="2026-05-01", date_to="2026-01-01",
                    network="x")
    html = response.content.decode()
    form = html.split('class="filter-form', 1)[1].split("</form>", 1)[0]
    assert 'class="errors"' not in form
    assert '<option value="x" selected>' in form
    assert "The start of the period comes after its end" in html.split("filter-form")[0]


def test_the_message_names_each_filter_left_out_once():
    form = FilterForm({"date_from": "2026-05-01", "date_to": "2026-01-01", "network": "myspace"},
                      [])
    assert form.ignored_said() == [
        "From, To (The start of the period comes after its end)",
        "Network (Select a valid choice. myspace is not one of the available choices)"]


def test_across_brands_a_crisis_is_named_by_its_brand_with_the_one_format():
    started = timezone.now()
    chart = charts.crises_chart(None, rows=[(1, "Acme", started, None, 2)], across=True)
    assert chart.x_labels == [f"Acme: since {charts.instant(started)}"]


def test_a_post_published_without_a_planned_time_counts_at_its_first_publication(
        client, brand, manager, make_post):
    from socialgov.posts.models import PostVersion, Publication

    now, earlier = make_post("published", objective="sell"), make_post("published")
    for post in (now, earlier):
        PostVersion.objects.filter(pk=post.current_version_id).update(planned_at=None)
    # First published long before the period: not counted in it, even if again now.
    Publication.objects.filter(post=earlier).delete()
    for network in ("x", "linkedin"):
        Publication.objects.create(post=earlier, network=network, url="https://example.com/")
    Publication.objects.filter(post=earlier, network="x").update(
        published_at=timezone.now() - timedelta(days=400))
    client.force_login(manager)
    mix = chart_of(page(client, brand, **whole_period()), "mix")
    assert mix.series[0].values[:3] == [0.0, 0.0, 100.0]  # inform, engage, sell
