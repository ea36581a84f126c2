"""Québec's Law 25: a person downloads everything SocialGov holds about them, and an
operator exports it for them; the same document, in a constant number of queries."""

import json
import os
import stat
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from socialgov.accounts.models import Absence, Invitation, Role
from socialgov.audit.models import AuditEvent
from socialgov.brands.models import ReviewGroup
from socialgov.notify.kinds import Kind
from socialgov.notify.models import KindPreference, Notice, NoticeSettings
from socialgov.planning import feeds
from socialgov.posts import actions
from socialgov.posts import comments as post_comments
from socialgov.posts.models import Comment, Decision, Finding, Post, Waiver
from socialgov.privacy import export
from tests.conftest import ERROR_TEXT, reload

pytestmark = pytest.mark.django_db


def download(client, person):
    client.force_login(person)
    response = client.post(reverse("my_data"))
    assert response.status_code == 200
    return response, json.loads(b"".join(response.streaming_content)
                                if response.streaming else response.content)


def without_times(data):
    """The document without the moment it was made (two exports differ only there)."""
    return {key: value for key, value in data.items() if key != "exported_at"}


@pytest.fixture
def busy_manager(brand, intern, manager, second_manager, make_post, make_user):
    """The manager with something in every section: memberships, a group, an invitation
    to their address, an absence, notification settings and notices, a feed, a post of
    their own, comments, decisions with a reason, a waiver and a publication."""
    manager.email, manager.first_name, manager.last_name = "Manon@Example.com", "Manon", "Roy"
    manager.save()
    group = ReviewGroup.objects.create(brand=brand, name="Legal")
    group.members.add(manager)
    invitation = Invitation(brand=brand, email="manon@example.com", role=Role.BRAND_ADMIN,
                            invited_by=second_manager)
    invitation.new_token()
    invitation.save()
    Absence.objects.create(user=manager, starts_on=date(2030, 7, 1), ends_on=date(2030, 7, 14))
    NoticeSettings.objects.create(user=manager, language="fr", digest_hour=7,
                                  time_zone="America/Montreal")
    KindPreference.objects.create(user=manager, kind=Kind.COMMENT, channel="email")
    feeds.renew(manager, "fr")

    own = make_post("draft", author=manager, text="Our croissants are back on Friday.")
    actions.edit(manager, own, {**_fields(own), "text": "Our croissants are back Friday!"})

    rejected = make_post("in_review", error=True)
    for finding in reload(rejected).findings:
        actions.waive(manager, rejected, finding, "The customer's own words.")
    thread = post_comments.add(manager, rejected, rejected.current_version_id,
                               "Is this quote needed?", quote="dumb")
    post_comments.reply(intern, thread, "Yes, it is the customer's.")
    reason = brand.review_reasons.first()
    actions.reject(manager, rejected, rejected.current_version_id, "Not this week.",
                   reasons=[reason.pk])
    published = make_post("approved", reviewer=second_manager)
    from tests.conftest import live_urls
    actions.publish(manager, reload(published), live_urls(published), early=True)
    Notice.objects.create(recipient=manager, event=rejected.audit_events.last(),
                          kind=Kind.COMMENT, brand=brand, post=rejected,
                          url=rejected.get_absolute_url())
    someone = make_user("someone", email="someone@example.com")
    return {"person": manager, "own": own, "rejected": rejected, "reason": reason,
            "published": published, "someone": someone}


def _fields(post):
    version = post.current_version
    return {"text": version.text, "networks": version.networks,
            "objective": version.objective, "planned_at": version.planned_at,
            "language": version.language}


def test_a_person_downloads_everything_held_about_them(client, brand, busy_manager, manager):
    response, data = download(client, manager)

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == \
        f'attachment; filename="socialgov-data-manager-{today}.json"'
    assert data["format"] == "socialgov-person-data"
    account = data["account"]
    assert (account["username"], account["email"], account["first_name"],
            account["last_name"]) == ("manager", "Manon@Example.com", "Manon", "Roy")
    assert "password" not in json.dumps(data["account"])
    assert [(m["brand"], m["role"]) for m in data["memberships"]] == [("Acme", "approver")]
    assert data["review_groups"] == [{"brand": "Acme", "group": "Legal"}]
    [invitation] = data["invitations"]  # to their address, whatever its case
    assert (invitation["role"], invitation["status"], invitation["invited_by"]) == (
        "brand_admin", "pending", "manager2")
    assert data["absences"][0]["from"] == "2030-07-01"
    assert data["notification_settings"] == {"language": "fr", "digest_hour": 7,
                                             "time_zone": "America/Montreal",
                                             "channels": {"comment": "email"}}
    assert "comment" in [n["kind"] for n in data["notices"]]
    assert data["calendar_feed"]["language"] == "fr"
    # Their own post, every version's text; nobody else's posts.
    [own] = data["posts"]
    assert own["id"] == busy_manager["own"].pk
    assert [v["text"] for v in own["versions"]] == ["Our croissants are back on Friday.",
                                                    "Our croissants are back Friday!"]
    assert [c["body"] for c in data["comments"]] == ["Is this quote needed?"]
    [decision] = data["decisions"]
    assert (decision["post"], decision["kind"], decision["reason"]) == (
        busy_manager["rejected"].pk, "reject", "Not this week.")
    reason = busy_manager["reason"]
    assert decision["reasons"] == [{"en": reason.label_en, "fr": reason.label_fr}]
    assert [w["reason"] for w in data["waivers"]] == ["The customer's own words."]
    assert {p["post"] for p in data["publications"]} == {busy_manager["published"].pk}
    actions_done = [event["action"] for event in data["audit_events"]]
    assert {"create", "edit", "waive", "comment_added", "reject", "publish",
            "calendar_feed_made"} <= set(actions_done)
    assert all(event["action"] != "submit" or event["post"] != busy_manager["rejected"].pk
               for event in data["audit_events"])  # the intern's, not theirs
    # Secrets stay out.
    text = json.dumps(data)
    assert "token" not in text
    assert ERROR_TEXT not in [v["text"] for post in data["posts"] for v in post["versions"]]


