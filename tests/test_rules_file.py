"""A brand's rules as a YAML file and Vale styles as a zip: export, import, refusals."""

import io
import stat
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socialgov.audit.models import AuditEvent
from socialgov.brands import rules_file, voice
from socialgov.brands.models import RecheckBatch, Rule, VoiceGuideline

RULES_YAML = """\
version: 1
rules:
  - name: No insults
    kind: banned_terms
    severity: error
    message: {en: "“%s” insults the reader.", fr: "« %s » insulte le lecteur."}
    params: {terms: [dumb, idiot]}
  - name: Plain words
    kind: substitution
    message: {en: Prefer plain words., fr: Préférez les mots simples.}
    suggestion: Use “use”.
    enabled: false
    params: {swap: {utilize: use}}
"""


def read(text, guidelines=()):
    return rules_file.read_yaml(text, set(guidelines))


def problem_lines(found):
    return [(problem.line, problem.message) for problem in found.problems]


# -- the YAML file -------------------------------------------------------------------


def test_a_file_gives_its_rules_with_both_languages():
    found = read(RULES_YAML)
    assert found.problems == []
    insults, plain = found.rules
    assert (insults.name, insults.kind, insults.severity, insults.enabled) == (
        "No insults", "banned_terms", "error", True)
    assert insults.params == {"terms": ["dumb", "idiot"]}
    assert (insults.message_en, insults.message_fr) == (
        "“%s” insults the reader.", "« %s » insulte le lecteur.")
    # One text for both languages, and the defaults.
    assert (plain.suggestion_en, plain.suggestion_fr) == ("Use “use”.", "Use “use”.")
    assert (plain.severity, plain.enabled, plain.line) == ("warning", False, 8)


def test_export_then_import_gives_back_the_same_rules(brand, banned_rule, warning_rule):
    guideline = VoiceGuideline.objects.create(brand=brand, title="Kindness")
    banned_rule.guideline = guideline
    banned_rule.enabled = False
    banned_rule.save()
    fields = ("name", "kind", "params", "severity", "enabled", "message_en", "message_fr",
              "suggestion_en", "suggestion_fr", "guideline__title")
    before = list(Rule.objects.filter(rule_set__brand=brand).order_by("name").values(*fields))

    exported = rules_file.export_brand(brand)
    assert exported.startswith("# ")  # says whose rules and which version
    found = read(exported, ["Kindness"])
    assert found.problems == []
    voice.import_rules(None, brand, found.rules, voice.REPLACE)

    after = list(Rule.objects.filter(rule_set__brand=brand).order_by("name").values(*fields))
    assert after == before


def test_a_next_line_character_in_a_message_survives_the_file(brand, warning_rule):
    # U+0085 (NEL) is a line break to YAML: PyYAML wrote it raw inside quotes, and read
    # it back as a space (found by the round-trip property test).
    warning_rule.message_en = "Prefer\x85plain words to “%s”."
    warning_rule.suggestion_en = "Say it\x85plainly."
    warning_rule.save()
    found = read(rules_file.export_brand(brand), [])
    assert found.problems == []
    [rule] = found.rules
    assert (rule.message_en, rule.suggestion_en) == ("Prefer\x85plain words to “%s”.",
                                                     "Say it\x85plainly.")


