"""Replies to customers (issue 12): the deadline, the queue, "Overdue", the
lighter path, saved replies filled in and sent without review, and the brand
admin's pages."""

import datetime
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from socialgov.audit.models import Action, AuditEvent
from socialgov.brands import crisis
from socialgov.brands import replies as brand_replies
from socialgov.brands.models import ApprovalStep, Deciders, Holiday, RepliesNeed, SavedReply
from socialgov.brands.reply_targets import (
    ReplyTargets,
    parse_business_hours,
    respond_by,
    validate_business_hours,
)
from socialgov.brands.saved_replies import fill, placeholders, problems
from socialgov.posts import actions, approval, history, lists
from socialgov.posts.models import CustomerReply, Post, ReviewRound, State, content_hash
from socialgov.posts.moves import MOVES
from socialgov.posts.replies import ReplyDetails, filled_template
from tests.conftest import post_fields, reload

pytestmark = pytest.mark.django_db

TORONTO = ZoneInfo("America/Toronto")
COMPLAINT = "Where is my order 4521? It is late and I am annoyed."
TEMPLATE = "Hi {name}, we are sorry order {order} is late. It ships today: thank you for your " \
           "patience!"
VALUES = {"name": "Jane", "order": "4521"}
FILLED = fill(TEMPLATE, VALUES)


def at(*args):
    return datetime.datetime(*args, tzinfo=TORONTO)


def targets(**overrides):
    return ReplyTargets(time_zone="America/Toronto", **overrides)


# -- the deadline -----------------------------------------------------------------------


def test_a_message_received_during_business_hours_is_due_an_hour_later():
    # Tuesday 2026-12-01, 10:15.
    assert respond_by(at(2026, 12, 1, 10, 15), targets()) == at(2026, 12, 1, 11, 15)


def test_at_1630_on_a_friday_the_hour_runs_past_closing_time():
    assert respond_by(at(2026, 12, 4, 16, 30), targets()) == at(2026, 12, 4, 17, 30)


def test_opening_time_is_in_business_hours_and_closing_time_is_not():
    assert respond_by(at(2026, 12, 4, 9, 0), targets()) == at(2026, 12, 4, 10, 0)
    assert respond_by(at(2026, 12, 4, 17, 0), targets()) == at(2026, 12, 4, 21, 0)


def test_at_3_in_the_morning_the_four_hours_end_before_opening():
    assert respond_by(at(2026, 12, 2, 3, 0), targets()) == at(2026, 12, 2, 7, 0)


def test_a_weekend_and_a_holiday_get_the_target_outside_business_hours():
    assert respond_by(at(2026, 12, 5, 11, 0), targets()) == at(2026, 12, 5, 15, 0)
    christmas = targets(holidays=frozenset({datetime.date(2026, 12, 25)}))  # a Friday
    assert respond_by(at(2026, 12, 25, 11, 0), christmas) == at(2026, 12, 25, 15, 0)
    assert respond_by(at(2026, 12, 24, 11, 0), christmas) == at(2026, 12, 24, 12, 0)


def test_across_a_change_of_clock_four_hours_are_four_real_hours():
    # 2026-03-08: 02:00 EST becomes 03:00 EDT; 2026-11-01: 02:00 EDT becomes 01:00 EST.
    spring = respond_by(at(2026, 3, 8, 0, 30), targets())
    assert spring - at(2026, 3, 8, 0, 30).astimezone(datetime.UTC) == timedelta(hours=4)
    wall = spring.astimezone(TORONTO)
    assert (wall.hour, wall.minute, wall.utcoffset()) == (5, 30, timedelta(hours=-4))
    autumn = respond_by(at(2026, 11, 1, 0, 30), targets())
    assert autumn - at(2026, 11, 1, 0, 30).astimezone(datetime.UTC) == timedelta(hours=4)
    wall = autumn.astimezone(TORONTO)
    assert (wall.hour, wall.minute, wall.utcoffset()) == (3, 30, timedelta(hours=-5))


