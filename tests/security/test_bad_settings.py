"""A setting the app can't use stops it with one line that names the setting — never a traceback."""

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [["list"], ["serve", "--port", "1"], ["setup-code"]])
def test_a_nonsense_setting_is_named_in_one_line_and_nothing_starts(tmp_path, command):
    env = {
        **os.environ,
        "GLIMMERS_DATA_DIR": str(tmp_path / "data"),
        "GLIMMERS_SESSION_IDLE_MINUTES": "a while",
    }
    result = subprocess.run(
        [sys.executable, "-m", "glimmers", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "glimmers: GLIMMERS_SESSION_IDLE_MINUTES must be a whole number; got 'a while'."
    ]
    assert not (tmp_path / "data" / "glimmers.sqlite3").exists()
