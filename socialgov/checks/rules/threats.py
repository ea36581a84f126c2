"""Hostile speech in English read by its shape rather than by a list of phrases.

Three kinds, each a handful of regular expressions compiled once (on first use) and run
on the matched reading of the post (``match_view``: lower case, accents folded, spaces
squashed), one finding per match, on the original text. Group words come from
``socialgov.checks.groups``. None takes params; the packs scope them to English
(``languages: [en]``).

* ``threats``: a threat or a violent wish.
  - an intent ("I'll", "we will", "gonna", "someone should", "we need to", "let's"...),
    then a harm verb (kill, murder, stab, lynch, behead, shoot, hang, burn, gas...) and
    a person or a group ("you", "him", "them", "those people", "immigrants"...): "I'm
    gonna kill you", "someone should shoot them all". Verbs that also apply to things
    (shoot, hang, burn, drown, bury) need a person, not "them" ("shoot them in the studio",
    "hang them up"); what follows may not be an indirect object ("shoot you a message",
    "kill them with kindness"). "Kill it", "killing it", "to die for", "dying to", "beat
    the heat", "hang out", "burn calories" have no person after the verb: no finding.
  - harm to a body part: "snap their necks", "slit your throat", "bash his head in",
    "beat him up", "beat the hell out of them".
  - a wish: "hope you die", "wish they were dead", "hope they get cancer"; "X should /
    deserve(s) to die / be shot / rot"; "death to" a group.
* ``dehumanising``: a group of people (a group noun, "they", "these/those people")
  called, or compared to, vermin, animals, filth, garbage, rats, parasites, cockroaches,
  savages, apes or monkeys: "X are animals", "they breed like rats", "those vermin",
  "you people are trash". An insult to one person ("he's trash") is not a group: left to
  the word lists. Not "my cat is an animal", "party animal", "rat race",
  "garbage collection", "trash talk", "monkey bread" (no group, or the noun is part of
  a compound), nor "they treated us like animals" (said of the speaker, not the group).
* ``exclusion``: an exclusionary imperative about a group, in a hashtag (split where its
  author split it, or run together: ``#SendThemBack``, ``#deportthemall``,
  ``#BanMuslims``, ``#RefugeesOut``) or in the text when it names a group ("send the
  immigrants back", "go back where you came from").

A sentence that reports or denounces what it quotes ("Saying that refugees are vermin is
hateful", ``groups.COUNTER_SPEECH_EN``) gives no finding. Message and suggestion ``%s``:
the words matched, as written.
"""

from __future__ import annotations

from socialgov.checks.base import Finding, PostInput, RuleSpec, make_finding, render
from socialgov.checks.groups import (
    COUNTER_SPEECH_EN,
    GROUP_NOUNS,
    IDENTITY_NOUNS,
    OnFirstUse,
    alternation,
    sentence_span,
)
from socialgov.checks.normalize import Normalized, WordGate, match_view, to_original_span
from socialgov.checks.registry import register
from socialgov.checks.tags import tags

