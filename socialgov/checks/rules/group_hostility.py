"""``group_hostility``: hatred or contempt stated about a group of people, in English or
French, read by the shape of the sentence rather than by a word list.

A group (an origin, a faith, a sexual or gender identity, a disability, women or men:
"Muslims", "gay people", "les personnes trans") with what is said of it:

* hatred declared: "I hate women", "je déteste les immigrants";
* a contemptuous verdict: "Jews are disgusting", "trans people are lesser beings",
  "les Arabes sont tous des criminels" (a negation, "are not", leaves the verdict out);
* disgust: "Muslims make me sick", "les gais me dégoûtent", "it's disgusting how … act";
* distrust of all of them: "never trust a single one of …";
* a place outside society, or violence: "… belong in a zoo", "il faut expulser les
  réfugiés", "deport all …", "kill all …", "death to …", "mort aux …";
* the conspiracy trope: "… control the media", "… dominent le monde".

Counter-speech is left alone: a sentence that reports or denounces what others say
("Saying that refugees are vermin is hateful", "Dire que les femmes sont inférieures,
c'est sexiste") gives no finding, and neither does a neutral or kind mention ("I love
Muslims", "les immigrants ont bâti notre ville").

A sentence that names a group in a clearly negative tone (VADER compound score at or
below ``tone``, default -0.4; ``null``: not looked for), without one of the statements
above, gives a finding of severity ``warning`` on that sentence: a reviewer should read
how the group is spoken of ("les Arabes encore, quelle honte et quel dégoût").

params: ``language`` ("en" or "fr"): the patterns to use; ``tone``. One finding per match,
on the original text; message and suggestion ``%s``: the words matched, as written. The
patterns run on the matched reading (lower case, accents folded, spaces squashed), only
on posts that hold a group word.
"""

from __future__ import annotations

import dataclasses

from socialgov.checks import tone
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.groups import (
    COUNTER_SPEECH_EN,
    COUNTER_SPEECH_FR,
    IDENTITY_NOUNS,
    OnFirstUse,
    alternation,
    sentence_span,
)
from socialgov.checks.normalize import Normalized, WordGate, match_view, to_original_span
from socialgov.checks.registry import register

# Who the patterns are about, beyond groups.IDENTITY_NOUNS: "<identity> people" and the
# like, women and men.
_EN_IDENTITIES = (
    "gay", "lesbian", "black", "white", "brown", "asian", "jewish", "muslim", "trans",
    "transgender", "disabled", "queer", "bisexual", "indigenous", "native", "immigrant",
    "arab", "mexican", "chinese", "indian", "african", "latino", "hispanic", "deaf",
    "blind", "autistic", "christian", "catholic", "hindu", "sikh", "lgbt", "lgbtq",
)  # fmt: skip
_EN_PEOPLE = ("people", "folks", "men", "women", "persons", "guys")
_EN_GROUPS = (
    *(g for g in IDENTITY_NOUNS if g not in ("liberals", "conservatives", "democrats",
                                             "republicans", "leftists", "lefties",
                                             "socialists", "communists", "commies",
                                             "libtards", "trumpers", "feminists")),
    *(f"{identity} {people}" for identity in _EN_IDENTITIES for people in _EN_PEOPLE),
    "women", "men", "females", "males", "the disabled", "the deaf", "the blind",
    "homosexuals", "transsexuals", "trannies",
)
_EN_GROUP = (
    r"(?:(?:all |the |these |those |all the |all of the |all these |all those )?"
    rf"{alternation(_EN_GROUPS)})"
)
_EN_NEGATIVE = (
    r"(?:disgusting|repulsive|revolting|vile|stupid|dumb|idiots|morons|worthless|useless|"
    r"inferior|lesser beings|lesser|subhuman|sub-human|evil|filthy|dirty|criminals|rapists|"
    r"terrorists|thieves|a plague|a disease|a cancer|a burden|a disgrace|an abomination|"
    r"abominations|sick|pathetic|dangerous|a threat|a menace|trash|garbage|scum|parasites|"
    r"savages|animals|vermin|freaks|degenerates|perverts|mentally ill|ugly|gross|the worst|"
    r"a waste of space|not human|not real people|not welcome|the problem|a problem|"
    r"less than human|beneath us|mistakes)"
)
_EN_FILLER = (
    r"(?:(?:all|just|so|such|really|truly|fucking|absolutely|nothing but|basically|"
    r"literally|always|naturally|born|simply|clearly|obviously|totally|a bunch of|such a) )*"
)
_EN_PATTERNS = (
    rf"\b(?:i|we) (?:really |truly |just |fucking |absolutely |honestly )?"
    rf"(?:hate|despise|loathe|detest|can't stand|cant stand|cannot stand|am sick of|"
    rf"'m sick of|am tired of|'m tired of) {_EN_GROUP}\b",
    rf"\b{_EN_GROUP} (?:are|r|'re|re|ain't nothing but) {_EN_FILLER}{_EN_NEGATIVE}\b",
    rf"\b{_EN_GROUP} (?:make|makes) me (?:sick|want to (?:puke|vomit|throw up))\b",
    rf"\b{_EN_GROUP} (?:disgust|sicken|repulse) (?:me|us)\b",
    rf"\bnever trust (?:a |an |any |a single |a single one of |one of |any of )?{_EN_GROUP}\b",
    rf"\b{_EN_GROUP} (?:belong|should be|should stay|need to be) (?:in|at|back in) (?:a |the )?"
    rf"(?:zoo|cage|cages|kitchen|trash|gutter|hell|camps?|prison|jail|ovens?|closet)\b",
    rf"\b(?:it's|it is|its) (?:so |really |just )?(?:disgusting|sickening|revolting|gross) "
    rf"how {_EN_GROUP}\b",
    rf"\b(?:deport|ban|expel|get rid of|kick out|round up|exterminate|eliminate|wipe out|"
    rf"lock up|sterilize|sterilise) {_EN_GROUP}\b",
    rf"\bdeath to {_EN_GROUP}\b",
    rf"\b(?:kill|murder|shoot|gas|lynch|hang|burn|exterminate) (?:all |every (?:one of )?)?"
    rf"{_EN_GROUP}\b",
    # the conspiracy trope: a group that secretly runs things
    rf"\b{_EN_GROUP} (?:control|controls|run|runs|own|owns|rule|rules|dominate) "
    rf"(?:the world|the media|the banks|hollywood|everything|the government|the planet)\b",
)

