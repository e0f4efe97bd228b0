"""The Ukrainian catalogue is complete, and current with the code.

``msgfmt --statistics`` must report every message translated (none untranslated,
none fuzzy); and collecting the strings afresh from the code (as ``make
messages`` does) must find none that the catalogue lacks — a new string fails
here until it is translated.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
from django.core.management import call_command
from django.test import override_settings

import glimmers

PACKAGE = Path(glimmers.__file__).parent
CATALOGUE = PACKAGE / "locale" / "uk" / "LC_MESSAGES" / "django.po"


def test_msgfmt_counts_every_message_translated():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # "1543 translated messages." — and no "untranslated" or "fuzzy" after it.
    assert re.fullmatch(r"\d+ translated messages?\.\n", result.stderr), result.stderr


def test_three_plural_forms():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=3;")
    for entry in catalogue:
        if entry.msgid_plural and not entry.obsolete:
            assert len(entry.msgstr_plural) == 3 and all(entry.msgstr_plural.values()), entry.msgid


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "glimmers"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "locale"))
    target = copy / "locale" / "uk" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(CATALOGUE, target / "django.po")
    here = Path.cwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=["uk"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(here)
    fresh = polib.pofile(str(target / "django.po"))
    missing = [
        entry.msgid
        for entry in fresh
        if not entry.obsolete
        and (
            "fuzzy" in entry.flags
            or (entry.msgid_plural and not all(entry.msgstr_plural.values()))
            or (not entry.msgid_plural and not entry.msgstr)
        )
    ]
    assert not missing, f"{len(missing)} strings need a Ukrainian translation: {missing[:10]}"
