"""The WSGI application: Django, behind the one rule for proxy headers.

Who sent a request, and whether it came over HTTPS, is decided here and only
here, whatever server runs the app (`glimmers serve`, or another):

- A request from an address in GLIMMERS_TRUSTED_PROXIES (with
  GLIMMERS_BEHIND_PROXY=1; by default 127.0.0.1 and ::1) is believed about
  the client: REMOTE_ADDR becomes the address in X-Forwarded-For that the
  nearest trusted proxy reported (read from the right, passing over further
  trusted proxies), and ``wsgi.url_scheme`` becomes X-Forwarded-Proto
  (``http`` or ``https``).
- Every request, trusted or not, then loses every forwarding header
  (any X-Forwarded-*, Forwarded, X-Real-IP and the like), so nothing after this point can be
  fooled by one sent from anywhere else.

The rest of the app reads the client address from REMOTE_ADDR only
(``accounts.security_log.client_address``) and the scheme from
``request.is_secure()``.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable

from django.core.wsgi import get_wsgi_application

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Every header a proxy (or someone pretending to be one) may use to say who the
# client is or how it connected. Anything starting with one of these prefixes
# is removed, so a header nobody has named yet can't slip through either.
FORWARDING_PREFIXES = (
    "HTTP_X_FORWARDED_",
    "HTTP_X_ORIGINAL_FORWARDED_",
    "HTTP_FORWARDED",
    "HTTP_X_REAL_IP",
    "HTTP_X_CLIENT_IP",
    "HTTP_X_SCHEME",
    "HTTP_X_URL_SCHEME",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
)


def parse_address(text: str) -> Address | None:
    """An IP address from a header or REMOTE_ADDR; IPv4-mapped IPv6 as plain IPv4."""
    text = text.strip()
    if text.startswith("["):  # [IPv6] or [IPv6]:port
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # IPv4:port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


class ProxyHeaders:
    """WSGI middleware: believe X-Forwarded-For/-Proto from trusted proxies only."""

    def __init__(self, app, trusted: Iterable[str]):
        self.app = app
        self.trusted = tuple(ipaddress.ip_network(item, strict=False) for item in trusted)

    def is_trusted(self, address: Address | None) -> bool:
        return address is not None and any(address in network for network in self.trusted)

    def __call__(self, environ, start_response):
        peer = parse_address(environ.get("REMOTE_ADDR", ""))
        forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
        forwarded_proto = environ.get("HTTP_X_FORWARDED_PROTO", "")
        for name in [name for name in environ if name.startswith(FORWARDING_PREFIXES)]:
            del environ[name]
        client = peer
        if self.is_trusted(peer):
            for hop in reversed(forwarded_for.split(",") if forwarded_for else []):
                if not self.is_trusted(client):
                    break  # the first address no trusted proxy vouches for
                address = parse_address(hop)
                if address is None:
                    break
                client = address
            # The nearest proxy's word: the last value if several were added.
            scheme = forwarded_proto.rsplit(",", 1)[-1].strip().lower()
            if scheme in ("http", "https"):
                environ["wsgi.url_scheme"] = scheme
        if client is not None:
            environ["REMOTE_ADDR"] = str(client)
        return self.app(environ, start_response)


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")


def _application():
    django_application = get_wsgi_application()
    from django.conf import settings

    trusted = settings.TRUSTED_PROXIES if settings.BEHIND_PROXY else ()
    return ProxyHeaders(django_application, trusted)


application = _application()
