"""A username that looks like another one (``mаnager`` with a Cyrillic а for ``manager``)
is refused wherever a username is chosen: the sign-up of an invitation, Django's admin
and ``createsuperuser``. Names are compared by their Unicode TR39 confusables skeleton,
case-insensitively."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from socialgov.accounts.lookalikes import LOOK_ALIKE, skeleton
from socialgov.accounts.models import Invitation, Role

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "Bakery-Oven-1987!"
CYRILLIC_A = "\u0430"
LOOK_ALIKE_MANAGER = f"m{CYRILLIC_A}nager"


@pytest.mark.parametrize("name", [
    LOOK_ALIKE_MANAGER, "MANAGER", "Manager", f"M{CYRILLIC_A}NAGER", "rnanager",
    "\uff4d\uff41\uff4e\uff41\uff47\uff45\uff52",  # fullwidth
])
def test_names_that_look_alike_have_one_skeleton(name):
    assert skeleton(name) == skeleton("manager")


@pytest.mark.parametrize("name", ["manage", "managers", "rnanger", "ménager"])
def test_names_that_differ_have_different_skeletons(name):
    assert skeleton(name) != skeleton("manager")


@pytest.fixture
def invitation_path(client, brand, brand_admin, manager):
    client.force_login(brand_admin)
    client.post(reverse("brands:member_invite", args=[brand.slug]),
                {"email": "newcomer@example.com", "role": Role.DRAFTER})
    client.logout()
    return re.search(r"/invitations/[\w-]+/", mail.outbox[-1].body).group(0)


@pytest.mark.parametrize("name", [LOOK_ALIKE_MANAGER, f"M{CYRILLIC_A}nager", "rnanager"])
def test_an_invitee_cannot_sign_up_as_a_look_alike_of_a_member(client, invitation_path, name):
    response = client.post(invitation_path, {"username": name, "password1": STRONG,
                                             "password2": STRONG})

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [str(LOOK_ALIKE)]
    # The message names nobody: it says a name like it is taken, not whose.
    assert "manager" not in str(LOOK_ALIKE)
    assert not User.objects.filter(username=name).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_invitee_signs_up_with_a_name_of_their_own(client, invitation_path):
    response = client.post(invitation_path, {"username": "mélanie", "password1": STRONG,
                                             "password2": STRONG})
    assert response.status_code == 302
    assert User.objects.filter(username="mélanie").exists()


def test_the_admin_does_not_add_a_look_alike_user(root_client, manager):
    response = root_client.post(reverse("admin:auth_user_add"), {
        "username": LOOK_ALIKE_MANAGER, "usable_password": "true",
        "password1": STRONG, "password2": STRONG})

    assert response.status_code == 200
    assert str(LOOK_ALIKE) in response.content.decode()
    assert not User.objects.filter(username=LOOK_ALIKE_MANAGER).exists()
    added = root_client.post(reverse("admin:auth_user_add"), {
        "username": "baker", "usable_password": "true",
        "password1": STRONG, "password2": STRONG})
    assert added.status_code == 302 and User.objects.filter(username="baker").exists()


def user_form(user, **changes):
    data = {"username": user.username, "email": user.email, "is_active": "on",
            "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
            "initial-date_joined_0": "2026-01-01", "initial-date_joined_1": "00:00:00"}
    data.update(changes)
    return data


def test_the_admin_does_not_rename_someone_as_a_look_alike(root_client, manager, intern):
    url = reverse("admin:auth_user_change", args=[intern.pk])

    response = root_client.post(url, user_form(intern, username=LOOK_ALIKE_MANAGER))

    assert response.status_code == 200
    assert str(LOOK_ALIKE) in response.content.decode()
    intern.refresh_from_db()
    assert intern.username == "intern"
    # Their own name, kept, is not a look-alike of themself.
    assert root_client.post(url, user_form(intern, email="intern@example.com")).status_code == 302
    intern.refresh_from_db()
    assert intern.email == "intern@example.com"


def test_createsuperuser_refuses_a_look_alike(manager):
    with pytest.raises(CommandError, match=re.escape(str(LOOK_ALIKE))):
        call_command("createsuperuser", interactive=False, username=LOOK_ALIKE_MANAGER,
                     email="root@example.com", verbosity=0)
    assert not User.objects.filter(username=LOOK_ALIKE_MANAGER).exists()
    call_command("createsuperuser", interactive=False, username="root",
                 email="root@example.com", verbosity=0)
    assert User.objects.get(username="root").is_superuser
