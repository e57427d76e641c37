"""``python -m widgets.video``: the command line."""

import subprocess
import sys

from widgets.video.__main__ import main


def test_the_command_line_reports_a_missing_file(tmp_path, capsys):
    assert main(["analyse", str(tmp_path / "none.mp4")]) == 2
    assert "none.mp4" in capsys.readouterr().err


def test_the_command_line_runs_as_a_module(tmp_path):
    done = subprocess.run([sys.executable, "-m", "widgets.video", "analyse", str(tmp_path / "none.mp4")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "no video file" in done.stderr
