"""A reviewer comments on a passage, the drafter edits elsewhere, the comment
stays on its passage; the reviewer reads the word diff and rejects with a
reason from the brand's list."""

import pytest
from playwright.sync_api import expect

from socialgov.posts import actions
from socialgov.posts.models import Comment, Decision, Post, State
from tests.browser.conftest import decide, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# An emoji before the passage: the browser counts it as two UTF-16 units, Python as one.
TEXT = "👋 Our new bakery opens on Monday. Come and say hello!"
EDITED = "👋 Big news! Our new bakery opens on Monday. Come and taste the bread!"
PASSAGE = "opens on Monday"

SELECT = """([selector, passage]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(passage);
    if (at === -1) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + passage.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
  return false;
}"""

HIGHLIGHTED = """() => {
  const highlight = CSS.highlights.get("comment");
  return highlight ? Array.from(highlight).map((range) => range.toString()) : null;
}"""


def highlighted(page):
    """The passages highlighted once static/js/comments.js has run on the page (it runs
    after the page loads: on a loaded machine, after the first look)."""
    page.wait_for_function('() => CSS.highlights.get("comment") !== undefined')
    return page.evaluate(HIGHLIGHTED)


def test_a_comment_follows_its_passage_and_the_reviewer_rejects_with_a_reason(
        new_page, brand, intern, manager, fields, submit):
    post = submit(intern, actions.create(intern, brand, fields(text=TEXT)))
    assert post.state == State.IN_REVIEW

    reviewer = new_page()
    log_in(reviewer, "manager")
    reviewer.goto(reviewer.base_url + post.get_absolute_url())
    assert reviewer.evaluate(SELECT, [".detail-layout .post-text", PASSAGE])
    expect(reviewer.get_by_label("Passage")).to_have_value(PASSAGE)
    reviewer.get_by_label("Your comment").fill("Which Monday? Give the date.")
    reviewer.get_by_role("button", name="Comment", exact=True).click()
    expect(reviewer.locator(".thread .passage")).to_have_text(PASSAGE)
    comment = Comment.objects.get()
    assert (comment.start, comment.end) == (TEXT.index(PASSAGE), TEXT.index(PASSAGE) + 15)
    assert highlighted(reviewer) == [PASSAGE]

    drafter = new_page()
    log_in(drafter, "intern")
    drafter.goto(drafter.base_url + post.get_absolute_url())
    drafter.get_by_label("Your reply").fill("Monday the 3rd.")
    drafter.get_by_role("button", name="Reply").click()
    expect(drafter.locator(".thread .reply")).to_contain_text("Monday the 3rd.")
    drafter.get_by_role("button", name="Withdraw").click()
    drafter.get_by_role("link", name="Edit").click()
    drafter.get_by_label("Text").fill(EDITED)
    drafter.get_by_role("button", name="Submit for review").click()
    expect(drafter.locator(".page-head .badge").first).to_have_text("In review")
    post = Post.objects.get()
    assert post.current_version.number == 2

    reviewer.reload()
    expect(reviewer.get_by_role("heading", name="Changes since you last looked")).to_be_visible()
    diff = reviewer.locator(".diff-text")
    expect(diff.locator("ins")).to_have_text(["Big news! ", "taste the bread"])
    expect(diff.locator("del")).to_have_text(["say hello"])
    thread = reviewer.locator(f"#comment-{comment.pk}")
    expect(thread.locator(".passage")).to_have_text(PASSAGE)
    expect(thread.locator(".badge.outdated")).to_have_count(0)
    start = EDITED.index(PASSAGE)
    expect(thread).to_have_attribute("data-start", str(start))
    assert highlighted(reviewer) == [PASSAGE]

    decide(reviewer, "Reject", reasons=["Legal risk"])
    assert reviewer.dialogs == ["Reject this post? It will not be published."]
    expect(reviewer.locator(".page-head .badge").first).to_have_text("Rejected")
    decision = Decision.objects.get()
    assert decision.version == post.current_version
    assert [r.label_en for r in decision.reasons.all()] == ["Legal risk"]
    expect(reviewer.locator(".decision-reasons")).to_contain_text("Legal risk")
    expect(reviewer.locator("#versions")).to_contain_text("Rejected · manager")


def test_in_french_a_brand_admin_keeps_the_reasons_and_a_reviewer_comments(
        new_page, brand, intern, manager, brand_admin, fields, submit):
    labels = ("Nom d’utilisateur", "Mot de passe", "Connexion")
    admin = new_page(locale="fr-CA")
    log_in(admin, "brandadmin", labels=labels)
    admin.goto(admin.base_url + f"/brands/{brand.slug}/calendar/")
    admin.get_by_role("link", name="Motifs de rejet").click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Motifs de rejet")
    admin.get_by_label("Libellé (anglais)").fill("Wrong hashtag")
    admin.get_by_label("Libellé (français)").fill("Mauvais mot-clic")
    admin.get_by_role("button", name="Ajouter le motif").click()
    expect(admin.locator("table.reasons")).to_contain_text("Mauvais mot-clic")
    reason = brand.review_reasons.get(label_en="Wrong hashtag")
    admin.locator(f"#reason-{reason.pk}").get_by_role("button", name="Ne plus proposer").click()
    expect(admin.locator(f"#reason-{reason.pk}")).to_contain_text("Non")

    post = submit(intern, actions.create(intern, brand, fields(
        text="L’été arrive : la boulangerie ouvre lundi.", language="fr")))
    reviewer = new_page(locale="fr-CA")
    log_in(reviewer, "manager", labels=labels)
    reviewer.goto(reviewer.base_url + post.get_absolute_url())
    expect(reviewer.get_by_role("heading", name="Versions")).to_be_visible()
    assert reviewer.evaluate(SELECT, [".detail-layout .post-text", "ouvre lundi"])
    expect(reviewer.get_by_label("Passage")).to_have_value("ouvre lundi")
    reviewer.get_by_label("Votre commentaire").fill("Quel lundi ?")
    reviewer.get_by_role("button", name="Commenter", exact=True).click()
    expect(reviewer.locator(".thread .passage")).to_have_text("ouvre lundi")
    reviewer.get_by_role("button", name="Résoudre").click()
    expect(reviewer.locator(".resolved-threads summary")).to_have_text("1 commentaire résolu")
    reject = reviewer.locator("form.decision-form")
    reject.get_by_label("Rejeter", exact=True).check()
    expect(reject.get_by_text("Motifs", exact=True)).to_be_visible()
    expect(reject).not_to_contain_text("Mauvais mot-clic")
    expect(reject.get_by_label("Risque juridique")).to_be_visible()
