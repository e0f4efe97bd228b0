"""json_entries: a journal's JSON read a piece at a time, one entry at a time."""

from __future__ import annotations

import io
import json

import pytest

from glimmers.yourdata.importing import textfiles
from glimmers.yourdata.importing.entries import Unreadable
from glimmers.yourdata.importing.textfiles import json_entries

ENTRIES = [
    {"title": "Тепле світло на кухні ☀", "body": "x" * 50, "n": n, "tags": ["@a"]}
    for n in range(40)
]
DOCUMENT = json.dumps(
    {"tags": {"@a": 40, "entries": 1}, "entries": ENTRIES, "after": True}, ensure_ascii=False
).encode()


@pytest.fixture(params=[7, 64, 1024 * 1024], ids=["7-byte pieces", "64-byte pieces", "1 MB"])
def piece(request, monkeypatch):
    monkeypatch.setattr(textfiles, "READ_CHUNK", request.param)
    return request.param


def entries(data: bytes) -> list:
    return list(json_entries(io.BytesIO(data), "It"))


def test_every_entry_comes_out_whole_whatever_the_pieces(piece):
    assert entries(DOCUMENT) == ENTRIES


def test_with_a_byte_order_mark_and_spaces(piece):
    assert entries(b"\xef\xbb\xbf \n" + DOCUMENT.replace(b", ", b" ,\n  ")) == ENTRIES


def test_an_empty_list(piece):
    assert entries(b'{"entries": [ ]}') == []


@pytest.mark.parametrize("cut", [30, 200, len(DOCUMENT) // 2, DOCUMENT.index(b"]}") - 1])
def test_cut_short_anywhere_is_refused(piece, cut):
    with pytest.raises(Unreadable, match=r"isn't complete JSON|cut short before"):
        entries(DOCUMENT[:cut])


def test_a_broken_entry_is_refused_and_says_after_which(piece):
    broken = b'{"entries": [{"n": 1}, {"n": 2}, {"n": 3,, }]}'
    with pytest.raises(Unreadable, match="after entry 2"):
        entries(broken)


def test_two_entries_without_a_comma_are_refused(piece):
    with pytest.raises(Unreadable, match="after entry 1"):
        entries(b'{"entries": [{"n": 1} {"n": 2}]}')


def test_not_json_and_no_list(piece):
    with pytest.raises(Unreadable, match="isn't JSON"):
        entries(b"[2026-06-01 07:30:00 AM] jrnl text")
    with pytest.raises(Unreadable, match="no list of entries"):
        entries(b'{"metadata": {}}')


def test_not_utf8(piece):
    with pytest.raises(Unreadable, match="UTF-8"):
        entries(b'{"entries": [{"t": "caf\xe9"}]}')


def test_it_reads_no_more_than_it_may(monkeypatch):
    monkeypatch.setattr(textfiles, "READ_CHUNK", 1024)
    with pytest.raises(Unreadable, match="larger than we read safely"):
        list(json_entries(io.BytesIO(DOCUMENT), "It", most=2048))


def test_entries_come_out_before_the_file_is_read_to_its_end(monkeypatch):
    monkeypatch.setattr(textfiles, "READ_CHUNK", 256)
    stream = io.BytesIO(DOCUMENT)
    first = next(json_entries(stream, "It"))

    assert first == ENTRIES[0]
    assert stream.tell() < len(DOCUMENT) // 2


def test_glimmers_own_export_is_checked_in_bounded_memory(tmp_path):
    """20 MB of export read with the memory of one glimmer, not of the file."""
    import tracemalloc

    from glimmers.yourdata.importing.glimmers_json import check

    glimmer = {"id": None, "noticed_at": "2026-06-01T07:42:05+03:00", "text": "Світло " * 150}
    path = tmp_path / "big.json"
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "glimmers", "version": 1, "glimmers": [\n')
        out.write(",\n".join(json.dumps(glimmer, ensure_ascii=False) for _ in range(15_000)))
        out.write("\n]}\n")
    assert path.stat().st_size > 15_000_000

    tracemalloc.start()
    try:
        assert check(path) == 15_000
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 2_000_000, f"peak {peak:,} bytes"
