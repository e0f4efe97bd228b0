"""Demo journals, made quickly: for trying Glimmers out and for benchmarks.

``seed_demo`` makes one account with N glimmers over some years, or P
accounts with N glimmers each (a "hosted" instance). The glimmers look like
the ones people keep: varied words with #tags, senses and body cues, states
before and after, places, people, values, anchoring, a few counted ones with
no words yet, a few photos, and some hard moments (triggers) beside them.

It writes rows in batches (executemany on SQLite, COPY on PostgreSQL), not
through ``save_glimmer``: 100,000 of those would take many minutes. What
``save_glimmer`` would store is stored here too, made the same way: tags
come from ``services.tags_in``, local days and hours from
``models.stamp_local_time``, photos are cleaned by ``photos.clean_photo``
and kept under the same names, and the database fills in the rest itself:
the search index (SQLite's FTS5 triggers; PostgreSQL's stored, generated
``search_vector`` column and its GIN index) and the monthly counts (triggers
on both).

The same seed gives the same journal: the same words and times (counted
back from ``now``) and, for the same username, the same ids. Never run it
on a journal someone keeps: it only ever makes new accounts.
"""

from __future__ import annotations

import bisect
import contextlib
import io
import itertools
import random
import time
import uuid
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from glimmers.access import usable
from glimmers.accounts.services import create_account
from glimmers.journal.builtins import BODY_CUES
from glimmers.journal.models import (
    BodyCue,
    Glimmer,
    Kind,
    Person,
    Photo,
    Sense,
    State,
    Surprise,
    Tag,
    Trigger,
    Value,
    stamp_local_time,
)
from glimmers.journal.photos import CleanPhoto, clean_photo
from glimmers.journal.services import GLIMMER_FIELDS, tags_in

MAX_GLIMMERS = 1_000_000
MAX_PEOPLE = 100_000
MAX_YEARS = 50
BATCH = 5_000  # glimmers written per round of INSERTs

# Rough shares of a lived-in journal.
TALLY_SHARE = 0.08  # counted, no words yet
REMEMBERED_SHARE = 0.10
STORY_SHARE = 0.05

# A person is a demo person in one of these places (the hosted mode mixes them).
TIME_ZONES = [
    "Europe/Kyiv",
    "Europe/London",
    "America/New_York",
    "Europe/Berlin",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
]

