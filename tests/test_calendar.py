"""The planning calendar (issue 12, "The team's day"): a month and a week of
planned posts, per brand and across brands, coloured by state and said in
words, with the sensitive dates marked; moving a post to another day changes
its planned date alone; and each person's iCalendar feed at a secret address."""

import datetime
import hashlib
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from socialgov.accounts.models import Membership
from socialgov.audit.models import AuditEvent
from socialgov.brands.models import SensitiveDate
from socialgov.planning import feeds, grid, ical, moving
from socialgov.planning.models import CalendarFeed
from socialgov.posts import actions
from socialgov.posts.models import Post, PostVersion, State, content_hash

pytestmark = pytest.mark.django_db

TORONTO = ZoneInfo("America/Toronto")
CALENDAR = "/calendar/"


def at(day, hour, minute=0, zone=TORONTO):
    """A wall-clock time on ``day`` in ``zone``, as a brand plans it."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def days_ahead(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def next_dst_change(after, *, forward):
    """The next day after ``after`` on which Toronto's clocks go forward (or back)."""
    day = after + datetime.timedelta(days=1)
    while True:
        before = at(day, 0).utcoffset()
        later = at(day + datetime.timedelta(days=1), 0).utcoffset()
        if (later > before) if forward else (later < before):
            return day
        day += datetime.timedelta(days=1)


def calendar(client, user, **params):
    client.force_login(user)
    response = client.get(CALENDAR, params)
    assert response.status_code == 200, response.status_code
    return response


def period_of(response):
    return response.context["period"]


def day_of(response, day):
    return next(d for d in period_of(response).days if d.date == day)


def posts_on(response, day):
    return [entry.post.pk for entry in day_of(response, day).entries]


def html(response):
    return response.content.decode()


# -- the grids ------------------------------------------------------------------------


def test_a_month_is_whole_weeks_from_monday_holding_the_month(client, intern):
    december = period_of(calendar(client, intern, date="2026-12-15"))
    assert december.view == "month"
    days = december.days
    assert days[0].date == datetime.date(2026, 11, 30)  # a Monday
    assert days[-1].date == datetime.date(2027, 1, 3)  # a Sunday
    assert len(december.weeks) == 5 and all(len(week) == 7 for week in december.weeks)
    inside = [d.date for d in days if d.in_period]
    assert inside[0] == datetime.date(2026, 12, 1) and inside[-1] == datetime.date(2026, 12, 31)
    assert len(inside) == 31

    # February 2027 starts on a Monday and ends on a Sunday: exactly four weeks.
    february = period_of(calendar(client, intern, date="2027-02-10"))
    assert [february.days[0].date, february.days[-1].date] == [
        datetime.date(2027, 2, 1), datetime.date(2027, 2, 28)]
    assert all(d.in_period for d in february.days)


def test_a_week_across_two_months_and_two_years(client, intern):
    week = period_of(calendar(client, intern, view="week", date="2026-12-31"))
    assert [d.date for d in week.days] == [
        datetime.date(2026, 12, 28) + datetime.timedelta(days=n) for n in range(7)]
    assert week.title == "Week from 2026-12-28 to 2027-01-03"


def test_previous_and_next_go_by_month_and_by_week(client, intern):
    month = period_of(calendar(client, intern, date="2027-01-20"))
    assert month.previous_query == "view=month&date=2026-12-01"
    assert month.next_query == "view=month&date=2027-02-01"
    week = period_of(calendar(client, intern, view="week", date="2027-01-20"))
    assert week.previous_query == "view=week&date=2027-01-13"
    assert week.next_query == "view=week&date=2027-01-27"


def test_posts_sit_on_their_brands_day_at_their_brands_time(client, intern, make_post,
                                                           other_brand, make_user):
    late = make_post(planned_at=at(datetime.date(2026, 12, 10), 23, 30))
    # Vancouver is three hours behind: 21:00 there is already the next day in UTC and Toronto.
    other_brand.time_zone = "America/Vancouver"
    other_brand.save()
    Membership.objects.create(user=intern, brand=other_brand, role="drafter")
    west = make_post(brand=other_brand, planned_at=at(datetime.date(2026, 12, 10), 21, 0,
                                                      ZoneInfo("America/Vancouver")))
    response = calendar(client, intern, date="2026-12-10")
    assert posts_on(response, datetime.date(2026, 12, 10)) == [late.pk, west.pk]
    assert posts_on(response, datetime.date(2026, 12, 11)) == []
    page = html(response)
    assert ">23:30</time>" in page and ">21:00</time>" in page


