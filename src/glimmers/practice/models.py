"""The daily practice: prompts, intentions, reflections, the Glimmer Question, the menu."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from glimmers.journal.models import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, Glimmer, Sense


class Category(models.TextChoices):
    MORNING = "morning", _("morning intention")
    EVENING = "evening", _("evening reflection")
    SENSES = "senses", _("sense tracing")
    HARD_TIME = "hard_time", _("remembering a hard time")
    QUESTION = "question", _("Glimmer Question")
    CONVERSATION = "conversation", _("conversation")
    VALUES = "values", _("values and gratitude")


class Prompt(models.Model):
    """A prompt: built in (no owner, loaded by migration 0002_prompt_library) or a person's own."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    slug = models.SlugField(max_length=60, blank=True)  # built-in prompts only
    category = models.CharField(_("kind of prompt"), max_length=16, choices=Category.choices)
    text = models.CharField(_("prompt"), max_length=300)
    scale = models.BooleanField(default=False)  # answered on 0–10 (Glimmer Question)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "pk"]
        constraints = [
            models.UniqueConstraint(
                "slug", condition=models.Q(owner=None), name="prompt_unique_builtin_slug"
            )
        ]
        indexes = [models.Index(fields=["category", "owner"], name="prompt_category_owner")]

    def __str__(self) -> str:
        # Built-in prompts are stored in English and translated when shown.
        return gettext(self.text) if self.owner_id is None else self.text

    @property
    def built_in(self) -> bool:
        return self.owner_id is None


class HiddenPrompt(models.Model):
    """A built-in prompt someone would rather not see."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint("owner", "prompt", name="hidden_prompt_once_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} hides {self.prompt_id}"


class PromptShown(models.Model):
    """When a prompt was offered, so rotation does not repeat it within two weeks."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE)
    category = models.CharField(max_length=16, choices=Category.choices)
    day = models.DateField()
    skipped = models.BooleanField(default=False)
    shown_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "category", "-day"], name="prompt_shown_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.prompt_id} on {self.day}"


# How long an intention may be. practice/forms.py's IntentionForm checks it, for the
# Today page, the API and `glimmers intend` alike.
INTENTION_MAX_LENGTH = 300


class Intention(models.Model):
    """A morning intention to look for glimmers, for one of the person's days."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intentions"
    )
    day = models.DateField()
    text = models.CharField(_("today I'll look for…"), max_length=INTENTION_MAX_LENGTH, blank=True)
    focus_sense = models.ForeignKey(
        Sense,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("a sense to focus on"),
    )
    prompt = models.ForeignKey(Prompt, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint("owner", "day", name="one_intention_a_day")]

    def __str__(self) -> str:
        return self.text


class Reflection(models.Model):
    """An evening reflection: an answer to a prompt, looking back at the day."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    day = models.DateField()
    prompt = models.ForeignKey(Prompt, null=True, blank=True, on_delete=models.SET_NULL)
    prompt_text = models.CharField(max_length=300, blank=True)  # as it was asked
    answer = models.TextField(_("your answer"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    glimmers = models.ManyToManyField(Glimmer, blank=True, related_name="reflections")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint("owner", "day", name="one_reflection_a_day")]

    def __str__(self) -> str:
        return self.answer[:60]


class QuestionAnswer(models.Model):
    """An answer to the Glimmer Question: a 0–10 rating and what would show it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_answers"
    )
    day = models.DateField()
    answered_at = models.DateTimeField(auto_now_add=True)
    prompt = models.ForeignKey(Prompt, null=True, blank=True, on_delete=models.SET_NULL)
    prompt_text = models.CharField(max_length=300, blank=True)
    likelihood = models.PositiveSmallIntegerField(
        _("how likely, 0–10"), validators=[MaxValueValidator(10)]
    )
    how_would_i_know = models.TextField(
        _("How would you know it had happened?"),
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    body_notice = models.TextField(
        _("What would you notice in your body?"),
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    who_would_notice = models.TextField(
        _("Who around you would notice?"),
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )

    class Meta:
        ordering = ["-answered_at"]
        indexes = [models.Index(fields=["owner", "-answered_at"], name="question_owner_time")]

    def __str__(self) -> str:
        return f"{self.likelihood}/10 on {self.day}"


class MenuChoice(models.Model):
    """A suggested menu pattern (a tag, place or person) the person accepted or dismissed."""

    class Kind(models.TextChoices):
        TAG = "tag", _("tag")
        PLACE = "place", _("place")
        PERSON = "person", _("person")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=200)
    accepted = models.BooleanField()
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint("owner", "kind", "key", name="menu_choice_once_per_pattern")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} {'accepted' if self.accepted else 'dismissed'}"
