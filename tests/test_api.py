"""The JSON API (socialgov/api): tokens, every endpoint, scopes, throttling, schema."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from socialgov.accounts.models import Membership, Role
from socialgov.api import tokens
from socialgov.api.models import ApiToken
from socialgov.audit.models import AuditEvent
from socialgov.posts.models import Post, Publication, State
from tests.conftest import live_url, post_fields, reload


@pytest.fixture
def make_token():
    """A token of ``user`` in ``brand`` with ``role``; returns its secret."""
    def make(user, brand, role, **extra):
        _token, secret = tokens.make(user, brand, name=f"{user.username} {role}", role=role,
                                     **extra)
        return secret

    return make


@pytest.fixture
def api():
    """Calls to the API with a secret: api(secret).get(path) / .post(path, body)."""
    class Caller:
        def __init__(self, secret=None, **headers):
            self.client = Client()
            self.headers = dict(headers)
            if secret is not None:
                self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

        def get(self, path, **params):
            return self.client.get("/api" + path, params, **self.headers)

        def post(self, path, body=None):
            return self.client.post("/api" + path, json.dumps(body or {}),
                                    content_type="application/json", **self.headers)

    return Caller


def draft_body(**overrides):
    fields = post_fields()
    body = {"text": fields["text"], "networks": fields["networks"],
            "objective": fields["objective"], "language": fields["language"],
            "planned_at": fields["planned_at"].isoformat()}
    body.update(overrides)
    return body


# -- authentication --------------------------------------------------------------------


@pytest.mark.django_db
def test_without_a_token_the_api_answers_401_in_json(api):
    response = api().get("/posts")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.django_db
def test_a_wrong_secret_is_401(api, make_token, intern, brand):
    make_token(intern, brand, Role.DRAFTER)
    assert api("sgv_not-a-secret").get("/posts").status_code == 401
    assert api("nonsense").get("/posts").status_code == 401


def test_only_a_hash_of_the_secret_is_kept(make_token, intern, brand):
    secret = make_token(intern, brand, Role.DRAFTER)
    token = ApiToken.objects.get()
    assert secret.startswith("sgv_") and len(secret) > 40
    assert secret not in (token.secret_hash, token.prefix)
    assert token.secret_hash == tokens.hash_token(secret)


def test_making_and_revoking_a_token_are_audited(make_token, brand_admin, brand, api):
    secret = make_token(brand_admin, brand, Role.APPROVER)
    token = ApiToken.objects.get()
    assert api(secret).get("/posts").status_code == 200
    tokens.revoke(brand_admin, token)
    assert api(secret).get("/posts").status_code == 401
    assert list(AuditEvent.objects.filter(brand=brand, action__startswith="api_token")
                .values_list("action", flat=True)) == ["api_token_made", "api_token_revoked"]


def test_an_expired_token_opens_nothing(make_token, intern, brand, api):
    secret = make_token(intern, brand, Role.DRAFTER,
                        expires_at=timezone.now() + timedelta(minutes=5))
    assert api(secret).get("/posts").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(secret).get("/posts").status_code == 401


def test_a_token_stops_with_its_owners_membership_or_account(make_token, intern, brand, api):
    secret = make_token(intern, brand, Role.DRAFTER)
    Membership.objects.filter(user=intern).update(is_active=False)
    assert api(secret).get("/posts").status_code == 401
    Membership.objects.filter(user=intern).update(is_active=True)
    assert api(secret).get("/posts").status_code == 200
    intern.is_active = False
    intern.save()
    assert api(secret).get("/posts").status_code == 401


def test_a_tokens_role_is_at_most_its_makers(intern, brand):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        tokens.make(intern, brand, name="Too much", role=Role.APPROVER)


def test_the_last_use_is_noted(make_token, intern, brand, api):
    secret = make_token(intern, brand, Role.DRAFTER)
    api(secret).get("/posts")
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_acts_with_the_lower_of_its_role_and_its_owners(make_token, make_post, manager,
                                                                 brand, api):
    """An approver's approver token publishes; once the approver is a drafter again,
    the same token is refused what a drafter may not do."""
    post = make_post("approved")
    secret = make_token(manager, brand, Role.APPROVER)
    Membership.objects.filter(user=manager).update(role=Role.DRAFTER)
    response = api(secret).post(f"/posts/{post.pk}/publications",
                                {"network": "x", "url": live_url("x"), "early": True})
    assert response.status_code == 403
    assert response.json()["detail"] == "Your role in this brand does not allow this."
    assert not Publication.objects.exists()


def test_a_drafter_token_of_an_approver_cannot_publish(make_token, make_post, manager, brand,
                                                       api):
    post = make_post("approved")
    secret = make_token(manager, brand, Role.DRAFTER)
    response = api(secret).post(f"/posts/{post.pk}/publications",
                                {"network": "x", "url": live_url("x"), "early": True})
    assert response.status_code == 403
    assert response.json()["errors"] == {"move": ["publish"]}


def test_a_superusers_token_acts_with_its_role_only(make_token, make_post, superuser, brand,
                                                    api):
    post = make_post("approved")
    secret = make_token(superuser, brand, Role.DRAFTER)
    response = api(secret).post(f"/posts/{post.pk}/publications",
                                {"network": "x", "url": live_url("x"), "early": True})
    assert response.status_code == 403


def test_in_a_brand_requiring_two_factor_a_token_acts_as_a_drafter_without_an_app(
        make_token, make_post, manager, brand, api):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    post = make_post("approved")
    secret = make_token(manager, brand, Role.APPROVER)
    brand.require_two_factor = True
    brand.save()
    body = {"network": "x", "url": live_url("x"), "early": True}
    assert api(secret).post(f"/posts/{post.pk}/publications", body).status_code == 403
    TOTPDevice.objects.create(user=manager, name="App", confirmed=True)
    assert api(secret).post(f"/posts/{post.pk}/publications", body).status_code == 201


# -- reading ------------------------------------------------------------------------------


def test_the_list_shows_the_brands_posts_with_state_version_and_findings(
        make_token, make_post, intern, brand, api):
    sent_back = make_post("sent_back")
    draft = make_post("draft")
    secret = make_token(intern, brand, Role.DRAFTER)
    body = api(secret).get("/posts").json()
    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [draft.pk, sent_back.pk]
    item = body["items"][1]
    assert item["state"] == "sent_back"
    assert item["version"]["text"] == sent_back.current_version.text
    assert item["version"]["networks"] == ["x", "linkedin"]
    finding = next(f for f in item["findings"] if f["severity"] == "error")
    assert finding["matched"] == "dumb" and finding["waived"] is False
    assert item["version"]["text"][finding["start"]:finding["end"]] == "dumb"
    assert body["items"][0]["findings"] == []


def test_the_list_filters_by_state_and_pages(make_token, make_post, intern, brand, api):
    make_post("sent_back")
    drafts = [make_post("draft") for _ in range(3)]
    caller = api(make_token(intern, brand, Role.DRAFTER))
    body = caller.get("/posts", state="draft", limit=2, offset=1).json()
    assert body["count"] == 3
    assert [item["id"] for item in body["items"]] == [drafts[1].pk, drafts[0].pk]
    assert caller.get("/posts", state="nonsense").status_code == 422
    assert caller.get("/posts", limit=0).status_code == 422


def test_finding_messages_follow_accept_language(make_token, make_post, intern, brand, api):
    post = make_post("sent_back")
    secret = make_token(intern, brand, Role.DRAFTER)
    finding = reload(post).findings.first()
    body = api(secret, HTTP_ACCEPT_LANGUAGE="fr").get(f"/posts/{post.pk}").json()
    assert body["findings"][0]["message"] == finding.message("fr")
    assert finding.message("fr") != finding.message("en")


def test_a_token_of_one_brand_never_sees_another_brands_posts(
        make_token, make_post, other_admin, other_brand, api):
    post = make_post("draft")
    caller = api(make_token(other_admin, other_brand, Role.BRAND_ADMIN))
    assert caller.get("/posts").json()["count"] == 0
    assert caller.get(f"/posts/{post.pk}").status_code == 404
    assert caller.post(f"/posts/{post.pk}/submit").status_code == 404
    assert caller.get("/posts/due").json()["count"] == 0


def test_reading_one_post(make_token, make_post, intern, brand, api):
    post = make_post("in_review", error=True)
    body = api(make_token(intern, brand, Role.DRAFTER)).get(f"/posts/{post.pk}").json()
    assert body["id"] == post.pk and body["state"] == "in_review"
    assert body["web_url"].endswith(post.get_absolute_url())
    assert api(make_token(intern, brand, Role.DRAFTER)).get("/posts/999999").status_code == 404


def test_due_posts_are_approved_and_planned_by_now_or_within_the_window(
        make_token, make_post, manager, brand, api):
    soon = make_post("approved")
    make_post("draft")
    planned = soon.current_version.planned_at
    caller = api(make_token(manager, brand, Role.APPROVER))
    assert caller.get("/posts/due").json()["count"] == 0
    minutes = int((planned - timezone.now()).total_seconds() // 60) + 1
    body = caller.get("/posts/due", within_minutes=minutes).json()
    assert [item["id"] for item in body["items"]] == [soon.pk]


# -- writing ------------------------------------------------------------------------------


def test_a_draft_is_created_as_the_editor_creates_it(make_token, intern, brand, api):
    response = api(make_token(intern, brand, Role.DRAFTER)).post("/posts", draft_body())
    assert response.status_code == 201, response.content
    post = Post.objects.get()
    assert response.json()["id"] == post.pk
    assert (post.state, post.author, post.brand) == (State.DRAFT, intern, brand)
    assert post.current_version.networks == ["x", "linkedin"]
    assert AuditEvent.objects.filter(post=post, action="create", actor=intern).exists()


def test_an_invalid_draft_says_why_per_field(make_token, intern, brand, other_brand, api):
    caller = api(make_token(intern, brand, Role.DRAFTER))
    past = (timezone.now() - timedelta(days=1)).isoformat()
    response = caller.post("/posts", draft_body(text="   ", planned_at=past))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"text", "planned_at"}
    response = caller.post("/posts", draft_body(networks=["myspace"]))
    assert response.status_code == 422 and "networks.0" in response.json()["errors"]
    assert not Post.objects.exists()


def test_field_errors_are_said_in_the_callers_language(make_token, intern, brand, api):
    secret = make_token(intern, brand, Role.DRAFTER)
    bad = {"networks": "x", "planned_at": "next tuesday", "objective": "world domination",
           "language": "en"}  # no text at all
    english = api(secret).post("/posts", bad).json()["errors"]
    assert english["text"] == ["This field is required."]
    assert english["networks"] == ["Enter a list of values."]
    assert english["planned_at"] == ["Enter a valid date/time."]
    assert english["objective"] == ["Choose one of “inform”, “engage”, “sell”, "
                                    "“customer_service” or “recruit”."]
    french = api(secret, HTTP_ACCEPT_LANGUAGE="fr").post("/posts", bad).json()
    assert french["detail"] == "La requête n’est pas valide."
    assert french["errors"]["text"] == ["Ce champ est obligatoire."]
    assert french["errors"]["networks"] == ["Saisissez une liste de valeurs."]
    assert french["errors"]["planned_at"] == ["Saisissez une date et une heure valides."]
    assert french["errors"]["objective"] == [
        "Choisissez parmi «\u00a0inform\u00a0», «\u00a0engage\u00a0», «\u00a0sell\u00a0», "
        "«\u00a0customer_service\u00a0» ou «\u00a0recruit\u00a0»."]
    too_many = api(secret, HTTP_ACCEPT_LANGUAGE="fr").get("/posts", limit=1000).json()
    assert too_many["errors"]["limit"] == [
        "Assurez-vous que cette valeur est inférieure ou égale à 100."]


@pytest.mark.parametrize("planned_at", ["9999-12-31T23:59:59-12:00",
                                        "0001-01-01T00:00:00+14:00"])
def test_a_planned_time_at_an_end_of_the_calendar_is_refused(make_token, intern, brand, api,
                                                             planned_at):
    response = api(make_token(intern, brand, Role.DRAFTER)).post(
        "/posts", draft_body(planned_at=planned_at))
    assert response.status_code == 422
    assert "planned_at" in response.json()["errors"]


def test_a_body_that_is_not_json_is_400(make_token, intern, brand):
    secret = make_token(intern, brand, Role.DRAFTER)
    response = Client().post("/api/posts", "{nope", content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}


def test_a_body_too_large_is_413_in_json(make_token, intern, brand, settings):
    secret = make_token(intern, brand, Role.DRAFTER)
    body = json.dumps(draft_body(text="a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)))
    response = Client().post("/api/posts", body, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 413
    assert set(response.json()) == {"detail", "errors"}


def test_an_address_that_is_not_one_is_422_naming_the_field(make_token, make_post, manager,
                                                            brand, api):
    post = make_post("approved")
    caller = api(make_token(manager, brand, Role.APPROVER))
    for url in ("not a url", "javascript:alert(1)", "https://x.com/a/status/1", " "):
        response = caller.post(f"/posts/{post.pk}/publications",
                               {"network": "linkedin", "url": url, "early": True})
        assert response.status_code == 422, url
        assert list(response.json()["errors"]) == ["url"]
    assert reload(post).state == State.APPROVED


def test_submitting_a_draft_goes_through_the_table_of_moves(make_token, make_post, intern,
                                                            manager, brand, api,
                                                            django_capture_on_commit_callbacks):
    post = make_post("draft")
    assert api(make_token(manager, brand, Role.APPROVER)).post(
        f"/posts/{post.pk}/submit").json() == {
        "detail": "Only the post's author can do this.", "errors": {"move": ["submit"]}}
    caller = api(make_token(intern, brand, Role.DRAFTER))
    with django_capture_on_commit_callbacks(execute=True):
        response = caller.post(f"/posts/{post.pk}/submit")
    assert response.status_code == 200
    assert reload(post).state == State.IN_REVIEW
    again = caller.post(f"/posts/{post.pk}/submit")
    assert again.status_code == 409
    assert again.json()["detail"] == "This cannot be done while the post is “In review”."


def test_a_post_is_published_network_by_network(make_token, make_post, manager, brand, api):
    post = make_post("approved")
    caller = api(make_token(manager, brand, Role.APPROVER))
    path = f"/posts/{post.pk}/publications"
    response = caller.post(path, {"network": "x", "url": live_url("x")})
    assert response.status_code == 409  # its planned time has not come
    response = caller.post(path, {"network": "x", "url": live_url("x"), "early": True})
    assert response.status_code == 201, response.content
    assert response.json()["post"]["state"] == "approved"
    assert AuditEvent.objects.filter(post=post, action="published_on_network").count() == 1
    # The same again changes nothing; another address is a conflict.
    assert caller.post(path, {"network": "x", "url": live_url("x"), "early": True}
                       ).status_code == 200
    assert caller.post(path, {"network": "x", "url": live_url("x", 2), "early": True}
                       ).status_code == 409
    assert caller.post(path, {"network": "facebook", "url": live_url("facebook"),
                              "early": True}).status_code == 409
    assert caller.post(path, {"network": "linkedin", "url": "https://x.com/a/status/1",
                              "early": True}).status_code == 422  # not on LinkedIn
    response = caller.post(path, {"network": "linkedin", "url": live_url("linkedin"),
                                  "early": True})
    assert response.status_code == 201
    assert reload(post).state == State.PUBLISHED
    assert response.json()["post"]["state"] == "published"
    assert AuditEvent.objects.filter(post=post, action="publish").count() == 1
    assert Publication.objects.filter(post=post).count() == 2
    # Done: saying it again is still no change.
    assert caller.post(path, {"network": "x", "url": live_url("x"), "early": True}
                       ).status_code == 200


def test_the_web_marks_the_rest_once_some_networks_are_marked(make_token, make_post, manager,
                                                              brand, api):
    from socialgov.posts import actions

    post = make_post("approved")
    api(make_token(manager, brand, Role.APPROVER)).post(
        f"/posts/{post.pk}/publications", {"network": "x", "url": live_url("x"), "early": True})
    actions.publish(manager, reload(post), {"linkedin": live_url("linkedin")}, early=True)
    assert reload(post).state == State.PUBLISHED
    assert dict(Publication.objects.values_list("network", "url")) == {
        "x": live_url("x"), "linkedin": live_url("linkedin")}


# -- throttling ------------------------------------------------------------------------------


def test_a_token_past_its_rate_is_told_to_wait(make_token, intern, brand, api, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    caller = api(make_token(intern, brand, Role.DRAFTER))
    assert [caller.get("/posts").status_code for _ in range(4)] == [200, 200, 200, 429]
    response = caller.get("/posts")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert set(response.json()) == {"detail", "errors"}
    # Another token of the same person counts on its own.
    assert api(make_token(intern, brand, Role.DRAFTER)).get("/posts").status_code == 200


def test_failed_authentications_are_throttled_per_address(make_token, intern, brand, api,
                                                          settings):
    settings.API_FAILED_AUTH_PER_MINUTE = 2
    wrong = api("sgv_wrong")
    assert [wrong.get("/posts").status_code for _ in range(3)] == [401, 401, 429]
    assert "Retry-After" in wrong.get("/posts")
    # A right token still works from there.
    assert api(make_token(intern, brand, Role.DRAFTER)).get("/posts").status_code == 200


# -- the schema, CSRF and the web -------------------------------------------------------------


@pytest.mark.django_db
def test_the_openapi_schema_is_served_and_valid():
    from openapi_spec_validator import validate

    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert {"/api/posts", "/api/posts/due", "/api/posts/{pk}", "/api/posts/{pk}/submit",
            "/api/posts/{pk}/publications"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_token_calls_need_no_csrf_token(make_token, intern, brand):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/posts", json.dumps(draft_body()),
                           content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {make_token(intern, brand, Role.DRAFTER)}")
    assert response.status_code == 201


def test_a_logged_in_session_opens_no_api(client, intern):
    client.force_login(intern)
    assert client.get("/api/posts").status_code == 401


def test_an_erased_persons_tokens_are_revoked_and_listed_in_their_data(make_token, intern,
                                                                       brand, superuser, api):
    from socialgov.accounts import erasure
    from socialgov.privacy.export import export

    secret = make_token(intern, brand, Role.DRAFTER)
    [listed] = export(intern)["api_access"]
    assert (listed["brand"], listed["role"], listed["revoked_at"]) == ("Acme", "drafter", None)
    assert secret not in json.dumps(listed, default=str)
    erasure.erase(superuser, intern)
    assert ApiToken.objects.get().revoked_at is not None
    assert api(secret).get("/posts").status_code == 401


@pytest.mark.parametrize(("error", "english", "french"), [
    ({"type": "string_too_long", "ctx": {"max_length": 1}}, "Enter at most 1 character.",
     "Saisissez au plus 1 caractère."),
    ({"type": "string_too_long", "ctx": {"max_length": 280}}, "Enter at most 280 characters.",
     "Saisissez au plus 280 caractères."),
    ({"type": "too_short", "ctx": {"min_length": 1}}, "Enter at least 1 value.",
     "Saisissez au moins 1 valeur."),
    ({"type": "greater_than_equal", "ctx": {"ge": 0}},
     "Ensure this value is greater than or equal to 0.",
     "Assurez-vous que cette valeur est supérieure ou égale à 0."),
    ({"type": "some_new_kind"}, "This value is not valid.", "Cette valeur n’est pas valide."),
])
def test_each_kind_of_field_error_reads_in_both_languages(error, english, french):
    from django.utils import translation

    from socialgov.api.field_errors import message

    with translation.override("en"):
        assert message(error) == english
    with translation.override("fr"):
        assert message(error) == french
