"""`glimmers export` (exporting/cli.py)."""

from __future__ import annotations

import io
import json
import sys
import types
import zipfile

import pytest

from glimmers.cli import main
from tests.factories import make_glimmer
from tests.yourdata.test_export_json import build_rich_account


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args, out=None):
    out = out if out is not None else io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out, err.getvalue()


def test_it_writes_json_to_a_file(owner, tmp_path):
    glimmer = make_glimmer(owner, "Тепле світло на кухні ☀")
    path = tmp_path / "mine.json"
    code, _out, err = run("export", "--user", "olena", "--format", "json", "-o", str(path))
    assert code == 0, err
    doc = json.loads(path.read_text("utf-8"))
    assert doc["glimmers"][0]["id"] == str(glimmer.pk)
    assert f"Your journal is in {path}" in err
    assert not list(tmp_path.glob(".*part"))  # no temporary file left behind


def test_json_with_photos_is_a_zip(owner, tmp_path):
    build_rich_account(owner)
    path = tmp_path / "mine.zip"
    code, _out, err = run("export", "--format", "json", "-o", str(path))
    assert code == 0, err
    assert "a ZIP, with your photos" in err
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert names[0] == "glimmers.json" and len(names) == 3


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_other_formats_to_a_file(owner, tmp_path, fmt):
    make_glimmer(owner, "Birdsong at dawn")
    path = tmp_path / f"out.{fmt}"
    code, _out, err = run("export", "--format", fmt, "-o", str(path))
    assert code == 0, err
    raw = path.read_bytes()
    assert b"Birdsong at dawn" in raw or zipfile.is_zipfile(path)


def test_it_pipes_to_standard_output(owner):
    make_glimmer(owner, "Birdsong at dawn")
    code, out, err = run("export", "--format", "csv")
    assert code == 0, err
    out.flush()
    raw = out.buffer.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf") and b"Birdsong at dawn" in raw


def test_it_never_writes_bytes_to_a_terminal(owner):
    make_glimmer(owner, "Birdsong at dawn")
    code, out, err = run("export", "--format", "json", out=Terminal())
    assert code == 2
    assert "-o PATH" in err
    assert out.getvalue() == ""


def test_a_missing_folder_is_one_clear_line(owner, tmp_path):
    code, _out, err = run("export", "-o", str(tmp_path / "nowhere" / "x.json"))
    assert code == 2
    assert "There is no folder" in err and "Traceback" not in err


def test_an_unknown_format_is_refused(owner, tmp_path):
    code, _out, err = run("export", "--format", "docx", "-o", str(tmp_path / "x"))
    assert code == 2 and "invalid choice" in err
    assert not list(tmp_path.iterdir())


def test_pdf_options_belong_to_pdf(owner, tmp_path):
    code, _out, err = run("export", "--format", "csv", "--tag", "sea", "-o", str(tmp_path / "x"))
    assert code == 2 and "--format pdf" in err


def test_pdf_says_when_it_is_not_there_yet(owner, tmp_path, monkeypatch):
    # As before helper E's module lands: importing it fails.
    monkeypatch.setitem(sys.modules, "glimmers.yourdata.exporting.pdf", None)
    path = tmp_path / "book.pdf"
    code, _out, err = run("export", "--format", "pdf", "-o", str(path))
    assert code == 2
    assert "isn't available yet" in err
    assert not path.exists() and not list(tmp_path.iterdir())


def test_pdf_options_reach_the_pdf_writer(owner, tmp_path, monkeypatch):
    seen = {}

    def write_pdf(user, out, *, since=None, until=None, tag=None, reliable_only=False):
        seen.update(user=user, since=since, until=until, tag=tag, reliable_only=reliable_only)
        out.write(b"%PDF-1.7 pretend")

    fake = types.ModuleType("glimmers.yourdata.exporting.pdf")
    fake.write_pdf = write_pdf
    monkeypatch.setitem(sys.modules, "glimmers.yourdata.exporting.pdf", fake)
    path = tmp_path / "book.pdf"
    code, _out, err = run(
        "export",
        "--format",
        "pdf",
        "--since",
        "2026-01-01",
        "--until",
        "2026-02-01",
        "--tag",
        "sea",
        "--reliable",
        "-o",
        str(path),
    )
    assert code == 0, err
    assert path.read_bytes() == b"%PDF-1.7 pretend"
    assert seen["user"] == owner and seen["tag"] == "sea" and seen["reliable_only"]
    assert str(seen["since"]) == "2026-01-01" and str(seen["until"]) == "2026-02-01"


def test_since_after_until_is_refused(owner, tmp_path):
    code, _out, err = run(
        "export", "-f", "pdf", "--since", "2026-02-01", "--until", "2026-01-01", "-o", "x.pdf"
    )
    assert code == 2 and "swap them" in err


def test_another_persons_export_needs_their_name(owner, other, tmp_path):
    make_glimmer(other, "Sam's own")
    make_glimmer(owner, "Olena's own")
    path = tmp_path / "sam.json"
    code, _out, err = run("export", "--user", "sam", "-o", str(path))
    assert code == 0, err
    texts = [g["text"] for g in json.loads(path.read_text())["glimmers"]]
    assert texts == ["Sam's own"]
