"""Django's admin shows the operational records to superusers, read-only:
changes go through the product's pages, which re-check posts and write the audit."""

import pytest
from django.urls import reverse

from socialgov.brands.models import CrisisPeriod, WatchWord
from socialgov.posts import actions

pytestmark = pytest.mark.django_db

MODELS = [
    "brands_watchword", "brands_sensitivedate", "brands_crisisperiod", "brands_recheckbatch",
    "posts_checkjob", "posts_checkrun", "posts_finding", "posts_waiver", "posts_postvariant",
    "posts_comment", "posts_reviewround", "brands_approvalstep", "brands_reviewgroup",
    "brands_reviewreason", "brands_savedreply", "brands_holiday", "posts_customerreply",
]


@pytest.mark.parametrize("model", MODELS)
def test_a_superuser_sees_the_records_but_cannot_add_them_there(client, superuser, model,
                                                                log_in_verified):
    log_in_verified(client, superuser)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_a_watch_word_and_a_crisis_are_listed_and_not_editable(
    client, superuser, brand, manager, intern, fields, submit, log_in_verified
):
    word = WatchWord.objects.create(brand=brand, term="flood", created_by=manager)
    crisis = CrisisPeriod.objects.create(brand=brand, started_by=manager, start_reason="Flood")
    submit(intern, actions.create(intern, brand, fields(text="Fresh bread today.")))
    log_in_verified(client, superuser)
    assert "flood" in client.get(reverse("admin:brands_watchword_changelist")).content.decode()
    page = client.get(reverse("admin:brands_watchword_change", args=[word.pk]))
    assert page.status_code == 200 and b'name="term"' not in page.content
    assert client.post(reverse("admin:brands_crisisperiod_delete", args=[crisis.pk]),
                       {"post": "yes"}).status_code == 403
    assert CrisisPeriod.objects.filter(pk=crisis.pk).exists()
    assert client.get(reverse("admin:posts_checkrun_changelist")).status_code == 200
