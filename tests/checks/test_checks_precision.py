"""The default packs fire where each rule's premise holds: a reply's tone is judged as a
reply (informative answers and apologies pass, hostility does not), political words read
as job titles or brand names pass, @handles are names (never split into words), and a
support phrase is not a cause-for-clicks pledge."""

import pytest

from socialgov.checks.base import PostInput
from socialgov.checks.checkers import default_checker

FLAGGING = ("warning", "error")


@pytest.fixture(scope="module")
def checker():
    return default_checker()


def flagged(checker, text, language="en", **post):
    post = PostInput(text=text, language=language, networks=("x",), **post)
    return sorted({f.rule_id for f in checker.check(post).findings if f.severity in FLAGGING})


@pytest.mark.parametrize(("text", "language"), [
    ("@lee You can find our store hours here: https://example.com/hours", "en"),
    ("@lee To report that kind of spam, please use the form on our help site.", "en"),
    ("@lee Sorry for the trouble! Are you still failing to sign in after the update?", "en"),
    ("@lee We'd like to help. Please send us your order number in a DM.", "en"),
    ("@lea Nous sommes désolés de ce désagrément. Écrivez-nous en privé, on regarde ça.", "fr"),
    ("@lea Votre commande part lundi.", "fr"),
])
def test_ordinary_support_replies_pass(checker, text, language):
    assert flagged(checker, text, language) == []


def test_a_hostile_reply_is_still_caught(checker):
    assert "core/reply-tone" in flagged(
        checker, "@lee Your complaint is ridiculous and stupid. Stop whining.")


def test_a_cold_answer_to_a_complaint_is_still_caught(checker):
    complaint = "My order arrived broken, terrible service."
    assert flagged(checker, "@lee Your refund was processed.") == []
    assert flagged(checker, "@lee Your refund was processed.",
                   replying_to=complaint) == ["core/reply-tone"]


@pytest.mark.parametrize("text", [
    "Meet Dana Li, President and COO, at the trade fair on Friday.",
    "Sam Roy, President & CFO, joins the panel.",
    "New in store: President's Choice cookies.",
    "Our Presidents' Day hours: 10 to 6.",
])
def test_president_as_a_job_title_or_a_brand_passes(checker, text):
    assert flagged(checker, text) == []


@pytest.mark.parametrize(("text", "rule"), [
    ("Who should be the next president? Tell us!", "core-en/political-opinion"),
    ("The president signed the bill, and we agree.", "core-en/political-opinion"),
    ("Obama is a liar and a traitor.", "core-en/political-opinion"),
    ("Build the wall! Our fences are 20% off.", "core-en/political-stance"),
    ("The pope is in town! Shop our sale: 30% off everything.", "core-en/politics-for-sale"),
])
def test_an_opinion_on_politics_or_politics_used_to_sell_is_flagged(checker, text, rule):
    assert rule in flagged(checker, text)


@pytest.mark.parametrize("text", [
    "Obama visited the plant this morning.",
    "Our choir sings at the church on Sunday at 10 a.m.",
    "The senator's office sent us a photo of the new bridge.",
])
def test_a_mere_mention_of_politics_or_religion_is_an_info_note(checker, text):
    findings = checker.check(PostInput(text=text, language="en")).findings
    assert flagged(checker, text) == []
    assert [f.severity for f in findings if f.rule_id == "core-en/politics-religion"] == ["info"]


@pytest.mark.parametrize("text", [
    "Thanks @TomDiedRich for the tip!",
    "Great chat with @susanalbumparty today.",
])
def test_handles_are_not_read_as_words(checker, text):
    assert flagged(checker, text) == []


def test_a_run_together_hashtag_is_still_read(checker):
    assert flagged(checker, "Join us! #susanalbumparty") != []


def test_an_english_sacrament_is_not_a_sacre(checker):
    assert flagged(checker, "Receiving the sacrament of confirmation this Sunday.") == []
    assert "core-fr/sacres" in flagged(checker, "Ostie de sacrament que c'est long.", "fr")


def test_a_like_for_a_cause_is_still_flagged(checker):
    assert "core-en/engagement-for-a-cause" in flagged(
        checker, "Every like to help the shelter means $1 from us!")
