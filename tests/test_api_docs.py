"""Every example in docs/api.md is replayed against the API, so the page cannot drift.

The page writes each example as two fenced ``http`` blocks: the request (a
method and path, headers, a blank line, the body) and the answer (a status
line, any headers worth showing, a blank line, the body). They are replayed
in the order they appear, through Django's test client, for one new account
(time zone UTC) with real tokens, against a fresh database that holds only
the people it shares with (``people_around``, as the page's Examples say):

- ``<token>`` and ``<read-only token>`` in a request stand for real tokens.
- Dates are the page's run day (in the heading of "Examples") moved to
  today: "2026-11-22" is today, "2026-11-21" yesterday.
- Ids and page cursors are compared by shape, and the value the page shows
  stands for the real one in every later example (``/people/1`` is the person
  the page made as 1, whatever id the database gave them); ``created_at`` and
  ``updated_at`` are compared by shape. Everything else must match exactly.
- ``…`` alone in an object or list of an answer means "more, not shown".
- A body written as ``<a 40×30 JPEG>`` is a real image of that size: made
  for a request, checked in an answer.
- ``<!-- varies: name, … (why) -->`` after an answer lets those fields differ
  in value (not in type): for what depends on the day of the week or on a
  choice made per person and day.
- ``<!-- not replayed: why -->`` before a request skips that example; the
  reason must be given, and the list is kept short.

A failure names the example (its line in docs/api.md, its request line) and
what differs.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from PIL import Image

from glimmers.time import local_today
from tests.api.conftest import token_for
from tests.factories import jpeg_bytes, make_glimmer, make_user, upload

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"
API_ROOT = "/api/v1"
MOST_NOT_REPLAYED = 2

FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
RUN_DAY = re.compile(r"^## Examples\b.*?(\d{4}-\d{2}-\d{2})", re.M)
NOT_REPLAYED = re.compile(r"<!--\s*not replayed:\s*(.*?)\s*-->\s*$", re.S)
VARIES = re.compile(r"^\s*<!--\s*varies:\s*(.*?)\s*-->", re.S)
DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
UUID_SHAPE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MOMENT_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IMAGE = re.compile(r"^<an? (\d+)×(\d+) (JPEG|PNG)>$")
MOMENTS_BY_SHAPE = {"created_at", "updated_at", "shared_at", "confirmed_at", "expires_at", "at"}
ID_QUERY_KEYS = {"person", "value"}
MORE = "\u2026"  # …
# RFC 9110's names, which Python uses from 3.13 on.
NEWER_PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


# ---------------------------------------------------------------------------
# Reading the page
# ---------------------------------------------------------------------------


@dataclass
class Message:
    """One side of an exchange as the page writes it."""

    first_line: str
    headers: dict[str, str]
    body: str


@dataclass
class Example:
    line: int
    request: Message
    answer: Message
    varies: set[str] = field(default_factory=set)
    not_replayed: str = ""

    @property
    def name(self) -> str:
        return f"docs/api.md line {self.line} ({self.request.first_line})"


def _message(text: str) -> Message:
    head, _, body = text.partition("\n\n")
    first, *header_lines = head.strip("\n").split("\n")
    headers = {}
    for header in header_lines:
        name, _, value = header.partition(":")
        headers[name.strip()] = value.strip()
    return Message(first.strip(), headers, body.strip("\n"))


def read_examples(text: str) -> list[Example]:
    """The page's examples, in order; anything else fenced is refused (so nothing escapes)."""
    blocks = list(FENCE.finditer(text))
    examples = []
    index = 0
    while index < len(blocks):
        request = blocks[index]
        line = text.count("\n", 0, request.start()) + 1
        if request.group(1) != "http" or request.group(2).startswith("HTTP/"):
            raise AssertionError(
                f"docs/api.md line {line}: every fenced block is an example, an ```http request "
                "followed by an ```http answer (write anything else as prose)"
            )
        if index + 1 == len(blocks) or not blocks[index + 1].group(2).startswith("HTTP/1.1 "):
            raise AssertionError(f"docs/api.md line {line}: a request with no answer after it")
        answer = blocks[index + 1]
        before = text[blocks[index - 1].end() if index else 0 : request.start()]
        skipped = NOT_REPLAYED.search(before)
        after = text[answer.end() : blocks[index + 2].start() if index + 2 < len(blocks) else None]
        varies = VARIES.match(after)
        examples.append(
            Example(
                line=line,
                request=_message(request.group(2)),
                answer=_message(answer.group(2)),
                varies=(
                    {name.strip() for name in varies.group(1).split("(")[0].split(",")}
                    if varies
                    else set()
                ),
                not_replayed=skipped.group(1) if skipped else "",
            )
        )
        index += 2
    return examples


