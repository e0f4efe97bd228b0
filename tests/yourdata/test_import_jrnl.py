"""Importing jrnl's text file and its JSON export, through `glimmers import` and the service."""

from __future__ import annotations

import shutil
import zoneinfo
from datetime import datetime
from pathlib import Path

import pytest

from glimmers.journal.models import Glimmer
from glimmers.yourdata.importing.service import ImportFailed, import_journal
from glimmers.yourdata.models import ImportedEntry
from tests.cli import run
from tests.factories import make_glimmer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")


def texts(user) -> list[str]:
    return list(
        Glimmer.objects.filter(owner=user).order_by("noticed_at").values_list("text", flat=True)
    )


def tags_of(glimmer) -> set[str]:
    return {tag.name for tag in glimmer.tags.all()}


def test_it_brings_in_the_text_file_word_for_word(owner):
    result = run("import", str(FIXTURES / "jrnl.txt"), "--user", "olena")

    assert result.code == 0, result.err
    assert "Brought in 3 glimmers" in result.out
    assert texts(owner) == [
        "Warm light on the kitchen wall. The kettle ticking as it cooled.\n\n"
        "It stayed with me through breakfast. @home @light\n\n#home #light",
        "Тепле світло на кухні ☀\nМама сміялася в телефоні. @родина\n\n#родина #starred",
        "A stranger's real smile at the bakery. [not a date] stays in the body.",
    ]


def test_the_file_has_no_time_zone_so_times_are_the_persons_own(owner):
    import_journal(owner, FIXTURES / "jrnl.txt", format_name="jrnl")

    first = Glimmer.objects.filter(owner=owner).order_by("noticed_at").first()
    assert first.noticed_at == datetime(2026, 6, 1, 7, 30, tzinfo=KYIV)


def test_a_star_becomes_the_tag_starred_not_the_glimmer_menu(owner):
    import_journal(owner, FIXTURES / "jrnl.txt")

    starred = Glimmer.objects.get(owner=owner, text__startswith="Тепле")
    assert tags_of(starred) == {"родина", "starred"}
    assert not starred.reliable
    assert "*" not in starred.text


def test_the_json_export_gives_the_same_glimmers_and_keys(owner, other):
    import_journal(owner, FIXTURES / "jrnl.txt")
    import_journal(other, FIXTURES / "jrnl.json")

    mine = Glimmer.objects.filter(owner=owner).order_by("noticed_at")
    theirs = Glimmer.objects.filter(owner=other).order_by("noticed_at")
    assert [tags_of(g) for g in mine] == [tags_of(g) for g in theirs]
    assert len(theirs) == 3
    keys = lambda user: set(  # noqa: E731
        ImportedEntry.objects.filter(owner=user).values_list("source_key", flat=True)
    )
    assert keys(owner) == keys(other)


def test_the_json_export_after_the_text_file_adds_nothing(owner):
    import_journal(owner, FIXTURES / "jrnl.txt")
    report = import_journal(owner, FIXTURES / "jrnl.json")

    assert (report.new, report.already) == (0, 3)
    assert Glimmer.objects.filter(owner=owner).count() == 3


def test_importing_the_same_file_again_adds_nothing(owner):
    assert run("import", str(FIXTURES / "jrnl.txt")).code == 0
    result = run("import", str(FIXTURES / "jrnl.txt"))

    assert result.code == 0
    assert "Brought in 0 glimmers" in result.out
    assert "already here     3" in result.out
    assert Glimmer.objects.filter(owner=owner).count() == 3


def test_a_deleted_glimmer_does_not_come_back_on_a_second_import(owner):
    import_journal(owner, FIXTURES / "jrnl.txt")
    Glimmer.objects.filter(owner=owner, text__startswith="A stranger").delete()

    report = import_journal(owner, FIXTURES / "jrnl.txt")

    assert report.new == 0
    assert Glimmer.objects.filter(owner=owner).count() == 2