def test_business_hours_are_read_on_the_brands_clock():
    paris = ReplyTargets(time_zone="Europe/Paris")
    received = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert respond_by(received, paris) == received + timedelta(hours=1)
    # 09:30 in Paris is 03:30 in Toronto: outside a Toronto brand's hours.
    assert respond_by(received, targets()) == received + timedelta(hours=4)


def test_the_deadline_needs_an_aware_time():
    with pytest.raises(ValueError):
        respond_by(datetime.datetime(2026, 12, 1, 10, 0), targets())


@pytest.mark.parametrize("hours", [
    [["09:00", "17:00"]] * 6,  # six days
    [["9h", "17:00"]] + [None] * 6,
    [["17:00", "09:00"]] + [None] * 6,
    [["09:00"]] + [None] * 6,
    "weekdays",
])
def test_business_hours_that_do_not_make_a_week_are_refused(hours):
    with pytest.raises(ValidationError):
        validate_business_hours(hours)


def test_the_brands_targets_are_read_with_its_holidays(brand):
    brand.reply_within_minutes, brand.reply_outside_minutes = 30, 120
    brand.business_hours = [None] * 5 + [["10:00", "14:00"]] * 2
    Holiday.objects.create(brand=brand, day=datetime.date(2026, 12, 26), name="Boxing Day")
    read = brand_replies.targets_of(brand)
    assert read.within_hours == timedelta(minutes=30)
    assert read.hours == parse_business_hours(brand.business_hours)
    assert respond_by(at(2026, 12, 19, 11, 0), read) == at(2026, 12, 19, 11, 30)  # Saturday
    assert respond_by(at(2026, 12, 26, 11, 0), read) == at(2026, 12, 26, 13, 0)  # holiday


# -- replies as posts -----------------------------------------------------------------


@pytest.fixture
def reply_to(brand):
    """The fields and details of a reply to COMPLAINT on X, received ``ago`` ago."""

    def make(ago=timedelta(0), **details):
        details.setdefault("network", "x")
        return {"replying_to": COMPLAINT, "objective": "customer_service",
                "reply": ReplyDetails(received_at=timezone.now() - ago, **details)}

    return make


def test_a_reply_keeps_its_deadline_until_its_received_time_changes(brand, intern, make_post,
                                                                     reply_to):
    post = make_post("draft", **reply_to())
    reply = post.reply
    promised = reply.respond_by
    assert promised == respond_by(reply.received_at, brand_replies.targets_of(brand))
    brand.reply_within_minutes = brand.reply_outside_minutes = 5
    brand.save()
    fields = post.current_version.fields()
    same = ReplyDetails(network="x", link="https://x.com/jane/status/1",
                        received_at=reply.received_at.replace(second=0))
    actions.edit(intern, post, fields, reply=same)
    reply.refresh_from_db()
    assert reply.respond_by == promised and reply.link == "https://x.com/jane/status/1"
    earlier = reply.received_at - timedelta(hours=2)
    actions.edit(intern, post, fields, reply=ReplyDetails(network="x", received_at=earlier))
    reply.refresh_from_db()
    assert reply.respond_by == earlier + timedelta(minutes=5)
    # Details alone make no version; they are recorded.
    assert post.versions.count() == 1
    assert AuditEvent.objects.filter(post=post, action=Action.EDIT).count() == 2


def test_the_customers_message_is_part_of_the_version(make_post, reply_to, intern):
    post = make_post("draft", **reply_to())
    assert post.current_version.replying_to == COMPLAINT
    # A post that answers nobody hashes as it always did.
    fields = post_fields()
    assert content_hash(fields) == content_hash({**fields, "replying_to": ""})
    actions.edit(intern, post, post_fields(text=post.current_version.text,
                                           objective="customer_service",
                                           replying_to="My parcel never came."),
                 reply=ReplyDetails(network="x"))
    assert reload(post).current_version.number == 2


