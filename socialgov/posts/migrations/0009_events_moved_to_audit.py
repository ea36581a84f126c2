from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("posts", "0008_typed_events_turns_sent_back"),
        ("audit", "0002_events_from_posts"),
    ]

    operations = [
        migrations.DeleteModel(name="AuditEvent"),
    ]
