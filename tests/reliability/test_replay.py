"""Replay: an offline client's queue sent three times, out of order, some answers lost.

A phone that was offline holds a queue of creates, each with the id it chose.
When it reconnects it sends them all (PUT /api/v1/glimmers/{id}), and some
answers never reach it: the connection drops right after the request went
out, or the answer arrives and is lost on the way to the app. So it sends
the whole queue again, and once more, each time in a different order, from
several connections at once, with some ids sent twice at the same moment.

At the end there is exactly one glimmer per queued id, holding what was
queued, and every answer for an id is the same: the same body each time,
201 the first time it was made and 200 ever after.

Short: 100 creates. GLIMMERS_RELIABILITY=full: 500.
"""

from __future__ import annotations

import collections
import json
import random
import socket
import threading
import uuid
from datetime import UTC, datetime, timedelta

import loadgen

from tests.reliability.conftest import FULL, record

QUEUE = 500 if FULL else 100
CLIENTS = 10
USER = "offline"
SENSES = ["sight", "sound", "touch", "smell", "taste"]


def _queue(rng: random.Random) -> list[tuple[str, bytes]]:
    """What the phone kept while offline: ids it chose and varied glimmers."""
    now = datetime.now(UTC).replace(microsecond=0)
    queue = []
    for n in range(QUEUE):
        body: dict = {"text": f"Queued glimmer {n} #offline"}
        if n % 3 == 0:
            body["senses"] = rng.sample(SENSES, 2)
        if n % 4 == 0:
            body["people"] = [rng.choice(["Mum", "Ivan", "Ana"])]
        if n % 5 == 0:
            body["values"] = ["Calm"]
        if n % 7 == 0:
            body["text"] = ""  # a tally: counted, no words yet
        if n % 2 == 0:
            body["noticed_at"] = (now - timedelta(minutes=n)).isoformat()
        queue.append((str(uuid.uuid4()), json.dumps(body).encode()))
    return queue


def _hang_up_after_sending(port: int, call: loadgen.Call) -> None:
    """Send the request and close the connection without waiting for the answer."""
    head = [f"{call.method} {call.path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    head += [f"{k}: {v}" for k, v in call.headers.items()]
    head += [f"Content-Length: {len(call.body or b'')}", "Connection: close", "", ""]
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall("\r\n".join(head).encode() + (call.body or b""))


def test_a_replayed_queue_makes_each_glimmer_once_with_the_same_answer(make_journal):
    journal = make_journal([USER])
    server = journal.server.start()
    headers = journal.headers(USER)
    rng = random.Random(500)
    queue = _queue(rng)
    calls = {
        glimmer: loadgen.Call("PUT", f"/api/v1/glimmers/{glimmer}", body, headers, glimmer)
        for glimmer, body in queue
    }
    answers: dict[str, list[tuple[int, bytes]]] = collections.defaultdict(list)
    lock = threading.Lock()
    lost = 0

    def replay(order: list[str], lose: float = 0.0) -> loadgen.Result:
        nonlocal lost
        pending = collections.deque(order)
        taken = threading.Lock()

        def next_call(client: int) -> loadgen.Call | None:
            nonlocal lost
            while True:
                with taken:
                    if not pending:
                        return None
                    glimmer = pending.popleft()
                    roll = rng.random()
                if roll < lose / 2:
                    _hang_up_after_sending(journal.port, calls[glimmer])
                elif roll < lose:
                    loadgen.send(loadgen.connect(journal.port), calls[glimmer])  # and drop it
                else:
                    return calls[glimmer]
                with taken:
                    lost += 1

        def on_reply(client: int, call: loadgen.Call, reply: loadgen.Reply) -> None:
            with lock:
                answers[call.tag].append((reply.status, reply.body))

        return loadgen.run(
            journal.port, CLIENTS, next_call, on_reply=on_reply, timeout=120, max_requests=10**6
        )

    ids = [glimmer for glimmer, _body in queue]
    first = replay(rng.sample(ids, len(ids)), lose=0.2)
    second = replay(rng.sample(ids, len(ids)))
    # The third time every id is queued twice, side by side: two connections
    # send the same create at the same moment.
    third = replay([glimmer for glimmer in rng.sample(ids, len(ids)) for _ in range(2)])
    server.stop()

    for result in (first, second, third):
        assert result.connection_errors == 0, result.errors
        assert result.server_errors == 0, result.statuses

    differing, statuses = [], collections.Counter()
    for glimmer in ids:
        replies = answers[glimmer]
        assert len(replies) >= 3, glimmer  # at least the second pass and twice in the third
        statuses.update(status for status, _body in replies)
        if {body for _status, body in replies} != {replies[0][1]}:
            differing.append(glimmer)
        created = [status for status, _body in replies if status == 201]
        assert len(created) <= 1, f"{glimmer} was created {len(created)} times"
        assert {status for status, _body in replies} <= {200, 201}, replies
        assert json.loads(replies[0][1])["id"] == glimmer
    assert differing == [], f"{len(differing)} ids were answered differently"

    rows = journal.db.glimmers(USER)
    assert len(rows) == QUEUE
    assert set(rows) == {uuid.UUID(glimmer).hex for glimmer in ids}
    sent = {uuid.UUID(glimmer).hex: json.loads(body)["text"] for glimmer, body in queue}
    assert rows == sent

    record(
        "replay",
        db=journal.db.vendor,
        queued=QUEUE,
        passes=3,
        lost_answers=lost,
        answers=sum(statuses.values()),
        created_201=statuses[201],
        repeated_200=statuses[200],
        rows=len(rows),
    )
