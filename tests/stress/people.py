"""The simulated people: authors writing and submitting, approvers deciding,
one reviewer commenting. Each is a thread with a browser of its own, logs in
once, and then works through the real pages and forms at a person's pace
until the run's end.
"""

import itertools
import os
import random
import re
import threading
import time
from dataclasses import dataclass, field

from tests.stress.browser import Browser
from tests.stress.html_forms import form_in

POST_LINK = re.compile(r'href="/posts/(\d+)/"')
NETWORKS = ["x", "linkedin", "facebook", "bluesky", "mastodon"]
OBJECTIVES = ["inform", "engage", "sell", "recruit"]
TEXTS = {
    "fr": [
        "Notre boulangerie du quartier ouvre ses portes samedi à 8 h. Venez goûter nos "
        "croissants tout chauds et dites-nous ce que vous en pensez.",
        "Nous recrutons une personne passionnée pour notre équipe de Québec. Écrivez-nous "
        "pour en savoir plus sur le poste.",
        "Merci à toutes les personnes venues à notre atelier de mardi. Les photos sont en "
        "ligne sur notre page.",
    ],
    "en": [
        "Our neighbourhood bakery opens on Saturday at 8. Come and taste our warm "
        "croissants, and tell us what you think.",
        "We are hiring a passionate person for our Québec team. Write to us to learn more "
        "about the role.",
        "Thank you to everyone who came to our Tuesday workshop. The photos are on our page.",
    ],
}
# The people's pauses (reading, typing, thinking) are multiplied by this: 1 is
# the pace the goals are set for; more is gentler, for a machine that cannot take it.
PACE = float(os.environ.get("STRESS_PACE") or 1)
# People arrive at work over 15 s (a login hashes the password, which costs the
# site about half a second of a core: thirty at once would be a login storm).
LOGIN_SPREAD = 15
# What the post page says after a decision is recorded (else it says why not).
DECISION_DONE = ("Your approval is recorded.", "Your request is sent to the author.",
                 "Your decision is recorded: the post will not be published.")
# A word the demo rules refuse ("Off-brand words", an error): the check sends it back.
SENT_BACK_WORD = {"fr": "miracle", "en": "miracle"}


@dataclass
class Run:
    """What the threads share: where the site is, the clock, and what they saw."""

    host: str
    port: int
    password: str
    hits: object
    starts_at: float = 0.0  # the people log in before, staggered, then work from here
    ends_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    submissions: list = field(default_factory=list)  # {"post", "at"}
    decisions: dict = field(default_factory=lambda: {"recorded": 0, "refused": 0})
    comments: int = 0
    problems: list = field(default_factory=list)  # what a person met that they should not

    def going(self):
        return time.time() < self.ends_at

    def submitted(self, post_id):
        with self.lock:
            self.submissions.append({"post": post_id, "at": time.time()})

    def problem(self, who, what):
        with self.lock:
            self.problems.append(f"{who}: {what}")


def log_in(run, browser, username):
    page = browser.get("/login/")
    form = form_in(page.text, action="/login/")
    answer = browser.post("/login/", form.fill({"username": username,
                                                "password": run.password}))
    if answer.status != 302:
        raise RuntimeError(f"{username} could not log in: {answer.status}")
    browser.follow(answer)


def _post_id(location):
    found = re.search(r"/posts/(\d+)/", location)
    return int(found[1]) if found else None


class Person(threading.Thread):
    def __init__(self, run, username, brands, seed):
        super().__init__(name=username, daemon=True)
        self.run_ = run
        self.username = username
        self.brands = brands
        self.random = random.Random(seed)
        self.browser = Browser(run.host, run.port, run.hits)
        self.error = None

    def run(self):
        try:
            time.sleep(self.random.uniform(0, LOGIN_SPREAD))
            log_in(self.run_, self.browser, self.username)
            time.sleep(max(0.0, self.run_.starts_at - time.time()))
            while self.run_.going():
                self.step()
        except Exception as error:  # the test reports it; the others carry on
            self.error = error
            self.run_.problem(self.username, f"{type(error).__name__}: {error}")

    def think(self, low, high):
        time.sleep(self.random.uniform(low, high) * PACE)


