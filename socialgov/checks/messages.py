"""Message helpers shared by the social-media rule kinds (on top of ``base.render``)."""

from __future__ import annotations

from collections.abc import Mapping

from socialgov.checks.base import LANGUAGES, fill


def render_each(templates: Mapping, values: Mapping[str, str], defaults: Mapping) -> dict:
    """Like ``base.render`` but with a different ``%s`` value per language.

    ``values`` maps a language to its value (a missing language uses the English one).
    The rule's own template wins, then the built-in default of that language, then the
    rule's template in another language.
    """
    custom = {k: v for k, v in (templates or {}).items() if isinstance(v, str) and v.strip()}
    langs = list(LANGUAGES) + [k for k in custom if k not in LANGUAGES]
    fallback = values.get("en") or next(iter(values.values()), "")
    out = {}
    for lang in langs:
        template = custom.get(lang) or defaults.get(lang) or next(iter(custom.values()), "")
        out[lang] = fill(template, values.get(lang) or fallback)
    return out


def quote_list(items, lang: str) -> str:
    """“a”, “b” in English; « a », « b » in French."""
    if lang == "fr":
        return ", ".join(f"« {item} »" for item in items)
    return ", ".join(f"“{item}”" for item in items)
