"""Every badge (state, risk, reason, waiver…) is read at 4.5:1 or more: its
text colour against its background, as the stylesheets set them (WCAG 1.4.3;
badges are small text). axe-core checks the badges on the pages the browser
tests visit; this checks every badge the stylesheets define, shown or not."""

import re
from pathlib import Path

STYLES = Path(__file__).resolve().parent.parent / "static" / "css"
BADGE = re.compile(r"\.(badge|state-[\w-]+|risk-[\w-]+)\b")
HEX = r"#[0-9a-fA-F]{3,6}(?![0-9a-fA-F])"
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def _rgb(hex_colour):
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]


def luminance(hex_colour):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def badge_rules():
    """(selector, background, colour) of every rule that styles a badge, with
    what it leaves unset taken from the plain .badge rule."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(STYLES.glob("*.css")))
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    colours = dict(re.findall(rf"--([\w-]+):\s*({HEX})", text))

    def value(body, prop):
        found = re.search(rf"(?<![\w-]){prop}:\s*(var\(--([\w-]+)\)|{HEX})", body)
        if not found:
            return None
        return colours[found.group(2)] if found.group(2) else found.group(1)

    rules = [(selector.strip(), value(body, "background(?:-color)?"), value(body, "color"))
             for selector, body in RULE.findall(text) if BADGE.search(selector)]
    base_background, base_colour = next((bg, fg) for selector, bg, fg in rules
                                        if selector == ".badge")
    return [(selector, bg or base_background, fg or base_colour)
            for selector, bg, fg in rules if bg or fg]


def test_the_stylesheets_define_the_badges_this_test_reads():
    selectors = {selector for selector, _bg, _fg in badge_rules()}
    assert {".badge", ".state-approved", ".state-rejected", ".badge.waiver"} <= selectors


def test_every_badge_reaches_four_and_a_half_to_one():
    weak = [(selector, background, colour, round(contrast(background, colour), 2))
            for selector, background, colour in badge_rules()
            if contrast(background, colour) < 4.5]
    assert not weak, f"badges under 4.5:1: {weak}"


def test_the_measure_is_wcags():
    assert round(contrast("#000", "#fff"), 2) == 21.0
    assert round(contrast("#767676", "#fff"), 2) == 4.54  # the lightest grey that passes
