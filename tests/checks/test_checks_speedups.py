"""The shortcuts the engine takes for speed give the results of the plain versions."""

import random
import re

import pytest
import regex

from socialgov.checks import language, networks, patterns
from socialgov.checks.base import NETWORKS
from socialgov.checks.engine import PostInput, RuleSpec, compile
from socialgov.checks.literals import (
    WORD_EDGE,
    LiteralIndex,
    fold,
    is_word_char,
    required,
)
from socialgov.checks.packs import load_default_packs


def _random_text(rng: random.Random, pieces, fewest: int, most: int) -> str:
    """From ``fewest`` to ``most`` pieces drawn at random, end to end."""
    return "".join(rng.choice(pieces) for _ in range(rng.randint(fewest, most)))


# --- language detection: the apostrophe-anchored scans --------------------------------

ELISION = re.compile(r"\b(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.IGNORECASE)
PIECES = [
    "l'", "L’", "qu'", "jusqu'", "squ'", "n't", "N'T", "'s", "'S", "'ll", "'re", "'ve",
    "it's's", "shouldn't've", "_'s", "''", "'", "’", "ſ", "K", "İ", "é", "1", "_", "x",
    "don", "a", " ", "-", "\n",
]  # fmt: skip


def test_apostrophe_anchored_scans_count_what_the_plain_patterns_count():
    rng = random.Random(11)
    for _ in range(20000):
        text = _random_text(rng, PIECES, 0, 12)
        assert len(language._ELISION_AT_APOSTROPHE.findall(text)) == len(ELISION.findall(text)), (
            text
        )
        assert language._english_contractions(text) == len(language._EN_ONLY.findall(text)), text


# --- the leetspeak hint: one character class first, so the scan runs in C --------------

# What the leetspeak step can change, written plainly: a 0 1 3 4 5 7 9 $ next to a letter,
# an "@" after a letter, a digit or "$", or an "@" before a short word ("@ss").
PLAIN_LEET_HINT = re.compile(
    r"[0134579$](?:(?<=[^\W\d_].)|(?=[^\W\d_]))|(?<=[^\W\d_]|[0-9$])@|@(?=[^\W\d_]\w{0,5}(?!\w))"
)
LEET_PIECES = [*"0134579$@2 a_bé1.", "abcdefg", "ab", "\n", "ß", "٣", "K"]


def test_the_leetspeak_hint_finds_what_the_plain_pattern_finds():
    from socialgov.checks.normalize import _LEET_HINT

    rng = random.Random(5)
    for _ in range(50000):
        text = _random_text(rng, LEET_PIECES, 0, 10)
        assert [m.span() for m in _LEET_HINT.finditer(text)] == [
            m.span() for m in PLAIN_LEET_HINT.finditer(text)
        ], text


def test_the_leetspeak_runs_looked_at_are_those_that_touch_a_letter():
    from socialgov.checks.normalize import _LEET_RUN, _LEET_RUN_TOUCHING

    letter = re.compile(r"[^\W\d_]")
    rng = random.Random(6)
    for _ in range(50000):
        text = _random_text(rng, LEET_PIECES, 0, 10)
        touching = [
            m.span()
            for m in _LEET_RUN.finditer(text)
            if (m.start() and letter.match(text, m.start() - 1)) or letter.match(text, m.end())
        ]
        assert [m.span() for m in _LEET_RUN_TOUCHING.finditer(text)] == touching, text


# --- the shipped packs' patterns run without the timeout ------------------------------


def test_shipped_pack_patterns_are_trusted_and_user_patterns_keep_their_budget():
    specs = load_default_packs()
    compile(specs)
    shipped = {s.params["pattern"] for s in specs if s.kind == "max_count"}
    trusted = {p.pattern for p in patterns._TRUSTED}
    assert shipped <= trusted
    user = RuleSpec("slow", "max_count", {"pattern": r"(a+)+$", "max": 0})
    compile([user])
    assert r"(a+)+$" not in trusted | {p.pattern for p in patterns._TRUSTED}


@pytest.mark.parametrize("text", ["Like and share to win!", "RT if you agree"])
def test_a_trusted_pattern_finds_what_it_found_with_a_budget(text):
    rule = next(s for s in load_default_packs() if s.id == "core-en/engagement-bait")
    result = compile([rule]).check(PostInput(text=text))
    assert [f.rule_id for f in result.findings] == ["core-en/engagement-bait"]


# --- required literals with word edges ------------------------------------------------

EDGE_ATOMS = [
    "a", "b", "ab", "if", "rt", "K", "s", "é", "É", "ß", "_", "1", "٣", "\u0301", "#", "-",
    "'", " ", r"\b", r"\B", "^", "$", r"\A", r"\Z", r"\s", r"\s+", r"\s*", r"\w", r"\w+",
    r"\d", r"\W", ".", "[ab]", "[-#]", "[a-]", "(?=a)", "(?<!b)", "(?<=[ -])", "(?!\\w)",
    "(?a:\\bab)", "(?i:ab)", "(?-i:a)",
]  # fmt: skip
EDGE_TEXT = ["a", "b", "ab", "if", "rt", "K", "k", "S", "s", "ſ", "é", "É", "ß", "_", "1", "٣",
             "\u0301", "#", "-", "'", " ", "\n", "x", "Ⓐ", "ⓐ", "İ", "ı"]  # fmt: skip


def random_edge_pattern(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(1, 5)):
        r = rng.random()
        if r < 0.2 and depth < 2:
            alternatives = [random_edge_pattern(rng, depth + 1) for _ in range(rng.randint(2, 3))]
            piece = "(?:" + "|".join(alternatives) + ")"
        elif r < 0.3 and depth < 2:
            piece = "(" + random_edge_pattern(rng, depth + 1) + ")"
        else:
            piece = rng.choice(EDGE_ATOMS)
        if rng.random() < 0.25 and piece[0] not in "\\^$(" and not piece.endswith(("+", "*")):
            piece = "(?:" + piece + ")" + rng.choice(["?", "*", "+", "{2}", "{0,1}", "+?"])
        parts.append(piece)
    return ("(?i)" if rng.random() < 0.4 else "") + "".join(parts)


def test_required_strings_with_word_edges_never_rule_out_a_match():
    rng = random.Random(20250102)
    checked = edged = 0
    for _ in range(4000):
        pattern = random_edge_pattern(rng)
        try:
            compiled = regex.compile(pattern)
        except regex.error:
            continue
        needed = required(pattern)
        if needed is None:
            continue
        has_edges = any(WORD_EDGE in s for s in needed.strings)
        edged += has_edges
        index = LiteralIndex([needed])
        for _ in range(20):
            text = _random_text(rng, EDGE_TEXT, 0, 10)
            matches = [m for m in compiled.finditer(text) if m.end() > m.start()]
            folded = fold(text)
            counts = index.counts(folded)
            if compiled.search(text):
                checked += 1
                assert needed.found_in(folded), (pattern, text, needed.dnf)
                assert needed.satisfied(counts), (pattern, text, needed.dnf)
            assert len(matches) <= needed.count_in(folded), (pattern, text, needed.dnf)
            assert len(matches) <= needed.bound(counts), (pattern, text, needed.dnf)
    assert checked > 1000 and edged > 200


def test_fold_and_case_keep_word_characters():
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        kind = is_word_char(char)
        assert is_word_char(fold(char)) == kind, hex(code)  # fold keeps one for one
        for variant in (char.lower(), char.upper(), char.casefold(), char.title()):
            if len(variant) == 1:
                assert is_word_char(variant) == kind, hex(code)


def test_whole_words_are_told_from_words_inside_words():
    needed = required(r"(?i)\b(?:like|rt)\s+(?:this\s+)?if\b")
    index = LiteralIndex([needed])
    assert not needed.satisfied(index.counts(fold("Start the gift shop, I like it")))
    assert needed.satisfied(index.counts(fold("RT if you agree")))
    assert needed.satisfied(index.counts(fold("like this if")))


# --- term rules skipped when their term lists have no match ---------------------------


def test_term_rules_without_a_candidate_are_skipped_with_the_same_findings():
    rules = [
        RuleSpec("bt", "banned_terms", {"terms": ["idiot", "sus anal"]}),
        RuleSpec("blame", "blame", {}),
        RuleSpec("co", "cooccurrence", {"first": ["storm"], "second": ["sale"]}),
    ]
    checker = compile(rules)
    plan = checker._plan(frozenset())
    assert all(slots is not None for rule, _, slots in plan if rule.id in {"bt", "blame", "co"})
    texts = [
        "Nothing to see here.",
        "You idiot, as we already said!",
        "#susanalbumparty tonight",
        "Storm warning: big sale today",
        "Storm warning today",
    ]
    # The same checks, run without skipping (wrapping hides what a check requires).
    unskipped = compile(rules)
    unskipped._all = [(r, scope, lambda p, n, c=c: c(p, n)) for r, scope, c in unskipped._all]
    for text in texts:
        post = PostInput(text=text)
        assert checker.check(post) == unskipped.check(post), text


# --- shortcuts added for speed: they never change an answer ----------------------------

LENGTH_PIECES = [
    "a", "é", "e\u0301", "😀", "👨‍👩‍👧", "中", "ﬀ", "\ufb2c", " ", ". ", "example.com", "https://x.co/a",
    "www.site.ca", "@marie ", "#tag ", "\u2126", "\n", "\u2030", "\u2014", "\u200d", "\u0344",
    "\u1100\u1161", "\u1100", "\u1161", "#\ufe0f\u20e3", "🇨🇦", "❤️", "\u2764\ufe0e", "👍🏽",
    "\u0308", "ü", "\u10ff", "\U0001f3fd",
]


@pytest.mark.parametrize("seed", range(120))
def test_a_text_said_to_surely_fit_is_within_the_limit_on_its_network(seed):
    rng = random.Random(seed)
    for _ in range(50):
        text = _random_text(rng, LENGTH_PIECES, 0, 60)
        for network in NETWORKS:
            length = networks.measure(network, text)[0]
            # Limits at the text's own length and one below it: a bound that is too
            # generous says "fits" for the second.
            for limit in (length - 1, length, rng.choice((40, 120, 280, 500))):
                if networks.surely_fits(network, text, limit):
                    assert networks.measure(network, text, limit) == (length, None)
                    assert length <= limit


def test_the_language_detector_reads_past_an_unclear_opening():
    english = "The new store opens on Monday with coffee for everyone who comes. " * 3
    french = "Le nouveau magasin ouvre lundi avec du café pour tout le monde. " * 20
    assert language.detect_language(french) == "fr"
    assert language.detect_language(("ok " * 200) + french) == "fr"
    assert language.detect_language(english + french) == "fr"


TONE_PIECES = [
    "good", "great", "thanks", "happy", "love", "bad", "awful", "hate", "not", "never",
    "don't", "isn't", "no", "least", "without", "yeah right", "kiss of death", ":(", ":-(",
    ":)", "D:", "but", "very", "kind of", "order", "today", "the", "we", "your", "!", ".",
    "@lee", "LOVE", "GREAT", "sad", "okay", "fine", "problem", "sorry", "nope", "lol",
    "😢", "😂", "💔", "🙏", "don’t", "café", "déçu", "«", "»", "…", ":sorry(", "(bad)",
    "no!", "ＢＡＤ", "\u212aill", "sorry😡",
]


@pytest.mark.parametrize("seed", range(30))
def test_a_reply_said_not_to_be_negative_scores_zero_or_more(seed):
    from socialgov.checks import tone

    rng = random.Random(seed)
    for _ in range(40):
        glue = rng.choice((" ", "", " ", "\n"))
        text = glue.join(rng.choice(TONE_PIECES) for _ in range(rng.randint(1, 12)))
        if not tone.may_be_negative(text, "en"):
            assert tone.compound(text, "en")[0] >= 0, text


VADER_PIECES = [
    *TONE_PIECES, "kind", "of", "KIND OF", "no", "No", "NO", "nor", "or", "least", "at least",
    "very least", "never so", "never this", "without doubt", "so", "this", "extremely",
    "BUT", "But", "but,", "...", "'", "ain't", "cannot", "the bomb", "cut the mustard",
    "HAPPY!", "(sad)", "??", "???!", "''", "-", "a", "upset,", "barely", "sort of",
]


@pytest.mark.parametrize("seed", range(20))
def test_the_fast_vader_analyzer_scores_as_vader_does(seed):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from socialgov.checks import tone

    fast, plain = tone._english(), SentimentIntensityAnalyzer()
    rng = random.Random(seed)
    for _ in range(50):
        glue = rng.choice((" ", " ", "", "\n"))
        text = glue.join(rng.choice(VADER_PIECES) for _ in range(rng.randint(1, 25)))
        assert fast.polarity_scores(text) == plain.polarity_scores(text), text


NORMALIZE_PIECES = [
    "Hello", "WORLD", " ", "\n", "`", "'", "’", "é", "É", "à", "Ç", "œ", "Œ", "ß", "ẞ", "İ", "ı",
    "Σ", "σ", "ς", "ﬁ", "Ｂ", "ｂ", "а", "Ꭺ", "e\u0301", "\u200b", "\u200d", "😂", "👍🏽", "«", "»",
    "\u00a0", "…", "½", "²", "Ⅻ", "ǅ", "ͅ", "ﬀ", "Å", "Ω", "K", "ŉ", "x", "1", "#",
]


@pytest.mark.parametrize("seed", range(20))
def test_normalizing_a_text_is_normalizing_each_character(seed):
    from socialgov.checks import normalize as norm

    rng = random.Random(seed)
    for _ in range(60):
        text = _random_text(rng, NORMALIZE_PIECES, 1, 30)
        expected = "".join(norm._default.map_char(char) for char in text)
        assert norm.normalize(text).text == expected, ascii(text)


@pytest.mark.parametrize("seed", range(10))
def test_the_cleaned_text_is_the_source_translated_without_its_invisible_characters(seed):
    from socialgov.checks import normalize as norm

    mapped = sorted(chr(code) for code in norm._CLEANING)
    pieces = [*NORMALIZE_PIECES, *random.Random(seed).sample(mapped, 40), "`", "\u00ad"]
    rng = random.Random(seed)
    for _ in range(60):
        text = _random_text(rng, pieces, 1, 30)
        view = norm.cleaned(norm.normalize(text))
        plain = norm._INVISIBLE_RE.sub("", text).translate(norm._CLEANING)
        assert view.text == plain, ascii(text)
        # Each character's span in the source: that of the kept character it comes from.
        kept = [i for i, char in enumerate(text) if not norm._INVISIBLE_RE.match(char)]
        assert list(view.offsets) == kept, ascii(text)
        assert list(view.ends) == [i + 1 for i in kept], ascii(text)
        assert len(view.offsets) == len(view.ends) == len(kept)
        cut = rng.randint(0, len(kept))
        assert list(view.offsets[cut:]) == kept[cut:] and list(view.ends[:cut]) == [
            i + 1 for i in kept[:cut]
        ]
        if kept:
            assert view.offsets[-1] == kept[-1]
        with pytest.raises(IndexError):
            view.offsets[len(kept)]


def test_warming_up_makes_what_the_engine_otherwise_makes_on_first_use():
    from socialgov.checks import checkers, groups, urls

    checkers.warm_up()
    assert urls._tld.cache_info().currsize == 1
    assert groups.OnFirstUse._made
    assert all(pattern._compiled is not None for pattern in groups.OnFirstUse._made)


def test_the_first_letters_looked_ahead_for_start_every_neutral_support_word():
    from re import _constants as c
    from re import _parser

    from socialgov.checks import tone

    pattern = tone._EN_NEUTRAL.pattern
    ahead = re.match(r"\\b\(\?=\[([a-z]+)\]\)", pattern)
    assert ahead is not None
    plain = pattern.replace(ahead.group(0), r"\b", 1)
    parsed = _parser.parse(plain, re.IGNORECASE)
    (_, (_, branches)) = next(item for item in parsed if item[0] is c.BRANCH)
    first = set()
    for branch in branches:
        op, value = branch[0]
        assert op is c.LITERAL, branch  # each word starts with a letter
        first.add(chr(value))
    assert first <= set(ahead.group(1))


def test_the_calendar_keys_of_a_day_read_as_strftime_writes_them():
    from datetime import date, timedelta

    from socialgov.checks.rules.sensitive_dates import day_keys

    day = date(1900, 1, 1)
    while day < date(2200, 1, 1):
        assert day_keys(day) == (f"{day:%Y-%m-%d}", f"{day:%m-%d}"), day
        day += timedelta(days=3)
    assert day_keys(date(2028, 2, 29)) == ("2028-02-29", "02-29")


# --- words cut in C: the runs of letters that the regular expressions find ---------------

WORD_PIECES = [
    "a", "Le", "the", "THE", "é", "É", "très", "ß", "ñ", "K", "İ", "ı", "ſ", "²", "½", "Ⅻ",
    "٣", "1", "_", "'", "’", "?", " ", "\n", "-", "😀", "\u0301", "中", "\x00", "\ud800",
    "ok", "œ", "Œ", "«", "\u00a0", "zoo", "Z", "@", "[", "`", "{",  # around a-z and A-Z
]  # fmt: skip


def test_the_language_detector_cuts_the_words_the_pattern_finds():
    rng = random.Random(21)
    for _ in range(20000):
        text = _random_text(rng, WORD_PIECES, 0, 12)
        assert language._words(text) == language._WORD.findall(text), text
        lowered = text.lower()
        assert language._words(lowered) == language._WORD.findall(lowered), text


def test_the_french_letters_are_those_the_case_insensitive_class_matches():
    plain = re.compile(r"[éèêàùâîôûçœëïü]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        assert (language._FR_LETTERS.match(char) is None) == (plain.match(char) is None), hex(code)


def test_a_word_gate_opens_on_the_runs_of_a_to_z_of_the_match_view():
    from socialgov.checks.normalize import WordGate, match_view, normalize

    gates = [WordGate(words) for words in (["a", "zoo"], ["the", "athe"], ["ss", "k"],
                                           ["ok", "oeok"], ["absent"])]
    rng = random.Random(22)
    for _ in range(20000):
        text = _random_text(rng, WORD_PIECES, 0, 12)
        normalized = normalize(text)
        runs = set(re.findall("[a-z]+", match_view(normalized).text))
        for gate in gates:
            assert gate.opens(normalized) == bool(gate.words & runs), (text, gate.words)


def test_a_word_gate_takes_only_words_of_a_to_z():
    from socialgov.checks.normalize import WordGate

    for words in ([], ["café"], ["two words"], ["Kill"]):
        with pytest.raises(ValueError):
            WordGate(words)


def test_the_emoji_pattern_of_vader_takes_the_characters_of_its_class():
    from socialgov.checks import tone

    analyzer = tone._english()
    emojis = [key for key in analyzer.emojis if len(key) == 1]
    plain = re.compile(tone._char_class(emojis))
    fast = analyzer._emoji
    assert fast.pattern != plain.pattern
    for code in range(0x110000):
        char = chr(code)
        assert (fast.match(char) is None) == (plain.match(char) is None), hex(code)
    rng = random.Random(23)
    pieces = [*emojis[:40], *emojis[-40:], "a", " ", "é", "\u2000", "\u1fff", "™", "\ufe0f"]
    for _ in range(2000):
        text = _random_text(rng, pieces, 0, 10)
        assert [m.span() for m in fast.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text


def test_the_exclamation_runs_are_looked_for_in_every_text_that_has_one():
    from socialgov.checks.rules.shouting import compile_shouting

    rules = [RuleSpec("s", "shouting", {"exclamations": bangs}) for bangs in (1, 2, 3)]
    checks = [compile_shouting(rule) for rule in rules]
    plain = re.compile(r"[!！¡]{2,}")
    rng = random.Random(24)
    pieces = ["!", "！", "¡", "a", " ", "WOW", ".", "?"]
    for _ in range(20000):
        text = _random_text(rng, pieces, 0, 8)
        for bangs, check in zip((1, 2, 3), checks, strict=True):
            runs = [
                m for m in plain.finditer(text)
                if sum(c in "!！" for c in m.group()) >= bangs
            ]
            found = [f for f in check(PostInput(text=text), None) if f.matched[:1] in "!！¡"]
            assert [(f.start, f.end) for f in found] == [m.span() for m in runs], text


# --- variant readings: hints searched once, and scans that start at the first hint ------

VARIANT_PIECES = [
    "a", "b", "i", "t", "c", "h", "y", "u", "é", "s", "x", " ", " ", ".", "-", "_", "*", "🔥",
    "1", "0", "3", "4", "5", "7", "9", "@", "$", "2", "'", "\n", "a b i t c h", "y a b c d",
    "f.u.c.k", "st.u.pid", "bi-tch", "fuuuck", "cooool", "www.", "...", "!!!", "000", "ki11",
    "1d10t", "@ss", "sh1t", "@boutiquemtl", "bit.ly/3xyz", "e-mail", "s h 1 t", "à 8 h 30",
]  # fmt: skip


def _random_variant_text(rng: random.Random) -> str:
    return _random_text(rng, VARIANT_PIECES, 0, 10)


def test_a_one_near_a_letter_makes_the_leetspeak_hint_match():
    from socialgov.checks.normalize import _LEET_HINT, _one_near_letter

    rng = random.Random(25)
    near = 0
    for _ in range(50000):
        text = _random_text(rng, LEET_PIECES, 0, 10)
        if _one_near_letter(text):
            near += 1
            assert _LEET_HINT.search(text), text
    assert near > 1000


def test_the_steps_that_scan_from_their_hint_find_what_a_full_scan_finds():
    from socialgov.checks.normalize import (
        join_spelled_out_after_word,
        match_view,
        normalize,
        squeeze_stretched,
    )

    rng = random.Random(26)
    for _ in range(30000):
        view = match_view(normalize(_random_variant_text(rng)))
        for step in (join_spelled_out_after_word, squeeze_stretched):
            if step.hint.search(view.text) is None:
                continue
            # Given a "hint" at 0, the step scans the whole text: the plain reading.
            whole = step.from_hint(view, re.match("", view.text))
            assert step(view) == whole, (step.__name__, view.text)


def test_letters_spelled_out_after_a_one_letter_word_make_the_spelled_out_hint_match():
    # variant_views does not look for the after-word hint in a text without this one.
    from socialgov.checks.normalize import (
        _SPELLED_HINT,
        join_spelled_out_after_word,
        match_view,
        normalize,
    )

    rng = random.Random(28)
    joined = 0
    for _ in range(30000):
        view = match_view(normalize(_random_variant_text(rng)))
        if join_spelled_out_after_word(view) != view:
            joined += 1
            assert _SPELLED_HINT.search(view.text), view.text
    assert joined > 500


def _plain_variant_views(n):
    """Every variant, each step run in full on the view before it (no hints, no sharing);
    the "l" reading of a "1" only when a "1" touches a letter in the text, as designed."""
    from socialgov.checks.normalize import (
        _LEET_L,
        VARIANT_STEPS,
        _one_near_letter,
        apply_steps,
        match_view,
    )

    base = match_view(n)
    seen = {base.text}
    views = []
    for steps in VARIANT_STEPS:
        if _LEET_L in steps and not _one_near_letter(base.text):
            continue
        view = apply_steps(base, steps)
        if view.text not in seen and view.any_changed:
            seen.add(view.text)
            views.append(view)
    return views


def test_the_variant_readings_are_those_of_every_step_run_in_full():
    from socialgov.checks.normalize import normalize, variant_views

    rng = random.Random(27)
    changed = 0
    for _ in range(20000):
        text = _random_variant_text(rng)
        fast = variant_views(normalize(text))
        plain = _plain_variant_views(normalize(text))
        changed += bool(plain)
        assert [tuple(map(list, v[1:4])) + (v.text,) for v in fast] == [
            tuple(map(list, v[1:4])) + (v.text,) for v in plain
        ], text
    assert changed > 5000


def test_the_hashtag_pattern_finds_what_its_look_behind_first_form_finds():
    from socialgov.checks import tags

    plain = re.compile(r"(?<![\w#@＃&/])[#＃]([^\W_][\w\-]*)")
    assert tags._TAG.pattern != plain.pattern
    rng = random.Random(28)
    pieces = ["#", "＃", "@", "&", "/", "a", "É", "_", "-", "1", " ", "\n", "x#", "#Tag", "中"]
    for _ in range(30000):
        text = _random_text(rng, pieces, 0, 10)
        assert [m.span() for m in tags._TAG.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text
        assert [m.span(1) for m in tags._TAG.finditer(text)] == [
            m.span(1) for m in plain.finditer(text)
        ], text


LOOK_BEHIND_FIRST = {
    # name: (the plain form, pieces of random texts)
    "networks._HASHTAG": (r"(?<![\w&#＃])[#＃]\w+", ["#", "＃", "&", "a", "_", "1", " ", "é"]),
    "terms._HANDLE": (r"(?<![\w@])@\w+", ["@", "@@", "a", "_", "1", " ", "é", "＠", "\n"]),
    "networks._MASTODON_MENTION": (
        r"(?i)(?<![/\w])(@[a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)@[\w.-]*\w",
        ["@", "a", "Z", "ſ", "K", "ı", "İ", "_", ".", "-", "/", " ", "é", "1", "x@y"],
    ),
    "urls._ANY_SCHEME_URL": (
        r"(?<![\w@＠$#＃])[hH][tT][tT][pP][sS]?://[^\s<>\"'`]+",
        ["http://", "HtTpS://", "h", "ttp://", "@", "＠", "$", "#", "＃", "a", "_", " ", "x.co",
         "<", "'", "1"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(LOOK_BEHIND_FIRST))
def test_patterns_written_first_character_first_find_what_their_plain_form_finds(name):
    import importlib

    module_name, attribute = name.split(".")
    fast = getattr(importlib.import_module(f"socialgov.checks.{module_name}"), attribute)
    plain_pattern, pieces = LOOK_BEHIND_FIRST[name]
    plain = re.compile(plain_pattern)
    assert fast.pattern != plain.pattern
    rng = random.Random(29)
    for _ in range(30000):
        text = _random_text(rng, pieces, 0, 10)
        assert [m.span() for m in fast.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text



def test_a_letter_that_re_matches_case_insensitively_folds_to_it():
    from socialgov.checks.literals import fold

    any_letter = re.compile(r"[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        if any_letter.match(char):
            letters = [x for x in "abcdefghijklmnopqrstuvwxyz" if re.match(f"(?i){x}", char)]
            assert letters == [fold(char)], hex(code)


def test_the_neutral_support_words_are_removed_where_they_occur():
    from socialgov.checks import tone

    pieces = [
        "sorry", "SORRY", "Sorry", "ſorry", "İssue", "issues", "ıssue", "mistaKes", "delay",
        "delayed", "a", " ", "'", "\u0301", "é", "_", "1", "fail", "failure", "bugs",
        "cancelled", "we", "the", "miss", "missing", "🙏", "\n", "so", "rry", "apolog", "ies",
    ]  # fmt: skip
    rng = random.Random(31)
    kept = 0
    for _ in range(30000):
        text = _random_text(rng, pieces, 0, 8)
        plain = tone._EN_NEUTRAL.sub("", text)
        kept += plain == text
        assert tone._without_neutral(text) == plain, text
    assert 1000 < kept < 29000


def test_a_reply_rule_with_a_threshold_at_zero_or_above_scores_every_reply():
    """The shortcut that skips replies which cannot be negative holds only for a bar below
    zero: a rule that reports replies scoring 0.2 or less must still score a neutral one."""
    rule = RuleSpec("tone", "sentiment", {"threshold": 0.2, "unanswered_threshold": 0.2})
    reply = PostInput(text="@lee Your order ships on Monday.", language="en",
                      objective="customer_service")
    assert [f.rule_id for f in compile([rule]).check(reply).findings] == ["tone"]


# --- shipped alternations: the branches a text lacks the literals of are left out ------


def test_a_shipped_alternation_without_the_branches_a_text_cannot_match_finds_the_same():
    checker = compile(load_default_packs())
    plans = list(patterns._BRANCH_PLANS.items())
    assert len(plans) >= 3  # promotions, engagement bait in English and in French
    words = sorted({word for _, plan in plans for branch in plan.branches
                    for word in regex.findall(r"[^\W\d_]+", branch)} - {"s", "d", "w"})
    pieces = [*words, "3", "20", "1,5", "%", "$", "€", "&", "+", '"', "“", "”", "«", "»",
              "!", "?", "@", "#", "'", "\n", "this", "post", "you", "ce"]
    rng = random.Random(31)
    pruned = 0
    for _ in range(6000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        text = text.upper() if rng.random() < 0.1 else text
        with patterns.scanning(checker._literal_index):
            for pattern, plan in plans:
                pruned += plan.for_text(text) is not pattern
                found = patterns.Budget().finditer(pattern, text)
                assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)], (
                    pattern.pattern[:40], text)
                first = patterns.Budget().search(pattern, text)
                plain = pattern.search(text)
                assert (first and first.span()) == (plain and plain.span())
    assert pruned > 5000  # most texts lack most branches


def test_alternations_tied_together_or_with_a_branch_that_needs_nothing_are_run_whole():
    for text in (r"(a)|b\1", r"(?P<x>a)|(?P=x)b", r"(?x) a | b", r"(a)?(?(1)a|b)", r"abc",
                 r"\d+|word", r"(?:cat|dog)"):
        assert patterns._BranchPlan.of(regex.compile(text)) is None, text
    plan = patterns._BranchPlan.of(regex.compile(r"(?i)[|(]cat|dog\)|(b|c)ird"))
    assert plan.prefix == "(?i)" and plan.branches == ["[|(]cat", r"dog\)", "(b|c)ird"]


# --- the match view: whitespace squashed a slice per run -------------------------------

SPACE_PIECES = [
    " ", "  ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u2003 ", "a", "é", "e\u0301", "😂",
    "ﬁ", "st.u.pid", "fuuuck", "x",
]  # fmt: skip


def test_squashing_spaces_builds_the_view_the_general_rewrite_builds():
    from socialgov.checks.normalize import (
        _SPACES,
        _apply_regex,
        base_view,
        join_broken_words,
        normalize,
        squash_spaces,
        squeeze_stretched,
    )

    rng = random.Random(29)
    rebuilt = 0
    for _ in range(20000):
        text = _random_text(rng, SPACE_PIECES, 0, 12)
        view = base_view(normalize(text))
        if rng.random() < 0.3:  # a view whose offsets and flags are not the identity
            view = squeeze_stretched(join_broken_words(view))
        plain = _apply_regex(view, _SPACES, lambda m: " ", changed=False)
        fast = squash_spaces(view)
        rebuilt += len(fast.text) < len(view.text)
        assert (fast.text, list(fast.offsets), list(fast.ends), fast.changed) == (
            plain.text, list(plain.offsets), list(plain.ends), plain.changed
        ), ascii(text)
    assert rebuilt > 5000


STRETCH_PIECES = [
    "a", "aa", "aaa", "W", "WWW", "é", "éé", "e\u0301", "ß", "ßßß", "σσ", "σ", "ж", "жжж",
    "😂", "😂😂😂", "111", "1", "__", "_", " ", ".", "!!!", "www.", "\ud800", "xx",
]  # fmt: skip


def test_the_stretch_hint_finds_the_first_stretched_letter_or_a_triple_before_it():
    from socialgov.checks.normalize import _STRETCHED, _TRIPLE_HINT

    rng = random.Random(30)
    stretched = 0
    for _ in range(50000):
        text = _random_text(rng, STRETCH_PIECES, 0, 8)
        hint = _TRIPLE_HINT.search(text)
        first = _STRETCHED.search(text)
        if hint is not None:
            assert re.fullmatch(r"(.)\1\1", hint.group(), re.DOTALL), ascii(text)
        if first is not None:
            stretched += 1
            assert hint is not None and hint.start() <= first.start(), ascii(text)
    assert stretched > 10000


def test_a_tags_text_is_its_views_text_before_and_after_the_view_is_built():
    from socialgov.checks.normalize import normalize
    from socialgov.checks.tags import tags

    pieces = ["#", "Why", "IStayed", "_", "-", "é", "É", "2024", "x", " ", "ﬁ", "\u200d", "A"]
    rng = random.Random(32)
    seen = 0
    for _ in range(5000):
        text = " #".join(
            _random_text(rng, pieces, 0, 6) for _ in range(3)
        )
        for tag in tags(normalize(text)):
            seen += 1
            before = tag.text
            assert before == tag.view.text == tag.text, ascii(text)
    assert seen > 3000


def _plain_language_scores(sample):
    """language._scores as first written: each list looked up apart, the French letters
    found by their pattern in the sample."""
    lowered = sample.lower()
    for accented, plain in language._FOLD_PAIRS:
        lowered = lowered.replace(accented, plain)
    words = language._WORD.findall(lowered)
    fr = float(sum(word in language._FR_WORDS for word in words))
    en = float(sum(word in language._EN_WORDS for word in words))
    fr += 1.5 * len(language._ELISION.findall(sample))
    fr += 0.5 * min(len(language._FR_LETTERS.findall(sample)), 20)
    en += 1.5 * len(language._EN_ONLY.findall(sample))
    return fr, en


def test_the_language_scores_are_those_of_the_plain_count():
    pieces = [
        "le", "la", "the", "on", "en", "a", "un", "and", "de", "you", " ", " ", ", ", "é", "É",
        "à", "Œ", "ä", "ö", "ç", "l'", "don't", "qu’", "it's", "Être", "naïve", "ſ", "x",
    ]  # fmt: skip
    rng = random.Random(33)
    for _ in range(20000):
        sample = _random_text(rng, pieces, 0, 40)
        assert language._scores(sample) == _plain_language_scores(sample), sample


def test_the_french_letters_are_counted_in_lower_case_as_their_pattern_finds_them():
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        counted = sum(c in language._FR_LOWER_LETTERS for c in char.lower())
        assert counted == len(language._FR_LETTERS.findall(char)), hex(code)


def test_e_mail_addresses_are_found_as_a_search_back_from_every_at_finds_them():
    from socialgov.checks.rules import pii

    def plain(text):
        found, at = [], text.find("@")
        while at != -1:
            local = pii._EMAIL_LOCAL.search(text, max(0, at - 64), at)
            domain = pii._EMAIL_DOMAIN.match(text, at + 1) if local else None
            if local and domain and not (local.start() and text[local.start() - 1] == "@"):
                found.append((local.start(), domain.end()))
                at = text.find("@", domain.end())
            else:
                at = text.find("@", at + 1)
        return found

    pieces = ["@", "a", "marie", ".", "-", "+", "_", " ", "exemple.ca", "é", "1", "@@", "\n",
              "@exemple.ca", "x@y.com"]
    rng = random.Random(34)
    found = 0
    for _ in range(30000):
        text = _random_text(rng, pieces, 0, 10)
        expected = plain(text)
        found += bool(expected)
        assert list(pii._emails(text)) == expected, text
    assert found > 3000


def test_loose_watch_matches_are_those_of_the_finder_run_on_every_text():
    from socialgov.checks.normalize import normalize, to_original_span
    from socialgov.checks.rules import watch

    words = ("recall", "Grand Prix", "gel", "panne", "outage")
    stems, parts, plurals, compounds, finder = watch._loose(words)

    def plain(post, normalized):  # _loose_matches without its look for the keys
        found = []
        for m in finder.finditer(normalized.text):
            word = m.group()
            start, end = to_original_span(normalized, m.start(), m.end())
            if word in parts:
                if post.text[start : start + 1].isupper():
                    found.append((start, end))
                continue
            if word in plurals or (len(word) > watch._MIN_STEM and watch.stem(word) in stems):
                found.append((start, end))
                continue
            hashtag = start > 0 and post.text[start - 1] in "#＃"
            if compounds and watch._compound(word, compounds, post.text[start:end], hashtag):
                found.append((start, end))
        return found

    pieces = ["recalls", "Recall", "#grandprix", "Prix", "gels", "pannes", "outage", "x", " ",
              "Panne", "é", "the", "recalled", "#outagenow", "2"]
    rng = random.Random(35)
    matched = 0
    for _ in range(3000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        post = PostInput(text=text, watch=list(words))
        expected = plain(post, normalize(text))
        matched += bool(expected)
        assert list(watch._loose_matches(post, normalize(text))) == expected, text
    assert matched > 1000


def test_number_stretches_are_found_as_the_unicode_digit_pattern_finds_them():
    from socialgov.checks.rules import pii

    pieces = ["1", "5", "0", "+", "(", ")", " ", "-", ".", "a", "é", "٣", "５", "٤", "x",
              "514", "555-1234"]  # fmt: skip
    rng = random.Random(36)
    stretches = 0
    for _ in range(30000):
        text = _random_text(rng, pieces, 0, 14)
        expected = tuple(m.span() for m in pii._NUMBERISH.finditer(text))
        stretches += bool(expected)
        assert pii._numberish.__wrapped__(text) == expected, ascii(text)
    assert stretches > 5000


def test_the_ends_of_the_base_view_are_its_offsets_plus_one():
    from socialgov.checks.normalize import base_view, normalize

    rng = random.Random(37)
    for _ in range(3000):
        text = _random_text(rng, NORMALIZE_PIECES, 1, 20)
        view = base_view(normalize(text))
        expected = [offset + 1 for offset in view.offsets]
        assert list(view.ends) == expected and len(view.ends) == len(expected), ascii(text)
        cut = rng.randint(0, len(expected))
        assert list(view.ends[cut:]) == expected[cut:], ascii(text)
        if expected:
            assert view.ends[-1] == expected[-1]


def test_the_offsets_of_a_normalised_text_are_those_of_each_characters_output():
    from socialgov.checks import normalize as norm

    rng = random.Random(38)
    for _ in range(5000):
        text = _random_text(rng, NORMALIZE_PIECES, 1, 25)
        n = norm.normalize(text)
        expected = [i for i, char in enumerate(text) for _ in norm._default.map_char(char)]
        assert list(n.offsets) == expected and len(n.offsets) == len(expected), ascii(text)
        a, b = sorted(rng.randint(-3, len(expected) + 2) for _ in range(2))
        assert list(n.offsets[a:b]) == expected[a:b], (ascii(text), a, b)
        view = norm.base_view(n)
        assert list(view.ends[a:b]) == [o + 1 for o in expected[a:b]], (ascii(text), a, b)


def test_a_kept_sequence_reads_as_the_list_without_its_removed_items():
    from socialgov.checks.normalize import Kept

    rng = random.Random(39)
    for _ in range(3000):
        size = rng.randint(0, 30)
        base = rng.choice([list(rng.sample(range(100), size)), range(5, 5 + size)])
        removed = sorted(rng.sample(range(size), rng.randint(0, size)))
        kept = Kept(base, removed)
        if rng.random() < 0.3:  # a kept sequence of a kept sequence
            inner = sorted(rng.sample(range(len(kept)), rng.randint(0, len(kept))))
            expected = [item for i, item in enumerate(kept) if i not in inner]
            kept = Kept(kept, inner)
        else:
            expected = [item for i, item in enumerate(base) if i not in removed]
        assert list(kept) == expected and len(kept) == len(expected) and kept == expected
        a, b = rng.randint(-35, 35), rng.randint(-35, 35)
        step = rng.choice([None, 1, 2, -1])
        assert list(kept[a:b:step]) == expected[a:b:step], (base, removed, a, b, step)
        if expected:
            i = rng.randint(-len(expected), len(expected) - 1)
            assert kept[i] == expected[i]
        with pytest.raises(IndexError):
            kept[len(expected)]


def test_the_changed_windows_hold_every_short_span_over_a_changed_character():
    from socialgov.checks.terms import changed_windows

    rng = random.Random(40)
    for _ in range(3000):
        changed = bytearray(rng.choice([0, 0, 0, 1]) for _ in range(rng.randint(0, 40)))
        reach = rng.randint(1, 8)
        windows = changed_windows(changed, reach)
        assert all(0 <= lo < hi <= len(changed) for lo, hi in windows)
        assert all(a[1] < b[0] for a, b in zip(windows, windows[1:], strict=False))
        for s in range(len(changed)):
            for e in range(s + 1, min(len(changed), s + reach) + 1):
                if any(changed[s:e]):
                    assert any(lo <= s and e <= hi for lo, hi in windows), (changed, s, e)


def _plain_join_broken_words(view):
    """join_broken_words as first written: the text read hint after hint, end to end."""
    from socialgov.checks.normalize import (
        _BROKEN,
        _BROKEN_HINT,
        _BROKEN_PIECE,
        _rebuild,
        _token_hides_a_word,
    )

    text = view.text
    pieces, position = [], 0
    hint = _BROKEN_HINT.search(text)
    while hint is not None:
        start = hint.start()
        while start > position and text[start - 1].isalpha():
            start -= 1
        m = _BROKEN.match(text, start)
        if m is None or not _token_hides_a_word(m.group()):
            hint = _BROKEN_HINT.search(text, m.end() if m else hint.end())
            continue
        start, end = m.span()
        hint = _BROKEN_HINT.search(text, end)
        if start > position:
            pieces.append((position, start, None, False))
        for piece in _BROKEN_PIECE.finditer(text, start, end):
            pieces.append((piece.start(), piece.end(), piece.group(), True))
        position = end
    if not pieces:
        return view
    if position < len(text):
        pieces.append((position, len(text), None, False))
    return _rebuild(view, pieces)


BROKEN_PIECES = [
    "st.u.pid", "bi-tch", "stu🔥pid", "e-mail", "abonnez-vous", "www.site.com/a-b", "U.S.",
    "pen.is", "ass.hole", "well-known", " ", " ", "\n", "a", "(", "#", "@", "/", ".", "-", "x",
    "é", "·", "2", "sh*t", "dou.che.bag",
]  # fmt: skip


def test_broken_words_are_joined_as_the_text_read_end_to_end_joins_them():
    from socialgov.checks.normalize import base_view, join_broken_words, match_view, normalize

    rng = random.Random(41)
    joined = 0
    for _ in range(20000):
        text = _random_text(rng, BROKEN_PIECES, 0, 10)
        for view in (match_view(normalize(text)), base_view(normalize(text))):
            plain = _plain_join_broken_words(view)
            fast = join_broken_words(view)
            joined += fast is not view
            assert (fast.text, list(fast.offsets), list(fast.ends), fast.changed) == (
                plain.text, list(plain.offsets), list(plain.ends), plain.changed
            ), ascii(text)
    assert joined > 5000


def test_a_text_in_utf16_units_and_back_to_its_characters():
    from socialgov.checks import urls

    pieces = ["a", "😂", "👍🏽", "é", " ", "https://x.co", "\U0001f1e8\U0001f1e6", "\ud800", "z"]
    rng = random.Random(42)
    for _ in range(5000):
        text = _random_text(rng, pieces, 0, 10)
        units, where = urls._utf16(text)
        encoded = text.encode("utf-16-le", "surrogatepass")
        assert [ord(unit) for unit in units] == [
            int.from_bytes(encoded[i : i + 2], "little") for i in range(0, len(encoded), 2)
        ], ascii(text)
        # Every unit maps to the character it belongs to.
        at = 0
        for index, char in enumerate(text):
            for _ in range(2 if ord(char) > 0xFFFF else 1):
                assert where(at) == index, ascii(text)
                at += 1
        assert where(len(units)) == len(text)


def test_a_trie_of_words_matches_as_their_flat_alternation_longest_first():
    from socialgov.checks.groups import alternation

    def flat(words):
        parts = sorted({w.lower() for w in words}, key=len, reverse=True)
        return "(?:" + "|".join(re.escape(p) for p in parts) + ")"

    shapes = [r"\b{}\b", r"{} (?:are|is)\b", r"(?:all )?{}(?: are)? (\w+)", r"{}s?\b", r"x?{}"]
    letters = ["a", "b", "ab", "ba", " ", "aa", "b a", "-"]
    rng = random.Random(43)
    matched = 0
    for _ in range(3000):
        words = {_random_text(rng, letters, 1, 3) for _ in range(rng.randint(1, 6))}
        shape = rng.choice(shapes)
        fast = re.compile(shape.format(alternation(words)))
        plain = re.compile(shape.format(flat(words)))
        for _ in range(5):
            text = _random_text(rng, [*letters, "are", " is", "all ", "s", "x"], 0, 10)
            expected = [(m.span(), m.groups()) for m in plain.finditer(text)]
            matched += bool(expected)
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == expected, (
                words, shape, text)
    assert matched > 2500


def test_the_names_shouting_leaves_out_are_those_of_its_first_written_pattern():
    from socialgov.checks.rules import shouting

    plain = regex.compile(r"(?:https?://|www\.)\S+|[@#][\p{L}\p{M}\p{N}_]+|\bRT\b")
    pieces = ["@", "#", "RT", "R", "T", "https://", "http://", "www.", "x", "É", "e\u0301",
              " ", "\n", "_", "1", ".", "/", "ww", "hRT"]  # fmt: skip
    rng = random.Random(44)
    for _ in range(20000):
        text = _random_text(rng, pieces, 0, 10)
        assert [m.span() for m in shouting._NAMES.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], ascii(text)
