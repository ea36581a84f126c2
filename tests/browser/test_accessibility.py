"""axe-core, in the browser, on the main pages in each of their states, in
English and in French: "Accessible: keyboard reachable, not colour alone,
axe-core clean in the browser tests."

Each test walks the pages one person sees and fails once, at the end, with the
violations of every page state it found them on.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from socialgov.posts import actions, comments
from socialgov.posts.models import ReviewPresence
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import ERROR_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = ["en-CA", "fr-CA"]
LOGIN_LABELS = {
    "en-CA": ("Username", "Password", "Log in"),
    "fr-CA": ("Nom d’utilisateur", "Mot de passe", "Connexion"),
}
ACME = "/brands/acme"
# axe 4.x no longer checks ids are unique (its duplicate-id rules are retired);
# a label or aria-describedby naming a repeated id names the wrong element.
DUPLICATE_IDS = """() => {
  const seen = {};
  document.querySelectorAll("[id]").forEach((e) => { seen[e.id] = (seen[e.id] || 0) + 1; });
  return Object.keys(seen).filter((id) => seen[id] > 1);
}"""


def do(move):
    """The form of one of the post page's moves (socialgov/posts/moves.py)."""
    return f"form[action$='/do/{move}/']"


class Walk:
    """Checks each page state with axe, and fails at the end with all of them."""

    def __init__(self, page, locale):
        self.page = page
        self.locale = locale
        self.failures = []

    def log_in(self, username):
        log_in(self.page, username, labels=LOGIN_LABELS[self.locale])
        expect(self.page.locator(".logout")).to_be_visible()

    def visit(self, path, context, *, ready=None):
        self.page.goto(self.page.base_url + path)
        if ready is not None:
            expect(self.page.locator(ready).first).to_be_visible()
        self.check(context)

    def check(self, context):
        expect(self.page.locator("html")).to_have_attribute("lang", self.locale[:2])
        try:
            assert_accessible(self.page, f"{context}, {self.locale}")
        except pytest.fail.Exception as failure:
            self.failures.append(str(failure))
        duplicates = self.page.evaluate(DUPLICATE_IDS)
        if duplicates:
            self.failures.append(f"ids used more than once on {context}, {self.locale}: "
                                 f"{duplicates}")

    def expect(self, *selectors):
        """The page state is the one meant: these elements are on the page."""
        for selector in selectors:
            expect(self.page.locator(selector).first).to_be_visible()

    def done(self):
        if self.failures:
            pytest.fail("\n\n".join(self.failures), pytrace=False)


@pytest.fixture
def walk(new_page):
    def make(locale):
        return Walk(new_page(locale=locale), locale)

    return make


