"""`glimmers import` hands Glimmers' own export to its reader (yourdata/exporting)."""

from __future__ import annotations

from glimmers.journal.models import Glimmer
from tests.cli import run
from tests.factories import make_glimmer


def test_an_export_is_found_by_its_contents_and_brought_in(owner, other, tmp_path):
    make_glimmer(owner, "Тепле світло на кухні ☀ #світло")
    exported = tmp_path / "mine.json"
    assert run("export", "--format", "json", "-o", str(exported), "--user", "olena").code == 0

    looked = run("import", str(exported), "--user", "sam", "--dry-run")
    assert looked.code == 0, looked.err
    assert "Dry run (glimmers)" in looked.out
    assert Glimmer.objects.filter(owner=other).count() == 0

    done = run("import", str(exported), "--user", "sam")
    assert done.code == 0, done.err
    assert "Brought in 1 glimmer (0 photos)" in done.out
    assert [g.text for g in Glimmer.objects.filter(owner=other)] == [
        "Тепле світло на кухні ☀ #світло"
    ]


def test_ones_own_export_brought_back_adds_nothing(owner, tmp_path):
    make_glimmer(owner, "Sea at dusk")
    exported = tmp_path / "mine.json"
    run("export", "--format", "json", "-o", str(exported))

    again = run("import", str(exported))

    assert again.code == 0, again.err
    assert "Brought in 0 glimmers" in again.out
    assert "already here     1" in again.out
    assert Glimmer.objects.filter(owner=owner).count() == 1


def test_someone_elses_export_brought_in_twice_adds_it_once(owner, other, tmp_path):
    make_glimmer(owner, "Sea at dusk")
    exported = tmp_path / "theirs.json"
    run("export", "--format", "json", "-o", str(exported), "--user", "olena")

    run("import", str(exported), "--user", "sam")
    run("import", str(exported), "--user", "sam")

    assert Glimmer.objects.filter(owner=other).count() == 1


def test_a_broken_export_changes_nothing(owner, tmp_path):
    broken = tmp_path / "mine.json"
    broken.write_text('{"format": "glimmers", "version": 1, "glimmers": [', encoding="utf-8")

    result = run("import", str(broken), "--format", "glimmers")

    assert result.code == 2
    assert result.err.startswith("glimmers: ")
    assert "Nothing was changed." in result.err
    assert Glimmer.objects.count() == 0
