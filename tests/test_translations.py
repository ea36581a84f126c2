"""French ships complete: every string of the catalogue is translated, none is a
guess left fuzzy by makemessages, and the compiled .mo says what the .po says."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "socialgov" / "locale" / "fr" / "LC_MESSAGES"


def catalogue_entries():
    """(flags, msgctxt, msgid, msgid_plural, [msgstr...]) for each live entry of the .po."""
    entries, current, field = [], None, None

    def finish():
        if current and current["msgid"] is not None:
            entries.append(current)

    for raw in (LOCALE / "django.po").read_text(encoding="utf-8").splitlines():
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
