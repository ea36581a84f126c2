"""What changed from one version of a brand's voice to the next, said in the reader's
language when the history is shown: computed from the versions' stored data (rules,
changes to shipped rules, guidelines, settings, dates), never from the prose of whoever
made the change. Rules are described as their form says them (words and phrases,
limits...), with ``{match}`` where the matched words go; only a rule the form edits as
JSON (a regular expression...) shows its parameters as JSON."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from socialgov.brands import rule_words
from socialgov.brands.forms import CAPITALIZATION_SCOPES, CAPITALIZATION_STYLES, MATCH
from socialgov.brands.models import PACK_CHOICES, Brand, RuleKind, Severity
from socialgov.brands.words import day_and_recurrence, language, quoted
from socialgov.checks.networks import display_name as network_name
from socialgov.lib.typography import in_language

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
TEXT_SHOWN = 300  # characters of a guideline's text shown when it is added or removed


@dataclass
class Detail:
    """One line of a change: a value (``value``), or what it was and became (``before``,
    ``after``), or the items a list gained and lost (``gained``, ``lost``)."""

    label: str
    value: str = ""
    before: str = ""
    after: str = ""
    gained: list = field(default_factory=list)
    lost: list = field(default_factory=list)
    code: bool = False  # shown as code (a rule's parameters in JSON)


@dataclass
class Change:
    kind: str  # ADDED, REMOVED or CHANGED
    headline: str  # "Rule “No insults” changed", in the reader's language
    details: list[Detail] = field(default_factory=list)


def between(before, after) -> list[Change]:
    """The changes from version ``before`` (None: the start) to ``after``."""
    out = []
    out += _rules(before.rules if before else [], after.rules)
    out += _overrides(before.overrides if before else [], after.overrides)
    out += _guidelines(before.guidelines if before else [], after.guidelines)
    if before is not None and before.brand_settings and after.brand_settings:
        out += settings_changes(before.brand_settings, after.brand_settings)
    # None: a version from before dates were kept, which says nothing about them.
    if after.dates is not None and (before is None or before.dates is not None):
        out += _dates(before.dates if before else [], after.dates)
    return out


# -- rules ----------------------------------------------------------------------------


def _by(items, key):
    return {item.get(key): item for item in items or () if isinstance(item, dict)}


def _rules(before, after) -> list[Change]:
    old, new = _by(before, "name"), _by(after, "name")
    out = [Change(ADDED, _("Rule %(name)s added") % {"name": quoted(name)},
                  _listed_details(rule_in_words(new[name])))
           for name in new if name not in old]
    for name in new:
        if name in old and old[name] != new[name]:
            out.append(Change(CHANGED, _("Rule %(name)s changed") % {"name": quoted(name)},
                              _compared(rule_in_words(old[name]), rule_in_words(new[name]))))
    out += [Change(REMOVED, _("Rule %(name)s deleted") % {"name": quoted(name)},
                   _listed_details(rule_in_words(old[name])))
            for name in old if name not in new]
    return out


def _listed_details(lines) -> list[Detail]:
    return [Detail(label, value=listed(value) if isinstance(value, tuple) else value,
                   code=code) for label, value, code in lines]


def _compared(old, new) -> list[Detail]:
    """The lines of ``new`` (``(label, value, code)``) that differ from ``old``'s; a list
    of words says the words it gained and lost."""
    before = {label: (value, code) for label, value, code in old}
    after = {label: (value, code) for label, value, code in new}
    out = []
    for label in dict.fromkeys([*before, *after]):
        (was, code), (now, code_now) = before.get(label, ("", False)), after.get(label,
                                                                                ("", False))
        if was == now:
            continue
        if isinstance(was, tuple) or isinstance(now, tuple):
            was, now = tuple(was or ()), tuple(now or ())
            out.append(Detail(label, gained=[w for w in now if w not in was],
                              lost=[w for w in was if w not in now]))
        else:
            out.append(Detail(label, before=_shown(was), after=_shown(now),
                              code=code or code_now))
    return out


def _shown(value) -> str:
    return "—" if value in ("", None) else str(value)


def rule_in_words(rule: dict) -> list[tuple[str, object, bool]]:
    """``(label, value, as code)`` of a rule as the rules file keeps it, as its form says
    it; a list of words is a tuple of quoted words."""
    kind = rule.get("kind", "")
    severity = rule.get("severity", "")
    lines = [
        (_("Kind"), str(RuleKind(kind).label) if kind in RuleKind.values else kind, False),
        (_("Severity"), str(Severity(severity).label) if severity in Severity.values
         else severity, False),
        (_("State"), _("on") if rule.get("enabled", True) else _("off"), False),
    ]
    lines += params_in_words(kind, rule.get("params") or {})
    message, suggestion = rule.get("message") or {}, rule.get("suggestion") or {}
    for label, texts, code in ((_("Message (English)"), message, "en"),
                               (_("Message (French)"), message, "fr"),
                               (_("Suggestion (English)"), suggestion, "en"),
                               (_("Suggestion (French)"), suggestion, "fr")):
        text = (texts.get(code) or "") if isinstance(texts, dict) else ""
        if text:  # French as the OQLF spaces it, as the findings will read
            lines.append((label, in_language(text.replace("%s", MATCH), code), False))
    if rule.get("guideline"):
        lines.append((_("Guideline"), quoted(rule["guideline"]), False))
    return lines


def _words(items) -> tuple:
    return tuple(quoted(item) for item in items or ())


def params_in_words(kind: str, params: dict) -> list[tuple[str, object, bool]]:
    """A rule's parameters as the fields of its form say them."""
    if kind == RuleKind.BANNED_TERMS:
        terms, exceptions = params.get("terms"), params.get("exceptions")
        if isinstance(terms, list) and isinstance(exceptions or [], list):
            return [(_("Words and phrases"), _words(terms), False),
                    (_("Exceptions"), _words(exceptions), False)]
    elif kind == RuleKind.SUBSTITUTION and isinstance(params.get("swap"), dict):
        return [(_("Instead of → write"), tuple(
            f"{quoted(before)} → {quoted(after)}" for before, after in params["swap"].items()),
            False)]
    elif kind == RuleKind.MAX_LENGTH and isinstance(params.get("limits"), dict):
        return [(_("Characters at most, per network"), tuple(
            _("%(network)s: %(limit)s") % {"network": network_name(network), "limit": limit}
            for network, limit in params["limits"].items()), False)]
    elif kind in rule_words.KINDS:
        fields = rule_words.read(kind, params)
        if fields is not None:
            return _fields_in_words(kind, fields)
    return [(_("Parameters (JSON)"),
             json.dumps(params, ensure_ascii=False, sort_keys=True), True)]