def _more_marked(text: str) -> str:
    """JSON with a bare … (outside strings) made into a marker the comparison knows."""
    out, stack, in_string, escaped = [], [], False, False
    for char in text:
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            out.append(char)
        elif char in "[{":
            stack.append(char)
            out.append(char)
        elif char in "]}":
            stack.pop()
            out.append(char)
        elif char == MORE:
            out.append('"…": true' if stack and stack[-1] == "{" else '"…"')
        else:
            out.append(char)
    return "".join(out)


def _image(width: int, height: int, kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 160, 90)).save(buffer, kind)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Replaying
# ---------------------------------------------------------------------------


class Replay:
    def __init__(self, run_day: date, today: date, tokens: dict[str, str]):
        self.run_day = run_day
        self.shift = today - run_day
        self.tokens = tokens
        self.same: dict[object, object] = {}  # what the page shows -> what the API gave
        self.client = Client(enforce_csrf_checks=True)

    # -- the page's words, made real ------------------------------------------

    def dated(self, text: str) -> str:
        def move(match):
            try:
                day = date(*map(int, match.groups()))
            except ValueError:
                return match.group(0)
            if abs(day - self.run_day) > timedelta(days=3 * 365):
                return match.group(0)  # a date that is about the calendar, not the run
            return (day + self.shift).isoformat()

        return DATE.sub(move, text)

    def real_text(self, text: str) -> str:
        for shown, real in self.same.items():
            if isinstance(shown, str):
                text = text.replace(shown, real)
        return text

    def real_id(self, value):
        return self.same.get(value, value)

    def path(self, target: str) -> str:
        parts = urlsplit(self.dated(target))
        segments = [
            str(self.real_id(int(s))) if s.isdigit() else self.real_text(s)
            for s in parts.path.split("/")
        ]
        query = [
            (
                key,
                str(self.real_id(int(value)))
                if key in ID_QUERY_KEYS and value.isdigit()
                else self.real_text(value),
            )
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
        ]
        return "/".join(segments) + (f"?{urlencode(query)}" if query else "")

    def body(self, message: Message) -> bytes:
        content_type = message.headers.get("Content-Type", "")
        text = self.real_text(self.dated(message.body))
        if content_type.startswith("multipart/form-data"):
            parts = []
            for line in text.split("\n"):
                image = IMAGE.match(line)
                parts.append(
                    _image(int(image[1]), int(image[2]), image[3]) if image else line.encode()
                )
            return b"\r\n".join(parts) + b"\r\n"
        try:
            data = json.loads(text)
        except ValueError:
            return text.encode()  # the page shows a body that isn't JSON on purpose
        return json.dumps(self._real_ids_in(data), ensure_ascii=False).encode()

    def _real_ids_in(self, data):
        if isinstance(data, dict):
            return {
                key: (self.real_id(value) if key.endswith("_id") else self._real_ids_in(value))
                for key, value in data.items()
            }
        if isinstance(data, list):
            return [self._real_ids_in(item) for item in data]
        return data

    # -- one example -----------------------------------------------------------

    def send(self, example: Example):
        method, target = example.request.first_line.split(" ", 1)
        headers = {}
        for name, value in example.request.headers.items():
            if name == "Content-Type":
                continue
            for placeholder, token in self.tokens.items():
                value = value.replace(placeholder, token)
            headers["HTTP_" + name.upper().replace("-", "_")] = value
        assert target.startswith(API_ROOT), f"{example.name}: not an API path"
        return self.client.generic(
            method,
            self.path(target),
            self.body(example.request) if example.request.body else b"",
            content_type=example.request.headers.get("Content-Type", "application/octet-stream"),
            **headers,
        )

    def check(self, example: Example, response) -> list[str]:
        problems = []
        answer = example.answer
        status = int(answer.first_line.split()[1])
        phrase = answer.first_line.split(" ", 2)[2] if answer.first_line.count(" ") > 1 else ""
        if phrase not in {HTTPStatus(status).phrase, NEWER_PHRASES.get(status)}:
            problems.append(f"status line: write 'HTTP/1.1 {status} {HTTPStatus(status).phrase}'")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code != status:
            problems.append(
                f"status: the page says {status}, the API answered {response.status_code} "
                f"{content[:300]!r}"
            )
            return problems
        for name, value in answer.headers.items():
            if response.get(name) != value:
                problems.append(
                    f"header {name}: the page says {value!r}, got {response.get(name)!r}"
                )
        expected = self.dated(answer.body)
        if not expected:
            if content:
                problems.append(f"the page shows no body; the API sent {content[:300]!r}")
            return problems
        image = IMAGE.match(expected)
        if image:
            picture = Image.open(io.BytesIO(content))
            shown = (int(image[1]), int(image[2]), image[3])
            if (picture.width, picture.height, picture.format) != shown:
                problems.append(
                    f"image: the page says {shown}, got "
                    f"{(picture.width, picture.height, picture.format)}"
                )
            return problems
        try:
            wanted = json.loads(_more_marked(expected))
        except ValueError as error:
            return [*problems, f"the answer shown isn't JSON ({error})"]
        self.compare(wanted, json.loads(content), "", "", example.varies, problems)
        return problems

    def compare(self, wanted, got, where: str, key: str, varies: set[str], problems: list[str]):
        here = where or "the body"
        if isinstance(wanted, dict) and isinstance(got, dict):
            more = wanted.pop(MORE, False)
            missing = set(wanted) - set(got)
            extra = set() if more else set(got) - set(wanted)
            if missing:
                problems.append(f"{here}: the API doesn't send {sorted(missing)}")
            if extra:
                problems.append(
                    f"{here}: the page doesn't show {sorted(extra)} (write … for 'more')"
                )
            for name in wanted:
                if name in got:
                    self.compare(
                        wanted[name],
                        got[name],
                        f"{where}.{name}".lstrip("."),
                        name,
                        varies,
                        problems,
                    )
            return
        if isinstance(wanted, list) and isinstance(got, list):
            more = bool(wanted) and wanted[-1] == MORE
            if more:
                wanted = wanted[:-1]
            if len(wanted) > len(got) or (not more and len(wanted) != len(got)):
                problems.append(f"{here}: the page shows {len(wanted)} items, got {len(got)}")
            for index, (one, other) in enumerate(zip(wanted, got, strict=False)):
                self.compare(one, other, f"{where}[{index}]", key, varies, problems)
            return
        if key in varies:
            if type(wanted) is not type(got):
                problems.append(f"{here}: the page shows {wanted!r}, got {got!r} (another type)")
            return
        if self.same_id(wanted, got, key):
            return
        if key in MOMENTS_BY_SHAPE and isinstance(wanted, str):
            if not (
                isinstance(got, str) and MOMENT_SHAPE.match(got) and MOMENT_SHAPE.match(wanted)
            ):
                problems.append(f"{here}: the page shows {wanted!r}, got {got!r}")
            return
        if isinstance(wanted, str):
            wanted = self.real_text(wanted)
        if wanted != got or type(wanted) is not type(got):
            problems.append(f"{here}: the page shows {wanted!r}, the API answered {got!r}")

    def same_id(self, wanted, got, key: str) -> bool:
        """Ids (and cursors) by shape; the page's value stands for the real one from now on."""
        is_uuid = isinstance(wanted, str) and UUID_SHAPE.match(wanted)
        is_int_id = (
            isinstance(wanted, int)
            and not isinstance(wanted, bool)
            and (key == "id" or key.endswith("_id"))
        )
        is_cursor = key == "next_cursor" and isinstance(wanted, str)
        if not (is_uuid or is_int_id or is_cursor):
            return False
        if wanted in self.same:
            return self.same[wanted] == got
        if is_uuid and not (isinstance(got, str) and UUID_SHAPE.match(got)):
            return False
        if is_int_id and (not isinstance(got, int) or isinstance(got, bool)):
            return False
        if is_cursor and not (isinstance(got, str) and got):
            return False
        if got in self.same.values():
            return False  # two different ids on the page, one in the API
        self.same[wanted] = got
        return True


