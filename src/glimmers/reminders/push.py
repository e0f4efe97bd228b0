"""Web Push: this instance's VAPID keys, the SSRF guard, and sending one message.

The keys are made on first use into the data folder (``vapid_private_key.pem``,
mode 0600, like the secret key), so a browser's subscription keeps working
across restarts. A message is encrypted for the browser with its own keys
(RFC 8291, ``aes128gcm`` by http_ece) and signed for the push service with
ours (RFC 8292, VAPID, by py_vapid); both libraries come from the Web Push
libraries project that also makes pywebpush, without its HTTP clients
(docs/decisions.md, "Reminders: planned as rows, each claimed once").

A push endpoint is an address the browser gave us, so it is an address our
server will send to: it must be https on a public host. One on this machine
or a private network is refused unless the host says so
(``GLIMMERS_PUSH_ALLOW_LOCAL``, for tests), both when it is stored and again
when it is sent to (names can change what they point at).
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.utils.translation import gettext as _
from py_vapid import Vapid02

KEY_FILE = "vapid_private_key.pem"
TIMEOUT_SECONDS = 20
# A reminder an hour late is not sent (reminders/delivery.py); the push
# service need not keep it longer either.
TTL_SECONDS = 3600


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_path() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE


def private_key() -> ec.EllipticCurvePrivateKey:
    """This instance's VAPID key, made into the data folder (0600) the first time it is needed."""
    path = key_path()
    if not path.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            # O_EXCL: two workers starting at once make one key, and both use it.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as file:
                file.write(pem)
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def public_key() -> str:
    """The key a browser subscribes with (``applicationServerKey``), base64url."""
    raw = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return _b64url(raw)


class UnsafeEndpoint(ValueError):
    pass


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return ip.is_global and not ip.is_multicast


def check_endpoint(url: str, *, resolve: bool = False) -> None:
    """Raise UnsafeEndpoint unless ``url`` is one our server may send to.

    https on a public host; with ``resolve``, every address the host's name
    has now must be public too.
    """
    parts = urlsplit(url)
    if settings.PUSH_ALLOW_LOCAL:
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise UnsafeEndpoint(_("That is not a push service's address."))
        return
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise UnsafeEndpoint(_("A push service's address starts with https://."))
    host = parts.hostname
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None and not _is_public(host):
        raise UnsafeEndpoint(_("That push service is not on the public internet."))
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise UnsafeEndpoint(_("That push service is not on the public internet."))
    if resolve and literal is None:
        try:
            found = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
        except OSError as error:
            raise UnsafeEndpoint(str(error)) from None
        if not found or not all(_is_public(info[4][0]) for info in found):
            raise UnsafeEndpoint(_("That push service is not on the public internet."))


@dataclass(frozen=True)
class Sent:
    status: int  # the push service's answer

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        """The browser unsubscribed or the subscription expired: forget it."""
        return self.status in (404, 410)


def encrypt(payload: bytes, p256dh: str, auth: str) -> bytes:
    """``payload`` encrypted for the browser that holds these keys (RFC 8291, aes128gcm)."""
    return http_ece.encrypt(
        payload,
        salt=os.urandom(16),
        private_key=ec.generate_private_key(ec.SECP256R1()),
        dh=b64url_decode(p256dh),
        auth_secret=b64url_decode(auth),
        version="aes128gcm",
    )


def send(endpoint: str, p256dh: str, auth: str, message: dict) -> Sent:
    """Send ``message`` (``{"title", "body", "url"}``) to one browser's push endpoint.

    Raises OSError (or http.client's errors) when the push service cannot be
    reached, and UnsafeEndpoint for an address we will not send to.
    """
    check_endpoint(endpoint, resolve=True)
    parts = urlsplit(endpoint)
    body = encrypt(json.dumps(message).encode(), p256dh, auth)
    vapid = Vapid02.from_pem(
        private_key().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    claims = {
        "sub": settings.VAPID_SUBJECT,
        "aud": f"{parts.scheme}://{parts.netloc}",
        "exp": int(time.time()) + 12 * 3600,
    }
    headers = {
        **vapid.sign(claims),
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
        "TTL": str(TTL_SECONDS),
        "Urgency": "normal",
    }
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    # http.client never follows a redirect: a push service answers where it is asked.
    connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(10_000)
        return Sent(response.status)
    finally:
        connection.close()