def _fields_in_words(kind, fields) -> list[tuple[str, object, bool]]:
    lines = rule_words.lines
    if kind == RuleKind.EXISTENCE:
        return [(_("Words and phrases"), _words(lines(fields["terms"])), False),
                (_("Exceptions"), _words(lines(fields["exceptions"])), False)]
    if kind in (RuleKind.MAX_COUNT, RuleKind.OCCURRENCE):
        counted = fields["counted"]
        what = (_("the word or phrase %(word)s") % {"word": quoted(fields["count_word"])}
                if counted == rule_words.COUNT_WORD else str(rule_words.COUNTED[counted][0]))
        out = [(_("What is counted"), what, False)]
        if fields.get("least") is not None:
            out.append((_("At least"), str(fields["least"]), False))
        if fields.get("most") is not None:
            out.append((_("At most"), str(fields["most"]), False))
        return out
    if kind == RuleKind.REPETITION:
        return [(_("Words that may be doubled"), _words(lines(fields["repeat_exceptions"])),
                 False),
                (_("Also when only the capitals differ"),
                 _("yes") if fields["any_case"] else _("no"), False)]
    if kind == RuleKind.CONSISTENCY:
        return [(_("Spellings to keep consistent"), tuple(
            _("%(one)s or %(other)s") % {"one": quoted(one), "other": quoted(other)}
            for one, other in fields["either_pairs"]), False)]
    if kind == RuleKind.CONDITIONAL:
        abbreviations = lines(fields["abbreviations"])
        return [(_("Abbreviations"), _words(abbreviations) if abbreviations
                 else _("any word of 3 to 5 capital letters"), False),
                (_("Abbreviations everyone knows"), _words(lines(fields["known"])), False)]
    if kind == RuleKind.CAPITALIZATION:
        return [(_("Style"), str(dict(CAPITALIZATION_STYLES)[fields["cap_style"]]), False),
                (_("Where"), str(dict(CAPITALIZATION_SCOPES)[fields["cap_scope"]]), False),
                (_("Words that keep their own capitals"),
                 _words(lines(fields["keep_capitals"])), False)]
    return []


# -- shipped rules ------------------------------------------------------------------------


def _overrides(before, after) -> list[Change]:
    old, new = _by(before, "rule"), _by(after, "rule")
    out = []
    for rule_id in sorted(set(old) | set(new)):
        was, now = old.get(rule_id), new.get(rule_id)
        if was == now:
            continue
        details = [Detail(_("For this brand"), before=_override_state(rule_id, was),
                          after=_override_state(rule_id, now))]
        spec = _shipped(rule_id)
        if spec is not None:
            message = spec.message.get(language()) or spec.message.get("en") or ""
            details.insert(0, Detail(_("Message"), value=in_language(
                message.replace("%s", MATCH), language())))
        reason = (now or was or {}).get("reason")
        if reason:
            details.append(Detail(_("Reason"), value=reason))
        headline = (_("Shipped rule %(rule)s back as shipped") if now is None
                    else _("Shipped rule %(rule)s changed for this brand"))
        out.append(Change(CHANGED, headline % {"rule": rule_id}, details))
    return out


def _shipped(rule_id):
    """The shipped rule ``rule_id`` as its pack ships it, or None (a rule gone since)."""
    from socialgov.checks import packs

    specs, _fingerprint = packs.load_packs_cached(tuple(name for name, _l in PACK_CHOICES))
    return next((spec for spec in specs if spec.id == rule_id), None)


def _override_state(rule_id, override) -> str:
    if override is None:
        spec = _shipped(rule_id)
        severity = spec.severity if spec is not None else ""
        if severity in Severity.values:
            return _("as shipped (%(severity)s)") % {"severity": Severity(severity).label}
        return _("as shipped")
    if not override.get("enabled", True):
        return _("turned off")
    severity = override.get("severity", "")
    if severity in Severity.values:
        return str(Severity(severity).label)
    return _("as shipped")


# -- guidelines, settings, dates --------------------------------------------------------


def _guidelines(before, after) -> list[Change]:
    old, new = _by(before, "title"), _by(after, "title")
    out = []
    for title in new:
        if title not in old:
            out.append(Change(ADDED, _("Guideline %(title)s added") % {"title": quoted(title)},
                              [Detail(_("Text"), value=_excerpt(new[title].get("text")))]))
        elif old[title] != new[title]:
            details = []
            was, now = old[title].get("text") or "", new[title].get("text") or ""
            if was != now:
                lines = list(difflib.ndiff(was.splitlines(), now.splitlines()))
                details.append(Detail(
                    _("Text"), gained=[line[2:] for line in lines if line.startswith("+ ")],
                    lost=[line[2:] for line in lines if line.startswith("- ")]))
            if old[title].get("position") != new[title].get("position"):
                details.append(Detail(_("Position"), before=_shown(old[title].get("position")),
                                      after=_shown(new[title].get("position"))))
            out.append(Change(CHANGED, _("Guideline %(title)s edited")
                              % {"title": quoted(title)}, details))
    out += [Change(REMOVED, _("Guideline %(title)s deleted") % {"title": quoted(title)},
                   [Detail(_("Text"), value=_excerpt(old[title].get("text")))])
            for title in old if title not in new]
    return out


def _excerpt(text) -> str:
    return Truncator(text or "—").chars(TEXT_SHOWN)


def settings_changes(before: dict, after: dict) -> list[Change]:
    """The settings that differ between ``before`` and ``after`` (setting → value), as
    the settings page names them; one change."""
    from socialgov.brands.forms import brand_snapshot

    names = [name for name in after if name in before and before[name] != after[name]]
    if not names:
        return []
    old, new = brand_snapshot(_brand_with(before)), brand_snapshot(_brand_with(after))
    details = [Detail(old[name][0][:1].upper() + old[name][0][1:], before=_shown(old[name][1]),
                      after=_shown(new[name][1])) for name in names if name in old]
    return [Change(CHANGED, _("Settings changed"), details)] if details else []


def _brand_with(values: dict) -> Brand:
    known = {field.name for field in Brand._meta.get_fields()}
    return Brand(**{name: value for name, value in values.items() if name in known})


def _dates(before, after) -> list[Change]:
    def key(day):
        return (day.get("month"), day.get("day"), day.get("year"), day.get("name_en"),
                day.get("name_fr"))

    old, new = {key(d): d for d in before or ()}, {key(d): d for d in after or ()}
    out = [_date_change(ADDED, new[k]) for k in new if k not in old]
    out += [_date_change(REMOVED, old[k]) for k in old if k not in new]
    return out


def _date_change(kind, day) -> Change:
    name = day.get("name_fr") if language() == "fr" else day.get("name_en")
    when = day_and_recurrence(day.get("month"), day.get("day"), day.get("year"))
    headline = (_("Sensitive date %(name)s added") if kind == ADDED
                else _("Sensitive date %(name)s removed"))
    return Change(kind, headline % {"name": quoted(name or day.get("name_en") or "")},
                  [Detail(_("Date"), value=when)])


def listed(words) -> str:
    """A tuple of quoted words, for a line: comma-separated, or "—"."""
    return ", ".join(words) if words else "—"

