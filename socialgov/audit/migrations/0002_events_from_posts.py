"""The events written before this app held them move here.

Their words stay as they were written (``data["note"]``); the history shows
them as they are. The system's own moves lose the English word "system" for
an empty name: the page names the system in the reader's language.
"""

from django.db import migrations

BATCH = 2000


def move_events(apps, schema_editor):
    Old = apps.get_model("posts", "AuditEvent")
    New = apps.get_model("audit", "AuditEvent")
    # Keep each event's own time: this historical model is this function's alone.
    New._meta.get_field("created_at").auto_now_add = False
    rows = Old.objects.order_by("pk").values(
        "pk", "created_at", "actor_id", "actor_name", "action", "brand_id", "brand_name",
        "post_id", "version_id", "version_number", "rule_id", "rule_name", "from_state",
        "to_state", "reason")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        data = {}
        if row["reason"]:
            data["note"] = row["reason"]
        if row["rule_id"] is not None:
            data["rule"] = row["rule_id"]
        if row["rule_name"]:
            data["subject"] = row["rule_name"]
        system = row["actor_id"] is None and row["actor_name"] == "system"
        batch.append(New(
            id=row["pk"], created_at=row["created_at"], actor_id=row["actor_id"],
            actor_name="" if system else row["actor_name"], action=row["action"],
            brand_id=row["brand_id"], brand_name=row["brand_name"], post_id=row["post_id"],
            version_id=row["version_id"], version_number=row["version_number"],
            from_state=row["from_state"], to_state=row["to_state"], data=data,
        ))
        if len(batch) >= BATCH:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)
    # The ids are kept, so PostgreSQL's sequence must start after them.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), "
                "COALESCE((SELECT MAX(id) FROM audit_auditevent), 1))")


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("posts", "0008_typed_events_turns_sent_back"),
    ]

    operations = [
        migrations.RunPython(move_events, migrations.RunPython.noop),
    ]
