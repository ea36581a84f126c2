from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('brands', '0020_brand_retention'),
    ]

    operations = [
        migrations.AddField(
            model_name='brand',
            name='require_two_factor',
            field=models.BooleanField(default=False, help_text='Approvers and brand admins then review and manage this brand only after entering a code from their authenticator app.', verbose_name='require two-factor authentication for approvers and brand admins'),
        ),
    ]