_FR_GROUPS = (
    "femmes", "hommes", "musulmans", "musulmanes", "juifs", "juives", "chretiens",
    "chretiennes", "catholiques", "hindous", "sikhs", "athees", "gais", "gays",
    "lesbiennes", "homosexuels", "homosexuelles", "bisexuels", "trans", "immigrants",
    "immigrantes", "immigres", "immigrees", "migrants", "migrantes", "refugies",
    "refugiees", "etrangers", "etrangeres", "noirs", "noires", "blancs", "blanches",
    "arabes", "maghrebins", "asiatiques", "chinois", "africains", "africaines",
    "autochtones", "mexicains", "haitiens", "roms", "gitans", "handicapes", "handicapees",
    "personnes trans", "personnes handicapees", "personnes noires", "personnes gaies",
    "personnes lgbt", "personnes immigrantes", "personnes autochtones", "personnes racisees",
    "lgbt",
)  # fmt: skip
_FR_GROUP = (
    rf"(?:(?:tous |toutes )?(?:les |ces |des |aux |a ces )?{alternation(_FR_GROUPS)})"
)
_FR_NEGATIVE = (
    r"(?:degoutant(?:e)?s|degueulasses|stupides|idiot(?:e)?s|cons|connes|inferieur(?:e)?s|"
    r"etres inferieurs|sous-hommes|sous-humains|vermine|parasites|plaie|fleau|cancer|"
    r"maladie|animaux|betes|sauvages|criminel(?:le)?s|terroristes|violeurs|inutiles|sales|"
    r"malades|dechets|ordures|rats|nuisibles|dangereux|dangereuses|une honte|abominations|"
    r"degeneres|pervers|moins que rien|pas des humains|pas humains|de trop|le probleme)"
)
_FR_FILLER = (
    r"(?:(?:tous|toutes|vraiment|tellement|juste|si|que|rien que|qu'|tous des|toutes des|"
    r"des|de la|du|une|un|de|d'|bien|trop|naturellement|forcement) ?)*"
)
_FR_PATTERNS = (
    rf"\b(?:je|j'|on|nous) ?(?:deteste|detestons|hais|haissons|meprise|meprisons|execre|"
    rf"ne supporte pas|supporte pas|peux pas sentir|peux pas supporter|ne peux pas supporter|"
    rf"en ai marre des|en ai assez des) {_FR_GROUP}\b",
    rf"\b{_FR_GROUP} (?:sont|c'est|ce sont|restent) {_FR_FILLER}{_FR_NEGATIVE}\b",
    rf"\b(?:il faut|faut|on doit|on devrait|il faudrait|faudrait) (?:tous |toutes )?"
    rf"(?:tuer|exterminer|eliminer|expulser|deporter|chasser|renvoyer|bannir|interdire|gazer|"
    rf"bruler|pendre|abattre|enfermer|steriliser) {_FR_GROUP}\b",
    rf"\b(?:refuser d'accueillir|refusent d'accueillir|refuse d'accueillir|"
    rf"refusons d'accueillir|exile|exiler|exilez|expulsez|deportez|virez|chassez|renvoyez) "
    rf"{_FR_GROUP}\b",
    rf"\bmort (?:a |a tous |a toutes )?{_FR_GROUP}\b",
    rf"\b{_FR_GROUP} me (?:rendent malade|degoutent|ecoeurent|font vomir|donnent envie de vomir"
    rf"|font gerber)\b",
    rf"\b(?:ne jamais|jamais|il ne faut jamais) faire confiance {_FR_GROUP}\b",
    rf"\b{_FR_GROUP} (?:controlent|dominent|dirigent|possedent|tiennent|gouvernent) "
    rf"(?:le monde|les medias|la finance|les banques|tout|la planete|le gouvernement)\b",
    rf"\b{_FR_GROUP} (?:devraient|doivent) (?:retourner|rester|etre) (?:chez eux|a la cuisine|"
    rf"dans leur pays|en prison|enfermes|enfermees|dans des camps)\b",
)