def test_a_next_line_character_in_a_message_survives_a_restore(brand, brand_admin):
    from socialgov.brands import history

    voice.import_rules(brand_admin, brand, [rules_file.RuleData(
        name="Plain", kind="substitution", params={"swap": {"utilize": "use"}},
        severity="warning", message_en="Prefer\x85plain words.")], voice.REPLACE)
    version = brand.rule_versions.first()
    Rule.objects.filter(rule_set__brand=brand).delete()
    history.restore(brand_admin, brand, version)
    assert Rule.objects.get(rule_set__brand=brand).message_en == "Prefer\x85plain words."


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("version: 1\nrules:\n  - name: [unclosed\n", 4, "not valid YAML"),
        ("version: 1\nrules:\n  - name: x\n\tkind: y\n", 4, "not valid YAML"),
        ("- just a list\n", 1, "the list of rules"),
        ("version: 2\nrules: []\n", 1, "Only version 1"),
        ("version: 1\nrules: {}\n", 2, "must be a list"),
        ("version: 1\nrules:\n  - name: A\n    kind: banned_terms\n    message: m\n"
         "    params: {terms: [a]}\n  - name: B\n    kind: teleport\n    message: m\n", 7,
         "Unknown kind “teleport”"),
        ("version: 1\nrules:\n  - name: A\n    kind: banned_terms\n    message: m\n"
         "    colour: red\n    params: {terms: [a]}\n", 3, "Unknown key “colour”"),
        ("version: 1\nrules:\n  - name: A\n    kind: banned_terms\n    message: [m]\n"
         "    params: {terms: [a]}\n", 3, "Rule “A”: “message” must be a text"),
        ("version: 1\nrules:\n\n  - name: A\n    kind: max_count\n    message: m\n"
         "    params: {pattern: '(unclosed', max: 1}\n", 4, "Rule “A”:"),
        ("version: 1\nrules:\n  - name: A\n    kind: banned_terms\n    message: m\n"
         "    severity: fatal\n    params: {terms: [a]}\n", 3, "Unknown severity “fatal”"),
        ("version: 1\nrules:\n  - name: A\n    kind: banned_terms\n    message: m\n"
         "    guideline: Nowhere\n    params: {terms: [a]}\n", 3, "no voice guideline titled"),
        ("version: 1\nrules:\n  - name: A\n    kind: banned_terms\n    message: m\n"
         "    params: {terms: [a]}\n  - name: A\n    kind: banned_terms\n    message: m\n"
         "    params: {terms: [b]}\n", 7, "Two rules are named “A” (the other is on line 3)"),
        ("version: 1\nrules:\n  - !!python/object/apply:os.system [echo]\n", 3,
         "not valid YAML"),
        ("version: 1\nrules:\n  - name: \"A\\0\"\n    kind: banned_terms\n"
         "    params: {terms: [a]}\n", 3,
         "Rule “A\ufffd”: The name holds an invisible control character (U+0000)"),
    ],
)
def test_each_problem_is_told_with_its_line_and_nothing_is_kept(text, line, says):
    found = read(text)
    assert found.rules == []
    assert any(problem_line == line and says in message
               for problem_line, message in problem_lines(found)), problem_lines(found)


def test_bytes_that_are_not_text_or_hold_a_nul_are_refused_with_their_line():
    assert problem_lines(read(b"version: 1\nrules:\n  - name: \xff\n")) == [
        (3, "The file is not UTF-8 text.")]
    assert problem_lines(read("version: 1\n\x00")) == [(2, "The file holds a NUL character.")]
    too_big = "#" * (rules_file.MAX_FILE_BYTES + 1)
    assert read(too_big).problems[0].line is None


# -- Vale styles ---------------------------------------------------------------------

WEASEL = """extends: existence
message: "'%s' is a weasel word!"
level: warning
ignorecase: true
tokens:
  - very
  - extremely
"""
SPELLING = "extends: spelling\nmessage: Spelling!\n"


