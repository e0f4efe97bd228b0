# A personal access token is one of an account's credentials, beside its
# sessions and two-step sign-in: the model moved from the api app to accounts.
# Only Django's record of which app owns it changes; the table (api_accesstoken)
# and its rows stay as they are. api 0003 removes the api app's record.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_security'),
        ('api', '0002_accesstoken_expires_at'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AccessToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('prefix', models.CharField(max_length=16)),
                        ('token_hash', models.CharField(max_length=64, unique=True)),
                        ('read_only', models.BooleanField(default=False, verbose_name='read only')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('last_used_at', models.DateTimeField(blank=True, null=True)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('expires_at', models.DateTimeField()),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='access_tokens', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'api_accesstoken',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['owner', '-created_at'], name='token_owner_created')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
