"""The errors of the JSON and YAML parsers, said in the reader's language.

Both parsers explain in English (``json.JSONDecodeError.msg``, PyYAML's ``problem``).
Each explanation we know has its phrase here; one we do not know (a new version of a
parser) gives a phrase that still says where, never the English.
"""

from __future__ import annotations

import json

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# json.JSONDecodeError.msg (the Python decoder and its C scanner; the last two are 3.13's).
JSON_PROBLEMS = {
    "Expecting value": gettext_lazy("a value is expected here"),
    "Expecting property name enclosed in double quotes": gettext_lazy(
        "a key name in double quotes is expected here (or a comma is one too many)"),
    "Expecting ':' delimiter": gettext_lazy("a colon is missing after the key"),
    "Expecting ',' delimiter": gettext_lazy("a comma is missing"),
    "Unterminated string starting at": gettext_lazy("a text in quotes is not closed"),
    "Invalid control character at": gettext_lazy(
        "a text in quotes holds a line break or a tab: write \\n or \\t instead"),
    "Invalid \\escape": gettext_lazy("a backslash (\\) is followed by an unexpected character"),
    "Invalid \\uXXXX escape": gettext_lazy("a \\u is not followed by four hexadecimal digits"),
    "Extra data": gettext_lazy("something follows the end of the JSON"),
    "Illegal trailing comma before end of object": gettext_lazy("a comma is one too many"),
    "Illegal trailing comma before end of array": gettext_lazy("a comma is one too many"),
}


def json_problem(error: json.JSONDecodeError) -> str:
    """What is wrong with a JSON text, with its line and column."""
    problem = JSON_PROBLEMS.get(error.msg)
    if problem is None:
        return _("This is not valid JSON (line %(line)s, column %(column)s).") % {
            "line": error.lineno, "column": error.colno}
    return _("This is not valid JSON (line %(line)s, column %(column)s: %(problem)s).") % {
        "line": error.lineno, "column": error.colno, "problem": problem}


# PyYAML's problems (libyaml's, and the pure-Python parser's where they differ), by the
# start of their text: some end with a value (a tag, a character).
YAML_PROBLEMS = (
    ("mapping values are not allowed", gettext_lazy(
        "a colon followed by a space is not allowed here: put the text in quotes")),
    ("found character that cannot start any token", gettext_lazy(
        "a value cannot start with this character (such as @, ` or a tab): put the text in "
        "quotes")),
    ("found a tab character", gettext_lazy("a tab is used to indent: indent with spaces")),
    ("found unexpected end of stream", gettext_lazy(
        "the file ends before a text in quotes is closed")),
    ("found unknown escape character", gettext_lazy(
        "a backslash (\\) in a text in double quotes is followed by an unexpected character")),
    ("could not find expected ':'", gettext_lazy("a colon is missing after a key")),
    ("found unexpected ':'", gettext_lazy("a colon is out of place: put the text in quotes")),
    ("did not find expected key", gettext_lazy(
        "a line is not indented like the others around it")),
    ("did not find expected '-' indicator", gettext_lazy(
        "a line of a list does not start with “- ” like the others")),
    ("did not find expected ',' or ']'", gettext_lazy(
        "a list in square brackets is not closed, or a comma is missing")),
    ("did not find expected ',' or '}'", gettext_lazy(
        "a set of keys in braces is not closed, or a comma is missing")),
    ("did not find expected node content", gettext_lazy("a value is missing")),
    ("expected <block end>", gettext_lazy("a line is not indented like the others around it")),
    ("while parsing a block", gettext_lazy(
        "a line is not indented like the others around it")),
    ("could not determine a constructor for the tag", gettext_lazy(
        "a tag (such as !!python/object) is not allowed: a rules file holds only texts, "
        "numbers, lists and keys")),
    ("found undefined alias", gettext_lazy("an alias (*name) refers to no anchor (&name)")),
    ("second occurrence", gettext_lazy("two anchors (&name) have the same name")),
    ("found duplicate anchor", gettext_lazy("two anchors (&name) have the same name")),
    ("found unhashable key", gettext_lazy("a key is a list or a set of keys")),
    ("exceeded maximum nesting depth", gettext_lazy(
        "lists and keys are nested too deeply inside one another")),
    ("control characters are not allowed", gettext_lazy(
        "the file holds an invisible control character")),
    ("special characters are not allowed", gettext_lazy(
        "the file holds an invisible control character")),
    ("found unexpected document", gettext_lazy("a line “---” or “...” is out of place")),
)


def yaml_problem(error: yaml.YAMLError) -> tuple[int | None, str]:
    """``(line, what is wrong)`` of a YAML text that cannot be read (line None: unknown)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    said = str(getattr(error, "problem", None) or "")
    problem = next((phrase for start, phrase in YAML_PROBLEMS if said.startswith(start)), None)
    if mark is None:
        return None, (_("This is not valid YAML: %(problem)s.") % {"problem": problem}
                      if problem else _("This is not valid YAML."))
    if problem is None:
        return mark.line + 1, _("This is not valid YAML (column %(column)s).") % {
            "column": mark.column + 1}
    return mark.line + 1, _("This is not valid YAML (column %(column)s): %(problem)s.") % {
        "column": mark.column + 1, "problem": problem}
