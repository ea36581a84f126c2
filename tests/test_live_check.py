"""The editor's live check: the worker's check on the unsaved fields, grouped
one idea to a card, read-only, rate-limited, and only for what one may edit."""

import os
import uuid

import pytest

from socialgov.audit.models import AuditEvent
from socialgov.checks import networks
from socialgov.lib import ratelimit
from socialgov.posts import cards
from socialgov.posts.models import CheckRun, Post, State
from tests.conftest import need

pytestmark = pytest.mark.django_db

STORM = ("STORM SALE! The ice storm is here: storm deals, Storm prices, #IceStorm savings. "
         "Shop now!")


def live(client, brand, text, post=None, **extra):
    data = {"brand": brand.pk, "networks": ["x", "linkedin"], "objective": "sell",
            "language": "en", "text": text, "network_texts-TOTAL_FORMS": "0",
            "network_texts-INITIAL_FORMS": "0", **extra}
    url = "/posts/live-check/" + (f"?post={post.pk}" if post else "")
    return client.post(url, data)


def shown_cards(response):
    return response.context["live"].cards


def test_one_idea_makes_one_card_whatever_its_spellings(client, brand, intern):
    client.force_login(intern)
    response = live(client, brand, STORM)
    [card] = [c for c in shown_cards(response) if c.rule == "core-en/newsjacking"]
    assert [p.matched for p in card.places] == ["STORM", "ice storm", "storm", "Storm",
                                                "IceStorm"]
    page = response.content.decode()
    assert page.count('<li class="finding-card ') == len(shown_cards(response))
    assert "1 error will send this back: fix it or ask for a waiver." in page


def test_different_words_of_one_rule_are_different_cards_errors_first(
        client, brand, intern, banned_rule, warning_rule):
    client.force_login(intern)
    response = live(client, brand, "Please utilize this: only an idiot or a dumb reader "
                                   "would miss it.")
    found = [(c.severity, [p.matched for p in c.places]) for c in shown_cards(response)]
    assert found == [("error", ["idiot"]), ("error", ["dumb"]), ("warning", ["utilize"])]
    assert "2 errors will send this back: fix them or ask for a waiver." in \
        response.content.decode()


def test_grouping_joins_a_match_to_every_group_it_overlaps():
    def item(start, matched):
        return cards.Item(rule="r", kind="k", severity="warning", start=start,
                          end=start + len(matched), matched=matched, message="m",
                          suggestion="", guideline="", text_key="text", text_label="",
                          text_rank=0)

    # "storm" and "ice" are two ideas until "Ice Storm" holds both.
    [card] = cards.group([item(0, "storm"), item(10, "ice"), item(20, "Ice Storm")])
    assert [p.matched for p in card.places] == ["storm", "ice", "Ice Storm"]
    assert [p.number for p in card.places] == [1, 2, 3]
    assert len(cards.group([item(0, "storm"), item(10, "flood")])) == 2


def test_the_post_page_groups_and_orders_the_same_way(client, brand, intern, submit):
    client.force_login(intern)
    client.post("/posts/new/", {"brand": brand.pk, "networks": ["x"], "objective": "sell",
                                "language": "en", "text": STORM, "action": "save"})
    post = Post.objects.get()
    submit(intern, post)
    page_cards = client.get(f"/posts/{post.pk}/").context["finding_cards"]
    live_cards = shown_cards(live(client, brand, STORM, networks=["x"]))
    assert [(c.rule, c.severity, [p.matched for p in c.places]) for c in page_cards] == \
        [(c.rule, c.severity, [p.matched for p in c.places]) for c in live_cards]


def test_the_live_check_saves_nothing(client, brand, intern, banned_rule, make_post):
    post = make_post(State.DRAFT)
    client.force_login(intern)
    before = (AuditEvent.objects.count(), CheckRun.objects.count(), post.versions.count())
    response = live(client, brand, "A dumb idea", post=post)
    assert response.status_code == 200 and shown_cards(response)
    assert (AuditEvent.objects.count(), CheckRun.objects.count(), post.versions.count()) == \
        before


