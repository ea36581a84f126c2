"""Bilingual posts and per-network texts: each text is checked with its own
language's rules and counted for the networks it goes to; the post is
reviewed and approved as a whole."""

from types import SimpleNamespace

import pytest

from socialgov.brands.models import Rule
from socialgov.checks.base import Finding as EngineFinding
from socialgov.checks.engine import CheckResult
from socialgov.posts import actions, pipeline
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import (
    Decision,
    Finding,
    ImmutableError,
    Post,
    PostVariant,
    PostVersion,
    State,
    content_hash,
)
from socialgov.posts.pipeline import check_key
from socialgov.posts.variants import CheckTarget, check_targets, combine, normalized

FR = "Notre nouvelle boulangerie ouvre lundi. Venez nous dire bonjour !"
EN = "Our new bakery opens on Monday. Come and say hello!"
# "bite" is French profanity (core-fr, French only) and everyday English.
EN_WITH_BITE = "Grab a bite of fresh bread on Monday, our oven is damn hot!"
# 270 characters, 300 on X, where "€" weighs 2.
PRICES = "Today: " + ", ".join(["bread €3", "cake €4", "pie €5", "tart €6", "bun €2"] * 6) + "!"


def variant(language, text, network=""):
    return {"language": language, "network": network, "text": text}


@pytest.fixture
def bilingual(fields):
    """Fields of a French post with an English version (and any extra variant)."""

    def make(en=EN, *extra, **overrides):
        specs = [variant("en", en), *extra]
        return fields(language="fr", text=overrides.pop("text", FR), variant_specs=specs,
                      **overrides)

    return make


def reload(post):
    return Post.objects.select_related("current_version", "current_check").get(pk=post.pk)


def texts_of(version):
    return [(v.language, v.network, v.text) for v in version.variants.all()]


# -- which text goes where ---------------------------------------------------------


def v(language, text, network=""):
    return SimpleNamespace(language=language, network=network, text=text)


def test_a_single_text_is_checked_once_in_its_language_on_all_its_networks():
    assert check_targets(EN, "en", ["x", "linkedin"], []) == [
        CheckTarget(None, "en", ("x", "linkedin"), EN)
    ]


def test_each_language_is_checked_on_the_networks_its_own_network_texts_leave():
    en, en_x, fr_x = v("en", EN), v("en", "Short EN", "x"), v("fr", "Court FR", "x")
    targets = check_targets(FR, "fr", ["x", "linkedin", "bluesky"], [fr_x, en_x, en])
    assert [(t.variant, t.language, t.networks, t.text) for t in targets] == [
        (None, "fr", ("linkedin", "bluesky"), FR),
        (fr_x, "fr", ("x",), "Court FR"),
        (en, "en", ("linkedin", "bluesky"), EN),
        (en_x, "en", ("x",), "Short EN"),
    ]


def test_a_network_text_with_no_base_text_in_its_language_is_still_checked():
    en_x = v("en", "Short EN", "x")
    targets = check_targets(FR, "fr", ["x", "linkedin"], [en_x])
    assert [(t.language, t.networks) for t in targets] == [("fr", ("x", "linkedin")),
                                                          ("en", ("x",))]


def test_a_text_for_a_network_the_post_skips_is_checked_with_no_limit_to_meet():
    targets = check_targets(FR, "fr", ["linkedin"], [v("fr", "Court", "x")])
    assert targets[1].networks == ()


def test_variants_are_stored_in_one_order_and_blank_texts_are_none():
    specs = [variant("fr", "b", "x"), variant("en", "  \n"), variant("en", "a"),
             {"language": "en", "network": None, "text": "c"}]
    assert normalized(specs) == [variant("en", "a"), variant("en", "c"), variant("fr", "b", "x")]


def _finding(rule_id, severity, start, end, matched="", message=None):
    return EngineFinding(rule_id, "kind", severity, start, end, matched,
                         message or {"en": rule_id}, {}, None)


