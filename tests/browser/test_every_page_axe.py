"""axe-core on every page a person can reach, in English and in French.

PAGES lists the pages with what they need (a post in a given state, a form
sent with an error, a message shown after a move); any other page of the site
that needs no argument but a brand's slug is found in the URL patterns and
visited too, so a new page is checked from the day it exists. An entry whose
URL name does not resolve yet is skipped (under CI=true it must resolve).

On each page, besides axe: the page's language, unique ids, and what a
bilingual team reads: no numeric date but ISO 8601 (2026-12-03), times as
14:30 in English and 14 h 30 in French, French punctuation with its no-break
spaces, no English string of the catalogue on a French page and no French one
on an English page (text in another language is marked with its lang).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from socialgov.accounts import teams
from socialgov.accounts.models import Absence, Invitation, Membership, Role
from socialgov.audit.models import AuditEvent
from socialgov.brands import crisis, history, paths, voice
from socialgov.brands.models import ApprovalStep, ReviewGroup, VoiceGuideline, WatchWord
from socialgov.posts import actions, comments
from socialgov.posts.models import ReviewPresence
from tests.browser.conftest import assert_accessible
from tests.conftest import IN_CI
from tests.test_translations import catalogue_entries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"en": "en-CA", "fr": "fr-CA"}
# Texts a person types, without the punctuation French spaces (the pages'
# own strings are what the typography check is for).
CLEAN = "Our new bakery opens on Monday. Come and say hello"
WARNED = "We utilize our new oven from Monday at eight"


@dataclass
class Page:
    """One page state: who sees it, where, what shows once it is there, and
    what to do on it first (open a form, send one with an error…)."""

    what: str
    who: str | None  # a username; None: nobody logged in
    url: Callable[[dict], str]
    ready: str = "main h1, main h2"
    then: Callable | None = None
    requires: str = ""  # a URL name that must resolve for the page to exist

    def path(self, world):
        return self.url(world)


def named(name, **kwargs):
    return lambda world: reverse(name, kwargs={key: (value(world) if callable(value) else value)
                                               for key, value in kwargs.items()})


def post_page(key, *, version=None):
    if version is not None:
        return lambda world: f"{world[key].get_absolute_url()}versions/{version}/"
    return lambda world: world[key].get_absolute_url()


def slug(world):
    return world["brand"].slug


def brand_page(name, **kwargs):
    return named(f"brands:{name}", slug=slug, **kwargs)


# -- what to do on a page before it is checked ---------------------------------------


def fail_to_log_in(page):
    page.locator("input[name=username]").fill("intern")
    page.locator("input[name=password]").fill("wrong")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".errors, .errorlist").first).to_be_visible()


def pause_logging_in(page):
    # The settings' limit of failures from one address (the page says so, with a 429).
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_to_log_in(page)
    expect(page.locator("main .errors[role=alert]")).to_contain_text("15")


def ask_reset_with_a_bad_address(page):
    page.locator("input[name=email]").fill("someone@nowhere")  # the browser takes it, Django not
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".errors, .errorlist").first).to_be_visible()


def change_password_wrongly(page):
    page.locator("input[name=old_password]").fill("wrong")
    page.locator("input[name=new_password1]").fill("a-long-new-Passw0rd-42")
    page.locator("input[name=new_password2]").fill("another-Passw0rd-42")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".errors, .errorlist").first).to_be_visible()


def send_empty_editor(page):
    # Not empty for the browser, empty for the server.
    page.locator("#post-form textarea[name=text]").fill("   ")
    page.locator("#post-form button[type=submit]").first.click()
    expect(page.locator("#post-form .errorlist").first).to_be_visible()


def open_request_changes(page):
    page.locator("form.decision-form input[value=request_changes]").check()
    expect(page.locator("form.decision-form textarea[name=note]")).to_be_visible()


def send_rejection_without_reason(page):
    form = page.locator("form.decision-form")
    form.locator("input[value=reject]").check()
    form.locator("button[type=submit]").click()  # the question is answered yes
    expect(page.locator("form.decision-form .errors").first).to_be_visible()


def claim(page):
    page.locator(".approval-path form[action$='/do/claim/'] button").click()
    expect(page.locator(".messages li").first).to_be_visible()


def open_resolved_comments(page):
    page.locator(".resolved-threads summary").click()


def invite_with_a_bad_address(page):
    form = page.locator("#invite-form")
    form.locator("input[name=email]").fill("newcomer@example")  # a browser takes it, the form not
    form.locator("button[type=submit]").click()
    expect(page.locator("#invite-form .errors")).to_be_visible()


RULES_FILE = (
    "version: 1\nrules:\n  - name: No hype\n    kind: banned_terms\n"
    "    message: {en: Hype., fr: Battage.}\n    params: {terms: [revolutionary]}\n"
)


def read_rules_file(content):
    def upload(page):
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "rules.yaml", "mimeType": "application/yaml",
                    "buffer": content.encode()}])
        page.locator("main button.primary[type=submit]").click()
        expect(page.locator("main h2").first).to_be_visible()
    return upload


def try_a_word_list(page):
    page.locator("select[name=kind]").select_option("banned_terms")
    page.locator("textarea[name=terms]").fill("cheap\npas cher")
    page.locator("textarea[name=sample]").fill("So cheap! Vraiment pas cher.")
    page.locator("button[name=try]").click()
    expect(page.locator("#try-result mark").first).to_be_visible()


def backtest_a_word_list(page):
    page.locator("select[name=kind]").select_option("banned_terms")
    page.locator("textarea[name=terms]").fill("cheap")
    page.locator("fieldset.backtest button").click()
    expect(page.locator("#backtest-result p").first).to_be_visible()


def open_first_change(page):
    page.locator("details summary").first.click()
    expect(page.locator(".rule-diff").first).to_be_visible()


def expect_message(page):
    expect(page.locator(".messages li").first).to_be_visible()


PAGES = [
    Page("the login page", None, named("login"), ready="form"),
    Page("the login page after a failed attempt", None, named("login"), ready="form",
         then=fail_to_log_in),
    Page("the login page while logging in is paused", None, named("login"), ready="form",
         then=pause_logging_in),
    Page("asking for a password reset, with an error", None, named("password_reset"),
         ready="form", then=ask_reset_with_a_bad_address),
    Page("a password reset link that no longer works", None,
         named("password_reset_confirm", uidb64="MQ", token="no-longer-valid"), ready="main h1"),
    Page("changing one's password, with errors", "intern", named("password_change"),
         ready="form", then=change_password_wrongly),
    Page("an invitation, opened by the invitee", None,
         named("invitation", token=lambda world: world["token"]), ready="main"),
    Page("the home page", "intern", named("home"), ready="main", requires="home"),
    Page("my posts", "intern", named("posts:mine"), ready=".post-list"),
    Page("my archived posts", "intern", lambda world: reverse("posts:mine") + "?archived=on",
         ready=".post-list"),
    Page("the editor", "intern", named("posts:new"), ready="#post-form"),
    Page("the editor, sent without its text", "intern", named("posts:new"),
         ready="#post-form", then=send_empty_editor),
    Page("the editor of a draft", "intern", named("posts:edit", pk=lambda w: w["draft"].pk),
         ready="#post-form"),
    Page("a draft, seen by its author", "intern", post_page("draft"), ready=".page-head"),
    Page("a post sent back by the check, seen by its author", "intern", post_page("sent_back"),
         ready=".sent-back"),
    Page("a post in review, seen by its author", "intern", post_page("in_review")),
    Page("a post whose changes were asked for", "intern", post_page("changes_requested")),
    Page("a rejected post, archived", "intern", post_page("archived")),
    Page("an expired post", "intern", post_page("expired")),
    Page("a published post", "intern", post_page("published")),
    Page("a message after a refused move (an error)", "intern",
         named("posts:edit", pk=lambda w: w["in_review"].pk), then=expect_message),
    Page("the review queue", "manager", named("posts:review_queue"), ready=".post-list"),
    Page("a post in review with findings, comments and the decision form", "manager",
         post_page("in_review"), ready="form.decision-form", then=open_resolved_comments),
    Page("the decision form on “Request changes”", "manager", post_page("in_review"),
         ready="form.decision-form", then=open_request_changes),
    Page("the decision form sent again with an error", "manager", post_page("in_review"),
         ready="form.decision-form", then=send_rejection_without_reason),
    Page("a message after a move (claimed)", "manager", post_page("in_review"),
         ready="form.decision-form", then=claim),
    Page("a post in review with a waiver asked", "manager", post_page("waiver_asked"),
         ready=".waiver-note"),
    Page("an approved post, with the publish form", "manager", post_page("approved")),
    Page("a version page", "manager", post_page("in_review", version=1)),
    Page("being away", "manager", named("away")),
    Page("the service status", "brandadmin", named("posts:status")),
    Page("the brands", "brandadmin", named("brands:list")),
    Page("the brand's rules", "brandadmin", brand_page("rules")),
    Page("a new rule", "brandadmin", brand_page("rule_new")),
    Page("a new rule, tried on a sample", "brandadmin", brand_page("rule_new"),
         then=try_a_word_list),
    Page("a new rule, backtested", "brandadmin", brand_page("rule_new"),
         then=backtest_a_word_list),
    Page("a rule", "brandadmin", brand_page("rule_edit", pk=lambda w: w["rule"].pk)),
    Page("the shipped rules", "brandadmin", brand_page("shipped_rules")),
    Page("the health of the rules", "brandadmin", named("posts:rule_health", slug=slug)),
    Page("the history of the rules", "brandadmin", brand_page("history"),
         then=open_first_change),
    Page("importing rules", "brandadmin", brand_page("rules_import")),
    Page("importing rules: what the file changes", "brandadmin", brand_page("rules_import"),
         then=read_rules_file(RULES_FILE)),
    Page("importing rules: a file with problems", "brandadmin", brand_page("rules_import"),
         then=read_rules_file(RULES_FILE.replace("banned_terms", "teleport"))),
    Page("the brand's guidelines", "brandadmin", brand_page("guidelines")),
    Page("a new guideline", "brandadmin", brand_page("guideline_new")),
    Page("a guideline", "brandadmin",
         brand_page("guideline_edit", pk=lambda w: w["guideline"].pk)),
    Page("the brand's members", "brandadmin", brand_page("members"), ready="#invite-form"),
    Page("the brand's members, inviting a bad address", "brandadmin", brand_page("members"),
         ready="#invite-form", then=invite_with_a_bad_address),
    Page("the brand's settings", "brandadmin", brand_page("settings")),
    Page("the watch words", "brandadmin", brand_page("watch_words")),
    Page("the sensitive dates", "brandadmin", brand_page("calendar")),
    Page("the review reasons", "brandadmin", brand_page("reasons")),
    Page("a review reason", "brandadmin",
         brand_page("reason_edit", pk=lambda w: w["reason"].pk)),
    Page("crisis mode", "brandadmin", brand_page("crises")),
    Page("the approval path", "brandadmin", brand_page("approval_path")),
    Page("a new approval step", "brandadmin", brand_page("path_step_new"), ready="form fieldset"),
    Page("an approval step", "brandadmin",
         brand_page("path_step_edit", pk=lambda w: w["step"].pk)),
    Page("a new review group", "brandadmin", brand_page("path_group_new")),
    Page("a review group", "brandadmin",
         brand_page("path_group_edit", pk=lambda w: w["group"].pk)),
    # The team's day (pages of their own, checked as soon as they exist).
    Page("the notifications", "manager", named("notify:list"), ready="main",
         requires="notify:list"),
    Page("the notification settings", "manager", named("notify:settings"), ready="main",
         requires="notify:settings"),
    Page("the calendar", "intern", named("planning:calendar"), ready="main",
         requires="planning:calendar"),
    Page("the calendar of one brand, with its weekly mix", "intern",
         lambda world: reverse("planning:calendar") + f"?brand={world['brand'].slug}&view=week"
         f"&date={world['approved'].current_version.planned_at.date().isoformat()}",
         ready=".content-mix"),
]
# Pages during crisis mode: the banner on each, the paused post, the way out.
CRISIS_PAGES = [
    Page("crisis mode under way", "brandadmin", brand_page("crises")),
    Page("a paused post, during crisis mode", "manager", post_page("approved")),
    Page("the review queue, during crisis mode", "manager", named("posts:review_queue")),
]

# Not pages: what the browser never opens by itself (polled fragments, files,
# redirects); the admin is Django's.
NOT_PAGES = ("admin/", "i18n/", "logout/", "healthz")


def discovered_routes():
    """Every URL name whose route needs no argument but a brand's slug."""
    def walk(resolver, prefix="", namespace=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or ""
                yield from walk(pattern, route, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}", route

    for name, route in walk(get_resolver()):
        arguments = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
        if arguments <= {"slug"} and not route.startswith(NOT_PAGES):
            yield name, arguments


def discovered_pages(world, known_paths):
    """The pages found in the URL patterns that PAGES does not list: those that
    answer a brand admin (or, failing that, an approver or a drafter) with a
    whole HTML page."""
    pages = []
    clients = {}
    for name, arguments in sorted(discovered_routes()):
        path = reverse(name, kwargs={"slug": world["brand"].slug} if arguments else {})
        if path in known_paths:
            continue
        for who in ("brandadmin", "manager", "intern"):
            client = clients.setdefault(who, Client())
            client.force_login(get_user_model().objects.get(username=who))
            response = client.get(path)
            if response.status_code == 405:
                break  # a form's target, not a page
            if (response.status_code == 200 and "text/html" in response.get("Content-Type", "")
                    and b"<html" in response.content):
                pages.append(Page(f"{name} (found in the URL patterns)", who,
                                  lambda _world, path=path: path, ready="main"))
                break
    return pages


# -- what the pages say, besides axe --------------------------------------------------

TEXTS = """(language) => {
  const skip = "script, style, textarea, code, pre, [hidden], template";
  const out = [];
  const inOtherLanguage = (element) => {
    const marked = element.closest("[lang]");
    return marked && marked.getAttribute("lang").slice(0, 2) !== language;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const element = node.parentElement;
    if (!element || element.closest(skip) || inOtherLanguage(element)) { continue; }
    const text = node.data.replace(/[ \\t\\n\\r]+/g, " ").trim();
    if (text) { out.push(text); }
  }
  const labelled = "[data-confirm], [aria-label], [placeholder], [title], img[alt]";
  for (const element of document.querySelectorAll(labelled)) {
    if (inOtherLanguage(element)) { continue; }
    for (const attribute of ["data-confirm", "aria-label", "placeholder", "title", "alt"]) {
      const value = element.getAttribute(attribute);
      if (value) { out.push(value.trim()); }
    }
  }
  return out;
}"""
NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
CLOCK_TIME = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])")
FRENCH_TIME = re.compile(r"\b\d{1,2}\s?h\s?\d{2}\b")
HIGH_PUNCTUATION = re.compile(r"(?<!https)(?<!http)(.)([:;!?])(?=$|[\s»)\]”’.,…])")
URL = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def catalogue():
    """{English: French} and {French: English} for the catalogue's whole strings that
    differ between the two languages (no placeholder: those are filled in)."""
    english, french = {}, {}
    for entry in catalogue_entries():
        if entry["msgid_plural"] is not None or "%" in entry["msgid"]:
            continue
        text = entry["msgstr"][0]
        if text and text != entry["msgid"]:
            english[entry["msgid"]] = text
            french[text] = entry["msgid"]
    # Words that are one thing in one language and another in the other
    # ("Note" is a note in both): kept out of the leak check.
    shared = set(english) & set(french)
    return ({k: v for k, v in english.items() if k not in shared},
            {k: v for k, v in french.items() if k not in shared})


