"""A brand's rules as a YAML file, and Vale styles as a zip: written and read.

The file a brand exports and imports::

    version: 1
    rules:
      - name: No insults
        kind: banned_terms
        severity: error
        enabled: true
        message: {en: "“%s” insults the reader.", fr: "« %s » insulte le lecteur."}
        suggestion: {en: Say it kindly., fr: Dites-le gentiment.}
        guideline: Plain words
        params: {terms: [dumb, idiot]}

Reading trusts nothing in the file: a safe loader (no tag builds an object), caps on
size, every key checked, and each rule held to what the rule form asks of it
(``rule_checks``: texts, parameters, the engine, the time its patterns take). Every
problem is reported with the line it concerns and the rule it is about, and a file with a
problem imports nothing. A message may be left empty: the kind's default message is then
said.

A Vale style (https://vale.sh) arrives as a zip of its folder; ``read_vale_zip`` refuses
the archives that could hurt (paths outside the folder, links, bombs, too many or too
large files) and maps each rule file with ``socialgov.checks.vale``.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml
from django.utils.translation import gettext as _

from socialgov.brands import rule_checks
from socialgov.brands.models import Rule, RuleKind, Severity, rule_mapping
from socialgov.checks import vale, yamlfile
from socialgov.lib.parse_errors import yaml_problem

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1024 * 1024  # a rules file, or the zip of a style
MAX_ZIP_ENTRIES = 300
MAX_RULE_FILE_BYTES = 256 * 1024  # one Vale rule, unpacked
MAX_UNPACKED_BYTES = 5 * 1024 * 1024  # the whole style, unpacked
MAX_RATIO = 100  # unpacked / packed size of one entry beyond which it is a bomb
# The time the patterns of one file's rules may take to be timed, all together
# (rule_checks.PatternClock).
TIMING_SECONDS = 20

RULE_KEYS = ("name", "kind", "severity", "enabled", "message", "suggestion", "guideline",
             "params")
_NAME_MAX = Rule._meta.get_field("name").max_length
_TEXT_MAX = Rule._meta.get_field("message_en").max_length


@dataclass
class RuleData:
    """One rule read from a file, checked, ready to be saved."""

    name: str
    kind: str
    params: dict
    severity: str = "warning"
    enabled: bool = True
    message_en: str = ""
    message_fr: str = ""
    suggestion_en: str = ""
    suggestion_fr: str = ""
    guideline: str = ""  # the title of one of the brand's voice guidelines
    line: int = 0  # where it starts in the file it was read from

    @property
    def kind_label(self) -> str:
        return RuleKind(self.kind).label

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label


@dataclass
class Problem:
    line: int | None  # None: the file as a whole
    message: str


@dataclass
class RulesFile:
    """What a file holds: its rules, or the problems that keep it from being imported,
    and the Vale rules left out with the reason (not problems: nothing can be done)."""

    rules: list[RuleData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# --- writing -------------------------------------------------------------------------


def mapping(rule: Rule | RuleData) -> dict:
    """One rule as the file writes it (see ``models.rule_mapping``)."""
    if isinstance(rule, Rule):
        return rule.as_mapping()
    return rule_mapping(rule, rule.guideline)


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe writer, but a string holding U+0085 (NEL) is written double-quoted,
    where it is escaped ("\\N"): inside other quotes PyYAML writes it raw, and reading
    takes it for a line break, folded into a space."""


def _string(dumper, value):
    style = '"' if "\x85" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def dump(rules, heading: str = "") -> str:
    """The YAML file of ``rules`` (``Rule`` or ``RuleData``), after a comment line."""
    comment = "".join(f"# {line}\n" for line in heading.splitlines())
    return comment + dump_mappings([mapping(rule) for rule in rules])


def dump_mappings(mappings: list[dict]) -> str:
    """The YAML file of rules already written as mappings (``mapping``), no comment."""
    return yaml.dump({"version": FORMAT_VERSION, "rules": mappings}, Dumper=_Dumper,
                     allow_unicode=True, sort_keys=False, width=100)


def export_brand(brand) -> str:
    rule_set = brand.ruleset
    heading = _("Rules of %(brand)s, rule set version %(version)s (SocialGov).") % {
        "brand": brand.name, "version": rule_set.version}
    return dump(rule_set.rules.select_related("guideline").order_by("name"), heading)


# --- reading -------------------------------------------------------------------------


def read_yaml(data: bytes | str, guidelines: set[str]) -> RulesFile:
    """The rules of a YAML file, checked against the engine and the brand's
    ``guidelines`` (their titles)."""
    found = RulesFile()
    text = _decoded(data, found)
    if text is None:
        return found
    try:
        root = yaml.compose(text, Loader=yamlfile.SafeLoader)
        content = rule_checks.read_yaml(text)
    except yaml.YAMLError as error:
        found.problems.append(Problem(*yaml_problem(error)))
        return found
    except RecursionError:
        found.problems.append(Problem(None, _(
            "This is not valid YAML: lists and keys are nested too deeply inside one "
            "another.")))
        return found
    if not isinstance(content, dict) or "rules" not in content:
        found.problems.append(Problem(1, _(
            "The file must give its version (1) and the list of rules under the key “rules”.")))
        return found
    if content.get("version") != FORMAT_VERSION:
        found.problems.append(Problem(_line_of_key(root, "version") or 1, _(
            "Only version 1 of the rules file can be read.")))
    rules = content["rules"]
    if not isinstance(rules, list):
        found.problems.append(Problem(_line_of_key(root, "rules"),
                                      _("“rules” must be a list, one item per rule.")))
        return found
    lines = _item_lines(root, "rules")
    seen: dict[str, int] = {}
    clock = rule_checks.PatternClock(TIMING_SECONDS)
    for index, item in enumerate(rules):
        line = lines[index] if index < len(lines) else None
        rule = _rule(item, line, guidelines, found.problems, clock)
        if rule is None:
            continue
        if rule.name in seen:
            found.problems.append(Problem(line, _(
                "Two rules are named “%(name)s” (the other is on line %(other)s).")
                % {"name": rule.name, "other": seen[rule.name]}))
            continue
        seen[rule.name] = line
        found.rules.append(rule)
    if clock.exhausted:
        found.problems.append(Problem(None, _(
            "The file's rules are too many to time their patterns: import it in parts.")))
    if found.problems:
        found.rules = []
    return found


