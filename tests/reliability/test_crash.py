"""Crash: kill the server with SIGKILL while ten clients write, and lose nothing acknowledged.

Ten clients keep creating glimmers with their own ids (PUT, retried until
acknowledged, as an offline client does), add photos to some, and delete
some photos again. Meanwhile the server is killed with SIGKILL at random
moments and started again on the same port. Afterwards:

- every glimmer a client saw acknowledged is there, exactly once, with the
  text that client sent, and nothing is there that no client sent;
- every acknowledged photo is there and every acknowledged delete stuck;
- every photo file on disk has its row and every row has both its files
  (`glimmers serve` sweeps files an interrupted save left, at start-up);
- on SQLite, `PRAGMA integrity_check` says ok and no foreign key is broken;
- nothing answered 5xx.

Short: 3 kills. GLIMMERS_RELIABILITY=full: 25 kills.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid

import loadgen
import pytest

from tests.factories import jpeg_bytes
from tests.reliability.conftest import FULL, record

CLIENTS = 10
KILLS = 25 if FULL else 3
USER = "crash"


class Book:
    """What the clients were told, kept under one lock (on_reply runs in their threads)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent: dict[str, str] = {}  # glimmer id -> text, every id ever sent
        self.acked: dict[str, str] = {}  # glimmer id -> text, acknowledged
        self.photos: dict[str, str] = {}  # photo id -> glimmer id, acknowledged
        self.deleted: set[str] = set()  # photo ids whose delete was acknowledged
        self.surprises: list[str] = []
        self.unanswered = 0

    @property
    def acks(self) -> int:
        return len(self.acked)


