"""A printable scrapbook of a person's glimmers: a PDF made with WeasyPrint.

For a person's own keeping, or to bring to a session: a calm cover (their
name, the days it covers, what was chosen), then one block per glimmer,
oldest first, with its day and time, words, senses, body cues, place,
people, values, tags, note of thanks and photos, and page numbers at the foot.

Glimmers are read through the journal's queries in batches of ``BATCH``, each
batch made into HTML and let go before the next is read; WeasyPrint then lays
out the whole book at once (docs/decisions.md, "The PDF scrapbook", has the
time and memory it takes).

Nothing is fetched from anywhere: the fonts are the system's (Debian's DejaVu
covers Latin, Cyrillic and Greek), and WeasyPrint is given ``PhotosOnly``, a
fetcher that answers only for the photo thumbnails this book put on its pages
and refuses every other address (a web address, a file on disk) before it is
opened.
"""

from __future__ import annotations

import contextlib
import gc
import mimetypes
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

import weasyprint
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext
from weasyprint.urls import URLFetcher, URLFetcherResponse

from glimmers.journal import queries
from glimmers.journal.models import Kind, State, shown_name
from glimmers.time import zone_of

# Glimmers read, prefetched and made into HTML at a time.
BATCH = 200
# WeasyPrint lays a book out whole: about 230 MB and 14 s per 1,000 glimmers
# here (docs/decisions.md, "The PDF scrapbook"), so a book holds at most this
# many and a bigger choice is asked to be narrowed, never half-made.
BOOK_MAX_GLIMMERS = 1000


class BookTooLarge(Exception):
    """More glimmers were chosen than one book holds."""


PHOTO_SCHEME = "glimmers-photo"


@dataclass
class Block:
    """One glimmer as the book shows it: every value a plain string or list of them."""

    day: str
    time: str
    text: str
    kind: str
    period: str
    reliable: bool
    shift: tuple[str, str] | None
    senses: list[str]
    body_cues: list[str]
    place: str
    people: list[str]
    values: list[str]
    tags: list[str]
    anchored: str
    gratitude: str
    photos: list[tuple[str, str]]  # (address for the fetcher, alt text)


@dataclass
class Book:
    """What is gathered while the glimmers stream past: the pages' HTML and the cover's facts."""

    parts: list[str] = field(default_factory=list)
    photos: dict[str, tuple] = field(default_factory=dict)  # address -> (storage, name)
    count: int = 0
    first: date | None = None
    last: date | None = None


def write_pdf(
    user,
    out: BinaryIO,
    *,
    since: date | None = None,
    until: date | None = None,
    tag: str | None = None,
    reliable_only: bool = False,
) -> None:
    """Write a printable book of ``user``'s chosen glimmers to ``out`` (a binary file).

    ``since`` and ``until`` are days in the person's own calendar (both
    included), ``tag`` one of their tags (with or without "#"), and
    ``reliable_only`` keeps the glimmers marked as reliably helping. With
    nothing chosen, the book holds every glimmer. The words are in the
    person's own language when they chose one.
    """
    language = getattr(user, "language", "") or translation.get_language()
    chosen = chosen_glimmers(user, since, until, tag, reliable_only).count()
    if chosen > BOOK_MAX_GLIMMERS:
        raise BookTooLarge(
            gettext(
                "One book holds up to %(most)s glimmers, and this choice has %(chosen)s. "
                "Choose a shorter stretch of time, a tag, or only the reliable ones, "
                "and make a book for each part."
            )
            % {"most": f"{BOOK_MAX_GLIMMERS:,}", "chosen": f"{chosen:,}"}
        )
    with translation.override(language):
        book = _gather(user, since, until, tag, reliable_only)
        html = render_to_string(
            "yourdata/pdf.html",
            {
                "language": translation.get_language(),
                "name": user.get_full_name() or user.get_username(),
                "range": _range_words(since or book.first, until or book.last),
                "chosen": _chosen_words(tag, reliable_only),
                "count": book.count,
                "made_on": dateformat.format(timezone.localdate(timezone=zone_of(user)), "j E Y"),
                "glimmers": "".join(book.parts),
            },
        )
    document = weasyprint.HTML(string=html, url_fetcher=PhotosOnly(book.photos))
    with collector_paused():
        document.write_pdf(out)


