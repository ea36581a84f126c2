"""“Resembles a post this brand sent back”: an info finding on a draft close to a post
the brand's reviewers rejected or sent back with reasons."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from socialgov.brands.models import ReviewReason
from socialgov.posts import actions, resemblance
from socialgov.posts.cards import Card

REJECTED_TEXT = ("Flash sale this weekend only: every winter boot is half price, "
                 "come early and grab yours before they are gone!")
CLOSE_TEXT = ("Flash sale this weekend only: every winter boot is half price, "
              "come early and grab a pair before they are gone!")
UNRELATED_TEXT = "Our bakery team thanks the volunteers who cleaned the park on Sunday."


def rejected(make_post, second_manager, brand, text=REJECTED_TEXT):
    post = make_post("in_review", text=text, brand=brand)
    reason = ReviewReason.objects.filter(brand=brand, label_en="Sensitive timing").first()
    actions.reject(second_manager, post, post.current_version_id, "Not during the storm.",
                   reasons=[reason.pk] if reason else [])
    return post


def resemblance_findings(post):
    post.refresh_from_db()
    return [f for f in post.current_version.findings.all() if f.kind == resemblance.KIND]


def test_a_draft_close_to_a_rejected_post_shows_the_decision_its_reasons_and_a_link(
        make_post, second_manager, brand):
    old = rejected(make_post, second_manager, brand)
    new = make_post("in_review", text=CLOSE_TEXT)
    (finding,) = resemblance_findings(new)
    assert finding.severity == "info"
    assert f"#{old.pk}" in finding.message_en and "rejected" in finding.message_en
    assert "Sensitive timing" in finding.message_en
    assert "Moment mal choisi" in finding.message_fr
    assert "Not during the storm." in finding.suggestion_en
    card = Card(rule=finding.rule_key, kind=finding.kind, severity="info", message="",
                suggestion="", guideline="")
    assert card.link == f"/posts/{old.pk}/"


def test_an_unrelated_draft_gets_no_resemblance_finding(make_post, second_manager, brand):
    rejected(make_post, second_manager, brand)
    assert resemblance_findings(make_post("in_review", text=UNRELATED_TEXT)) == []


def test_another_brands_rejections_never_count(make_post, second_manager, brand, other_brand,
                                              make_user):
    from socialgov.accounts.models import Membership, Role

    reviewer = make_user("other-reviewer")
    author = make_user("other-author")
    Membership.objects.create(user=reviewer, brand=other_brand, role=Role.APPROVER)
    Membership.objects.create(user=author, brand=other_brand, role=Role.DRAFTER)
    other = make_post("in_review", text=REJECTED_TEXT, brand=other_brand, author=author,
                      reviewer=reviewer)
    actions.reject(reviewer, other, other.current_version_id, "Not during the storm.")
    assert resemblance_findings(make_post("in_review", text=CLOSE_TEXT)) == []


def test_approvals_and_the_post_itself_do_not_count(make_post, second_manager, brand):
    post = rejected(make_post, second_manager, brand)
    assert resemblance.closest(brand.pk, post.pk, REJECTED_TEXT) is None
    assert resemblance.closest(brand.pk, None, REJECTED_TEXT) is not None


def test_the_lookup_runs_a_constant_number_of_queries(make_post, second_manager, brand):
    def queries():
        resemblance._CACHE.clear()
        with CaptureQueriesContext(connection) as captured:
            resemblance.closest(brand.pk, None, CLOSE_TEXT)
        return len(captured)

    rejected(make_post, second_manager, brand)
    few = queries()
    for i in range(4):
        rejected(make_post, second_manager, brand, text=f"{UNRELATED_TEXT} Number {i}.")
    assert queries() == few
    # Cached until a newer decision: one query asks for the newest.
    with CaptureQueriesContext(connection) as captured:
        resemblance.closest(brand.pk, None, CLOSE_TEXT)
    assert len(captured) == 1