_GROUP = alternation(GROUP_NOUNS)
_IDENTITY = alternation(IDENTITY_NOUNS)
_SWEAR = r"(?:(?:fucking|fuckin|fkn|fking|damn|dirty|filthy|stinking|stupid|little|illegal|lousy) )"
# A group named: "all the fucking immigrants", "these people", "those guys".
_NAMED_GROUP = (
    rf"(?:(?:all|the|these|those|every|some|more|all the|all of the|all these|all those) )?"
    rf"{_SWEAR}?{_GROUP}"
)
_PERSON = (
    r"(?:you|u|ya|y'all|yall|you all|you guys|him|her|these people|those people|"
    r"these guys|those guys|you people|your kind|their kind|all of you|all of them|"
    r"every one of them|every last one of them|"
    r"(?:that|this) (?:\w+ )?(?:bitch|hoe|guy|dude|man|woman|girl|boy|bastard|nigga|"
    r"fucker|motherfucker|mf|prick|cunt|whore|slut|idiot|fool|retard))"
)
_THEM = r"(?:them|em|'em|them all|em all|'em all|them both)"
_INTENT = (
    r"(?:\b(?:i|we|someone|somebody|they|you|u|y'all|people|he|she)(?:'ll|'d| will| shall)"
    r"|\b(?:i'll|ill|gonna|gon|going to|finna|about to|bout to|wanna|want to|need to|"
    r"needs to|should|ought to|oughta|must|have to|has to|gotta|got to|can't wait to|"
    r"cant wait to|imma|ima|i'ma|let's|lets|i'mma|im gonna|i'm gonna|will))"
)
_ADVERBS = r"(?: (?:just|really|literally|personally|fucking|fuckin|all|go|and|definitely|"
_ADVERBS += r"totally|actually|straight up|find and|hunt down and|round up and))*"
# Verbs whose object is a person whatever the object word.
_HARM = (
    r"(?:kill|murder|stab|lynch|behead|decapitate|slaughter|butcher|strangle|execute|"
    r"exterminate|eradicate|gas|rape|torture|massacre|dismember|mutilate|castrate|"
    r"shank|suffocate|smother|wipe out|genocide|gun down|mow down|beat up|curb stomp)"
)
# Verbs that also take things ("shoot them in the studio", "hang them up"): a person only.
_HARM_PERSON_ONLY = r"(?:shoot|hang|burn|drown|bury|poison|run over|punch|choke|hurt)"
# What turns the object into an indirect one: "shoot you a message", "kill them with kindness".
_NOT_AFTER = (
    r"(?! (?:a|an|the|some|over|back|through|our|my|this|that|up|down|an?\b|"
    r"with (?:kindness|love|laughter|cuteness|style|compliments)))"
)
_PASSIVE = (
    r"(?:killed|shot|hanged|hung|lynched|gassed|executed|exterminated|eradicated|wiped out|"
    r"burned|burnt|beheaded|raped|tortured|murdered|slaughtered|stabbed|drowned|put down|"
    r"castrated|nuked|shot dead|strung up|lined up and shot|burned alive|burnt alive)"
)
_DIE = rf"(?:die|dies|rot|suffer|burn in hell|rot in hell|be {_PASSIVE}|get {_PASSIVE})"
_WISH_GET = r"(?:raped|shot|killed|murdered|stabbed|run over|hit by a (?:car|bus|truck|train)|"
_WISH_GET += r"cancer|aids|ebola|lynched|hanged|beaten to death)"
_BODY = r"(?:necks?|throats?|skulls?|faces?|heads?|teeth|jaws?|spines?|brains?|kneecaps?|legs?)"

_THREAT_PATTERNS = (
    # intent + harm verb + a person or a group
    rf"{_INTENT}{_ADVERBS} {_HARM} (?:the (?:hell|shit|fuck) out of )?"
    rf"(?:{_PERSON}|{_THEM}|{_NAMED_GROUP})\b{_NOT_AFTER}",
    rf"{_INTENT}{_ADVERBS} {_HARM_PERSON_ONLY} (?:{_PERSON}|{_NAMED_GROUP}|(?:them|em|'em) all)"
    rf"\b{_NOT_AFTER}",
    # harm to a body part
    r"\b(?:snap|break|slit|cut|smash|bash|crush|rip|wring|cave|stomp|blow|knock|split|crack)"
    r" (?:your|ur|his|her|their|them|yo|ya|those|these)"
    rf" (?:fucking |little |stupid |ugly |damn |\w+ )?{_BODY}\b(?! (?:mask|cream|wash|care))",
    r"\bpunch (?:you|u|him|her|them) in (?:the|your|his|her|their|ur)"
    r" (?:face|throat|mouth|head)\b",
    rf"\bbeat (?:{_PERSON}|{_THEM}) (?:up|to death|senseless|to a pulp|bloody)\b",
    rf"\bbeat the (?:shit|crap|hell|fuck|life) out of (?:{_PERSON}|{_THEM}|{_NAMED_GROUP})\b",
    # a wish for someone's death or harm
    rf"\b(?:hope|hoping|wish|pray|praying) (?:that )?(?:{_PERSON}|they|he|she|{_NAMED_GROUP})"
    rf"(?: all)?(?: fucking)? (?:die|dies|rot|rots|choke|chokes|drown|drowns|burn|burns|"
    rf"(?:get|gets|catch|catches) {_WISH_GET}|(?:were|was|are|is) dead|drop dead)\b",
    rf"\b(?:they|you|u|he|she|{_PERSON}|{_NAMED_GROUP})(?: all)? (?:should|need to|needs to|"
    rf"must|ought to|oughta|gotta|deserve to|deserves to)(?: all)?(?: just)? {_DIE}\b",
    rf"\bdeserves? to {_DIE}\b",
    rf"\bdeath to (?:all )?(?:the )?{_SWEAR}?(?:{_GROUP}|{_PERSON})\b",
    r"\b(?:die in a (?:fire|ditch|hole)|go (?:and )?die in a)\b",
)