def test_a_finding_about_the_whole_post_is_kept_once_and_risk_counts_every_text():
    date = _finding("calendar", "warning", 0, 0)
    fr, en = CheckTarget(None, "fr", (), FR), CheckTarget("en-variant", "en", (), EN)
    result = combine([
        (fr, CheckResult([date, _finding("a", "error", 3, 6, "xyz")], "high")),
        (en, CheckResult([date, _finding("a", "error", 1, 4, "xyz")], "high")),
    ])
    assert [(variant, f.rule_id) for variant, f in result.findings] == [
        (None, "calendar"), (None, "a"), ("en-variant", "a")]
    # An error in each language is two errors to fix.
    assert result.risk == "critical" and result.blocking


# -- versions ----------------------------------------------------------------------


def test_a_version_keeps_its_variants_and_they_never_change(brand, intern, bilingual):
    post = actions.create(intern, brand, bilingual(EN, variant("fr", "Court", "x")))
    version = post.current_version
    assert texts_of(version) == [("en", "", EN), ("fr", "x", "Court")]
    assert version.content_hash == content_hash(version.fields())
    stored = version.variants.first()
    stored.text = "changed"
    with pytest.raises(ImmutableError):
        stored.save()
    with pytest.raises(ImmutableError):
        stored.delete()
    with pytest.raises(ImmutableError):
        version.variant_specs = []


def test_a_single_text_version_hashes_as_before_variants_existed(brand, intern, fields):
    post = actions.create(intern, brand, fields())
    version = post.current_version
    without_key = {k: val for k, val in version.fields().items() if k != "variant_specs"}
    assert version.content_hash == content_hash(without_key)
    assert version.variants.count() == 0


def test_changing_only_a_variant_changes_the_hash_and_the_check_key(brand, intern, bilingual):
    original = bilingual()
    post = actions.create(intern, brand, original)
    first = post.current_version
    edited = {**original, "variant_specs": [variant("en", "Our bakery opens on Monday.")]}
    post, changed = actions.edit(intern, post, edited)
    assert changed
    second = post.current_version
    assert (second.text, second.planned_at) == (first.text, first.planned_at)
    assert first.content_hash != second.content_hash
    assert check_key(first, "r1") != check_key(second, "r1")
    # Saving the same texts again makes no new version.
    post, changed = actions.edit(intern, post, dict(edited))
    assert not changed and post.versions.count() == 2


def test_a_duplicate_keeps_every_text(brand, intern, manager, bilingual):
    post = actions.create(intern, brand, bilingual(EN, variant("en", "Short", "x")))
    copy = actions.duplicate(manager, post)
    assert texts_of(copy.current_version) == texts_of(post.current_version)
    assert copy.current_version.content_hash == post.current_version.content_hash


# -- checking ----------------------------------------------------------------------


def test_each_text_meets_its_own_languages_rules_with_offsets_into_that_text(
        brand, intern, bilingual, submit):
    post = submit(intern, actions.create(intern, brand, bilingual(EN_WITH_BITE)))
    english = post.current_version.variants.get(language="en")
    findings = list(post.findings)
    # "damn" (English pack) is found in the English text, where it is;
    # "bite" is not French here, so the French pack leaves it alone.
    assert [(f.variant_id, f.matched) for f in findings] == [(english.pk, "damn")]
    finding = findings[0]
    assert EN_WITH_BITE[finding.start:finding.end] == "damn"
    assert FR.find("damn") == -1
    assert post.state == State.IN_REVIEW  # a warning: the post goes to review


def test_the_same_word_is_flagged_only_in_the_language_that_bans_it(
        brand, intern, fields, submit):
    specs = [variant("en", "Grab a bite of fresh bread on Monday!")]
    post = submit(intern, actions.create(intern, brand, fields(
        language="fr", text="Quelle bite, ce boulanger ! Venez lundi.", variant_specs=specs)))
    flagged = [(f.variant_id, f.matched) for f in post.findings if f.matched == "bite"]
    assert flagged == [(None, "bite")]  # the French text's, not the English one's
    assert post.state == State.SENT_BACK


