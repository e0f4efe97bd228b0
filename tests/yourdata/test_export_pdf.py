"""The printable scrapbook: write_pdf makes a real PDF of a person's chosen glimmers."""

from __future__ import annotations

import gc
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glimmers.journal import queries, services
from glimmers.journal.photos import clean_photo
from glimmers.yourdata.exporting.pdf import BATCH, PhotosOnly, collector_paused, write_pdf
from tests.factories import jpeg_bytes, make_glimmer, upload

KYIV = ZoneInfo("Europe/Kyiv")
PNG_PATH = "/tmp/glimmers-scrapbook-page.png"


def at(day: int, hour: int = 9, month: int = 3, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, 15, tzinfo=KYIV)


def book(user, **choices) -> bytes:
    out = io.BytesIO()
    write_pdf(user, out, **choices)
    return out.getvalue()


def pages_text(data: bytes) -> list[str]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def text_of(data: bytes) -> str:
    # PDFium ends each line with \r\n; the tests read the words, not the line breaks.
    return " ".join(" ".join(pages_text(data)).split())


def sense(user, slug: str):
    return queries.senses(user).get(slug=slug)


def test_it_writes_a_real_pdf_with_the_persons_own_words(owner):
    owner.first_name, owner.last_name = "Olena", "Koval"
    owner.save()
    make_glimmer(
        owner,
        "Тепле світло на кухні #дім",
        noticed_at=at(3),
        place="Kyiv",
        senses=[sense(owner, "sight")],
        new_people=["Mum"],
        gratitude="for the old lamp",
        state_before="mobilized",
        state_after="safe",
    )

    data = book(owner)

    assert data.startswith(b"%PDF-")
    pages = pages_text(data)
    assert len(pages) == 2  # the cover, then one page of glimmers
    cover, first = (" ".join(page.split()) for page in pages)
    assert "Olena Koval" in cover
    assert "3 March 2026" in cover
    assert "1 glimmer" in cover
    assert "Тепле світло на кухні" in first
    assert "Tuesday 3 March 2026 · 09:15" in first
    assert "#дім" in first
    assert "Kyiv" in first and "Mum" in first and "for the old lamp" in first
    assert "mobilized → safe & connected" in first


def test_its_pages_are_numbered_after_the_cover(owner):
    for n in range(60):
        make_glimmer(
            owner,
            f"Glimmer number {n}: " + "a calm long sentence. " * 8,
            noticed_at=at(1) + timedelta(hours=n),
        )

    pages = pages_text(book(owner))

    assert 6 <= len(pages) <= 30  # sixty glimmers of a few lines each: several per page
    assert pages[0].split()[-1] != "1"  # the cover carries no number
    for number, page in enumerate(pages[1:], start=2):
        assert page.split()[-1] == str(number)
    text = " ".join(" ".join(pages).split())
    assert text.index("Glimmer number 0:") < text.index("Glimmer number 59:")  # oldest first


def test_page_one_renders_as_a_picture_that_is_not_blank(owner):
    make_glimmer(owner, "Тепле світло на кухні", noticed_at=at(3))
    pdf = pypdfium2.PdfDocument(book(owner))
    try:
        for index in (0, 1):
            picture = pdf[index].render(scale=1).to_pil().convert("L")
            darkest, _ = picture.getextrema()
            assert darkest < 128, f"page {index + 1} looks blank"
            inked = sum(picture.histogram()[:200])  # pixels darker than light grey
            assert inked > 200
            if index == 1:
                picture.save(PNG_PATH)
    finally:
        pdf.close()


def test_it_holds_only_the_chosen_days_in_the_persons_calendar(owner):
    make_glimmer(owner, "Before the range", noticed_at=at(1))
    make_glimmer(owner, "Late on the first day", noticed_at=at(2, hour=23))  # still the 2nd in Kyiv
    make_glimmer(owner, "On the last day", noticed_at=at(4))
    make_glimmer(owner, "After the range", noticed_at=at(5))

    text = text_of(book(owner, since=date(2026, 3, 2), until=date(2026, 3, 4)))

    assert "Late on the first day" in text and "On the last day" in text
    assert "Before the range" not in text and "After the range" not in text
    assert "2 March 2026 – 4 March 2026" in text
    assert "2 glimmers" in text


def test_it_holds_only_one_tag_or_only_reliable_glimmers(owner):
    make_glimmer(owner, "Waves at dusk #sea", noticed_at=at(1), reliable=True)
    make_glimmer(owner, "Salt wind #sea", noticed_at=at(2))
    make_glimmer(owner, "Fresh coffee", noticed_at=at(3), reliable=True)

    tagged = text_of(book(owner, tag="#Sea"))
    assert "Waves at dusk" in tagged and "Salt wind" in tagged and "Fresh coffee" not in tagged
    assert "Glimmers tagged #sea" in tagged

    reliable = text_of(book(owner, reliable_only=True))
    assert "Waves at dusk" in reliable and "Fresh coffee" in reliable
    assert "Salt wind" not in reliable
    assert "The glimmers that reliably help" in reliable

    both = text_of(book(owner, tag="sea", reliable_only=True))
    assert "Waves at dusk" in both and "Salt wind" not in both and "Fresh coffee" not in both


