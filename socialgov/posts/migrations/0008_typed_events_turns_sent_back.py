"""Issue 10: findings name their rule by the engine's id, rounds note the step
they wait on, Turn rows say who can decide now, and a post the check sent back
is "sent_back" rather than "changes_requested" (nobody requested anything).

The turns of rounds already open are worked out by the scheduler's first run
(``run_scheduler``) or ``manage.py refresh_turns``.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import CharField
from django.db.models.functions import Cast


def name_rules(apps, schema_editor):
    """A brand rule's findings name it by its id, as the engine does."""
    Finding = apps.get_model("posts", "Finding")
    Finding.objects.filter(rule__isnull=False, rule_key="").update(
        rule_key=Cast("rule_id", CharField()))


def sent_back_by_the_check(apps, schema_editor):
    """A post in "changes_requested" whose last move was the check's (or a
    re-check's) was sent back by the check."""
    Post = apps.get_model("posts", "Post")
    AuditEvent = apps.get_model("posts", "AuditEvent")
    for post in Post.objects.filter(state="changes_requested").only("pk"):
        last = (AuditEvent.objects.filter(post_id=post.pk, to_state="changes_requested")
                .exclude(from_state="changes_requested").order_by("-created_at", "-pk")
                .values_list("action", flat=True).first())
        if last in ("check_done", "recheck"):
            Post.objects.filter(pk=post.pk).update(state="sent_back")


def to_changes_requested(apps, schema_editor):
    apps.get_model("posts", "Post").objects.filter(state="sent_back").update(
        state="changes_requested")


class Migration(migrations.Migration):

    dependencies = [
        ('posts', '0007_review_rounds_and_path_decisions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='finding',
            name='rule_key',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='reviewround',
            name='current_step',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='posts.roundstep'),
        ),
        migrations.AlterField(
            model_name='post',
            name='state',
            field=models.CharField(choices=[('draft', 'Draft'), ('checking', 'Checking'), ('in_review', 'In review'), ('approved', 'Approved'), ('changes_requested', 'Changes requested'), ('sent_back', 'Sent back by the check'), ('rejected', 'Rejected'), ('paused', 'Paused'), ('expired', 'Expired'), ('published', 'Published')], default='draft', max_length=20),
        ),
        migrations.CreateModel(
            name='Turn',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='turns', to='posts.post')),
                ('review_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='turns', to='posts.reviewround')),
                ('step', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='turns', to='posts.roundstep')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.AddIndex(
            model_name='turn',
            index=models.Index(fields=['user', 'post'], name='turn_user_post'),
        ),
        migrations.AddConstraint(
            model_name='turn',
            constraint=models.UniqueConstraint(fields=('step', 'user'), name='one_turn_per_step_user'),
        ),
        migrations.RunPython(name_rules, migrations.RunPython.noop),
        migrations.RunPython(sent_back_by_the_check, to_changes_requested),
    ]
