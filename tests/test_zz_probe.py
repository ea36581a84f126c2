import pytest
from django.test import Client
pytestmark = pytest.mark.django_db

def test_probe(brand, intern, manager, brand_admin, make_post, fields):
    c = Client(raise_request_exception=False)
    c.force_login(intern)
    data = {"brand": brand.pk, "networks": ["x"], "objective": "inform", "language": "en",
            "text": "Hello", "planned_at": "9999-12-31T23:59", "network_texts-TOTAL_FORMS": "0",
            "network_texts-INITIAL_FORMS": "0", "action": "submit"}
    r = c.post("/posts/new/", data); print("new", r.status_code, r.get("Location"))
    r = c.post("/posts/live-check/", data); print("live", r.status_code)
    post = make_post("in_review")
    r = c.post(f"/posts/{post.pk}/comments/", {"version": post.current_version_id, "body": "a\x00b"}); print("comment", r.status_code)
    c.force_login(brand_admin)
    for p in ['{"terms": ["\\ud800"]}', '{"terms": ["a\\u0000"]}', '{"terms": ["a"], "x": 1e999}']:
        r = c.post(f"/brands/{brand.slug}/rules/new/", {"editor": "words", "name": "X", "kind": "banned_terms", "severity": "warning", "enabled": "on", "message_en": "m", "message_fr": "m", "advanced": "on", "params": p})
        print("rule", p, r.status_code)
    r = c.post("/away/", {"starts_on": "9999-12-31", "ends_on": "9999-12-31"}); print("away", r.status_code)

def test_probe2(brand, intern):
    from tests.support.page_forms import forms_of
    from tests.test_no_500 import base_of, sweep_of
    c = Client(raise_request_exception=False)
    c.force_login(intern)
    html = c.get("/posts/new/").content.decode()
    f = [f for f in forms_of(html, "http://testserver/posts/new/") if f.action.endswith("/posts/new/")][0]
    print(base_of(f)[0])
    for p in sweep_of(f):
        if p.get("planned_at", "").startswith("9999"):
            r = c.post("/posts/new/", p)
            print(r.status_code, r.context["form"].errors if r.context else r, r.get("Location"))
