"""How fast the file readers are: PDF pages per second and Word documents per second, beside the .txt
of the same text (project issue #12).

    .venv/bin/python bench/readers.py            # 10 reports of about 20 pages, as PDF, .docx and .txt
    .venv/bin/python bench/readers.py --quick    # 4 reports of about 5 pages

The files are built first (tests/office_files.py: fpdf2 with the DejaVu fonts, python-docx) from the
paragraphs of samples/*.txt, each report with a 40-row table; the .txt files hold each PDF's text
view, so the three formats carry the same text. "read" is `read_text` alone; "read + extract" is what
`vnextract -j 1` does per file (the pattern library loaded once, outside the timing).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from office_files import Table, make_docx, make_pdf  # noqa: E402

from vnreport_extract import extract  # noqa: E402
from vnreport_extract.read.text import read_text  # noqa: E402

MAX_BYTES = 100_000_000


def paragraphs() -> list[str]:
    found = []
    for path in sorted((HERE.parent / "samples").glob("*.txt")):
        found += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 80]
    return found


def report(chosen: list[str], rng: random.Random) -> list[str | Table]:
    rows = [("STT", "Chỉ tiêu", "Đơn vị", "Năm 2023", "Năm 2024", "So sánh (%)")]
    rows += [(str(i), f"Chỉ tiêu số {i}", "tỷ đồng", f"{rng.randint(1000, 9999):,}".replace(",", "."),
              f"{rng.randint(1000, 9999):,}".replace(",", "."), f"{rng.randint(90, 130)},{rng.randint(0, 9)}")
             for i in range(1, 41)]
    middle = len(chosen) // 2
    return [*chosen[:middle], Table(rows, widths=(10, 55, 22, 28, 28, 28)), *chosen[middle:]]


def build(folder: Path, count: int, pages: int) -> tuple[list[Path], list[Path], list[Path], int]:
    """`count` PDFs of about `pages` pages, the same reports as .docx, and each PDF's view as .txt."""
    rng = random.Random(12)
    pool = paragraphs()
    pdfs, docxs, txts = [], [], []
    total_pages = 0
    for number in range(count):
        blocks = report([rng.choice(pool) for _ in range(pages * 6)], rng)
        pdf = make_pdf(folder / f"r{number}.pdf", blocks, header="UBND TỈNH - Báo cáo kinh tế - xã hội")
        docxs.append(make_docx(folder / f"r{number}.docx", blocks))
        view = read_text(str(pdf), MAX_BYTES)
        total_pages += len(view.pages)
        txt = folder / f"r{number}.txt"
        txt.write_text(view.text, encoding="utf-8")
        pdfs.append(pdf)
        txts.append(txt)
    return pdfs, docxs, txts, total_pages


def timed(paths: list[Path], work: Callable[[Path], object], repeats: int) -> float:
    """The best of `repeats` wall times over all the files."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for path in paths:
            work(path)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 short reports")
    options = parser.parse_args()
    count, pages, repeats = (4, 5, 1) if options.quick else (10, 20, 2)
    with tempfile.TemporaryDirectory(prefix="vnextract-bench-") as name:
        pdfs, docxs, txts, pdf_pages = build(Path(name), count, pages)
        extract(txts[0].read_text(encoding="utf-8"))  # load the pattern library once

        def read(path: Path) -> object:
            return read_text(str(path), MAX_BYTES)

        def read_and_extract(path: Path) -> object:
            return extract(read_text(str(path), MAX_BYTES).text, str(path))

        size = sum(path.stat().st_size for path in txts) / len(txts) / 1000
        print(f"{len(pdfs)} PDFs ({pdf_pages} pages), {len(docxs)} Word files and {len(txts)} .txt files "
              f"of the same text ({size:.0f} KB of text each, a 40-row table in each)\n")
        print("| input | read | read + extract |")
        print("|---|---|---|")
        for label, paths, unit, units in (
            ("PDF", pdfs, "pages/s", pdf_pages),
            ("Word .docx", docxs, "documents/s", len(docxs)),
            (".txt (the same text)", txts, "documents/s", len(txts)),
        ):
            alone = timed(paths, read, repeats)
            whole = timed(paths, read_and_extract, repeats)
            print(f"| {label} | {units / alone:,.1f} {unit} | {units / whole:,.1f} {unit} |")


if __name__ == "__main__":
    main()
