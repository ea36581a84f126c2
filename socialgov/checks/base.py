"""Core value types of the rule engine.

Plain Python on purpose: nothing in ``socialgov.checks`` may import Django, so the engine
can run in a worker, a script or a test without settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

SEVERITIES = ("info", "warning", "error")
RISK_LEVELS = ("none", "low", "medium", "high", "critical")
NETWORKS = ("x", "linkedin", "facebook", "instagram", "threads", "bluesky", "mastodon")
LANGUAGES = ("en", "fr")
IMAGE_FORMATS = ("jpeg", "png", "webp", "gif")


class RuleError(ValueError):
    """A rule cannot be compiled (unknown kind, missing or invalid params, bad regex...).

    ``message`` says why in English. ``code`` names the kind of error and ``details``
    its values (the param, the pattern and the position of its error...), so that an
    interface can say it in its reader's language; ``code`` is "" for the errors that
    have none yet (their ``message`` is all there is)."""

    def __init__(self, rule_id: str, message: str, code: str = "", **details):
        super().__init__(f"Rule {rule_id}: {message}")
        self.rule_id = rule_id
        self.message = message
        self.code = code
        self.details = details


@dataclass(frozen=True)
class RuleSpec:
    id: str
    kind: str
    params: dict
    severity: str = "warning"
    message: dict = field(default_factory=dict)
    suggestion: dict = field(default_factory=dict)
    guideline: str | None = None
    enabled: bool = True
    # What people call the rule (a brand rule's name); messages about the rule
    # itself use it rather than the id.
    name: str = ""


@dataclass(frozen=True)
class ImageInput:
    """An image attached to a post, as the image rules see it (no pixels: its figures)."""

    position: int  # 0-based place in the post
    width: int  # pixels
    height: int  # pixels
    format: str  # one of IMAGE_FORMATS: "jpeg", "png", "webp", "gif"
    size: int  # bytes
    alt: str = ""  # alternative text ("" when there is none)
    frames: int = 1  # 1 for a still image, more for an animated GIF/WebP/PNG

    @property
    def animated(self) -> bool:
        return self.frames > 1


@dataclass(frozen=True)
class PostInput:
    text: str
    networks: tuple[str, ...] = ()
    objective: str = ""
    planned_at: datetime | None = None
    language: str | None = "en"  # None: detect it from the text
    watch: tuple[str, ...] = ()  # crisis watch words active for this check
    time_zone: str = "America/Toronto"  # the brand's clock, for date rules
    images: tuple[ImageInput, ...] = ()  # in the post's order
    # The customer's message the post answers ("" when it answers nobody): the tone of a
    # reply is judged against it.
    replying_to: str = ""


@dataclass(frozen=True)
class Finding:
    rule_id: str
    kind: str
    severity: str
    start: int
    end: int
    matched: str
    message: dict
    suggestion: dict
    guideline: str | None
    # The image a finding is about (its ImageInput.position); start = end = 0 then, and
    # matched is "" or the image's alt text. None: the finding is about the text.
    image: int | None = None
    # One-click fix: the text that should replace text[start:end], when the rule knows
    # it for certain (a substitution's target, a recapitalised heading...); else None.
    replacement: str | None = None


def fill(template: str, value: str) -> str:
    """Replace every ``%s`` in ``template`` with ``value`` (other ``%`` signs are left alone)."""
    return template.replace("%s", value)


def render(templates: Mapping, value: str, defaults: Mapping | None = None) -> dict:
    """Fill ``%s`` in a ``{"en": ..., "fr": ...}`` template dict.

    For each language the rule's own text wins; a missing language falls back to the
    built-in default of that language, then to the rule's text in another language.
    Returns ``{}`` when there is nothing at all to say.
    """
    custom = {k: v for k, v in (templates or {}).items() if isinstance(v, str) and v.strip()}
    defaults = defaults or {}
    if not custom and not defaults:
        return {}
    langs = list(LANGUAGES) + [k for k in custom if k not in LANGUAGES]
    out = {}
    for lang in langs:
        template = custom.get(lang) or defaults.get(lang) or next(iter(custom.values()), "")
        out[lang] = fill(template, value)
    return out


def make_finding(
    rule: RuleSpec,
    text: str,
    start: int,
    end: int,
    message: dict,
    suggestion: dict,
    replacement: str | None = None,
) -> Finding:
    return Finding(
        rule_id=rule.id,
        kind=rule.kind,
        severity=rule.severity,
        start=start,
        end=end,
        matched=text[start:end],
        message=message,
        suggestion=suggestion,
        guideline=rule.guideline,
        replacement=replacement,
    )