def test_an_x_text_over_280_weighted_characters_is_flagged_while_linkedin_takes_the_long_text(
        brand, intern, fields, submit):
    long_text = "Our new bakery opens on Monday with bread, cakes and coffee. " * 6  # 366
    post = submit(intern, actions.create(intern, brand, fields(
        language="en", text=long_text, networks=["x", "linkedin"],
        variant_specs=[variant("en", PRICES, "x")])))
    x_text = post.current_version.variants.get(network="x")
    lengths = list(post.findings.filter(kind="max_length"))
    assert len(PRICES) < 280
    # The long text is not counted for X, where the X text replaces it.
    assert [(f.variant_id, f.start, f.end) for f in lengths] == [
        (x_text.pk, 252, len(PRICES))  # from where X passes 280 to the end
    ]
    assert "300/280" in lengths[0].message_en
    assert post.state == State.SENT_BACK


def test_a_version_without_variants_is_checked_exactly_as_before(
        brand, intern, fields, submit, banned_rule):
    post = submit(intern, actions.create(intern, brand, fields(
        text="Only a dumb reader would miss it.")))
    finding = post.findings.get()
    assert (finding.variant, finding.matched, finding.start) == (None, "dumb", 7)


# -- review as a whole -------------------------------------------------------------


def test_a_bilingual_post_is_approved_as_a_whole_by_one_decision(
        brand, intern, manager, bilingual, submit):
    post = submit(intern, actions.create(intern, brand, bilingual(
        EN, variant("en", "Open Monday!", "x"))))
    assert post.state == State.IN_REVIEW
    actions.approve(manager, post, post.current_version_id)
    post = reload(post)
    assert post.state == State.APPROVED
    decision = Decision.objects.get(post=post)
    assert decision.version == post.current_version
    assert texts_of(decision.version) == [("en", "", EN), ("en", "x", "Open Monday!")]


def test_an_error_in_one_variant_blocks_approval_until_it_is_waived(
        brand, intern, manager, bilingual, submit, banned_rule):
    post = submit(intern, actions.create(intern, brand, bilingual(
        "Only an idiot would miss our bakery on Monday.")))
    assert post.state == State.SENT_BACK  # the English text's error sends it back
    error = post.findings.get(severity="error")
    assert error.variant == post.current_version.variants.get(language="en")
    actions.ask_waiver(intern, post, "A quote from a customer.")
    with pytest.raises(TransitionError, match="not been waived"):
        actions.approve(manager, reload(post), post.current_version_id)
    actions.waive(manager, error.version.post, error, "A customer's words, quoted.")
    actions.approve(manager, reload(post), post.current_version_id)
    assert reload(post).state == State.APPROVED


def test_editing_only_the_english_text_makes_a_new_version_and_restarts_review(
        client, brand, intern, manager, bilingual, submit):
    post = submit(intern, actions.create(intern, brand, bilingual()))
    actions.approve(manager, post, post.current_version_id)
    approved_version = reload(post).current_version
    client.force_login(intern)
    form = client.get(f"/posts/{post.pk}/edit/")
    assert EN in form.content.decode()  # the English text is there to edit
    data = {
        "networks": ["x", "linkedin"], "objective": "inform", "language": "fr",
        "planned_at": approved_version.planned_at.astimezone(brand.tz).strftime("%Y-%m-%dT%H:%M"),
        "text": FR, "other_text": "Our new bakery opens on Tuesday!",
        "network_texts-TOTAL_FORMS": "1", "network_texts-INITIAL_FORMS": "0",
        "action": "save",
    }
    assert client.post(f"/posts/{post.pk}/edit/", data).status_code == 302
    post = reload(post)
    assert post.state == State.DRAFT
    assert post.current_version.number == approved_version.number + 1
    assert post.current_version.text == FR
    assert texts_of(post.current_version) == [("en", "", "Our new bakery opens on Tuesday!")]
    with pytest.raises(TransitionError):
        actions.approve(manager, post, post.current_version_id)  # review starts over
    post = submit(intern, post)
    assert post.state == State.IN_REVIEW
    assert not Decision.objects.filter(version=post.current_version).exists()


