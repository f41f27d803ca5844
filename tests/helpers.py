"""Helpers shared by the test modules: a folder of report copies, waiting on a growing output file."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


MIN_REPORTS = 210  # "a few hundred reports", also in a clone without ../shared


def copy_reports(folder: Path, copies: int) -> list[Path]:
    """`copies` copies of samples/*.txt (and of ../shared/corpus when present), more when that gives
    fewer than MIN_REPORTS, plus an empty file and one without metrics; the folder's files, sorted."""
    sources = sorted((ROOT / "samples").glob("*.txt"))
    if SHARED_CORPUS.is_dir():
        sources += sorted(SHARED_CORPUS.glob("*.txt"))
    copies = max(copies, -(-MIN_REPORTS // len(sources)))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for source in sources:
            shutil.copyfile(source, folder / f"{i:03d}-{source.name}")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "no-metric.txt").write_text("Không có số liệu nào ở đây.\n", encoding="utf-8")
    return sorted(folder.iterdir())


def wait_for_lines(path: Path, n: int, timeout: float = 60) -> None:
    """Wait until the file at `path` holds `n` lines (a run in the background writing it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        time.sleep(0.02)
    raise AssertionError(f"{path} never reached {n} lines")