def test_replies_come_first_in_the_queue_by_deadline(client, brand, manager, make_post,
                                                     reply_to, warning_rule):
    brand.reply_within_minutes = brand.reply_outside_minutes = 60
    brand.save()
    risky = make_post("in_review", text="Time to utilize our bakery.",
                      planned_at=timezone.now() + timedelta(hours=3))
    due_in_an_hour = make_post("in_review", text="Hi Jane, thank you: it ships today.",
                               **reply_to())
    due_in_ten_minutes = make_post("in_review", text="Hi Sam, thank you: it ships today.",
                                   **reply_to(ago=timedelta(minutes=50)))
    assert risky.risk == "medium" and due_in_an_hour.risk in ("none", "low")
    queue = list(lists.queue_order(lists.waiting_on(manager)).values_list("pk", flat=True))
    assert queue == [due_in_ten_minutes.pk, due_in_an_hour.pk, risky.pk]
    client.force_login(manager)
    page = client.get(reverse("posts:review_queue")).content.decode()
    assert page.index("Hi Sam") < page.index("Hi Jane") < page.index("utilize")
    assert "left to respond" in page and "Overdue" not in page


def test_the_queue_runs_as_many_queries_with_six_replies_as_with_two(client, manager, make_post,
                                                                    reply_to):
    client.force_login(manager)
    counts = []
    for extra in (2, 4):
        for n in range(extra):
            make_post("in_review", text=f"Hi Jane, thank you: it ships today ({n}).",
                      **reply_to(ago=timedelta(hours=n)))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("posts:review_queue"))
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_reply_past_its_deadline_shows_overdue_wherever_it_is_listed(client, intern, manager,
                                                                       make_post, reply_to):
    late = make_post("in_review", text="Hi Jane, thank you: it ships today.",
                     **reply_to(ago=timedelta(hours=5)))
    assert late.reply.overdue
    client.force_login(manager)
    for url in (reverse("posts:review_queue"), late.get_absolute_url(), reverse("home")):
        page = client.get(url).content.decode()
        assert '<span class="badge reply-overdue"><span aria-hidden="true">⚠ </span>Overdue' \
            in page, url
    client.force_login(intern)
    assert "reply-overdue" in client.get(reverse("posts:mine")).content.decode()


def test_a_published_reply_is_no_longer_overdue(make_post, reply_to):
    sent = make_post("published", text="Hi Jane, thank you: it ships today.",
                     **reply_to(ago=timedelta(hours=5)))
    assert not sent.reply.overdue and sent.reply.time_left is None


def test_the_post_page_shows_the_customers_message_and_the_deadline(client, manager, make_post,
                                                                    reply_to):
    post = make_post("in_review", text="Hi Jane, thank you: it ships today.",
                     **reply_to(link="https://x.com/jane/status/7"))
    client.force_login(manager)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Customer's message" in page and COMPLAINT in page
    assert "Respond by" in page and 'href="https://x.com/jane/status/7"' in page


# -- the lighter path -------------------------------------------------------------------


@pytest.fixture
def long_path(brand, brand_admin):
    ApprovalStep.objects.create(brand=brand, name="Comms", position=0)
    ApprovalStep.objects.create(brand=brand, name="Sign-off", position=1,
                                decided_by=Deciders.BRAND_ADMINS)


def steps_of(post):
    review_round = ReviewRound.objects.filter(post=post).latest("number")
    return [step.key for step in review_round.steps.all()]


def test_with_one_approver_a_reply_takes_one_step_whatever_the_path(brand, manager, make_post,
                                                                   reply_to, long_path):
    brand.replies_need = RepliesNeed.ONE_APPROVER
    brand.save()
    reply = make_post("in_review", text="Hi Jane, thank you: it ships today.", **reply_to())
    other = make_post("in_review")
    assert steps_of(reply) == [approval.REPLY_STEP_KEY]
    assert len(steps_of(other)) == 2
    actions.approve(manager, reply, reply.current_version_id)
    assert reload(reply).state == State.APPROVED