class Client:
    """One client: mostly new glimmers, some photos, a few photo deletes."""

    def __init__(self, index: int, book: Book, headers: dict[str, str], jpeg: bytes):
        self.rng = random.Random(index)
        self.book = book
        self.headers = headers
        self.photo_body, self.photo_type = loadgen.multipart(
            "file", "light.jpg", jpeg, "image/jpeg"
        )
        self.pending: loadgen.Call | None = None  # a create or delete to send until answered
        self.mine: list[str] = []  # my acknowledged glimmers
        self.my_photos: list[str] = []
        self.retried_deletes: set[str] = set()
        self.n = 0

    def next_call(self) -> loadgen.Call:
        if self.pending is not None:
            return self.pending
        roll = self.rng.random()
        if self.mine and roll < 0.15:
            glimmer = self.rng.choice(self.mine)
            headers = {**self.headers, "Content-Type": self.photo_type}
            return loadgen.Call(
                "POST", f"/api/v1/glimmers/{glimmer}/photos", self.photo_body, headers, "photo"
            )
        if self.my_photos and roll < 0.2:
            photo = self.my_photos.pop(self.rng.randrange(len(self.my_photos)))
            self.pending = loadgen.Call(
                "DELETE", f"/api/v1/photos/{photo}", None, self.headers, ("delete", photo)
            )
            return self.pending
        self.n += 1
        glimmer = uuid.uuid4().hex
        text = f"Crash test glimmer {self.n} #steady {glimmer}"
        with self.book.lock:
            self.book.sent[glimmer] = text
        body = json.dumps({"text": text, "senses": ["sight"]}).encode()
        self.pending = loadgen.Call(
            "PUT", f"/api/v1/glimmers/{glimmer}", body, self.headers, ("put", glimmer)
        )
        return self.pending

    def on_reply(self, call: loadgen.Call, reply: loadgen.Reply) -> None:
        book = self.book
        if reply.status is None:
            with book.lock:
                book.unanswered += 1
            if call.tag != "photo" and call.tag[0] == "delete":
                self.retried_deletes.add(call.tag[1])
            return  # the pending create or delete is sent again
        what = call.tag if call.tag == "photo" else call.tag[0]
        with book.lock:
            if what == "put" and reply.status in (200, 201):
                glimmer = call.tag[1]
                if json.loads(reply.body)["text"] != book.sent[glimmer]:
                    book.surprises.append(f"PUT {glimmer} answered with other words")
                book.acked[glimmer] = book.sent[glimmer]
                self.mine.append(glimmer)
                self.pending = None
            elif what == "photo" and reply.status == 201:
                photo = uuid.UUID(json.loads(reply.body)["id"]).hex
                book.photos[photo] = call.path.split("/")[4]
                self.my_photos.append(photo)
            elif what == "delete" and (
                reply.status == 204 or (reply.status == 404 and call.tag[1] in self.retried_deletes)
            ):
                book.deleted.add(call.tag[1])
                self.pending = None
            else:
                book.surprises.append(f"{call.method} {call.path}: {reply.status} {reply.body!r}")
                self.pending = None


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_acknowledged_writes_survive_sigkill(make_journal):
    journal = make_journal([USER])
    server = journal.server.start()
    book = Book()
    jpeg = jpeg_bytes(size=(320, 240))
    clients = [Client(i, book, journal.headers(USER), jpeg) for i in range(CLIENTS)]
    stop = threading.Event()
    outcome: dict = {}

    def load():
        outcome["result"] = loadgen.run(
            journal.port,
            CLIENTS,
            lambda i: clients[i].next_call(),
            on_reply=lambda i, call, reply: clients[i].on_reply(call, reply),
            stop=stop,
            timeout=120,
            pause_after_error=0.05,
        )

    rng = random.Random(2026)
    runner = threading.Thread(target=load, daemon=True)
    runner.start()
    try:
        for _ in range(KILLS):
            # Let some writes through after each start, then strike at a random moment.
            floor = book.acks + rng.randint(3, 15)
            _wait_for(lambda floor=floor: book.acks >= floor, 300, "writes after a restart")
            time.sleep(rng.uniform(0, 0.4))
            server.kill()
            server.start()
        floor = book.acks + 10
        _wait_for(lambda: book.acks >= floor, 300, "writes after the last restart")
    finally:
        stop.set()
        runner.join(timeout=300)
    assert not runner.is_alive()
    result = outcome["result"]

    # An offline client keeps its unacknowledged creates and sends them again.
    conn = loadgen.connect(journal.port, timeout=120)
    for client in clients:
        while client.pending is not None:
            call = client.pending
            status, body = loadgen.send(conn, call)
            client.on_reply(call, loadgen.Reply(status, body, 0.0))
    conn.close()

    server.stop()
    assert book.surprises == []
    assert result.server_errors == 0, result.statuses
    assert server.log_count("database is locked") == 0

    rows = journal.db.glimmers()
    missing = set(book.acked) - set(rows)
    assert not missing, f"{len(missing)} acknowledged glimmers are gone"
    assert set(rows) <= set(book.sent), "glimmers no client sent"
    assert all(rows[g] == text for g, text in book.acked.items())

    photo_rows = {
        uuid.UUID(str(pk)).hex: (image, thumbnail)
        for pk, image, thumbnail in journal.db.query(
            "SELECT id, image, thumbnail FROM journal_photo"
        )
    }
    kept = set(book.photos) - book.deleted
    assert kept <= set(photo_rows), "acknowledged photos are gone"
    assert not (book.deleted & set(photo_rows)), "deleted photos came back"
    on_disk = journal.photo_files()
    named = {name for pair in photo_rows.values() for name in pair}
    assert on_disk - named == set(), "photo files with no row"
    assert named - on_disk == set(), "photo rows without their files"

    if journal.db.vendor == "sqlite":
        assert journal.db.query("PRAGMA integrity_check") == [("ok",)]
        assert journal.db.query("PRAGMA foreign_key_check") == []

    swept = server.log_text().count("photo file(s) left by an interrupted")
    record(
        "crash",
        db=journal.db.vendor,
        kills=KILLS,
        clients=CLIENTS,
        acknowledged=len(book.acked),
        rows=len(rows),
        photos=len(kept),
        photo_deletes=len(book.deleted),
        unanswered=book.unanswered,
        starts_that_swept_files=swept,
        integrity="ok" if journal.db.vendor == "sqlite" else "n/a",
    )
