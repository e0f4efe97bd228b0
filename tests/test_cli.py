"""The `glimmers` command: a friendly list by default, Django's commands underneath."""

import os
import subprocess
import sys

from glimmers.cli import main


def test_it_prints_a_short_friendly_list_with_no_arguments(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "glimmers serve" in out
    assert "migrate" not in out  # not Django's wall of admin commands


def test_it_runs_django_commands(db, capsys):
    assert main(["check"]) == 0
    assert "no issues" in capsys.readouterr().out


def test_it_lists_every_command_on_request(capsys):
    assert main(["help", "--all"]) == 0
    out = capsys.readouterr().out
    assert "migrate" in out
    assert "serve" in out


def test_it_exits_non_zero_for_an_unknown_command(capsys):
    assert main(["no-such-command"]) != 0
    assert "Unknown command" in capsys.readouterr().err


def test_python_dash_m_does_the_same(tmp_path):
    env = {**os.environ, "GLIMMERS_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "glimmers"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0
    assert "glimmers serve" in result.stdout


# --- the command table, and what a command loads ------------------------------------


def test_every_command_in_the_table_is_defined_by_the_module_it_names():
    import importlib

    from glimmers.cli.main import COMMANDS

    for name, command in COMMANDS.items():
        assert name in importlib.import_module(command.module).COMMANDS, name
    app_commands = {
        name
        for module in {c.module for c in COMMANDS.values()}
        for name in importlib.import_module(module).COMMANDS
    }
    assert app_commands == set(COMMANDS)


def test_the_command_line_base_imports_no_app_command_module():
    """The apps' cli.py import glimmers.cli.base; glimmers.cli names them only as strings."""
    import ast
    from pathlib import Path

    import glimmers.cli
    from glimmers.cli.main import COMMANDS

    app_commands = {command.module for command in COMMANDS.values()}
    for path in Path(glimmers.cli.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert name not in app_commands, f"{path.name} imports {name}"


def test_every_commands_help_is_complete(db, capsys):
    """A command's arguments are loaded for --help too, and the list names every command."""
    from glimmers.cli.main import COMMANDS

    for name in COMMANDS:
        assert main([name, "--help"]) == 0, name
        assert f"usage: glimmers {name}" in capsys.readouterr().out
    assert main(["--user", "olena", "--help"]) == 0
    out = capsys.readouterr().out
    for name, command in COMMANDS.items():
        assert name in out and str(command.help) in out


LOADED = """
import gc, json, sys
from glimmers.cli import main
code = main(sys.argv[1:])
print(json.dumps({
    "code": code,
    "modules": sorted(sys.modules),
    "collecting": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
}))
"""


def run_in_a_fresh_process(tmp_path, *argv: str) -> dict:
    """`glimmers ARGV…` in a process of its own, on a journal (SQLite, one account) in tmp_path."""
    import json

    env = {**os.environ, "GLIMMERS_DATA_DIR": str(tmp_path)}
    env.pop("GLIMMERS_DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if not (tmp_path / "glimmers.sqlite3").exists():
        for setup in (["migrate", "-v0"], ["createsuperuser", "--noinput", "--username", "ana"]):
            made = subprocess.run(
                [sys.executable, "-m", "glimmers", *setup],
                env=env,
                capture_output=True,
                timeout=120,
            )
            assert made.returncode == 0, made.stderr
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_add_list_and_search_load_only_what_they_need(tmp_path):
    """No Pillow, no other app's commands or Insights code, no template engine set up."""
    for argv in (["add", "Birdsong #spring"], ["list"], ["search", "birdsong"]):
        loaded = run_in_a_fresh_process(tmp_path, *argv)
        assert loaded["code"] == 0
        modules = set(loaded["modules"])
        assert "glimmers.journal.cli" in modules
        unwanted = {
            m
            for m in modules
            if m.split(".")[0] in ("PIL", "ninja", "pydantic")
            or m.startswith(("glimmers.insights.", "glimmers.practice.cli", "glimmers.api.cli"))
            or m.startswith(("django.template.loaders", "django.contrib.admin"))
        }
        assert unwanted == {"glimmers.insights.apps"}, argv


def test_a_command_collects_garbage_again_once_loaded(tmp_path):
    loaded = run_in_a_fresh_process(tmp_path, "add", "Birdsong")
    assert loaded["code"] == 0
    assert loaded["collecting"] is True
    assert loaded["frozen"] > 0  # what start-up made is set aside, not collected again


def test_a_command_closes_the_journal_when_it_ends(tmp_path):
    """SQLite folds its write-ahead log back into the journal when the last connection closes."""
    loaded = run_in_a_fresh_process(tmp_path, "add", "Birdsong")
    assert loaded["code"] == 0
    assert (tmp_path / "glimmers.sqlite3").exists()
    assert not (tmp_path / "glimmers.sqlite3-wal").exists()


# --- docs/cli.md keeps up with the commands -----------------------------------------


def _options(parser) -> dict[str, set[str]]:
    """Command path ("token create") -> its option strings, from the parser itself."""
    import argparse

    found: dict[str, set[str]] = {}

    def walk(path: str, sub) -> None:
        found[path] = {
            option
            for action in sub._actions
            for option in action.option_strings
            if option.startswith("--") and action.help != argparse.SUPPRESS
        } - {"--help", "--json"}  # --json: said once for all, at the top of docs/cli.md
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(f"{path} {name}", child)

    walk("", parser)
    return found


def _sections(text: str) -> dict[str, str]:
    """docs/cli.md's "## heading" -> the words under it."""
    sections: dict[str, str] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("## "):
            heading = line[3:]
            sections[heading] = ""
        elif heading:
            sections[heading] += line + "\n"
    return sections


def test_docs_cli_md_has_every_command_and_each_of_its_options(db):
    """Each journal command has a section in docs/cli.md naming every option --help shows."""
    import re
    from pathlib import Path

    from glimmers.cli.main import COMMANDS, HELP, build_parser

    text = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text()
    sections = _sections(text)
    friendly = " ".join(usage for usage, _text in HELP)
    for name in COMMANDS:
        assert re.search(rf"\b{name}\b", friendly), f"`glimmers` alone doesn't list {name}"
        [heading] = [h for h in sections if name in re.split(r"[ ,]+", h)]
        for path, options in _options(build_parser([name])).items():
            if not path.startswith(f" {name}"):
                continue
            documented = sections[heading]
            if "every option of `add`" in documented:
                documented += sections["add"]
            missing = {option for option in options if option not in documented}
            assert not missing, f"docs/cli.md, “## {heading}”: glimmers{path} {sorted(missing)}"
