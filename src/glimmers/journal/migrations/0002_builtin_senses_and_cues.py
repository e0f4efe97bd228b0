"""The senses and body cues every journal starts with.

Frozen here as they were when this migration was written (glimmers/journal/builtins.py
holds the same lists for the running app); a later change to the built-ins needs a
new migration. Stored in English and translated when shown.
"""

from django.db import migrations

SENSES = [
    ("sight", "sight"),
    ("sound", "sound"),
    ("smell", "smell"),
    ("taste", "taste"),
    ("touch", "touch"),
    ("body", "body / inner sense"),
    ("intuition", "intuition"),
]

BODY_CUES = [
    ("breath-slowed", "breath slowed"),
    ("shoulders-dropped", "shoulders dropped"),
    ("warmth", "warmth"),
    ("smile", "a smile"),
    ("muscles-softened", "muscles softened"),
    ("mind-quieted", "mind quieted"),
]


def add_builtins(apps, schema_editor):
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
