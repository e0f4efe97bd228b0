# Every token ends. Tokens made before this existed end 90 days after the upgrade.

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def ninety_days_from_now():
    return timezone.now() + timedelta(days=90)


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='accesstoken',
            name='expires_at',
            field=models.DateTimeField(default=ninety_days_from_now),
            preserve_default=False,
        ),
    ]
