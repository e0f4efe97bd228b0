"""Bytes out, a little at a time: what every export is written through.

Each format is a generator of ``bytes`` chunks. The command line writes them
to a file (or standard output), the page and the API hand the same generator
to a StreamingHttpResponse, so all three give the same bytes and none of
them holds a whole journal in memory.

A ZIP is written with ``zipfile`` to a sink that cannot seek: zipfile then
puts each entry's sizes after its data, which any unzip tool reads.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime

# Hand a chunk on once this much has gathered (a ZIP's text, a CSV's rows).
CHUNK_BYTES = 64 * 1024


class Sink:
    """A write-only file object that gathers bytes until they are taken.

    It has no ``tell`` or ``seek``, so zipfile writes it as a stream.
    """

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        chunk = bytes(data)
        self._parts.append(chunk)
        self.size += len(chunk)
        return len(chunk)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        self.size = 0
        return data


def encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    """UTF-8 bytes of ``pieces``, in chunks of about CHUNK_BYTES."""
    gathered: list[str] = []
    size = 0
    for piece in pieces:
        gathered.append(piece)
        size += len(piece)
        if size >= CHUNK_BYTES:
            yield "".join(gathered).encode("utf-8")
            gathered.clear()
            size = 0
    if gathered:
        yield "".join(gathered).encode("utf-8")


class Entry:
    """One file of a ZIP: its name, and its bytes as chunks (read only when it is written)."""

    def __init__(self, name: str, chunks: Iterable[bytes], *, compress: bool = True):
        self.name = name
        self.chunks = chunks
        self.compress = compress


def zipped(entries: Iterable[Entry], when: datetime) -> Iterator[bytes]:
    """A ZIP of ``entries``, as chunks. ``when``: the time each file is dated."""
    sink = Sink()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(sink, "w") as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED if entry.compress else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w", force_zip64=True) as file:
                for chunk in entry.chunks:
                    file.write(chunk)
                    if sink.size >= CHUNK_BYTES:
                        yield sink.take()
            if sink.size >= CHUNK_BYTES:
                yield sink.take()
    yield sink.take()


def file_chunks(storage, name: str) -> Iterator[bytes]:
    """A stored file's bytes, in chunks."""
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk
