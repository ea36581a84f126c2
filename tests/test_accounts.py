"""Logging in, the language switch, the demo data and the health check."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from socialgov.accounts.models import Membership, Role
from socialgov.brands.models import Brand


def test_login_page_shows_the_labels_in_english(client):
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for label in ("Username", "Password", "Log in"):
        assert label in html


def test_login_page_follows_the_browser_language(client):
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9").content.decode()
    for label in ("Nom d’utilisateur", "Mot de passe", "Connexion"):
        assert label in html


def test_the_language_switch_is_stored_in_a_cookie_and_wins_over_the_browser(client, intern):
    client.force_login(intern)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/posts/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"
    html = client.get("/posts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mes publications" in html and "Déconnexion" in html


def test_a_user_logs_in_with_username_and_password(client, intern):
    response = client.post("/login/", {"username": "intern", "password": "pw"})
    assert response.status_code == 302
    assert response["Location"] == "/"  # the home page: what needs them


def test_a_wrong_password_is_refused_with_a_message(client, intern):
    response = client.post("/login/", {"username": "intern", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_logging_out_needs_a_post(client, intern):
    client.force_login(intern)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/posts/").status_code == 302


@pytest.mark.django_db
def test_seed_demo_records_the_creation_of_its_brand_once(capsys):
    from socialgov.audit.models import AuditEvent

    call_command("seed_demo")
    call_command("seed_demo")
    [created] = AuditEvent.objects.filter(action="brand_created", brand__slug="demo")
    assert created.actor.username == "admin"
    assert created.data["username"] == "admin" and created.data["role"] == Role.BRAND_ADMIN


@pytest.mark.django_db
def test_seed_demo_creates_the_brand_and_three_roles_and_prints_the_password(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "s3cret-demo")
    call_command("seed_demo")
    call_command("seed_demo")  # running it twice changes nothing
    out = capsys.readouterr().out
    assert "s3cret-demo" in out
    brand = Brand.objects.get(slug="demo")
    assert sorted(brand.languages) == ["en", "fr"]
    roles = dict(Membership.objects.filter(brand=brand).values_list("user__username", "role"))
    assert roles == {"intern": Role.DRAFTER, "manager": Role.APPROVER, "admin": Role.BRAND_ADMIN}
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("s3cret-demo")
    assert brand.guidelines.count() == 1
    kinds = set(brand.ruleset.rules.values_list("kind", flat=True))
    assert kinds == {"banned_terms", "substitution", "max_count", "max_length"}
    assert brand.ruleset.rules.count() == len(kinds)


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


# -- deactivated members (issue 15) ----------------------------------------------------

DEACTIVATED = "Your access was deactivated. Ask your brand admin if you need it back."


@pytest.fixture
def deactivated_intern(brand, intern, brand_admin):
    from socialgov.accounts import teams

    teams.deactivate(brand_admin, Membership.objects.get(user=intern, brand=brand))
    intern.refresh_from_db()
    assert not intern.is_active  # their only membership: the account is closed
    return intern


def test_a_deactivated_member_reads_that_their_access_was_deactivated(client,
                                                                      deactivated_intern):
    response = client.post("/login/", {"username": "intern", "password": "pw"})
    assert response.status_code == 200
    html = response.content.decode()
    assert DEACTIVATED in html
    assert "correct username and password" not in html
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_for_a_deactivated_account_tells_nothing_more(client,
                                                                       deactivated_intern):
    html = client.post("/login/", {"username": "intern", "password": "nope"}).content.decode()
    assert "correct username and password" in html
    assert DEACTIVATED not in html


def test_the_admin_login_says_it_too(client, deactivated_intern):
    deactivated_intern.is_staff = True
    deactivated_intern.save()
    html = client.post("/admin/login/", {"username": "intern", "password": "pw"}).content.decode()
    assert DEACTIVATED in html


def test_the_deactivated_message_is_french_in_french(client, deactivated_intern):
    from django.utils import translation

    with translation.override("fr"):
        expected = translation.gettext(DEACTIVATED)
    html = client.post("/login/", {"username": "intern", "password": "pw"},
                       HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert expected in html


def test_an_account_left_active_with_only_deactivated_memberships_reads_it_at_home(
        client, brand, intern, brand_admin):
    # Staff keep their account when their last membership is deactivated (they
    # still have the admin): they log in, and the home page says why it is empty.
    from socialgov.accounts import teams

    intern.is_staff = True
    intern.save()
    teams.deactivate(brand_admin, Membership.objects.get(user=intern, brand=brand))
    assert client.post("/login/", {"username": "intern", "password": "pw"}).status_code == 302
    html = client.get("/").content.decode()
    assert DEACTIVATED in html
    assert "not a member of any brand yet" not in html


def test_someone_never_invited_reads_that_they_are_not_a_member_yet(client, make_user):
    client.force_login(make_user("newcomer"))
    html = client.get("/").content.decode()
    assert "not a member of any brand yet" in html
    assert DEACTIVATED not in html