def test_a_dry_run_shows_what_would_come_in_and_changes_nothing(owner):
    result = run("import", str(FIXTURES / "jrnl.txt"), "--dry-run")

    assert result.code == 0
    assert "Dry run (jrnl): nothing was changed." in result.out
    assert "would bring in   3 glimmers" in result.out
    assert "from             1 June 2026, 07:30 to 3 June 2026, 12:05" in result.out
    assert "Тепле світло на кухні ☀" in result.out
    assert Glimmer.objects.count() == 0
    assert ImportedEntry.objects.count() == 0


def test_json_output_for_scripts(owner):
    result = run("import", str(FIXTURES / "jrnl.json"), "--dry-run", "--json")

    data = result.json()
    assert data["format"] == "jrnl"
    assert data["new"] == 3
    assert data["first"][1]["text"].startswith("Тепле світло на кухні ☀")


def test_a_config_beside_the_file_gives_its_timeformat(owner, tmp_path):
    (tmp_path / "jrnl.yaml").write_text('timeformat: "%d.%m.%Y %H:%M"\n', encoding="utf-8")
    journal = tmp_path / "journal.txt"
    journal.write_text("[01.06.2026 07:30] Sun on the floor.\n", encoding="utf-8")

    report = import_journal(owner, journal)

    assert report.format == "jrnl"
    assert texts(owner) == ["Sun on the floor."]


def test_a_timeformat_can_be_given_on_the_command_line(owner, tmp_path):
    journal = tmp_path / "journal.txt"
    journal.write_text("[01/06/2026 19:00] Rain on the roof.\n", encoding="utf-8")

    result = run("import", str(journal), "--format", "jrnl", "--jrnl-timeformat", "%d/%m/%Y %H:%M")

    assert result.code == 0, result.err
    assert Glimmer.objects.get(owner=owner).noticed_at == datetime(2026, 6, 1, 19, tzinfo=KYIV)


def test_an_entry_in_the_future_is_named_and_the_rest_come_in(owner, tmp_path):
    journal = tmp_path / "journal.txt"
    journal.write_text(
        "[2026-06-01 07:30:00 AM] Birdsong.\n\n[2099-01-01 07:30:00 AM] Not yet.\n",
        encoding="utf-8",
    )
    result = run("import", str(journal))

    assert result.code == 0
    assert "line 3: It is dated in the future." in result.out
    assert texts(owner) == ["Birdsong."]


def test_a_file_that_is_not_jrnl_changes_nothing(owner, tmp_path):
    make_glimmer(owner, "Already mine")
    wrong = tmp_path / "notes.txt"
    wrong.write_text("Just some words\n[2026-06-01 07:30:00 AM] later\n", encoding="utf-8")

    result = run("import", str(wrong), "--format", "jrnl")

    assert result.code == 2
    assert "Line 1 doesn't start with a date in brackets" in result.err
    assert "Nothing was changed." in result.err
    assert texts(owner) == ["Already mine"]


def test_a_cut_short_json_changes_nothing(owner, tmp_path):
    cut = tmp_path / "cut.json"
    cut.write_bytes((FIXTURES / "jrnl.json").read_bytes()[:300])

    result = run("import", str(cut))

    assert result.code == 2
    assert "isn't complete JSON" in result.err
    assert Glimmer.objects.count() == 0


def test_a_file_that_is_not_utf8_changes_nothing(owner, tmp_path):
    latin = tmp_path / "journal.txt"
    latin.write_bytes("[2026-06-01 07:30:00 AM] Café\n".encode() + b"\xff\xfe bad\n")

    with pytest.raises(ImportFailed, match="isn't UTF-8"):
        import_journal(owner, latin, format_name="jrnl")
    assert Glimmer.objects.count() == 0


def test_a_file_that_breaks_halfway_leaves_the_journal_as_it_was(owner, tmp_path):
    """The first entries are written before the bad line is read; all are undone."""
    from glimmers.yourdata.importing import service

    big = tmp_path / "journal.txt"
    good = "".join(f"[2026-05-{day:02d} 07:30:00 AM] Morning {day}.\n\n" for day in range(1, 29))
    big.write_bytes(good.encode() * 30 + b"[2026-06-01 07:30:00 AM] \xff\n")
    service_batch = service.BATCH
    service.BATCH = 10
    try:
        with pytest.raises(ImportFailed):
            import_journal(owner, big)
    finally:
        service.BATCH = service_batch
    assert Glimmer.objects.count() == 0
    assert ImportedEntry.objects.count() == 0