_pausing = threading.Lock()
# How many layouts run with the collector paused (two threads may make books at
# once), and whether it was on before the first of them.
_pause = {"layouts": 0, "was_on": True}


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while WeasyPrint lays a book out.

    A layout makes millions of objects that all stay alive until the PDF is
    written, and each full collection walks all of them: with the collector
    on, the time grew much faster than the book (docs/decisions.md, "The PDF
    scrapbook"). Nothing is lost by pausing it: what the layout holds is
    freed by reference counting when it ends, and the next collection
    catches any cycles. The collector is process-wide, so it is turned back
    on when the last book being made is done, and only if it was on before.
    """
    with _pausing:
        if _pause["layouts"] == 0:
            _pause["was_on"] = gc.isenabled()
            gc.disable()
        _pause["layouts"] += 1
    try:
        yield
    finally:
        with _pausing:
            _pause["layouts"] -= 1
            if _pause["layouts"] == 0 and _pause["was_on"]:
                gc.enable()


def chosen_glimmers(user, since=None, until=None, tag=None, reliable_only=False):
    """The glimmers a book of these choices holds, oldest first (the journal's own filter)."""
    wanted = queries.JournalFilter(since=since, until=until, tag=tag or "")
    rows = queries.filtered(user, wanted)
    if reliable_only:
        rows = rows.filter(reliable=True)
    return rows.order_by("noticed_at", "id")


def _gather(user, since, until, tag, reliable_only) -> Book:
    book = Book()
    zone = zone_of(user)
    rows = queries.with_details(chosen_glimmers(user, since, until, tag, reliable_only))
    batch: list[Block] = []
    for glimmer in rows.iterator(chunk_size=BATCH):
        batch.append(_block(glimmer, zone, book))
        if len(batch) == BATCH:
            book.parts.append(render_to_string("yourdata/pdf_glimmers.html", {"blocks": batch}))
            batch = []
    if batch:
        book.parts.append(render_to_string("yourdata/pdf_glimmers.html", {"blocks": batch}))
    return book


def _block(glimmer, zone, book: Book) -> Block:
    moment = timezone.localtime(glimmer.noticed_at, zone)
    book.count += 1
    book.first = book.first or glimmer.local_date or moment.date()
    book.last = glimmer.local_date or moment.date()
    states = dict(State.choices)
    photos = []
    for photo in glimmer.shown_photos:
        address = f"{PHOTO_SCHEME}:{photo.pk.hex}"
        book.photos[address] = (photo.thumbnail.storage, photo.thumbnail.name)
        photos.append((address, photo.alt_text or gettext("A photo of this glimmer")))
    shift = None
    if glimmer.state_before or glimmer.state_after:
        shift = (
            str(states.get(glimmer.state_before, "")) or "—",
            str(states.get(glimmer.state_after, "")) or "—",
        )
    return Block(
        day=dateformat.format(moment, "l j E Y"),
        time=moment.strftime("%H:%M"),
        text=glimmer.text.strip(),
        kind="" if glimmer.kind == Kind.NOTICED else str(dict(Kind.choices)[glimmer.kind]),
        period=glimmer.period,
        reliable=glimmer.reliable,
        shift=shift,
        senses=[shown_name(sense.name, sense.owner_id) for sense in glimmer.shown_senses],
        body_cues=[shown_name(cue.name, cue.owner_id) for cue in glimmer.shown_body_cues],
        place=glimmer.place,
        people=[person.name for person in glimmer.shown_people],
        values=[value.name for value in glimmer.shown_values],
        tags=[tag.name for tag in glimmer.shown_tags],
        anchored=_anchored_words(glimmer.anchored_seconds),
        gratitude=glimmer.gratitude.strip(),
        photos=photos,
    )


def _anchored_words(seconds: int) -> str:
    if not seconds:
        return ""
    if seconds < 60:
        return translation.ngettext(
            "I stayed with it for %(n)d second", "I stayed with it for %(n)d seconds", seconds
        ) % {"n": seconds}
    minutes = round(seconds / 60)
    return translation.ngettext(
        "I stayed with it for about %(n)d minute",
        "I stayed with it for about %(n)d minutes",
        minutes,
    ) % {"n": minutes}


def _range_words(first: date | None, last: date | None) -> str:
    if first is None and last is None:
        return ""
    if first is None:
        return gettext("Until %(day)s") % {"day": dateformat.format(last, "j E Y")}
    if last is None:
        return gettext("From %(day)s") % {"day": dateformat.format(first, "j E Y")}
    if first == last:
        return dateformat.format(first, "j E Y")
    return gettext("%(first)s – %(last)s") % {
        "first": dateformat.format(first, "j E Y"),
        "last": dateformat.format(last, "j E Y"),
    }


def _chosen_words(tag: str | None, reliable_only: bool) -> list[str]:
    words = []
    if tag:
        words.append(gettext("Glimmers tagged #%(tag)s") % {"tag": tag.lstrip("#").lower()})
    if reliable_only:
        words.append(gettext("The glimmers that reliably help"))
    return words


class PhotosOnly(URLFetcher):
    """WeasyPrint's fetcher for this book: the photos it holds, and nothing else.

    Any other address, whatever its scheme (http, https, file, data…), is
    refused before anything is opened, so a book can never reach the network
    or read a file that is not one of the person's own photos. A refused
    image is left out and its words are shown instead.
    """

    def __init__(self, photos: dict[str, tuple]):
        super().__init__(allowed_protocols=[PHOTO_SCHEME], allow_redirects=False)
        self.photos = photos
        self.asked: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        if url not in self.photos:
            raise ValueError(f"Not one of this book's photos: {url[:80]}")
        storage, name = self.photos[url]
        with storage.open(name, "rb") as photo:
            body = photo.read()
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
