"""Glimmers' own JSON export (exporting/own_format.py), and reading it back
(importing/glimmers_json.py)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from glimmers.access import owned
from glimmers.journal import queries as journal
from glimmers.journal import services as journal_services
from glimmers.journal.models import BodyCue, Person, Photo, Sense, Value
from glimmers.journal.photos import clean_photo
from glimmers.practice import queries as practice
from glimmers.practice import services as practice_services
from glimmers.yourdata.exporting import formats
from glimmers.yourdata.importing import glimmers_json
from glimmers.yourdata.importing.entries import Unreadable
from glimmers.yourdata.importing.glimmers_json import (
    looks_like_glimmers_json,
    read_glimmers_json,
)
from tests.factories import jpeg_bytes, make_glimmer, make_trigger, make_user, upload

KYIV_TEXT = "Тепле світло на кухні ☀ #ранок"


def build_rich_account(user) -> dict:
    """One of every kind of thing a person can keep, with Ukrainian words and photos."""
    tz = timezone.get_fixed_timezone(120)
    sense = journal_services.add_own_word(user, Sense, "Тепло")
    journal_services.add_own_word(user, BodyCue, "Плечі опустилися")
    journal_services.add_named(user, Person, "Бабуся")
    journal_services.add_named(user, Value, "Quiet")
    prompt = practice_services.add_prompt(user, "evening", "What felt like home today?")
    builtin = practice.all_prompts(user).filter(owner=None, category="morning").first()
    practice_services.set_prompt_hidden(user, builtin, True)
    first = make_glimmer(
        user,
        KYIV_TEXT,
        noticed_at=datetime(2026, 6, 1, 7, 42, 5, 123456, tzinfo=tz),
        senses=list(journal.senses(user).filter(slug__in=["sight", sense.slug])),
        body_cues=list(journal.body_cues(user).filter(slug="breath-slowed")),
        state_before="mobilized",
        state_after="safe",
        place="Кухня",
        new_people=["Бабуся", "Sam"],
        new_values=["family"],
        anchored_seconds=40,
        surprise="unexpected",
        gratitude="Дякую, ранку",
        reliable=True,
    )
    journal_services.add_photos(
        user,
        first,
        [clean_photo(upload()), clean_photo(upload(content=jpeg_bytes(color=(10, 90, 200))))],
    )
    remembered = make_glimmer(
        user,
        "The sea at Odesa #sea",
        noticed_at=datetime(2022, 1, 15, 18, 0, tzinfo=tz),
        kind="remembered",
        period="winter 2022",
    )
    tallied = make_glimmer(user, "", noticed_at=datetime(2026, 6, 1, 12, 0, tzinfo=tz))
    trigger = make_trigger(
        user,
        "A siren, far off",
        occurred_at=datetime(2026, 6, 1, 9, 0, tzinfo=tz),
        pushed_toward="mobilized",
        intensity=6,
        helped_by=[first],
    )
    practice_services.set_intention(
        user, date(2026, 6, 1), text="Look for light", focus_sense=sense, prompt=builtin
    )
    practice_services.save_reflection(
        user, date(2026, 6, 1), answer="Бабуся's voice", prompt=prompt, glimmers=[first]
    )
    question = practice.prompts(user, "question").filter(scale=True).first()
    practice_services.answer_question(
        user, date(2026, 6, 1), prompt=question, likelihood=7, how_would_i_know="a lighter step"
    )
    return {"first": first, "remembered": remembered, "tallied": tallied, "trigger": trigger}


def export_bytes(user, fmt: str = "json") -> tuple[bytes, formats.Export]:
    made = formats.export_for(user, fmt)
    return b"".join(made.chunks), made


def document_of(raw: bytes) -> dict:
    if raw.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return json.loads(archive.read("glimmers.json"))
    return json.loads(raw)


def write(tmp_path, raw: bytes, name: str = "export.zip"):
    path = tmp_path / name
    path.write_bytes(raw)
    return path


@pytest.fixture
def rich(owner):
    return build_rich_account(owner)


def test_it_writes_every_kind_of_thing(owner, rich):
    raw, made = export_bytes(owner)
    assert made.is_zip and made.filename.endswith(".zip")
    doc = document_of(raw)
    assert doc["format"] == "glimmers" and doc["version"] == 1
    assert doc["preferences"]["time_zone"] == "Europe/Kyiv"
    first = next(g for g in doc["glimmers"] if g["id"] == str(rich["first"].pk))
    assert first["text"] == KYIV_TEXT
    assert first["noticed_at"] == "2026-06-01T08:42:05.123456+03:00"  # Kyiv's own offset
    assert first["tags"] == ["ранок"]
    assert first["senses"] == ["sight", "тепло"]
    assert first["state_before"] == "mobilized" and first["reliable"] is True
    assert sorted(first["people"]) == ["Sam", "Бабуся"]
    assert [p["file"] for p in first["photos"]] == [
        f"photos/{rich['first'].pk}-1.jpg",
        f"photos/{rich['first'].pk}-2.jpg",
    ]
    assert [g["kind"] for g in doc["glimmers"]] == ["remembered", "noticed", "noticed"]
    assert doc["glimmers"][0]["period"] == "winter 2022"
    assert doc["triggers"][0]["helped_by"] == [str(rich["first"].pk)]
    assert doc["intentions"][0]["focus_sense"] == first["senses"][1]
    assert doc["reflections"][0]["glimmers"] == [str(rich["first"].pk)]
    assert doc["reflections"][0]["prompt"] == {
        "category": "evening",
        "text": "What felt like home today?",
    }
    assert doc["question_answers"][0]["likelihood"] == 7
    assert doc["people"] == sorted(doc["people"])
    assert doc["hidden_prompts"]
    assert "olena" not in raw.decode("utf-8", errors="ignore")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        photo = archive.read(first["photos"][0]["file"])
    stored = owned(Photo, owner).order_by("created_at").first()
    with default_storage.open(stored.image.name, "rb") as handle:
        assert photo == handle.read()


def test_it_round_trips_into_a_fresh_account(owner, rich, tmp_path):
    raw, _made = export_bytes(owner)
    path = write(tmp_path, raw)
    assert looks_like_glimmers_json(path)
    owner.delete()  # as on a fresh instance: every id is free again
    fresh = make_user("fresh", time_zone="UTC")

    report = read_glimmers_json(fresh, path)

    assert report.added["glimmers"] == 3 and report.added["photos"] == 2
    fresh.refresh_from_db()
    again, _made = export_bytes(fresh)
    assert document_of(again) == document_of(raw)


def test_reading_the_same_file_twice_adds_nothing(owner, rich, tmp_path):
    path = write(tmp_path, export_bytes(owner)[0])
    owner.delete()
    fresh = make_user("fresh", time_zone="UTC")
    read_glimmers_json(fresh, path)
    before = document_of(export_bytes(fresh)[0])

    report = read_glimmers_json(fresh, path)

    assert sum(report.added.values()) == 0
    assert report.already_there["glimmers"] == 3
    assert document_of(export_bytes(fresh)[0]) == before
    assert owned(Photo, fresh).count() == 2


def test_reading_into_its_own_account_adds_nothing(owner, rich, tmp_path):
    path = write(tmp_path, export_bytes(owner)[0])
    before = document_of(export_bytes(owner)[0])
    report = read_glimmers_json(owner, path)
    assert report.added["glimmers"] == 0
    assert document_of(export_bytes(owner)[0]) == before


def test_someone_elses_ids_get_new_ones(owner, rich, other, tmp_path):
    """Another account on the same instance reads the file: the ids are taken, so new."""
    path = write(tmp_path, export_bytes(owner)[0])
    report = read_glimmers_json(other, path)
    assert report.added["glimmers"] == 3
    assert report.new_ids == 4  # three glimmers and a hard moment
    mine = set(journal.glimmers(owner).values_list("pk", flat=True))
    theirs = set(journal.glimmers(other).values_list("pk", flat=True))
    assert not mine & theirs
    doc = document_of(export_bytes(other)[0])
    assert doc["triggers"][0]["helped_by"] == [
        g["id"] for g in doc["glimmers"] if g["text"] == KYIV_TEXT
    ]
    assert journal.glimmers(owner).count() == 3  # the owner's own are untouched


def test_a_dry_run_keeps_nothing(owner, rich, tmp_path):
    path = write(tmp_path, export_bytes(owner)[0])
    fresh = make_user("fresh", time_zone="UTC")
    report = read_glimmers_json(fresh, path, dry_run=True)
    assert report.dry_run and report.added["glimmers"] == 3
    assert journal.glimmers(fresh).count() == 0
    assert owned(Photo, fresh).count() == 0
    assert not _photo_files(fresh)


def _photo_files(user) -> list[str]:
    try:
        return default_storage.listdir(f"photos/{user.pk}")[1]
    except FileNotFoundError:
        return []


def _with_document(raw: bytes, doc: dict) -> bytes:
    """The same export (a ZIP with its photos), with glimmers.json replaced by ``doc``."""
    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in source.namelist():
                data = source.read(name)
                if name == "glimmers.json":
                    data = json.dumps(doc).encode()
                target.writestr(name, data)
    return out.getvalue()


def test_an_item_the_apps_refuse_is_left_out_and_named(owner, rich, tmp_path):
    raw = export_bytes(owner)[0]
    doc = document_of(raw)
    doc["triggers"][0]["intensity"] = 99
    path = write(tmp_path, _with_document(raw, doc))
    fresh = make_user("fresh", time_zone="UTC")

    report = read_glimmers_json(fresh, path)

    assert report.added["glimmers"] == 3 and report.added["photos"] == 2
    assert report.added["triggers"] == 0
    [(where, message)] = report.notes
    assert where == "hard moment 1" and "left out" in message
    assert journal.triggers(fresh).count() == 0


def test_a_file_cut_short_changes_nothing(owner, rich, tmp_path):
    raw = export_bytes(owner)[0]
    text = json.dumps(document_of(raw)).encode()
    path = write(tmp_path, text[: len(text) * 3 // 4], "cut.json")
    fresh = make_user("fresh", time_zone="UTC")

    with pytest.raises(Unreadable, match="cut short"):
        read_glimmers_json(fresh, path)

    assert journal.glimmers(fresh).count() == 0
    assert not _photo_files(fresh)
    fresh.refresh_from_db()
    assert fresh.time_zone == "UTC"


def test_it_writes_a_batch_at_a_time(owner, tmp_path, monkeypatch):
    """Between batches no transaction is open: other writers get their turn."""
    from glimmers.db import in_writing

    for n in range(7):
        make_glimmer(owner, f"Light on the wall {n}")
    path = write(tmp_path, export_bytes(owner)[0], "g.json")
    fresh = make_user("fresh")
    monkeypatch.setattr(glimmers_json, "BATCH", 3)
    seen = []

    def progress(done, total):
        seen.append((done, total, in_writing()))

    read_glimmers_json(fresh, path, progress=progress)

    # The total counts every item of the file (its glimmers and anything else it holds).
    assert seen[-1][0] == seen[-1][1] >= 7
    assert len(seen) >= 3 and not any(writing for _done, _total, writing in seen)
    assert journal.glimmers(fresh).count() == 7


def test_stopped_part_way_then_brought_in_again_adds_the_rest_once(owner, tmp_path, monkeypatch):
    for n in range(9):
        make_glimmer(owner, f"Warm bread {n}")
    path = write(tmp_path, export_bytes(owner)[0], "g.json")
    owner.delete()
    fresh = make_user("fresh")
    monkeypatch.setattr(glimmers_json, "BATCH", 4)
    real_save = journal_services.save_glimmer
    calls = {"n": 0}

    def power_cut(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 6:
            raise RuntimeError("the power went")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(journal_services, "save_glimmer", power_cut)
    with pytest.raises(RuntimeError):
        read_glimmers_json(fresh, path)
    first = journal.glimmers(fresh).count()
    assert 0 < first < 5  # the batches before the cut were written; the one it hit was undone

    monkeypatch.setattr(journal_services, "save_glimmer", real_save)
    report = read_glimmers_json(fresh, path)

    assert report.added["glimmers"] == 9 - first and report.already_there["glimmers"] == first
    assert journal.glimmers(fresh).count() == 9


def test_a_byte_order_mark_is_fine(owner, tmp_path):
    make_glimmer(owner, "Тепле світло")
    raw = export_bytes(owner)[0]
    path = write(tmp_path, b"\xef\xbb\xbf" + raw, "bom.json")
    owner.delete()
    fresh = make_user("fresh")
    assert read_glimmers_json(fresh, path).added["glimmers"] == 1
    assert journal.glimmers(fresh).get().text == "Тепле світло"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "isn't complete JSON"),
        (b"[1, 2, 3]", "isn't a Glimmers export"),
        (b'{"glimmers": [{}], "format": "glimmers", "version": 1}', "isn't a Glimmers export"),
        (b'{"format": "jrnl"}', "isn't a Glimmers export"),
        (b'{"format": "glimmers", "version": 7}', "version 7"),
        (b'{"format": "glimmers", "version": 1, "glimmers": {}}', "should be a list"),
        (
            b'{"format": "glimmers", "version": 1, "glimmers": [{"noticed_at": "soon"}]}',
            "glimmer 1",
        ),
    ],
)
def test_files_that_are_not_an_export_are_refused(owner, tmp_path, content, message):
    path = write(tmp_path, content, "x.json")
    with pytest.raises(Unreadable, match=message):
        read_glimmers_json(owner, path)
    assert journal.glimmers(owner).count() == 0


def test_a_plain_json_without_photos(owner, tmp_path):
    glimmer = make_glimmer(owner, "First sip of coffee")
    raw, made = export_bytes(owner)
    assert not made.is_zip and made.filename.endswith(".json")
    doc = json.loads(raw)
    assert [g["id"] for g in doc["glimmers"]] == [str(glimmer.pk)]
    path = write(tmp_path, raw, "g.json")
    assert looks_like_glimmers_json(path)
    fresh = make_user("fresh")
    assert read_glimmers_json(fresh, path).added["glimmers"] == 1


def test_detection_says_no_to_other_files(tmp_path):
    assert not looks_like_glimmers_json(write(tmp_path, b'{"entries": []}', "j.json"))
    assert not looks_like_glimmers_json(write(tmp_path, b"date,text\n", "d.csv"))
    assert not looks_like_glimmers_json(tmp_path / "missing.json")


def test_a_strangers_data_is_never_in_an_export(owner, stranger):
    make_glimmer(stranger, "The stranger's own words")
    make_trigger(stranger, "The stranger's hard moment")
    journal_services.add_named(stranger, Person, "Their friend")
    make_glimmer(owner, "Mine")
    raw = export_bytes(owner)[0].decode()
    assert "stranger" not in raw and "Their friend" not in raw


def test_glimmers_come_in_pages_oldest_first(owner, monkeypatch):
    from glimmers.yourdata.exporting import records

    monkeypatch.setattr(records, "PAGE", 3)
    start = timezone.now() - timedelta(days=10)
    made = [make_glimmer(owner, f"g{n}", noticed_at=start + timedelta(hours=n)) for n in range(8)]
    same = start + timedelta(hours=20)
    twins = sorted(
        [
            make_glimmer(owner, f"twin #t{n}", noticed_at=same, new_people=[f"P{n}", "Both"])
            for n in range(2)
        ],
        key=lambda g: g.pk,
    )
    pages = list(records.glimmer_pages(owner, page=3))
    assert [len(p) for p in pages] == [3, 3, 3, 1]
    ids = [g.pk for p in pages for g in p]
    assert ids == [g.pk for g in made] + [g.pk for g in twins]
    # The twins straddle two pages at the same moment: each keeps its own details,
    # in the order the journal's own reads give them.
    read = {g.pk: g for p in pages for g in p}
    for twin in twins:
        shown = journal.get_glimmer(owner, twin.pk)
        assert [w.name for w in read[twin.pk].shown_people] == [p.name for p in shown.shown_people]
        assert [w.name for w in read[twin.pk].shown_tags] == [t.name for t in shown.shown_tags]


def _queries_for_export(user, fmt: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seen:
        b"".join(formats.export_for(user, fmt).chunks)
    return len(seen)


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_queries_do_not_grow_with_the_glimmers_on_a_page(owner, fmt):
    for n in range(5):
        make_glimmer(owner, f"#sea wave {n}", new_people=["Mum"], new_values=["calm"])
    make_trigger(owner, "A loud bang")
    few = _queries_for_export(owner, fmt)
    for n in range(10):
        make_glimmer(owner, f"#sea wave {n + 5}", new_people=["Mum"], new_values=["calm"])
    assert _queries_for_export(owner, fmt) == few


def test_the_export_holds_ones_own_part_of_circles_and_care(owner, other):
    """Circles one is in, what one shared and wrote there; care links, the reads, suggestions.
    Never another person's words."""
    import json

    from glimmers.care import services as care
    from glimmers.circles import services as circles
    from glimmers.yourdata.exporting.own_format import document_pieces
    from tests.factories import make_glimmer

    other.is_carer = True
    other.save(update_fields=["is_carer"])
    circle = circles.make_circle(owner, "Mum and me")
    circles.join(other, circles.invite(owner, circle)[1])
    glimmer = make_glimmer(owner, "Hydrangea")
    share = circles.share(owner, glimmer, [circle], with_photos=True)[0]
    circles.reply(other, share, "Sam's own words")
    theirs = circles.share(other, make_glimmer(other, "Sam's glimmer"), [circle])[0]
    circles.reply(owner, theirs, "The way you saw it")
    _link, code = care.invite(owner, "my counsellor", scope="sessions")
    link = care.confirm(owner, care.accept(other, code))
    care.mark_for_sessions(owner, glimmer)
    care.note_read(other, link, "summary")
    care.suggest(other, link, "Notice one sound")

    document = json.loads("".join(document_pieces(owner)))
    assert document["circles"][0]["name"] == "Mum and me"
    assert document["circles"][0]["kept_by_me"] is True
    assert document["shares"] == [
        {
            "glimmer": str(glimmer.pk),
            "circle": "Mum and me",
            "with_senses": True,
            "with_people": False,
            "with_photos": True,
            "shared_at": document["shares"][0]["shared_at"],
        }
    ]
    assert [r["noticed"] for r in document["replies"]] == ["The way you saw it"]
    assert document["care_links"][0]["label"] == "my counsellor"
    assert document["care_links"][0]["status"] == "active"
    assert [(r["carer"], r["page"]) for r in document["care_reads"]] == [
        ("my counsellor", "summary")
    ]
    assert document["for_sessions"] == [str(glimmer.pk)]
    assert document["suggestions"][0]["text"] == "Notice one sound"
    text = json.dumps(document)
    assert "Sam's own words" not in text
    assert "Sam's glimmer" not in text