# ---------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------


@pytest.fixture
def page():
    return DOC.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _numbering_from_one() -> None:
    """Number new rows from 1, as on a fresh instance, which is what the page shows.

    PostgreSQL's sequences go on counting across tests (a rolled-back test does not
    give its numbers back), so without this the ids depend on the tests run before.
    The tables are empty here (each test's rows are rolled back), so nothing clashes.
    """
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


def people_around(person) -> None:
    """Who the page's account shares with, before its first example (as the page says).

    Halyna keeps the circle "Mum and me", which the account is in; she shared
    a glimmer of yesterday there, with its senses and its photo, and the
    account named the glimmer it noticed in it. The account is also a
    counsellor: Ana, its client, lets it read the glimmers she marks for her
    sessions (one, of yesterday, with a photo) and her Glimmer Question; it
    suggested a practice to her. And it has a coach of its own, Dr Koval, who
    has read its summary once.
    """
    from glimmers.accounts import services as accounts
    from glimmers.care import services as care
    from glimmers.circles import services as circles
    from glimmers.journal import queries as journal
    from glimmers.journal import services as journal_services
    from glimmers.journal.photos import clean_photo
    from glimmers.practice import services as practice

    halyna = make_user("halyna", time_zone="UTC")
    type(halyna).objects.filter(pk=halyna.pk).update(first_name="Halyna")
    halyna.refresh_from_db()
    yesterday = local_today(halyna) - timedelta(days=1)
    circle = circles.make_circle(halyna, "Mum and me", "Small good things, every day")
    circles.join(person, circles.invite(halyna, circle, "for you")[1])
    glimmer = make_glimmer(
        halyna,
        "Tiny flowers on the hydrangea by the gate",
        noticed_at=datetime.combine(yesterday, time(18, 10), tzinfo=UTC),
        senses=list(journal.senses(halyna).filter(slug="sight")),
    )
    journal_services.add_photo(
        halyna, glimmer, clean_photo(upload("gate.jpg", jpeg_bytes((40, 30))))
    )
    [shared] = circles.share(halyna, glimmer, [circle], with_photos=True)
    circles.reply(person, shared, "That you stopped for something so small")

    ana = make_user("ana", time_zone="UTC")
    theirs = make_glimmer(
        ana,
        "The cat asleep in the one patch of sun",
        noticed_at=datetime.combine(yesterday, time(15, 30), tzinfo=UTC),
        senses=list(journal.senses(ana).filter(slug="sight")),
    )
    journal_services.add_photo(ana, theirs, clean_photo(upload("cat.jpg", jpeg_bytes((40, 30)))))
    care.mark_for_sessions(ana, theirs)
    practice.answer_question(ana, yesterday, prompt=None, likelihood=6)
    accounts.update_preferences(person, is_carer=True)
    _link, code = care.invite(
        ana, "my counsellor", client_name="Ana", with_photos=True, with_insights=True
    )
    link = care.confirm(ana, care.accept(person, code, carer_name="Docs"))
    care.suggest(person, link, "Notice one sound on your way home")

    koval = accounts.update_preferences(make_user("koval", time_zone="UTC"), is_carer=True)
    _link, code = care.invite(person, "my coach", client_name="D.")
    coaching = care.confirm(person, care.accept(koval, code, carer_name="Dr Koval"))
    care.note_read(koval, coaching, "summary")


