"""A brand's team: invitations by e-mail, deactivation and reactivation."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialgov.accounts import teams
from socialgov.accounts.models import Invitation, Membership, Role, hash_token
from socialgov.accounts.permissions import can
from socialgov.audit.models import AuditEvent
from socialgov.brands.models import Brand
from socialgov.posts import actions
from socialgov.posts.models import Post
from socialgov.posts.moves import refusal

User = get_user_model()
STRONG = "Bakery-Oven-1987!"
LINK = re.compile(r"https?://\S+/invitations/[\w-]+/")


def members_url(brand):
    return reverse("brands:members", args=[brand.slug])


def invite(client, brand, email="newcomer@example.com", role="drafter", **extra):
    return client.post(reverse("brands:member_invite", args=[brand.slug]),
                       {"email": email, "role": role}, **extra)


def link_in(message):
    return LINK.search(message.body).group(0)


def path_of(link):
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def admin_client(client, brand_admin):
    client.force_login(brand_admin)
    return client


@pytest.fixture
def invited(admin_client, brand):
    """A drafter invitation to newcomer@example.com, and the path its e-mail carries."""
    invite(admin_client, brand)
    return Invitation.objects.get(), path_of(link_in(mail.outbox[-1]))


# -- inviting ------------------------------------------------------------------------


def test_a_brand_admin_invites_by_email_with_a_one_time_link(admin_client, brand, brand_admin):
    response = invite(admin_client, brand, email="  NewComer@Example.com ", role="approver")

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "newcomer@example.com"
    assert invitation.role == Role.APPROVER
    assert invitation.invited_by == brand_admin
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
    [message] = mail.outbox
    assert message.to == ["newcomer@example.com"]
    assert "Acme" in message.subject
    link = link_in(message)
    assert link.startswith("http://testserver/invitations/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only a hash of the token is stored.
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
    # In both languages: nobody knows yet which one the invitee reads.
    assert "You are invited to join Acme" in message.body
    assert "Une invitation à rejoindre Acme vous attend" in message.body
    event = AuditEvent.objects.get(action="member_invited")
    assert event.actor == brand_admin and event.brand == brand
    assert (event.data["email"], event.data["role"]) == ("newcomer@example.com", "approver")


def test_pending_invitations_are_listed_on_the_members_page(admin_client, brand, invited):
    page = admin_client.get(members_url(brand)).content.decode()
    assert "Pending invitations" in page
    assert "newcomer@example.com" in page
    assert reverse("brands:invitation_resend", args=[brand.slug, invited[0].pk]) in page
    assert reverse("brands:invitation_revoke", args=[brand.slug, invited[0].pk]) in page


def test_inviting_an_existing_member_says_so(admin_client, brand, intern):
    intern.email = "intern@example.com"
    intern.save()
    response = invite(admin_client, brand, email="Intern@example.com")
    assert response.status_code == 200
    error = response.context["invite_form"].errors["email"][0]
    assert "intern (intern@example.com) is already a member of this brand" in error
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_inviting_a_deactivated_member_points_to_reactivation(admin_client, brand, brand_admin,
                                                               intern):
    intern.email = "intern@example.com"
    intern.save()
    teams.deactivate(brand_admin, Membership.objects.get(user=intern))
    response = invite(admin_client, brand, email="intern@example.com")
    assert "deactivated member of this brand; reactivate them" in (
        response.context["invite_form"].errors["email"][0])


def test_inviting_the_same_address_twice_says_to_resend(admin_client, brand, invited):
    response = invite(admin_client, brand, email="NEWCOMER@example.com")
    assert response.status_code == 200
    assert "already invited; resend" in response.context["invite_form"].errors["email"][0]
    assert Invitation.objects.count() == 1


def test_a_bad_address_is_refused_with_a_message(admin_client, brand):
    response = invite(admin_client, brand, email="not-an-address")
    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["intern", "manager"])
def test_a_drafter_or_approver_cannot_invite(client, brand, who, request):
    client.force_login(request.getfixturevalue(who))
    assert invite(client, brand).status_code == 403
    assert not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        teams.invite(request.getfixturevalue(who), brand, "x@example.com", "drafter", str)


def test_another_brands_admin_cannot_touch_our_invitations(client, brand, other_admin, invited):
    client.force_login(other_admin)
    assert client.post(reverse("brands:invitation_revoke",
                               args=[brand.slug, invited[0].pk])).status_code == 404
    # Nor through their own brand's address.
    assert client.post(reverse("brands:invitation_revoke",
                               args=["other", invited[0].pk])).status_code == 404
    invited[0].refresh_from_db()
    assert invited[0].revoked_at is None


# -- accepting ------------------------------------------------------------------------


def test_an_invitee_without_account_picks_a_username_and_password_and_joins(
        client, brand, invited):
    invitation, path = invited
    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert "Join Acme" in page.content.decode()

    response = client.post(path, {"username": "newcomer", "password1": STRONG,
                                  "password2": STRONG}, follow=True)

    user = User.objects.get(username="newcomer")
    assert user.email == "newcomer@example.com"
    assert user.check_password(STRONG)
    membership = Membership.objects.get(user=user, brand=brand)
    assert membership.role == Role.DRAFTER and membership.is_active
    # Logged in, on their posts, told which brand they joined.
    assert response.context["user"] == user
    assert "Welcome to Acme" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    event = AuditEvent.objects.get(action="invitation_accepted")
    assert event.actor == user and event.brand == brand


def test_the_password_must_pass_djangos_validators(client, brand, invited):
    _invitation, path = invited
    client.logout()
    response = client.post(path, {"username": "newcomer", "password1": "12345678",
                                  "password2": "12345678"})
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(username="newcomer").exists()


def test_an_invitation_link_works_once(client, brand, invited):
    _invitation, path = invited
    client.logout()
    client.post(path, {"username": "newcomer", "password1": STRONG, "password2": STRONG})
    client.logout()

    again = client.get(path)
    assert again.status_code == 410
    assert "This invitation has already been used." in again.content.decode()
    second = client.post(path, {"username": "someone", "password1": STRONG,
                                "password2": STRONG})
    assert second.status_code == 410
    assert not User.objects.filter(username="someone").exists()
    assert Membership.objects.filter(brand=brand, user__username="newcomer").count() == 1


def test_an_expired_link_says_so(client, brand, invited):
    invitation, path = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    response = client.post(path, {"username": "late", "password1": STRONG, "password2": STRONG})
    assert response.status_code == 410
    assert not User.objects.filter(username="late").exists()


def test_an_unknown_link_says_it_is_not_valid(client, db):
    response = client.get(reverse("invitation", args=["made-up-token"]))
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


def test_an_invitee_with_an_account_logs_in_and_accepts(client, brand, make_user, invited):
    invitation, path = invited
    existing = make_user("sam", email="Newcomer@Example.com")
    client.logout()
    page = client.get(path).content.decode()
    assert "log in, then accept" in page
    assert f"{reverse('login')}?next={path}" in page.replace("%2F", "/")

    client.post(reverse("login"), {"username": "sam", "password": "pw", "next": path})
    assert "Accept the invitation" in client.get(path).content.decode()
    response = client.post(path)

    assert response.status_code == 302
    assert Membership.objects.get(user=existing, brand=brand).role == Role.DRAFTER
    assert not User.objects.exclude(pk=existing.pk).filter(email__iexact=invitation.email)
    assert can(existing, "create_post", brand)


def test_someone_else_logged_in_cannot_accept(client, brand, intern, invited):
    invitation, path = invited
    client.force_login(intern)
    page = client.get(path)
    assert "whose e-mail address is not the invited one" in page.content.decode()
    assert client.post(path).status_code == 403
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_revoked_link_no_longer_works_and_revoking_is_audited(admin_client, client, brand,
                                                                 brand_admin, invited):
    invitation, path = invited
    response = admin_client.post(reverse("brands:invitation_revoke",
                                         args=[brand.slug, invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEvent.objects.get(action="invitation_revoked").actor == brand_admin
    page = admin_client.get(members_url(brand)).content.decode()
    assert f'id="invitation-{invitation.pk}"' not in page

    visitor = Client()
    response = visitor.get(path)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_resending_makes_a_new_link_and_the_old_one_stops_working(admin_client, brand,
                                                                   invited):
    invitation, old_path = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1))
    response = admin_client.post(reverse("brands:invitation_resend",
                                         args=[brand.slug, invitation.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new_path = path_of(link_in(mail.outbox[-1]))
    assert new_path != old_path
    visitor = Client()
    assert visitor.get(old_path).status_code == 404
    assert visitor.get(new_path).status_code == 200
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert AuditEvent.objects.filter(action="invitation_resent").count() == 1


def test_an_accepted_invitation_cannot_be_revoked_or_resent(admin_client, client, brand,
                                                            invited):
    invitation, path = invited
    Client().post(path, {"username": "newcomer", "password1": STRONG, "password2": STRONG})
    response = admin_client.post(reverse("brands:invitation_revoke",
                                         args=[brand.slug, invitation.pk]), follow=True)
    assert "already been accepted" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_invitation_pages_are_translated(admin_client, brand, invited):
    _invitation, path = invited
    page = admin_client.get(members_url(brand), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for label in ["Invitations en attente", "Courriel", "Révoquer", "Renvoyer", "Inviter",
                  "Désactiver"]:
        assert label in page
    page = Client().get(path, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Rejoindre Acme" in page


# -- deactivation ---------------------------------------------------------------------


def deactivate_url(brand, membership):
    return reverse("brands:member_deactivate", args=[brand.slug, membership.pk])


def test_deactivating_a_member_ends_their_sessions(admin_client, brand, intern, manager):
    intern_browser = Client()
    assert intern_browser.login(username="intern", password="pw")
    assert intern_browser.get(reverse("posts:mine")).status_code == 200
    manager_browser = Client()
    manager_browser.login(username="manager", password="pw")

    membership = Membership.objects.get(user=intern, brand=brand)
    response = admin_client.post(deactivate_url(brand, membership))

    assert response.status_code == 302
    next_request = intern_browser.get(reverse("posts:mine"))
    assert next_request.status_code == 302
    assert next_request.url.startswith(reverse("login"))
    # Nobody else is logged out.
    assert manager_browser.get(reverse("posts:mine")).status_code == 200
    assert not any(s.get_decoded().get("_auth_user_id") == str(intern.pk)
                   for s in Session.objects.all())


def test_a_deactivated_member_keeps_their_row_and_loses_all_access(admin_client, brand,
                                                                   brand_admin, intern, fields):
    post = actions.create(intern, brand, fields())
    membership = Membership.objects.get(user=intern, brand=brand)
    admin_client.post(deactivate_url(brand, membership))

    membership.refresh_from_db()
    assert not membership.is_active
    assert membership.deactivated_by == brand_admin and membership.deactivated_at
    intern = User.objects.get(pk=intern.pk)
    assert not can(intern, "view", brand)
    assert refusal(intern, post, "duplicate").forbidden
    assert not Brand.objects.where(intern, Role.DRAFTER).exists()
    assert not Post.objects.visible_to(intern).exists()
    assert not Brand.objects.for_user(intern).exists()
    event = AuditEvent.objects.get(action="member_deactivated")
    assert event.actor == brand_admin and event.data["username"] == "intern"


def test_someone_with_no_active_membership_left_cannot_log_in(admin_client, brand, intern):
    admin_client.post(deactivate_url(brand, Membership.objects.get(user=intern)))
    intern.refresh_from_db()
    assert not intern.is_active
    assert not Client().login(username="intern", password="pw")


def test_someone_active_in_another_brand_keeps_their_account(admin_client, brand, other_brand,
                                                             intern):
    Membership.objects.create(user=intern, brand=other_brand, role=Role.DRAFTER)
    admin_client.post(deactivate_url(brand, Membership.objects.get(user=intern, brand=brand)))
    intern = User.objects.get(pk=intern.pk)
    assert intern.is_active
    assert not can(intern, "view", brand)
    assert can(intern, "view", other_brand)
    # But their sessions still ended: they log in again.
    assert Client().login(username="intern", password="pw")


def test_a_deactivated_approver_no_longer_decides(admin_client, brand, intern, manager, fields,
                                                  submit):
    post = submit(intern, actions.create(intern, brand, fields()))
    admin_client.post(deactivate_url(brand, Membership.objects.get(user=manager)))
    manager = User.objects.get(pk=manager.pk)
    with pytest.raises(PermissionDenied):
        actions.approve(manager, post, post.current_version_id)


def test_the_last_brand_admin_cannot_be_deactivated(client, brand, brand_admin, superuser):
    client.force_login(superuser)
    membership = Membership.objects.get(user=brand_admin)
    response = client.post(deactivate_url(brand, membership), follow=True)
    assert "last brand admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active
    assert not AuditEvent.objects.filter(action="member_deactivated").exists()


def test_a_deactivated_admin_does_not_count_as_the_remaining_admin(client, brand, brand_admin,
                                                                   make_user, superuser):
    second = make_user("admin2")
    second_membership = Membership.objects.create(user=second, brand=brand,
                                                  role=Role.BRAND_ADMIN)
    teams.deactivate(brand_admin, second_membership)
    client.force_login(superuser)
    membership = Membership.objects.get(user=brand_admin)
    client.post(reverse("brands:member_role", args=[brand.slug, membership.pk]),
                {"role": "approver"})
    membership.refresh_from_db()
    assert membership.role == Role.BRAND_ADMIN


def test_an_admin_cannot_deactivate_themself(admin_client, brand, brand_admin, make_user):
    Membership.objects.create(user=make_user("admin2"), brand=brand, role=Role.BRAND_ADMIN)
    membership = Membership.objects.get(user=brand_admin)
    response = admin_client.post(deactivate_url(brand, membership), follow=True)
    assert "cannot deactivate yourself" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active


def test_a_drafter_cannot_deactivate_anyone(client, brand, intern, manager):
    client.force_login(intern)
    response = client.post(deactivate_url(brand, Membership.objects.get(user=manager)))
    assert response.status_code == 403
    assert Membership.objects.get(user=manager).is_active


def test_a_brand_admin_reactivates_a_member(admin_client, brand, brand_admin, intern):
    membership = Membership.objects.get(user=intern)
    admin_client.post(deactivate_url(brand, membership))
    page = admin_client.get(members_url(brand)).content.decode()
    assert "Deactivated" in page and "Reactivate" in page

    response = admin_client.post(reverse("brands:member_reactivate",
                                         args=[brand.slug, membership.pk]))

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_active and membership.role == Role.DRAFTER
    intern = User.objects.get(pk=intern.pk)
    assert intern.is_active
    assert can(intern, "create_post", brand)
    assert Client().login(username="intern", password="pw")
    assert AuditEvent.objects.get(action="member_reactivated").actor == brand_admin


def test_a_deactivated_member_who_is_invited_again_is_told_to_use_reactivate_instead(
        admin_client, brand, brand_admin, intern):
    # (See test_inviting_a_deactivated_member_points_to_reactivation.) An invitation
    # accepted by someone whose membership is inactive brings it back with the
    # invited role.
    intern.email = "intern@example.com"
    intern.save()
    membership = Membership.objects.get(user=intern)
    teams.deactivate(brand_admin, membership)
    invitation = Invitation(brand=brand, email="intern@example.com", role=Role.APPROVER,
                            invited_by=brand_admin)
    invitation.new_token()
    invitation.save()
    teams.reactivate(brand_admin, membership)  # so they can log in
    teams.accept(User.objects.get(pk=intern.pk), invitation)
    membership.refresh_from_db()
    assert membership.is_active and membership.role == Role.APPROVER


# -- races (PostgreSQL: real row locks) ---------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_using_one_link_at_once_make_one_account(using_postgres, brand, brand_admin):
    import threading

    from django.db import connection

    from socialgov.accounts.forms import SignUpForm

    invitation = Invitation(brand=brand, email="newcomer@example.com", role=Role.DRAFTER,
                            invited_by=brand_admin)
    invitation.new_token()
    invitation.save()
    barrier = threading.Barrier(2)
    outcomes = []

    def join(username):
        try:
            form = SignUpForm({"username": username, "password1": STRONG, "password2": STRONG},
                              email=invitation.email)
            assert form.is_valid(), form.errors
            barrier.wait(timeout=10)
            teams.accept_as_new_user(Invitation.objects.get(pk=invitation.pk), form.save)
            outcomes.append("joined")
        except teams.TeamError:
            outcomes.append("refused")
        except Exception as error:  # surfaced below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["joined", "refused"]
    assert User.objects.filter(email="newcomer@example.com").count() == 1
    assert Membership.objects.filter(brand=brand, user__email="newcomer@example.com").count() == 1
    assert AuditEvent.objects.filter(action="invitation_accepted").count() == 1
