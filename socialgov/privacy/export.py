"""Québec's Law 25: everything SocialGov holds about one person, as one JSON document.

The signed-in person downloads theirs from "Download my data" (``views.my_data``); an
operator exports anyone's with ``manage.py export_person <username>``. Both call
``export``, which records who exported whose data (``person_data_exported``), and both
give the same document (``person_data``): the account, memberships and roles, review
groups, invitations to the person's address, absences, notification settings, channels
and notices, the calendar feed, the posts they wrote with every version's texts, the
comments, decisions (with their reasons), waivers and publications they made, and the
audit events where they are the actor.

Secrets stay out: no password hash, no token or token hash (invitations, calendar feed).
Each section is one query (a few for the posts' versions and their texts and images):
the number of queries does not grow with the number of rows.
"""

from __future__ import annotations

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from socialgov.accounts.models import Absence, Invitation, Membership
from socialgov.api.models import ApiToken
from socialgov.audit.events import record
from socialgov.audit.models import AuditEvent
from socialgov.brands.models import ReviewGroup
from socialgov.notify.models import KindPreference, Notice, NoticeSettings
from socialgov.planning.models import CalendarFeed
from socialgov.posts.models import Comment, Decision, Post, PostVersion, Publication, Waiver

FORMAT = "socialgov-person-data"
FORMAT_VERSION = 1


def export(person, *, by=None, now=None) -> dict:
    """``person_data`` of ``person``, recorded as exported by ``by`` (None: an operator's
    command) in the same transaction, so an export is never missing from the history."""
    with transaction.atomic():
        data = person_data(person, now=now)
        record("person_data_exported", actor=by, subject=person.get_username(),
               person=person.pk, by_operator=by is None or None)
    return data


def person_data(person, *, now=None) -> dict:
    """The document itself (plain data; dates and times as ``datetime``, see ``to_json``)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": now or timezone.now(),
        "account": _account(person),
        "memberships": _memberships(person),
        "review_groups": [{"brand": group.brand.name, "group": group.name}
                          for group in ReviewGroup.objects.filter(members=person)
                          .select_related("brand").order_by("brand__name", "name", "pk")],
        "invitations": _invitations(person),
        "absences": [{"from": absence.starts_on, "until": absence.ends_on,
                      "created_at": absence.created_at}
                     for absence in Absence.objects.filter(user=person)],
        "notification_settings": _notification_settings(person),
        "notices": _notices(person),
        "calendar_feed": _calendar_feed(person),
        # The person's API tokens: what each may do. Their secrets are not kept (a
        # hash only), and the file names no "token" (tests/test_person_export.py).
        "api_access": [{"brand": token.brand.name, "name": token.name, "role": token.role,
                        "created_at": token.created_at, "expires_at": token.expires_at,
                        "last_used_at": token.last_used_at, "revoked_at": token.revoked_at}
                       for token in ApiToken.objects.filter(owner=person)
                       .select_related("brand").order_by("created_at", "pk")],
        "posts": _posts(person),
        "comments": _comments(person),
        "decisions": _decisions(person),
        "waivers": _waivers(person),
        "publications": [{"post": publication.post_id, "network": publication.network,
                          "url": publication.url, "published_at": publication.published_at}
                         for publication in Publication.objects.filter(published_by=person)
                         .order_by("published_at", "pk")],
        "audit_events": _events(person),
    }


def to_json(data: dict) -> str:
    """The document as the download and the command write it: UTF-8 text, indented,
    times in ISO 8601 (UTC, as stored)."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"


def filename(person, now=None) -> str:
    """``socialgov-data-<username>-<YYYY-MM-DD>.json``, the day on the site's clock; the
    username's characters that a file name may not hold become dashes."""
    day = timezone.localdate(now or timezone.now())
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", person.get_username()).strip(".-") or "person"
    return f"socialgov-data-{name}-{day.isoformat()}.json"


def _account(person) -> dict:
    return {
        "id": person.pk,
        "username": person.get_username(),
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_joined": person.date_joined,
        "last_login": person.last_login,
        "is_active": person.is_active,
        "is_staff": person.is_staff,
        "is_superuser": person.is_superuser,
    }


def _memberships(person) -> list[dict]:
    return [{"brand": membership.brand.name, "brand_slug": membership.brand.slug,
             "role": membership.role, "active": membership.is_active,
             "since": membership.created_at, "deactivated_at": membership.deactivated_at}
            for membership in Membership.objects.filter(user=person).select_related("brand")
            .order_by("created_at", "pk")]


def _invitations(person) -> list[dict]:
    if not person.email:
        return []
    return [{"brand": invitation.brand.name, "email": invitation.email,
             "role": invitation.role, "status": invitation.status.value,
             "invited_by": invitation.invited_by.get_username() if invitation.invited_by
             else None,
             "sent_at": invitation.sent_at, "expires_at": invitation.expires_at,
             "accepted_at": invitation.accepted_at, "revoked_at": invitation.revoked_at}
            for invitation in Invitation.objects.filter(email__iexact=person.email)
            .select_related("brand", "invited_by").order_by("sent_at", "pk")]