def test_a_post_in_the_cell_of_the_next_months_days_is_shown_there(client, intern, make_post):
    post = make_post(planned_at=at(datetime.date(2027, 1, 2), 9, 0))
    response = calendar(client, intern, date="2026-12-01")
    day = day_of(response, datetime.date(2027, 1, 2))
    assert not day.in_period and [e.post.pk for e in day.entries] == [post.pk]


def test_the_days_around_a_change_of_clock_in_toronto(client, intern, make_post):
    back = next_dst_change(timezone.localdate(), forward=False)
    forward = next_dst_change(timezone.localdate(), forward=True)
    # 23:30 on the day clocks go back is already the next day in UTC.
    evening = make_post(planned_at=at(back, 23, 30))
    # 01:30 happens twice that day: the first one (EDT) and the second (EST).
    first = make_post(planned_at=at(back, 1, 30).replace(fold=0))
    second = make_post(planned_at=at(back, 1, 30).replace(fold=1))
    assert second.current_version.planned_at - first.current_version.planned_at == \
        datetime.timedelta(hours=1)
    response = calendar(client, intern, view="week", date=back.isoformat())
    assert len(period_of(response).days) == 7
    assert posts_on(response, back) == [first.pk, second.pk, evening.pk]
    assert all(not day.entries for day in period_of(response).days if day.date != back)
    # The day clocks go forward: 00:30 and 23:30 are both on it.
    early = make_post(planned_at=at(forward, 0, 30))
    late = make_post(planned_at=at(forward, 23, 30))
    response = calendar(client, intern, view="week", date=forward.isoformat())
    assert posts_on(response, forward) == [early.pk, late.pk]


