"""Bytes on the wire: pages, JSON and static files, before and after compression.

Starts a real `glimmers serve` (one worker, no reminders worker) on a
throwaway data folder — which collects, hashes and compresses the static
files on its first start — with one person whose day holds 151 glimmers (Today
shows the newest 12) and a journal of 200 more. Each address is then asked for
over a plain socket, as a browser would, and every byte that comes back is
counted, headers included:

- before: ``Accept-Encoding: identity`` for pages and JSON (what was sent to
  everyone before: nothing was compressed), and the plain static name
  (``/static/glimmers/glimmers.css``), as pages named it then;
- after: ``Accept-Encoding: gzip, deflate, br, zstd`` (what Chromium and
  Firefox send) to the addresses the pages name now.

Each page also gets the total of a first visit (the page and the CSS and
scripts it names). Nothing here asserts; it measures.

    .venv/bin/python benchmarks/wire.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from machine import machine_markdown

ROOT = Path(__file__).resolve().parents[1]
BROWSER = "gzip, deflate, br, zstd"
TODAY = 151
JOURNAL = 200


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, accept_encoding: str, cookie: str = "") -> tuple[int, dict, bytes]:
    """One GET over its own connection; returns (total bytes, headers, body as sent)."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: {accept_encoding}\r\n"
        f"Accept: text/html,application/json,*/*\r\nConnection: close\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        + "\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request.encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0]
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    if not status.split()[1] == "200":
        raise SystemExit(f"{path}: {status}")
    return len(raw), headers, body


def make_journal(data_dir: str) -> str:
    """One person, a busy day and a journal; returns the session cookie."""
    os.environ["GLIMMERS_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from glimmers.accounts import services as accounts
    from glimmers.journal import services
    from glimmers.journal.models import Sense, State

    call_command("migrate", verbosity=0)
    person = accounts.create_account(
        username="olena", password="a long walk by the river at dusk", time_zone="UTC"
    )
    senses = list(Sense.objects.filter(owner=None))
    places = ["the back step", "the bus stop", "the kitchen window", "the park bench"]
    texts = [
        "Warm light on the kitchen wall while the kettle came to the boil",
        "A stranger held the door and smiled, a real smile that reached the eyes",
        "The first sip of coffee, and the steam on my glasses",
        "Rain on the window, and the cat asleep against my leg",
        "A blackbird singing on the aerial after the storm had passed",
    ]
    now = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)

    def one(number: int, at):
        services.save_glimmer(
            person,
            {
                "text": f"{texts[number % len(texts)]} ({number})",
                "noticed_at": at,
                "place": places[number % len(places)],
                "senses": senses[number % 3 : number % 3 + 2],
                "state_before": State.MOBILIZED if number % 2 else "",
                "state_after": State.SAFE if number % 2 else "",
                "new_people": ["Mum"] if number % 4 == 0 else [],
                "new_values": ["calm"] if number % 5 == 0 else [],
            },
        )

    for number in range(TODAY):
        one(number, now - timedelta(minutes=number % 600))
    for number in range(JOURNAL):
        one(TODAY + number, now - timedelta(days=1 + number // 4))
    client = Client()
    client.force_login(person)
    return f"sessionid={client.cookies['sessionid'].value}"


def linked(body: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="accepted for make bench; as fast")
    parser.parse_args()
    print(machine_markdown(os.environ.get("GLIMMERS_DATABASE_URL")))
    data_dir = tempfile.mkdtemp(prefix="glimmers-wire-")
    cookie = make_journal(data_dir)
    port = free_port()
    env = {**os.environ, "GLIMMERS_DATA_DIR": data_dir}
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "glimmers", "serve", "--port", str(port), "--workers", "1"]
        + ["--no-worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for line in server.stdout:
            if "Glimmers is open at" in line:
                break
        else:
            raise SystemExit("the server did not start")
        ready = time.perf_counter() - started
        rows = []
        pages = {
            f"Today ({TODAY} glimmers today)": "/",
            "Journal, first page": "/journal/",
            "Capture": "/capture/",
            "API: GET /api/v1/glimmers": "/api/v1/glimmers",
        }
        visits = []
        for label, path in pages.items():
            before, _, plain_body = fetch(port, path, "identity", cookie)
            after, headers, _ = fetch(port, path, BROWSER, cookie)
            rows.append((label, before, after, headers.get("content-encoding", "—")))
            if path.startswith("/api/"):
                continue
            page_before, page_after = before, after
            for url in linked(plain_body.decode()):
                plain = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", url)
                page_before += fetch(port, plain, "identity")[0]
                page_after += fetch(port, url, BROWSER)[0]
            visits.append((label, page_before, page_after))
        statics = [
            "glimmers/glimmers.css",
            "glimmers/offline.js",
            "glimmers/queue.js",
            "ninja/swagger-ui.css",
            "ninja/swagger-ui-bundle.js",
        ]
        for name in statics:
            before, _, _ = fetch(port, f"/static/{name}", "identity")
            hashed = linked(fetch(port, "/api/v1/docs", "identity")[2].decode())
            hashed += linked(fetch(port, "/", "identity", cookie)[2].decode())
            stem, ext = name.rsplit(".", 1)
            pattern = rf"/static/{stem}\.[0-9a-f]{{12}}\.{ext}"
            url = next(u for u in hashed if re.fullmatch(pattern, u))
            after, headers, _ = fetch(port, url, BROWSER)
            rows.append((f"static: {name}", before, after, headers.get("content-encoding", "—")))
            cache = headers.get("cache-control", "")
    finally:
        server.terminate()
        server.wait(timeout=20)

    print(f"\n`glimmers serve` ready in {ready:.1f} s on its first start (static files collected).")
    print(f"Hashed static files: `Cache-Control: {cache}`.\n")
    print("| what | before (bytes) | after (bytes) | after / before | encoding |")
    print("|---|--:|--:|--:|---|")
    for label, before, after, encoding in rows:
        print(f"| {label} | {before:,} | {after:,} | {after / before:.0%} | {encoding} |")
    print("\nA first visit: the page and the CSS and scripts it names.\n")
    print("| page | before (bytes) | after (bytes) | after / before |")
    print("|---|--:|--:|--:|")
    for label, before, after in visits:
        print(f"| {label} | {before:,} | {after:,} | {after / before:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
