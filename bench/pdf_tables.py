"""PDF tables: our layout of text runs (read/pdf_layout.py) beside pdfplumber's table finder.

    python bench/pdf_tables.py      # needs `pip install pdfplumber` for the second column

On three PDFs whose table rows are known: the committed LibreOffice export of a Word report
(tests/fixtures/pdf, 45 rows with six-line labels, rows cut by page breaks, heading repeated), and two
built with fpdf2 (59 rows over two pages; a two-row heading). Counts the body rows read exactly (every
cell), and the time.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from office_files import Filler, Table, make_pdf  # noqa: E402
from test_readers import GDP, HEADER, HEADING, PRODUCTS, TRADE, TWO_ROW_HEADING  # noqa: E402

from vnreport_extract.read.text import read_text  # noqa: E402


def cases(folder: Path) -> list[tuple[Path, list[list[str]]]]:
    exported = [[f"Chỉ tiêu kinh tế số {n + 1} có tên khá dài để xuống dòng", f"{1000 + n * 13}",
                 f"{1010 + n * 13}", f"{1100 + n * 17}", f"{1120 + n * 17}"] for n in range(45)]
    report = make_pdf(folder / "report.pdf", [GDP, Table([HEADING, *PRODUCTS], widths=(10, 60, 30, 30, 30)),
                                              Filler(255), TRADE], header=HEADER)
    heading = make_pdf(folder / "heading.pdf", [Table(TWO_ROW_HEADING, heading_rows=2)], footer=False)
    return [
        (TESTS / "fixtures" / "pdf" / "libreoffice-report.pdf", exported),
        (report, [list(row) for row in PRODUCTS]),
        (heading, [list(TWO_ROW_HEADING[-1])]),
    ]


def ours(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in read_text(str(path), 100_000_000).text.splitlines()]


def plumber(path: Path) -> list[list[str]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [[" ".join((cell or "").split()) for cell in row]
                for page in pdf.pages for table in page.extract_tables() for row in table]


def main() -> None:
    readers = {"vnextract (read/pdf_layout.py)": ours}
    try:
        import pdfplumber  # noqa: F401

        readers["pdfplumber extract_tables"] = plumber
    except ImportError:
        print("pdfplumber is not installed: only our reader is measured", file=sys.stderr)
    with tempfile.TemporaryDirectory() as name:
        print("| PDF | body rows | " + " | ".join(readers) + " |")
        print("|---|---|" + "---|" * len(readers))
        for path, rows in cases(Path(name)):
            cells = []
            for read in readers.values():
                started = time.perf_counter()
                found = read(path)
                seconds = time.perf_counter() - started
                cells.append(f"{sum(1 for row in rows if row in found)} exact, {seconds:.2f} s")
            print(f"| {path.name} | {len(rows)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
