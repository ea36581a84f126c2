"""French ships complete: every string of the catalogue is translated, none is a
guess left fuzzy by makemessages, and the compiled .mo says what the .po says.
It reads as the OQLF sets French: no-break spaces before : ; ! ? and inside
« », epicene wording rather than truncated forms, one word for each thing,
and no English left in it."""

import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "socialgov" / "locale" / "fr" / "LC_MESSAGES"
# Every French catalogue of the project (an app may keep its own).
CATALOGUES = sorted(ROOT.glob("socialgov/**/locale/fr/LC_MESSAGES/django.po"))


def catalogue_entries(path=LOCALE / "django.po"):
    """(flags, msgctxt, msgid, msgid_plural, [msgstr...]) for each live entry of the .po."""
    entries, current, field = [], None, None

    def finish():
        if current and current["msgid"] is not None:
            entries.append(current)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            continue  # obsolete: not shipped
        if not line:
            finish()
            current, field = None, None
            continue
        if current is None:
            current = {"flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None,
                       "msgstr": {}}
        if line.startswith("#,"):
            current["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, tuple):
                current["msgstr"][field[1]] += value
            else:
                current[field] += value
        else:
            keyword, _, value = line.partition(" ")
            value = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                field = ("msgstr", index)
                current["msgstr"][index] = value
            else:
                field = keyword
                current[keyword] = value
    finish()
    return [entry for entry in entries if entry["msgid"]]  # the header has an empty msgid


def test_the_french_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = catalogue_entries()
    assert len(entries) > 500
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert not fuzzy, f"fuzzy French entries: {fuzzy}"
    assert not untranslated, f"untranslated French entries: {untranslated}"


def test_the_compiled_catalogue_matches_the_po_file():
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in catalogue_entries():
        if entry["msgid_plural"] is not None:
            continue
        msgid = entry["msgid"]
        if entry["msgctxt"] is not None:
            got = compiled.pgettext(entry["msgctxt"], msgid)
        else:
            got = compiled.gettext(msgid)
        if got != entry["msgstr"][0]:
            stale.append(msgid)
    assert not stale, f"run `make messages`: the .mo is older than the .po for {stale[:5]}"


# -- French typography, wording and terms (OQLF) -------------------------------------

NO_BREAK = "\u00a0\u202f"  # a no-break space, or a narrow one
# A colon, semicolon, exclamation or question mark that ends a phrase (not the
# colon of "https://", nor the "?" of a query string).
HIGH_PUNCTUATION = re.compile(r"(?<!https)(?<!http)([:;!?])(?=$|[\s»)\]”’.,…])")
# Truncated forms: "réviseur·es", "rédigé(e)", "employé.e.s".
TRUNCATED = re.compile(r"\w[·•]\w|\w\((?:e|es|ne|nes|se|ses|trice|rice)\)|\w\.e\.s?\b")
# Words the same in both languages: a French string may repeat its msgid.
SAME_IN_FRENCH = {
    "%(language)s · %(network)s", "Actions", "Date", "Image %(number)s", "Images", "Invitation",
    "Justification", "Note", "Pages", "Passage", "Position", "Position %(position)s",
    "Version", "Version %(number)s", "Versions", "absence", "absences", "format", "image",
    "images", "invitation", "invitations", "passage", "position", "version %(number)s",
    "version %(old)s → version %(new)s", "SHA-256", "Notification", "Notifications",
    "Situation", "date", "publication", "publications", "Message", "%(shipped)s → %(now)s",
    "Exceptions", "Canada", "Suggestion", "Europe", "Code", "session", "sessions",
    # Outgoing webhooks: the name the receivers' documentation uses too.
    "Webhooks", "Webhook", "webhooks", "webhook", "Test", "Secret",
}


def french_strings(path):
    """(msgid, msgstr) for every French string of a catalogue, plural forms included."""
    return [(entry["msgid"], text) for entry in catalogue_entries(path)
            for text in entry["msgstr"].values()]


def typography_faults(text):
    faults = []
    for match in HIGH_PUNCTUATION.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        if before not in NO_BREAK:
            faults.append(f"{before!r} before {match.group(1)!r}")
    if re.search(f"«(?![{NO_BREAK}])", text) or re.search(f"(?<![{NO_BREAK}])»", text):
        faults.append("« » without no-break spaces inside")
    if TRUNCATED.search(text):
        faults.append("a truncated form")
    return faults


def test_the_typography_check_sees_the_faults_it_is_for():
    assert typography_faults("Risque: Critique") == ["'e' before ':'"]
    assert typography_faults("Étape 1 : Révision") == ["' ' before ':'"]
    assert typography_faults("« Archivées »") == ["« » without no-break spaces inside"]
    assert typography_faults("les réviseur·es") == ["a truncated form"]
    assert typography_faults("Motif\u00a0: « \u00a0x\u00a0»\u00a0? https://exemple.ca/?a=1") \
        == ["« » without no-break spaces inside"]
    assert typography_faults("Risque\u00a0: critique\u00a0; Prêt\u00a0? Oui\u00a0!") == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-5])
def test_french_punctuation_and_wording_follow_the_oqlf(path):
    faults = [(msgid, text, typography_faults(text)) for msgid, text in french_strings(path)
              if typography_faults(text)]
    assert not faults, "French strings to fix:\n" + "\n".join(map(repr, faults))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-5])
def test_no_english_is_left_in_the_french_catalogue(path):
    untranslated = sorted({msgid for msgid, text in french_strings(path)
                           if text == msgid and msgid not in SAME_IN_FRENCH})
    assert not untranslated, f"English left in French (or add it to SAME_IN_FRENCH): " \
        f"{untranslated}"


def test_one_french_word_for_each_thing():
    """A waiver is a « dérogation », everywhere; the brand admin role has one name
    (« Administration de la marque », its people « les personnes chargées de
    l’administration de la marque »); reviewers are « l’équipe de révision » or
    « les personnes chargées de la révision », never a truncated form."""
    strings = french_strings(LOCALE / "django.po")
    waivers = [(msgid, text) for msgid, text in strings
               if re.search(r"\bwaive", msgid, re.I) and "dérogation" not in text.lower()]
    assert not waivers, f"a waiver is a « dérogation »: {waivers}"
    words = {
        "exception": r"\bexception",
        "admin, administrateur, administratrice": r"\badmin\b|administrat(?:eur|rice)",
        "réviseur, réviseure, approbateur": r"réviseu|approbat(?:eur|rice)",
    }
    # The label of a word list's exceptions on the rule form (fixed by the issue that
    # made it): phrases a word is fine in, not waivers.
    labels = {"Exceptions"}
    for word, pattern in words.items():
        found = [text for _msgid, text in strings
                 if re.search(pattern, text, re.I) and text not in labels]
        assert not found, f"« {word} » in the French catalogue: {found}"



def test_french_typed_by_people_is_shown_with_its_no_break_spaces():
    """A rule's French message, as a brand admin or a pack wrote it, reads right."""
    from socialgov.lib.typography import french, in_language

    assert french("« dumb » insulte: relisez!") == \
        "«\u00a0dumb\u00a0» insulte\u00a0: relisez\u00a0!"
    assert french("Quoi?! Non ; oui") == "Quoi\u00a0?! Non\u00a0; oui"
    # Not punctuation: an address, a time, an emoticon; a narrow no-break space is kept.
    kept = "Voir https://exemple.ca/?a=1 à 14:30 :) puis\u202f!"
    assert french(kept) == kept
    assert in_language("Risk: high", "en") == "Risk: high"
    assert typography_faults(french("Étape 1 : Révision « x »")) == []
