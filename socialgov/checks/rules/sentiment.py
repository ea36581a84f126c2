"""``sentiment`` and ``blame``: the tone of replies to customers.

``sentiment`` checks replies only: posts whose objective is ``customer_service`` or whose
text starts with an @mention. It scores the reply with VADER (English) or the French
VADER lexicon (see ``socialgov.checks.tone``) in the post's language (given or detected;
English when unclear) and reports:

* a negative reply: compound score at or below ``threshold`` (default -0.25). A reply
  that apologises or shows understanding (sorry, we understand, désolés...) is scored
  with the words that say how bad it is for the customer (frustrating, pénible...) as
  neutral; words naming what support replies are about (spam, abuse, cancelled...) are
  neutral in any reply (see ``socialgov.checks.tone``);
* a cold reply (``cold``: true by default), only in answer to a complaint (below): a
  score below ``warm_score`` (default 0.3) and none of the warm words (thanks, sorry,
  happy to help, merci, désolé, au plaisir...; ``warm_terms`` replaces the list). An
  informative answer ("@sam We open at 9 on Saturday.") to a question, or with no
  message given, is not cold.

A reply that gives the customer's message (``PostInput.replying_to``) is judged as an
answer to it:

* the negative words it shares with the message (the customer's problem named back in
  the customer's words: "broken", "late", "cassée") acknowledge the problem and count as
  neutral;
* when the message is a complaint (it has negative words or a negative score) and the
  reply apologises or shows empathy (sorry, we understand, that sounds frustrating,
  désolés, nous comprenons...; ``empathy_terms`` replaces the list), the reply is not
  cold, and the words that say how bad it is for the customer (frustrating,
  unacceptable, pénible...) count as neutral too;
* a complaint answered with a non-apology only ("sorry you feel that way", "désolés que
  vous le preniez ainsi") is dismissive: reported as cold.

Its other negative words still count: an apology does not excuse an insult. Without the
customer's message, a reply is judged negative or not on its own, never cold, and
"unacceptable" there is not empathy (it may judge the customer); a reply that does not
speak to its reader (no "you", "your", "vous", "tu"...) is then negative only at or below
``unanswered_threshold`` (default -0.5): "@sam Rain all weekend, sadly." is not.

The finding is about the whole post (``start == end == 0``). Message ``%s``: the score
(e.g. "-0.62"); the default message also quotes the negative words.

``blame``: phrases that blame the customer ("as we already said", "you should have",
"vous auriez dû", "comme déjà mentionné"...), in any post. params: ``terms`` (replaces
the built-in English and French list), ``exceptions``. One finding per phrase; message
and suggestion ``%s``: the phrase as written.
"""

from __future__ import annotations

import re

from socialgov.checks import params, tone
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.language import detect_language, post_language
from socialgov.checks.messages import quote_list
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register
from socialgov.checks.terms import TermMatcher, requires

WARM_TERMS = (
    "thank you", "thanks", "thank", "sorry", "apologize", "apologise", "apologies",
    "happy to help", "glad", "please", "appreciate", "we understand", "we're here",
    "we are here", "hi", "hello", "hey", "welcome", "have a great", "have a nice",
    "merci", "désolé", "désolée", "désolés", "navré", "navrés", "excuses", "bonjour",
    "bonsoir", "salut", "au plaisir", "avec plaisir", "ravis", "ravi", "heureux de",
    "heureuse de", "nous comprenons", "on comprend", "s'il vous plaît", "svp",
    "bonne journée", "bonne soirée", "bienvenue",
)  # fmt: skip

BLAME_TERMS = (
    "as we already said", "as we said before", "as we've said", "as we have said",
    "as already mentioned", "as mentioned before", "as previously mentioned",
    "as previously stated", "as stated before", "as i said", "as i already said",
    "per my last email", "as per my last email", "you should have", "you should've",
    "you failed to", "you didn't read", "you did not read", "read the instructions",
    "read the manual", "it's your fault", "it is your fault", "your fault",
    "you need to understand", "calm down",
    "comme déjà mentionné", "comme mentionné précédemment", "comme déjà dit",
    "comme nous l'avons déjà dit", "comme nous vous l'avons déjà dit",
    "comme nous l'avons déjà mentionné", "comme je l'ai dit", "comme je vous l'ai dit",
    "vous auriez dû", "tu aurais dû", "vous n'avez pas lu", "tu n'as pas lu",
    "lisez les instructions", "lisez le mode d'emploi", "c'est votre faute",
    "c'est de votre faute", "c'est ta faute", "calmez-vous", "vous devez comprendre",
)  # fmt: skip

