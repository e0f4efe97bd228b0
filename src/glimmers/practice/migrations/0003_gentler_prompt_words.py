"""Two built-in prompts, in gentler words (a review of every sentence against the care rules).

"What could move your number up…" made the Glimmer Question's number something to
improve, though the page says there is no right number; the one prompt that asked
to share a glimmer now says keeping it is fine too. Marked for translation as in
0002; the slugs stay, so people's history still points at them.
"""

from django.db import migrations
from django.utils.translation import gettext_noop as _

NEW_WORDS = {
    "question-one-point-up": _(
        "If your number were one point higher, what might be a little different? "
        "It can be something very small."
    ),
    "conversation-share-one": _(
        "If a glimmer from today feels like one to pass on, who might like to hear it? "
        "Keeping it to yourself is fine too."
    ),
}


def gentler_words(apps, schema_editor):
    Prompt = apps.get_model("practice", "Prompt")
    for slug, text in NEW_WORDS.items():
        Prompt.objects.filter(owner=None, slug=slug).update(text=text)


class Migration(migrations.Migration):
    dependencies = [("practice", "0002_prompt_library")]
    operations = [migrations.RunPython(gentler_words, migrations.RunPython.noop)]
