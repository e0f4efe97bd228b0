"""The one-time setup code that guards a hosted instance's first account.

On a fresh instance the welcome page makes the first account, which also
looks after the instance. On a laptop (HTTPS off, opened on this machine by
this machine) that stays frictionless. Anywhere else whoever reached the page
first would own the instance, so the page also asks for a code that only the
person who started the server can see: ``glimmers serve`` prints it, and
``glimmers setup-code`` prints it again. It is kept in the data folder (0600)
and is no use once any account exists.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils.translation import gettext

from glimmers.accounts import queries

FILE_NAME = "setup_code"
# No 0/O, 1/I/L: easy to read aloud and to type from a terminal.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS, GROUP_LENGTH = 3, 4  # 12 characters, about 59 bits


def path() -> Path:
    return Path(settings.DATA_DIR) / FILE_NAME


def _normalised(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _new_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(chars[i : i + GROUP_LENGTH] for i in range(0, len(chars), GROUP_LENGTH))


def current() -> str | None:
    """The setup code, made on first use; None once an account exists (the file goes too)."""
    if queries.any_account_exists():
        forget()
        return None
    file = path()
    try:
        # O_EXCL: several worker processes starting at once agree on one code.
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        code = file.read_text().strip()
        if len(_normalised(code)) == GROUPS * GROUP_LENGTH:
            return code
        file.unlink(missing_ok=True)  # damaged: start again
        return current()
    code = _new_code()
    with os.fdopen(fd, "w") as handle:
        handle.write(code + "\n")
    return code


def forget() -> None:
    """Remove the code: the first account exists, so it can never be used again."""
    path().unlink(missing_ok=True)


def matches(entered: str) -> bool:
    """True when ``entered`` is the current code (spaces, dashes and case don't matter)."""
    code = current()
    if code is None or not entered:
        return False
    return hmac.compare_digest(_normalised(entered).encode(), _normalised(code).encode())


def _is_loopback(value: str | None) -> bool:
    if not value:
        return False
    if value.lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(value.strip("[]")).is_loopback
    except ValueError:
        return False


def needed(request: HttpRequest) -> bool:
    """Does the first account need the setup code on this request?

    Not on this machine's own loopback address with HTTPS off (a laptop's first
    run). Everywhere else it does: a hosted instance, a host name, or another
    machine on the network — even one that sends ``Host: localhost``. Behind a
    proxy it always does: a proxy or tunnel on this machine may send
    ``Host: 127.0.0.1`` from loopback for a visitor from anywhere.
    """
    if settings.HTTPS or settings.BEHIND_PROXY:
        return True
    host, _port = split_domain_port(request.get_host())
    return not (_is_loopback(host) and _is_loopback(request.META.get("REMOTE_ADDR")))


def announce(write) -> None:
    """For ``glimmers serve``: print the code while the instance has no account yet."""
    code = current()
    if code is None:
        return
    if settings.HTTPS or settings.BEHIND_PROXY:
        write(
            gettext("First run: the welcome page will ask for this one-time setup code: %(code)s")
            % {"code": code}
        )
    else:
        write(
            gettext(
                "First run: opened from this computer, the welcome page just asks for your name "
                "and a password. From anywhere else it asks for this one-time setup code: "
                "%(code)s"
            )
            % {"code": code}
        )
    write(gettext("(`glimmers setup-code` prints it again.)"))
