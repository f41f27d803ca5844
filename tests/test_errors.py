"""Errors that end a run are one line on stderr with the README's exit status, never a traceback (unless
--debug); signals and broken pipes end quietly; one -o file has one writer at a time."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import wait_for_lines
from typer.testing import CliRunner

from vnreport_extract.cli import app

COMMAND = [sys.executable, "-m", "vnreport_extract"]
REPORT = "Doanh thu dịch vụ viễn thông năm 2024 ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023.\n"
EXIT_NOT_DONE, EXIT_PIPE, EXIT_TERMINATED = 2, 141, 143
needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full is Linux's full disk")


def vnextract(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=120, check=False, **kwargs)


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A shell line with `vnextract` standing for the command."""
    line = command.replace("vnextract", " ".join(COMMAND))
    return subprocess.run(line, shell=True, capture_output=True, text=True, timeout=120, check=False, cwd=cwd)


def assert_one_line(result: subprocess.CompletedProcess[str], status: int, line: str) -> None:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert line in result.stderr.splitlines(), result.stderr
    assert len([text for text in result.stderr.splitlines() if " metrics, " not in text]) == 1


@pytest.fixture
def report(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    return tmp_path / "a.txt"


def make_folder(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(f"Báo cáo số {i}\n\n{REPORT}", encoding="utf-8")
    return folder


# --- outputs that cannot be written ------------------------------------------------------------------


@needs_dev_full
@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv", "table"])
def test_output_to_a_full_disk(report: Path, output_format: str) -> None:
    result = vnextract(str(report), "-o", "/dev/full", "-f", output_format)
    assert_one_line(result, EXIT_NOT_DONE, "vnextract: cannot write /dev/full: No space left on device")


@needs_dev_full
def test_stdout_to_a_full_disk(report: Path) -> None:
    result = shell(f"vnextract {report} > /dev/full", cwd=report.parent)
    assert_one_line(result, EXIT_NOT_DONE, "vnextract: cannot write standard output: No space left on device")


@needs_dev_full
@pytest.mark.parametrize("option", ["--text", "--schema"])
def test_text_and_schema_to_a_full_disk(report: Path, option: str) -> None:
    result = shell(f"vnextract {report} {option} > /dev/full", cwd=report.parent)
    assert_one_line(result, EXIT_NOT_DONE, "vnextract: cannot write standard output: No space left on device")


@needs_dev_full
def test_html_to_a_full_disk(report: Path) -> None:
    result = vnextract(str(report), "--html", "/dev/full", "-o", os.devnull)
    assert_one_line(result, EXIT_NOT_DONE, "vnextract: cannot write /dev/full: No space left on device")


def _read_only_folder(tmp_path: Path) -> Path:
    """A folder this user cannot create files in: a mode-555 folder, or for root /sys."""
    folder = Path("/sys") if os.geteuid() == 0 else tmp_path / "read-only"
    if folder != Path("/sys"):
        folder.mkdir()
        folder.chmod(0o555)
    try:
        (folder / "probe").touch()
    except OSError:
        return folder
    (folder / "probe").unlink()
    pytest.skip(f"{folder} is writable here")


def test_output_into_a_read_only_folder(report: Path, tmp_path: Path) -> None:
    out = _read_only_folder(tmp_path) / "out.jsonl"
    result = vnextract(str(report), "-o", str(out))
    assert_one_line(result, EXIT_NOT_DONE, f"vnextract: cannot write {out}: Permission denied")


def test_output_under_a_file(report: Path) -> None:
    out = report / "out.jsonl"
    result = vnextract(str(report), "-o", str(out))
    assert_one_line(result, EXIT_NOT_DONE, f"vnextract: cannot write {out}: Not a directory")


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_a_closed_or_full_stderr_does_not_stop_the_run(report: Path, redirect: str) -> None:
    if "full" in redirect and not os.path.exists("/dev/full"):
        pytest.skip("/dev/full is Linux's full disk")
    result = shell(f"vnextract {report} {redirect}", cwd=report.parent)
    assert result.returncode == 0
    assert json.loads(result.stdout)["source"] == str(report)


def test_closed_stdout(report: Path) -> None:
    result = shell(f"vnextract {report} >&-", cwd=report.parent)
    assert_one_line(result, EXIT_NOT_DONE, "vnextract: cannot write standard output: it is closed")


def test_deeply_nested_patterns_file(report: Path, tmp_path: Path) -> None:
    (tmp_path / "patterns").mkdir()
    (tmp_path / "patterns" / "units.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = vnextract(str(report), "--patterns", str(tmp_path / "patterns"))
    line = f"vnextract: {tmp_path}/patterns/units.toml: not valid TOML: nested too deeply"
    assert_one_line(result, 2, line)


GOLD_PROBLEMS = [
    ('{"metrics": []}\n', 'line 1: no "doc" (each line is one document: {"doc": "name.txt", "metrics": [...]})'),
    ('{"doc": "a.txt", "metrics": []}\n\nnot json\n', "line 3: not JSON (Expecting value)"),
    ('{"doc": "a.txt", "metrics": {}}\n', 'line 1: "metrics" is not a list of records'),
]


@pytest.mark.parametrize(("gold", "problem"), GOLD_PROBLEMS)
def test_a_gold_file_it_cannot_score_is_one_line_before_any_work(
    report: Path, tmp_path: Path, gold: str, problem: str
) -> None:
    (tmp_path / "gold.jsonl").write_text(gold, encoding="utf-8")
    result = vnextract(str(report), "--eval", str(tmp_path / "gold.jsonl"))
    assert_one_line(result, 2, f"vnextract: --eval {tmp_path}/gold.jsonl: {problem}")
    assert result.stdout == ""


# --- --debug ----------------------------------------------------------------------------------------------


@needs_dev_full
def test_debug_shows_the_traceback(report: Path) -> None:
    result = vnextract(str(report), "-o", "/dev/full", "--debug")
    assert result.returncode != 0
    assert "Traceback (most recent call last)" in result.stderr
    assert "OutputError: cannot write /dev/full: No space left on device" in result.stderr


def test_an_internal_error_is_one_line_and_debug_raises_it(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vnreport_extract.write import outputs

    def broken(self: object) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(outputs.Reporter, "summary", broken)
    result = CliRunner().invoke(app, ["-j", "1", str(report)])
    assert result.exit_code == EXIT_NOT_DONE
    assert result.stderr.splitlines()[-1] == (
        "vnextract: internal error: ValueError: a bug (--debug shows the traceback)")
    result = CliRunner().invoke(app, ["-j", "1", str(report), "--debug"])
    assert isinstance(result.exception, ValueError)


def test_debug_prints_a_failed_extraction_traceback(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vnreport_extract.run import batch

    def broken(text: str, source: str, library: object) -> None:
        raise KeyError("deep inside")

    monkeypatch.setattr(batch, "_extract", broken)
    quiet = CliRunner().invoke(app, ["-j", "1", str(report)])
    loud = CliRunner().invoke(app, ["-j", "1", str(report), "--debug"])
    assert quiet.exit_code == loud.exit_code == 1
    assert "extraction failed: KeyError: 'deep inside'" in quiet.stderr
    assert "Traceback" not in quiet.stderr
    assert "Traceback (most recent call last)" in loud.stderr


# --- broken pipes and signals ------------------------------------------------------------------------


@pytest.mark.parametrize("option", [["-f", "table"], ["--show"], ["-f", "csv"]])
def test_broken_pipe_exits_141_for_every_format(tmp_path: Path, option: list[str]) -> None:
    make_folder(tmp_path / "d", 300)
    result = subprocess.run(["bash", "-c", f"{' '.join(COMMAND)} d -j 2 {' '.join(option)} | head -1; "
                             "exit ${PIPESTATUS[0]}"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == EXIT_PIPE, result.stderr
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


def test_sigterm_stops_workers_quietly(tmp_path: Path) -> None:
    make_folder(tmp_path / "d", 20)
    os.mkfifo(tmp_path / "wait.txt")  # named as input, it blocks the run at a known place
    out = tmp_path / "out.jsonl"
    with running(str(tmp_path / "d"), str(tmp_path / "wait.txt"), "-o", str(out), "-j", "2") as process:
        wait_for_lines(out, 20)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == EXIT_TERMINATED
    assert stderr.decode().splitlines() == ["vnextract: terminated after 20 of 21 inputs"]
    assert len(out.read_bytes().splitlines()) == 20


# --- one output file, one writer -----------------------------------------------------------------------


@pytest.mark.parametrize("second_args", [[], ["--resume"]])
def test_a_second_run_on_the_same_output_refuses(tmp_path: Path, second_args: list[str]) -> None:
    folder = make_folder(tmp_path / "d", 30)
    out = tmp_path / "out.jsonl"
    fifo = tmp_path / "wait.txt"
    os.mkfifo(fifo)
    with running(str(folder), str(fifo), "-o", str(out), "-j", "1") as first:
        wait_for_lines(out, 30)  # the first run holds the file, and waits on the FIFO
        second = vnextract(str(folder), "-o", str(out), *second_args)
        assert_one_line(second, EXIT_NOT_DONE, f"vnextract: {out}: another vnextract run is writing to this file")
        fifo.write_text(REPORT, encoding="utf-8")  # let the first run finish
        first.communicate(timeout=60)
    assert first.returncode == 0
    sources = [json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(sources) == len(set(sources)) == 31


def test_resume_keeps_the_lock_through_its_rewrite(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "d", 10)
    out = tmp_path / "out.jsonl"
    assert vnextract(str(folder), "-o", str(out)).returncode == 0
    out.write_bytes(out.read_bytes()[:-40])  # a cut-off last line: --resume rewrites the file
    fifo = tmp_path / "wait.txt"
    os.mkfifo(fifo)
    with running(str(folder), str(fifo), "-o", str(out), "--resume", "-j", "1") as first:
        wait_for_lines(out, 10)
        second = vnextract(str(folder), "-o", str(out), "--resume")
        assert_one_line(second, EXIT_NOT_DONE, f"vnextract: {out}: another vnextract run is writing to this file")
        fifo.write_text(REPORT, encoding="utf-8")
        first.communicate(timeout=60)
    assert first.returncode == 0
    sources = [json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(sources) == sorted({*sources}) and len(sources) == 11


def test_a_second_sqlite_run_refuses(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "d", 5)
    out = tmp_path / "out.db"
    fifo = tmp_path / "wait.txt"
    os.mkfifo(fifo)
    with running(str(folder), str(fifo), "-f", "sqlite", "-o", str(out), "-j", "1") as first:
        deadline = time.monotonic() + 60
        while not (tmp_path / ".out.db.lock").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        second = vnextract(str(folder), "-f", "sqlite", "-o", str(out))
        assert_one_line(second, EXIT_NOT_DONE, f"vnextract: {out}: another vnextract run is writing to this file")
        fifo.write_text(REPORT, encoding="utf-8")
        first.communicate(timeout=60)
    assert first.returncode == 0
    assert not (tmp_path / ".out.db.lock").exists()


def test_outputs_that_are_not_files_are_not_locked(report: Path) -> None:
    """Two runs may write to /dev/null at once: only regular files are locked."""
    fifo = report.parent / "wait.txt"
    os.mkfifo(fifo)
    with running(str(report), str(fifo), "-o", os.devnull, "-j", "1") as first:
        time.sleep(0.5)
        assert vnextract(str(report), "-o", os.devnull).returncode == 0
        fifo.write_text(REPORT, encoding="utf-8")
        first.communicate(timeout=60)
    assert first.returncode == 0


@contextmanager
def running(*args: str) -> Iterator[subprocess.Popen[bytes]]:
    """The command running in the background; killed if the test fails before it ends."""
    process = subprocess.Popen([*COMMAND, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