class Author(Person):
    """Writes a post in the editor (the live check runs as they type), submits
    it, watches its check on the post page; now and then fixes a post an
    approver sent back with a request for changes, and submits it again."""

    numbers = itertools.count(1)  # each text differs from every other (next() is atomic)

    def step(self):
        if self.random.random() < 0.25 and self.resubmit_one():
            return
        self.write_one()

    def write_one(self):
        page = self.browser.get("/posts/new/")
        form = form_in(page.text, id="post-form")
        language = self.random.choice(["fr", "en"])
        text = self.random.choice(TEXTS[language])
        if self.random.random() < 0.05:
            text += f" Un {SENT_BACK_WORD[language]} !" if language == "fr" else \
                f" A {SENT_BACK_WORD[language]}!"
        text += f" ({self.username} #{next(Author.numbers)})"
        fields = {
            "networks": self.random.sample(NETWORKS, self.random.randint(1, 2)),
            "objective": self.random.choice(OBJECTIVES),
            "language": language,
            "text": text,
        }
        self.think(1, 3)  # typing
        live = self.browser.post("/posts/live-check/", form.fill(fields), htmx=True)
        if live.status not in (200, 429):
            self.run_.problem(self.username, f"live check answered {live.status}")
        self.think(0.5, 1.5)
        self.submit(form.fill(fields, press=("action", "submit")), "/posts/new/")

    def resubmit_one(self):
        listing = self.browser.get("/posts/?state=changes_requested")
        ids = POST_LINK.findall(listing.text)
        if not ids:
            return False
        post = self.random.choice(ids)
        page = self.browser.get(f"/posts/{post}/edit/")
        if page.status != 200:
            return False
        form = form_in(page.text, id="post-form")
        text = next(c.value for c in form.controls if c.name == "text")
        self.think(1, 2)
        self.submit(form.fill({"text": text + " Horaires précisés."},
                              press=("action", "submit")), f"/posts/{post}/edit/")
        return True

    def submit(self, pairs, path):
        answer = self.browser.post(path, pairs)
        post_id = _post_id(answer.location) if answer.status == 302 else None
        if post_id is None:
            self.run_.problem(self.username, f"submitting answered {answer.status}")
            return
        self.run_.submitted(post_id)
        page = self.browser.follow(answer)
        # The page polls its check status every 2 s while the check runs; a person
        # waits a little, then goes on with the next post.
        for _poll in range(5):
            if 'id="check-status"' not in page.text or "hx-get" not in page.text:
                break
            time.sleep(2)
            status = self.browser.get(f"/posts/{post_id}/check-status/", htmx=True)
            if status.headers.get("HX-Refresh") == "true":
                self.browser.get(f"/posts/{post_id}/")
                break
        self.think(1, 3)


class Approver(Person):
    """Opens the review queue, reads a post, and decides: approve, request
    changes or reject, through the post page's decision form."""

    def step(self):
        queue = self.browser.get("/review/")
        ids = POST_LINK.findall(queue.text)
        if not ids:
            self.think(1, 2)
            return
        post = self.random.choice(ids[:5])
        page = self.browser.get(f"/posts/{post}/")
        action = f"/posts/{post}/decide/"
        if action not in page.text:
            return  # decided by someone else meanwhile
        form = form_in(page.text, action=action)
        self.think(0.5, 1.5)  # reading
        roll = self.random.random()
        reasons = [c.value for c in form.controls if c.name == "reasons"][:1]
        if roll < 0.65:
            values = {"decision": "approve"}
        elif roll < 0.85:
            values = {"decision": "request_changes", "reasons": reasons,
                      "note": "Please say the opening hours."}
        else:
            values = {"decision": "reject", "reasons": reasons,
                      "note": "Off our calendar this week."}
        answer = self.browser.post(action, form.fill(values))
        if answer.status not in (200, 302):
            self.run_.problem(self.username, f"deciding answered {answer.status}")
            return
        # Another approver may have decided first: the page says so, and no
        # second decision is made.
        page = self.browser.follow(answer)
        recorded = answer.status == 302 and any(done in page.text for done in DECISION_DONE)
        with self.run_.lock:
            self.run_.decisions["recorded" if recorded else "refused"] += 1
        self.think(1, 2)


class Reviewer(Person):
    """Reads posts waiting in review and comments on them."""

    def step(self):
        queue = self.browser.get("/review/")
        ids = POST_LINK.findall(queue.text)
        if not ids:
            self.think(1, 2)
            return
        post = self.random.choice(ids)
        page = self.browser.get(f"/posts/{post}/")
        try:
            form = form_in(page.text, id="comment-form")
        except LookupError:
            return
        self.think(1, 2)
        answer = self.browser.post(form.action, form.fill(
            {"body": "Could we add the address? / Peut-on ajouter l’adresse ?"}))
        if answer.status == 302:
            with self.run_.lock:
                self.run_.comments += 1
            self.browser.follow(answer)
        else:
            self.run_.problem(self.username, f"commenting answered {answer.status}")
        self.think(2, 4)


KINDS = {"author": Author, "approver": Approver, "reviewer": Reviewer}


def warm_up(host, port, username, password, hits, brand_ids, rounds=3):
    """What a site that has been up for a while has already done once in each
    gunicorn worker (imports, templates, each brand's compiled rules): the
    pages and the live check, from a few browsers at once so that every worker
    gets some. Its requests are not the run's; an error in it fails the run."""
    errors = []

    def one_browser():
        try:
            browse()
        except Exception as error:
            errors.append(error)

    def browse():
        browser = Browser(host, port, hits)
        log_in(Run(host, port, password, hits), browser, username)
        for _round in range(rounds):
            for path in ("/", "/posts/", "/review/"):
                browser.get(path)
            page = browser.get("/posts/new/")
            form = form_in(page.text, id="post-form")
            for brand in brand_ids:
                browser.post("/posts/live-check/", form.fill(
                    {"brand": str(brand), "text": "Bonjour !", "networks": ["x"]}), htmx=True)

    threads = [threading.Thread(target=one_browser, daemon=True) for _n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