def test_a_rule_change_rechecks_every_text_and_sends_back_an_approved_post(
        brand, intern, manager, bilingual, submit):
    post = submit(intern, actions.create(intern, brand, bilingual(
        "Our new bakery opens on Monday. Hot loaves!")))
    actions.approve(manager, post, post.current_version_id)
    rule = Rule.objects.create(rule_set=brand.ruleset, name="No loaves", kind="banned_terms",
                               params={"terms": ["loaves"]}, severity="error",
                               message_en="No “%s”.", message_fr="Pas de « %s ».")
    pipeline.recheck_posts(_batch(brand, manager), [post.pk])
    post = reload(post)
    assert post.state == State.SENT_BACK
    finding = post.findings.get(rule=rule)
    assert finding.variant.language == "en" and finding.matched == "loaves"


def _batch(brand, user):
    from socialgov.brands.models import RecheckBatch

    return RecheckBatch.objects.create(brand=brand, requested_by=user, reason="rules", total=1).pk


# -- the editor and the post page --------------------------------------------------


def _editor_data(brand, **extra):
    data = {
        "brand": brand.pk, "networks": ["x", "linkedin"], "objective": "inform",
        "language": "fr", "text": FR, "other_text": EN,
        "network_texts-TOTAL_FORMS": "2", "network_texts-INITIAL_FORMS": "0",
        "network_texts-0-network": "x", "network_texts-0-language": "en",
        "network_texts-0-text": "Open Monday!\r\nSee you",
        "network_texts-1-network": "", "network_texts-1-language": "",
        "network_texts-1-text": "", "action": "save",
    }
    data.update(extra)
    return data


def test_the_editor_saves_both_languages_and_a_network_text(client, brand, intern):
    client.force_login(intern)
    page = client.get("/posts/new/").content.decode()
    assert "English version" in page and 'id="network-text-template"' in page
    response = client.post("/posts/new/", _editor_data(brand))
    post = Post.objects.get()
    assert response.status_code == 302
    assert texts_of(post.current_version) == [("en", "", EN), ("en", "x", "Open Monday!\nSee you")]
    # And the edit page shows them again.
    edit = client.get(f"/posts/{post.pk}/edit/").content.decode()
    assert EN in edit and "Open Monday!" in edit
    assert 'name="network_texts-0-network"' in edit


def test_a_network_text_in_the_posts_language_needs_no_language_chosen(client, brand, intern):
    client.force_login(intern)
    client.post("/posts/new/", _editor_data(brand, **{
        "other_text": "", "network_texts-0-language": "", "network_texts-0-text": "Court !"}))
    assert texts_of(Post.objects.get().current_version) == [("fr", "x", "Court !")]


def test_nothing_typed_in_the_variants_disappears_on_an_error(client, brand, intern):
    client.force_login(intern)
    response = client.post("/posts/new/", _editor_data(brand, **{
        "text": "",  # the post's own text is missing
        "network_texts-1-network": "bluesky", "network_texts-1-text": "For Bluesky only",
    }))
    assert response.status_code == 200 and Post.objects.count() == 0
    html = response.content.decode()
    assert EN in html and "Open Monday!" in html and "For Bluesky only" in html
    assert "Bluesky is not one of the post&#x27;s networks" in html
    assert '<option value="bluesky" selected>' in html


def test_two_texts_for_the_same_network_and_language_are_refused(client, brand, intern):
    client.force_login(intern)
    response = client.post("/posts/new/", _editor_data(brand, **{
        "network_texts-1-network": "x", "network_texts-1-language": "en",
        "network_texts-1-text": "Another one"}))
    assert response.status_code == 200
    assert "English: there is already a text for X." in response.content.decode()


