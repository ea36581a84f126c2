"""The brand's "API tokens" page: brand admins make, see and revoke tokens."""

import pytest
from django.urls import reverse

from socialgov.api import tokens
from socialgov.api.models import ApiToken
from socialgov.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def page(brand):
    return reverse("api_tokens:list", args=[brand.slug])


def test_a_brand_admin_makes_a_token_whose_secret_is_shown_once(client, brand_admin, brand):
    client.force_login(brand_admin)
    response = client.post(page(brand), {"name": "Publishing robot", "role": "approver",
                                         "days": "30"})
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get()
    assert secret.startswith("sgv_") and secret in response.content.decode()
    assert (token.name, token.role, token.owner, token.brand) == (
        "Publishing robot", "approver", brand_admin, brand)
    assert token.expires_at is not None
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    again = client.get(page(brand))
    assert secret not in again.content.decode()
    assert token.prefix in again.content.decode()
    assert AuditEvent.objects.filter(action="api_token_made", brand=brand,
                                     actor=brand_admin).exists()


def test_an_empty_or_overreaching_form_is_shown_again_with_its_errors(client, brand_admin,
                                                                      brand):
    client.force_login(brand_admin)
    response = client.post(page(brand), {"name": "  ", "role": "emperor", "days": "0"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "role", "days"}
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_and_is_recorded(client, brand_admin, intern, brand):
    token, secret = tokens.make(intern, brand, name="Intern's script", role="drafter")
    client.force_login(brand_admin)
    response = client.post(reverse("api_tokens:revoke", args=[brand.slug, token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == brand_admin
    assert tokens.caller_of(secret) is None
    assert AuditEvent.objects.filter(action="api_token_revoked", actor=brand_admin).exists()
    # Once is enough: again, it says so and records nothing more.
    client.post(reverse("api_tokens:revoke", args=[brand.slug, token.pk]))
    assert AuditEvent.objects.filter(action="api_token_revoked").count() == 1


def test_another_brands_token_is_not_found(client, other_admin, other_brand, brand_admin,
                                           brand):
    token, _secret = tokens.make(other_admin, other_brand, name="Theirs", role="drafter")
    client.force_login(brand_admin)
    response = client.post(reverse("api_tokens:revoke", args=[brand.slug, token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_the_brand_pages_link_to_the_tokens(client, brand_admin, brand):
    client.force_login(brand_admin)
    response = client.get(reverse("brands:rules", args=[brand.slug]))
    assert page(brand) in response.content.decode()


def test_a_post_published_on_one_network_says_which_in_its_history(make_post, manager):
    from socialgov.posts import actions, history
    from tests.conftest import live_url

    post = make_post("approved")
    actions.publish_on(manager, post, "x", live_url("x"), early=True)
    rows = history.rows(post)
    assert any("published on X" in str(row.sentence) for row in rows)


def test_the_page_runs_as_many_queries_with_20_tokens_as_with_2(client, brand_admin, intern,
                                                                 brand):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(brand_admin)
    counts = []
    for total in (2, 20):
        while ApiToken.objects.count() < total:
            token, _secret = tokens.make(intern, brand, name="Script", role="drafter")
            tokens.revoke(brand_admin, token)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page(brand))
        assert response.status_code == 200
        assert response.content.decode().count("Token revoked") == total
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_each_revoke_button_names_its_token_and_the_page_links_the_schema(
        client, brand_admin, intern, brand):
    for name in ("Publisher robot", "Planning tool"):
        tokens.make(intern, brand, name=name, role="drafter")
    client.force_login(brand_admin)
    page = client.get(reverse("api_tokens:list", args=[brand.slug])).content.decode()
    assert 'aria-label="Revoke “Publisher robot”"' in page
    assert 'aria-label="Revoke “Planning tool”"' in page
    assert f'href="{reverse("api:openapi-json")}"' in page