def reading_faults(texts, language, catalogue):
    english, french = catalogue
    faults = []
    for text in texts:
        bare = URL.sub("", text)
        if NUMERIC_DATE.search(bare):
            faults.append(f"a date that reads two ways: {text!r}")
        if language == "fr":
            if CLOCK_TIME.search(bare):
                faults.append(f"a time not written 14 h 30: {text!r}")
            for match in HIGH_PUNCTUATION.finditer(bare):
                if match.group(1) not in "\u00a0\u202f":
                    faults.append(f"no no-break space before {match.group(2)!r}: {text!r}")
            if re.search("«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»", bare):
                faults.append(f"« » without no-break spaces: {text!r}")
            if text in english:
                faults.append(f"English on a French page: {text!r}")
        else:
            if FRENCH_TIME.search(bare):
                faults.append(f"a French time on an English page: {text!r}")
            if text in french:
                faults.append(f"French on an English page: {text!r}")
    return faults


# -- the world the pages show ------------------------------------------------------------


@pytest.fixture
def world(brand, other_brand, intern, manager, second_manager, brand_admin, banned_rule,
          warning_rule, make_post, make_user):
    draft = make_post("draft", text=CLEAN)
    in_review = make_post("in_review", text=WARNED)
    thread = comments.add(second_manager, in_review, in_review.current_version_id,
                          "Give the date of that Monday", quote="from Monday")
    comments.reply(intern, thread, "The first one of May")
    done = comments.add(second_manager, in_review, in_review.current_version_id,
                        "Say use", quote="utilize")
    comments.resolve(second_manager, done)
    ReviewPresence.objects.create(post=in_review, user=second_manager,
                                  seen_at=timezone.now() - timedelta(seconds=5))
    archived = make_post("rejected", text=CLEAN)
    actions.archive(intern, archived)
    group = ReviewGroup.objects.create(brand=brand, name="Legal")
    group.members.add(second_manager)
    invitation = Invitation(brand=brand, email="newcomer@example.com", role=Role.DRAFTER,
                            invited_by=brand_admin)
    token = invitation.new_token()
    invitation.save()
    Absence.objects.create(user=manager, starts_on=date.today() + timedelta(days=30),
                           ends_on=date.today() + timedelta(days=35))
    WatchWord.objects.create(brand=brand, term="flood", created_by=manager,
                             expires_on=date.today() + timedelta(days=10))
    # Changes the history offers to undo: a member removed (and one put back), a step
    # deleted, a setting changed.
    for name in ("leaver", "returner"):
        teams.remove_member(brand_admin, Membership.objects.create(
            user=make_user(name), brand=brand, role=Role.APPROVER))
    history.undo(brand_admin, brand, AuditEvent.objects.filter(action="member_removed").last())
    paths.delete_step(brand_admin, brand, ApprovalStep.objects.create(
        brand=brand, name="Legal review", decided_by="group", group=group, advisory=True,
        applies_from_risk="high"))
    voice.change_settings(brand_admin, brand, {"reminder_hours": [4, 24]})
    # A content strategy the posts go past: the calendar's weekly mix says "over target".
    voice.change_settings(brand_admin, brand, {"mix_targets": {"inform": 20},
                                               "rhythm_per_day": {"x": 1}})
    world = {
        "brand": brand,
        "draft": draft,
        "sent_back": make_post("sent_back"),
        "in_review": in_review,
        "waiver_asked": make_post("in_review", error=True),
        "changes_requested": make_post("changes_requested", text=CLEAN),
        "approved": make_post("approved", text=CLEAN),
        "published": make_post("published", text=CLEAN),
        "expired": make_post("expired", text=CLEAN,
                             planned_at=timezone.now() + timedelta(hours=1)),
        "archived": archived,
        "rule": banned_rule,
        "guideline": VoiceGuideline.objects.create(brand=brand, title="Tone",
                                                   text="Warm and plain"),
        "reason": brand.review_reasons.first(),
        "group": group,
        # Made last: the posts above entered review on the brand's default path.
        "step": ApprovalStep.objects.create(brand=brand, name="Comms", position=0),
        "token": token,
    }
    return world


