"""Benchmark corpus: ~10 KB reports assembled, deterministically, from the paragraphs of real ones.

Sources: `samples/*.txt`, plus `../shared/corpus/*.txt` (the five real reports) when that folder
exists; `build` can also be given other source folders. Each document
starts with the header (title and date line) of one source report, followed by body paragraphs
drawn at random from every source until the document reaches the target size. The same seed,
sources and size always give byte-identical documents.
"""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REAL = ROOT.parent / "shared" / "corpus"
SOURCES = (SAMPLES, REAL)
SEED = 1258
TARGET_BYTES = 10_000
MIN_PARAGRAPH = 20


@dataclass(frozen=True)
class Pool:
    """Headers (title + date paragraphs) and body paragraphs of the source reports."""

    headers: list[str]
    paragraphs: list[str]
    n_sources: int


def source_paths(sources: tuple[Path, ...] = SOURCES) -> list[Path]:
    paths: list[Path] = []
    for folder in sources:
        if folder.is_dir():
            paths += sorted(folder.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no source reports found in {', '.join(str(folder) for folder in sources)}")
    return paths


def _lines(text: str) -> list[str]:
    """Non-empty lines: a sample report has one paragraph a line, with blank lines between."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _is_paragraph(line: str) -> bool:
    """Body text, not a byline, a separator ("|") or page furniture ("DetailController")."""
    return len(line) >= MIN_PARAGRAPH and " " in line


def load_pool(sources: tuple[Path, ...] = SOURCES) -> Pool:
    headers: list[str] = []
    paragraphs: list[str] = []
    paths = source_paths(sources)
    for path in paths:
        lines = _lines(path.read_text(encoding="utf-8"))
        head, body = lines[:1], lines[1:]
        if body and len(body[0]) < 40:  # a date line ("28/12/2023 09:15") belongs to the header
            head, body = [*head, body[0]], body[1:]
        headers.append("\n".join(head))
        paragraphs += [line for line in body if _is_paragraph(line)]
    return Pool(headers, list(dict.fromkeys(paragraphs)), len(paths))


def make_document(pool: Pool, rng: random.Random, target: int = TARGET_BYTES) -> str:
    """One report: a header, then random body paragraphs until it is about `target` bytes."""
    parts = [rng.choice(pool.headers)]
    size = len(parts[0].encode())
    while size < target:
        paragraph = rng.choice(pool.paragraphs)
        parts.append(paragraph)
        size += len(paragraph.encode()) + 2
    return "\n\n".join(parts) + "\n"


def build(folder: Path, n_docs: int, seed: int = SEED, sources: tuple[Path, ...] = SOURCES) -> list[Path]:
    """Write `n_docs` reports into a fresh `folder`; return their paths in order."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pool = load_pool(sources)
    rng = random.Random(seed)
    paths = [folder / f"report-{i:05d}.txt" for i in range(n_docs)]
    for path in paths:
        path.write_text(make_document(pool, rng), encoding="utf-8")
    return paths


def replicate(paths: list[Path], folder: Path, times: int) -> Path:
    """A folder of `times` × len(paths) symlinks to `paths` (distinct names, so no input is dropped)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for k in range(times):
        for path in paths:
            os.symlink(path.resolve(), folder / f"copy{k:02d}-{path.name}")
    return folder


def total_bytes(paths: list[Path]) -> int:
    return sum(path.stat().st_size for path in paths)
