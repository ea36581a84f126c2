""""Backtest": the rule as edited, unsaved, over the brand's last checked posts."""

import pytest
from django.urls import reverse

from socialgov.brands.models import Rule
from socialgov.posts import actions, backtests
from socialgov.posts.models import Backtest


@pytest.fixture
def odd_rule(brand):
    return Rule.objects.create(
        rule_set=brand.ruleset, name="Odd word", kind="banned_terms",
        params={"terms": ["zorblax"]}, severity="error",
        message_en="“%s” is odd.", message_fr="« %s » est bizarre.")


@pytest.fixture
def checked_posts(brand, intern, fields, submit, odd_rule):
    odd = submit(intern, actions.create(intern, brand, fields(text="A zorblax idea.")))
    sale = submit(intern, actions.create(intern, brand,
                                         fields(text="Our croissant sale starts Monday.")))
    return odd, sale


def edited(**fields):
    return {"editor": "words", "name": "Odd word", "kind": "banned_terms",
            "severity": "error", "enabled": "on", "message_en": "“{match}” is odd.",
            "message_fr": "« {match} » est bizarre.", "suggestion_en": "", "suggestion_fr": "",
            "guideline": "", "params": "", **fields}


@pytest.fixture
def admin_client(client, brand_admin):
    client.force_login(brand_admin)
    return client


def test_a_backtest_says_which_posts_the_edited_rule_would_flag_or_not(
    admin_client, brand, odd_rule, checked_posts, django_capture_on_commit_callbacks
):
    odd, sale = checked_posts
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("posts:backtest_start", args=[brand.slug]),
                                     edited(terms="croissant", replaces=str(odd_rule.pk)),
                                     HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    backtest = Backtest.objects.get()
    assert (backtest.total, backtest.done, backtest.replaces) == (2, 2, odd_rule.pk)
    assert backtest.results["newly_flagged"] == [sale.pk]
    assert backtest.results["no_longer_flagged"] == [odd.pk]
    assert backtest.results["more"] == {str(odd_rule.pk): [sale.pk]}
    assert backtest.results["fewer"] == {str(odd_rule.pk): [odd.pk]}
    page = admin_client.get(reverse("posts:backtest", args=[brand.slug, backtest.pk]),
                            HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert "1 post newly flagged" in html and "1 post no longer flagged" in html
    assert reverse("posts:detail", args=[sale.pk]) in html
    assert "hx-trigger" not in html  # finished: no more polling
    # Nothing was saved.
    assert Rule.objects.get(pk=odd_rule.pk).params == {"terms": ["zorblax"]}


def test_a_new_rule_is_backtested_beside_the_saved_ones(admin_client, brand, checked_posts,
                                                       django_capture_on_commit_callbacks):
    odd, sale = checked_posts
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("posts:backtest_start", args=[brand.slug]),
                          edited(name="Sales", terms="croissant"))
    backtest = Backtest.objects.get()
    assert backtest.results["newly_flagged"] == [sale.pk]
    assert backtest.results["no_longer_flagged"] == []


def test_a_post_already_flagged_counts_as_newly_flagged_by_the_rule_that_now_flags_it(
    admin_client, brand, checked_posts, django_capture_on_commit_callbacks
):
    odd, sale = checked_posts  # "odd" is flagged by "Odd word" already
    admin_client.cookies["django_language"] = "fr"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("posts:backtest_start", args=[brand.slug]),
                          edited(name="Essai FR", terms="zorblax\ncroissant"))
    backtest = Backtest.objects.get()
    assert backtest.results["newly_flagged"] == [sale.pk, odd.pk]
    assert backtest.results["already_flagged"] == [odd.pk]
    assert backtest.results["more"] == {"backtest:new": [sale.pk, odd.pk]}
    html = admin_client.get(reverse("posts:backtest", args=[brand.slug, backtest.pk]),
                            HTTP_HX_REQUEST="true").content.decode()
    # The summary agrees with the table, and both link the posts.
    assert "2 publications signalées en plus" in html
    assert "déjà signalée par une autre règle" in html
    table = html[html.index("<table"):]
    assert "Essai FR" in table
    for post in (odd, sale):
        assert reverse("posts:detail", args=[post.pk]) in table


def test_a_backtest_stored_with_counts_only_still_shows(admin_client, brand, odd_rule):
    backtest = Backtest.objects.create(
        brand=brand, rule_name="Old", rule={"kind": "banned_terms", "params": {}},
        total=2, done=2, finished_at="2024-01-01T00:00Z",
        results={"newly_flagged": [], "no_longer_flagged": [], "more": {str(odd_rule.pk): 2},
                 "fewer": {}})
    html = admin_client.get(reverse("posts:backtest", args=[brand.slug, backtest.pk]),
                            HTTP_HX_REQUEST="true").content.decode()
    assert "Odd word" in html and ">2<" in html


def test_a_backtest_in_progress_polls_and_a_rule_with_errors_is_refused(admin_client, brand,
                                                                        checked_posts):
    refused = admin_client.post(reverse("posts:backtest_start", args=[brand.slug]),
                                edited(terms=""))
    assert "Correct the rule first" in refused.content.decode()
    assert not Backtest.objects.exists()
    # Started but not run (no commit here): the page polls and shows the progress.
    admin_client.post(reverse("posts:backtest_start", args=[brand.slug]),
                      edited(terms="croissant"))
    backtest = Backtest.objects.get()
    page = admin_client.get(reverse("posts:backtest", args=[brand.slug, backtest.pk]),
                            HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "0 of 2" in page


def test_the_last_checked_posts_are_the_newest_checks_first(brand, checked_posts):
    odd, sale = checked_posts
    assert backtests.last_checked_posts(brand) == [sale.pk, odd.pk]


def test_backtests_belong_to_the_brand_admins(client, brand, intern, other_admin,
                                              checked_posts):
    url = reverse("posts:backtest_start", args=[brand.slug])
    client.force_login(intern)
    assert client.post(url, edited(terms="x")).status_code == 403
    client.force_login(other_admin)
    assert client.post(url, edited(terms="x")).status_code == 404


def test_the_backtest_button_reads_in_french(admin_client, brand):
    admin_client.cookies["django_language"] = "fr"
    page = admin_client.get(reverse("brands:rule_new", args=[brand.slug])).content.decode()
    assert "Tester sur les publications récentes" in page
