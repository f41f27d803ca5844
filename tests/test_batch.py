"""Batches: input expansion, resuming, and the real command in a subprocess (parallel runs, -o/--resume,
broken pipes, Ctrl-C)."""

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import wait_for_lines

from vnreport_extract.run.batch import Runner, Settings, resume_content
from vnreport_extract.run.inputs import Task, expand_inputs, folder_files

COMMAND = [sys.executable, "-m", "vnreport_extract"]
BAD = {"07-empty.txt": b"", "13-binary.txt": b"\x00\x01\x02\x03" * 10, "21-large.txt": b"x" * 5000}


def report(i: int) -> str:
    return (
        f"Báo cáo số {i} của tỉnh Hải Dương năm 2024\n\n"
        f"Doanh thu dịch vụ viễn thông năm 2024 ước đạt {1000 + i}.{i % 1000:03d} tỷ đồng, tăng {i % 40},5% "
        f"so với năm 2023. Toàn tỉnh có {300 + i} trạm thu phát sóng, đứng thứ {i % 63 + 1}/63 tỉnh.\n"
    )


def make_folder(folder: Path, n: int, bad: bool = True) -> list[str]:
    """`n` reports named 00.txt..., some replaced by bad files; returns the sources in order."""
    folder.mkdir(parents=True, exist_ok=True)
    width = max(2, len(str(n - 1)))
    for i in range(n):
        (folder / f"{i:0{width}d}.txt").write_text(report(i), encoding="utf-8")
    if bad:
        for name, data in BAD.items():
            (folder / f"{name[:2]}.txt").unlink(missing_ok=True)
            (folder / name).write_bytes(data)
    return folder_files(str(folder))


def vnextract(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*COMMAND, *args], capture_output=True, timeout=120, check=False, **kwargs)


def parse_lines(data: bytes) -> list[dict]:
    assert data.endswith(b"\n") or not data
    return [json.loads(line) for line in data.splitlines()]


# --- Inputs ------------------------------------------------------------------------------------


def test_folder_files_are_sorted_recursively(tmp_path: Path) -> None:
    names = ("b.txt", "a/z.htm", "a/b/c.html", "a.txt", "A.TXT", "x.pdf", "r.DOCX", "s.xlsx", "o.doc", "p.png",
             ".git/h.txt", "a/.h.txt")
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    root = str(tmp_path)
    expected = ("A.TXT", "a/b/c.html", "a/z.htm", "a.txt", "b.txt", "r.DOCX", "s.xlsx", "x.pdf")
    assert folder_files(root) == [f"{root}/{name}" for name in expected]


def test_expand_inputs_keeps_argument_order_and_drops_duplicates(tmp_path: Path) -> None:
    make_folder(tmp_path / "d", 3, bad=False)
    d = f"{tmp_path}/d"
    tasks = expand_inputs([f"{d}/02.txt", d, "-", f"{d}/0[01].txt", "nope.txt"])
    assert [task.source for task in tasks] == [
        f"{tmp_path}/d/02.txt", f"{tmp_path}/d/00.txt", f"{tmp_path}/d/01.txt", "-", "nope.txt",
    ]
    assert all(task.problem is None for task in tasks)