@pytest.mark.parametrize("locale", LOCALES)
def test_the_login_page(walk, intern, locale):
    w = walk(locale)
    w.visit("/login/", "login page", ready="form button[type=submit]")
    # A failed attempt: the form's error, and fields marked.
    labels = LOGIN_LABELS[locale]
    w.page.get_by_label(labels[0]).fill("intern")
    w.page.get_by_label(labels[1]).fill("wrong")
    w.page.get_by_role("button", name=labels[2]).click()
    expect(w.page.locator(".errors, .errorlist").first).to_be_visible()
    w.check("login page after a failed attempt")
    w.done()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_authors_pages(walk, make_post, intern, warning_rule, locale):
    draft = make_post("draft")
    sent_back = make_post("sent_back", text=f"{ERROR_TEXT} We utilize fresh flour.")
    # Planned first, it alone is overdue when it expires.
    make_post("expired", planned_at=timezone.now() + timedelta(hours=1))
    for state in ("in_review", "changes_requested", "approved", "published"):
        make_post(state)
    archived = make_post("rejected")
    actions.archive(intern, archived)

    w = walk(locale)
    w.log_in("intern")
    w.visit("/posts/", "My posts", ready=".post-list")
    w.visit("/posts/?archived=on", "My posts, the archived ones", ready=".post-list")
    w.visit("/posts/new/", "New post (the editor)", ready="#post-form")
    w.visit(draft.get_absolute_url(), "a draft, seen by its author", ready=".page-head")
    w.visit(sent_back.get_absolute_url(), "a post sent back by the check, seen by its author",
            ready=".sent-back")
    w.expect("#findings .finding-card.sev-error", "#findings .finding-card.sev-warning",
             "a[href$='/edit/']", do("ask_waiver"), "#history li")
    w.visit(archived.get_absolute_url(), "an archived post, seen by its author",
            ready=".badge.archived")
    w.expect(do("restore"))
    w.visit(f"/posts/{sent_back.pk}/versions/1/", "a version page", ready="h1")
    w.done()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_approvers_pages(walk, make_post, intern, manager, second_manager, warning_rule,
                             locale):
    in_review = make_post("in_review", text="We utilize our new oven from Monday at 8 a.m.")
    thread = comments.add(second_manager, in_review, in_review.current_version_id,
                          "Which Monday? Give the date.", quote="from Monday")
    comments.reply(intern, thread, "The first one of May.")
    done = comments.add(second_manager, in_review, in_review.current_version_id,
                        "Say “use”.", quote="utilize")
    comments.resolve(second_manager, done)
    # Another approver had the page open a moment ago.
    ReviewPresence.objects.create(post=in_review, user=second_manager,
                                  seen_at=timezone.now() - timedelta(seconds=5))
    waiver_asked = make_post("in_review", error=True)
    approved = make_post("approved")

    w = walk(locale)
    w.log_in("manager")
    w.visit("/review/", "the review queue", ready=".post-list")
    w.visit(in_review.get_absolute_url(), "a post in review, seen by an approver",
            ready="form.decision-form")
    expect(w.page.locator(".also-viewing")).to_contain_text("manager2")
    w.expect(f".approval-path {do('claim')}", "form.decision-form input[value=approve]",
             "form.decision-form input[value=request_changes]",
             "form.decision-form input[value=reject]", ".thread", "#history li")
    # The fields a request for changes reads, once it is chosen.
    w.page.locator("form.decision-form input[value=request_changes]").check()
    w.expect("form.decision-form .reason-choices", "form.decision-form textarea[name=note]")
    w.check("a post in review, the decision form open on “Request changes”")
    w.page.locator(".resolved-threads summary").click()
    w.page.locator(f"{do('claim')} button").click()
    expect(w.page.locator(".claim")).to_contain_text("manager")
    w.page.locator(".resolved-threads summary").click()
    w.check("a post in review, claimed by the approver, resolved comments open")
    w.visit(waiver_asked.get_absolute_url(), "a post in review with a waiver asked",
            ready=".waiver-note")
    w.expect(do("waive"))
    w.visit(approved.get_absolute_url(), "an approved post, with the publish form",
            ready=do("publish"))
    w.visit(f"/posts/{in_review.pk}/versions/1/", "a version page, seen by an approver",
            ready="h1")
    w.done()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_brand_admins_pages(walk, brand, brand_admin, intern, manager, banned_rule,
                                warning_rule, locale):
    w = walk(locale)
    w.log_in("brandadmin")
    w.visit(f"{ACME}/rules/", "the brand's rules", ready="table, .empty")
    w.visit(f"{ACME}/members/", "the brand's members", ready="#invite-form")
    expect(w.page.locator("#invite-form select[name=role]")).to_have_accessible_name(
        re.compile(r"^R[oô]le\b"))
    # Its error state: the field marked and the choice kept.
    invite = w.page.locator("#invite-form")
    invite.locator("input[name=email]").fill("newcomer@example")  # a browser takes it, the form not
    invite.locator("select[name=role]").select_option("approver")
    invite.locator("button[type=submit]").click()
    expect(w.page.locator("#invite-form .errors")).to_be_visible()
    expect(w.page.locator("#invite-form select[name=role]")).to_have_value("approver")
    w.check("the brand's members, inviting a bad address")
    w.visit(f"{ACME}/approval-path/", "the approval path", ready="h1")
    w.visit(f"{ACME}/approval-path/steps/new/", "a new approval step (radio groups)",
            ready="form fieldset")
    w.done()


def test_the_check_itself_sees_a_violation_under_the_sites_policy(new_page, intern):
    """axe runs in the page as the site serves it (its Content-Security-Policy
    in force) and does report what it finds: a button without a name."""
    page = new_page()
    response = page.goto(page.base_url + "/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert_accessible(page, "login page")
    page.evaluate("""() => {
      const button = document.createElement("button");
      button.id = "nameless";
      document.querySelector("main").append(button);
    }""")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page, "login page with a nameless button")
    assert "button-name (critical)" in str(failure.value)
    assert "#nameless" in str(failure.value)
    assert '<button id="nameless"></button>' in str(failure.value)
