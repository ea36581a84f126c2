"""``shouting``: a post written mostly in capitals, and runs of exclamation marks.

params (all optional):

* ``min_letters`` (default 3): words shorter than this are ignored ("OK", "À").
* ``threshold`` (default 0.5): report when the share of all-caps words among the counted
  words is above this.
* ``min_words`` (default 3): posts with fewer counted words are not judged on capitals.
* ``acronyms``: extra words that are not shouting (added to NASA, PDF, QC, CN, FAQ, CEO,
  URL, MTL, SAQ, STM, TVA, TPS, TVQ, PME, OBNL, COVID...).
* ``exclamations`` (default 3): a run of this many ``!`` or more is reported; 0: off.

Capitals are shouting when their share is above ``threshold``, or when the post holds a
run of 3+ all-caps words in a row (words of 2+ letters, acronyms left out) of which at
least 2 have 4+ letters ("WE ARE OPEN TODAY", even without "!!!"; not "NEW AT THE SAQ").
A ``threshold`` above 0.5 (a brand that allows capitals) turns the run reading off.

Findings: one for the capitals, spanning the first to the last all-caps word (message
``%s``: the share in percent, e.g. "75 %"), and one per run of exclamation marks
(``%s``: the run). Exclamation marks alone are enthusiasm more often than anger
("YAY!!! Another good interview!!!"): their findings are ``info`` unless the capitals
shout too, when they take the rule's severity.
"""

from __future__ import annotations

import dataclasses
import re

import regex

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register

ACRONYMS = frozenset(
    """
    NASA PDF QC CN FAQ CEO CFO CTO URL USA UK UN ONU EU UE MTL YUL SAQ STM STL RTC SQDC
    TVA TPS TVQ TPS HST GST PME OBNL OSBL RH HR COVID LGBTQ LGBTQ2S LGBTQIA DIY RSVP ASAP
    CAD USD EUR GPS TV DVD CD PC IT AI IA API SEO SMS NHL LNH NBA NFL MLB CFL LCF CBC SRC
    TVA RDS TSN CTV BBC CNN NYC LA DM PM AM FYI BTW LOL OMG WOW TBT OK SVP BBQ CEGEP UQAM
    HEC ETS UDEM MCGILL CHUM CHU CLSC CPE SAAQ RAMQ HQ GRC RCMP SPVM SQ ONF NFB
    """.split()
)
# A word is a run of letters (an apostrophe splits "L’ENTREPÔT" into "L" and "ENTREPÔT").
_CAPS_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{Lu}\p{M}]*(?![\p{L}\p{M}])")
_EXCLAMATION = re.compile(r"[!！¡]{2,}")
# Two capitals in a row: without them no word of two letters or more is in capitals
# (most posts: the test spares them the word counts below).
_TWO_CAPITALS = regex.compile(r"\p{Lu}\p{M}*\p{Lu}")
# Names, not words: @handles, #hashtags and links keep the case their owner chose
# ("@DRUDGE_REPORT", "#HOLIDAYSEASONLIVE"), and a retweet's "RT" is a marker.
# The handles and hashtags first: their branch starts with a class of two characters,
# which regex looks for ahead of the others (the same matches: no two branches start with
# the same character; twice as fast).
_NAMES = regex.compile(r"[@#][\p{L}\p{M}\p{N}_]+|https?://\S+|www\.\S+|\bRT\b")


def _without_names(text: str) -> str:
    """``text`` with its names blanked out, offsets unchanged."""
    if "@" not in text and "#" not in text and "RT" not in text and "/" not in text:
        return text
    return _NAMES.sub(lambda m: " " * len(m.group()), text)
_RUN_WORDS = 3
_RUN_LONG_WORDS = 2
_LONG = 4
_RUN_THRESHOLD = 0.5

