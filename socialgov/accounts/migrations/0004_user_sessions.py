import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def track_live_sessions(apps, schema_editor):
    """The sessions open before this table existed: found once, the slow way
    (decoding each), so the account page and "Log out everywhere" see them."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    Session = apps.get_model("sessions", "Session")
    UserSession = apps.get_model("accounts", "UserSession")
    user_ids = set(apps.get_model(*settings.AUTH_USER_MODEL.split(".")).objects
                   .values_list("pk", flat=True))
    store = SessionStore()
    rows = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        user_id = store.decode(session.session_data).get(SESSION_KEY)
        if user_id is not None and user_id.isdigit() and int(user_id) in user_ids:
            rows.append(UserSession(session_id=session.session_key, user_id=int(user_id)))
    UserSession.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_absences'),
        ('sessions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='UserSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('session', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='sessions.session')),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('last_seen', models.DateTimeField(default=django.utils.timezone.now)),
                ('user_agent', models.CharField(blank=True, max_length=300)),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tracked_sessions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'ordering': ['-last_seen', '-started_at'],
            },
        ),
        migrations.RunPython(track_live_sessions, migrations.RunPython.noop),
    ]
