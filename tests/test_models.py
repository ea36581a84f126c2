"""What the models themselves guarantee, whoever calls them."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction

from socialgov.audit.events import record
from socialgov.audit.models import AuditEvent
from socialgov.brands.models import Rule, RuleSet, VoiceGuideline
from socialgov.posts import actions
from socialgov.posts.models import (
    CHECKED_FIELDS,
    Finding,
    ImmutableError,
    Post,
    PostVersion,
    content_hash,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(make_post):
    return make_post("draft")


def rule_set_version(brand):
    return RuleSet.objects.get(brand=brand).version


# -- PostVersion -----------------------------------------------------------


def test_a_post_version_cannot_be_saved_again(post):
    version = PostVersion.objects.get(pk=post.current_version_id)
    version.text = "Rewritten in place."
    with pytest.raises(ImmutableError):
        version.save()
    assert PostVersion.objects.get(pk=version.pk).text != "Rewritten in place."


def test_a_post_version_cannot_be_deleted(post):
    version = PostVersion.objects.get(pk=post.current_version_id)
    with pytest.raises(ImmutableError):
        version.delete()
    assert PostVersion.objects.filter(pk=version.pk).exists()


def test_a_new_version_stores_the_hash_of_its_fields(post, fields):
    version = post.current_version
    assert version.content_hash == content_hash(version.fields())
    assert len(version.content_hash) == 64
    assert set(version.fields()) == set(CHECKED_FIELDS)


def test_the_stored_hash_is_computed_not_taken_from_the_caller(post, intern):
    version = PostVersion.objects.create(
        post=post, number=2, author=intern, content_hash="forged",
        **post.current_version.fields(),
    )
    assert version.content_hash == post.current_version.content_hash


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", "Our new bakery opens on Tuesday. Come and say hello!"),
        ("text", "Our new bakery opens on Monday. Come and say hello! "),
        ("networks", ["x"]),
        ("networks", ["x", "linkedin", "bluesky"]),
        ("objective", "sell"),
        ("planned_at", None),
        ("planned_at", "+1s"),
        ("language", "fr"),
    ],
)
def test_the_content_hash_changes_when_any_checked_field_changes(field, value, fields):
    base = fields()
    changed = dict(base)
    changed[field] = base["planned_at"] + timedelta(seconds=1) if value == "+1s" else value
    assert content_hash(changed) != content_hash(base)


def test_the_content_hash_does_not_change_otherwise(fields, post, manager):
    base = fields()
    assert content_hash(dict(base)) == content_hash(base)
    # Network order is not content.
    assert content_hash({**base, "networks": ["linkedin", "x"]}) == content_hash(base)
    # Fields the check does not read are not part of it.
    assert content_hash({**base, "author": manager, "number": 7}) == content_hash(base)
    # The same instant in another time zone is the same planned time.
    elsewhere = base["planned_at"].astimezone(post.brand.tz)
    assert content_hash({**base, "planned_at": elsewhere}) == content_hash(base)


def test_two_versions_with_the_same_fields_have_the_same_hash(post, intern):
    again = PostVersion.objects.create(
        post=post, number=2, author=intern, **post.current_version.fields()
    )
    assert again.content_hash == post.current_version.content_hash


# -- AuditEvent ------------------------------------------------------------


@pytest.fixture
def event(post):
    return AuditEvent.objects.get(post=post, action="create")


def test_an_audit_event_cannot_be_changed(event):
    event.data = {"text": "Nothing happened."}
    with pytest.raises(ImmutableError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).data == {}


def test_an_audit_event_cannot_be_deleted(event):
    with pytest.raises(ImmutableError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_events_cannot_be_updated_in_bulk(event):
    with pytest.raises(ImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(data={"text": "Rewritten."})
    with pytest.raises(ImmutableError):
        AuditEvent.objects.update(actor_name="nobody")
    assert AuditEvent.objects.get(pk=event.pk).data == {}


def test_audit_events_cannot_be_deleted_in_bulk(event):
    with pytest.raises(ImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(ImmutableError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_history_survives_deleting_a_rule(
    brand, intern, manager, fields, submit, banned_rule
):
    post = submit(intern, actions.create(intern, brand, fields(text="A dumb idea.")))
    actions.ask_waiver(intern, post, "A quote.")
    finding = Post.objects.get(pk=post.pk).findings.get()
    actions.waive(manager, finding.version.post, finding, "Quote.")
    with transaction.atomic():
        rule_event = record("rule_changed", actor=manager, brand=brand, rule=banned_rule.pk,
                            subject=banned_rule.name, summary="Softer wording.")
    events_before = AuditEvent.objects.count()

    Rule.objects.get(pk=banned_rule.pk).delete()

    rule_event = AuditEvent.objects.get(pk=rule_event.pk)
    assert rule_event.data == {"rule": banned_rule.pk, "subject": "No insults",
                               "summary": "Softer wording."}
    assert AuditEvent.objects.count() == events_before
    waive_event = AuditEvent.objects.get(post=post, action="waive")
    assert waive_event.data == {"finding": finding.pk, "reason": "Quote."}
    # The finding the rule produced stays too, with the rule's name.
    finding = Finding.objects.get(pk=finding.pk)
    assert finding.rule is None
    assert finding.rule_name == "No insults"
    assert finding.is_waived


# -- Rule and RuleSet ------------------------------------------------------


def test_creating_a_rule_bumps_the_rule_set_version(brand):
    before = rule_set_version(brand)
    Rule.objects.create(rule_set=brand.ruleset, name="Short", kind="max_length",
                        params={"limits": {"x": 280}}, message_en="Too long.",
                        message_fr="Trop long.")
    assert rule_set_version(brand) == before + 1


def test_changing_a_rule_bumps_the_rule_set_version(brand, banned_rule):
    before = rule_set_version(brand)
    banned_rule.enabled = False
    banned_rule.save()
    assert rule_set_version(brand) == before + 1
    banned_rule.params = {"terms": ["dumb"]}
    banned_rule.save()
    assert rule_set_version(brand) == before + 2


def test_deleting_a_rule_bumps_the_rule_set_version(brand, banned_rule):
    before = rule_set_version(brand)
    banned_rule.delete()
    assert rule_set_version(brand) == before + 1
    assert not Rule.objects.filter(pk=banned_rule.pk).exists()


def test_a_rule_change_bumps_only_its_own_brand(brand, other_brand, banned_rule):
    other_before = rule_set_version(other_brand)
    banned_rule.save()
    assert rule_set_version(other_brand) == other_before


def test_a_rule_change_gives_a_new_check(brand, intern, fields, submit, banned_rule):
    """The bumped version is what makes a re-check read the new rules."""
    post = submit(intern, actions.create(intern, brand, fields(text="A dumb idea.")))
    assert post.risk == "high"
    banned_rule.params = {"terms": ["idiot"]}
    banned_rule.save()
    actions.edit(intern, post, fields(text="A dumb idea!"))
    post = submit(intern, post)
    assert post.state == "in_review"
    assert post.risk == "none"


# -- VoiceGuideline --------------------------------------------------------


def test_a_voice_guideline_body_is_sanitised(brand):
    guideline = VoiceGuideline.objects.create(
        brand=brand,
        title="Be kind",
        text=(
            '<p>Be <strong onclick="steal()">kind</strong>.</p>'
            "<script>alert(1)</script>"
            '<a href="javascript:alert(2)">here</a> <a href="https://example.com">ok</a>'
        ),
    )
    body = VoiceGuideline.objects.get(pk=guideline.pk).body
    assert "<script" not in body and "</script" not in body
    assert "onclick" not in body
    assert "javascript:" not in body
    assert "<p>Be <strong>kind</strong>.</p>" in body
    assert '<a href="https://example.com">ok</a>' in body


def test_a_voice_guideline_is_sanitised_on_every_save(brand):
    guideline = VoiceGuideline.objects.create(brand=brand, title="Plain", text="<em>ok</em>")
    guideline.text = "<em>ok</em><iframe src='https://evil.example'></iframe>"
    guideline.body = "<script>written straight to the field</script>"
    guideline.save()
    assert VoiceGuideline.objects.get(pk=guideline.pk).body == "<p><em>ok</em></p>"


def test_the_planned_time_of_test_posts_keeps_away_from_days_of_remembrance():
    from tests.conftest import quiet_time

    # 6 and 7 December are on the calendar; the 8th is a day from the 7th.
    two_days_before_polytechnique = datetime(2026, 12, 4, 15, tzinfo=UTC)
    assert quiet_time(now=two_days_before_polytechnique).date() == date(2026, 12, 9)
    ordinary = datetime(2026, 3, 2, 15, tzinfo=UTC)
    assert quiet_time(now=ordinary) == ordinary + timedelta(days=2)
