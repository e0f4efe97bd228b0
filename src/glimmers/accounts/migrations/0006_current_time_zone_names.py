"""Time zones kept under an old name (Europe/Kiev) take the current one (Europe/Kyiv)."""

from django.db import migrations


def rename_old_zones(apps, schema_editor):
    from glimmers.accounts.models import time_zone_aliases

    User = apps.get_model("accounts", "User")
    for old, new in time_zone_aliases().items():
        User.objects.filter(time_zone=old).update(time_zone=new)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_user_is_carer")]

    operations = [migrations.RunPython(rename_old_zones, migrations.RunPython.noop)]