def test_it_never_holds_someone_elses_glimmers(owner, other):
    make_glimmer(owner, "My own quiet morning", noticed_at=at(1))
    make_glimmer(other, "Someone else's secret", noticed_at=at(1))

    text = text_of(book(owner))

    assert "My own quiet morning" in text
    assert "Someone else's secret" not in text
    assert "1 glimmer" in text


def test_an_empty_choice_is_still_a_gentle_book(owner):
    make_glimmer(owner, "Not tagged", noticed_at=at(1))

    data = book(owner, tag="nowhere")

    assert data.startswith(b"%PDF-")
    text = text_of(data)
    assert "0 glimmers" in text
    assert "There are no glimmers here for these choices yet" in text


def test_a_tallied_glimmer_says_it_was_counted(owner):
    make_glimmer(owner, "", noticed_at=at(1))

    assert "Counted, no words yet" in text_of(book(owner))


def test_it_shows_the_photos_of_a_glimmer(owner):
    glimmer = make_glimmer(owner, "The dog asleep in the sun", noticed_at=at(1))
    services.add_photo(owner, glimmer, clean_photo(upload(content=jpeg_bytes(size=(640, 480)))))

    pdf = pypdfium2.PdfDocument(book(owner))
    try:
        page = pdf[1]
        images = [obj for obj in page.get_objects() if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]
        assert len(images) == 1
        picture = page.render(scale=1).to_pil().convert("RGB")
        # The test photo is an even warm brown (200, 160, 90): some of the page is that colour.
        pixels = picture.tobytes()
        warm = sum(
            1
            for i in range(0, len(pixels), 3)
            if pixels[i] > 150 and 110 < pixels[i + 1] < 200 and pixels[i + 2] < 140
        )
        assert warm > 1000
    finally:
        pdf.close()


def test_words_that_look_like_markup_are_printed_as_words_and_fetch_nothing(owner, monkeypatch):
    asked: list[str] = []
    original = PhotosOnly.fetch

    def watching(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(PhotosOnly, "fetch", watching)
    make_glimmer(
        owner,
        '<img src="file:///etc/passwd"> <link rel=stylesheet href="http://example.org/x.css">',
        noticed_at=at(1),
    )

    text = text_of(book(owner))

    assert '<img src="file:///etc/passwd">' in text
    assert asked == []  # escaped words are words: nothing was even asked for


@pytest.mark.parametrize(
    "address",
    [
        "http://example.org/a.png",
        "https://example.org/a.css",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "glimmers-photo:00000000000000000000000000000000",
    ],
)
def test_the_fetcher_refuses_everything_but_the_books_own_photos(address, tmp_path):
    fetcher = PhotosOnly({})

    with pytest.raises(ValueError):
        fetcher.fetch(address)


def test_a_refused_image_is_left_out_and_the_book_is_still_made():
    import weasyprint

    fetcher = PhotosOnly({})
    html = '<p>Before</p><img src="http://example.org/a.png" alt="a picture"><p>After</p>'

    data = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()

    assert data.startswith(b"%PDF-")
    assert fetcher.asked == ["http://example.org/a.png"]
    assert "After" in text_of(data)


def test_it_reads_in_batches_whose_queries_do_not_grow_with_the_journal(owner):
    def queries_for(n: int) -> int:
        for i in range(n):
            make_glimmer(owner, f"moment {i}", noticed_at=at(1) + timedelta(minutes=i))
        with CaptureQueriesContext(connection) as captured:
            book(owner)
        return len(captured.captured_queries)

    assert queries_for(5) == queries_for(BATCH - 10)  # one batch either way


def test_it_is_written_in_the_persons_own_language(owner):
    owner.language = "uk"
    owner.save()
    make_glimmer(owner, "Тепле світло на кухні", noticed_at=at(3))

    text = text_of(book(owner))

    assert "Тепле світло на кухні" in text
    assert "Tuesday" not in text  # the day's name is Ukrainian too ("вівторок")


def test_the_collector_is_on_again_after_a_book_and_off_while_it_is_laid_out(owner, monkeypatch):
    import weasyprint

    seen = []
    original = weasyprint.HTML.write_pdf

    def watching(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", watching)
    make_glimmer(owner, "A quiet morning", noticed_at=at(1))
    assert gc.isenabled()

    book(owner)

    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_stays_as_it_was_and_waits_for_the_last_of_two_books():
    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second book is still being laid out
    second.__exit__(None, None, None)
    assert gc.isenabled()

    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_a_choice_bigger_than_one_book_is_asked_to_be_narrowed(db, monkeypatch, tmp_path):
    from glimmers.yourdata.exporting import formats, pdf
    from tests.factories import make_glimmer, make_user

    person = make_user("bookish")
    for words in ("Kettle song", "Warm bread", "Cat asleep"):
        make_glimmer(person, words)
    monkeypatch.setattr(pdf, "BOOK_MAX_GLIMMERS", 2)
    out = tmp_path / "book.pdf"
    with out.open("wb") as stream, pytest.raises(formats.PdfNotAvailable) as refused:
        formats.write_pdf(person, stream)
    assert "up to 2 glimmers" in str(refused.value) and "has 3" in str(refused.value)
    assert out.stat().st_size == 0
