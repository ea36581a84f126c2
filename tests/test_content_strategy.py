"""The content strategy (issue 16): a brand's largest share per objective over any N
days and its most posts a day per network, set on the brand's "Content strategy"
page (audited, in the History, undone there), warned about by the check and the
live check with the figures, and shown per week on the planning calendar."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from socialgov.audit.models import AuditEvent
from socialgov.brands import strategy
from socialgov.posts import actions, content_mix
from socialgov.posts.models import Finding, Post

pytestmark = pytest.mark.django_db

TORONTO = ZoneInfo("America/Toronto")
# A Thursday, far enough ahead that every post planned around it is in the future.
THURSDAY = datetime.date(2031, 12, 11)


def at(day, hour=12, minute=0, zone=TORONTO):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def days(n):
    return datetime.timedelta(days=n)


def set_strategy(brand, *, mix=None, window=7, rhythm=None):
    brand.mix_targets = mix or {}
    brand.mix_window_days = window
    brand.rhythm_per_day = rhythm or {}
    brand.save(update_fields=["mix_targets", "mix_window_days", "rhythm_per_day"])


def warnings_for(brand, objective, networks, planned_at, post_id=None):
    return {f.rule_id: f for f in content_mix.findings(brand, post_id, objective, networks,
                                                        planned_at)}


# -- the page -----------------------------------------------------------------------


def strategy_form(**values):
    data = {"mix_window_days": "7"}
    data.update({key: str(value) for key, value in values.items()})
    return data


def test_a_brand_admin_sets_the_strategy_and_the_change_is_audited(client, brand,
                                                                    brand_admin):
    client.force_login(brand_admin)
    url = reverse("brands:strategy", args=[brand.slug])
    page = client.get(url).content.decode()
    assert "Content strategy" in page and 'name="mix_sell"' in page
    assert 'name="rhythm_x"' in page

    response = client.post(url, strategy_form(mix_sell=20, mix_recruit=0, mix_window_days=14,
                                              rhythm_x=2))
    assert response.status_code == 302
    brand.refresh_from_db()
    assert brand.mix_targets == {"sell": 20, "recruit": 0}
    assert brand.mix_window_days == 14
    assert brand.rhythm_per_day == {"x": 2}
    event = AuditEvent.objects.filter(action="brand_changed", brand=brand).latest("pk")
    assert event.data["fields"] == ["mix_targets", "mix_window_days", "rhythm_per_day"]
    assert event.data["before"]["mix_targets"] == {}
    assert event.data["after"]["rhythm_per_day"] == {"x": 2}
    # Shown again as saved.
    page = client.get(url).content.decode()
    assert 'name="mix_sell" value="20"' in page and 'name="rhythm_x" value="2"' in page


@pytest.mark.parametrize("field, value", [
    ("mix_sell", "101"), ("mix_sell", "-1"), ("mix_sell", "20.5"), ("mix_sell", "lots"),
    ("mix_window_days", "0"), ("mix_window_days", "91"), ("mix_window_days", ""),
    ("rhythm_x", "0"), ("rhythm_x", "9" * 5000),
])
def test_bad_targets_are_refused_with_a_message_and_nothing_saved(client, brand, brand_admin,
                                                                  field, value):
    client.force_login(brand_admin)
    data = strategy_form(mix_engage=40)
    data[field] = value
    response = client.post(reverse("brands:strategy", args=[brand.slug]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'name="mix_engage" value="40"' in response.content.decode()  # nothing lost
    brand.refresh_from_db()
    assert brand.mix_targets == {} and brand.mix_window_days == 7
    assert not AuditEvent.objects.filter(action="brand_changed", brand=brand).exists()


def test_targets_for_every_objective_that_no_plan_can_meet_are_refused(client, brand,
                                                                      brand_admin):
    client.force_login(brand_admin)
    url = reverse("brands:strategy", args=[brand.slug])
    every = {"mix_inform": 10, "mix_engage": 10, "mix_sell": 10, "mix_customer_service": 10,
             "mix_recruit": 10}
    response = client.post(url, strategy_form(**every))
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert "50" in error and "100" in error
    brand.refresh_from_db()
    assert brand.mix_targets == {}
    # Four of five: the fifth takes the rest, so no plan is impossible.
    del every["mix_recruit"]
    assert client.post(url, strategy_form(**every)).status_code == 302
    # All five adding up to 100 % or more can be met.
    every["mix_recruit"] = 60
    assert client.post(url, strategy_form(**every)).status_code == 302


def test_saving_the_same_strategy_records_nothing(client, brand, brand_admin):
    set_strategy(brand, mix={"sell": 20})
    client.force_login(brand_admin)
    client.post(reverse("brands:strategy", args=[brand.slug]), strategy_form(mix_sell=20))
    assert not AuditEvent.objects.filter(action="brand_changed", brand=brand).exists()


def test_the_history_tells_the_change_and_undoes_it(client, brand, brand_admin):
    client.force_login(brand_admin)
    client.post(reverse("brands:strategy", args=[brand.slug]),
                strategy_form(mix_sell=20, rhythm_x=2))
    page = client.get(reverse("brands:history", args=[brand.slug])).content.decode()
    assert "Content mix, largest share per objective" in page
    assert "Sell: at most 20 %" in page
    assert "X: at most 2 a day" in page
    event = AuditEvent.objects.filter(action="brand_changed", brand=brand).latest("pk")
    client.post(reverse("brands:history_undo", args=[brand.slug, event.pk]))
    brand.refresh_from_db()
    assert brand.mix_targets == {} and brand.rhythm_per_day == {}


def test_the_settings_page_leaves_the_strategy_alone(client, brand, brand_admin):
    set_strategy(brand, mix={"sell": 20}, rhythm={"x": 2})
    client.force_login(brand_admin)
    url = reverse("brands:settings", args=[brand.slug])
    form = client.get(url).context["form"]
    assert "mix_targets" not in form.fields
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name="Acme renamed", languages=["fr", "en"], escalation_margin_hours=24)
    data.pop("require_two_factor", None)
    assert client.post(url, data).status_code == 302
    brand.refresh_from_db()
    assert brand.name == "Acme renamed"
    assert brand.mix_targets == {"sell": 20} and brand.rhythm_per_day == {"x": 2}


def test_stored_targets_that_are_not_whole_numbers_in_range_are_no_targets():
    assert strategy.mix_targets({"sell": 20, "inform": 101, "engage": True, "recruit": "5",
                                 "nonsense": 3, "customer_service": 10.0}) == {
        "sell": 20, "customer_service": 10}
    assert strategy.rhythm({"x": 0, "linkedin": 3, "myspace": 1}) == {"linkedin": 3}
    assert strategy.mix_targets(["sell"]) == {} and strategy.rhythm(None) == {}


# -- the check: the mix ----------------------------------------------------------------


def test_the_worst_window_holding_the_post_is_said_with_its_figures(brand, make_post):
    set_strategy(brand, mix={"sell": 50}, window=7)
    make_post("in_review", objective="sell", planned_at=at(THURSDAY - days(6), 9))
    make_post("approved", objective="inform", planned_at=at(THURSDAY + days(6), 9))
    found = warnings_for(brand, "sell", ["x"], at(THURSDAY))
    warning = found["builtin:mix:sell"]
    assert warning.severity == "warning" and warning.kind == "content_mix"
    # From Friday 5 to Thursday 11: 2 of 2 sell; from the 11th to the 17th, 1 of 2.
    assert warning.message["en"] == (
        "Posts with the objective “Sell” would be 2 of 2 (100\u00a0%) from 5 to 11 "
        "December 2031, above the brand's target of at most 50\u00a0%.")
    assert warning.message["fr"] == (
        "Les publications ayant l’objectif « Vendre » seraient 2 sur 2 (100\u00a0%) du 5 "
        "au 11 décembre 2031, au-delà de la cible de la marque : au plus 50\u00a0%.")


def test_posts_outside_every_window_on_the_brands_clock_do_not_count(brand, make_post):
    set_strategy(brand, mix={"sell": 50}, window=7)
    # 23:30 in Toronto on the 4th is the 5th in UTC: still the 4th for the brand, a day
    # before the first window holding the 11th.
    make_post("in_review", objective="sell", planned_at=at(THURSDAY - days(7), 23, 30))
    make_post("in_review", objective="inform", planned_at=at(THURSDAY - days(1)))
    assert warnings_for(brand, "sell", ["x"], at(THURSDAY)) == {}  # 1 of 2: 50 %
    # Seven days back on the brand's clock (the 5th at 00:30) is in the window.
    make_post("in_review", objective="sell", planned_at=at(THURSDAY - days(6), 0, 30))
    warning = warnings_for(brand, "sell", ["x"], at(THURSDAY))["builtin:mix:sell"]
    assert "2 of 3 (67\u00a0%) from 5 to 11 December 2031" in warning.message["en"]


def test_the_window_is_the_brands_own_number_of_days(brand, make_post):
    make_post("in_review", objective="sell", planned_at=at(THURSDAY - days(2)))
    make_post("in_review", objective="inform", planned_at=at(THURSDAY + days(3)))
    set_strategy(brand, mix={"sell": 50}, window=3)
    warning = warnings_for(brand, "sell", ["x"], at(THURSDAY))["builtin:mix:sell"]
    assert "2 of 2 (100\u00a0%) from 9 to 11 December 2031" in warning.message["en"]
    set_strategy(brand, mix={"sell": 50}, window=1)
    warning = warnings_for(brand, "sell", ["x"], at(THURSDAY))["builtin:mix:sell"]
    assert "1 of 1 (100\u00a0%) on Thursday 11 December 2031" in warning.message["en"]
    assert "le jeudi 11 décembre 2031" in warning.message["fr"]
    set_strategy(brand, mix={"sell": 50}, window=6)
    warning = warnings_for(brand, "sell", ["x"], at(THURSDAY))["builtin:mix:sell"]
    assert "2 of 2 (100\u00a0%) from 6 to 11 December 2031" in warning.message["en"]


def test_days_nobody_planned_yet_do_not_leave_the_post_alone(brand, make_post):
    set_strategy(brand, mix={"sell": 50}, window=7)
    make_post("in_review", objective="inform", planned_at=at(THURSDAY - days(1)))
    # The 11th to the 17th holds the post alone, but nothing is planned after the 10th:
    # the week ending on the 11th is weighed (1 of 2), not the week to come.
    assert warnings_for(brand, "sell", ["x"], at(THURSDAY)) == {}
    # Once a post is planned later, even past the windows, the week to come is a plan.
    make_post("in_review", objective="inform", planned_at=at(THURSDAY + days(30)))
    warning = warnings_for(brand, "sell", ["x"], at(THURSDAY))["builtin:mix:sell"]
    assert "1 of 1 (100\u00a0%) from 11 to 17 December 2031" in warning.message["en"]


def test_a_share_just_over_its_target_does_not_read_as_the_target(brand, make_post):
    for n in range(8):
        make_post("in_review", objective="inform", planned_at=at(THURSDAY, 8 + n))
    set_strategy(brand, mix={"sell": 10}, window=1)
    # 1 of 9 is 11.1 %: over 10 %.
    warning = warnings_for(brand, "sell", ["x"], at(THURSDAY))["builtin:mix:sell"]
    assert "1 of 9 (11\u00a0%)" in warning.message["en"]
    assert content_mix._percent(content_mix.Fraction(201, 1000), 20, "fr") == "20,1\u00a0%"
    assert content_mix._percent(content_mix.Fraction(1, 5), 20, "en") == "20\u00a0%"


def test_a_share_at_its_target_or_another_objective_is_not_warned(brand, make_post):
    set_strategy(brand, mix={"sell": 50})
    make_post("in_review", objective="inform", planned_at=at(THURSDAY))
    assert warnings_for(brand, "sell", ["x"], at(THURSDAY)) == {}  # 1 of 2
    assert warnings_for(brand, "recruit", ["x"], at(THURSDAY)) == {}  # no target
    assert warnings_for(brand, "sell", ["x"], None) == {}  # no planned time


@pytest.mark.parametrize("state", ["draft", "sent_back", "changes_requested", "rejected",
                                   "paused", "archived"])
def test_posts_that_will_not_go_out_are_not_counted(brand, make_post, state, intern):
    set_strategy(brand, mix={"sell": 50}, rhythm={"x": 1})
    other = make_post("published" if state == "archived" else state, objective="inform",
                      planned_at=at(THURSDAY), networks=["x"])
    if state == "archived":
        actions.archive(intern, other)
    found = warnings_for(brand, "sell", ["x"], at(THURSDAY, 15))
    # Alone, the post is 1 of 1 sell; and the first on X that day.
    assert "1 of 1" in found["builtin:mix:sell"].message["en"]
    assert "builtin:rhythm:x" not in found


@pytest.mark.parametrize("state", ["in_review", "approved", "published"])
def test_posts_in_review_approved_or_published_are_counted(brand, make_post, state):
    set_strategy(brand, mix={"sell": 50}, rhythm={"x": 1})
    make_post(state, objective="inform", planned_at=at(THURSDAY), networks=["x"])
    found = warnings_for(brand, "sell", ["x"], at(THURSDAY, 15))
    assert "builtin:mix:sell" not in found  # 1 of 2
    assert "2nd post on X" in found["builtin:rhythm:x"].message["en"]


def test_a_post_published_without_a_planned_time_counts_on_its_publication_day(
        brand, make_post):
    published = make_post("published", objective="sell", planned_at=None, networks=["x"])
    today = brand.today()
    rows = content_mix.counted(brand, today, today)
    assert [(row.day, row.objective) for row in rows] == [(today, "sell")]
    assert content_mix.counted(brand, today, today, leaving_out=published.pk) == []


def test_the_post_itself_is_not_counted_twice(brand, make_post):
    set_strategy(brand, mix={"sell": 50})
    post = make_post("in_review", objective="sell", planned_at=at(THURSDAY))
    make_post("in_review", objective="inform", planned_at=at(THURSDAY))
    assert warnings_for(brand, "sell", ["x"], at(THURSDAY), post_id=post.pk) == {}


# -- the check: the rhythm ---------------------------------------------------------------


def test_the_rhythm_is_per_network_and_per_day_of_the_brand(brand, make_post):
    set_strategy(brand, rhythm={"x": 2, "facebook": 5})
    make_post("in_review", planned_at=at(THURSDAY, 8), networks=["x", "linkedin"])
    make_post("approved", planned_at=at(THURSDAY, 9), networks=["x"])
    make_post("in_review", planned_at=at(THURSDAY, 10), networks=["linkedin"])
    # The evening before on the brand's clock, though the same day in UTC.
    make_post("in_review", planned_at=at(THURSDAY - days(1), 22), networks=["x"])
    found = warnings_for(brand, "inform", ["x", "linkedin", "facebook"], at(THURSDAY, 18))
    assert set(found) == {"builtin:rhythm:x"}  # no limit on LinkedIn, room on Facebook
    warning = found["builtin:rhythm:x"]
    assert warning.kind == "posting_rhythm" and warning.severity == "warning"
    assert warning.message["en"] == (
        "This would be the 3rd post on X on Thursday 11 December 2031, above the brand's "
        "rhythm of at most 2 a day.")
    assert warning.message["fr"] == (
        "Ce serait la 3e publication sur X le jeudi 11 décembre 2031, au-delà du rythme "
        "de la marque : au plus 2 par jour.")


def test_the_day_is_the_brands_own_time_zone(brand, make_post):
    set_strategy(brand, rhythm={"x": 1})
    brand.time_zone = "Asia/Tokyo"
    brand.save(update_fields=["time_zone"])
    # 10:00 in Toronto on the 10th is 00:00 in Tokyo on the 11th.
    make_post("in_review", planned_at=at(THURSDAY - days(1), 10), networks=["x"])
    tokyo = ZoneInfo("Asia/Tokyo")
    assert "builtin:rhythm:x" in warnings_for(brand, "inform", ["x"], at(THURSDAY, 12, 0, tokyo))
    assert warnings_for(brand, "inform", ["x"], at(THURSDAY - days(1), 23, 0, tokyo)) == {}


def test_a_check_reads_the_other_posts_in_one_query(brand, make_post):
    set_strategy(brand, mix={"sell": 10}, rhythm={"x": 1})
    for hour in range(6):
        make_post("in_review", objective="sell", planned_at=at(THURSDAY, 8 + hour),
                  networks=["x"])
    with CaptureQueriesContext(connection) as captured:
        found = warnings_for(brand, "sell", ["x"], at(THURSDAY, 18))
    assert set(found) == {"builtin:mix:sell", "builtin:rhythm:x"}
    # The posts of the days around, and whether any is planned after them.
    assert len(captured) == 2
    set_strategy(brand, rhythm={"x": 1})
    with CaptureQueriesContext(connection) as captured:
        warnings_for(brand, "sell", ["x"], at(THURSDAY, 18))
    assert len(captured) == 1
    set_strategy(brand)
    with CaptureQueriesContext(connection) as captured:
        assert warnings_for(brand, "sell", ["x"], at(THURSDAY, 18)) == {}
    assert len(captured) == 0


# -- where the author and the approvers see it -------------------------------------------


def test_the_worker_stores_the_warnings_with_the_post(brand, make_post):
    set_strategy(brand, rhythm={"x": 1})
    make_post("in_review", planned_at=at(THURSDAY, 8), networks=["x"])
    post = make_post("in_review", planned_at=at(THURSDAY, 9), networks=["x", "linkedin"])
    stored = Finding.objects.get(version=post.current_version, rule_key="builtin:rhythm:x")
    assert stored.severity == "warning" and stored.kind == "posting_rhythm"
    assert stored.message_en.startswith("This would be the 2nd post on X")
    assert stored.message_fr.startswith("Ce serait la 2e publication sur X")
    assert Post.objects.get(pk=post.pk).state == "in_review"  # a warning sends nothing back


def test_changing_the_strategy_rechecks_the_brands_posts_against_the_new_targets(
        client, brand, brand_admin, make_post, django_capture_on_commit_callbacks):
    make_post("in_review", planned_at=at(THURSDAY, 8), networks=["x"])
    post = make_post("in_review", planned_at=at(THURSDAY, 9), networks=["x"])
    assert not Finding.objects.filter(version=post.current_version, kind="posting_rhythm")
    version = brand.ruleset.version
    client.force_login(brand_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("brands:strategy", args=[brand.slug]),
                               strategy_form(rhythm_x=1))
    assert response.status_code == 302
    brand.ruleset.refresh_from_db()
    assert brand.ruleset.version == version + 1  # stored results are stale
    stored = Finding.objects.filter(version=Post.objects.get(pk=post.pk).current_version,
                                    rule_key="builtin:rhythm:x")
    assert [f.severity for f in stored] == ["warning"]
    # The version keeps the strategy: its page says what changed.
    kept = brand.rule_versions.get(number=brand.ruleset.version)
    assert kept.brand_settings["rhythm_per_day"] == {"x": 1}


def test_the_author_sees_the_warning_while_writing(client, brand, intern, make_post):
    set_strategy(brand, rhythm={"x": 1})
    make_post("in_review", planned_at=at(THURSDAY, 8), networks=["x"])
    client.force_login(intern)
    response = client.post(reverse("posts:live_check"), {
        "brand": brand.pk, "text": "Our new bakery opens on Monday.", "language": "en",
        "networks": ["x"], "objective": "inform",
        "planned_at": "2031-12-11T15:00", "variants-TOTAL_FORMS": "0",
        "variants-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert "This would be the 2nd post on X on Thursday 11 December 2031" in (
        response.content.decode())


# -- the calendar ------------------------------------------------------------------------


def calendar_of(client, brand, day=THURSDAY, view="week"):
    return client.get(reverse("planning:calendar"),
                      {"brand": brand.slug, "view": view, "date": day.isoformat()})


def test_the_calendar_shows_each_weeks_mix_against_the_targets(client, brand, intern,
                                                               make_post):
    set_strategy(brand, mix={"sell": 20})
    make_post("in_review", objective="sell", planned_at=at(THURSDAY, 8))
    make_post("approved", objective="inform", planned_at=at(THURSDAY - days(3), 9))
    make_post("draft", objective="sell", planned_at=at(THURSDAY, 10))  # not counted
    make_post("in_review", objective="sell", planned_at=at(THURSDAY + days(7)))  # next week
    client.force_login(intern)
    response = calendar_of(client, brand)
    [week] = response.context["period"].mix
    assert (week.first, week.last, week.total) == (THURSDAY - days(3), THURSDAY + days(3), 2)
    shares = {share.objective: share for share in week.shares}
    assert (shares["sell"].count, shares["sell"].percent, shares["sell"].over) == (
        1, "50\u00a0%", True)
    assert (shares["inform"].count, shares["inform"].over) == (1, False)
    page = response.content.decode()
    assert "Content mix by week · Acme" in page
    assert "at most 20 %" in page
    assert page.count("over target") == 1  # said in words, not by colour alone

    month = calendar_of(client, brand, view="month").context["period"].mix
    assert len(month) == 5 and [w.total for w in month] == [0, 2, 1, 0, 0]


def test_the_calendar_names_the_days_a_network_goes_past_the_rhythm(client, brand, intern,
                                                                   make_post):
    set_strategy(brand, rhythm={"x": 2, "linkedin": 1})
    for hour in (8, 9, 10):  # three on X on Thursday: one too many
        make_post("in_review", planned_at=at(THURSDAY, hour), networks=["x", "linkedin"])
    make_post("approved", planned_at=at(THURSDAY + days(1), 9), networks=["x"])  # one: fine
    make_post("draft", planned_at=at(THURSDAY + days(1), 10), networks=["x"])  # not counted
    make_post("in_review", planned_at=at(THURSDAY + days(1), 11), networks=["x"])
    client.force_login(intern)
    response = calendar_of(client, brand)
    [week] = response.context["period"].mix
    assert [(o.day, o.network, o.count, o.most) for o in week.rhythm_overruns] == [
        (THURSDAY, "linkedin", 3, 1), (THURSDAY, "x", 3, 2)]
    page = response.content.decode()
    assert "Days over the posting rhythm" in page
    assert "X: 3 posts on Thursday 11 December 2031 (at most 2 a day)" in page

    client.cookies["django_language"] = "fr"
    page = calendar_of(client, brand).content.decode()
    assert ("X\u00a0: 3 publications le jeudi 11 décembre 2031 (au plus 2 par jour)"
            in page)
    assert "Jours au-delà du rythme de publication" in page

    set_strategy(brand, rhythm={})
    [week] = calendar_of(client, brand).context["period"].mix
    assert week.rhythm_overruns == []


def test_the_calendar_across_brands_shows_no_mix(client, brand, other_brand, intern,
                                                 make_user):
    from socialgov.accounts.models import Membership

    Membership.objects.create(user=intern, brand=other_brand, role="drafter")
    client.force_login(intern)
    response = client.get(reverse("planning:calendar"),
                          {"view": "week", "date": THURSDAY.isoformat()})
    assert response.context["period"].mix == []
    assert "Content mix by week" not in response.content.decode()


def test_the_calendars_mix_runs_as_many_queries_whatever_the_posts(client, brand, intern,
                                                                  make_post):
    set_strategy(brand, mix={"sell": 20})
    client.force_login(intern)
    counts = []
    for n in (1, 6):
        while Post.objects.count() < n:
            make_post("in_review", objective="sell",
                      planned_at=at(THURSDAY - days(Post.objects.count() % 20), 9))
        with CaptureQueriesContext(connection) as captured:
            assert calendar_of(client, brand, view="month").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_an_objectives_share_is_over_only_past_its_target():
    share = content_mix.Share("sell", "Sell", 1, 5, 20)
    assert not share.over
    assert content_mix.Share("sell", "Sell", 2, 5, 20).over
    assert not content_mix.Share("sell", "Sell", 2, 5, None).over
    assert content_mix.Share("sell", "Sell", 0, 0, 0).percent == "—"
    assert timezone.is_aware(at(THURSDAY))


def test_the_post_being_edited_is_not_counted_against_itself_while_writing(
        client, brand, intern, make_post):
    set_strategy(brand, rhythm={"x": 1})
    post = make_post("in_review", planned_at=at(THURSDAY, 8), networks=["x"])
    client.force_login(intern)
    fields = {"brand": brand.pk, "text": "Our new bakery opens on Monday.", "language": "en",
              "networks": ["x"], "objective": "inform", "planned_at": "2031-12-11T15:00",
              "variants-TOTAL_FORMS": "0", "variants-INITIAL_FORMS": "0"}
    editing = client.post(reverse("posts:live_check") + f"?post={post.pk}", fields)
    assert editing.status_code == 200
    assert "post on X" not in editing.content.decode()
    another = client.post(reverse("posts:live_check"), fields)
    assert "This would be the 2nd post on X" in another.content.decode()
