"""Static files: content-hashed names and pre-compressed copies, made once per version.

`glimmers serve` calls :func:`prepare` before it starts the server: when the
static files in the installed package (ours and Swagger UI's, from
django-ninja) are not yet collected for exactly these contents, Django's
``collectstatic`` copies them into ``<data folder>/static`` under names that
carry a hash of their contents (``glimmers.3f1a9c0b2d4e.css``) and whitenoise
writes a brotli (``.br``) and a gzip (``.gz``) copy of each beside them. The
manifest that maps a name to its hashed name is itself named after a hash of
all the sources (``staticfiles-<stamp>.json``), so a manifest made for other
files is simply never read: after an upgrade or an edit the next
``glimmers serve`` collects again, and until then (or wherever nothing was
collected: the tests, another WSGI server, a command) pages name the plain
files, which whitenoise serves straight from the package as before.

Hashed names are cached for a year (``immutable``); plain names for a minute.
See docs/decisions.md, "Static files: hashed and pre-compressed, collected by
`glimmers serve`".
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from whitenoise.storage import CompressedManifestStaticFilesStorage

# django-ninja ships ReDoc too; the API docs page is Swagger UI only.
IGNORE_PATTERNS = ["redoc.standalone.js", "redoc.standalone.js.map"]
# Bump to collect again when the way files are collected changes.
COLLECTION_FORMAT = "1"


def sources_stamp() -> str:
    """A hash of every static file's name and contents, as the finders see them now."""
    digest = hashlib.sha256(COLLECTION_FORMAT.encode())
    seen = set()
    for finder in finders.get_finders():
        for path, storage in finder.list(IGNORE_PATTERNS):
            prefix = getattr(storage, "prefix", None) or ""
            name = f"{prefix}/{path}" if prefix else path
            if name in seen:  # the first finder's file wins, as collectstatic does
                continue
            seen.add(name)
            digest.update(name.encode() + b"\0")
            with storage.open(path) as source:
                for chunk in iter(lambda: source.read(1 << 20), b""):
                    digest.update(chunk)
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def manifest_name(stamp: str) -> str:
    return f"staticfiles-{stamp}.json"


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    """Hashed, pre-compressed names when collected for these very files; plain names otherwise."""

    manifest_strict = False
    # While collecting, the manifest waits until every compressed copy is written:
    # a manifest on disk means the whole version is ready.
    defer_manifest = False

    def __init__(self, *args, **kwargs):
        self.manifest_name = manifest_name(sources_stamp())
        super().__init__(*args, **kwargs)

    def load_manifest(self):
        try:
            return super().load_manifest()
        except ValueError:  # unreadable: collect again, and meanwhile serve the plain files
            return {}, ""

    def stored_name(self, name):
        if not self.hashed_files:
            # Nothing collected for these files: the package's own file, served by the finders.
            return name
        try:
            return super().stored_name(name)
        except ValueError:  # a file collectstatic left out
            return name

    def save_manifest(self):
        """Write the manifest whole or not at all, so no server ever reads half of one."""
        if self.defer_manifest:
            return
        self.manifest_hash = self.file_hash(
            None, ContentFile(json.dumps(sorted(self.hashed_files.items())).encode())
        )
        payload = {
            "paths": self.hashed_files,
            "version": self.manifest_version,
            "hash": self.manifest_hash,
        }
        target = Path(self.path(self.manifest_name))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".manifest-")
        with os.fdopen(fd, "w") as handle:
            json.dump(payload, handle)
        os.replace(temporary, target)


def prepare(write=print) -> bool:
    """Collect, hash and compress the static files if this version has not been yet.

    Returns True when files were collected now. Never stops the server from
    starting: if collecting fails, pages name the plain files, as before.
    """
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    if not isinstance(staticfiles_storage, HashedStaticFiles) or staticfiles_storage.hashed_files:
        return False
    write(_("Preparing the static files for this version (once, a few seconds)…"))
    staticfiles_storage.defer_manifest = True
    try:
        call_command(
            "collectstatic", interactive=False, verbosity=0, ignore_patterns=IGNORE_PATTERNS
        )
    except Exception as error:  # a file that cannot be hashed must not stop the server
        staticfiles_storage.hashed_files = {}
        write(
            _("Could not prepare the static files (%(problem)s); serving them as they are.")
            % {"problem": error}
        )
        return False
    finally:
        staticfiles_storage.defer_manifest = False
    staticfiles_storage.save_manifest()
    _remove_other_versions(Path(settings.STATIC_ROOT), staticfiles_storage)
    return True


def _remove_other_versions(root: Path, storage: HashedStaticFiles) -> None:
    """Leave only this version's hashed files, their compressed copies and its manifest."""
    keep = {storage.manifest_name}
    for hashed in storage.hashed_files.values():
        keep.update({hashed, f"{hashed}.br", f"{hashed}.gz"})
    for path in sorted(root.rglob("*"), reverse=True):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in keep and not path.name.startswith(".manifest-"):
            path.unlink(missing_ok=True)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
