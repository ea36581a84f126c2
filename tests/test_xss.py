"""Whatever a user writes is shown as text, never run as markup."""

import pytest

from socialgov.brands.models import Rule, VoiceGuideline
from socialgov.posts import actions
from socialgov.posts.models import Finding

PAYLOADS = [
    '<script>alert("x")</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
]
DANGEROUS = ["<script>alert", "<img src=x", "<svg onload", 'href="javascript:']


def assert_inert(html):
    for marker in DANGEROUS:
        assert marker not in html, f"{marker!r} reached the page unescaped"


@pytest.fixture
def payload_rule(brand):
    payload = " ".join(PAYLOADS)
    return Rule.objects.create(
        rule_set=brand.ruleset, name=payload, kind="banned_terms",
        params={"terms": ["alert"]}, severity="error",
        message_en=payload + " %s", message_fr=payload + " %s",
        suggestion_en=payload, suggestion_fr=payload,
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_post_text_and_findings_are_rendered_inert(client, intern, manager, payload_rule,
                                                   fields, submit, payload):
    post = actions.create(intern, payload_rule.rule_set.brand, fields(text=payload))
    submit(intern, post)
    assert Finding.objects.filter(version=post.current_version).exists()
    pages = {intern: ("/posts/",), manager: ("/review/",)}
    for user in (intern, manager):
        client.force_login(user)
        for url in (post.get_absolute_url(), *pages[user]):
            response = client.get(url)
            assert response.status_code == 200
            assert_inert(response.content.decode())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reasons_and_notes_are_rendered_inert(client, intern, manager, fields, submit,
                                              banned_rule, payload):
    post = actions.create(intern, banned_rule.rule_set.brand, fields(text="dumb idea"))
    submit(intern, post)
    actions.ask_waiver(intern, post, payload)
    finding = Finding.objects.get(version=post.current_version)
    actions.waive(manager, finding.version.post, finding, payload)
    actions.request_changes(manager, post, post.current_version.pk, payload)
    client.force_login(intern)
    html = client.get(post.get_absolute_url()).content.decode()
    assert_inert(html)
    assert "&lt;" in html or "<" not in payload  # shown, escaped


def test_guideline_body_keeps_formatting_but_loses_scripts(client, intern, brand):
    VoiceGuideline.objects.create(
        brand=brand, title=PAYLOADS[0],
        text="<p><strong>Warm</strong></p>" + "".join(PAYLOADS) + '<a href="javascript:x">l</a>',
    )
    client.force_login(intern)
    html = client.get("/posts/new/").content.decode()
    assert_inert(html)
    assert "<strong>Warm</strong>" in html


def test_every_page_forbids_inline_scripts(client, intern):
    client.force_login(intern)
    for url in ("/login/", "/posts/", "/posts/new/"):
        policy = client.get(url).headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_brand_admin_pages_render_rule_brand_and_guideline_text_inert(
        client, brand, brand_admin, payload_rule):
    brand.name = PAYLOADS[0]
    brand.voice_summary = " ".join(PAYLOADS)
    brand.save()
    guideline = VoiceGuideline.objects.create(brand=brand, title=PAYLOADS[1], text=PAYLOADS[2])
    client.force_login(brand_admin)
    slug = brand.slug
    for url in (f"/brands/{slug}/rules/", f"/brands/{slug}/rules/{payload_rule.pk}/edit/",
                f"/brands/{slug}/guidelines/", f"/brands/{slug}/guidelines/{guideline.pk}/edit/",
                f"/brands/{slug}/members/", f"/brands/{slug}/settings/", "/brands/",
                "/posts/new/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())
