"""The Markdown export: a ZIP, a file per day, front matter, photos (exporting/markdown.py)."""

from __future__ import annotations

import io
import json
import posixpath
import zipfile

from glimmers.yourdata.exporting import formats
from tests.yourdata.test_export_json import KYIV_TEXT, build_rich_account


def files_of(user) -> dict[str, bytes]:
    made = formats.export_for(user, "markdown")
    assert made.is_zip and made.filename.endswith("-markdown.zip")
    with zipfile.ZipFile(io.BytesIO(b"".join(made.chunks))) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    block = text.split("---\n")[1]
    pairs = (line.split(": ", 1) for line in block.strip().splitlines())
    return {key: json.loads(value) for key, value in pairs}


def test_one_file_per_day_with_front_matter_and_sections(owner):
    rich = build_rich_account(owner)
    files = files_of(owner)

    days = sorted(name for name in files if name.endswith(".md"))
    assert days == ["2022/2022-01-15.md", "2026/2026-06-01.md"]
    text = files["2026/2026-06-01.md"].decode("utf-8")
    meta = front_matter(text)
    assert meta["date"] == "2026-06-01"
    assert meta["glimmers"] == 2
    assert meta["tags"] == ["ранок"]
    assert set(meta["people"]) == {"Бабуся", "Sam"}
    assert "## 08:42" in text  # the time in the person's own zone (Kyiv)
    assert KYIV_TEXT in text
    assert "(counted, no words yet)" in text
    assert "**Morning intention:** Look for light" in text
    assert "## Hard moments" in text and "A siren, far off" in text
    assert "## Evening reflection" in text and "Бабуся's voice" in text
    assert (
        text.index("Morning intention") < text.index(KYIV_TEXT) < text.index("Evening reflection")
    )
    # Photos: relative links that resolve to files in the ZIP.
    links = [line for line in text.splitlines() if line.startswith("![")]
    assert len(links) == 2
    for link in links:
        target = link.split("](", 1)[1].rstrip(")")
        resolved = posixpath.normpath(posixpath.join("2026", target))
        assert resolved in files and resolved.startswith(f"photos/{rich['first'].pk}-")


def test_remembered_glimmers_name_their_time(owner):
    build_rich_account(owner)
    text = files_of(owner)["2022/2022-01-15.md"].decode("utf-8")
    assert "remembered (winter 2022)" in text


def test_names_with_quotes_stay_valid_front_matter(owner):
    from tests.factories import make_glimmer

    make_glimmer(owner, 'A "quiet" minute', new_people=['Mum: "the best"'])
    (name,) = [n for n in files_of(owner) if n.endswith(".md")]
    meta = front_matter(files_of(owner)[name].decode("utf-8"))
    assert meta["people"] == ['Mum: "the best"']


def test_a_strangers_days_are_not_in_it(owner, stranger):
    from tests.factories import make_glimmer

    make_glimmer(stranger, "not yours")
    make_glimmer(owner, "yours")
    files = files_of(owner)
    assert all(b"not yours" not in content for content in files.values())
