"""Reading a ZIP safely: members are read straight from it, never extracted.

Nothing is written to disk, so no name can escape a folder; even so a name
that tries (``../``, an absolute path, a drive letter) or a member that is a
symbolic link makes the whole archive refused, as a sign it was not made by a
journal app. The number of members, each member's size and the archive's
total are bounded, and a member is read with a hard limit whatever size it
claims, so a "ZIP bomb" stops at the limit with a clear message.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from glimmers.yourdata.importing.entries import Unreadable

MAX_MEMBERS = 200_000
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 8 * 1024 * 1024 * 1024


class TooLarge(Unreadable):
    """One member is larger than the limit it is read with."""


def _broken() -> Unreadable:
    return Unreadable(
        _("That ZIP is damaged or cut short, so nothing was brought in. Try exporting it again.")
    )


class SafeZip:
    def __init__(
        self, path: Path, *, max_members: int = MAX_MEMBERS, max_total: int = MAX_TOTAL_BYTES
    ):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise _broken() from None
        self.members: dict[str, zipfile.ZipInfo] = {}
        infos = self.zip.infolist()
        if len(infos) > max_members:
            self.zip.close()
            raise Unreadable(
                _("That ZIP holds more than %(n)s files, more than we read safely.")
                % {"n": f"{max_members:,}"}
            )
        total = 0
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                self.zip.close()
                raise Unreadable(
                    _("That ZIP has a file that points outside it (%(name)s), so it was refused.")
                    % {"name": info.filename}
                )
            if stat.S_ISLNK(info.external_attr >> 16):
                self.zip.close()
                raise Unreadable(
                    _("That ZIP holds a link (%(name)s) rather than a file, so it was refused.")
                    % {"name": info.filename}
                )
            total += info.file_size
            if total > max_total:
                self.zip.close()
                raise Unreadable(_("That ZIP unpacks to more than we read safely."))
            if not info.is_dir():
                self.members[name] = info

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.zip.close()

    def names(self) -> list[str]:
        return list(self.members)

    def open(self, name: str):
        """One member as a binary stream (its reader bounds how much it takes)."""
        info = self.members.get(name)
        if info is None:
            raise Unreadable(_("%(name)s isn't in that ZIP.") % {"name": name})
        try:
            return self.zip.open(info)
        # NotImplementedError: zipfile's answer to a compression method it can't read.
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            raise _broken() from None
        except RuntimeError:  # an encrypted member
            raise Unreadable(
                _("%(name)s in that ZIP is locked with a password.") % {"name": name}
            ) from None

    def read(self, name: str, most: int | None = None) -> bytes:
        """One member's bytes, at most ``most`` of them (Unreadable beyond)."""
        most = MAX_MEMBER_BYTES if most is None else most
        info = self.members.get(name)
        if info is None:
            raise Unreadable(_("%(name)s isn't in that ZIP.") % {"name": name})
        too_big = TooLarge(
            _("%(name)s in that ZIP is larger than we read safely (over %(mb)s MB).")
            % {"name": name, "mb": most // (1024 * 1024)}
        )
        if info.file_size > most:
            raise too_big
        try:
            with self.zip.open(info) as member:
                data = member.read(most + 1)
        # NotImplementedError: zipfile's answer to a compression method it can't read.
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            raise _broken() from None
        except RuntimeError:  # an encrypted member
            raise Unreadable(
                _("%(name)s in that ZIP is locked with a password.") % {"name": name}
            ) from None
        if len(data) > most:
            raise too_big
        return data
