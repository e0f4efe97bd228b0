"""Load: many clients at once, half of them writing, and not one error.

Every client alternates between writing a new glimmer (PUT with its own id)
and reading: a page of the journal, a search, or one of its own glimmers.
Nothing may answer 5xx, no answer (and no line in the server's log) may say
"database is locked", and no connection may fail. The latencies are
recorded, not judged: the benchmark (benchmarks/capture_http.py) holds the
latency targets.

Short: 12 clients for 5 seconds. GLIMMERS_RELIABILITY=full: 50 clients for 60 seconds.
"""

from __future__ import annotations

import json
import random
import threading
import uuid

import loadgen

from tests.reliability.conftest import FULL, record

CLIENTS = 50 if FULL else 12
SECONDS = 60 if FULL else 5
USER = "busy"
WORDS = ["kettle", "birdsong", "window", "blanket", "river", "laugh"]


def test_many_clients_half_writing_meet_no_errors(make_journal):
    journal = make_journal([USER])
    server = journal.server.start()
    headers = journal.headers(USER)
    lock = threading.Lock()
    turns = [0] * CLIENTS
    mine: list[list[str]] = [[] for _ in range(CLIENTS)]
    rngs = [random.Random(i) for i in range(CLIENTS)]
    unexpected: list[str] = []

    def next_call(client: int) -> loadgen.Call:
        rng = rngs[client]
        turns[client] += 1
        if turns[client] % 2:
            glimmer = uuid.uuid4()
            word = rng.choice(WORDS)
            body = {"text": f"The {word} again #load {glimmer}", "senses": ["sound"]}
            return loadgen.Call(
                "PUT", f"/api/v1/glimmers/{glimmer}", json.dumps(body).encode(), headers, glimmer
            )
        roll = rng.random()
        if roll < 0.4:
            return loadgen.Call("GET", "/api/v1/glimmers?limit=20", None, headers)
        if roll < 0.7 or not mine[client]:
            return loadgen.Call("GET", f"/api/v1/glimmers?q={rng.choice(WORDS)}", None, headers)
        return loadgen.Call("GET", f"/api/v1/glimmers/{rng.choice(mine[client])}", None, headers)

    def on_reply(client: int, call: loadgen.Call, reply: loadgen.Reply) -> None:
        if call.method == "PUT" and reply.status == 201:
            mine[client].append(str(call.tag))
        elif reply.status != 200:
            with lock:
                unexpected.append(f"{call.method} {call.path}: {reply.status} {reply.body[:200]!r}")

    result = loadgen.run(
        journal.port, CLIENTS, next_call, duration=SECONDS, on_reply=on_reply, timeout=120
    )
    server.stop()

    logged_locks = server.log_count("database is locked")
    writes = sum(len(ids) for ids in mine)
    record(
        "load",
        db=journal.db.vendor,
        clients=CLIENTS,
        seconds=SECONDS,
        requests=result.answered,
        writes=writes,
        per_second=round(result.throughput),
        p50_ms=round(result.p50, 1),
        p95_ms=round(result.p95, 1),
        p99_ms=round(result.p99, 1),
        status_5xx=result.server_errors,
        locked=result.locked + logged_locks,
    )
    assert result.server_errors == 0, result.statuses
    assert result.locked == 0
    assert logged_locks == 0
    assert result.connection_errors == 0, result.errors
    assert unexpected == []
    assert writes > 0
    assert len(journal.db.glimmers(USER)) == writes
