# The AccessToken model now belongs to accounts (accounts 0004 takes it over,
# same table). Only Django's record changes: nothing in the database does.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0002_accesstoken_expires_at'),
        ('accounts', '0004_accesstoken'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AccessToken')],
            database_operations=[],
        ),
    ]
