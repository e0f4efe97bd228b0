"""Importing Daylio's CSV export and any CSV with a header row."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from pathlib import Path

import pytest

from glimmers.journal.models import Glimmer
from glimmers.yourdata.importing.service import ImportFailed, import_journal
from glimmers.yourdata.models import ImportedEntry
from tests.cli import run
from tests.factories import make_glimmer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")


def glimmers(user) -> list[Glimmer]:
    return list(Glimmer.objects.filter(owner=user).order_by("noticed_at"))


def tags_of(glimmer) -> set[str]:
    return {tag.name for tag in glimmer.tags.all()}


# --- Daylio ---------------------------------------------------------------------------------


def test_daylio_seven_columns(owner):
    result = run("import", str(FIXTURES / "daylio-7.csv"))

    assert result.code == 0, result.err
    assert "Brought in 2 glimmers" in result.out
    assert "left out         1: A mood with no words" in result.out
    first, last = glimmers(owner)
    assert first.text == "Тепле світло на кухні ☀\n\n#rad"
    assert first.noticed_at == datetime(2026, 6, 1, 12, 40, tzinfo=KYIV)
    assert last.text == (
        "Sat on the porch with Ana\nthe cat purred the whole time\n\n#good #friends #movies"
    )
    assert last.noticed_at == datetime(2026, 6, 3, 20, 30, tzinfo=KYIV)


def test_daylio_eight_columns_with_a_bom_and_ukrainian_names(owner):
    report = import_journal(owner, FIXTURES / "daylio-8.csv")

    assert report.format == "daylio"
    assert (report.new, sum(report.left_out.values())) == (2, 1)
    first, last = glimmers(owner)
    assert first.text == "Перша кава 🍵\n\n#добре"
    assert (
        last.text == "Вечір\n\nМама сміялася\nТепле світло на кухні ☀\n\n#супер #родина #прогулянка"
    )
    assert tags_of(last) == {"супер", "родина", "прогулянка"}


def test_daylio_nine_columns_keeps_words_and_activities_never_the_scales(owner):
    import_journal(owner, FIXTURES / "daylio-9.csv")

    (glimmer,) = glimmers(owner)
    assert glimmer.text == "The sea\n\nCold water, warm sand\n\n#good #sea #good-meal"
    assert "energy" not in glimmer.text


def test_daylio_again_adds_nothing(owner):
    import_journal(owner, FIXTURES / "daylio-8.csv")
    report = import_journal(owner, FIXTURES / "daylio-8.csv")

    assert (report.new, report.already) == (0, 2)
    assert Glimmer.objects.count() == 2


def test_daylio_dry_run_changes_nothing(owner):
    result = run("import", str(FIXTURES / "daylio-8.csv"), "--dry-run")

    assert "would bring in   2 glimmers" in result.out
    assert "Перша кава 🍵" in result.out
    assert Glimmer.objects.count() == 0


def test_daylio_row_with_an_unreadable_date_is_named(owner, tmp_path):
    bad = tmp_path / "daylio.csv"
    bad.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2026-13-45,x,x,20:30,good,,,Words\n"
        "2026-06-01,x,x,20:30,good,,,Sea\n",
        encoding="utf-8",
    )
    result = run("import", str(bad))

    assert "line 2: Its date or time can't be read." in result.out
    assert [g.text for g in glimmers(owner)] == ["Sea\n\n#good"]


def test_daylio_cut_short_inside_a_note_changes_nothing(owner, tmp_path):
    make_glimmer(owner, "Mine")
    cut = tmp_path / "daylio.csv"
    cut.write_bytes((FIXTURES / "daylio-7.csv").read_bytes()[:150])

    result = run("import", str(cut))

    assert result.code == 2
    assert "That CSV breaks at line" in result.err
    assert [g.text for g in glimmers(owner)] == ["Mine"]


# --- Any CSV --------------------------------------------------------------------------------


def test_csv_columns_are_guessed_and_shown_in_the_dry_run(owner):
    result = run("import", str(FIXTURES / "generic.csv"), "--dry-run")

    assert result.code == 0, result.err
    assert "Dry run (csv)" in result.out
    assert "Columns: text=Note, title=—, date=Date, time=Time, tags=Tags" in result.out
    assert "would bring in   3 glimmers" in result.out
    assert "line 6: Its date (“not a date”) can't be read" in result.out
    assert Glimmer.objects.count() == 0


def test_csv_brings_in_words_dates_and_tags_never_a_score(owner):
    import_journal(owner, FIXTURES / "generic.csv")

    first, second, third = glimmers(owner)
    assert first.text == "Warm light on the kitchen wall\n\n#light #home"
    assert first.noticed_at == datetime(2026, 6, 1, 7, 30, tzinfo=KYIV)
    assert second.text == "Тепле світло на кухні ☀\nМама сміялася 🙂\n\n#родина"
    assert second.noticed_at == datetime(2026, 6, 2, 12, 0, tzinfo=KYIV)  # no time: noon
    assert third.noticed_at == datetime(2026, 6, 3, 19, 15, tzinfo=UTC)  # its own offset
    assert all("4" not in g.text for g in (first,))


def test_csv_mapping_can_be_given(owner, tmp_path):
    data = tmp_path / "odd.csv"
    data.write_text("Day,What,Extra\n2026-06-01,Birdsong,ignored\n", encoding="utf-8")

    assert run("import", str(data)).code == 2  # "What" isn't a name we guess
    result = run("import", str(data), "--map", "text=What,date=Day")

    assert result.code == 0, result.err
    assert [g.text for g in glimmers(owner)] == ["Birdsong"]


def test_csv_a_mapping_to_a_missing_column_is_one_clear_message(owner):
    result = run("import", str(FIXTURES / "generic.csv"), "--map", "text=Nope")

    assert result.code == 2
    assert "That CSV has no column called “Nope”; its columns are: Date, Time, Note" in result.err


def test_csv_semicolons_and_day_first_dates(owner):
    report = import_journal(owner, FIXTURES / "columns.csv")

    assert report.format == "csv"
    (glimmer,) = glimmers(owner)
    assert glimmer.text == "Rain on the roof\n\n#rain"
    assert glimmer.noticed_at == datetime(2026, 6, 1, 19, 0, tzinfo=KYIV)


def test_csv_again_adds_nothing(owner):
    import_journal(owner, FIXTURES / "generic.csv")
    report = import_journal(owner, FIXTURES / "generic.csv")

    assert (report.new, report.already) == (0, 3)
    assert ImportedEntry.objects.filter(owner=owner).count() == 3


def test_a_binary_file_as_csv_changes_nothing(owner, tmp_path):
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xd8" * 10)

    with pytest.raises(ImportFailed):
        import_journal(owner, binary, format_name="csv")
    assert Glimmer.objects.count() == 0


def test_daylio_seven_columns_with_ukrainian_month_names(owner, tmp_path):
    daylio = tmp_path / "daylio.csv"
    daylio.write_text(
        "year,date,weekday,time,mood,activities,note\n"
        "2026,1 червня,понеділок,21:10,супер,,Тепле світло на кухні ☀\n",
        encoding="utf-8",
    )

    import_journal(owner, daylio)

    (glimmer,) = glimmers(owner)
    assert glimmer.noticed_at == datetime(2026, 6, 1, 21, 10, tzinfo=KYIV)
    assert glimmer.text == "Тепле світло на кухні ☀\n\n#супер"


def test_csv_dates_written_another_way_are_read_as_told(owner, tmp_path):
    data = tmp_path / "us.csv"
    data.write_text("Date,Note\n06/01/2026,Fireflies\n13/01/2026,Not a month\n", encoding="utf-8")

    guessed = run("import", str(data), "--dry-run")
    assert "line 2: Its date (“06/01/2026”) can't be read" in guessed.out
    assert "--date-format (e.g. %d/%m/%Y)" in guessed.out

    told = run("import", str(data), "--date-format", "%m/%d/%Y")

    assert told.code == 0, told.err
    assert "line 3: Its date (“13/01/2026”) can't be read" in told.out
    (glimmer,) = glimmers(owner)
    assert glimmer.text == "Fireflies"
    assert glimmer.noticed_at == datetime(2026, 6, 1, 12, 0, tzinfo=KYIV)