class Walk:
    """Visits pages in one language and collects every fault, to fail once at the end."""

    def __init__(self, new_page, live_server, language, catalogue):
        self.new_page = new_page
        self.live_server = live_server
        self.language = language
        self.catalogue = catalogue
        self.pages = {}
        self.failures = []
        self.visited = []
        self.skipped = []

    def page_of(self, who):
        """One browser per person, logged in through a session of theirs."""
        if who not in self.pages:
            page = self.new_page(locale=LANGUAGES[self.language])
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": self.language,
                        "url": self.live_server.url}]
            if who is not None:
                client = Client()
                client.force_login(get_user_model().objects.get(username=who))
                cookies.append({"name": settings.SESSION_COOKIE_NAME,
                                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                                "url": self.live_server.url})
            page.context.add_cookies(cookies)
            self.pages[who] = page
        return self.pages[who]

    def visit(self, entry, world):
        if entry.requires:
            try:
                reverse(entry.requires)
            except NoReverseMatch:
                if IN_CI:
                    self.failures.append(f"{entry.what}: {entry.requires} does not resolve")
                self.skipped.append(entry.what)
                return
        page = self.page_of(entry.who)
        context = f"{entry.what}, {self.language}"
        response = page.goto(self.live_server.url + entry.path(world))
        if response is None or response.status >= 400:
            self.failures.append(f"{context}: answered {response and response.status}")
            return
        try:
            expect(page.locator(entry.ready).first).to_be_visible()
            if entry.then is not None:
                entry.then(page)
        except (AssertionError, PlaywrightError) as error:
            self.failures.append(f"{context}: not in the state meant ({error})")
            return
        self.visited.append(entry.path(world))
        self.check(page, context)

    def check(self, page, context):
        lang = page.locator("html").get_attribute("lang")
        if lang != self.language:
            self.failures.append(f"{context}: <html lang={lang!r}>")
        try:
            assert_accessible(page, context)
        except pytest.fail.Exception as failure:
            self.failures.append(str(failure))
        duplicates = page.evaluate("""() => {
          const seen = {};
          document.querySelectorAll("[id]").forEach((e) => { seen[e.id] = (seen[e.id] || 0) + 1; });
          return Object.keys(seen).filter((id) => seen[id] > 1);
        }""")
        if duplicates:
            self.failures.append(f"{context}: ids used more than once: {duplicates}")
        faults = reading_faults(page.evaluate(TEXTS, self.language), self.language,
                                self.catalogue)
        if faults:
            self.failures.append(f"{context} ({page.url}):\n  " + "\n  ".join(faults))

    def done(self):
        if self.failures:
            pytest.fail(f"{len(self.failures)} faults on {len(self.visited)} pages:\n\n"
                        + "\n\n".join(self.failures), pytrace=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_in_both_languages(new_page, live_server, world, catalogue, manager,
                                      language):
    walk = Walk(new_page, live_server, language, catalogue)
    for entry in PAGES:
        walk.visit(entry, world)
    for entry in discovered_pages(world, set(walk.visited)):
        walk.visit(entry, world)
    crisis.start(manager, world["brand"], "A flood in the city")
    for entry in CRISIS_PAGES:
        walk.visit(entry, world)
    assert len(walk.visited) >= len(PAGES) - len(walk.skipped)
    walk.done()


def test_the_reading_checks_see_what_they_are_for(catalogue):
    assert reading_faults(["Risque: Critique", "Étape 1 : Révision", "« Archivées »"], "fr",
                          catalogue) == [
        "no no-break space before ':': 'Risque: Critique'",
        "no no-break space before ':': 'Étape 1 : Révision'",
        "« » without no-break spaces: '« Archivées »'"]
    assert reading_faults(["12/03/2026", "Prévue 14:30", "Approve"], "fr", catalogue) == [
        "a date that reads two ways: '12/03/2026'", "a time not written 14 h 30: 'Prévue 14:30'",
        "English on a French page: 'Approve'"]
    assert reading_faults(["Approuver", "at 14 h 30"], "en", catalogue) == [
        "French on an English page: 'Approuver'",
        "a French time on an English page: 'at 14 h 30'"]
    assert reading_faults(["2026-12-03, 14\u00a0h\u00a030", "Risque\u00a0: critique",
                           "https://example.com/a?b=1"], "fr", catalogue) == []