def zipped(files, links=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        for name, target in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def test_a_vale_style_zip_gives_its_rules_and_says_what_it_left_out():
    found = rules_file.read_vale_zip(zipped({
        "write-good/Weasel.yml": WEASEL,
        "write-good/Spelling.yml": SPELLING,
        "write-good/README.md": "# not a rule",
    }), "write-good.zip")
    assert found.problems == []
    (weasel,) = found.rules
    assert (weasel.name, weasel.kind, weasel.severity) == ("write-good.Weasel", "existence",
                                                           "warning")
    assert weasel.params["tokens"] == ["very", "extremely"]
    assert weasel.message_en == weasel.message_fr == "'%s' is a weasel word!"
    assert found.skipped == [
        "write-good/Spelling.yml: a kind this engine does not run (spelling)"]


def test_a_vale_style_round_trips_through_the_rules_file(brand):
    found = rules_file.read_vale_zip(zipped({"Weasel.yml": WEASEL}), "house.zip")
    voice.import_rules(None, brand, found.rules, voice.ADD)
    again = read(rules_file.export_brand(brand))
    assert [(r.name, r.kind, r.params) for r in again.rules] == [
        ("house.Weasel", "existence", found.rules[0].params)]


@pytest.mark.parametrize(
    ("archive", "says"),
    [
        (zipped({"../escape.yml": WEASEL}), "points outside the style's folder"),
        (zipped({"/etc/cron.d/x.yml": WEASEL}), "points outside the style's folder"),
        (zipped({"style\\..\\..\\x.yml": WEASEL}), "points outside the style's folder"),
        (zipped({"style/A.yml": WEASEL}, links=[("style/B.yml", "/etc/passwd")]), "is a link"),
        (zipped({"style/Bomb.yml": "a" * (rules_file.MAX_RULE_FILE_BYTES * 4)}),
         "unpacks to more than"),
        (zipped({f"style/R{n}.yml": WEASEL for n in range(rules_file.MAX_ZIP_ENTRIES + 1)}),
         "more than"),
        (b"PK\x03\x04 but not really a zip", "not a zip archive"),
        (zipped({"style/README.md": "nothing"}), "no Vale rule"),
    ],
)
def test_hostile_or_empty_archives_are_refused_whole(archive, says):
    found = rules_file.read_vale_zip(archive, "style.zip")
    assert found.rules == []
    assert any(says in problem.message for problem in found.problems), found.problems


def test_an_entry_that_lies_about_its_size_is_still_stopped_at_the_cap(monkeypatch):
    monkeypatch.setattr(rules_file, "MAX_RULE_FILE_BYTES", 1000)
    archive = zipped({"style/Big.yml": "extends: existence\n" + "#" * 5000})
    # A header that claims a small file: reading is capped, not the header trusted.
    patched = archive.replace((5019).to_bytes(4, "little"), (100).to_bytes(4, "little"))
    found = rules_file.read_vale_zip(patched, "style.zip")
    assert found.rules == []
    assert found.problems


# -- the pages -----------------------------------------------------------------------


def test_the_brand_admin_exports_the_rules_as_a_yaml_download(client, brand, brand_admin,
                                                               banned_rule):
    client.force_login(brand_admin)
    response = client.get(reverse("brands:rules_export", args=[brand.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert 'filename="acme-rules.yaml"' in response["Content-Disposition"]
    assert [rule.name for rule in read(response.content).rules] == ["No insults"]


def upload(client, brand, content, name="rules.yaml", mode="add"):
    return client.post(reverse("brands:rules_import", args=[brand.slug]), {
        "file": SimpleUploadedFile(name, content), "mode": mode})


def test_an_import_shows_what_it_changes_then_saves_it_and_rechecks(
    client, brand, brand_admin, banned_rule, warning_rule, django_capture_on_commit_callbacks
):
    client.force_login(brand_admin)
    version = brand.ruleset.version
    preview = upload(client, brand, RULES_YAML.encode(), mode="replace")
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert plan == {"added": [], "replaced": ["No insults", "Plain words"], "deleted": []}
    assert Rule.objects.get(pk=banned_rule.pk)  # nothing saved yet
    confirm = preview.context["confirm"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("brands:rules_import", args=[brand.slug]), {
            **{name: confirm[name].value() for name in ("rules_yaml", "mode", "source")},
            "confirm": "1"})
    assert response.status_code == 302
    rules = Rule.objects.filter(rule_set__brand=brand).order_by("name")
    assert [(r.name, r.enabled) for r in rules] == [("No insults", True), ("Plain words", False)]
    brand.ruleset.refresh_from_db()
    assert brand.ruleset.version == version + 1  # one change of the rule set
    event = AuditEvent.objects.get(action="rules_imported")
    assert event.data["replaced"] == ["No insults", "Plain words"]
    assert event.data["subject"] == "rules.yaml"
    assert RecheckBatch.objects.filter(brand=brand).exists()


def test_a_file_with_problems_imports_nothing_and_says_where(client, brand, brand_admin,
                                                              banned_rule):
    client.force_login(brand_admin)
    bad = RULES_YAML.replace("kind: substitution", "kind: teleport")
    response = upload(client, brand, bad.encode(), mode="replace")
    assert response.status_code == 200
    assert "Line 8:" in response.content.decode()
    assert list(Rule.objects.filter(rule_set__brand=brand).values_list("name", flat=True)) == [
        "No insults"]
    assert not AuditEvent.objects.filter(action="rules_imported").exists()


def test_a_tampered_confirmation_is_read_again_before_anything_is_saved(client, brand,
                                                                        brand_admin):
    client.force_login(brand_admin)
    response = client.post(reverse("brands:rules_import", args=[brand.slug]), {
        "rules_yaml": "version: 1\nrules:\n  - name: X\n    kind: nonsense\n    message: m\n",
        "mode": "add", "source": "x.yaml", "confirm": "1"})
    assert response.status_code == 200
    assert "Unknown kind" in response.content.decode()
    assert not Rule.objects.filter(rule_set__brand=brand).exists()


def test_a_vale_zip_is_imported_through_the_same_preview(client, brand, brand_admin):
    client.force_login(brand_admin)
    preview = upload(client, brand, zipped({"house/Weasel.yml": WEASEL,
                                            "house/Spelling.yml": SPELLING}), "house.zip")
    assert preview.status_code == 200
    assert preview.context["plan"]["added"] == ["house.Weasel"]
    assert "a kind this engine does not run (spelling)" in preview.content.decode()


def test_the_import_page_reads_in_french(client, brand, brand_admin):
    client.force_login(brand_admin)
    client.cookies["django_language"] = "fr"
    bad = upload(client, brand, b"version: 1\nrules:\n  - name: A\n    kind: teleport\n")
    page = bad.content.decode()
    assert "Ligne 3\u00a0:" in page
    assert "Type inconnu «\u00a0teleport\u00a0»" in page