_DEHUMAN = (
    r"(?:vermin|parasites?|cockroach(?:es)?|roach(?:es)?|subhumans?|sub-humans?|savages|"
    r"filth|scum|scumbags|untermenschen|mongrels|animals?|rats?|apes?|monkeys?|pigs?|"
    r"swine|beasts|insects|leeches|garbage|trash|baboons|gorillas|primates|cattle|"
    r"a plague|an infestation|a disease|a cancer)"
)
_STRONG = (
    r"(?:vermin|parasites|cockroaches|roaches|subhumans|sub-humans|savages|scum|"
    r"untermenschen|mongrels|leeches)"
)
# "rat race", "garbage collection", "trash talk", "monkey bread", "animal shelter"...
_NOT_COMPOUND = (
    r"(?![ -]?(?:race|collection|collector|talk|talking|talker|bread|bags?|cans?|day|pickup|"
    r"trucks?|bins?|island|business|wrench|crew|prints?|lovers?|kingdom|crossing|shelters?|"
    r"welfare|rights|planet|style|mode|patrol|control|pack|panda|tv|music|food|poop)\b)"
)
_GROUP_SUBJECT = (
    rf"(?:they|these people|those people|you people|these guys|those guys|their kind|"
    rf"{_NAMED_GROUP})"
)
_BE = r"(?:are|r|'re|re|were|=|be|ain't|aint)"
_FILLER = (
    r"(?: (?:just|all|nothing but|no better than|basically|literally|like|such|fucking|"
    r"a bunch of|a pack of|a herd of|bunch of|pack of|filthy|dirty|disgusting|worthless|"
    r"stinking|subhuman|rabid|wild|dumb|stupid|a|an|some|the|nothing more than|worse than|"
    r"lower than|less than|human))*"
)
_DEHUMAN_PATTERNS = (
    rf"\b{_GROUP_SUBJECT} {_BE}{_FILLER} {_DEHUMAN}\b{_NOT_COMPOUND}",
    rf"\b{_GROUP_SUBJECT}(?: (?!treat|treated|treating|like\b)[\w']+){{0,3}} like"
    rf"(?: a| an| the| fucking| filthy| dirty| wild| rabid)* {_DEHUMAN}\b{_NOT_COMPOUND}",
    rf"\b(?:those|these|them|all the|you) (?:fucking |filthy |dirty |stinking |little )?"
    rf"{_STRONG}\b",
)

_SPACE = " ?"  # hashtags run words together or split them
_TAG_GROUP = _IDENTITY.replace(r"\ ", _SPACE)
_TAG_THEM = rf"(?:them|em|all|the ?{_TAG_GROUP}|{_TAG_GROUP})"
_TAG_PATTERNS = (
    rf"send ?(?:them|em|{_TAG_GROUP}|the ?{_TAG_GROUP})(?: ?all)? ?(?:back|home|packing|away)",
    rf"deport ?{_TAG_THEM}",
    r"deport ?(?:them|em) ?all|deport(?:ations?)? ?now|mass ?deportations? ?now",
    rf"(?:kick|throw|keep|get|boot) ?{_TAG_THEM}(?: ?all)? ?out",
    rf"get ?rid ?of ?{_TAG_THEM}",
    rf"ban ?(?:all ?)?{_TAG_GROUP}",
    rf"no ?more ?{_TAG_GROUP}",
    rf"{_TAG_GROUP} ?(?:out|go ?home|must ?go|not ?welcome|get ?out|go ?back)",
    r"(?:them|em) ?out",
    r"go ?back ?(?:to ?your ?(?:own ?)?country|where ?you ?came ?from|to ?africa|home)",
)


_TAG_RE = OnFirstUse(r"^(?:" + "|".join(_TAG_PATTERNS) + r")(?: ?now)?$")
_TEXT_EXCLUSION = OnFirstUse(
    "|".join(
        (
            rf"\bsend (?:all )?(?:the |these |those )?{_IDENTITY}(?: all)? (?:back|home|packing)\b",
            rf"\bdeport (?:all )?(?:the |these |those )?{_IDENTITY}\b",
            rf"\b(?:kick|throw|keep) (?:all )?(?:the |these |those )?{_IDENTITY}(?: all)? out\b",
            rf"\bget rid of (?:all )?(?:the |these |those )?{_IDENTITY}\b",
            rf"\bban (?:all )(?:the )?{_IDENTITY}\b",
            r"\bgo back (?:to your (?:own )?country|where you came from|to (?:africa|mexico))\b",
        )
    )
)


def _compile(patterns) -> OnFirstUse:
    return OnFirstUse("|".join(f"(?:{p})" for p in patterns))


_DEHUMAN_RE = _compile(_DEHUMAN_PATTERNS)

