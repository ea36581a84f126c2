"""A brand with many posts, made in bulk: for the page benchmark (bench/pages.py)
and the query-count tests (tests/test_query_counts.py).

Rows are written with bulk_create, as the moves would leave them: each post
has its versions, a check of its current version with findings, comments,
events; the posts in review have an open round of the default path. Then the
approval path works out who can decide each open round (``approval.refresh``),
as it does when a brand's people change.
"""

import hashlib
import random
from datetime import timedelta

from django.utils import timezone

STATES = ["draft", "approved", "published", "sent_back", "changes_requested", "rejected",
          "expired"]
WORDS = ("bread croissant bakery morning oven flour butter coffee market Monday weekend "
         "fresh warm local loaf pastry recipe team neighbours opening hours").split()


def _text(rng, words=24):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build(brand, authors, *, posts, in_review, versions=1, findings=1, comments=0,
          events=3, seed=7):
    """Add ``posts`` posts to ``brand`` by ``authors`` (users, members of it):
    ``in_review`` of them in review, the others spread over the other states;
    each with ``versions`` versions, ``findings`` findings on its current
    version's check, ``comments`` comments and ``events`` audit events.
    Returns the posts' ids, those in review first."""
    from socialgov.audit.models import AuditEvent
    from socialgov.posts import approval
    from socialgov.posts.models import (
        CheckRun,
        Comment,
        Finding,
        Post,
        PostVersion,
        ReviewRound,
        RoundStep,
        content_hash,
    )

    rng = random.Random(seed)
    now = timezone.now()
    states = ["in_review"] * in_review + [STATES[n % len(STATES)]
                                          for n in range(posts - in_review)]
    made = Post.objects.bulk_create(
        Post(brand=brand, author=authors[n % len(authors)], state=state,
             risk=rng.choice(["none", "low", "medium", "high"]))
        for n, state in enumerate(states))
    version_rows = []
    for post in made:
        for number in range(1, versions + 1):
            fields = {"text": _text(rng), "networks": ["x", "linkedin"], "objective": "inform",
                      "planned_at": now + timedelta(days=rng.randint(1, 60),
                                                    minutes=rng.randint(0, 1440)),
                      "language": "en"}
            version_rows.append(PostVersion(post=post, number=number, author=post.author,
                                            content_hash=content_hash(fields), **fields))
    # Not PostVersion.save: it makes one version at a time, variants included.
    version_rows = PostVersion.objects.bulk_create(version_rows)
    current = {v.post_id: v for v in version_rows if v.number == versions}
    runs = CheckRun.objects.bulk_create(
        CheckRun(version=current[post.pk], risk=post.risk, rule_set_version=1,
                 check_key=f"bulk-{post.pk}-{hashlib.sha1(str(rng.random()).encode()).hexdigest()}")
        for post in made)
    run_of = {run.version_id: run for run in runs}
    for post in made:
        post.current_version = current[post.pk]
        post.current_check = run_of[current[post.pk].pk]
    Post.objects.bulk_update(made, ["current_version", "current_check"], batch_size=2000)
    finding_rows = []
    for version in current.values():
        text = version.text
        for n in range(findings):
            word = rng.choice(text.split())
            start = text.find(word)
            finding_rows.append(Finding(
                check_run=run_of[version.pk], version=version, rule_key="core/plain-words",
                rule_name="", kind="substitution", severity="warning" if n % 3 else "info",
                start=start, end=start + len(word), matched=word,
                message_en=f"Prefer a plainer word than “{word}”.",
                message_fr=f"Préférez un mot plus simple que «\u00a0{word}\u00a0».",
            ))
    Finding.objects.bulk_create(finding_rows, batch_size=5000)
    Comment.objects.bulk_create(
        (Comment(post=post, version=current[post.pk], author=authors[n % len(authors)],
                 body=f"Comment {n}", quote=current[post.pk].text.split()[0], start=0,
                 end=len(current[post.pk].text.split()[0]))
         for post in made for n in range(comments)), batch_size=5000)
    AuditEvent.objects.bulk_create(
        (AuditEvent(actor=post.author, actor_name=post.author.get_username(), action="edit",
                    brand=brand, brand_name=brand.name, post=post,
                    version=current[post.pk], version_number=versions,
                    from_state="draft", to_state="draft")
         for post in made for _ in range(events)), batch_size=5000)
    reviewing = [post for post in made if post.state == "in_review"]
    rounds = ReviewRound.objects.bulk_create(
        ReviewRound(post=post, version=current[post.pk], number=1, risk=post.risk)
        for post in reviewing)
    steps = approval.path_for(brand, "none")
    RoundStep.objects.bulk_create(
        spec.as_round_step(review_round, position)
        for review_round in rounds for position, spec in enumerate(steps))
    approval.refresh(brand)
    return [post.pk for post in reviewing] + [post.pk for post in made if post.state != "in_review"]
