"""The brand's "tu" or "vous" in French, set in its settings, checked on every
French post."""

from django.urls import reverse

from socialgov.audit.models import AuditEvent
from socialgov.brands.models import rule_inputs


def test_a_vous_brand_is_warned_of_tutoiement_in_a_french_post(brand, make_post):
    brand.french_address = "vous"
    brand.save()
    brand.ruleset.bump()
    post = make_post("in_review", text="Viens goûter ton croissant demain matin !",
                     language="fr")
    [finding] = [f for f in post.findings if f.kind == "formality"]
    assert (finding.severity, finding.matched) == ("warning", "ton")

    english = make_post("in_review", text="Come and taste your croissant tomorrow!")
    assert not [f for f in english.findings if f.kind == "formality"]


def test_a_brand_that_chose_neither_is_not_checked_for_it(brand, make_post):
    post = make_post("in_review", text="Viens goûter ton croissant demain matin !",
                     language="fr")
    assert not [f for f in post.findings if f.kind == "formality"]
    assert not [s for s in rule_inputs(brand).specs if s.kind == "formality"]


def test_a_brand_admin_chooses_tu_and_the_change_is_audited_and_rechecked(
    client, brand, brand_admin
):
    client.force_login(brand_admin)
    url = reverse("brands:settings", args=[brand.slug])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(languages=brand.languages, packs=brand.packs, french_address="tu")
    before = rule_inputs(brand).fingerprint
    assert client.post(url, data).status_code == 302
    brand.refresh_from_db()
    assert brand.french_address == "tu"
    assert rule_inputs(brand).fingerprint != before
    event = AuditEvent.objects.filter(brand=brand, action="brand_changed").latest("pk")
    assert "french_address" in event.data["fields"]
    response = client.post(url, {**data, "french_address": "toi"})
    assert "french_address" in response.context["form"].errors