MESSAGES = {
    "caps": (
        {
            "en": "Shouting: %s of the words are in capitals.",
            "fr": "Ton criard : %s des mots sont en majuscules.",
        },
        {
            "en": "Write in sentence case; keep capitals for acronyms.",
            "fr": "Écrivez en minuscules; gardez les majuscules pour les sigles.",
        },
    ),
    "bang": (
        {
            "en": "Too many exclamation marks: “%s”.",
            "fr": "Trop de points d’exclamation : « %s ».",
        },
        {"en": "Use one exclamation mark at most.", "fr": "Mettez au plus un point d’exclamation."},
    ),
}


def _threshold(rule: RuleSpec) -> float:
    value = rule.params.get("threshold", 0.5)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1:
        raise RuleError(rule.id, "param 'threshold' must be a number from 0 to 1 (exclusive)")
    return float(value)


@register("shouting")
def compile_shouting(rule: RuleSpec):
    min_letters = max(1, params.non_negative_int(rule, "min_letters", 3))
    min_words = max(1, params.non_negative_int(rule, "min_words", 3))
    threshold = _threshold(rule)
    bangs = params.non_negative_int(rule, "exclamations", 3)
    acronyms = ACRONYMS | {a.upper() for a in params.str_list(rule, "acronyms", required=False)}

    def finding(kind: str, text: str, start: int, end: int, value: str) -> Finding:
        message, suggestion = MESSAGES[kind]
        return make_finding(
            rule,
            text,
            start,
            end,
            render(rule.message, value, message),
            render(rule.suggestion, value, suggestion),
        )

    long_word = re.compile(rf"[^\W\d_]{{{min_letters},}}")

    def shouted_run(text: str) -> bool:
        """A run of capitals (module docstring): acronyms neither count nor break it;
        a word with a lower-case letter, or a number, does."""
        words = long = 0
        previous_end = 0
        for m in _CAPS_WORD.finditer(text):
            word = m.group()
            letters = sum(1 for c in word if c.isalpha())
            if letters < 2 or word in acronyms:
                continue
            if any(c.isalnum() and not c.isupper() for c in text[previous_end : m.start()]):
                words = long = 0
            words += 1
            long += letters >= _LONG
            previous_end = m.end()
            if words >= _RUN_WORDS and long >= _RUN_LONG_WORDS:
                return True
        return False

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        text = post.text
        findings = []
        if (min_letters < 2 or _TWO_CAPITALS.search(text)) and text != text.lower():
            words = _without_names(text)
            caps = [
                m
                for m in _CAPS_WORD.finditer(words)
                if sum(1 for c in m.group() if c.isalpha()) >= min_letters
                and m.group() not in acronyms
            ]
            # Neither reading is possible with a capital word or two (an acronym the list
            # lacks, a name): the share is at most len(caps) / min_words, and a run needs
            # two long words in capitals. The word count below is then not needed.
            long_caps = sum(1 for m in caps if len(m.group()) >= _LONG)
            if caps and (
                len(caps) / max(min_words, len(caps)) > threshold
                or (threshold <= _RUN_THRESHOLD
                    and (min_letters > _LONG or long_caps >= _RUN_LONG_WORDS))
            ):
                counted = max(len(long_word.findall(words)), len(caps))
                if (counted >= min_words and len(caps) / counted > threshold) or (
                    threshold <= _RUN_THRESHOLD and shouted_run(words)
                ):
                    share = f"{round(100 * len(caps) / counted)} %"
                    findings.append(finding("caps", text, caps[0].start(), caps[-1].end(), share))
        # A run holds two marks, one of them "!" or "！": "!!", or a "！" or "¡" (rare),
        # is in the text. Most posts have neither: the scan below, which tests every
        # character against the class, is skipped (the "in" tests run at C speed).
        if bangs and ("!!" in text or "！" in text or "¡" in text):
            shouting = bool(findings)
            for m in _EXCLAMATION.finditer(text):
                if sum(1 for c in m.group() if c in "!！") >= bangs:
                    found = finding("bang", text, m.start(), m.end(), m.group())
                    if not shouting:
                        found = dataclasses.replace(found, severity="info")
                    findings.append(found)
        return findings

    return check