# Each regex runs only on posts that hold one of its words (most posts hold none: run on
# every post, the patterns above cost about 25 µs a post each).
_HARM_WORDS = WordGate(
    """kill murder stab lynch behead decapitate slaughter butcher strangle execute exterminate
    eradicate gas rape torture massacre dismember mutilate castrate shank suffocate smother
    wipe genocide gun mow beat curb shoot hang burn drown bury poison run punch choke hurt
    snap break slit cut smash bash crush rip wring cave stomp blow knock split crack""".split()
)
_WISH_WORDS = WordGate("hope hoping wish pray praying".split())
_DEATH_WORDS = WordGate(
    "die dies rot suffer death fire ditch hole killed shot hanged hung lynched gassed".split()
    + "executed exterminated eradicated burned burnt beheaded raped tortured".split()
    + "murdered slaughtered stabbed drowned castrated nuked strung lined burn hell wiped".split()
)
_DEHUMAN_WORDS = WordGate(
    """vermin parasite parasites cockroach cockroaches roach roaches subhuman subhumans
    savages filth scum scumbags untermenschen mongrels animal animals rat rats ape apes
    monkey monkeys pig pigs swine beasts insects leeches garbage trash baboons gorillas
    primates cattle plague infestation disease cancer""".split()
)
_EXCLUSION_WORDS = WordGate("send deport kick throw keep rid ban go".split())

_THREATS = (
    (_HARM_WORDS, _compile(_THREAT_PATTERNS[:6])),
    (_WISH_WORDS, _compile(_THREAT_PATTERNS[6:7])),
    (_DEATH_WORDS, _compile(_THREAT_PATTERNS[7:])),
)
_DEHUMANISING = ((_DEHUMAN_WORDS, _DEHUMAN_RE),)
_EXCLUSION = ((_EXCLUSION_WORDS, _TEXT_EXCLUSION),)


MESSAGES = {
    "threats": (
        {
            "en": "Threat or violent wish: “%s”.",
            "fr": "Menace ou souhait de violence : « %s ».",
        },
        {
            "en": "Remove it. A brand account never wishes harm on anyone, even as a joke.",
            "fr": "Retirez-le. Un compte de marque ne souhaite de mal à personne, même pour rire.",
        },
    ),
    "dehumanising": (
        {
            "en": "Dehumanising comparison: “%s” likens people to animals, vermin or filth.",
            "fr": "Comparaison déshumanisante : « %s » assimile des personnes à des animaux, "
            "à de la vermine ou à des ordures.",
        },
        {
            "en": "Remove it. Criticise actions, never what a group of people is.",
            "fr": "Retirez-la. Critiquez des actes, jamais ce qu’est un groupe de personnes.",
        },
    ),
    "exclusion": (
        {
            "en": "Exclusionary call against a group: “%s”.",
            "fr": "Appel à l’exclusion d’un groupe : « %s ».",
        },
        {
            "en": "Remove it. A brand never calls for sending away or banning a group of people.",
            "fr": "Retirez-le. Une marque n’appelle jamais à renvoyer ou à bannir un groupe "
            "de personnes.",
        },
    ),
}


def _finding(rule: RuleSpec, kind: str, text: str, start: int, end: int) -> Finding:
    message, suggestion = MESSAGES[kind]
    value = text[start:end]
    return make_finding(
        rule,
        text,
        start,
        end,
        render(rule.message, value, message),
        render(rule.suggestion, value, suggestion),
    )


def _text_kind(kind: str, gated_patterns):
    def compile_kind(rule: RuleSpec):
        def check(post: PostInput, normalized: Normalized) -> list[Finding]:
            view = match_view(normalized)
            findings = []
            for gate, pattern in gated_patterns:
                if not gate.opens(normalized):
                    continue
                for m in pattern.finditer(view.text):
                    begin, finish = sentence_span(view.text, m.start(), m.end())
                    if COUNTER_SPEECH_EN.search(view.text, begin, finish):
                        continue  # reported or denounced: "saying that … is hateful"
                    start, end = to_original_span(view, m.start(), m.end())
                    findings.append(_finding(rule, kind, post.text, start, end))
            return findings

        return check

    return compile_kind


register("threats")(_text_kind("threats", _THREATS))
register("dehumanising")(_text_kind("dehumanising", _DEHUMANISING))


@register("exclusion")
def compile_exclusion(rule: RuleSpec):
    text_check = _text_kind("exclusion", _EXCLUSION)(rule)

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        findings = text_check(post, normalized)
        for tag in tags(normalized):
            if _TAG_RE.match(tag.text):
                view = tag.view
                start, end = to_original_span(view, 0, len(view.text))
                if start and post.text[start - 1] in "#＃":
                    start -= 1
                findings.append(_finding(rule, "exclusion", post.text, start, end))
        return findings

    return check