def test_every_example_on_the_page_is_what_the_api_answers(db, page):
    _numbering_from_one()
    person = make_user("docs", time_zone="UTC")
    people_around(person)
    tokens = {
        "<token>": token_for(person),
        "<read-only token>": token_for(person, read_only=True),
    }
    run_day = date.fromisoformat(RUN_DAY.search(page).group(1))
    replay = Replay(run_day, local_today(person), tokens)
    failures = []
    for example in read_examples(page):
        if example.not_replayed:
            continue
        problems = replay.check(example, replay.send(example))
        if problems:
            failures.append(example.name + ":\n    " + "\n    ".join(problems))
    assert not failures, "docs/api.md no longer matches the API:\n" + "\n".join(failures)


def _operations() -> set[tuple[str, str]]:
    from glimmers.api.views import api

    schema = api.get_openapi_schema()
    return {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_endpoint_has_an_example(page):
    """A new endpoint must come with an example on the page (that is then replayed)."""
    shown = [tuple(example.request.first_line.split(" ", 1)) for example in read_examples(page)]
    missing = []
    for method, template in sorted(_operations()):
        pattern = re.compile(
            "^" + re.sub(r"\\\{[^}]+\\\}", "[^/?]+", re.escape(template)) + r"(\?.*)?$"
        )
        if not any(m == method and pattern.match(target) for m, target in shown):
            missing.append(f"{method} {template}")
    assert not missing, "docs/api.md has no example for: " + ", ".join(missing)


def test_examples_not_replayed_are_few_and_say_why(page):
    skipped = [example for example in read_examples(page) if example.not_replayed]
    assert len(skipped) <= MOST_NOT_REPLAYED, [example.name for example in skipped]
    for example in skipped:
        assert len(example.not_replayed.split()) >= 3, f"{example.name}: give the reason"


def test_the_reader_of_the_page_sees_marks_and_refuses_stray_blocks():
    text = (
        "## Examples (run on 2026-11-22)\n\n"
        "<!-- not replayed: needs six hundred requests -->\n"
        "```http\nGET /api/v1/today\n```\n\n"
        "```http\nHTTP/1.1 429 Too Many Requests\nRetry-After: 60\n```\n"
        "<!-- varies: text (chosen per day) -->\n\n"
        "```http\nGET /api/v1/prompts/today\n```\n\n"
        '```http\nHTTP/1.1 200 OK\n\n{"id": 1, "text": "x", …}\n```\n'
    )
    skipped, replayed = read_examples(text)
    assert skipped.not_replayed == "needs six hundred requests"
    assert skipped.answer.headers == {"Retry-After": "60"}
    assert skipped.varies == {"text"}
    assert replayed.not_replayed == ""
    assert json.loads(_more_marked(replayed.answer.body)) == {"id": 1, "text": "x", "…": True}
    with pytest.raises(AssertionError, match="every fenced block is an example"):
        read_examples('```json\n{"a": 1}\n```\n')
    with pytest.raises(AssertionError, match="no answer"):
        read_examples("```http\nGET /api/v1/today\n```\n")


def test_ids_stand_for_the_real_ones_in_later_examples():
    replay = Replay(date(2026, 11, 22), date(2026, 11, 22), {})
    problems: list[str] = []
    shown, real = str(uuid.uuid4()), str(uuid.uuid4())
    replay.compare(
        {"id": shown, "person_id": 1}, {"id": real, "person_id": 7}, "", "", set(), problems
    )
    assert problems == []
    assert replay.path(f"{API_ROOT}/glimmers/{shown}") == f"{API_ROOT}/glimmers/{real}"
    assert replay.path(f"{API_ROOT}/people/1?person=1&limit=1") == (
        f"{API_ROOT}/people/7?person=7&limit=1"
    )
    replay.compare({"id": shown}, {"id": str(uuid.uuid4())}, "", "", set(), problems)
    assert problems and "the page shows" in problems[0]