def test_the_download_is_recorded_and_then_part_of_the_next_one(client, manager):
    download(client, manager)
    event = AuditEvent.objects.get(action="person_data_exported")
    assert (event.actor, event.data["subject"], event.data["person"]) == (
        manager, "manager", manager.pk)
    assert "by_operator" not in event.data

    _response, data = download(client, manager)
    assert [e["action"] for e in data["audit_events"]] == ["person_data_exported"]


def test_the_page_says_what_the_download_holds(client, intern):
    client.force_login(intern)
    page = client.get(reverse("my_data")).content.decode()
    assert "Download my data" in page
    assert f'action="{reverse("my_data")}"' in page
    assert not AuditEvent.objects.filter(action="person_data_exported").exists()


def test_the_page_is_only_ones_own(client, intern, busy_manager):
    # The manager's data never comes out in the intern's download, whatever is asked.
    client.force_login(intern)
    asked = f"?username=manager&user={busy_manager['person'].pk}"
    response = client.post(reverse("my_data") + asked, {"username": "manager"})
    data = json.loads(response.content)
    assert data["account"]["username"] == "intern"
    assert not data["decisions"] and not data["waivers"]
    assert "Manon" not in response.content.decode()


def test_a_visitor_is_sent_to_log_in(client):
    assert client.post(reverse("my_data")).status_code == 302
    assert not AuditEvent.objects.exists()


def test_the_operators_command_writes_the_same_document(client, busy_manager, manager,
                                                        tmp_path):
    client.force_login(manager)  # first: logging in is a change of the account
    out = StringIO()
    call_command("export_person", "manager", stdout=out)
    from_command = json.loads(out.getvalue())

    from_page = json.loads(client.post(reverse("my_data")).content)

    # The command's export is the operator's event, not the person's: nothing differs.
    assert without_times(from_command) == without_times(from_page)
    event = AuditEvent.objects.filter(action="person_data_exported").first()
    assert (event.actor, event.data["by_operator"], event.data["subject"]) == (
        None, True, "manager")

    target = tmp_path / "manager.json"
    call_command("export_person", "manager", "--output", str(target), stderr=StringIO())
    assert json.loads(target.read_text(encoding="utf-8"))["account"]["username"] == "manager"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_the_command_refuses_an_unknown_username(db):
    with pytest.raises(CommandError, match="No person has the username 'nobody'"):
        call_command("export_person", "nobody", stdout=StringIO())
    assert not AuditEvent.objects.exists()


def test_a_username_becomes_a_safe_file_name(make_user):
    person = make_user('../évé "x"@a.b')
    assert export.filename(person, timezone.now()).startswith("socialgov-data-v-x-a.b-")


# -- queries ------------------------------------------------------------------------------


def _many(brand, person, other, n):
    """``n`` posts by ``person`` (3 versions, 2 comments and 2 events each), and ``n``
    decisions with a reason, waivers and notices of theirs on posts of ``other``."""
    from bench.dataset import build

    build(brand, [person], posts=n, in_review=0, versions=3, findings=1, comments=2,
          events=2, seed=n)
    theirs = Post.objects.filter(pk__in=build(brand, [other], posts=n, in_review=0,
                                              versions=1, findings=1, seed=n + 1))
    reason = brand.review_reasons.first()
    for post in theirs.select_related("current_version"):
        version = post.current_version
        decision = Decision.objects.create(post=post, version=version, decided_by=person,
                                           kind="reject", reason="No.")
        decision.reasons.add(reason)
        finding = Finding.objects.filter(version=version).first()
        Waiver.objects.get_or_create(finding=finding, defaults={"waived_by": person,
                                                                "reason": "Fine."})
        Notice.objects.create(recipient=person, event=AuditEvent.objects.filter(
            post=post).first(), kind=Kind.DECISION, brand=brand, post=post, url="/")
        Comment.objects.create(post=post, version=version, author=person, body="Hm.")


def test_the_export_runs_as_many_queries_with_many_rows_as_with_few(
        brand, manager, intern, django_assert_max_num_queries):
    counts, made = [], 0
    for n in (2, 12):
        _many(brand, manager, intern, n)
        made += n
        with CaptureQueriesContext(connection) as captured:
            data = export.person_data(manager)
        counts.append(len(captured))
        assert (len(data["posts"]), len(data["decisions"]), len(data["comments"])) == (
            made, made, 2 * made + made)
        assert len(data["posts"][0]["versions"]) == 3
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(20):
        export.person_data(manager)


def test_the_export_on_a_newcomer_has_empty_sections(make_user):
    newcomer = make_user("newcomer")
    data = export.person_data(newcomer, now=timezone.now() - timedelta(days=1))
    assert data["posts"] == data["decisions"] == data["invitations"] == []
    assert data["calendar_feed"] is None
    assert data["notification_settings"]["language"] is None