def test_with_the_full_path_a_reply_takes_the_brands_path(brand, make_post, reply_to,
                                                          long_path):
    reply = make_post("in_review", text="Hi Jane, thank you: it ships today.", **reply_to())
    assert len(steps_of(reply)) == 2


# -- saved replies ----------------------------------------------------------------------


@pytest.fixture
def saved(brand):
    return SavedReply.objects.create(brand=brand, name="Late order", language="en",
                                     text=TEMPLATE)


def editor_data(brand, **overrides):
    data = {"brand": brand.pk, "networks": ["x"], "objective": "customer_service",
            "language": "en", "text": FILLED, "action": "save",
            "reply_message": COMPLAINT, "reply_network": "x",
            "reply_link": "https://x.com/jane/status/1", "reply_received_at": ""}
    data.update(overrides)
    return data


def values_of(saved, **values):
    return {f"reply_value-{saved.pk}-{name}": value for name, value in values.items()}


def test_placeholders_are_read_and_filled_in_order():
    assert placeholders("Bonjour {prénom}, {order} puis {prénom}") == ["prénom", "order"]
    assert fill("Hi {name}", {"name": "Jo"}) == "Hi Jo"
    assert problems(TEMPLATE) == []


@pytest.mark.parametrize("text, says", [
    ("Hi {name", "is never closed"),
    ("Hi name}", "closes nothing"),
    ("Hi {1st}", "is not a placeholder"),
    ("Hi {first name}", "is not a placeholder"),
    ("Hi {}", "is not a placeholder"),
])
def test_a_saved_reply_with_stray_braces_is_refused_with_a_clear_error(client, brand,
                                                                       brand_admin, text, says):
    client.force_login(brand_admin)
    response = client.post(reverse("brands:saved_replies", args=[brand.slug]),
                           {"name": "Broken", "language": "en", "text": text})
    assert response.status_code == 200
    assert says in response.content.decode()
    assert text.replace("{", "") in response.content.decode().replace("{", "")
    assert not SavedReply.objects.exists()


def test_brand_admins_keep_saved_replies_audited(client, brand, brand_admin):
    client.force_login(brand_admin)
    url = reverse("brands:saved_replies", args=[brand.slug])
    client.post(url, {"name": "Late order", "language": "en", "text": TEMPLATE})
    saved = SavedReply.objects.get()
    assert saved.placeholders == ["name", "order"]
    again = client.post(url, {"name": "Late order", "language": "en", "text": "Hi {name}"})
    assert "already has a saved reply named" in again.content.decode()
    client.post(reverse("brands:saved_reply_edit", args=[brand.slug, saved.pk]),
                {"name": "Late order", "language": "en", "text": "Hello {name}."})
    client.post(reverse("brands:saved_reply_delete", args=[brand.slug, saved.pk]))
    events = AuditEvent.objects.filter(brand=brand, action=Action.SAVED_REPLY_CHANGED)
    assert [e.data["change"] for e in events] == ["added", "changed", "deleted"]
    assert events[1].data["before"]["text"] == TEMPLATE
    assert events[1].data["after"]["text"] == "Hello {name}."
    assert not SavedReply.objects.exists()


def test_an_author_fills_in_a_saved_reply_in_the_editor(client, brand, intern, saved):
    client.force_login(intern)
    page = client.get(reverse("posts:new")).content.decode()
    assert "This is a reply to a customer" in page and "Respond by" in page
    assert f'name="reply_value-{saved.pk}-name"' in page
    response = client.post(reverse("posts:new"), editor_data(
        brand, saved_reply=saved.pk, **values_of(saved, name=" Jane ", order="4521")))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.reply.saved_reply == saved and post.reply.saved_reply_values == VALUES
    assert post.current_version.replying_to == COMPLAINT
    assert filled_template(post) == saved


