"""Every existing brand starts with the default review reasons, as new brands do.

The list is copied here, not imported: a migration must keep doing what it did
when it was written, whatever the model module later says.
"""

from django.db import migrations

DEFAULTS = [
    ("Off-brand tone", "Ton non conforme à la marque"),
    ("Factual error", "Erreur factuelle"),
    ("Legal risk", "Risque juridique"),
    ("Sensitive timing", "Moment mal choisi"),
    ("Spelling and grammar", "Orthographe et grammaire"),
    ("Missing objective", "Objectif absent"),
]


def prefill(apps, schema_editor):
    Brand = apps.get_model("brands", "Brand")
    ReviewReason = apps.get_model("brands", "ReviewReason")
    for brand in Brand.objects.all():
        if ReviewReason.objects.filter(brand=brand).exists():
            continue
        ReviewReason.objects.bulk_create(
            ReviewReason(brand=brand, label_en=en, label_fr=fr, position=position)
            for position, (en, fr) in enumerate(DEFAULTS, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("brands", "0005_review_reasons"),
    ]

    operations = [
        migrations.RunPython(prefill, migrations.RunPython.noop),
    ]
