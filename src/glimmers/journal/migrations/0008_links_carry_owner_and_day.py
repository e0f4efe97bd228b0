"""Links to senses, people, values and tags carry their glimmer's owner and day.

The four link tables become models of their own (the same tables, the same
rows) with two copied columns, owner and local_date, and an index
(owner, word, local_date), so Insights counts a range of days from the link
table alone. See GlimmerLink in glimmers/journal/models.py.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

LINKS = (
    ("GlimmerSense", "senses", "sense", "journal.sense"),
    ("GlimmerPerson", "people", "person", "journal.person"),
    ("GlimmerValue", "values", "value", "journal.value"),
    ("GlimmerTag", "tags", "tag", "journal.tag"),
)


def _table(relation: str) -> str:
    return f"journal_glimmer_{relation}"


def adopt_tables():
    """Tell Django the existing auto-made link tables are now these models (no SQL)."""
    state = []
    for model, relation, word, target in LINKS:
        state.append(
            migrations.CreateModel(
                name=model,
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    (
                        "glimmer",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE, to="journal.glimmer"
                        ),
                    ),
                    (
                        word,
                        models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=target),
                    ),
                ],
                options={"db_table": _table(relation), "unique_together": {("glimmer", word)}},
            )
        )
        state.append(
            migrations.AlterField(
                model_name="glimmer",
                name=relation,
                field=models.ManyToManyField(
                    blank=True,
                    related_name="glimmers",
                    through=f"journal.{model}",
                    to=target,
                ),
            )
        )
    return migrations.SeparateDatabaseAndState(state_operations=state)


def copy_owner_and_day(apps, schema_editor):
    Glimmer = apps.get_model("journal", "Glimmer")
    for model, *_rest in LINKS:
        glimmer = Glimmer.objects.filter(pk=OuterRef("glimmer_id"))
        apps.get_model("journal", model).objects.update(
            owner_id=Subquery(glimmer.values("owner_id")[:1]),
            local_date=Subquery(glimmer.values("local_date")[:1]),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0007_search_keys_follow_time"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        adopt_tables(),
        *(
            migrations.AddField(
                model_name=model.lower(),
                name="owner",
                field=models.ForeignKey(
                    db_index=False,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            )
            for model, *_rest in LINKS
        ),
        *(
            migrations.AddField(
                model_name=model.lower(),
                name="local_date",
                field=models.DateField(editable=False, null=True),
            )
            for model, *_rest in LINKS
        ),
        migrations.RunPython(copy_owner_and_day, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=model.lower(),
                name="owner",
                field=models.ForeignKey(
                    db_index=False,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            )
            for model, *_rest in LINKS
        ),
        *(
            migrations.AddIndex(
                model_name=model.lower(),
                index=models.Index(
                    fields=["owner", word, "local_date"], name=f"glimmer_{word}_counting"
                ),
            )
            for model, _relation, word, _target in LINKS
        ),
    ]
