"""Monthly counts for Insights, kept by triggers (see glimmers/journal/counts.py).

Creates the table, counts every glimmer and link there is, then adds the
triggers that keep the counts from here on.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from glimmers.journal.counts import BACKWARD, FORWARD


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0008_links_carry_owner_and_day'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MonthlyCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('figure', models.CharField(max_length=8)),
                ('item', models.CharField(max_length=40)),
                ('month', models.DateField()),
                ('n', models.IntegerField(default=0)),
                ('owner', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('owner', 'figure', 'item', 'month'), name='monthlycount_unique')],
            },
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