@pytest.mark.parametrize("overrides, says", [
    ({"reply_link": "not a link at all"}, "Enter a valid URL."),
    ({"reply_network": ""}, "Choose the network the customer wrote on."),
    ({"reply_received_at": "2099-01-01T10:00"}, "cannot have arrived in the future"),
    ({"reply_received_at": "yesterday"}, "Enter a valid date/time."),
    ({"reply_message": "", "reply_network": "x"}, "Paste the customer"),
    ({"language": "fr"}, "is written in another language (English)"),
    ({"values": {"order": "{4521}"}}, "A value cannot contain { or }."),
    ({"values": {"order": ""}}, "Fill in this value."),
])
def test_bad_reply_input_is_refused_clearly_and_nothing_is_lost(client, brand, intern, saved,
                                                                overrides, says):
    client.force_login(intern)
    values = {**VALUES, **overrides.pop("values", {})}
    data = editor_data(brand, saved_reply=saved.pk, **values_of(saved, **values))
    data.update(overrides)
    response = client.post(reverse("posts:new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert says in page
    assert FILLED in page and data["reply_message"] in page
    assert not Post.objects.exists()


def test_another_brands_saved_reply_cannot_be_used(client, brand, other_brand, intern):
    theirs = SavedReply.objects.create(brand=other_brand, name="Theirs", language="en",
                                       text="Hi {name}")
    client.force_login(intern)
    response = client.post(reverse("posts:new"), editor_data(
        brand, saved_reply=theirs.pk, **values_of(theirs, name="Jane")))
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Post.objects.exists()


def preapproving(brand):
    brand.saved_replies_skip_review = True
    brand.save()


def filled_reply(make_post, reply_to, saved, text=FILLED, values=VALUES, **fields):
    return make_post("draft", text=text, **reply_to(saved_reply=saved, values=values), **fields)


def test_a_filled_saved_reply_goes_out_without_review_and_it_is_recorded(
        brand, intern, make_post, reply_to, saved, submit):
    preapproving(brand)
    post = submit(intern, filled_reply(make_post, reply_to, saved))
    assert post.state == State.APPROVED
    assert not ReviewRound.objects.filter(post=post).exists()
    event = AuditEvent.objects.get(post=post, action=Action.REPLY_PREAPPROVED)
    assert (event.from_state, event.to_state) == (State.CHECKING, State.APPROVED)
    assert event.data["saved_reply"] == saved.pk and event.data["values"] == VALUES
    told = [row for row in history.rows(post, "en") if "without review" in row.sentence]
    assert told and "Late order" in told[0].sentence


def test_submitted_from_the_editor_the_author_reads_that_it_went_out_unreviewed(
        client, brand, intern, saved, django_capture_on_commit_callbacks):
    preapproving(brand)
    client.force_login(intern)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("posts:new"), editor_data(
            brand, action="submit", saved_reply=saved.pk, **values_of(saved, **VALUES)))
    post = Post.objects.get()
    assert post.state == State.APPROVED
    assert "Checked and approved without review" in str(MOVES["submit"].done_message(post))
    page = client.get(response["Location"]).content.decode()
    assert "approved it without review, as the brand allows" in page


def test_an_edit_sent_without_the_reply_section_leaves_the_reply_alone(client, brand, intern,
                                                                       make_post, reply_to):
    post = make_post("draft", **reply_to(link="https://x.com/jane/status/1"))
    client.force_login(intern)
    response = client.post(reverse("posts:edit", args=[post.pk]), {
        "networks": ["x"], "objective": "customer_service", "language": "en",
        "text": "Hi Jane, thank you: it ships today.", "action": "save"})
    assert response.status_code == 302
    post = reload(post)
    assert post.current_version.replying_to == COMPLAINT
    assert post.reply.link == "https://x.com/jane/status/1"


def test_a_duplicate_answers_the_same_message_by_the_same_deadline(manager, make_post,
                                                                   reply_to):
    post = make_post("rejected", text="Hi Jane, thank you: it ships today.", **reply_to())
    copy = actions.duplicate(manager, post)
    assert copy.current_version.replying_to == COMPLAINT
    assert copy.reply.respond_by == post.reply.respond_by and copy.reply.network == "x"


def test_a_reply_edited_away_from_its_saved_reply_goes_to_review(brand, intern, make_post,
                                                                 reply_to, saved, submit):
    preapproving(brand)
    edited = FILLED.replace("thank you", "thanks a lot")
    post = submit(intern, filled_reply(make_post, reply_to, saved, text=edited))
    assert post.state == State.IN_REVIEW
    assert not AuditEvent.objects.filter(action=Action.REPLY_PREAPPROVED).exists()


def test_a_saved_reply_changed_since_it_was_filled_in_goes_to_review(
        brand, intern, make_post, reply_to, saved, submit):
    preapproving(brand)
    post = filled_reply(make_post, reply_to, saved)
    saved.text = TEMPLATE.replace("Hi", "Hello")
    saved.save()
    assert submit(intern, post).state == State.IN_REVIEW


def test_without_the_brands_consent_a_filled_saved_reply_is_reviewed(intern, make_post,
                                                                      reply_to, saved, submit):
    assert submit(intern, filled_reply(make_post, reply_to, saved)).state == State.IN_REVIEW


def test_a_warning_in_a_filled_saved_reply_sends_it_to_review(brand, intern, make_post,
                                                              reply_to, saved, submit,
                                                              warning_rule):
    preapproving(brand)
    values = {"name": "Jane", "order": "we utilize"}
    post = submit(intern, filled_reply(make_post, reply_to, saved, text=fill(TEMPLATE, values),
                                       values=values))
    assert post.state == State.IN_REVIEW and post.risk == "medium"


def test_in_crisis_mode_a_filled_saved_reply_is_reviewed(brand, intern, manager, make_post,
                                                         reply_to, saved, submit):
    preapproving(brand)
    crisis.start(manager, brand, "A flood in the city.")
    assert submit(intern, filled_reply(make_post, reply_to, saved)).state == State.IN_REVIEW


def test_a_filled_saved_reply_with_an_image_is_reviewed(brand, intern, make_post, reply_to,
                                                        saved, submit, make_image):
    preapproving(brand)
    image = make_image()
    post = filled_reply(make_post, reply_to, saved,
                        image_specs=[{"image": image.pk, "alt": "The parcel"}])
    assert submit(intern, post).state == State.IN_REVIEW


# -- tone against the customer's message ----------------------------------------------------


def tone_findings(post):
    return [f.rule_key for f in reload(post).findings if f.rule_key == "core/reply-tone"]


def test_an_apology_answering_a_complaint_is_not_cold(intern, make_post, reply_to, submit):
    apology = "@jane We are so sorry your order arrived broken. A replacement ships today."
    complaint = "My order arrived broken and late. Terrible service."
    answered = submit(intern, make_post("draft", text=apology,
                                        **{**reply_to(), "replying_to": complaint}))
    alone = submit(intern, make_post("draft", text=apology, objective="customer_service"))
    assert tone_findings(answered) == [] and tone_findings(alone) == ["core/reply-tone"]


def test_a_cold_answer_to_a_complaint_is_still_caught(intern, make_post, reply_to, submit):
    post = submit(intern, make_post("draft", text="@jane Your refund was processed.",
                                    **reply_to()))
    assert tone_findings(post) == ["core/reply-tone"]


# -- the brand admin's reply settings ----------------------------------------------------


def settings_data(**overrides):
    data = {"reply_within_minutes": "30", "reply_outside_minutes": "180",
            "replies_need": RepliesNeed.ONE_APPROVER, "saved_replies_skip_review": "on"}
    for day in range(5):
        data.update({f"day{day}_open": "on", f"day{day}_opens": "08:30",
                     f"day{day}_closes": "16:00"})
    data.update(overrides)
    return data


def test_a_brand_admin_sets_the_reply_targets_and_it_is_recorded(client, brand, brand_admin):
    client.force_login(brand_admin)
    url = reverse("brands:replies", args=[brand.slug])
    assert "Business hours" in client.get(url).content.decode()
    response = client.post(url, settings_data())
    assert response.status_code == 302
    brand.refresh_from_db()
    assert (brand.reply_within_minutes, brand.reply_outside_minutes) == (30, 180)
    assert brand.business_hours == [["08:30", "16:00"]] * 5 + [None, None]
    assert brand.replies_need == RepliesNeed.ONE_APPROVER and brand.saved_replies_skip_review
    event = AuditEvent.objects.get(brand=brand, action=Action.REPLY_SETTINGS_CHANGED)
    assert event.data["before"]["reply_within_minutes"] == 60
    assert event.data["after"]["business_hours"][0] == ["08:30", "16:00"]
    again = client.post(url, settings_data())
    assert again.status_code == 302
    assert AuditEvent.objects.filter(action=Action.REPLY_SETTINGS_CHANGED).count() == 1


@pytest.mark.parametrize("overrides, says", [
    ({"day0_opens": "17:00", "day0_closes": "09:00"}, "Monday closes after it opens"),
    ({"day1_closes": ""}, "Tuesday is open: give the time it opens and the time it closes."),
    ({"day2_opens": "nine"}, "Enter a valid time."),
    ({"reply_within_minutes": "0"}, "greater than or equal to 1"),
    ({"reply_outside_minutes": "soon"}, "Enter a whole number."),
    ({"replies_need": "nobody"}, "Select a valid choice."),
])
def test_bad_reply_settings_are_refused_with_the_form_kept(client, brand, brand_admin, overrides,
                                                           says):
    client.force_login(brand_admin)
    response = client.post(reverse("brands:replies", args=[brand.slug]),
                           settings_data(**overrides))
    assert response.status_code == 200
    assert says in response.content.decode()
    brand.refresh_from_db()
    assert brand.reply_within_minutes == 60


def test_holidays_are_added_once_and_removed_audited(client, brand, brand_admin):
    client.force_login(brand_admin)
    add = reverse("brands:reply_holiday_add", args=[brand.slug])
    assert client.post(add, {"day": "2026-12-25", "name": "Christmas"}).status_code == 302
    twice = client.post(add, {"day": "2026-12-25", "name": "Noël"})
    assert twice.status_code == 200 and "is already a holiday" in twice.content.decode()
    assert "Enter a valid date." in client.post(add, {"day": "12/25", "name": "X"}).content \
        .decode()
    holiday = Holiday.objects.get()
    client.post(reverse("brands:reply_holiday_delete", args=[brand.slug, holiday.pk]))
    assert not Holiday.objects.exists()
    changes = AuditEvent.objects.filter(action=Action.REPLY_SETTINGS_CHANGED)
    assert [e.data["change"] for e in changes] == ["holiday_added", "holiday_removed"]


def test_only_brand_admins_change_reply_settings_and_saved_replies(brand, manager, saved):
    with pytest.raises(PermissionDenied):
        brand_replies.change_settings(manager, brand, reply_within_minutes=5)
    with pytest.raises(PermissionDenied):
        brand_replies.save_saved_reply(manager, brand, saved, name="X", language="en",
                                       text="Hi")
    with pytest.raises(PermissionDenied):
        brand_replies.delete_saved_reply(manager, saved)


def test_the_demo_brand_has_saved_replies_to_fill_in(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pw")
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # twice changes nothing
    saved = SavedReply.objects.filter(brand__slug="demo").order_by("language")
    assert [(s.language, s.placeholders) for s in saved] == [
        ("en", ["name", "order"]), ("fr", ["prénom", "commande"])]


def test_deleting_a_saved_reply_leaves_the_posts_filled_from_it(brand, brand_admin, make_post,
                                                                 reply_to, saved):
    post = filled_reply(make_post, reply_to, saved)
    brand_replies.delete_saved_reply(brand_admin, saved)
    post = reload(post)
    assert post.current_version.text == FILLED and filled_template(post) is None
    assert CustomerReply.objects.get(post=post).saved_reply is None