def test_a_stranger_is_untouched_and_gets_their_own_copy(owner, stranger):
    make_glimmer(stranger, "The stranger's own")
    import_journal(owner, FIXTURES / "jrnl.txt")

    assert texts(stranger) == ["The stranger's own"]
    report = import_journal(stranger, FIXTURES / "jrnl.txt")
    assert report.new == 3  # someone else's import doesn't count as theirs


def test_a_missing_path_is_one_clear_line(owner):
    result = run("import", "/no/such/journal.txt")

    assert result.code == 2
    assert result.err.startswith("glimmers: There is nothing at /no/such/journal.txt.")


def test_detection_by_content_not_name(owner, tmp_path):
    renamed = tmp_path / "export.data"
    shutil.copy(FIXTURES / "jrnl.json", renamed)

    assert import_journal(owner, renamed, dry_run=True).format == "jrnl"


def _fresh_journal(tmp_path) -> dict:
    import os
    import subprocess
    import sys

    env = {**os.environ, "GLIMMERS_DATA_DIR": str(tmp_path / "data")}
    env.pop("GLIMMERS_DATABASE_URL", None)
    env["DJANGO_SUPERUSER_PASSWORD"] = "a-calm-long-passphrase-42"
    for setup in (["migrate", "-v0"], ["createsuperuser", "--noinput", "--username", "ana"]):
        made = subprocess.run(
            [sys.executable, "-m", "glimmers", *setup], env=env, capture_output=True, timeout=120
        )
        assert made.returncode == 0, made.stderr
    return env


def test_a_terminal_sees_entries_counted_and_a_pipe_does_not(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    env = _fresh_journal(tmp_path)
    journal = tmp_path / "journal.txt"
    journal.write_text(
        "".join(f"[2026-05-01 07:{m:02d}:00 AM] Light {m}.\n\n" for m in range(60)) * 20,
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "glimmers", "import", str(journal), "--dry-run"]

    main_end, terminal = pty.openpty()
    shown = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=terminal, timeout=120)
    os.close(terminal)
    seen = b""
    try:
        while chunk := os.read(main_end, 4096):
            seen += chunk
    except OSError:
        pass  # the terminal's other end is closed: all read
    os.close(main_end)
    piped = subprocess.run(command, env=env, capture_output=True, timeout=120)

    assert shown.returncode == 0
    assert b"Checking the file: 1,200 read" in seen
    assert b"Checking the file" not in piped.stderr
    assert b"would bring in   60 glimmers" in piped.stdout


def test_an_empty_file_is_one_clear_message(owner, tmp_path):
    empty = tmp_path / "journal.txt"
    empty.write_bytes(b"")

    result = run("import", str(empty))

    assert result.code == 2
    assert result.err == "glimmers: That file is empty. Nothing was changed.\n"


def test_a_folder_given_as_jrnl_is_one_clear_message(owner, tmp_path):
    result = run("import", str(tmp_path), "--format", "jrnl")

    assert result.code == 2
    assert "can't be opened" in result.err


def test_a_map_without_an_equals_sign_is_refused(owner):
    result = run("import", str(FIXTURES / "generic.csv"), "--map", "Note")

    assert result.code == 2
    assert "“Note” in --map should read field=Column" in result.err


def test_an_unknown_format_is_refused_by_the_parser(owner):
    result = run("import", str(FIXTURES / "jrnl.txt"), "--format", "evernote")

    assert result.code == 2
    assert "invalid choice: 'evernote'" in result.err


def test_another_timeformat_found_by_auto_asks_for_it(owner, tmp_path):
    journal = tmp_path / "journal.txt"
    journal.write_text("[01.06.2026 07:30] Sun on the floor, warm.\n", encoding="utf-8")

    result = run("import", str(journal))

    assert result.code == 2
    assert "give it with --jrnl-timeformat" in result.err
