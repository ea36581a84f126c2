"""Issue 15, Law 25: erasing a person pseudonymises them and keeps the history.

The same on SQLite and PostgreSQL: there the pseudonymising UPDATE passes the
audit table's trigger, which refuses every other change
(tests/test_audit_append_only.py).
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import translation

from socialgov.accounts import erasure, teams
from socialgov.accounts.models import Invitation, Membership
from socialgov.audit.events import record
from socialgov.audit.models import Action, AuditEvent
from socialgov.brands.models import RuleSetVersion
from socialgov.posts import comments
from tests.conftest import available, reload

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def history(brand, intern, manager, brand_admin, make_post):
    """The intern's traces: a post, a comment on it, a claim the manager released,
    an approval carried with their name, their invitation accepted."""
    post = make_post("in_review")
    thread = comments.add(intern, post, post.current_version_id, "Is Monday right?")
    intern.email = "Intern@Example.com"
    intern.save()
    Invitation.objects.create(brand=brand, email="intern@example.com", token_hash="x" * 64,
                              expires_at=post.created_at, accepted_at=post.created_at,
                              accepted_by=intern)
    with transaction.atomic():
        record("release_claim", actor=manager, post=post, claimant="intern")
        record("approval_carried", post=post, deciders=["manager", "intern"],
               source_version=1)
        record("invitation_accepted", actor=intern, brand=brand, email="intern@example.com",
               member=intern.pk, username="intern", role="drafter")
        record("member_changed", actor=brand_admin, brand=brand, member=intern.pk,
               username="intern", role="drafter", previous_role="approver")
    return post, thread


def names_the_intern(event):
    return "intern" in (event.actor_name + json.dumps(event.data).lower())


def test_erasing_pseudonymises_every_event_that_names_them(history, intern, superuser):
    before = {event.pk: event for event in AuditEvent.objects.all()}
    assert sum(names_the_intern(event) for event in before.values()) >= 5

    pseudonym = erasure.erase(superuser, intern)

    assert erasure.is_pseudonym(pseudonym)
    for event in AuditEvent.objects.exclude(action=Action.PERSON_ERASED):
        was = before[event.pk]
        assert not names_the_intern(event), (event.action, event.actor_name, event.data)
        # Only names changed.
        assert (event.action, event.created_at, event.from_state, event.to_state,
                event.post_id, event.brand_id, event.version_number) == (
            was.action, was.created_at, was.from_state, was.to_state, was.post_id,
            was.brand_id, was.version_number)
        assert set(event.data) == set(was.data)
        if was.actor_id == intern.pk:
            assert (event.actor_id, event.actor_name) == (intern.pk, pseudonym)
        else:
            assert event.actor_name == was.actor_name
    carried = AuditEvent.objects.get(action=Action.APPROVAL_CARRIED)
    assert carried.data["deciders"] == ["manager", pseudonym]
    assert AuditEvent.objects.get(action=Action.RELEASE_CLAIM).data["claimant"] == pseudonym
    changed = AuditEvent.objects.get(action=Action.MEMBER_CHANGED)
    assert (changed.actor_name, changed.data["username"]) == ("brandadmin", pseudonym)
    accepted = AuditEvent.objects.get(action=Action.INVITATION_ACCEPTED)
    assert accepted.data["email"] == pseudonym


def test_the_erasure_is_recorded_without_personal_data(history, intern, superuser, brand):
    pseudonym = erasure.erase(superuser, intern)
    event = AuditEvent.objects.get(action=Action.PERSON_ERASED)
    assert (event.actor_id, event.actor_name) == (superuser.pk, "root")
    assert event.data["member"] == intern.pk
    assert event.data["pseudonym"] == pseudonym
    assert event.data["brands"] == [brand.pk]
    assert "intern" not in json.dumps(event.data).lower()


def test_the_account_is_emptied_and_closed(client, history, intern, brand):
    client.force_login(intern)
    assert client.get(reverse("posts:mine")).status_code == 200

    pseudonym = erasure.erase(None, intern)

    intern.refresh_from_db()
    assert intern.username == pseudonym
    assert (intern.email, intern.first_name, intern.last_name) == ("", "", "")
    assert not intern.has_usable_password()
    assert not intern.is_active and not intern.is_staff and not intern.is_superuser
    membership = Membership.objects.get(user=intern, brand=brand)
    assert not membership.is_active and membership.deactivated_at is not None
    # Their session ended: the next page asks to log in.
    assert client.get(reverse("posts:mine")).status_code == 302
    assert not client.login(username="intern", password="pw")
    assert not User.objects.filter(username="intern").exists()
    invitation = Invitation.objects.get(accepted_by=intern)
    assert invitation.email == f"{pseudonym}@erased.invalid"


def test_their_comments_keep_their_text_under_the_pseudonym(client, history, intern, manager):
    post, thread = history
    pseudonym = erasure.erase(None, intern)
    code = pseudonym.removeprefix("former-member-")
    client.force_login(manager)
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "Is Monday right?" in page
    assert f"former member {code}" in page
    assert ">intern<" not in page and "Intern@Example.com" not in page
    with translation.override("fr"):
        page = client.get(reverse("posts:detail", args=[post.pk]),
                          HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert code in page and pseudonym not in page


def test_the_brand_rules_history_names_the_pseudonym(brand, brand_admin, superuser):
    version = RuleSetVersion.objects.create(brand=brand, number=99, actor=brand_admin,
                                            actor_name="brandadmin", change="rule_created")
    pseudonym = erasure.erase(superuser, brand_admin)
    version.refresh_from_db()
    assert version.actor_name == pseudonym


def test_an_erased_approver_decides_nothing_more(make_post, manager, superuser):
    post = make_post("in_review")
    assert "approve" in available(manager, post)
    erasure.erase(superuser, manager)
    manager.refresh_from_db()
    assert "approve" not in available(manager, reload(post))


def test_erasing_oneself_or_twice_is_refused(intern, superuser):
    with pytest.raises(erasure.ErasureError, match="yourself"):
        erasure.erase(intern, intern)
    erasure.erase(superuser, intern)
    with pytest.raises(erasure.ErasureError, match="already erased"):
        erasure.erase(superuser, intern)
    assert AuditEvent.objects.filter(action=Action.PERSON_ERASED).count() == 1


def test_after_an_erasure_the_audit_still_refuses_other_changes(history, intern):
    pseudonym = erasure.erase(None, intern)
    event = AuditEvent.objects.filter(actor_name=pseudonym).first()
    with pytest.raises(IntegrityError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET actor_name = 'intern' "
                           f"WHERE id = %s", [event.pk])


def test_a_failed_erasure_changes_nothing(history, intern, monkeypatch):
    def broken(user):
        raise RuntimeError("session store down")

    monkeypatch.setattr(erasure, "end_sessions", broken)
    with pytest.raises(RuntimeError):
        erasure.erase(None, intern)
    intern.refresh_from_db()
    assert intern.username == "intern"
    assert AuditEvent.objects.filter(actor_name="intern").exists()


def test_the_command_erases_a_person_by_username(history, intern, superuser, capsys):
    call_command("erase_person", "intern", "--by", "root")
    intern.refresh_from_db()
    assert erasure.is_erased(intern)
    assert intern.username in capsys.readouterr().out
    event = AuditEvent.objects.get(action=Action.PERSON_ERASED)
    assert event.actor_id == superuser.pk
    with pytest.raises(CommandError, match="nobody"):
        call_command("erase_person", "nobody")
    with pytest.raises(CommandError, match="already erased"):
        call_command("erase_person", intern.username)


def test_deleting_a_user_in_the_admin_erases_them(client, history, intern, superuser,
                                                  log_in_verified):
    """The intern wrote a post and a comment (PROTECT keys): Django would refuse to
    delete them; the admin erases them instead and the history stays."""
    post, thread = history
    log_in_verified(client, superuser)
    url = reverse("admin:auth_user_delete", args=[intern.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Erase intern?" in page.content.decode()
    response = client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "is erased" in response.content.decode()
    intern.refresh_from_db()
    assert erasure.is_erased(intern)
    post.refresh_from_db()
    assert post.author_id == intern.pk
    assert not AuditEvent.objects.filter(actor_name="intern").exists()
    event = AuditEvent.objects.get(action=Action.PERSON_ERASED)
    assert (event.actor_id, event.data["member"]) == (superuser.pk, intern.pk)
    # Not twice, and not oneself.
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert client.post(reverse("admin:auth_user_delete", args=[superuser.pk]),
                       {"post": "yes"}).status_code == 403


def test_the_admin_bulk_delete_erases_each_person(client, history, intern, manager, superuser,
                                                  log_in_verified):
    log_in_verified(client, superuser)
    changelist = reverse("admin:auth_user_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [intern.pk, manager.pk]}
    page = client.post(changelist, chosen)
    assert page.status_code == 200
    assert "Erase these people?" in page.content.decode()
    client.post(changelist, {**chosen, "post": "yes"})
    for person in (intern, manager):
        person.refresh_from_db()
        assert erasure.is_erased(person)
    assert AuditEvent.objects.filter(action=Action.PERSON_ERASED).count() == 2
    assert not AuditEvent.objects.filter(actor_name__in=["intern", "manager"]).exists()


def test_an_erased_member_is_not_reactivated(brand, brand_admin, intern, superuser):
    erasure.erase(superuser, intern)
    membership = Membership.objects.get(user=intern, brand=brand)
    with pytest.raises(teams.TeamError, match="erased"):
        teams.reactivate(brand_admin, membership)
    intern.refresh_from_db()
    assert not intern.is_active


def test_nobody_signs_up_under_a_name_kept_for_erased_accounts():
    from socialgov.accounts.forms import SignUpForm

    strong = "A-long-enough-passphrase-9"
    form = SignUpForm({"username": "Former-Member-7f3a9c", "password1": strong,
                       "password2": strong}, email="someone@example.com")
    assert not form.is_valid()
    assert "name erased accounts" in form.errors["username"][0]
    assert SignUpForm({"username": "formerly", "password1": strong, "password2": strong},
                      email="someone@example.com").is_valid()


def test_their_failed_logins_are_forgotten(client, intern, manager):
    # Axes keeps a failed login's username, address and browser: the erasure takes
    # the person's away and leaves everyone else's.
    from axes.models import AccessAttempt

    for username in ("intern", "manager"):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"intern",
                                                                             "manager"}

    erasure.erase(None, intern)

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["manager"]
