"""The shipped calendar listed Yom HaShoah, whose date moves, only through 2025: the brands
that have it get its dates through 2040, as one new version of their rules made by the
system (the history says so), so each check still names the rules it ran."""

from django.db import migrations
from django.db.models import F
from django.utils import timezone

NAME_EN = "Holocaust Remembrance Day (Yom HaShoah)"


def shipped_days():
    from socialgov.brands.models import shipped_sensitive_dates

    return [(month, day, year, en, fr) for month, day, year, en, fr in shipped_sensitive_dates()
            if en == NAME_EN and year]


def extend(apps, schema_editor):
    SensitiveDate = apps.get_model("brands", "SensitiveDate")
    RuleSet = apps.get_model("brands", "RuleSet")
    RuleSetVersion = apps.get_model("brands", "RuleSetVersion")
    days = shipped_days()
    brand_ids = (SensitiveDate.objects.filter(name_en=NAME_EN, year__isnull=False)
                 .values_list("brand_id", flat=True).distinct())
    for brand_id in list(brand_ids):
        known = set(SensitiveDate.objects.filter(brand_id=brand_id, name_en=NAME_EN)
                    .values_list("year", flat=True))
        missing = [SensitiveDate(brand_id=brand_id, month=month, day=day, year=year,
                                 name_en=en, name_fr=fr)
                   for month, day, year, en, fr in days if year not in known]
        if not missing:
            continue
        SensitiveDate.objects.bulk_create(missing)
        rule_set = RuleSet.objects.filter(brand_id=brand_id).first()
        if rule_set is None:
            continue
        latest = RuleSetVersion.objects.filter(brand_id=brand_id).order_by("-number").first()
        RuleSet.objects.filter(pk=rule_set.pk).update(version=F("version") + 1,
                                                      updated_at=timezone.now())
        rule_set.refresh_from_db()
        RuleSetVersion.objects.create(
            brand_id=brand_id, number=rule_set.version,
            rules=latest.rules if latest else [],
            overrides=latest.overrides if latest else [],
            guidelines=latest.guidelines if latest else [],
            brand_settings=latest.brand_settings if latest else {},
            dates=[{"month": d.month, "day": d.day, "year": d.year, "name_en": d.name_en,
                    "name_fr": d.name_fr}
                   for d in SensitiveDate.objects.filter(brand_id=brand_id)
                   .order_by("month", "day", "year", "pk")],
            change="calendar_changed",
        )


class Migration(migrations.Migration):

    dependencies = [
        ("brands", "0018_rule_messages_may_be_empty"),
    ]

    operations = [
        migrations.RunPython(extend, migrations.RunPython.noop),
    ]
