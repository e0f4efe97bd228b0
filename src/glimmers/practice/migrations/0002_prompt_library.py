"""Load (and keep up to date) the built-in prompt library from prompt_library.py.

Re-running it updates texts and adds new prompts by slug; it never deletes a
built-in prompt that people's history may point at.
"""

from django.db import migrations


def load_prompts(apps, schema_editor):
    from glimmers.practice.prompt_library import PROMPTS, SCALE_QUESTIONS

    Prompt = apps.get_model("practice", "Prompt")
    for slug, category, text in PROMPTS:
        Prompt.objects.update_or_create(
            owner=None,
            slug=slug,
            defaults={"category": category, "text": text, "scale": slug in SCALE_QUESTIONS},
        )


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_initial")]
    operations = [migrations.RunPython(load_prompts, migrations.RunPython.noop)]
