"""What a person meets when a page is missing, refused or fails, and what a program
meets under /api/: the reader's language, never Django's bare English pages."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_said_in_the_readers_language_with_the_sites_header(
        client, intern):
    client.force_login(intern)
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert reverse("posts:mine") in page  # the site's own header, for a way on


def test_a_refused_page_says_why_in_words(client, intern, brand):
    client.force_login(intern)
    response = client.get(reverse("brands:rules", args=[brand.slug]))  # a brand admin's
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()


def test_a_page_that_fails_says_so_without_details(settings, intern):
    settings.ROOT_URLCONF = "tests.support.failing_urls"
    client = Client(raise_request_exception=False)
    client.force_login(intern)
    response = client.get("/fails/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Un problème est survenu" in page
    assert "RuntimeError" not in page and "a bug" not in page


def test_an_expired_form_says_what_to_do(intern):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"},
                           HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    assert "Ce formulaire a expiré" in response.content.decode()


def test_the_api_answers_a_missing_address_in_json(client):
    response = client.get("/api/no-such-thing", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Introuvable.", "errors": {}}


def test_the_api_index_points_at_its_schema_and_lists(client):
    index = client.get("/api/").json()
    assert index["openapi"] == "/api/openapi.json"
    assert client.get(index["openapi"]).status_code == 200
    for name in ("posts", "posts_due"):
        assert client.get(index[name]).status_code == 401  # there, behind a token
