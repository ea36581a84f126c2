"""Password reset by e-mail and password change (issue 15, accounts)."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from socialgov.audit.models import Action, AuditEvent

NEW_PASSWORD = "a-long-new-Passw0rd-42"


@pytest.fixture
def intern_with_email(intern):
    intern.email = "intern@example.com"
    intern.save()
    return intern


def ask_reset(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_the_login_page_links_to_the_password_reset(client):
    html = client.get("/login/").content.decode()
    assert "Forgot your password?" in html
    assert f'href="{reverse("password_reset")}"' in html


def test_a_reset_sends_an_absolute_link_built_on_site_url(client, intern_with_email, settings):
    settings.SITE_URL = "https://socialgov.example.org/"
    response = ask_reset(client, "Intern@Example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == ["intern@example.com"]
    assert message.subject == "Choose a new password for SocialGov"
    link = link_in(message)
    assert link.startswith("https://socialgov.example.org/password-reset/")
    assert "intern" in message.body


def test_the_email_is_in_the_language_of_the_request(client, intern_with_email):
    from django.utils import translation

    ask_reset(client, "intern@example.com", HTTP_ACCEPT_LANGUAGE="fr")
    [message] = mail.outbox
    with translation.override("fr"):
        assert message.subject == translation.gettext("Choose a new password for SocialGov")
        assert translation.gettext("Open this link to choose it. It works once:") in message.body


def test_the_link_sets_a_new_password_and_ends_every_session(client, intern_with_email):
    elsewhere = Client()
    elsewhere.force_login(intern_with_email)
    ask_reset(client, "intern@example.com")
    path = link_in(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD,
                                     "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    intern_with_email.refresh_from_db()
    assert intern_with_email.check_password(NEW_PASSWORD)
    assert elsewhere.get("/posts/").status_code == 302  # logged out
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET,
                                     actor=intern_with_email).count() == 1
    from django.contrib.sessions.models import Session

    assert not [s for s in Session.objects.all()
                if s.get_decoded().get(SESSION_KEY) == str(intern_with_email.pk)]
    # The link works once.
    again = client.get("/" + path, follow=True)
    assert "This link does not work any more" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, intern_with_email):
    known = ask_reset(client, "intern@example.com")
    unknown = ask_reset(Client(), "nobody@example.com")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1
    done = client.get(known["Location"]).content.decode()
    assert "If an account has this address" in done


def test_a_deactivated_account_gets_no_reset_link(client, intern_with_email):
    intern_with_email.is_active = False
    intern_with_email.save()
    assert ask_reset(client, "intern@example.com").status_code == 302
    assert not mail.outbox


def test_resets_per_address_are_limited_per_hour(client, intern_with_email, settings):
    settings.PASSWORD_RESET_RATE = 3
    answers = {ask_reset(Client(), "intern@example.com",
                         REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(6)}
    assert answers == {302}  # the same answer: nothing said about the limit
    assert len(mail.outbox) == 3


def test_resets_per_client_are_limited_per_hour(client, intern_with_email, make_user, settings):
    settings.PASSWORD_RESET_ADDRESS_RATE = 5
    for number in range(5):
        ask_reset(client, f"someone{number}@example.com", REMOTE_ADDR="203.0.113.9")
    ask_reset(client, "intern@example.com", REMOTE_ADDR="203.0.113.9")
    assert not mail.outbox
    ask_reset(Client(), "intern@example.com", REMOTE_ADDR="198.51.100.1")
    assert len(mail.outbox) == 1


def test_the_reset_pages_answer_in_french(client):
    from django.utils import translation

    with translation.override("fr"):
        title = translation.gettext("Forgot your password?")
    html = client.get(reverse("password_reset"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert title in html and 'lang="fr"' in html


# -- password change ------------------------------------------------------------------


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, intern):
    client.force_login(intern)
    elsewhere = Client()
    elsewhere.force_login(intern)
    response = client.post(reverse("password_change"), {
        "old_password": "pw", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    intern.refresh_from_db()
    assert intern.check_password(NEW_PASSWORD)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Your password was changed" in page.content.decode()
    assert AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED, actor=intern).count() == 1
    assert elsewhere.get("/posts/").status_code == 302
    from django.contrib.sessions.models import Session

    mine = [s for s in Session.objects.all()
            if s.get_decoded().get(SESSION_KEY) == str(intern.pk)]
    assert [s.session_key for s in mine] == [client.session.session_key]


def test_a_wrong_old_password_changes_nothing(client, intern):
    client.force_login(intern)
    response = client.post(reverse("password_change"), {
        "old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert "errors" in response.content.decode()
    intern.refresh_from_db()
    assert intern.check_password("pw")
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED).exists()


def test_every_page_links_to_the_account_page_which_links_to_the_password_change(client, intern):
    client.force_login(intern)
    assert f'href="{reverse("account")}"' in client.get("/").content.decode()
    account = client.get(reverse("account")).content.decode()
    assert f'href="{reverse("password_change")}"' in account


def test_the_password_change_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
