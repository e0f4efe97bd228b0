from django.db import migrations


def add_builtins(apps, schema_editor):
    from glimmers.journal.builtins import BODY_CUES, SENSES

    for model_name, rows in (("Sense", SENSES), ("BodyCue", BODY_CUES)):
        model = apps.get_model("journal", model_name)
        for position, (slug, name) in enumerate(rows):
            model.objects.update_or_create(
                owner=None, slug=slug, defaults={"name": name, "position": position}
            )


def remove_builtins(apps, schema_editor):
    for model_name in ("Sense", "BodyCue"):
        apps.get_model("journal", model_name).objects.filter(owner=None).delete()


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(add_builtins, remove_builtins)]