# What people notice, by the sense it came through (built-in sense slugs).
MOMENTS = {
    "sight": [
        "Warm light on the kitchen wall",
        "First light through the blinds",
        "A heron standing very still in the river",
        "Frost drawing ferns on the car window",
        "The neighbour's cat asleep in a patch of sun",
        "Clouds turning pink over the rooftops",
        "A small child waving at the tram",
        "Steam curling up from my tea",
        "Green shoots in the window box",
        "Snow falling past the street lamp",
        "Candlelight moving on the ceiling",
        "The moon over the car park, huge and orange",
        "Swallows low over the field",
        "A rainbow in the spray of the garden hose",
        "Dust dancing in a bar of sunlight",
    ],
    "sound": [
        "Rain on the skylight",
        "A blackbird singing before dawn",
        "The kettle starting to sing",
        "Someone laughing in the next room",
        "Church bells across the valley",
        "A cello through an open window",
        "The washing machine finishing, then quiet",
        "Waves pulling at the pebbles",
        "My friend's voice in a voice message",
        "Wind in the poplars",
        "The soft tick of the radiator warming up",
        "A train far away at night",
    ],
    "smell": [
        "Bread baking next door",
        "Cut grass after the mower",
        "Coffee drifting into the hallway",
        "Rain on hot pavement",
        "Lilac on the corner of our street",
        "My grandmother's soap",
        "Woodsmoke on the walk home",
        "Someone peeling an orange on the bus",
        "Pine needles warm in the forest",
        "Fresh laundry off the line",
    ],
    "taste": [
        "The first sip of coffee",
        "A ripe plum, still warm from the sun",
        "Soup that tasted like childhood",
        "Honey on toast",
        "Cold water after the run",
        "Strawberries from the market",
        "Mint tea after dinner",
        "Salt on my lips by the sea",
        "Dark chocolate, slowly",
    ],
    "touch": [
        "A warm mug in both hands",
        "The dog leaning against my leg",
        "Clean sheets",
        "Sun on the back of my neck",
        "A long hug at the station",
        "Cool grass under bare feet",
        "A small hand holding mine",
        "The heavy blanket on the sofa",
        "Warm sand between my toes",
        "The cat kneading my lap",
    ],
    "body": [
        "My breath went slow and deep without my trying",
        "My shoulders came down from my ears",
        "A loosening in my chest",
        "My jaw unclenched on the bus",
        "Feet heavy and steady on the floor",
        "A yawn that went all the way down",
        "My stomach settled after the call",
        "Warmth spreading through my arms",
    ],
    "intuition": [
        "A sense that today would be all right",
        "Knowing, before she spoke, that we were fine",
        "A quiet feeling of being exactly where I should be",
        "Something told me to take the long way, and the light was beautiful",
        "The feeling that the house was glad we were home",
    ],
}
REMEMBERED = [
    "The smell of the sea at my grandparents' house",
    "Sledging with my brother, cheeks burning",
    "Dad whistling while he cooked",
    "The night nurse who held my hand",
    "Our first flat, and the radio on the windowsill",
    "Swimming in the lake at dusk",
]
STORIES = [
    "Ana told me about her grandfather's bees",
    "A stranger on the train described the sea at dawn",
    "My colleague's first morning with her new baby",
    "Dad remembering the smell of his father's workshop",
    "A friend's story of the dog that found her in the snow",
]
WHEN_AND_WHERE = [
    "on the way to work",
    "this morning",
    "while waiting for the bus",
    "after a hard meeting",
    "in the middle of a grey day",
    "just before sleep",
    "at the market",
    "on the balcony",
    "between two calls",
    "at lunch",
    "on the walk home",
    "while the kettle boiled",
    "in the queue at the pharmacy",
]
AFTERTHOUGHTS = [
    "I stopped and let it land.",
    "Stayed with it for a few breaths.",
    "I almost missed it.",
    "It lasted a second, and it was enough.",
    "I want to remember this one.",
    "Small, but real.",
    "I smiled without meaning to.",
    "Everything slowed down a little.",
]
TAGS = [
    "morning",
    "evening",
    "walk",
    "home",
    "work",
    "family",
    "sea",
    "music",
    "food",
    "nature",
    "rain",
    "light",
    "friends",
    "commute",
    "garden",
    "sleep",
    "coffee",
    "animals",
    "winter",
    "summer",
    "kindness",
    "quiet",
    "kids",
    "weekend",
    "first-light",
    "slow-morning",
]
PLACES = [
    "Kitchen",
    "Home",
    "Park",
    "Office",
    "Bus stop",
    "Tram",
    "Garden",
    "Beach",
    "Forest path",
    "Balcony",
    "Market",
    "Café on the corner",
    "Grandma's house",
    "Library",
    "Station",
]
PEOPLE = ["Mum", "Dad", "Ivan", "Ana", "Sam", "Grandma", "Oksana", "Leo", "Mira", "Taras", "Nadia"]
VALUES = [
    "Family",
    "Nature",
    "Rest",
    "Friendship",
    "Creativity",
    "Kindness",
    "Curiosity",
    "Faith",
    "Music",
    "Health",
    "Courage",
]
THANKS = [
    "Thank you, {person}.",
    "Grateful for slow mornings.",
    "Thankful for this body that keeps trying.",
    "Thanks to whoever planted those lilacs.",
    "Grateful I looked up.",
    "Thank you, {person}, for staying on the phone.",
]
PERIODS = [
    "winter 2022",
    "the year I moved",
    "after the hospital",
    "spring 2020",
    "childhood summers",
    "my first year at university",
]
HARD_MOMENTS = [
    "A door slammed downstairs",
    "An email marked urgent",
    "A raised voice on the phone",
    "Sirens outside at night",
    "The bus didn't come and I was late",
    "Someone stood too close in the queue",
    "A bill I had forgotten",
    "The news on the radio",
    "A sharp word from my manager",
    "Couldn't find my keys, again",
    "The phone buzzing over and over",
    "A dog barking suddenly behind me",
]