def _decoded(data: bytes | str, found: RulesFile) -> str | None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_FILE_BYTES:
        found.problems.append(Problem(None, _("The file is larger than %(size)s MB.")
                                      % {"size": MAX_FILE_BYTES // (1024 * 1024)}))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        found.problems.append(Problem(line, _("The file is not UTF-8 text.")))
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        found.problems.append(Problem(line, _("The file holds a NUL character.")))
        return None
    return text


def _shown(value, length: int = 60) -> str:
    """A value of the file as a problem quotes it: short, each control character as
    U+FFFD (the problem about it gives its code)."""
    return rule_checks.CONTROL.sub("\ufffd", str(value)[:length])


def _line_of_key(root, key: str) -> int | None:
    if isinstance(root, yaml.MappingNode):
        for key_node, _value in root.value:
            if getattr(key_node, "value", None) == key:
                return key_node.start_mark.line + 1
    return None


def _item_lines(root, key: str) -> list[int]:
    if isinstance(root, yaml.MappingNode):
        for key_node, value in root.value:
            if getattr(key_node, "value", None) == key and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    return []


def _texts(value, what: str, said: list[str]):
    """``(en, fr)`` of a message or suggestion: a string for both languages, or
    ``{en: ..., fr: ...}``; either may be empty (the kind's default is said)."""
    if value is None:
        return "", ""
    if isinstance(value, str):
        value = {"en": value, "fr": value}
    if not isinstance(value, dict) or set(value) - {"en", "fr"} or not all(
        isinstance(v, str) for v in value.values()
    ):
        said.append(_(
            "“%(key)s” must be a text, or an English and a French text under the keys "
            "“en” and “fr”.") % {"key": what})
        return "", ""
    en, fr = value.get("en", "").strip(), value.get("fr", "").strip()
    if len(en) > _TEXT_MAX or len(fr) > _TEXT_MAX:
        said.append(_("“%(key)s” is longer than %(max)s characters.")
                    % {"key": what, "max": _TEXT_MAX})
    return en, fr


def _rule(item, line, guidelines: set[str], problems: list[Problem],
          clock: rule_checks.PatternClock | None = None) -> RuleData | None:
    """The rule of one item of the file, or None with its problems added to ``problems``,
    each naming the rule when it has a name."""
    if not isinstance(item, dict):
        problems.append(Problem(line, _("Each rule must be a set of keys (name, kind…).")))
        return None
    said: list[str] = []
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(line, _("Each rule needs a name.")))
        name = ""
    name = name.strip()

    def told(messages):
        for message in messages:
            problems.append(Problem(line, _("Rule “%(name)s”: %(problem)s") % {
                "name": _shown(name), "problem": message} if name else message))

    unknown = [key for key in item if key not in RULE_KEYS]
    if unknown:
        said.append(_("Unknown key “%(key)s” (the keys are: %(keys)s).")
                    % {"key": _shown(unknown[0]), "keys": ", ".join(RULE_KEYS)})
    if len(name) > _NAME_MAX:
        said.append(_("The name is longer than %(max)s characters.") % {"max": _NAME_MAX})
    kind = item.get("kind")
    if kind not in RuleKind.values:
        said.append(_("Unknown kind “%(kind)s” (the kinds are: %(kinds)s).")
                    % {"kind": _shown(kind), "kinds": ", ".join(RuleKind.values)})
    severity = item.get("severity", "warning")
    if severity not in Severity.values:
        said.append(_("Unknown severity “%(severity)s” (info, warning or error).")
                    % {"severity": _shown(severity)})
    enabled = item.get("enabled", True)
    if not isinstance(enabled, bool):
        said.append(_("“enabled” must be true or false."))
    message = _texts(item.get("message"), "message", said)
    suggestion = _texts(item.get("suggestion"), "suggestion", said)
    guideline = item.get("guideline") or ""
    if not isinstance(guideline, str):
        said.append(_("“guideline” must be the title of a voice guideline."))
        guideline = ""
    elif guideline and guideline not in guidelines:
        said.append(_("This brand has no voice guideline titled “%(title)s”: add it first, "
                      "or remove the line.") % {"title": _shown(guideline)})
    params = item.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        said.append(_("“params” must be a set of keys."))
    if said or not name:
        told(said)
        return None
    rule = RuleData(
        name=name, kind=kind, params=params, severity=severity, enabled=enabled,
        message_en=message[0], message_fr=message[1],
        suggestion_en=suggestion[0], suggestion_fr=suggestion[1],
        guideline=guideline, line=line or 0,
    )
    said = rule_checks.rule_problems(rule, clock)
    if said:
        told(said)
        return None
    return rule


# --- Vale styles -----------------------------------------------------------------------


def read_vale_zip(data: bytes, archive_name: str = "style.zip") -> RulesFile:
    """The rules of a zipped Vale style (or several: one folder each). Files that are
    not rules (a README, a vocabulary) and kinds the engine does not run are skipped."""
    found = RulesFile()
    if len(data) > MAX_FILE_BYTES:
        found.problems.append(Problem(None, _("The file is larger than %(size)s MB.")
                                      % {"size": MAX_FILE_BYTES // (1024 * 1024)}))
        return found
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        found.problems.append(Problem(None, _("This is not a zip archive.")))
        return found
    if len(entries) > MAX_ZIP_ENTRIES:
        found.problems.append(Problem(None, _("The archive holds more than %(count)s files.")
                                      % {"count": MAX_ZIP_ENTRIES}))
        return found
    for entry in entries:
        refusal = _unsafe(entry)
        if refusal:
            found.problems.append(Problem(None, refusal))
    if found.problems:
        return found
    default_style = PurePosixPath(archive_name).stem or "style"
    clock = rule_checks.PatternClock(TIMING_SECONDS)
    unpacked = 0
    names: dict[str, str] = {}
    with archive:
        for entry in sorted(entries, key=lambda e: e.filename):
            path = PurePosixPath(entry.filename.replace("\\", "/"))
            if entry.is_dir() or path.suffix.lower() not in (".yml", ".yaml"):
                continue
            try:
                with archive.open(entry) as stream:
                    content = stream.read(MAX_RULE_FILE_BYTES + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
                found.problems.append(Problem(None, _("“%(file)s” is damaged.")
                                              % {"file": entry.filename}))
                return found
            # The sizes in the archive may lie: what is read is what counts.
            unpacked += len(content)
            if len(content) > MAX_RULE_FILE_BYTES or unpacked > MAX_UNPACKED_BYTES:
                found.problems.append(Problem(None, _(
                    "“%(file)s” unpacks to more than the archive may hold.")
                    % {"file": entry.filename}))
                return found
            style = path.parent.name or default_style
            rule_id = f"{style}.{path.stem}"
            try:
                spec = vale.rule_from_mapping(
                    rule_checks.read_yaml(content.decode("utf-8-sig")), rule_id)
            except (UnicodeDecodeError, yaml.YAMLError, RecursionError,
                    vale.ValeError) as error:
                found.skipped.append(_("%(rule)s: %(reason)s") % {
                    "rule": entry.filename, "reason": _reason(error)})
                continue
            rule = RuleData(
                name=rule_id[:_NAME_MAX], kind=spec.kind, params=spec.params,
                severity=spec.severity,
                message_en=(spec.message.get("en") or rule_id)[:_TEXT_MAX],
                message_fr=(spec.message.get("fr") or rule_id)[:_TEXT_MAX],
            )
            if rule.name in names:
                found.skipped.append(_("%(rule)s: another file gives the same rule name")
                                     % {"rule": entry.filename})
                continue
            problems = rule_checks.rule_problems(rule, clock)
            if problems:
                found.skipped.append(_("%(rule)s: %(reason)s") % {
                    "rule": entry.filename, "reason": " ".join(problems)})
                continue
            names[rule.name] = entry.filename
            found.rules.append(rule)
    if clock.exhausted:
        found.problems.append(Problem(None, _(
            "The file's rules are too many to time their patterns: import it in parts.")))
        found.rules = []
    if not found.rules and not found.problems:
        found.problems.append(Problem(None, _("The archive holds no Vale rule this engine runs.")))
    return found


def _unsafe(entry: zipfile.ZipInfo) -> str:
    """Why an entry of a zip archive is refused, or ""."""
    name = entry.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if path.is_absolute() or (len(name) > 1 and name[1] == ":") or ".." in path.parts:
        return _("“%(file)s” points outside the style's folder.") % {"file": entry.filename}
    if stat.S_ISLNK(entry.external_attr >> 16):
        return _("“%(file)s” is a link; a style is plain files.") % {"file": entry.filename}
    if entry.flag_bits & 0x1:
        return _("“%(file)s” is encrypted.") % {"file": entry.filename}
    if entry.file_size > MAX_RULE_FILE_BYTES and not entry.is_dir():
        if PurePosixPath(name).suffix.lower() in (".yml", ".yaml"):
            return _("“%(file)s” unpacks to more than the archive may hold.") % {
                "file": entry.filename}
    if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO \
            and entry.file_size > 64 * 1024:
        return _("“%(file)s” is compressed suspiciously well (a zip bomb?).") % {
            "file": entry.filename}
    return ""


def _reason(error: Exception) -> str:
    """Why a file of the style is skipped, in the reader's language."""
    if isinstance(error, UnicodeDecodeError):
        return _("not UTF-8 text")
    if isinstance(error, yaml.YAMLError):
        return _("not valid YAML")
    said = str(error)
    if said.startswith("unsupported kind "):
        return _("a kind this engine does not run (%(kind)s)") % {
            "kind": said.removeprefix("unsupported kind ").strip("'\"")}
    if said in ("not a YAML mapping", "no 'extends' key"):
        return _("not a Vale rule")
    return said
