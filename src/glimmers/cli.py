"""The `glimmers` command.

`glimmers` alone prints the few commands a person needs. Anything else is
handed to Django's management machinery, so `glimmers migrate`,
`glimmers createsuperuser` and `glimmers check --deploy` all work.
"""

from __future__ import annotations

import os
import sys

USER_COMMANDS = [
    ("serve [--host H] [--port P]", "Open your journal at http://127.0.0.1:8000"),
    ("createsuperuser", "Create an account from the terminal"),
    ("changepassword NAME", "Set a new password for an account"),
    ("check --deploy", "Check a hosted set-up for common mistakes"),
    ("help --all", "Every command, including Django's own"),
]


def _friendly_help() -> str:
    width = max(len(name) for name, _ in USER_COMMANDS)
    lines = ["Glimmers — a private place for the small moments that feel safe.", "", "Usage:"]
    lines += [f"  glimmers {name.ljust(width)}  {text}" for name, text in USER_COMMANDS]
    lines += ["", "Your journal lives in your data folder; see docs/configuration.md."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run one command. Takes argv (without the program name); returns an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args in (["help"], ["-h"], ["--help"]):
        print(_friendly_help())
        return 0
    if args == ["help", "--all"]:
        args = ["help"]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["glimmers", *args])
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