def test_counts_are_the_checks_own_for_each_text(client, brand, intern):
    client.force_login(intern)
    text = "@bakery thanks! More at https://example.com/" + "x" * 80
    response = live(client, brand, text, other_text="Merci!",
                    **{"network_texts-TOTAL_FORMS": "1", "network_texts-0-network": "x",
                       "network_texts-0-language": "", "network_texts-0-text": "Short"})
    counts = response.context["live"].counts
    assert [(c.network, c.count) for c in counts["text"]] == [
        ("linkedin", networks.count("linkedin", text))]
    assert [(c.network, c.count) for c in counts["network_texts-0-text"]] == [("x", 5)]
    assert [(c.network, c.count) for c in counts["other_text"]] == [
        ("x", 6), ("linkedin", 6)]


def test_the_live_check_is_rate_limited_per_person(client, brand, intern, manager, settings,
                                                   monkeypatch):
    settings.LIVE_CHECK_RATE = 3
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_000.0)  # one window throughout
    client.force_login(intern)
    statuses = [live(client, brand, "Hello").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Checking paused for a moment" in live(client, brand, "Hello").content.decode()
    client.force_login(manager)  # another person is not held up
    assert live(client, brand, "Hello").status_code == 200


def test_only_a_post_one_may_edit_is_checked_live(client, brand, intern, manager,
                                                  other_admin, make_post):
    post = make_post(State.DRAFT)
    client.force_login(other_admin)
    assert live(client, brand, "Hi", post=post).status_code == 404
    client.force_login(manager)
    assert live(client, brand, "Hi", post=post).status_code == 403


def test_a_past_planned_time_is_said_while_writing(client, brand, intern):
    client.force_login(intern)
    page = live(client, brand, "Hello", planned_at="2020-01-01T10:00").content.decode()
    assert "The planned time is in the past: choose a time to come." in page


def test_the_rate_limit_counts_in_redis_when_there_is_one(settings, monkeypatch):
    need(bool(os.environ.get("REDIS_URL")), "REDIS_URL is not set")
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    monkeypatch.setattr(ratelimit, "_now", lambda: 2_000_000.0)
    assert [ratelimit.allow("someone", 2, 10) for _ in range(3)] == [True, True, False]
    monkeypatch.setattr(ratelimit, "_now", lambda: 2_000_010.0)  # the next window
    assert ratelimit.allow("someone", 2, 10)


def test_a_process_that_compiles_a_brand_checker_warms_the_engine_up(brand, monkeypatch):
    """The first live check has a time budget: what the engine makes on first use (the
    URL patterns above all) is made when the brand's checker is compiled, not in it."""
    from socialgov.brands.models import rule_inputs
    from socialgov.checks import checkers
    from socialgov.posts import pipeline

    warmed = []
    monkeypatch.setattr(checkers, "warm_up", lambda: warmed.append(True))
    monkeypatch.setattr(pipeline, "_checkers", {})
    pipeline.checker_of(rule_inputs(brand))
    assert warmed == [True]


def test_brands_that_run_the_same_rules_share_one_compiled_checker(brand, monkeypatch):
    from socialgov.brands.models import Brand, Rule, rule_inputs
    from socialgov.posts import pipeline

    monkeypatch.setattr(pipeline, "_checkers", {})
    same, different = (Brand.objects.create(name=name, slug=name.lower(), languages=["fr", "en"],
                                            default_language="fr")
                       for name in ("Same", "Different"))
    Rule.objects.create(rule_set=different.ruleset, name="Odd word", kind="banned_terms",
                        params={"terms": ["odd"]}, severity="warning")
    first, second, third = (rule_inputs(b) for b in (brand, same, different))
    assert first.specs == second.specs and first.specs_digest == second.specs_digest
    assert pipeline.checker_of(first) is pipeline.checker_of(second)
    assert len(pipeline._checkers) == 1
    assert third.specs_digest != first.specs_digest
    assert pipeline.checker_of(third) is not pipeline.checker_of(first)
    assert len(pipeline._checkers) == 2