_PATTERNS = {
    "en": (OnFirstUse("|".join(f"(?:{p})" for p in _EN_PATTERNS)), COUNTER_SPEECH_EN),
    "fr": (OnFirstUse("|".join(f"(?:{p})" for p in _FR_PATTERNS)), COUNTER_SPEECH_FR),
}
_GROUP_WORDS = {
    "en": OnFirstUse(rf"\b{alternation(_EN_GROUPS)}\b"),
    "fr": OnFirstUse(rf"\b{alternation(_FR_GROUPS)}\b"),
}
# The words one of which every match holds (its group), to skip the others at once.
_HEADS = {
    "en": WordGate(w for g in _EN_GROUPS for w in g.split()[-1:]),
    "fr": WordGate(w for g in _FR_GROUPS for w in g.split()[-1:]),
}

DEFAULT_MESSAGE = {
    "en": "Hostile statement about a group of people: “%s”.",
    "fr": "Propos hostile envers un groupe de personnes : « %s ».",
}
DEFAULT_SUGGESTION = {
    "en": "Remove it. A brand never speaks of a group of people with hatred or contempt.",
    "fr": "Retirez-le. Une marque ne parle jamais d’un groupe de personnes avec haine ou "
    "mépris.",
}


@register("group_hostility")
def compile_group_hostility(rule: RuleSpec):
    language = rule.params.get("language")
    if language not in _PATTERNS:
        raise RuleError(rule.id, "param 'language' must be \"en\" or \"fr\"")
    pattern, counter = _PATTERNS[language]
    heads = _HEADS[language]
    group_words = _GROUP_WORDS[language]
    threshold = rule.params.get("tone", -0.4)
    if threshold is not None and (
        isinstance(threshold, bool) or not isinstance(threshold, int | float)
        or not -1 <= threshold <= 0
    ):
        raise RuleError(rule.id, "param 'tone' must be a number from -1 to 0, or null")
    if threshold is not None:
        tone.warm_up()

    def finding(post: PostInput, start: int, end: int, severity: str | None = None) -> Finding:
        value = post.text[start:end]
        found = make_finding(
            rule,
            post.text,
            start,
            end,
            render(rule.message, value, DEFAULT_MESSAGE),
            render(rule.suggestion, value, DEFAULT_SUGGESTION),
        )
        return dataclasses.replace(found, severity=severity) if severity else found

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        view = match_view(normalized)
        text = view.text
        if not heads.opens(normalized):
            return []
        findings = []
        stated: set[tuple[int, int]] = set()
        for m in pattern.finditer(text):
            sentence = sentence_span(text, m.start(), m.end())
            if counter.search(text, *sentence):
                continue
            stated.add(sentence)
            findings.append(finding(post, *to_original_span(view, m.start(), m.end())))
        if threshold is None:
            return findings
        for m in group_words.finditer(text):
            sentence = sentence_span(text, m.start(), m.end())
            if sentence in stated or counter.search(text, *sentence):
                continue
            stated.add(sentence)
            start, end = to_original_span(view, *sentence)
            score, _negative = tone.compound(post.text[start:end], language)
            if score <= threshold:
                findings.append(finding(post, start, end, "warning"))
        return findings

    return check