def test_a_network_text_must_say_which_network(client, brand, intern):
    client.force_login(intern)
    response = client.post("/posts/new/", _editor_data(brand, **{
        "network_texts-0-network": ""}))
    assert "Choose the network this text is for." in response.content.decode()


def test_the_other_language_must_be_one_the_brand_posts_in(client, other_brand, other_admin):
    client.force_login(other_admin)
    response = client.post("/posts/new/", _editor_data(other_brand, **{
        "language": "en", "other_text": "Bonjour", "network_texts-TOTAL_FORMS": "0"}))
    assert response.status_code == 200
    assert "This brand does not post in this language: French." in response.content.decode()
    assert Post.objects.count() == 0


def test_the_post_page_shows_each_text_with_its_own_findings(
        client, brand, intern, manager, bilingual, submit, banned_rule):
    post = submit(intern, actions.create(intern, brand, bilingual(
        EN_WITH_BITE, variant("fr", "Un idiot de four !", "x"))))
    client.force_login(manager)
    response = client.get(post.get_absolute_url())
    html = response.content.decode()
    assert "Français" in html and "English" in html
    assert "Network-specific text · Applies to: X" in html
    assert "Applies to: LinkedIn" in html  # the French text goes to LinkedIn only
    assert '>damn</mark>' in html and '>idiot</mark>' in html
    findings = response.context["findings"]
    # Numbered text by text: the French X text's first, then the English one's.
    assert [(f.number, f.matched, f.variant_label) for f in findings] == [
        (1, "idiot", "Français · X"), (2, "damn", "English")]
    assert 'data-findings="1"' in html and 'data-findings="2"' in html


def test_the_version_page_marks_each_findings_in_its_own_text(
        client, brand, intern, manager, bilingual, submit, banned_rule):
    """The version page marked the other texts' findings over the main text, at
    their offsets: "idiot" (in the French X text) lit up letters 3 to 8 of the
    main text. It now shows each text with its own findings, as the post page."""
    post = submit(intern, actions.create(intern, brand, bilingual(
        EN_WITH_BITE, variant("fr", "Un idiot de four !", "x"))))
    client.force_login(manager)
    response = client.get(f"/posts/{post.pk}/versions/1/")
    html = response.content.decode()
    texts = response.context["texts"]
    marked = {(block.label, segment.text) for section in texts.sections
              for block in section.texts for segment in block.segments if segment.findings}
    assert marked == {("Français · X", "idiot"), ("English", "damn")}
    main = texts.main
    assert not any(segment.findings for segment in main.segments)
    assert '>idiot</mark>' in html and '>damn</mark>' in html
    assert "Français · X" in html


def test_the_post_page_in_french_labels_the_texts_in_french(
        client, brand, intern, bilingual):
    post = actions.create(intern, brand, bilingual(EN, variant("en", "Short", "x")))
    client.force_login(intern)
    html = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Texte propre à un réseau · S’applique à\u00a0: X" in html
    editor = client.get(f"/posts/{post.pk}/edit/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Version anglaise" in editor and "Ajouter un texte propre à un réseau" in editor


def test_a_single_text_post_page_is_unchanged(client, brand, intern, fields):
    post = actions.create(intern, brand, fields())
    client.force_login(intern)
    response = client.get(post.get_absolute_url())
    assert not response.context["texts"].has_variants
    assert 'class="variant-language"' not in response.content.decode()


def test_variants_are_stored_rows_of_their_version(brand, intern, bilingual):
    post = actions.create(intern, brand, bilingual())
    assert PostVariant.objects.filter(version__post=post).count() == 1
    assert PostVersion.objects.get(pk=post.current_version_id).variant_specs == [
        variant("en", EN)]
    assert Finding.objects.count() == 0