def test_expand_inputs_problems(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    tasks = expand_inputs([str(tmp_path / "empty"), f"{tmp_path}/*.txt"])
    assert [task.problem for task in tasks] == [
        "folder has no .txt, .html, .htm, .pdf, .docx or .xlsx file", "no file matches this pattern",
    ]


def test_runner_keeps_order_with_workers(tmp_path: Path) -> None:
    sources = make_folder(tmp_path, 12)
    with Runner(Settings(max_bytes=1000), jobs=3) as runner:
        runner.start(len(sources))
        outcomes = list(runner.map([Task(source) for source in sources]))
    assert [outcome.source for outcome in outcomes] == sources
    assert [outcome.error is not None for outcome in outcomes] == [Path(s).name in BAD for s in sources]


# --- Resuming ----------------------------------------------------------------------------------


def test_resume_content_drops_cut_and_failed_lines() -> None:
    lines = [
        json.dumps({"source": "a.txt", "metrics": []}),
        json.dumps({"source": "b.txt", "error": "file is empty"}),
        json.dumps({"source": "c.txt", "metrics": []}),
        json.dumps({"source": "a.txt", "metrics": []}),
    ]
    content = ("\n".join(lines) + '\n{"source": "d.txt", "metr').encode()
    assert resume_content(content) == (f"{lines[0]}\n{lines[2]}\n".encode(), {"a.txt", "c.txt"})
    assert resume_content(b"") == (b"", set())


# --- The command, in a subprocess --------------------------------------------------------------


def test_jobs_2_is_byte_identical_to_jobs_1(tmp_path: Path) -> None:
    make_folder(tmp_path / "d", 30)
    one = vnextract(str(tmp_path / "d"), "-j", "1", "--max-bytes", "4000")
    two = vnextract(str(tmp_path / "d"), "-j", "2", "--max-bytes", "4000")
    assert one.returncode == two.returncode == 1, one.stderr
    assert one.stdout == two.stdout
    assert len(parse_lines(two.stdout)) == 30
    assert b"Traceback" not in one.stderr + two.stderr


def test_output_file_and_resume_after_a_cut(tmp_path: Path) -> None:
    sources = make_folder(tmp_path / "d", 30)
    out = tmp_path / "out.jsonl"
    first = vnextract(str(tmp_path / "d"), "-o", str(out), "-j", "2", "--max-bytes", "4000")
    assert first.returncode == 1
    assert first.stdout == b""
    content = out.read_bytes()
    out.write_bytes(content[: len(content) // 2 + 7])  # an interrupted run: a line cut in the middle
    second = vnextract(str(tmp_path / "d"), "-o", str(out), "--resume", "-j", "2", "--max-bytes", "4000")
    assert second.returncode == 1
    got = parse_lines(out.read_bytes())
    assert Counter(record["source"] for record in got) == Counter(sources)
    failed = {record["source"] for record in got if "error" in record}
    assert failed == {source for source in sources if Path(source).name in BAD}
    assert len(second.stderr.decode().splitlines()) == len(BAD) + 1  # one line per bad file, then the summary


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    make_folder(tmp_path / "d", 600, bad=False)  # well over a pipe buffer of output
    command = " ".join([*COMMAND, str(tmp_path / "d"), "-j", "2"])
    result = subprocess.run(f"{command} | head -1", shell=True, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0
    assert json.loads(result.stdout)["source"] == f"{tmp_path}/d/000.txt"
    assert result.stderr == b""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_while_waiting_leaves_complete_lines(tmp_path: Path, jobs: str) -> None:
    """A FIFO named as input that nobody writes to blocks the batch at a known place; Ctrl-C must stop it
    cleanly."""
    make_folder(tmp_path / "d", 11, bad=False)
    os.mkfifo(tmp_path / "fifo.txt")
    out = tmp_path / "out.jsonl"
    with _running(str(tmp_path / "d"), str(tmp_path / "fifo.txt"), "-o", str(out), "-j", jobs) as process:
        wait_for_lines(out, 11)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert len(parse_lines(out.read_bytes())) == 11  # 00..10, then the FIFO blocks
    assert b"Traceback" not in stderr
    assert b"interrupted after 11 of 12 inputs" in stderr


def test_ctrl_c_on_a_large_folder_leaves_complete_lines(tmp_path: Path) -> None:
    make_folder(tmp_path / "d", 3000, bad=False)
    out = tmp_path / "out.jsonl"
    with _running(str(tmp_path / "d"), "-o", str(out), "-j", "2") as process:
        wait_for_lines(out, 1)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode in (130, 0)  # 0 only if the run had finished already
    assert len(parse_lines(out.read_bytes())) >= 1
    assert b"Traceback" not in stderr


@contextmanager
def _running(*args: str) -> Iterator[subprocess.Popen[bytes]]:
    """The command running in the background; killed if the test fails before it ends."""
    process = subprocess.Popen([*COMMAND, *args], stderr=subprocess.PIPE)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
