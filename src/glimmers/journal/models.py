"""The journal: glimmers, and the words people use to describe them.

Every row here belongs to one person (``owner``). Reads go through
``journal/queries.py`` and ``glimmers/access.py``, never straight to
``Model.objects``, so nobody ever sees someone else's rows.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from glimmers.access import owned
from glimmers.time import local_time

TEXT_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 80


class State(models.TextChoices):
    """The three broad nervous-system states, in the plain words we show."""

    SAFE = "safe", _("safe & connected")
    MOBILIZED = "mobilized", _("mobilized")
    SHUTDOWN = "shutdown", _("shut down")
    UNSURE = "unsure", _("not sure")


class Kind(models.TextChoices):
    NOTICED = "noticed", _("noticed now")
    REMEMBERED = "remembered", _("remembered")
    STORY = "story", _("heard in someone's story")


class Surprise(models.TextChoices):
    EXPECTED = "expected", _("I was looking for it")
    UNEXPECTED = "unexpected", _("it surprised me")


def validate_not_in_future(value):
    """A glimmer may be remembered from long ago, but not from tomorrow.

    A day of slack allows for a phone whose clock or time zone is off.
    """
    if value and value > timezone.now() + timedelta(days=1):
        raise ValidationError(_("That time is in the future. When did it happen?"))


def tidy_name(name: str) -> str:
    """A name as it is kept: spaces trimmed and runs of them made one ("Uncle Petro")."""
    return " ".join(str(name).split())


class NamedQuerySet(models.QuerySet):
    def named(self, name: str) -> "NamedQuerySet":
        """The rows called ``name``: the one rule for "the same name" everywhere.

        The name is tidied as it is kept (``tidy_name``: "Uncle  Petro " is
        "Uncle Petro"), and case is compared as the unique constraint compares
        it: LOWER(name) on both sides, so whatever the database would refuse as
        taken is found here first. Not ``name__iexact``: that compares UPPER,
        and a few letters disagree (the Kelvin sign and "k", "İ" and "I"),
        which let a duplicate through to the constraint. How far LOWER folds is
        the database's own: PostgreSQL folds every letter, SQLite only A to Z.
        Web pages, the API and the CLI all find a name with this.
        """
        wanted = Lower(models.Value(tidy_name(name)))
        return self.alias(folded_name=Lower("name")).filter(folded_name=wanted)


class OwnedName(models.Model):
    """Something a person names in their own words (a person, a value, a tag)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NamedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = [Lower("name")]

    def __str__(self) -> str:
        return self.name


class Person(OwnedName):
    class Meta(OwnedName.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="person_unique_name_per_owner")
        ]


class Value(OwnedName):
    class Meta(OwnedName.Meta):
        verbose_name = _("value")
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="value_unique_name_per_owner")
        ]


class Tag(OwnedName):
    """A #tag written inline in a glimmer's text; stored lower-case."""

    class Meta(OwnedName.Meta):
        verbose_name = _("tag")
        constraints = [models.UniqueConstraint("owner", "name", name="tag_unique_name_per_owner")]


def shown_name(name: str, owner_id: int | None) -> str:
    """How a sense or body cue is named: built-in names are translated, a
    person's own words are shown as written."""
    return gettext(name) if owner_id is None else name


