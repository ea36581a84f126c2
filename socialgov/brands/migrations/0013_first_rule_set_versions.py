"""Each existing brand's rules as they stand become the first version of its history."""

from django.db import migrations

from socialgov.brands.models import rule_mapping


def keep_first_versions(apps, schema_editor):
    RuleSet = apps.get_model("brands", "RuleSet")
    RuleSetVersion = apps.get_model("brands", "RuleSetVersion")
    for rule_set in RuleSet.objects.all():
        if RuleSetVersion.objects.filter(brand_id=rule_set.brand_id).exists():
            continue
        rules = [
            rule_mapping(rule, rule.guideline.title if rule.guideline_id else "")
            for rule in rule_set.rules.select_related("guideline").order_by("name", "pk")
        ]
        RuleSetVersion.objects.create(brand_id=rule_set.brand_id, number=rule_set.version,
                                      rules=rules)


class Migration(migrations.Migration):
    dependencies = [("brands", "0012_rule_set_versions_and_overrides")]

    operations = [migrations.RunPython(keep_first_versions, migrations.RunPython.noop)]