NEGATIVE = (
    {
        "en": "Negative tone in a reply to a customer (score %s).",
        "fr": "Ton négatif dans une réponse à un client (score %s).",
    },
    {
        "en": "Acknowledge the problem, thank or apologise, and say what happens next.",
        "fr": "Reconnaissez le problème, remerciez ou excusez-vous, et dites la suite.",
    },
)
COLD = (
    {
        "en": "Cold reply to a customer (score %s): no thanks, apology or warm word.",
        "fr": "Réponse froide à un client (score %s) : ni merci, ni excuses, ni mot chaleureux.",
    },
    {
        "en": "Add a greeting, a thank-you or an apology.",
        "fr": "Ajoutez une salutation, un merci ou des excuses.",
    },
)
DISMISSIVE = (
    {
        "en": "Dismissive reply to a complaint (score %s): it is sorry for the customer's "
        "feelings, not for the problem.",
        "fr": "Réponse qui balaie la plainte (score %s) : elle regrette le ressenti du "
        "client, pas le problème.",
    },
    {
        "en": "Apologise for the problem itself and say what happens next.",
        "fr": "Excusez-vous du problème lui-même et dites la suite.",
    },
)
BLAME = (
    {
        "en": "“%s” sounds like blaming the customer.",
        "fr": "« %s » donne l’impression de blâmer le client.",
    },
    {
        "en": "Give the answer again without pointing at what the customer did.",
        "fr": "Redonnez la réponse sans pointer ce que le client a fait.",
    },
)


def _number(rule: RuleSpec, key: str, default: float) -> float:
    value = rule.params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not -1 <= value <= 1:
        raise RuleError(rule.id, f"param {key!r} must be a number from -1 to 1")
    return float(value)


# Apologies and empathy: answering a complaint with one of these is not cold.
EMPATHY_TERMS = (
    "sorry", "apologize", "apologise", "apologies", "apologizing", "apologising",
    "we understand", "i understand", "we hear you", "i hear you", "that sounds",
    "sounds frustrating", "must be frustrating", "must have been", "we get it",
    "our fault", "our mistake", "our bad", "on us", "should not have happened",
    "shouldn't have happened", "should never have happened", "not acceptable",
    "unacceptable", "thank you for your patience", "thanks for your patience",
    "thank you for letting us know", "thanks for letting us know",
    "désolé", "désolée", "désolés", "désolées", "navré", "navrée", "navrés", "navrées",
    "excuses", "excusez-nous", "pardon", "nous comprenons", "on comprend", "je comprends",
    "nous vous entendons", "on vous entend", "notre faute", "notre erreur",
    "n'aurait pas dû", "n'aurait jamais dû", "inacceptable", "merci de votre patience",
    "merci pour votre patience", "merci de nous l'avoir signalé",
    "merci de nous avoir prévenus",
)  # fmt: skip

# Apologies for the customer's feelings rather than for the problem.
NON_APOLOGIES = (
    "sorry you feel", "sorry that you feel", "sorry if you feel", "sorry if you were",
    "sorry you were offended", "sorry if anyone", "sorry you see it that way",
    "désolé que vous le preniez", "désolés que vous le preniez", "désolée que vous le preniez",
    "désolé si vous vous êtes senti", "désolés si vous vous êtes senti",
    "désolé que vous ressentiez", "désolés que vous ressentiez",
    "désolé que vous pensiez", "désolés que vous pensiez",
)  # fmt: skip

# How bad it is for the customer, said to acknowledge it: neutral in an empathetic
# answer to a complaint (lower case, accents removed).
EMPATHY_WORDS = frozenset(
    """frustrating frustrated frustration annoying annoyed disappointing disappointed
    disappointment awful terrible horrible unacceptable upset upsetting stressful
    worrying worried concern concerned inconvenient unfortunate unfortunately painful
    hassle bad wrong frustrant frustrante frustrants frustrantes frustre frustree frustres
    frustrees agacant agacante decevant decevante deception decu decue decus decues
    penible penibles inacceptable desagreable contrariant contrariante inquietant
    inquietante inquiet inquiete inquietude malheureusement""".split()
)

# A customer's message with none of these words and a score above this is not a
# complaint (VADER's usual cut-off for a negative text).
COMPLAINT_SCORE = -0.05


def is_reply(post: PostInput) -> bool:
    return (post.objective == "customer_service" or bool(post.replying_to.strip())
            or post.text.lstrip().startswith(("@", "＠")))