def test_times_read_the_oqlf_way_in_french(client, intern, make_post):
    make_post(planned_at=at(datetime.date(2026, 12, 10), 14, 30))
    client.force_login(intern)
    english = client.get(CALENDAR, {"date": "2026-12-10"})
    assert ">14:30</time>" in html(english)
    french = client.get(CALENDAR, {"date": "2026-12-10"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert ">14\u00a0h\u00a030</time>" in html(french)
    assert "Décembre 2026" in html(french)


def test_each_post_shows_its_brand_an_excerpt_and_its_state_in_words(client, intern,
                                                                     make_post):
    long_text = ("Our new bakery opens on Monday morning with warm bread, butter croissants, "
                 "local coffee and a table of pastries for the neighbours who come early.")
    post = make_post("approved", text=long_text,
                     planned_at=at(datetime.date(2026, 12, 10), 9, 0))
    response = calendar(client, intern, date="2026-12-10")
    [entry] = day_of(response, datetime.date(2026, 12, 10)).entries
    assert entry.post.pk == post.pk
    assert len(entry.excerpt) <= grid.EXCERPT_CHARS and entry.excerpt.endswith("…")
    item = re.search(rf'<li class="entry state-approved" id="entry-{post.pk}".*?</li>',
                     html(response), re.S).group(0)
    assert "Acme" in item and entry.excerpt in item
    assert '<span class="badge state-approved"><span aria-hidden="true">✓</span> Approved' \
        in item


def test_archived_posts_and_posts_without_a_planned_time_are_not_on_it(client, intern,
                                                                       make_post):
    day = datetime.date(2026, 12, 10)
    shown = make_post(planned_at=at(day, 9))
    archived = make_post("rejected", planned_at=at(day, 10))
    actions.archive(intern, archived)
    unplanned = make_post(planned_at=None)
    response = calendar(client, intern, date=day.isoformat())
    every = [entry.post.pk for d in period_of(response).days for entry in d.entries]
    assert every == [shown.pk]
    assert unplanned.pk not in every


# -- brands and visibility -----------------------------------------------------------------


def test_a_member_sees_their_brands_and_never_anothers(client, intern, make_post,
                                                      other_brand, other_admin):
    day = datetime.date(2026, 12, 10)
    ours = make_post(planned_at=at(day, 9))
    theirs = make_post(author=other_admin, brand=other_brand, planned_at=at(day, 10))
    assert posts_on(calendar(client, intern, date=day.isoformat()), day) == [ours.pk]
    assert posts_on(calendar(client, other_admin, date=day.isoformat()), day) == [theirs.pk]


def test_a_brand_you_are_not_in_answers_404(client, intern, other_brand):
    client.force_login(intern)
    assert client.get(CALENDAR, {"brand": "other"}).status_code == 404
    assert client.get(CALENDAR, {"brand": "no-such-brand"}).status_code == 404
    assert client.get(CALENDAR, {"brand": "acme"}).status_code == 200


def test_the_brand_filter_shows_one_brand_across_several(client, superuser, intern, make_post,
                                                        other_brand, other_admin):
    day = datetime.date(2026, 12, 10)
    ours = make_post(planned_at=at(day, 9))
    theirs = make_post(author=other_admin, brand=other_brand, planned_at=at(day, 10))
    assert posts_on(calendar(client, superuser, date=day.isoformat()), day) == [ours.pk,
                                                                              theirs.pk]
    filtered = calendar(client, superuser, date=day.isoformat(), brand="other")
    assert posts_on(filtered, day) == [theirs.pk]
    # The filter follows the navigation.
    assert "brand=other" in period_of(filtered).next_query


def test_a_deactivated_member_no_longer_sees_the_brands_posts(client, intern, manager,
                                                              make_post):
    day = datetime.date(2026, 12, 10)
    make_post(planned_at=at(day, 9))
    assert posts_on(calendar(client, manager, date=day.isoformat()), day)
    Membership.objects.filter(user=manager).update(is_active=False)
    client.force_login(manager)
    assert client.get(CALENDAR, {"brand": "acme"}).status_code == 404


def test_the_calendar_is_in_the_main_navigation_for_every_member(client, intern, other_admin):
    for user in (intern, other_admin):
        client.force_login(user)
        page = client.get(reverse("posts:mine")).content.decode()
        assert f'<a href="{CALENDAR}">Calendar</a>' in page
    french = client.get(reverse("posts:mine"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'<a href="{CALENDAR}">Calendrier</a>' in french


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(CALENDAR)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# -- sensitive dates -------------------------------------------------------------------------


def test_sensitive_dates_are_marked_with_their_name_in_the_readers_language(client, intern,
                                                                            brand):
    SensitiveDate.objects.create(brand=brand, month=12, day=17, name_en="Founders' day of "
                                 "mourning", name_fr="Jour de deuil des fondateurs")
    SensitiveDate.objects.create(brand=brand, month=12, day=18, year=2027,
                                 name_en="A one-off day", name_fr="Un jour unique")
    response = calendar(client, intern, date="2026-12-01")
    assert [m.name for m in day_of(response, datetime.date(2026, 12, 17)).marks] == [
        "Founders' day of mourning"]
    assert day_of(response, datetime.date(2026, 12, 18)).marks == []  # 2027 only
    # The shipped calendar: the National Day of Remembrance and Action on Violence Against Women.
    assert day_of(response, datetime.date(2026, 12, 6)).marks
    assert 'class="day sensitive" data-day="2026-12-17"' in html(response).replace(
        "day past sensitive", "day sensitive")
    french = client.get(CALENDAR, {"date": "2027-12-01"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert [m.name for m in day_of(french, datetime.date(2027, 12, 18)).marks] == [
        "Un jour unique"]
    assert "Jour de deuil des fondateurs" in html(french)


def test_across_brands_a_mark_names_the_brands_it_is_sensitive_for(client, superuser, brand,
                                                                   other_brand):
    SensitiveDate.objects.create(brand=other_brand, month=12, day=17, name_en="Other's day",
                                 name_fr="Jour d'Other")
    response = calendar(client, superuser, date="2026-12-01")
    [mark] = day_of(response, datetime.date(2026, 12, 17)).marks
    assert (mark.name, mark.brands) == ("Other's day", ["Other"])
    # A day sensitive for every brand shown names none.
    [shipped] = day_of(response, datetime.date(2026, 12, 6)).marks
    assert shipped.brands == []
    # One brand shown: no brand named.
    filtered = calendar(client, superuser, date="2026-12-01", brand="other")
    assert day_of(filtered, datetime.date(2026, 12, 17)).marks[0].brands == []


def test_the_calendar_marks_the_day_the_check_warns_about(brand):
    """One rule: the check's calendar warning and the calendar's marks ask the same
    question of the same rows."""
    from socialgov.checks.rules.sensitive_dates import day_keys, names_on

    SensitiveDate.objects.create(brand=brand, month=2, day=29, name_en="Leap", name_fr="Bissextile")
    dates = {d.as_text(): {"en": d.name_en, "fr": d.name_fr} for d in brand.sensitive_dates.all()}
    assert names_on(dates, day_keys(datetime.date(2028, 2, 29)))["en"] == "Leap"
    assert names_on(dates, day_keys(datetime.date(2027, 3, 1))) is None


# -- navigation and bad input ---------------------------------------------------------------


@pytest.mark.parametrize("params, message", [
    ({"date": "tomorrow"}, "Write the date as YYYY-MM-DD, for example 2026-12-03."),
    ({"date": "2026-02-30"}, "Write the date as YYYY-MM-DD, for example 2026-12-03."),
    ({"date": "99999-01-01"}, "Write the date as YYYY-MM-DD, for example 2026-12-03."),
    ({"date": "1999-12-31"}, "Choose a date from 2000-01-01 to 2099-12-31."),
    ({"date": "2100-01-01"}, "Choose a date from 2000-01-01 to 2099-12-31."),
    ({"view": "year"}, "Select a valid choice. year is not one of the available choices."),
    ({"date": "\x00"}, "Write the date as YYYY-MM-DD, for example 2026-12-03."),
])
def test_a_bad_date_or_view_is_said_and_the_calendar_shows_today(client, intern, params,
                                                                message):
    response = calendar(client, intern, **params)
    assert message in html(response)
    period = period_of(response)
    assert period.anchor == timezone.localdate() and period.view in ("month", "week")


def test_the_first_and_last_months_have_no_link_beyond_them(client, intern):
    first = period_of(calendar(client, intern, date="2000-01-15"))
    assert first.previous_query == "" and first.next_query
    last = period_of(calendar(client, intern, view="week", date="2099-12-31"))
    assert last.next_query == "" and last.previous_query


# -- moving a post ---------------------------------------------------------------------------


def move(client, user, post, day, **extra):
    client.force_login(user)
    return client.post(reverse("planning:move", args=[post.pk]),
                       {"day": day if isinstance(day, str) else day.isoformat(), **extra})


def messages_of(client, response):
    follow = client.get(response["Location"])
    return [str(m) for m in follow.context["messages"]], follow


def test_moving_changes_the_date_and_keeps_the_time_of_day(client, intern, make_post):
    start, target = days_ahead(10), days_ahead(13)
    post = make_post(planned_at=at(start, 10, 15), text="Our bakery opens, come along!")
    before = post.current_version
    response = move(client, intern, post, target, view="week", date=start.isoformat())
    assert response.status_code == 302
    assert response["Location"] == f"{CALENDAR}?view=week&date={target.isoformat()}"
    post.refresh_from_db()
    after = post.current_version
    assert after.number == before.number + 1
    assert after.planned_at == at(target, 10, 15)
    assert after.planned_at.astimezone(TORONTO).time() == datetime.time(10, 15)
    for name in ("text", "networks", "objective", "language", "variant_specs", "image_specs"):
        assert getattr(after, name) == getattr(before, name), name
    said, page = messages_of(client, response)
    assert said[0].startswith(f"Moved to {target.isoformat()} 10:15. Your changes are saved.")
    assert posts_on(page, target) == [post.pk]
    assert AuditEvent.objects.filter(post=post, action="edit").exists()


def test_moving_across_a_change_of_clock_keeps_the_wall_clock_time(client, intern, make_post):
    change = next_dst_change(timezone.localdate() + datetime.timedelta(days=2), forward=True)
    before, after = change - datetime.timedelta(days=1), change + datetime.timedelta(days=1)
    post = make_post(planned_at=at(before, 14, 30))
    move(client, intern, post, after)
    post.refresh_from_db()
    planned = post.current_version.planned_at
    assert planned.astimezone(TORONTO).replace(tzinfo=None) == datetime.datetime.combine(
        after, datetime.time(14, 30))
    # An hour less in UTC: the clocks went forward in between.
    assert planned - at(before, 14, 30) == datetime.timedelta(days=2, hours=-1)


def test_a_time_the_new_day_skips_is_read_on_the_clock_before_the_change():
    change = next_dst_change(timezone.localdate(), forward=True)
    planned = at(change - datetime.timedelta(days=1), 2, 30)
    moved = moving.same_time_on(planned, change, TORONTO)
    assert moved.astimezone(TORONTO).time() == datetime.time(3, 30)
    back = next_dst_change(timezone.localdate(), forward=False)
    twice = moving.same_time_on(at(back - datetime.timedelta(days=1), 1, 30), back, TORONTO)
    assert twice.astimezone(TORONTO).time() == datetime.time(1, 30)
    assert twice.astimezone(TORONTO).utcoffset() == datetime.timedelta(hours=-4)  # the first


@pytest.mark.django_db(transaction=True)
def test_an_approved_post_moved_keeps_its_approval_when_nothing_new_is_found(
        client, intern, make_post):
    # Committed for real: the check runs at commit, as it does in embedded mode.
    post = make_post("approved", planned_at=at(days_ahead(10), 9, 0))
    response = move(client, intern, post, days_ahead(12))
    post.refresh_from_db()
    assert post.state == State.APPROVED
    assert post.current_version.planned_at == at(days_ahead(12), 9, 0)
    assert AuditEvent.objects.filter(post=post, action="approval_carried").exists()
    said, _page = messages_of(client, response)
    assert "Your changes are saved." in said[0]


@pytest.mark.django_db(transaction=True)
def test_a_promotion_moved_onto_a_sensitive_date_goes_back_to_review(client, intern, brand,
                                                                     make_post):
    sensitive = days_ahead(15)
    SensitiveDate.objects.create(brand=brand, month=sensitive.month, day=sensitive.day,
                                 year=sensitive.year, name_en="A day of mourning",
                                 name_fr="Un jour de deuil")
    post = make_post("approved", objective="sell", planned_at=at(days_ahead(10), 9, 0),
                     text="Our new bakery is open: come and taste the bread.")
    response = move(client, intern, post, sensitive)
    post.refresh_from_db()
    assert post.state == State.IN_REVIEW
    assert AuditEvent.objects.filter(post=post, action="approval_not_carried").exists()
    said, _page = messages_of(client, response)
    assert "The check found something new on that day: the post is back in review." in said[0]


def test_someone_who_may_not_edit_the_post_is_told_why_and_nothing_moves(client, intern,
                                                                         manager, make_post):
    post = make_post(planned_at=at(days_ahead(10), 9, 0))
    response = move(client, manager, post, days_ahead(12))
    assert response.status_code == 302
    said, page = messages_of(client, response)
    assert said == ["Only the post's author can do this."]
    post.refresh_from_db()
    assert post.current_version.planned_at == at(days_ahead(10), 9, 0)
    # The calendar asks the same table: the manager gets the reason, not the form.
    shown = calendar(client, manager, date=days_ahead(10).isoformat())
    [entry] = day_of(shown, days_ahead(10)).entries
    assert entry.refusal == "Only the post's author can do this." and not entry.movable
    assert f'id="move-{post.pk}"' not in html(shown)
    assert f'data-move-form="move-{post.pk}"' not in html(shown)


def test_a_post_in_review_cannot_be_moved_even_by_its_author(client, intern, make_post):
    post = make_post("in_review", planned_at=at(days_ahead(10), 9, 0))
    said, _page = messages_of(client, move(client, intern, post, days_ahead(12)))
    assert said == ["This cannot be done while the post is “In review”."]
    post.refresh_from_db()
    assert post.current_version.number == 1


def test_another_brands_post_answers_404(client, other_admin, make_post):
    post = make_post(planned_at=at(days_ahead(10), 9, 0))
    assert move(client, other_admin, post, days_ahead(12)).status_code == 404


def test_a_day_in_the_past_is_refused_with_a_clear_message(client, intern, make_post):
    post = make_post(planned_at=at(days_ahead(10), 9, 0))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    said, _page = messages_of(client, move(client, intern, post, yesterday))
    assert said == [f"{yesterday.isoformat()} 09:00 has passed: choose a day to come."]
    post.refresh_from_db()
    assert post.current_version.number == 1


def test_the_same_day_changes_nothing(client, intern, make_post):
    post = make_post(planned_at=at(days_ahead(10), 9, 0))
    said, _page = messages_of(client, move(client, intern, post, days_ahead(10)))
    assert said == ["The post is already planned on that day."]
    assert PostVersion.objects.filter(post=post).count() == 1


@pytest.mark.parametrize("day, message", [
    ("", "Choose the day to move it to."),
    ("next friday", "Write the date as YYYY-MM-DD, for example 2026-12-03."),
    ("2027-02-30", "Write the date as YYYY-MM-DD, for example 2026-12-03."),
    ("12027-01-01", "Write the date as YYYY-MM-DD, for example 2026-12-03."),
    ("2100-01-01", "Choose a date from 2000-01-01 to 2099-12-31."),
])
def test_bad_input_is_said_and_changes_nothing(client, intern, make_post, day, message):
    post = make_post(planned_at=at(days_ahead(10), 9, 0))
    response = move(client, intern, post, day, view="fortnight", date="garbage", brand="")
    assert response.status_code == 302
    said, _page = messages_of(client, response)
    assert said == [message]
    assert PostVersion.objects.filter(post=post).count() == 1


def test_a_post_without_a_planned_time_cannot_be_moved(client, intern, make_post):
    post = make_post(planned_at=None)
    said, _page = messages_of(client, move(client, intern, post, days_ahead(3)))
    assert said == ["This post has no planned time: give it one in the editor."]


def test_the_move_form_carries_the_calendar_back(client, intern, make_post, brand):
    post = make_post(planned_at=at(days_ahead(10), 9, 0))
    response = move(client, intern, post, days_ahead(11), view="week",
                    date=days_ahead(10).isoformat(), brand="acme")
    assert response["Location"] == (f"{CALENDAR}?view=week&date={days_ahead(11).isoformat()}"
                                    "&brand=acme")


# -- the feed ---------------------------------------------------------------------------------


def unfold(body):
    """The feed's logical lines: CRLF then a space continues the line (RFC 5545 §3.1)."""
    return body.replace("\r\n ", "").split("\r\n")


def unescape(value):
    """A TEXT value read back (RFC 5545 §3.3.11); an unescaped comma or semicolon,
    or a backslash before anything else, is an error: a reader would cut the
    value there."""
    out, chars = [], iter(value)
    for char in chars:
        if char in ",;":
            raise AssertionError(f"unescaped {char!r} in {value!r}")
        if char == "\\":
            escaped = next(chars, "")
            if escaped not in ("\\", ";", ",", "n", "N"):
                raise AssertionError(f"bad escape \\{escaped} in {value!r}")
            out.append("\n" if escaped in "nN" else escaped)
        else:
            out.append(char)
    return "".join(out)


def events_of(body):
    events, current = [], None
    for line in unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and line:
            name, _sep, value = line.partition(":")
            current[name] = value
    return events


@pytest.fixture
def feed_url(client):
    """``feed_url(user)``: make the person's feed as they do (the page's button)
    and return its path, read from the page that shows it once."""

    def make(user):
        client.force_login(user)
        response = client.post(reverse("planning:feed_renew"))
        assert response.status_code == 302
        page = client.get(reverse("planning:feed_settings")).content.decode()
        address = re.search(r'id="feed-address" value="([^"]+)"', page).group(1)
        client.logout()
        return address.removeprefix("http://localhost:8000")

    return make


def test_the_feed_holds_the_approved_and_published_posts_of_the_persons_brands(
        client, intern, make_post, feed_url, settings):
    settings.SITE_URL = "https://socialgov.example.org"
    approved = make_post("approved", planned_at=at(days_ahead(5), 14, 30),
                         text="Fresh bread, croissants; and coffee\\tea at 7 h.")
    published = make_post("published", planned_at=at(days_ahead(6), 9, 0))
    make_post("draft", planned_at=at(days_ahead(7), 9, 0))
    make_post("in_review", planned_at=at(days_ahead(8), 9, 0))
    url = feed_url(intern).removeprefix("https://socialgov.example.org")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # CRLF only
    events = {event["UID"]: event for event in events_of(body)}
    assert set(events) == {f"post-{approved.pk}@socialgov.example.org",
                           f"post-{published.pk}@socialgov.example.org"}
    event = events[f"post-{approved.pk}@socialgov.example.org"]
    planned = approved.current_version.planned_at.astimezone(datetime.UTC)
    assert event["DTSTART"] == planned.strftime("%Y%m%dT%H%M%SZ")
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert unescape(event["SUMMARY"]) == "Acme · Fresh bread, croissants; and coffee\\tea at 7 h."
    assert event["URL"] == f"https://socialgov.example.org/posts/{approved.pk}/"
    assert "Networks: X, LinkedIn" in unescape(event["DESCRIPTION"])
    assert unescape(events[f"post-{published.pk}@socialgov.example.org"]["SUMMARY"]) \
        .startswith("Acme · Published · ")


def test_another_brands_posts_are_never_in_the_feed(client, intern, make_post, brand,
                                                    other_brand, other_admin, make_user,
                                                    feed_url):
    ours = make_post("approved", planned_at=at(days_ahead(5), 9, 0))
    reviewer = make_user("otherreviewer")
    Membership.objects.create(user=reviewer, brand=other_brand, role="approver")
    theirs = make_post("approved", author=other_admin, brand=other_brand, reviewer=reviewer,
                       planned_at=at(days_ahead(5), 10, 0))
    # A member of Acme once, deactivated since.
    Membership.objects.create(user=other_admin, brand=brand, role="approver", is_active=False)
    body = client.get(feed_url(intern)).content.decode()
    assert [e["UID"].split("@")[0] for e in events_of(body)] == [f"post-{ours.pk}"]
    body = client.get(feed_url(other_admin)).content.decode()
    assert [e["UID"].split("@")[0] for e in events_of(body)] == [f"post-{theirs.pk}"]


def test_folding_and_escaping_survive_a_round_trip(client, intern, make_post, feed_url):
    text = ("Été: crème brûlée, 50 % off; back\\slash\nnew line, "
            + "é" * 30 + "🥐" * 20 + " the end")
    post = make_post("approved", planned_at=at(days_ahead(5), 9, 0), text=text)
    raw = client.get(feed_url(intern)).content
    physical = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in physical), max(len(line) for line in physical)
    for line in physical:
        line.decode("utf-8")  # a fold never cuts a character in two
    assert any(line.startswith(b" ") for line in physical)  # it was folded
    [event] = events_of(raw.decode("utf-8"))
    assert event["DESCRIPTION"].startswith(
        "Été: crème brûlée\\, 50 % off\\; back\\\\slash\\nnew line\\, éé")
    assert unescape(event["DESCRIPTION"]).startswith(text + "\n\n")
    assert event["UID"] == f"post-{post.pk}@localhost"


def test_the_writer_escapes_and_folds_by_the_rfc():
    assert ical.escape_text("a,b;c\\d\r\ne\rf\ng\x07") == "a\\,b\\;c\\\\d\\ne\\nf\\ng"
    # 8 + 80 octets: 33 "é" fill 74 octets, and a 34th would straddle the 75th.
    first, second = ical.fold("SUMMARY:" + "é" * 40).split("\r\n")
    assert (len(first.encode()), first.count("é")) == (74, 33)
    assert second == " " + "é" * 7
    first, second, third = ical.fold("X:" + "a" * 200).split("\r\n")
    assert [len(first), len(second), len(third)] == [75, 75, 54]
    assert second.startswith(" ") and third.startswith(" ")
    assert ical.fold("X:short") == "X:short"


def test_a_wrong_token_is_a_404(client, intern, feed_url):
    feed_url(intern)
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404
    assert client.get("/calendar/feed/" + "A" * 43 + ".ics").status_code == 404


def test_renewing_makes_the_old_address_stop_working_at_once(client, intern, feed_url):
    old = feed_url(intern)
    assert client.get(old).status_code == 200
    new = feed_url(intern)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.filter(user=intern).count() == 1
    actions_recorded = list(AuditEvent.objects.filter(actor=intern).values_list("action",
                                                                                 flat=True))
    assert actions_recorded == ["calendar_feed_made", "calendar_feed_renewed"]


def test_only_a_hash_of_the_token_is_kept_and_the_address_is_shown_once(client, intern,
                                                                        feed_url):
    address = feed_url(intern)
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=intern)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(CalendarFeed.objects.filter(user=intern).values().get())
    client.force_login(intern)
    again = client.get(reverse("planning:feed_settings")).content.decode()
    assert token not in again and "Renew" in again


def test_renewing_asks_first(client, intern, feed_url):
    feed_url(intern)
    client.force_login(intern)
    page = client.get(reverse("planning:feed_renew"))
    assert page.status_code == 200
    assert "stops working at once" in page.content.decode()
    assert CalendarFeed.objects.get(user=intern).renewed_at  # nothing renewed by looking


def test_a_deactivated_members_feed_loses_that_brands_posts(client, intern, make_post,
                                                           feed_url):
    make_post("approved", planned_at=at(days_ahead(5), 9, 0))
    url = feed_url(intern)
    assert len(events_of(client.get(url).content.decode())) == 1
    Membership.objects.filter(user=intern).update(is_active=False)
    assert events_of(client.get(url).content.decode()) == []
    intern.is_active = False
    intern.save()
    assert client.get(url).status_code == 404


def test_the_feed_is_written_in_the_language_its_owner_made_it_in(client, intern, make_post,
                                                                 feed_url):
    make_post("published", planned_at=at(days_ahead(5), 9, 0))
    client.cookies["django_language"] = "fr"
    url = feed_url(intern)  # and logged out: no cookie, no language asked
    body = client.get(url).content.decode()
    [event] = events_of(body)
    assert " · Publiée · " in unescape(event["SUMMARY"])
    assert "X-WR-CALNAME:SocialGov\u00a0: publications approuvées" in unfold(body)


# -- one query for posts, whatever their number --------------------------------------------


def plan_posts(brand, author, n, first_day, days, state=State.DRAFT):
    """``n`` posts in ``state`` planned over ``days`` days from ``first_day``, made in bulk."""
    posts = Post.objects.bulk_create(Post(brand=brand, author=author, state=state)
                                     for _ in range(n))
    versions = []
    for index, post in enumerate(posts):
        fields = {"text": f"Post number {index}, planned for the calendar.",
                  "networks": ["x"], "objective": "inform", "language": "en",
                  "planned_at": at(first_day + datetime.timedelta(days=index % days),
                                   8 + index % 10, 15)}
        versions.append(PostVersion(post=post, number=1, author=author,
                                    content_hash=content_hash(fields), **fields))
    versions = PostVersion.objects.bulk_create(versions)
    for post, version in zip(posts, versions, strict=True):
        post.current_version = version
    Post.objects.bulk_update(posts, ["current_version"])


@pytest.mark.parametrize("view", ["month", "week"])
def test_a_calendar_runs_as_many_queries_with_200_posts_as_with_10(client, intern, manager,
                                                                   brand, view):
    first = datetime.date(2027, 3, 1)  # a Monday
    days = 7 if view == "week" else 31
    counts = []
    for n in (10, 190):  # 10, then 200
        plan_posts(brand, intern, n, first, days)
        client.force_login(intern)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(CALENDAR, {"view": view, "date": first.isoformat()})
        assert response.status_code == 200
        shown = sum(len(d.entries) + d.hidden for d in period_of(response).days)
        assert shown == Post.objects.count()
        counts.append(len(captured))
    assert counts[0] == counts[1], f"{view}: {counts[0]} queries with 10, {counts[1]} with 200"
    assert counts[0] <= 12, counts


def test_a_month_cell_shows_a_few_posts_and_links_to_the_rest(client, intern, brand):
    day = datetime.date(2027, 3, 3)
    plan_posts(brand, intern, grid.MONTH_CELL_ENTRIES + 3, day, 1)
    response = calendar(client, intern, date="2027-03-01")
    cell = day_of(response, day)
    assert len(cell.entries) == grid.MONTH_CELL_ENTRIES and cell.hidden == 3
    assert '3 more posts' in html(response)
    week = calendar(client, intern, view="week", date=day.isoformat())
    assert len(day_of(week, day).entries) == grid.MONTH_CELL_ENTRIES + 3


def test_too_many_posts_for_one_page_are_said(client, intern, brand, monkeypatch):
    monkeypatch.setattr(grid, "MAX_POSTS", 5)
    plan_posts(brand, intern, 6, datetime.date(2027, 3, 1), 3)
    response = calendar(client, intern, view="week", date="2027-03-01")
    assert period_of(response).truncated
    assert "There are too many posts to show them all here" in html(response)
    assert sum(len(d.entries) for d in period_of(response).days) == 5


def test_the_feed_runs_as_many_queries_with_200_posts_as_with_10(client, intern, brand):
    token = feeds.renew(intern, "en")
    counts = []
    for n in (10, 190):  # 10, then 200
        plan_posts(brand, intern, n, days_ahead(3), 20, state=State.APPROVED)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(feeds.address(token).removeprefix("http://localhost:8000"))
        assert len(events_of(response.content.decode())) == Post.objects.count()
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 3, counts