def _notification_settings(person) -> dict:
    chosen = NoticeSettings.objects.filter(user=person).first()
    return {
        "language": chosen.language if chosen else None,
        "digest_hour": chosen.digest_hour if chosen else None,
        "time_zone": chosen.time_zone if chosen else None,
        "channels": {preference.kind: preference.channel for preference in
                     KindPreference.objects.filter(user=person).order_by("kind")},
    }


def _notices(person) -> list[dict]:
    return [{"kind": notice.kind, "brand": notice.brand.name, "post": notice.post_id,
             "event": notice.event_id, "delivery": notice.delivery,
             "created_at": notice.created_at, "read_at": notice.read_at,
             "emailed_at": notice.emailed_at}
            for notice in Notice.objects.filter(recipient=person).select_related("brand")
            .order_by("created_at", "pk")]


def _calendar_feed(person) -> dict | None:
    feed = CalendarFeed.objects.filter(user=person).first()
    if feed is None:
        return None
    # The address is a secret shown once and not kept: only its hash is stored.
    return {"language": feed.language, "created_at": feed.created_at,
            "address_made_at": feed.renewed_at}


def _posts(person) -> list[dict]:
    versions = PostVersion.objects.select_related("author").prefetch_related(
        "variants", "images").order_by("number")
    posts = (Post.objects.filter(author=person)
             .select_related("brand", "customer_reply")
             .prefetch_related(Prefetch("versions", queryset=versions), "publications")
             .order_by("created_at", "pk"))
    out = []
    for post in posts:
        reply = post.reply
        out.append({
            "id": post.pk,
            "brand": post.brand.name,
            "state": post.state,
            "created_at": post.created_at,
            "updated_at": post.updated_at,
            "archived_at": post.archived_at,
            "crisis_response": post.crisis_response,
            "waiver_note": post.waiver_note,
            "duplicated_from": post.duplicated_from_id,
            "customer_reply": None if reply is None else {
                "network": reply.network, "link": reply.link,
                "received_at": reply.received_at, "respond_by": reply.respond_by},
            "versions": [_version(version) for version in post.versions.all()],
            "publications": [{"network": p.network, "url": p.url,
                              "published_at": p.published_at}
                             for p in post.publications.all()],
        })
    return out


def _version(version) -> dict:
    return {
        "number": version.number,
        "author": version.author.get_username(),
        "created_at": version.created_at,
        "language": version.language,
        "text": version.text,
        "networks": version.networks,
        "objective": version.objective,
        "planned_at": version.planned_at,
        "replying_to": version.replying_to,
        "variants": [{"language": v.language, "network": v.network, "text": v.text}
                     for v in version.variants.all()],
        "images": [{"image": i.image_id, "position": i.number, "alt": i.alt}
                   for i in version.images.all()],
    }


def _comments(person) -> list[dict]:
    return [{"id": comment.pk, "post": comment.post_id,
             "version": comment.version.number, "reply_to": comment.parent_id,
             "body": comment.body, "quote": comment.quote, "image": comment.image_id,
             "created_at": comment.created_at, "resolved_at": comment.resolved_at}
            for comment in Comment.objects.filter(author=person).select_related("version")
            .order_by("created_at", "pk")]


def _decisions(person) -> list[dict]:
    decisions = (Decision.objects.filter(decided_by=person)
                 .select_related("post__brand", "version").prefetch_related("reasons")
                 .order_by("created_at", "pk"))
    return [{"post": decision.post_id, "brand": decision.post.brand.name,
             "version": decision.version.number, "kind": decision.kind,
             "step": decision.step_name or decision.step, "advisory": decision.advisory,
             "reason": decision.reason,
             "reasons": [{"en": reason.label_en, "fr": reason.label_fr}
                         for reason in decision.reasons.all()],
             "created_at": decision.created_at}
            for decision in decisions]


def _waivers(person) -> list[dict]:
    waivers = (Waiver.objects.filter(waived_by=person)
               .select_related("finding__version").order_by("created_at", "pk"))
    return [{"post": waiver.finding.version.post_id, "version": waiver.finding.version.number,
             "rule": waiver.finding.rule_name or waiver.finding.rule_key,
             "reason": waiver.reason, "created_at": waiver.created_at}
            for waiver in waivers]


def _events(person) -> list[dict]:
    return [{"id": event.pk, "created_at": event.created_at, "action": event.action,
             "brand": event.brand_name, "post": event.post_id,
             "version": event.version_number, "from_state": event.from_state,
             "to_state": event.to_state, "data": event.data}
            for event in AuditEvent.objects.filter(actor=person).order_by("created_at", "pk")]
