"""The stress run's work inside the database, run as a Django process of its own
(``python -m tests.stress.dbside seed|measure IN.json OUT.json``) against the
run's fresh database: the test process itself has no Django database.

``seed`` makes the brands and the people; ``measure`` reads what happened to
every submission from the posts, their check runs, decisions and audit events.
"""

import json
import os
import sys
from collections import Counter, defaultdict


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")
    import django

    django.setup()


# -- seed ------------------------------------------------------------------------


def seed(spec):
    """The demo brand of ``seed_demo`` (its rules, guideline and saved replies)
    and more brands with the same rules; the authors (drafters) and the
    approvers shared out between the brands; one reviewer who is an approver
    in every brand (and one more, who only warms the site up). Everyone has
    ``spec["password"]``, hashed once by the production hasher."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from socialgov.accounts.models import Membership, Role
    from socialgov.brands.models import Brand, Rule

    os.environ["DEMO_PASSWORD"] = spec["password"]
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    users = get_user_model()
    with transaction.atomic():
        demo = Brand.objects.get(slug="demo")
        hashed = users(username="probe")
        hashed.set_password(spec["password"])
        brands = [demo]
        for n in range(1, spec["brands"]):
            brand = Brand.objects.create(
                name=f"Stress {n}", slug=f"stress-{n}", languages=["fr", "en"],
                default_language="fr", time_zone="America/Toronto", french_address="vous")
            for rule in demo.ruleset.rules.all():
                Rule.objects.create(
                    rule_set=brand.ruleset, name=rule.name, kind=rule.kind, params=rule.params,
                    severity=rule.severity, message_en=rule.message_en,
                    message_fr=rule.message_fr, suggestion_en=rule.suggestion_en,
                    suggestion_fr=rule.suggestion_fr)
            brands.append(brand)
        people = []

        def person(username, kind, memberships):
            user = users.objects.create(username=username, email=f"{username}@example.com",
                                        password=hashed.password)
            for brand, role in memberships:
                Membership.objects.create(user=user, brand=brand, role=role)
            people.append({"username": username, "kind": kind,
                           "brands": [b.slug for b, _role in memberships]})

        for n in range(spec["authors"]):
            brand = brands[n % len(brands)]
            person(f"author-{n}", "author", [(brand, Role.DRAFTER)])
        for n in range(spec["approvers"]):
            brand = brands[n % len(brands)]
            person(f"approver-{n}", "approver", [(brand, Role.APPROVER)])
        person("reviewer", "reviewer", [(brand, Role.APPROVER) for brand in brands])
        person("warm-up", "warm-up", [(brand, Role.APPROVER) for brand in brands])
        warm_up = people.pop()
    return {"people": people, "warm_up": warm_up["username"],
            "brand_ids": [brand.pk for brand in brands]}


# -- measure -----------------------------------------------------------------------


def _epoch(moment):
    return moment.timestamp()


def measure(spec):
    """What became of each submission.

    ``spec["submissions"]``: for each submission the clients saw succeed, the
    post's id and the time (epoch) its response arrived. The database's submit
    events are the submissions; each is matched, post by post in order, with the
    clients' ones.

    * checked: a submission whose version has a ``check_done`` event (the check
      finished and moved the post: to review, or back to its author).
    * decided: a submission whose version has a decision.
    * lost: a submission neither checked nor decided; and a submission a client
      saw succeed with no submit event behind it.
    * duplicates: every row or event beyond the one expected: a second check run
      of a version against the same rule-set version; a second ``check_done``
      event for one submission of a version; a second decision of a version's
      round on a step that takes one ("any", not advisory).
    """
    from django.db.models import Count

    from socialgov.audit.models import AuditEvent
    from socialgov.posts.models import CheckJob, CheckRun, Decision, Post

    submits = list(AuditEvent.objects.filter(action="submit").order_by("created_at", "pk")
                   .values("post_id", "version_id", "created_at"))
    checks = defaultdict(list)
    for event in (AuditEvent.objects.filter(action="check_done").order_by("created_at", "pk")
                  .values("version_id", "to_state", "created_at")):
        checks[event["version_id"]].append(event)
    decided_versions = set(Decision.objects.filter(advisory=False)
                           .values_list("version_id", flat=True))
    submits_per_version = Counter(s["version_id"] for s in submits)

    lost = []
    for submit in submits:
        version = submit["version_id"]
        if not checks[version] and version not in decided_versions:
            lost.append({"post": submit["post_id"], "version": version})
    by_post = defaultdict(list)
    for submit in submits:
        by_post[submit["post_id"]].append(submit)
    seen = defaultdict(list)
    for client in sorted(spec["submissions"], key=lambda s: s["at"]):
        seen[client["post"]].append(client["at"])
    unrecorded = []
    matched = []  # (client's response time, the version's first check_done event)
    for post_id, times in seen.items():
        events = by_post.get(post_id, [])
        if len(events) < len(times):
            unrecorded.append({"post": post_id, "client_submissions": len(times),
                               "submit_events": len(events)})
        for at, event in zip(times, events, strict=False):
            first = checks[event["version_id"]][:1]
            matched.append((at, _epoch(first[0]["created_at"]) if first else None,
                            first[0]["to_state"] if first else None))

    duplicate_runs = sum(
        row["n"] - 1 for row in CheckRun.objects.values("version_id", "rule_set_version")
        .annotate(n=Count("pk")).filter(n__gt=1))
    duplicate_checks = sum(max(0, len(events) - submits_per_version[version])
                           for version, events in checks.items())
    duplicate_decisions = sum(
        row["n"] - 1 for row in Decision.objects.filter(step_rule="any", advisory=False)
        .values("version_id", "round_number", "step").annotate(n=Count("pk")).filter(n__gt=1))

    return {
        "submitted": len(submits),
        "client_submissions": len(spec["submissions"]),
        "checked": sum(1 for s in submits if checks[s["version_id"]]),
        "decided": sum(1 for s in submits if s["version_id"] in decided_versions),
        "lost": len(lost) + sum(r["client_submissions"] - r["submit_events"]
                                for r in unrecorded),
        "lost_posts": lost[:20],
        "unrecorded_submissions": unrecorded[:20],
        "duplicates": duplicate_runs + duplicate_checks + duplicate_decisions,
        "duplicate_kinds": {"check_runs": duplicate_runs, "check_done_events": duplicate_checks,
                            "decisions": duplicate_decisions},
        "reviews": [(at, done, state) for at, done, state in matched],
        "states": dict(Counter(Post.objects.values_list("state", flat=True))),
        "check_jobs": dict(Counter(CheckJob.objects.values_list("status", flat=True))),
        "requeued": AuditEvent.objects.filter(action="check_requeued").count(),
        "check_failed": AuditEvent.objects.filter(action="check_failed").count(),
    }


def pending(_spec):
    """How many posts still wait on a check (state `checking`)."""
    from socialgov.posts.models import Post, State

    return {"checking": Post.objects.filter(state=State.CHECKING).count()}


def main(argv):
    _setup()
    command, source, target = argv[1:4]
    with open(source) as f:
        spec = json.load(f)
    result = {"seed": seed, "measure": measure, "pending": pending}[command](spec)
    with open(target, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv)
