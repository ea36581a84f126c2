"""The analytics dashboard on a brand of 100,000 posts: each chart's queries and the
whole page, timed, and each chart's main query explained.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov .venv/bin/python bench/analytics.py

Uses a database of its own (`socialgov_analytics` on DATABASE_URL's server, or
--database NAME). The first run makes it (migrated, then filled in bulk: about six
minutes on the shared machine); later runs reuse it (--rebuild makes it afresh). The
brand's year: 100,000 posts by 12 authors, about 90,000 review rounds with their steps
and 98,000 decisions (a legal step after the review for a third of the approvals), the
reasons picked, 105,000 findings of 14 rules (some waived), publications, 5,000
customer replies, 6 crisis periods and the pauses they caused, and 168,000 audit events.

Prints, for the default filters (the last 12 weeks) and for a filtered view (one
network, one objective), the median of --runs runs of each chart (its queries and
the drawing of its points) and of the whole page (a logged-in GET, as a brand
admin), then EXPLAIN (ANALYZE, BUFFERS) of each chart's main query. Target: each
chart under 300 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

from bench.queue import fail, manage, recreate_database, with_database  # noqa: E402

SLUG = "analytics-bench"
RULES = [("No insults", "banned_terms"), ("Plain words", "substitution"),
         ("At most two hashtags", "max_count"), ("Length per network", "max_length"),
         ("Avoid jargon", "existence"), ("One exclamation mark", "occurrence"),
         ("Repeated words", "repetition"), ("Consistent spelling", "consistency"),
         ("Acronyms defined", "conditional"), ("Title case", "capitalization"),
         ("Prices with taxes", "banned_terms"), ("No superlatives", "existence"),
         ("Watch: recall", "watch"), ("Sensitive dates", "sensitive_date")]
OBJECTIVES = ["inform", "engage", "sell", "customer_service", "recruit"]
NETWORKS = ["x", "linkedin", "facebook", "instagram", "threads", "bluesky", "mastodon"]


@contextmanager
def timestamps_as_given(*models):
    """Let bulk_create keep the times given instead of "now" (auto_now_add)."""
    fields = [f for m in models for f in m._meta.fields if getattr(f, "auto_now_add", False)
              or getattr(f, "auto_now", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def build(posts_wanted, seed=16):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from socialgov.accounts.models import Membership, Role
    from socialgov.audit.models import AuditEvent
    from socialgov.brands.models import Brand, CrisisPeriod, ReviewReason
    from socialgov.posts.models import (
        CheckRun,
        CustomerReply,
        Decision,
        Finding,
        Post,
        PostVersion,
        Publication,
        ReviewRound,
        RoundStep,
        Waiver,
        content_hash,
    )

    rng = random.Random(seed)
    User = get_user_model()
    brand = Brand.objects.create(name="Analytics bench", slug=SLUG, languages=["fr", "en"],
                                 default_language="fr",
                                 mix_targets={"inform": 40, "engage": 30, "sell": 20},
                                 mix_window_days=14)
    ReviewReason.prefill(brand)
    reasons = list(brand.review_reasons.values_list("pk", flat=True))
    authors = []
    for n in range(12):
        user = User.objects.create_user(f"ab-writer{n}", password="bench-only")
        Membership.objects.create(user=user, brand=brand, role=Role.DRAFTER)
        authors.append(user)
    reviewers = []
    for n in range(4):
        user = User.objects.create_user(f"ab-reviewer{n}", password="bench-only")
        Membership.objects.create(user=user, brand=brand, role=Role.APPROVER)
        reviewers.append(user)
    admin = User.objects.create_user("ab-admin", password="bench-only")
    Membership.objects.create(user=admin, brand=brand, role=Role.BRAND_ADMIN)

    now = timezone.now()
    year = timedelta(days=364)
    started = time.perf_counter()
    with timestamps_as_given(Post, PostVersion, CheckRun, ReviewRound, Decision,
                             CustomerReply, Publication, AuditEvent, CrisisPeriod, Waiver):
        made_at = sorted(now - year * rng.random() for _ in range(posts_wanted))
        states = rng.choices(["published", "approved", "rejected", "changes_requested",
                              "in_review", "draft", "expired"],
                             weights=[45, 15, 8, 10, 8, 10, 4], k=posts_wanted)
        posts = Post.objects.bulk_create(
            (Post(brand=brand, author=authors[n % 12], state=states[n], risk="low",
                  created_at=made_at[n], updated_at=made_at[n])
             for n in range(posts_wanted)), batch_size=5000)
        versions = []
        for post in posts:
            fields = {"text": "Fresh bread every morning at the bakery.",
                      "networks": rng.sample(NETWORKS, rng.randint(1, 3)),
                      "objective": rng.choices(OBJECTIVES, weights=[40, 30, 15, 10, 5])[0],
                      "planned_at": post.created_at + timedelta(days=rng.randint(1, 14)),
                      "language": "en"}
            versions.append(PostVersion(post=post, number=1, author=post.author,
                                        content_hash=content_hash(fields),
                                        created_at=post.created_at, **fields))
        versions = PostVersion.objects.bulk_create(versions, batch_size=5000)
        checks = CheckRun.objects.bulk_create(
            (CheckRun(version=v, check_key=f"ab-{v.pk}", rule_set_version=1, risk="low",
                      created_at=v.created_at + timedelta(seconds=5)) for v in versions),
            batch_size=5000)
        for post, version, check in zip(posts, versions, checks, strict=True):
            post.current_version, post.current_check = version, check
        Post.objects.bulk_update(posts, ["current_version", "current_check"], batch_size=5000)
        findings = []
        for check in checks:
            for _ in range(rng.choices([0, 1, 2, 3], weights=[35, 35, 20, 10])[0]):
                name, kind = rng.choice(RULES)
                findings.append(Finding(check_run=check, version_id=check.version_id,
                                        rule_name=name, rule_key=name.lower(), kind=kind,
                                        severity=rng.choice(["info", "warning", "error"]),
                                        start=0, end=5, message_en="-", message_fr="-"))
        findings = Finding.objects.bulk_create(findings, batch_size=5000)
        Waiver.objects.bulk_create(
            (Waiver(finding=f, waived_by=rng.choice(reviewers), reason="A quote.",
                    created_at=now) for f in findings if rng.random() < 0.08),
            batch_size=5000)
        rounds, steps, decisions, picked, events = [], [], [], [], []
        outcome_of = {"published": "approved", "approved": "approved", "rejected": "rejected",
                      "changes_requested": "changes_requested", "expired": "ended"}
        for post, version in zip(posts, versions, strict=True):
            if post.state == "draft":
                continue
            submitted = version.created_at + timedelta(minutes=rng.randint(5, 600))
            events.append(AuditEvent(action="submit", brand=brand, post=post, version=version,
                                     version_number=1, actor=post.author,
                                     created_at=submitted))
            opened = submitted + timedelta(seconds=rng.randint(2, 40))
            outcome = outcome_of.get(post.state, "")
            legal = rng.random() < 0.33
            review_done = opened + timedelta(hours=rng.lognormvariate(1.2, 1.0))
            legal_done = review_done + timedelta(hours=rng.lognormvariate(2.0, 0.8))
            closed = (legal_done if legal and outcome == "approved" else review_done)
            rounds.append(ReviewRound(post=post, version=version, number=1, risk="low",
                                      outcome=outcome, started_at=opened,
                                      closed_at=closed if outcome else None))
            if not outcome or outcome == "ended":
                continue
            kind = {"approved": "approve", "rejected": "reject",
                    "changes_requested": "request_changes"}[outcome]
            reviewer = rng.choice(reviewers)
            decisions.append(Decision(post=post, version=version, decided_by=reviewer,
                                      kind=kind, step="review", step_name="Review",
                                      round_number=1, created_at=review_done))
            if legal and kind == "approve":
                decisions.append(Decision(
                    post=post, version=version, kind="approve", step="s1", step_name="Legal",
                    decided_by=rng.choice([r for r in reviewers if r != reviewer]),
                    round_number=1, created_at=legal_done))
            events.append(AuditEvent(action=kind, brand=brand, post=post, version=version,
                                     version_number=1, actor=reviewer, created_at=closed))
        rounds = ReviewRound.objects.bulk_create(rounds, batch_size=5000)
        for review_round in rounds:
            steps.append(RoundStep(review_round=review_round, position=1, key="review",
                                   name="Review", decided_by="approvers"))
        RoundStep.objects.bulk_create(steps, batch_size=5000)
        decisions = Decision.objects.bulk_create(decisions, batch_size=5000)
        through = Decision.reasons.through
        for decision in decisions:
            if decision.kind != "approve":
                for reason in rng.sample(reasons, rng.randint(1, 2)):
                    picked.append(through(decision_id=decision.pk, reviewreason_id=reason))
        through.objects.bulk_create(picked, batch_size=5000)
        published = [p for p in posts if p.state == "published"]
        Publication.objects.bulk_create(
            (Publication(post=p, network=p.current_version.networks[0],
                         url=f"https://x.com/bench/{p.pk}",
                         published_at=p.current_version.planned_at) for p in published),
            batch_size=5000)
        replies = rng.sample(published, min(5000, len(published)))
        CustomerReply.objects.bulk_create(
            (CustomerReply(post=p, network=p.current_version.networks[0],
                           received_at=p.created_at,
                           respond_by=p.current_version.planned_at
                           + timedelta(hours=rng.choice([-6, 6, 12, 24])))
             for p in replies), batch_size=5000)
        for n in range(6):
            began = now - timedelta(days=20 + 55 * n)
            period = CrisisPeriod.objects.create(
                brand=brand, started_by=admin, start_reason="Bench crisis", started_at=began,
                ended_by=admin, end_reason="Over", ended_at=began + timedelta(hours=30))
            events.append(AuditEvent(action="crisis_started", brand=brand, actor=admin,
                                     created_at=began, data={"crisis": period.pk}))
            for post in rng.sample(posts, 40):
                events.append(AuditEvent(action="pause", brand=brand, post=post,
                                         version=post.current_version, version_number=1,
                                         created_at=began + timedelta(seconds=1)))
        AuditEvent.objects.bulk_create(events, batch_size=5000)
    print(f"dataset built in {time.perf_counter() - started:.0f} s: {len(posts)} posts, "
          f"{len(rounds)} rounds, {len(decisions)} decisions, {len(findings)} findings, "
          f"{len(events)} events", flush=True)


def median_ms(work, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(options):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from socialgov.accounts.models import Membership
    from socialgov.analytics import charts, queries
    from socialgov.analytics.forms import FilterForm
    from socialgov.brands.models import Brand

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    brand = Brand.objects.get(slug=SLUG)
    print(f"{brand.posts.count()} posts; load average {os.getloadavg()}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    views = {"last 12 weeks": {},
             "one network and objective": {"network": "linkedin", "objective": "engage"}}
    admin = Membership.objects.get(brand=brand, role="brand_admin").user
    client = Client()
    client.force_login(admin)
    url = reverse("analytics:brand", args=[brand.slug])
    for title, filters in views.items():
        scope = FilterForm(filters or None, []).scope((brand.pk,))
        print(f"\n== {title} ({scope.since:%Y-%m-%d} to {scope.until:%Y-%m-%d})")
        for key in charts.CHARTS:
            ms = median_ms(lambda key=key, scope=scope: charts.chart(key, scope, brand).svg,
                           options.runs)
            print(f"  {key:<12} {ms:7.1f} ms {'ok' if ms < 300 else 'OVER 300 ms'}")
        ms = median_ms(lambda filters=filters: client.get(url, filters), options.runs)
        print(f"  whole page   {ms:7.1f} ms (GET, rendered)")
    scope = FilterForm(None, []).scope((brand.pk,))
    for key, query in queries.MAIN_QUERIES.items():
        print(f"\n== EXPLAIN ANALYZE: {key}")
        print(query(scope).explain(analyze=True, buffers=True))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="socialgov_analytics")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        fail("set DATABASE_URL to a PostgreSQL server (a role that may create databases)")
    env = {**os.environ, "DATABASE_URL": with_database(url, options.database),
           "DJANGO_SETTINGS_MODULE": "socialgov.settings"}
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              [options.database]).fetchone()
    if options.rebuild or not exists:
        recreate_database(url, options.database)
    manage("migrate", "--verbosity", "0", env=env)
    os.environ.update(env)
    import django

    django.setup()
    from socialgov.brands.models import Brand

    if not Brand.objects.filter(slug=SLUG).exists():
        build(options.posts)
    measure(options)


if __name__ == "__main__":
    main()
