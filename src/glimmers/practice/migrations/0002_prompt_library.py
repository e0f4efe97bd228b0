"""Load the built-in prompt library: our own words.

The prompts live here, frozen as this migration loads them: a later change to the
library (a new prompt, new words) is a new migration, so a database made today and
one made a year ago hold the same library. Re-running it updates texts and adds
new prompts by slug; it never deletes a built-in prompt that people's history may
point at.

Marked with gettext_noop so translators find them; shown through gettext.
Slugs are permanent: never rename or reuse one (people's history points at them).
"""

from django.db import migrations
from django.utils.translation import gettext_noop as _

MORNING = "morning"
EVENING = "evening"
SENSES = "senses"
HARD_TIME = "hard_time"
QUESTION = "question"
CONVERSATION = "conversation"
VALUES = "values"

# One prompt per line, so each reads whole; ruff format would split the rows.
# fmt: off
PROMPTS = [
    # (slug, category, text)
    # Morning: a gentle intention to notice, often with a focus.
    ("morning-small-sounds", MORNING, _("Today, what if you listened for one small sound that feels friendly?")),
    ("morning-one-sense", MORNING, _("Which sense would you like to keep a little more open today? You might let it lead you to one small good moment.")),
    ("morning-light", MORNING, _("Today you could watch for light: on a wall, in a window, on someone's face. Where might it find you?")),
    ("morning-a-person", MORNING, _("Is there someone you will see today? You might notice one small moment with them that feels warm or easy.")),
    ("morning-a-place", MORNING, _("Think of one place you will pass through today. What if you looked there for something that feels kind?")),
    ("morning-first-sip", MORNING, _("Before the day gets busy, could your first drink of the morning be a small glimmer, just for a few breaths?")),
    ("morning-afternoon", MORNING, _("Afternoons can be tiring. Would you like to look for one moment of ease somewhere between lunch and evening?")),
    ("morning-heavy-start", MORNING, _("If today already feels heavy, you can keep it small. One moment of a little more ease is enough to look for.")),
    ("morning-something-soft", MORNING, _("What if today you noticed one thing that feels soft: a sleeve, a blanket, a pet, warm water on your hands?")),
    ("morning-one-word", MORNING, _("If you chose one word for what you would like to notice today, what would it be?")),
    ("morning-quiet-things", MORNING, _("Today you might watch for the quiet things that are easy to walk past. Glimmers rarely make noise.")),
    ("morning-step-outside", MORNING, _("When you step outside today, could you take one breath and notice the air, the sky or the ground under you?")),
    # Evening: looking back at the day, hard days included.
    ("evening-softened", EVENING, _("Looking back at today, was there a moment when something in you softened, even a little?")),
    ("evening-one-percent", EVENING, _("Even on a heavy day, was there a moment with 1% more ease? It can be very small.")),
    ("evening-morning-intention", EVENING, _("Did you meet anything like what you chose to look for this morning? It is fine if the answer is no.")),
    ("evening-unplanned", EVENING, _("Did today bring a glimmer you had not planned to look for? What was it?")),
    ("evening-almost-overlooked", EVENING, _("What small moment from today did you almost overlook?")),
    ("evening-a-little-safer", EVENING, _("Who or what helped you feel a little safer today, even for a few seconds?")),
    ("evening-both-true", EVENING, _("If today held something hard, you can let it be there. Was there also one small moment that was easier?")),
    ("evening-breath-slowed", EVENING, _("Was there a time today when your breath slowed or your shoulders dropped? What was happening around you?")),
    ("evening-nothing-comes", EVENING, _("If no glimmer comes to mind tonight, that is okay. Is there anything near you right now that feels a little kind?")),
    ("evening-keep-one", EVENING, _("If you could keep one moment from today, which one would you choose?")),
    ("evening-ordinary-surprise", EVENING, _("Did anything ordinary surprise you today by feeling good?")),
    ("evening-again-tomorrow", EVENING, _("Is there a small moment from today that you would like to look for again tomorrow?")),
    # Senses: tracing a remembered glimmer through one sense or the body.
    ("senses-see", SENSES, _("Think of a recent glimmer: what did you see? Notice the colours, the light, the shapes.")),
    ("senses-hear", SENSES, _("Was there a sound in that moment? Let yourself hear it again, near or far, loud or quiet.")),
    ("senses-smell", SENSES, _("Did the moment have a smell, like coffee, rain, soap or bread? Take a slow breath and remember it.")),
    ("senses-taste", SENSES, _("Was there a taste in it? Was it warm or cool, sweet, salty or bitter?")),
    ("senses-touch", SENSES, _("What were you touching, or what was touching you? A cup, a hand, sun on your skin, the chair under you?")),
    ("senses-where-in-body", SENSES, _("Where in your body did you feel that glimmer? In your chest, your face, your hands, your belly?")),
    ("senses-breath", SENSES, _("When the glimmer came, what did your breath do? As you remember it now, you might notice your breath again.")),
    ("senses-shoulders-jaw", SENSES, _("As you remember that moment, notice your shoulders and your jaw. Do they feel any different?")),
    ("senses-warmth", SENSES, _("Did the moment bring warmth or lightness anywhere in you? Where did it start, and where did it go?")),
    ("senses-three-breaths", SENSES, _("Choose one sense from that glimmer and stay with it for three slow breaths. What do you notice now?")),
    ("senses-inner-smile", SENSES, _("Did you smile, on your face or only inside? Let yourself remember what that was like.")),
    ("senses-the-edges", SENSES, _("What was at the edges of the moment: a sound behind it, the temperature of the air, what was under your feet?")),
    # Hard time: finding what helped, never going into the pain itself.
    ("hard-time-small-helper", HARD_TIME, _("Only if it feels okay: think of a hard time in the past. Was there a small thing that helped you get through a day?")),
    ("hard-time-a-person", HARD_TIME, _("In a difficult time, was there a person who made things a little easier, even once? You can leave the hard part aside.")),
    ("hard-time-an-object", HARD_TIME, _("Was there an object that kept you company in a hard time: a mug, a blanket, a book, a song you played often?")),
    ("hard-time-a-place", HARD_TIME, _("Was there a place you went to, or thought about, when things were hard? What made it feel a little safer?")),
    ("hard-time-animal-or-nature", HARD_TIME, _("Did an animal, a plant, the sky or the weather ever give you a moment of comfort in a hard time?")),
    ("hard-time-stay-at-edge", HARD_TIME, _("You can stay at the edge of a hard memory and look only for one small light in it. Stop whenever you want.")),
    ("hard-time-stop-here", HARD_TIME, _("If remembering starts to feel like too much, you can stop here. Is there something near you now that feels steady?")),
    ("hard-time-kindness", HARD_TIME, _("Think of a difficult time, lightly. Was there a small kindness, from someone or from yourself, that you still remember?")),
    ("hard-time-what-you-did", HARD_TIME, _("In a hard time, what small thing did you do for yourself that helped, even for a moment?")),
    ("hard-time-a-routine", HARD_TIME, _("In a difficult period, was there a small routine that held you, like a walk, a cup of tea or a call?")),
    ("hard-time-still-here", HARD_TIME, _("Is something that helped you then still in your life now? You could add it to your glimmer menu, if you like.")),
    # Glimmer Question: rated 0-10, or a follow-up to a rating.
    ("question-unexpected-good", QUESTION, _("On a scale from 0 to 10, how likely does it feel right now that something unexpectedly good could happen soon?")),
    ("question-settled-now", QUESTION, _("From 0 to 10, how safe and settled does your body feel in this moment? Any number is okay.")),
    ("question-open-to-glimmers", QUESTION, _("From 0 to 10, how open do you feel right now to noticing one small good moment today?")),
    ("question-how-would-you-know", QUESTION, _("If that good change did happen, how would you know? What would be the first small sign?")),
    ("question-body-first", QUESTION, _("If things became a little better, what would you notice first in your body?")),
    ("question-who-would-notice", QUESTION, _("Who around you would notice the change first? What might they see in you?")),
    ("question-one-point-up", QUESTION, _("What could move your number up by just one point? It can be something very small.")),
    ("question-not-lower", QUESTION, _("If your number is above zero, what is keeping it from being lower?")),
    ("question-already-happening", QUESTION, _("Is any small part of that good change already happening, even a little?")),
    ("question-higher-before", QUESTION, _("Think of a time when your number was a little higher. What was around you then?")),
    ("question-connected", QUESTION, _("From 0 to 10, how connected do you feel today to at least one other person or living thing?")),
    ("question-waking-up", QUESTION, _("If you woke up tomorrow and things felt slightly easier, what is the first thing you would notice?")),
    # Conversation: glimmers in other people's stories, and sharing them.
    ("conversation-lighter-voice", CONVERSATION, _("When someone tells you about their day, you might listen for a moment where their voice becomes lighter.")),
    ("conversation-name-it", CONVERSATION, _("If you hear a glimmer in someone's story, you could name it gently: 'That moment sounds like it helped you.'")),
    ("conversation-share-one", CONVERSATION, _("Is there a glimmer from today that you would like to share with someone? Who comes to mind?")),
    ("conversation-ask-a-friend", CONVERSATION, _("You could ask a friend, 'What was a small good moment in your week?' and then simply listen.")),
    ("conversation-older-relative", CONVERSATION, _("When you talk with a parent or an older relative, you might ask about one small thing that made them smile today.")),
    ("conversation-child", CONVERSATION, _("With a child, you could ask, 'What was the nicest little thing today?' Children often notice a lot.")),
    ("conversation-trade", CONVERSATION, _("Would you like to trade glimmers with someone for a week, one small moment each day, by message or in person?")),
    ("conversation-heard-today", CONVERSATION, _("Did someone tell you something today that held a glimmer, even if they did not see it? What was it?")),
    ("conversation-group", CONVERSATION, _("In a group, each person might share one small moment from the week, with no need to explain it or make it bigger.")),
    ("conversation-hard-story", CONVERSATION, _("When someone shares something hard, you do not need to make it better. Was there a small moment of care in their story?")),
    ("conversation-their-glimmer", CONVERSATION, _("Were you part of someone else's glimmer today, perhaps without knowing it?")),
    # Values: what a glimmer says about what matters, and gratitude.
    ("values-what-matters", VALUES, _("Think of a recent glimmer. What does it say about what matters to you?")),
    ("values-one-word", VALUES, _("If you gave that glimmer a value, like nature, family, creativity or rest, which word would fit?")),
    ("values-thank-someone", VALUES, _("Is there someone connected to that moment you would like to thank, out loud or only in your mind?")),
    ("values-thank-something", VALUES, _("Is there a place, an animal or a thing you feel grateful to for a recent glimmer?")),
    ("values-pattern", VALUES, _("Look at a few of your glimmers together. Does one value appear more than once?")),
    ("values-more-room", VALUES, _("Which value would you like to give a little more room in your days? What small glimmer might come with it?")),
    ("values-quiet-value", VALUES, _("Is there something you care about that rarely gets noticed? Did a glimmer touch it recently?")),
    ("values-thank-yourself", VALUES, _("Is there something you did today that you could thank yourself for, even something small?")),
    ("values-gratitude-body", VALUES, _("When you feel grateful for that moment, where do you feel it in your body?")),
    ("values-why-it-reached-you", VALUES, _("Why do you think this small moment reached you? What might it show about what you care about?")),
    ("values-carry-forward", VALUES, _("What would you like to carry from this glimmer into tomorrow?")),
]
# fmt: on

# The QUESTION prompts answered on the 0-10 scale (the rest are follow-ups).
SCALE_QUESTIONS = {
    "question-unexpected-good",
    "question-settled-now",
    "question-open-to-glimmers",
    "question-connected",
}


def load_prompts(apps, schema_editor):
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
