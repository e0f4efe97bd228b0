"""Invitation codes: short, typed by hand if need be, stored only as a hash.

A circle's invite and a care invite are both a one-time code that ends on a
date and can be withdrawn. The code is shown once, to the person who made it;
the database keeps its SHA-256, as for access tokens, so a copy of the
database opens no circle.
"""

from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L, 2/Z, 5/S: letters that are easy to read aloud and type on a phone.
ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
GROUPS = 3  # three groups of four: ~57 bits, far past guessing at the sign-in throttle's pace
GROUP_LENGTH = 4


def new_code() -> str:
    """A fresh code such as ``K7QM-4XRT-B9HC``."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join(groups)


def normalise(typed: str) -> str:
    """The code as typed or pasted, in its one written form (case, spaces, dashes forgiven)."""
    letters = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    if len(letters) != GROUPS * GROUP_LENGTH:
        return ""
    return "-".join(letters[i : i + GROUP_LENGTH] for i in range(0, len(letters), GROUP_LENGTH))


def code_hash(typed: str) -> str:
    """What the database keeps of a code ('' for something that cannot be a code)."""
    code = normalise(typed)
    return hashlib.sha256(code.encode()).hexdigest() if code else ""
