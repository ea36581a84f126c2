"""The pages people live in run a fixed number of SQL queries, whatever the
number of posts, versions, findings, comments and events: measured with 10 of
each and with 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.dataset import build

SIZES = (10, 500)


@pytest.fixture
def world(brand, intern, manager, second_manager, brand_admin):
    """``world(n)``: n posts (half in review), and one post in review with n
    versions, n findings, n comments and n events."""

    def make(n):
        build(brand, [intern], posts=n, in_review=n // 2)
        [featured] = build(brand, [intern], posts=1, in_review=1, versions=n, findings=n,
                           comments=n, events=n, seed=n)
        return featured

    return make


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("page", ["review queue", "my posts", "every post", "post page",
                                  "home (author)", "home (approver)", "home (brand admin)",
                                  "analytics (approver)"])
def test_a_page_runs_as_many_queries_with_500_as_with_10(page, client, django_db_blocker,
                                                          world, manager, intern, brand_admin,
                                                          brand):
    counts, pages = [], []
    for size in SIZES:
        featured = world(size)
        who = {"review queue": manager, "post page": manager, "home (approver)": manager,
               "analytics (approver)": manager,
               "home (brand admin)": brand_admin}.get(page, intern)
        client.force_login(who)
        url = {"review queue": reverse("posts:review_queue"),
               "home (author)": reverse("home"), "home (approver)": reverse("home"),
               "home (brand admin)": reverse("home"),
               "my posts": reverse("posts:mine"),
               "every post": reverse("posts:mine") + "?author=any",
               "post page": reverse("posts:detail", args=[featured]),
               "analytics (approver)": reverse("analytics:brand", args=[brand.slug])}[page]
        count, response = queries(client, url)
        counts.append(count)
        pages.append(response)
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries with 10, {counts[1]} with 500"
    assert counts[0] <= 40, f"{page}: {counts[0]} queries"
    if page == "review queue":
        assert pages[1].context["page"].paginator.count == 250 + 1 + 5 + 1


@pytest.mark.parametrize("endpoint", ["/api/posts?limit=100", "/api/posts/due?limit=100",
                                      "/api/posts?state=in_review&limit=100"])
def test_the_apis_lists_run_as_many_queries_with_500_posts_as_with_10(endpoint, client, world,
                                                                       manager, brand):
    """A full page of posts with their versions, findings and publications."""
    from socialgov.api import tokens

    _token, secret = tokens.make(manager, brand, name="Count", role="approver")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    client.get(endpoint, **headers)  # the token's last use is written once a minute
    counts, sizes = [], []
    for size in SIZES:
        world(size)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(endpoint, **headers)
        assert response.status_code == 200
        counts.append(len(captured))
        sizes.append(len(response.json()["items"]))
    assert counts[0] == counts[1], f"{endpoint}: {counts[0]} queries with 10, {counts[1]} with 500"
    assert counts[0] <= 10, f"{endpoint}: {counts[0]} queries"
    if "due" not in endpoint:
        assert sizes[1] == 100