class _Weighted:
    """One of a few options, by weight: a quicker ``rng.choices(…)[0]`` for one pick."""

    def __init__(self, options: Iterable[Any], weights: Iterable[float]):
        self.options = list(options)
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random) -> Any:
        return self.options[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


# When in the day (local wall clock) glimmers are noticed: mornings and evenings.
HOUR_WEIGHTS = [
    0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 5, 6, 5, 4, 3,
    4, 3, 3, 3, 4, 5, 6, 6, 5, 4, 2, 1,
]  # fmt: skip
HOUR = _Weighted(range(24), HOUR_WEIGHTS)
TAG_COUNT = _Weighted((0, 1, 2, 3), (2, 5, 3, 1))
CUE_COUNT = _Weighted((0, 1, 2), (3, 5, 2))
BEFORE = _Weighted(["", State.MOBILIZED, State.SHUTDOWN, State.UNSURE, State.SAFE], (4, 3, 2, 1, 1))
AFTER = _Weighted([State.SAFE, State.UNSURE, "", None], (7, 2, 1, 1))  # None: as before
SURPRISE = _Weighted(["", Surprise.UNEXPECTED, Surprise.EXPECTED], (8, 7, 5))
PUSHED_TOWARD = _Weighted([State.MOBILIZED, State.SHUTDOWN, ""], (6, 3, 1))
CUES = [slug for slug, _name in BODY_CUES]
# Colours of the demo photos: (sky, ground).
PHOTO_COLOURS = [
    ((250, 200, 120), (90, 60, 40)),
    ((120, 170, 230), (30, 90, 140)),
    ((200, 230, 190), (40, 100, 50)),
    ((240, 160, 170), (70, 50, 90)),
    ((250, 240, 220), (150, 120, 90)),
    ((60, 70, 110), (230, 190, 90)),
]


def grouped(number: float, decimals: int | None = None) -> str:
    """A number as the person's language writes it: 1,000,000 in English, 1 000 000 in Ukrainian."""
    return formats.number_format(number, decimal_pos=decimals, force_grouping=True)


class DemoRefused(Exception):
    """The request can't be used (a number out of range, a name taken). Nothing was written."""


@dataclass
class DemoJournals:
    """What seed_demo made."""

    users: list[Any]
    glimmers: int = 0
    triggers: int = 0
    photos: int = 0
    seconds: float = 0.0


@dataclass
class _GlimmerRow:
    """One glimmer to write, with its links. stamp_local_time fills the local_* fields."""

    id: uuid.UUID
    owner: Any
    noticed_at: datetime
    text: str = ""
    kind: str = Kind.NOTICED
    state_before: str = ""
    state_after: str = ""
    place: str = ""
    anchored_seconds: int = 0
    surprise: str = ""
    gratitude: str = ""
    reliable: bool = False
    period: str = ""
    local_date: date | None = None
    local_hour: int | None = None
    local_weekday: int | None = None
    senses: list[str] = field(default_factory=list)
    body_cues: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    photo: str = ""  # its alt text, when this glimmer has a photo

    @property
    def owner_id(self) -> int:
        return self.owner.pk

    @property
    def created_at(self) -> datetime:
        return self.noticed_at  # kept when it happened, as most glimmers are

    updated_at = created_at


# What save_glimmer stores (services.GLIMMER_FIELDS), plus what it fills in itself.
GLIMMER_COLUMNS = (
    "id",
    "owner_id",
    *GLIMMER_FIELDS,
    "local_date",
    "local_hour",
    "local_weekday",
    "created_at",
    "updated_at",
)


@dataclass
class _TriggerRow:
    id: uuid.UUID
    owner: Any
    occurred_at: datetime
    text: str
    pushed_toward: str
    intensity: int | None
    local_date: date | None = None
    helped_by: list[uuid.UUID] = field(default_factory=list)

    @property
    def owner_id(self) -> int:
        return self.owner.pk

    @property
    def created_at(self) -> datetime:
        return self.occurred_at

    updated_at = created_at


TRIGGER_COLUMNS = (
    "id",
    "owner_id",
    "occurred_at",
    "text",
    "pushed_toward",
    "intensity",
    "local_date",
    "created_at",
    "updated_at",
)


def usernames_for(username: str, people: int) -> list[str]:
    """The accounts seed_demo makes: ``username`` alone, or username0001, username0002, …"""
    if people == 1:
        return [username]
    return [f"{username}{i:04d}" for i in range(1, people + 1)]


def check_request(
    *,
    glimmers: int,
    people: int = 1,
    username: str = "demo",
    password: str | None = None,
    years: int = 10,
    photos: float = 0.01,
    triggers: float = 0.05,
) -> list[str]:
    """Refuse (DemoRefused) anything out of range; return the usernames to create.

    Numbers are checked before the database is touched.
    """
    if not 0 <= glimmers <= MAX_GLIMMERS:
        raise DemoRefused(
            _("--glimmers must be between 0 and %(most)s (per person).")
            % {"most": grouped(MAX_GLIMMERS)}
        )
    if not 1 <= people <= MAX_PEOPLE:
        raise DemoRefused(
            _("--people must be between 1 and %(most)s.") % {"most": grouped(MAX_PEOPLE)}
        )
    if not 1 <= years <= MAX_YEARS:
        raise DemoRefused(
            _("--years must be between 1 and %(most)s.") % {"most": grouped(MAX_YEARS)}
        )
    for name, share in (("--photos", photos), ("--triggers", triggers)):
        if not 0 <= share <= 1:
            raise DemoRefused(
                _(
                    "%(option)s is a share of the glimmers, between 0 and 1 "
                    "(0.01 is one in a hundred)."
                )
                % {"option": name}
            )
    names = usernames_for(username, people)
    username_field = get_user_model()._meta.get_field("username")
    for name in {names[0], names[-1]}:  # the longest and shortest; the digits are always fine
        try:
            username_field.run_validators(name)
        except ValidationError as problem:
            raise DemoRefused(
                _("--username “%(name)s”: %(problem)s")
                % {"name": name, "problem": " ".join(problem.messages)}
            ) from None
    if password is not None:
        try:
            validate_password(password)
        except ValidationError as problem:
            raise DemoRefused(
                _("--password: %(problem)s") % {"problem": " ".join(problem.messages)}
            ) from None
    return names


def _refuse_taken(names: Sequence[str]) -> None:
    users = get_user_model().objects
    for start in range(0, len(names), 500):
        taken = users.filter(username__in=names[start : start + 500]).order_by("username")
        first = taken.values_list("username", flat=True).first()
        if first is not None:
            raise DemoRefused(
                _(
                    "There is already an account called “%(name)s”; choose another "
                    "--username (demo journals never go into an existing account)."
                )
                % {"name": first}
            )


def seed_demo(
    *,
    glimmers: int,
    people: int = 1,
    username: str = "demo",
    password: str | None = None,
    years: int = 10,
    photos: float = 0.01,
    triggers: float = 0.05,
    seed: int = 7,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoJournals:
    """Make ``people`` demo accounts with ``glimmers`` glimmers each, in one transaction.

    ``photos`` and ``triggers`` are shares of each person's glimmers (0.01 is
    one in a hundred). Without ``password`` the accounts get none that works
    (set one with `glimmers changepassword NAME`). ``progress(done, total)`` is
    called as glimmers are written. Raises DemoRefused, having written nothing,
    for numbers out of range or a username that is already taken.
    """
    started = time.perf_counter()
    names = check_request(
        glimmers=glimmers,
        people=people,
        username=username,
        password=password,
        years=years,
        photos=photos,
        triggers=triggers,
    )
    _refuse_taken(names)
    now = now or timezone.now()
    rng = random.Random(seed)  # noqa: S311 - demo content, not secrets
    # Ids from their own stream, so two demo journals made with the same seed
    # under different names have the same words but never the same ids.
    id_rng = random.Random(f"{seed}/{username}")  # noqa: S311
    writer = _Writer(total=glimmers * people, progress=progress)
    result = DemoJournals(users=[])
    try:
        with _roomy_sqlite_cache(), transaction.atomic():
            zones = _zones(rng, people)
            users = [
                create_account(username=name, password=None, time_zone=zone)
                for name, zone in zip(names, zones, strict=True)
            ]
            if password is not None:
                # One hash for all: hashing is deliberately slow, and these
                # accounts all share the password they were given.
                hashed = make_password(password)
                for user in users:
                    user.password = hashed
                get_user_model().objects.bulk_update(users, ["password"], batch_size=500)
            for user in users:
                person = _Person(user, rng, now, years)
                # Oldest first, as a journal grows: the indexes on time (and
                # SQLite's search index, keyed by time) fill in order, which
                # is quicker, and leaves them shaped as a lived-in journal's.
                moments = sorted(person.when() for _ in range(glimmers))
                # A chunk at a time, so a million glimmers never sit in memory at once.
                for start in range(0, glimmers, BATCH):
                    end = min(glimmers, start + BATCH)
                    rows = [person.glimmer(_new_id(id_rng), at) for at in moments[start:end]]
                    person.choose_photos(rows, _share(start, end, photos))
                    hard = person.triggers(rows, _share(start, end, triggers), id_rng)
                    writer.add(rows, hard)
            writer.flush()
        result.users = users
    except BaseException:
        writer.remove_files()
        raise
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would soon gather, so the first
        # queries after seeding plan as they would on a lived-in journal.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.glimmers, result.triggers, result.photos = writer.counts
    result.seconds = time.perf_counter() - started
    return result


@contextlib.contextmanager
def _roomy_sqlite_cache():
    """A bigger SQLite page cache on this connection while seeding.

    The default is 2 MB. A glimmer goes into a dozen indexes, some keyed by
    random ids, so with a small cache most rows read pages back from disk.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MB at most, used as needed
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _share(start: int, end: int, share: float) -> int:
    """How many of glimmers start..end get a photo (say): the totals come out exact."""
    return round(end * share) - round(start * share)


def _new_id(id_rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=id_rng.getrandbits(128), version=4)


def _zones(rng: random.Random, people: int) -> list[str]:
    if people == 1:
        return ["Europe/Kyiv"]
    return [rng.choice(TIME_ZONES) for _ in range(people)]


class _Person:
    """Makes up one person's glimmers: their own circle of people, values, places."""

    def __init__(self, user, rng: random.Random, now: datetime, years: int):
        self.user = user
        self.rng = rng
        self.now = now
        self.zone = zoneinfo.ZoneInfo(user.time_zone)
        self.today = timezone.localtime(now, self.zone).date()
        self.days = years * 365
        self.people = rng.sample(PEOPLE, rng.randint(3, 7))
        self.values = rng.sample(VALUES, rng.randint(3, 6))
        self.places = rng.sample(PLACES, rng.randint(5, 10))
        self.tags = rng.sample(TAGS, rng.randint(10, len(TAGS)))

    def when(self) -> datetime:
        """A waking moment in the years asked for, a little denser lately."""
        rng = self.rng
        day = self.today - timedelta(days=int(self.days * rng.random() ** 1.3))
        hour = HOUR.pick(rng)
        minute, second = rng.randrange(60), rng.randrange(60)
        wall = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=self.zone)
        moment = wall.astimezone(UTC)
        while moment > self.now:  # later today: it hasn't happened yet
            moment -= timedelta(days=1)
        return moment

    def glimmer(self, glimmer_id: uuid.UUID, noticed_at: datetime) -> _GlimmerRow:
        rng = self.rng
        row = _GlimmerRow(id=glimmer_id, owner=self.user, noticed_at=noticed_at)
        stamp_local_time(row, self.user, row.noticed_at)  # as Glimmer.save() would
        roll = rng.random()
        if roll < TALLY_SHARE:
            return row  # counted, no words yet: nothing else, as `glimmers tally` makes it
        sense = rng.choice(list(MOMENTS))
        if roll < TALLY_SHARE + REMEMBERED_SHARE:
            row.kind = Kind.REMEMBERED
            words = rng.choice(REMEMBERED + MOMENTS[sense])
            if rng.random() < 0.5:
                row.period = rng.choice(PERIODS)
        elif roll < TALLY_SHARE + REMEMBERED_SHARE + STORY_SHARE:
            row.kind = Kind.STORY
            words = rng.choice(STORIES)
        else:
            words = rng.choice(MOMENTS[sense])
            if rng.random() < 0.5:
                words += " " + rng.choice(WHEN_AND_WHERE)
        parts = [words + "."]
        if rng.random() < 0.3:
            parts.append(rng.choice(AFTERTHOUGHTS))
        tags = rng.sample(self.tags, TAG_COUNT.pick(rng))
        if tags:
            # Now and then someone types a tag with a capital; it is stored lower-case.
            parts.append(" ".join(f"#{t.title() if rng.random() < 0.05 else t}" for t in tags))
        row.text = " ".join(parts)

        row.senses = [sense]
        if rng.random() < 0.3:
            row.senses.append(rng.choice([s for s in MOMENTS if s != sense]))
        row.body_cues = rng.sample(CUES, CUE_COUNT.pick(rng))
        before = BEFORE.pick(rng)
        if before:
            row.state_before = before
            after = AFTER.pick(rng)
            row.state_after = before if after is None else after
        if rng.random() < 0.5:
            row.place = rng.choice(self.places)
        if rng.random() < 0.25:
            row.people = rng.sample(self.people, rng.choice((1, 1, 2)))
        if rng.random() < 0.3:
            row.values = rng.sample(self.values, rng.choice((1, 1, 2)))
        if rng.random() < 0.3:
            row.anchored_seconds = rng.choice((6, 10, 15, 15, 15, 15, 20, 30, 45, 60))
        row.surprise = SURPRISE.pick(rng)
        if rng.random() < 0.15:
            row.gratitude = rng.choice(THANKS).format(person=rng.choice(self.people))
        row.reliable = rng.random() < 0.06
        return row

    def choose_photos(self, rows: list[_GlimmerRow], count: int) -> None:
        written = [row for row in rows if row.text]
        for row in self.rng.sample(written, min(count, len(written))):
            row.photo = row.text.split(".")[0][:300]

    def triggers(self, rows: list[_GlimmerRow], count: int, id_rng) -> list[_TriggerRow]:
        """Hard moments; four in ten eased by a glimmer that came soon after."""
        rng = self.rng
        made = []
        for _number in range(count):
            helped = rng.choice(rows) if rng.random() < 0.4 else None
            if helped is not None:
                occurred_at = helped.noticed_at - timedelta(minutes=rng.randint(5, 180))
            else:
                occurred_at = self.when()
            row = _TriggerRow(
                id=_new_id(id_rng),
                owner=self.user,
                occurred_at=occurred_at,
                text=rng.choice(HARD_MOMENTS),
                pushed_toward=PUSHED_TOWARD.pick(rng),
                intensity=None if rng.random() < 0.4 else rng.randint(1, 9),
                helped_by=[helped.id] if helped is not None else [],
            )
            stamp_local_time(row, self.user, row.occurred_at)  # as Trigger.save() would
            made.append(row)
        return made


class _Writer:
    """Buffers rows for many people and writes them in rounds of BATCH glimmers."""

    def __init__(self, *, total: int, progress: Callable[[int, int], None] | None):
        self.total = total
        self.progress = progress
        self.glimmers: list[_GlimmerRow] = []
        self.triggers: list[_TriggerRow] = []
        self.counts = (0, 0, 0)
        self.files: list[str] = []
        # Built-in words only (anyone's to use: usable() for nobody in particular).
        self.senses = dict(usable(Sense, None).values_list("slug", "id"))
        self.cues = dict(usable(BodyCue, None).values_list("slug", "id"))
        self.named: dict[type, dict[tuple[int, str], int]] = {Person: {}, Value: {}, Tag: {}}
        self.pictures: list[CleanPhoto] | None = None

    def add(self, glimmers: list[_GlimmerRow], triggers: list[_TriggerRow]) -> None:
        self.glimmers += glimmers
        self.triggers += triggers
        if len(self.glimmers) >= BATCH:
            self.flush()

    def flush(self) -> None:
        rows, self.glimmers = self.glimmers, []
        hard, self.triggers = self.triggers, []
        if not rows:
            return
        for row in rows:
            row.tags = tags_in(row.text)  # exactly the tags save_glimmer would link
        people = self._ids(Person, ((r.owner_id, n) for r in rows for n in r.people))
        values = self._ids(Value, ((r.owner_id, n) for r in rows for n in r.values))
        tags = self._ids(Tag, ((r.owner_id, n) for r in rows for n in r.tags))
        insert(Glimmer, GLIMMER_COLUMNS, map(attrgetter(*GLIMMER_COLUMNS), rows))
        _link(Glimmer.body_cues, [(r.id, self.cues[c]) for r in rows for c in r.body_cues])
        # Links to senses, people, values and tags copy their glimmer's owner and day.
        _counted(Glimmer.senses, [(r, self.senses[s]) for r in rows for s in r.senses])
        _counted(Glimmer.people, [(r, people[r.owner_id, n]) for r in rows for n in r.people])
        _counted(Glimmer.values, [(r, values[r.owner_id, n]) for r in rows for n in r.values])
        _counted(Glimmer.tags, [(r, tags[r.owner_id, n]) for r in rows for n in r.tags])
        photos = self._photos([r for r in rows if r.photo])
        insert(Trigger, TRIGGER_COLUMNS, map(attrgetter(*TRIGGER_COLUMNS), hard))
        _link(Trigger.helped_by, [(t.id, g) for t in hard for g in t.helped_by])
        glimmers, triggers, photo_count = self.counts
        self.counts = (glimmers + len(rows), triggers + len(hard), photo_count + photos)
        if self.progress is not None:
            self.progress(self.counts[0], self.total)

    def _ids(self, model, wanted: Iterable[tuple[int, str]]) -> dict[tuple[int, str], int]:
        """Ids of people's names (creating the new ones), keyed by (owner id, name)."""
        known = self.named[model]
        new = {key: None for key in wanted if key not in known}
        if new:
            model.objects.bulk_create(model(owner_id=owner, name=name) for owner, name in new)
            owners = {owner for owner, _ in new}
            for start in range(0, len(owners), 500):
                chunk = sorted(owners)[start : start + 500]
                found = model.objects.filter(owner_id__in=chunk)
                known.update(
                    {(o, name): pk for o, name, pk in found.values_list("owner_id", "name", "pk")}
                )
        return known

    def _photos(self, rows: list[_GlimmerRow]) -> int:
        """Photo files written as services._store_photos writes them, then their rows."""
        if not rows:
            return 0
        if self.pictures is None:
            self.pictures = demo_pictures()
        photos = []
        for row in rows:
            clean = self.pictures[row.id.int % len(self.pictures)]
            photo = Photo(
                id=uuid.uuid5(row.id, "photo"),
                owner=row.owner,
                glimmer_id=row.id,
                width=clean.width,
                height=clean.height,
                alt_text=row.photo,
            )
            name = f"{photo.id.hex}.{clean.extension}"
            photo.image.save(name, ContentFile(clean.image), save=False)
            self.files.append(photo.image.name)
            thumb = f"{photo.id.hex}-thumb.{clean.extension}"
            photo.thumbnail.save(thumb, ContentFile(clean.thumbnail), save=False)
            self.files.append(photo.thumbnail.name)
            photos.append(photo)
        Photo.objects.bulk_create(photos)
        return len(photos)

    def remove_files(self) -> None:
        for name in self.files:
            with contextlib.suppress(OSError):
                default_storage.delete(name)


def demo_pictures() -> list[CleanPhoto]:
    """A few small pictures (sky over ground, a sun), cleaned as an upload would be."""
    from PIL import Image, ImageDraw

    pictures = []
    for index, (sky, ground) in enumerate(PHOTO_COLOURS):
        picture = Image.new("RGB", (480, 360), sky)
        draw = ImageDraw.Draw(picture)
        horizon = 200 + 20 * (index % 3)
        for y in range(horizon):  # the sky darkens towards the top
            shade = 0.6 + 0.4 * y / horizon
            draw.line([(0, y), (479, y)], fill=tuple(int(c * shade) for c in sky))
        draw.rectangle([(0, horizon), (479, 359)], fill=ground)
        x = 80 + 60 * index
        draw.ellipse([(x, 60), (x + 70, 130)], fill=(255, 235, 160))
        raw = io.BytesIO()
        picture.save(raw, format="JPEG", quality=90)
        pictures.append(clean_photo(ContentFile(raw.getvalue(), name=f"demo-{index}.jpg")))
    return pictures


# ---------------------------------------------------------------------------
# Many rows at once
# ---------------------------------------------------------------------------


def _preparer(model_field, db, memos: dict) -> Callable[[Any], Any] | None:
    """How the ORM turns a value of this field into a parameter (None: as it is).

    Remembered per kind of field: a glimmer's moment is also its created_at
    and updated_at, and its id is in every link table.
    """
    target = model_field.target_field if model_field.is_relation else model_field
    if not isinstance(target, models.UUIDField | models.DateField):  # DateTimeField too
        return None
    memo = memos.setdefault(type(target), {})
    prepare = model_field.get_db_prep_save

    def prepared(value):
        try:
            return memo[value]
        except KeyError:
            memo[value] = result = prepare(value, connection=db)
            return result

    return prepared


def insert(model, names: Sequence[str], rows: Iterable[tuple]) -> None:
    """INSERT rows (tuples of values for the fields ``names``), many per statement.

    Values are prepared by their fields exactly as the ORM prepares them, so
    the rows are the same as bulk_create's on SQLite and PostgreSQL; it skips
    building a model instance per row, which is most of bulk_create's time.
    """
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-call proxy
    fields = [model._meta.get_field(name) for name in names]
    memos: dict[type, dict] = {}
    prepare = [_preparer(f, db, memos) for f in fields]
    quote = db.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from our models
    params = [list(row) for row in rows]
    for column, prep in enumerate(prepare):
        if prep is not None:
            for values in params:
                values[column] = prep(values[column])
    if not params:
        return
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            # COPY: the same rows, streamed, several times quicker than INSERTs.
            copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for values in params:
                    copy.write_row(values)
        else:
            cursor.executemany(sql, params)


def _link(relation, pairs: list[tuple[Any, Any]]) -> None:
    """Rows of a many-to-many table: (this side's id, the other side's id)."""
    m2m = relation.field
    insert(relation.through, [m2m.m2m_field_name(), m2m.m2m_reverse_field_name()], pairs)


def _counted(relation, pairs: list[tuple[_GlimmerRow, Any]]) -> None:
    """Links to senses, people, values or tags: (glimmer row, the word's id), with the
    glimmer's owner and day copied as GlimmerLink keeps them."""
    names = ["glimmer", relation.field.m2m_reverse_field_name(), "owner", "local_date"]
    insert(relation.through, names, [(r.id, word, r.owner_id, r.local_date) for r, word in pairs])