class Descriptor(models.Model):
    """A sense or body cue: built in (no owner) or a person's own."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    slug = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=40)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return shown_name(self.name, self.owner_id)

    @property
    def built_in(self) -> bool:
        return self.owner_id is None


class Sense(Descriptor):
    class Meta(Descriptor.Meta):
        verbose_name = _("sense")
        constraints = [
            models.UniqueConstraint("owner", "slug", name="sense_unique_slug_per_owner"),
            models.UniqueConstraint(
                "slug", condition=models.Q(owner=None), name="sense_unique_builtin_slug"
            ),
        ]


class BodyCue(Descriptor):
    class Meta(Descriptor.Meta):
        verbose_name = _("body cue")
        constraints = [
            models.UniqueConstraint("owner", "slug", name="bodycue_unique_slug_per_owner"),
            models.UniqueConstraint(
                "slug", condition=models.Q(owner=None), name="bodycue_unique_builtin_slug"
            ),
        ]


DETAILS = ("senses", "body_cues", "people", "values", "tags", "photos")


class Glimmer(models.Model):
    """A small moment in which the body registered safety, ease or connection."""

    # Clients may choose the id, so an offline capture that is sent twice is
    # still one glimmer.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="glimmers"
    )
    noticed_at = models.DateTimeField(
        _("when"), default=timezone.now, validators=[validate_not_in_future]
    )
    # Empty text is a tallied glimmer: counted, no words yet.
    text = models.TextField(
        _("what was it?"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
    )
    senses = models.ManyToManyField(
        Sense, blank=True, related_name="glimmers", through="GlimmerSense"
    )
    body_cues = models.ManyToManyField(BodyCue, blank=True, related_name="glimmers")
    state_before = models.CharField(
        _("before, I felt"), max_length=12, choices=State.choices, blank=True
    )
    state_after = models.CharField(
        _("after, I felt"), max_length=12, choices=State.choices, blank=True
    )
    place = models.CharField(_("where"), max_length=200, blank=True)
    people = models.ManyToManyField(
        Person, blank=True, related_name="glimmers", through="GlimmerPerson"
    )
    values = models.ManyToManyField(
        Value, blank=True, related_name="glimmers", through="GlimmerValue"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="glimmers", through="GlimmerTag")
    anchored_seconds = models.PositiveIntegerField(
        _("seconds I stayed with it"), default=0, validators=[MaxValueValidator(3600)]
    )
    surprise = models.CharField(
        _("expected or unexpected"), max_length=12, choices=Surprise.choices, blank=True
    )
    gratitude = models.TextField(
        _("a note of thanks"), blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
    reliable = models.BooleanField(_("this one reliably helps me"), default=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NOTICED)
    # For a remembered glimmer from a hard time: the period it belongs to ("winter 2022").
    period = models.CharField(_("from which time"), max_length=120, blank=True)
    # When it happened in the owner's own terms, kept beside noticed_at so that
    # counting by day, hour and weekday is a plain GROUP BY on any database.
    # Set on every save (see stamp_local_time); refreshed for all of a
    # person's glimmers when they change their time zone or day start.
    local_date = models.DateField(editable=False, null=True)  # their day (day start applied)
    local_hour = models.PositiveSmallIntegerField(editable=False, null=True)  # wall clock 0–23
    local_weekday = models.PositiveSmallIntegerField(editable=False, null=True)  # 0 = Monday
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-noticed_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "local_date"], name="glimmer_owner_local_date"),
            # The timeline, "today", date ranges and keyset pages all walk this.
            models.Index(fields=["owner", "-noticed_at", "-id"], name="glimmer_owner_time"),
            models.Index(fields=["owner", "kind", "-noticed_at"], name="glimmer_owner_kind"),
            models.Index(
                fields=["owner", "-noticed_at"],
                condition=models.Q(reliable=True),
                name="glimmer_owner_reliable",
            ),
            # For Insights, which counts a person's glimmers by day, weekday,
            # hour, state and anchoring: each of its GROUP BY queries is
            # answered from one of these indexes alone, without reading the
            # rows themselves. This one serves a range of days (the id at the
            # end, joins to senses, people, values and tags) …
            models.Index(
                fields=[
                    "owner",
                    "local_date",
                    "local_weekday",
                    "local_hour",
                    "state_before",
                    "state_after",
                    "id",
                ],
                name="glimmer_owner_counting",
            ),
            # … this one all of someone's time, in the order of the GROUP BY,
            # so nothing needs sorting …
            models.Index(
                fields=[
                    "owner",
                    "local_weekday",
                    "local_hour",
                    "state_before",
                    "state_after",
                ],
                name="glimmer_owner_moments",
            ),
            # … the counted ones (no words yet), places and anchoring from these …
            models.Index(
                fields=["owner", "local_date"],
                condition=models.Q(text=""),
                name="glimmer_owner_tallied",
            ),
            models.Index(
                fields=["owner", "place", "local_date"],
                condition=models.Q(place__gt=""),
                name="glimmer_owner_place",
            ),
            models.Index(
                fields=["owner", "anchored_seconds", "local_date"],
                condition=models.Q(anchored_seconds__gt=0),
                name="glimmer_owner_anchored",
            ),
            # … and over all of someone's time, joins walk their glimmers in id
            # order, so each lookup in a link table lands beside the last one.
            models.Index(fields=["owner", "id"], name="glimmer_owner_id"),
        ]

    def __str__(self) -> str:
        return self.text[:60] or gettext("a glimmer, counted")

    def save(self, *args, **kwargs):
        stamp_local_time(self, self.owner, self.noticed_at)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *LOCAL_TIME_FIELDS}
        stored = self.__dict__.get("_stored_local_date", _UNKNOWN)
        moved = not self._state.adding and stored != self.local_date
        super().save(*args, **kwargs)
        if moved:  # its links are counted by day too: they move with it
            for through in COUNTED_LINKS:
                links = owned(through, self.owner).filter(glimmer_id=self.pk)
                links.update(local_date=self.local_date)
        self._stored_local_date = self.local_date

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        # The day as stored, so save() knows when the glimmer's links must move too.
        row._stored_local_date = row.__dict__.get("local_date", _UNKNOWN)
        return row

    # Each detail as a plain list, in its model's order. queries.with_details()
    # reads them all at once with Prefetch(<relation>, to_attr="shown_<relation>");
    # without it, the first read of each asks the database.
    @cached_property
    def shown_senses(self) -> list[Sense]:
        return list(self.senses.all())

    @cached_property
    def shown_body_cues(self) -> list[BodyCue]:
        return list(self.body_cues.all())

    @cached_property
    def shown_people(self) -> list[Person]:
        return list(self.people.all())

    @cached_property
    def shown_values(self) -> list[Value]:
        return list(self.values.all())

    @cached_property
    def shown_tags(self) -> list[Tag]:
        return list(self.tags.all())

    @cached_property
    def shown_photos(self) -> list["Photo"]:
        return list(self.photos.all())

    def forget_details(self) -> None:
        """Drop the ``shown_*`` lists read so far (after a change to the details)."""
        for name in DETAILS:
            self.__dict__.pop(f"shown_{name}", None)

    @property
    def is_tally(self) -> bool:
        return not self.text.strip()

    @property
    def short_id(self) -> str:
        return self.id.hex[:8]


_UNKNOWN = object()


class GlimmerLink(models.Model):
    """A glimmer's link to one of its senses, people, values or tags.

    Each link carries a copy of its glimmer's owner and local day, so that
    Insights counts "which senses, people, values and tags, in these days"
    from one index of the link table alone (owner, word, day), without
    joining every link to its glimmer. The copies are written with the link
    (services pass them in ``through_defaults``), follow the glimmer when its
    day changes (``Glimmer.save``) and when its owner's time zone or day start
    changes (``services.refresh_local_times``).
    """

    glimmer = models.ForeignKey(Glimmer, on_delete=models.CASCADE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    local_date = models.DateField(editable=False, null=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"link {self.pk} of glimmer {self.glimmer_id}"

    @staticmethod
    def copies(glimmer: Glimmer) -> dict:
        """The columns a new link copies from its glimmer (``through_defaults``)."""
        return {"owner_id": glimmer.owner_id, "local_date": glimmer.local_date}


class GlimmerSense(GlimmerLink):
    sense = models.ForeignKey(Sense, on_delete=models.CASCADE)

    class Meta:
        db_table = "journal_glimmer_senses"
        unique_together = [("glimmer", "sense")]
        indexes = [
            models.Index(fields=["owner", "sense", "local_date"], name="glimmer_sense_counting")
        ]


class GlimmerPerson(GlimmerLink):
    person = models.ForeignKey(Person, on_delete=models.CASCADE)

    class Meta:
        db_table = "journal_glimmer_people"
        unique_together = [("glimmer", "person")]
        indexes = [
            models.Index(fields=["owner", "person", "local_date"], name="glimmer_person_counting")
        ]


class GlimmerValue(GlimmerLink):
    value = models.ForeignKey(Value, on_delete=models.CASCADE)

    class Meta:
        db_table = "journal_glimmer_values"
        unique_together = [("glimmer", "value")]
        indexes = [
            models.Index(fields=["owner", "value", "local_date"], name="glimmer_value_counting")
        ]


class GlimmerTag(GlimmerLink):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)

    class Meta:
        db_table = "journal_glimmer_tags"
        unique_together = [("glimmer", "tag")]
        indexes = [models.Index(fields=["owner", "tag", "local_date"], name="glimmer_tag_counting")]


# The link tables that carry their glimmer's day, and the relation of Glimmer each
# one backs, by the name of its word (as the monthly counts call them).
COUNTED_LINKS = (GlimmerSense, GlimmerPerson, GlimmerValue, GlimmerTag)
COUNTED_WORDS = {"sense": "senses", "person": "people", "value": "values", "tag": "tags"}


class MonthlyCount(models.Model):
    """How many of a person's glimmers of one month count under one item of a figure.

    Kept by database triggers, never written by the app: see journal/counts.py.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    figure = models.CharField(max_length=8)
    item = models.CharField(max_length=40)
    month = models.DateField()  # its first day
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # The triggers' upsert target, and the order Insights reads in:
            # one figure, item by item, a range of months each.
            models.UniqueConstraint(
                fields=["owner", "figure", "item", "month"], name="monthlycount_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.item} in {self.month:%Y-%m}: {self.n}"


LOCAL_TIME_FIELDS = ("local_date", "local_hour", "local_weekday")


def stamp_local_time(row, owner, moment) -> None:
    """Fill a glimmer's (or trigger's) local_* fields from ``moment``: the owner's day
    (glimmers/time.py's rule), wall-clock hour and weekday."""
    day, hour, weekday = local_time(owner, moment)
    row.local_date = day
    if hasattr(row, "local_hour"):
        row.local_hour, row.local_weekday = hour, weekday


def photo_path(photo: "Photo", filename: str) -> str:
    return f"photos/{photo.owner_id}/{filename}"


class Photo(models.Model):
    """A photo of a glimmer, re-encoded on upload so no EXIF or GPS survives."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    glimmer = models.ForeignKey(Glimmer, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path, max_length=255)
    thumbnail = models.FileField(upload_to=photo_path, max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt_text = models.CharField(_("a few words about the photo"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["owner", "created_at"], name="photo_owner_created")]

    def __str__(self) -> str:
        return self.alt_text or self.image.name


class Trigger(models.Model):
    """A cue of danger. Kept apart from glimmers in every list and count."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="triggers"
    )
    occurred_at = models.DateTimeField(
        _("when"), default=timezone.now, validators=[validate_not_in_future]
    )
    text = models.TextField(_("what happened?"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    pushed_toward = models.CharField(
        _("it pushed me toward"), max_length=12, choices=State.choices, blank=True
    )
    intensity = models.PositiveSmallIntegerField(
        _("how strong, 0–10"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    helped_by = models.ManyToManyField(
        Glimmer, blank=True, related_name="eased_triggers", verbose_name=_("glimmers that helped")
    )
    local_date = models.DateField(editable=False, null=True)  # the owner's day, as for glimmers
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-occurred_at"], name="trigger_owner_time"),
            models.Index(fields=["owner", "local_date"], name="trigger_owner_local_date"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args, **kwargs):
        stamp_local_time(self, self.owner, self.occurred_at)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "local_date"}
        super().save(*args, **kwargs)
