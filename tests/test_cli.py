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
