"""Isolation under load: two people writing at once never see each other's glimmers.

Alice and Bob each have several clients writing glimmers with the same
words, plus a word of their own. Between writes they read: a page of the
journal, the next page, a search for a shared word, a search for the other
person's own word, one of their own glimmers — and the other person's
glimmers by id, which must be "not found", both to read and to create over.

Every list and search answer may hold only the caller's own glimmers (their
own ids and their own word), the other person's word finds nothing, and at
the end every row in the database still belongs to whoever made it.

Short: 3 + 3 clients, 150 requests. GLIMMERS_RELIABILITY=full: 10 + 10 for 30 seconds.
"""

from __future__ import annotations

import json
import random
import threading
import uuid
from urllib.parse import quote

import loadgen

from tests.reliability.conftest import FULL, record

PER_PERSON = 10 if FULL else 3
SECONDS = 30 if FULL else 5
PEOPLE = ("alice", "bob")
OWN_WORD = {"alice": "marigold", "bob": "lighthouse"}
SHARED = ["kettle", "window", "rain"]
READS = ["list", "search", "their word", "read theirs", "write over theirs"]


def test_two_people_writing_at_once_never_see_each_other(make_journal):
    journal = make_journal(list(PEOPLE))
    server = journal.server.start()
    other = {"alice": "bob", "bob": "alice"}
    who = [PEOPLE[i % 2] for i in range(2 * PER_PERSON)]
    lock = threading.Lock()
    sent: dict[str, set[str]] = {person: set() for person in PEOPLE}  # ids each person sent
    made: dict[str, list[str]] = {person: [] for person in PEOPLE}  # ids acknowledged
    cursors: dict[int, str] = {}
    rngs = [random.Random(i) for i in range(len(who))]
    turns = [0] * len(who)
    leaks: list[str] = []
    checks = {"lists": 0, "searches": 0, "foreign": 0}

    def next_call(client: int) -> loadgen.Call:
        person, rng = who[client], rngs[client]
        headers = journal.headers(person)
        turns[client] += 1
        if turns[client] % 2:
            glimmer = str(uuid.uuid4())
            with lock:
                sent[person].add(glimmer)
            text = f"{rng.choice(SHARED)} and {OWN_WORD[person]} #{person} {glimmer}"
            body = json.dumps({"text": text}).encode()
            return loadgen.Call("PUT", f"/api/v1/glimmers/{glimmer}", body, headers, "put")
        with lock:
            theirs = list(made[other[person]][-50:])
            cursor = cursors.pop(client, None)
        if cursor:  # the page after a first page
            return loadgen.Call(
                "GET", f"/api/v1/glimmers?limit=10&cursor={quote(cursor)}", None, headers, "next"
            )
        # Each kind of read in turn, so even a short run on a slow machine asks them all.
        kind = READS[(turns[client] // 2 + client) % len(READS)]
        if kind == "search":
            q = rng.choice(SHARED)
            return loadgen.Call("GET", f"/api/v1/glimmers?q={q}", None, headers, "search")
        if kind == "their word":
            q = OWN_WORD[other[person]]
            return loadgen.Call("GET", f"/api/v1/glimmers?q={q}", None, headers, "their word")
        if kind == "read theirs" and theirs:
            glimmer = rng.choice(theirs)
            return loadgen.Call("GET", f"/api/v1/glimmers/{glimmer}", None, headers, "theirs")
        if kind == "write over theirs" and theirs:
            glimmer = rng.choice(theirs)
            body = json.dumps({"text": f"mine now {OWN_WORD[person]}"}).encode()
            return loadgen.Call("PUT", f"/api/v1/glimmers/{glimmer}", body, headers, "theirs")
        return loadgen.Call("GET", "/api/v1/glimmers?limit=10", None, headers, "list")

    def on_reply(client: int, call: loadgen.Call, reply: loadgen.Reply) -> None:
        person = who[client]
        with lock:
            if call.tag == "put":
                if reply.status == 201:
                    made[person].append(call.path.rsplit("/", 1)[1])
                else:
                    leaks.append(f"{person} PUT: {reply.status} {reply.body[:200]!r}")
                return
            if call.tag == "theirs":
                checks["foreign"] += 1
                if reply.status != 404:
                    leaks.append(f"{person} {call.method} {call.path}: {reply.status}")
                return
            if reply.status != 200:
                leaks.append(f"{person} {call.path}: {reply.status} {reply.body[:200]!r}")
                return
            page = json.loads(reply.body)
            checks["lists" if call.tag in ("list", "next") else "searches"] += 1
            for item in page["items"]:
                if item["id"] not in sent[person] or OWN_WORD[person] not in item["text"]:
                    leaks.append(f"{person} saw {item['id']} ({item['text'][:60]!r})")
            if call.tag == "their word" and page["items"]:
                leaks.append(f"{person} found the other's word")
            if call.tag == "list" and page["next_cursor"]:
                cursors[client] = page["next_cursor"]

    # The short run counts requests, not seconds: the same checks however slow the machine.
    limits = {"duration": SECONDS} if FULL else {"max_requests": 150}
    result = loadgen.run(
        journal.port, len(who), next_call, on_reply=on_reply, timeout=120, **limits
    )
    server.stop()

    assert leaks == [], leaks[:20]
    assert result.server_errors == 0, result.statuses
    assert result.connection_errors == 0, result.errors
    assert checks["lists"] and checks["searches"]
    for person in PEOPLE:
        rows = journal.db.glimmers(person)
        assert {uuid.UUID(g).hex for g in made[person]} == set(rows)
        assert all(OWN_WORD[person] in text and "mine now" not in text for text in rows.values())
    record(
        "isolation",
        db=journal.db.vendor,
        clients=len(who),
        seconds=round(result.seconds),
        glimmers=sum(len(ids) for ids in made.values()),
        lists_checked=checks["lists"],
        searches_checked=checks["searches"],
        foreign_ids_refused=checks["foreign"],
        p99_ms=round(result.p99, 1),
    )
