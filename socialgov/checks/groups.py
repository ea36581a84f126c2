"""Words that name a group of people, for the rules that read hostile speech about a
group (``socialgov.checks.rules.threats`` and ``group_hostility``), and the signs of
counter-speech: regular expressions over the normalised text (lower case, accents
folded), one place for every rule that needs them.

The lists are general vocabulary: nationalities and origins, faiths, sexual and gender
identities, political camps and the generic words for people. A group word alone is
never a finding; the rules look for what is said of it.
"""

from __future__ import annotations

import re

# Groups by origin, faith, identity or politics: who exclusionary speech is about.
IDENTITY_NOUNS = (
    "immigrants", "migrants", "refugees", "foreigners", "aliens", "illegals",
    "asylum seekers", "newcomers", "invaders",
    "muslims", "moslems", "jews", "christians", "catholics", "hindus", "sikhs", "atheists",
    "buddhists", "mormons", "arabs", "africans", "asians", "mexicans", "latinos", "latinas",
    "hispanics", "indians", "pakistanis", "chinese", "koreans", "russians", "ukrainians",
    "palestinians", "israelis", "iranians", "iraqis", "syrians", "afghans", "somalis",
    "nigerians", "haitians", "jamaicans", "turks", "kurds", "gypsies", "roma", "romani",
    "blacks", "whites", "natives", "indigenous people",
    "gays", "lesbians", "homosexuals", "queers", "bisexuals", "trans people",
    "transgenders", "transgender people", "trannies", "feminists", "lgbt people",
    "liberals", "conservatives", "democrats", "republicans", "leftists", "lefties",
    "socialists", "communists", "commies", "libtards", "trumpers",
)  # fmt: skip

# Other plural nouns for people: what a threat or a comparison may be about. (Not "kids",
# "fans", "humans" or "students": "the kids are animals at bedtime", "our fans are
# animals", "humans are animals too" are hype and biology, not contempt.)
PEOPLE_NOUNS = (
    "people", "folks", "persons", "men", "women", "males", "females", "boys", "girls",
    "poor people", "homeless people", "the homeless", "disabled people", "old people",
    "boomers", "protesters", "rioters", "thugs", "politicians", "cops", "bitches", "hoes",
    "niggas", "whores", "sluts", "fags", "faggots", "niggers", "retards",
)  # fmt: skip

GROUP_NOUNS = IDENTITY_NOUNS + PEOPLE_NOUNS

# Words that point at people without naming a group.
POINTERS = (
    "they", "them", "em", "'em", "you", "u", "ya", "y'all", "yall", "you all", "you guys",
    "he", "him", "she", "her", "these people", "those people", "these guys", "those guys",
    "their kind", "your kind", "his kind", "her kind", "all of them", "all of you",
    "every one of them", "each of them", "everyone", "everybody",
)  # fmt: skip


def alternation(words) -> str:
    """A regex alternation of ``words`` (lower case), spaces matching one space: where
    several match, the longest is tried first (then the shorter ones, if the rest of the
    pattern fails). Written as a trie ("wom(?:en|an)"): ``re`` tries the branches of an
    alternation one by one, and a flat list of a few hundred groups, tried at every
    position of a post, took most of a millisecond."""
    trie: dict = {}
    for word in {w.lower() for w in words}:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A word that ends here: its longer continuations first (greedy), then itself.
        return "(?:" + body + ")?" if "" in node else body

    return "(?:" + build(trie) + ")"


# Reporting or denouncing what others say about a group: counter-speech, not hatred
# ("Saying that refugees are vermin is hateful"). Read on a sentence (sentence_span).
COUNTER_SPEECH_EN = re.compile(
    r"\b(?:saying|(?:people|they|you|some|many|others|still|would) say(?: that)?|"
    r"says that|said that|to say that|claims that|claiming that|the idea that|"
    r"the myth that|the lie that|stereotypes?|"
    r"(?:is|are|was|it's) (?:hateful|racist|sexist|homophobic|transphobic|bigoted|wrong|"
    r"not ok|not okay|unacceptable|false|a lie)|isn't (?:ok|okay|true|acceptable)|"
    r"can't believe|cannot believe|stop saying|no one should|nobody should|"
    r"people who (?:say|think|believe|claim)|(?:they|he|she|you) called|called (?:us|me|them))\b"
)

# The same in French, accents folded ("Dire que les femmes sont inférieures, c'est sexiste").
COUNTER_SPEECH_FR = re.compile(
    r"\b(?:dire que|dit que|disent que|disait que|pretendre que|pretend que|"
    r"l'idee que|le prejuge|les prejuges|le cliche|"
    r"(?:c'est|est|sont|etait) (?:haineux|haineuse|raciste|sexiste|homophobe|transphobe|"
    r"faux|fausse|inacceptable|un mensonge)|arretez de dire|arrete de dire|"
    r"je n'arrive pas a croire|ceux qui disent|les gens qui disent|nous ont traites|"
    r"m'a traite|on nous traite)\b"
)

_SENTENCE_END = re.compile(r"[.!?;\n]|$")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` around ``[start, end)``."""
    begin = max(text.rfind(c, 0, start) for c in ".!?;\n") + 1
    return begin, _SENTENCE_END.search(text, end).end()


class OnFirstUse:
    """A regular expression compiled when first used: the alternations of group words
    take a tenth of a second each to compile, and a process may meet no post that needs
    them (the rules run them only on the posts that hold one of their words)."""

    __slots__ = ("_source", "_compiled")
    _made: list[OnFirstUse] = []  # noqa: RUF012 (every instance, for compile_all)

    def __init__(self, source: str):
        self._source = source
        self._compiled: re.Pattern[str] | None = None
        OnFirstUse._made.append(self)

    @classmethod
    def compile_all(cls) -> None:
        """Compile them all now: a long-lived process (web, worker) does it once, before
        its first check, which has a time budget."""
        for pattern in cls._made:
            pattern.compiled()

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def __getattr__(self, name: str):
        return getattr(self.compiled(), name)