def _answers(post: PostInput, reply_language: str) -> tuple[frozenset, bool]:
    """The customer's words a reply may name back, and whether the customer's message
    is a complaint."""
    message = post.replying_to
    if not message.strip():
        return frozenset(), False
    language = detect_language(message) or reply_language
    words = tone.negative_words(message, language)
    score, _words = tone.compound(message, language)
    return words, bool(words) or score <= COMPLAINT_SCORE


def _outside(spans, others) -> bool:
    """Is one of ``spans`` outside every one of ``others``?"""
    return any(not any(o_start <= start and end <= o_end for o_start, o_end in others)
               for start, end in spans)


_ADDRESSES_READER = re.compile(
    r"\b(?:you|your|yours|yourself|u|ur|vous|votre|vos|tu|toi|ton|ta|tes|te|t')\b",
    re.IGNORECASE)


@register("sentiment")
def compile_sentiment(rule: RuleSpec):
    threshold = _number(rule, "threshold", -0.25)
    unanswered_threshold = _number(rule, "unanswered_threshold", -0.5)
    warm_score = _number(rule, "warm_score", 0.3)
    cold = params.boolean(rule, "cold", True)
    warm = TermMatcher(params.str_list(rule, "warm_terms", required=False) or WARM_TERMS)
    empathy = TermMatcher(params.str_list(rule, "empathy_terms", required=False)
                          or EMPATHY_TERMS)
    non_apologies = TermMatcher(NON_APOLOGIES)
    # Without the customer's message, "unacceptable" may judge the customer rather than
    # own the problem: only apologies and understanding show empathy then.
    unprompted = TermMatcher(params.str_list(rule, "empathy_terms", required=False)
                             or [t for t in EMPATHY_TERMS if "acceptable" not in t])
    tone.warm_up()  # load the lexicons now, not during the first check

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        if not post.text.strip() or not is_reply(post):
            return []
        language = post_language(post) or "en"
        acknowledged, complaint = _answers(post, language)
        # With a bar below zero (the bar is never above ``threshold``) only a negative score
        # could give a finding: a reply that cannot score below zero is not scored (most
        # replies). A rule whose threshold is zero or more scores them all.
        if (not complaint and threshold < 0
                and not tone.may_be_negative(post.text, language)):
            return []
        # Without the customer's message, negative words that do not speak to the reader
        # may be anything ("ugh", "rain all weekend, sadly"): only a clearly negative
        # reply is reported then. Words aimed at "you" are judged at the usual bar.
        bar = (threshold if post.replying_to or _ADDRESSES_READER.search(post.text)
               else min(threshold, unanswered_threshold))
        caring = dismissive = False
        if complaint:
            excuses = non_apologies.spans(normalized)
            caring = _outside(empathy.spans(normalized), excuses)
            dismissive = bool(excuses) and not caring
        score, negative = tone.compound(
            post.text, language,
            acknowledged=acknowledged | EMPATHY_WORDS if caring else acknowledged)
        if (not complaint and score <= bar
                and _outside(unprompted.spans(normalized), non_apologies.spans(normalized))):
            # Saying how bad it is for the customer, while apologising, is empathy
            # (looked for only when it matters: most replies are not negative).
            caring = True
            score, negative = tone.compound(
                post.text, language, acknowledged=acknowledged | EMPATHY_WORDS)
        shown = f"{score:.2f}"
        if score <= bar:
            message_defaults, suggestion_defaults = NEGATIVE
            if negative and not rule.message:
                message_defaults = {
                    "en": message_defaults["en"][:-1] + ": " + quote_list(negative, "en") + ".",
                    "fr": message_defaults["fr"][:-1] + " : " + quote_list(negative, "fr") + ".",
                }
        elif dismissive:
            message_defaults, suggestion_defaults = DISMISSIVE
        elif (cold and complaint and score < warm_score and not caring
              and not warm.spans(normalized)):
            message_defaults, suggestion_defaults = COLD
        else:
            return []
        return [
            make_finding(
                rule,
                post.text,
                0,
                0,
                render(rule.message, shown, message_defaults),
                render(rule.suggestion, shown, suggestion_defaults),
            )
        ]

    return check


@register("blame")
def compile_blame(rule: RuleSpec):
    matcher = TermMatcher(params.str_list(rule, "terms", required=False) or BLAME_TERMS)
    exceptions_list = params.str_list(rule, "exceptions", required=False)
    exceptions = TermMatcher(exceptions_list) if exceptions_list else None

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        findings = []
        for match in matcher.find(normalized, exceptions):
            matched = post.text[match.start : match.end]
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    match.start,
                    match.end,
                    render(rule.message, matched, BLAME[0]),
                    render(rule.suggestion, matched, BLAME[1]),
                )
            )
        return findings

    return requires(check, matcher)
