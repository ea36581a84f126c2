"""The ``sentiment`` rule judges a reply against the customer's message it answers
(``PostInput.replying_to``): an apology or empathy answering a complaint is not cold,
naming the customer's problem in their words is not negative, and a reply that is
really cold, hostile or dismissive is still caught. English and French."""

import io
import json

import pytest

from socialgov.checks import cli, tone
from socialgov.checks.engine import PostInput, RuleSpec, compile

SENTIMENT = [RuleSpec(id="t", kind="sentiment", params={})]

COMPLAINT_EN = "My order arrived broken and three days late. Terrible service, I am so frustrated."
COMPLAINT_FR = "Ma commande est cassée, produit horrible, je suis furieuse et déçue."
QUESTION_EN = "Hi! What time do you open on Saturday?"


def findings(text, language, replying_to=""):
    post = PostInput(text=text, language=language, replying_to=replying_to)
    return [(f.rule_id, f.message["en"].split(" (")[0])
            for f in compile(SENTIMENT).check(post).findings]


NEGATIVE = [("t", "Negative tone in a reply to a customer")]
COLD = [("t", "Cold reply to a customer")]
DISMISSIVE = [("t", "Dismissive reply to a complaint")]


@pytest.mark.parametrize("text, language, complaint", [
    ("@jane We are so sorry your order arrived broken. A replacement ships today.", "en",
     COMPLAINT_EN),
    ("@jane We hear you: a broken order, and a late one, is awful. A replacement ships today.",
     "en", COMPLAINT_EN),
    ("@julie Nous sommes désolés : une commande cassée, c'est horrible et on comprend que vous "
     "soyez furieuse. Un remplacement part aujourd'hui.", "fr", COMPLAINT_FR),
])
def test_an_apology_that_names_the_customers_problem_reads_negative_alone_not_as_an_answer(
        text, language, complaint):
    assert findings(text, language) == NEGATIVE
    assert findings(text, language, complaint) == []


@pytest.mark.parametrize("text, language, complaint", [
    ("@jane That sounds really frustrating, and it should not have happened. A replacement "
     "ships today.", "en", COMPLAINT_EN),
    ("@julie C'est frustrant, on le comprend, et c'est inacceptable de notre part. Un "
     "remplacement part aujourd'hui.", "fr", COMPLAINT_FR),
])
def test_empathy_answering_a_complaint_is_not_cold(text, language, complaint):
    # Understanding shown is empathy with or without the customer's message.
    assert findings(text, language) == []
    assert findings(text, language, complaint) == []


@pytest.mark.parametrize("text, language, complaint", [
    ("@jane Your refund was processed.", "en", COMPLAINT_EN),
    ("@julie Votre remboursement a été traité.", "fr", COMPLAINT_FR),
])
def test_a_cold_answer_to_a_complaint_is_still_cold(text, language, complaint):
    assert findings(text, language, complaint) == COLD


@pytest.mark.parametrize("text, language, complaint", [
    ("@jane Sorry, but your complaint is ridiculous and stupid.", "en", COMPLAINT_EN),
    ("@julie Désolés, mais votre plainte est ridicule et stupide.", "fr", COMPLAINT_FR),
])
def test_an_apology_does_not_excuse_an_insult(text, language, complaint):
    assert findings(text, language, complaint) == NEGATIVE


@pytest.mark.parametrize("text, language, complaint", [
    ("@jane Sorry you feel that way.", "en", COMPLAINT_EN),
    ("@julie Désolés que vous le preniez ainsi.", "fr", COMPLAINT_FR),
])
def test_a_non_apology_answering_a_complaint_is_dismissive(text, language, complaint):
    assert findings(text, language) == []
    assert findings(text, language, complaint) == DISMISSIVE


def test_an_informative_answer_is_cold_only_to_a_complaint():
    text = "@sam We open at 9 on Saturday."
    assert findings(text, "en", QUESTION_EN) == findings(text, "en") == []
    assert findings(text, "en", COMPLAINT_EN) == COLD


@pytest.mark.parametrize("text, language", [
    ("@pat To report that kind of abuse or spam, please use the form on our help site.", "en"),
    ("@pat We're sorry for the frustration. Have you tried restarting the app?", "en"),
    ("@pat Sorry, we missed your message. Are you still failing to log in?", "en"),
    ("@julie Nous sommes désolés de ce désagrément, c'est frustrant. Écrivez-nous en privé.",
     "fr"),
])
def test_an_ordinary_support_reply_without_the_customers_message_passes(text, language):
    assert findings(text, language) == []


def test_unacceptable_without_the_customers_message_is_not_empathy():
    assert findings("@pat Your tone is unacceptable and your request is stupid.", "en") == (
        NEGATIVE)


def test_a_post_with_the_customers_message_is_a_reply_whatever_its_objective():
    text = "We are sorry your order arrived broken and late: that is awful."
    assert findings(text, "en") == []  # an announcement, not a reply: not judged
    assert findings(text, "en", COMPLAINT_EN) == []
    assert findings("Your refund was processed.", "en", COMPLAINT_EN) == COLD


def test_forms_of_one_word_echo_each_other():
    assert tone.same_word("frustrated", "frustrating")
    assert tone.same_word("cassee", "casse")
    assert not tone.same_word("brokenhearted", "broken")
    assert tone.negative_words(COMPLAINT_EN, "en") >= {"broken", "terrible"}


def test_the_command_line_reads_the_customers_message():
    out = io.StringIO()
    checker = cli.load_checker([])[0]
    reply = "@jane We are so sorry your order arrived broken. A replacement ships today."
    lines = [json.dumps({"id": n, "text": reply, "lang": "en", "replying_to": message})
             for n, message in enumerate([None, COMPLAINT_EN])]
    lines.append(json.dumps({"id": 2, "text": reply, "replying_to": 3}))
    cli.process(lines, checker, out.write, ())
    results = [json.loads(row) for row in out.getvalue().splitlines()]
    reply_tone = "core/reply-tone"
    assert reply_tone in [f["rule"] for f in results[0]["findings"]]
    assert reply_tone not in [f["rule"] for f in results[1]["findings"]]
    assert results[2] == {"line": 3, "error": "'replying_to' must be a string or null"}
