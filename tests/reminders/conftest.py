"""Real local servers for the reminders' channels: SMTP (aiosmtpd) and a push service.

The push service here does what a browser's push service and the browser do
together: it takes the encrypted message, checks the VAPID signature's key,
and decrypts the message with the subscription's own private key and auth
secret (made here with ``cryptography``), as the browser would.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from aiosmtpd.controller import Controller
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.db import connection
from django.utils import timezone

from glimmers.reminders import services
from glimmers.reminders.models import Occurrence
from glimmers.time import zone_of


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float = 30.0, step: float = 0.05) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass (never a bare sleep)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


# ---------------------------------------------------------------------------
# SMTP
# ---------------------------------------------------------------------------


class Mailbox:
    """An SMTP server's handler: keeps what it accepted; can refuse, or stall the first."""

    def __init__(self):
        self.messages = []  # email.message.Message, in the order accepted
        self.refuse = False  # answer 451 (try again later) to every message
        self.stall_first = False  # never answer the first message's DATA
        self.stalled = threading.Event()
        self.delay = 0.0  # seconds before accepting each message
        self._seen = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self._seen += 1
            first = self._seen == 1
        if self.stall_first and first:
            self.stalled.set()
            await asyncio.Event().wait()  # never: the sender is killed meanwhile
        if self.refuse:
            return "451 4.3.0 Try again later"
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content)
        message.envelope_to = list(envelope.rcpt_tos)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    def ids(self) -> list[str]:
        with self._lock:
            return [m["Message-ID"] for m in self.messages]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1, and this process's settings pointed at it."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    mailbox.port = port
    yield mailbox
    controller.stop()


# ---------------------------------------------------------------------------
# Web Push
# ---------------------------------------------------------------------------


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Browser:
    """A browser's side of a subscription: its key pair and auth secret."""

    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth_b64(self) -> str:
        return b64url(self.auth)

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )


class PushService:
    """A push endpoint on 127.0.0.1 that decrypts what it is sent, as the browser would."""

    def __init__(self):
        self.browsers: dict[str, Browser] = {}
        self.received: list[dict] = []  # {"path", "payload", "headers"}
        self.answer = 201
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                browser = outer.browsers.get(self.path)
                status = outer.answer
                if browser is not None and status == 201:
                    payload = json.loads(browser.decrypt(body))
                    outer.received.append(
                        {"path": self.path, "payload": payload, "headers": dict(self.headers)}
                    )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def new_browser(self, name: str) -> tuple[str, Browser]:
        path = f"/push/{name}"
        self.browsers[path] = Browser()
        return self.base + path, self.browsers[path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def push_service(settings):
    settings.PUSH_ALLOW_LOCAL = True
    service = PushService()
    yield service
    service.close()


# ---------------------------------------------------------------------------
# A reminder that is due now
# ---------------------------------------------------------------------------


def due_reminder(owner, *, minutes_ago: float = 1, channel: str = "email", now=None) -> Occurrence:
    """Choose a morning reminder at a minute ``minutes_ago`` and plan its row, due now."""
    now = now or timezone.now()
    local = timezone.localtime(now - timedelta(minutes=minutes_ago), zone_of(owner))
    local = local.replace(second=0, microsecond=0)
    services.save_choices(
        owner,
        morning_on=True,
        morning_from=local.time(),
        morning_to=None,
        by_email=channel == "email",
        email=f"{owner.username}@example.org",
        by_push=channel == "push",
    )
    # The choice may have planned that very row already (a moment still ahead): plan it anew.
    Occurrence.objects.filter(
        owner=owner, slot="morning", day=local.date(), channel=channel
    ).delete()
    return Occurrence.objects.create(
        owner=owner,
        slot="morning",
        day=local.date(),
        channel=channel,
        due_at=local,
        next_try_at=local,
    )


def database_url() -> str:
    """This test database, as a URL a worker process can open."""
    info = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{info['NAME']}"
    password = f":{info['PASSWORD']}" if info.get("PASSWORD") else ""
    return (
        f"postgres://{info['USER']}{password}@{info['HOST'] or '127.0.0.1'}:"
        f"{info['PORT'] or 5432}/{info['NAME']}"
    )
