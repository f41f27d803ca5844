"""Command-line conventions from ripgrep, jq and trafilatura: -V, --files-from, --color, -v, completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import vnreport_extract
from vnreport_extract.cli import app

REPORT = "Doanh thu dịch vụ viễn thông năm 2024 ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023.\n"
COMMAND = [sys.executable, "-m", "vnreport_extract"]


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, ["-j", "1", *args], input=stdin)


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(REPORT, encoding="utf-8")
    return tmp_path


@pytest.fixture
def clean_colour_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """--color sets NO_COLOR / FORCE_COLOR in this process: restore them after the test."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def test_short_version_flag() -> None:
    result = run("-V")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"vnextract {vnreport_extract.__version__}"


def test_files_from_a_file_after_the_arguments(reports: Path, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_bytes(f"{reports}/c.txt\r\n\n{reports}/a.txt\n   \n{reports}/missing.txt".encode())
    result = run(str(reports / "b.txt"), "--files-from", str(listing), "-f", "jsonl")
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(record["source"]).name for record in records] == ["b.txt", "c.txt", "a.txt", "missing.txt"]
    assert records[-1]["error"] == "no such file"


def test_files_from_stdin(reports: Path) -> None:
    result = run("--files-from", "-", stdin=f"{reports}/a.txt\n{reports}/b.txt\n")
    assert result.exit_code == 0
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [
        f"{reports}/a.txt", f"{reports}/b.txt",
    ]


def test_files_from_only_is_enough_and_stdin_cannot_be_both(reports: Path, tmp_path: Path) -> None:
    assert run("--files-from", "-", "-", stdin="a.txt\n").exit_code == 2
    assert run("--files-from", str(tmp_path / "no-such-list")).exit_code == 2
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    assert run("--files-from", str(empty)).exit_code == 2  # no input at all


def test_verbose_prints_a_line_per_input(reports: Path) -> None:
    result = run(str(reports), "-v", "-o", os.devnull)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:3] == [f"vnextract: {reports}/{name}.txt: 2 metrics" for name in "abc"]
    assert run(str(reports), "-v", "-q", "-o", os.devnull).stderr == ""


@pytest.mark.usefixtures("clean_colour_environment")
def test_color_always_and_never(reports: Path) -> None:
    coloured = run(str(reports / "a.txt"), "--show", "--color", "always")
    assert coloured.exit_code == 0
    assert "\x1b[" in coloured.stdout
    plain = run(str(reports / "a.txt"), "--show", "--color", "never")
    assert plain.exit_code == 0
    assert "\x1b[" not in plain.stdout
    assert "2.813 tỷ đồng" in plain.stdout


def test_color_always_wins_over_no_color(reports: Path) -> None:
    environment = {**os.environ, "NO_COLOR": "1"}
    show = [*COMMAND, str(reports / "a.txt"), "--show"]
    plain = subprocess.run(show, capture_output=True, env=environment, check=True)
    assert b"\x1b[" not in plain.stdout
    forced = subprocess.run([*show, "--color", "always"], capture_output=True, env=environment, check=True)
    assert b"\x1b[" in forced.stdout


def test_shell_completion() -> None:
    script = subprocess.run([*COMMAND, "--show-completion", "bash"], capture_output=True, check=True)
    assert b"_vnextract_completion" in script.stdout
    environment = {**os.environ, "_VNEXTRACT_COMPLETE": "complete_bash", "COMP_WORDS": "vnextract --color ",
                   "COMP_CWORD": "2"}
    words = subprocess.run(COMMAND, capture_output=True, env=environment, check=True).stdout.split()
    assert words == [b"auto", b"always", b"never"]
