"""No injection: CSV cells a spreadsheet would run as formulas are neutralised, and the report's own text is
never read as Rich markup by `-f table` and `--show`."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from vnreport_extract.models import Document, Metric
from vnreport_extract.review.show import show_document
from vnreport_extract.write.outputs import CsvWriter, csv_cell, document_csv_columns

COMMAND = [sys.executable, "-m", "vnreport_extract"]
TEXT_COLUMNS = ("source", "title", "text", "label", "reference", "unit", "scope", "sentence")
MARKUP_TITLE = "[/] Báo cáo [link=http://evil.example]doanh thu[/link] năm 2024"
MARKUP_REPORT = (f"{MARKUP_TITLE}\n\nDoanh thu :smile: [bold]dịch vụ[/bold] [red]ước đạt 5 tỷ đồng, "
                 "tăng 10% so với năm 2023.\n")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=60, check=False, cwd=cwd)


@pytest.mark.parametrize("cell", ["=1+1", "+A1", "-2+3", "@SUM(A1:A9)", "\tx", "\r=1",
                                  '=HYPERLINK("http://evil.example","x")', "-cmd|' /C calc'!A0"])
def test_formula_cells_get_a_leading_quote(cell: str) -> None:
    assert csv_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-12", "+3,5", "-1.234,5", "-0.8%", "-", "Hải Dương", "18%", "năm 2023"])
def test_numbers_and_plain_text_are_left_alone(cell: str) -> None:
    assert csv_cell(cell) == cell


def test_numbers_are_never_touched() -> None:
    assert (csv_cell(-0.8), csv_cell(-5.0), csv_cell(-3)) == ("-0.8", "-5", "-3")


def test_every_text_column_is_neutralised() -> None:
    evil = {column: f"={column}()" for column in TEXT_COLUMNS}
    metric = Metric(kind="money", value=-5e9, unit=evil["unit"], text=evil["text"], start=0, end=3,
                    sentence=evil["sentence"], label=evil["label"], reference=evil["reference"],
                    scope=evil["scope"])
    document = Document(source=evil["source"], title=evil["title"], metrics=[metric])
    sink = io.BytesIO()
    CsvWriter(sink).write(_outcome(document))
    row = next(csv.DictReader(io.StringIO(sink.getvalue().decode("utf-8-sig"))))
    assert {column: row[column] for column in TEXT_COLUMNS} == {c: "'" + v for c, v in evil.items()}
    assert row["value"] == "-5000000000"
    assert not [value for value in row.values() if value.startswith(("=", "+", "@"))]


def test_csv_of_a_real_run_has_no_formula(tmp_path: Path) -> None:
    (tmp_path / "=1+1.txt").write_text("=Báo cáo doanh thu\n\nDoanh thu đạt 5 tỷ đồng, giảm 3%.\n", "utf-8")
    result = run("=1+1.txt", "-f", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows and all(row["source"] == "'=1+1.txt" for row in rows)
    assert all(not value.startswith(("=", "+", "@", "\t", "\r")) for row in rows for value in row.values())


@pytest.fixture
def markup_report(tmp_path: Path) -> Path:
    (tmp_path / "[bold]x.txt").write_text(MARKUP_REPORT, encoding="utf-8")
    return tmp_path


def test_table_prints_markup_as_text(markup_report: Path) -> None:
    result = run("[bold]x.txt", "-f", "table", cwd=markup_report)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "[bold]x.txt - [/] Báo cáo [link=http://evil.example]doanh thu[/link]" in result.stdout
    assert "\x1b]8;" not in result.stdout  # no hyperlink escape sequence


def test_table_prints_an_error_record_as_text(tmp_path: Path) -> None:
    (tmp_path / "[red]empty[i].txt").write_bytes(b"")
    result = run("[red]empty[i].txt", "-f", "table", cwd=tmp_path)
    assert result.returncode == 1
    assert "[red]empty[i].txt: file is empty" in result.stdout


def test_show_prints_markup_as_text(markup_report: Path) -> None:
    result = run("[bold]x.txt", "--show", cwd=markup_report)
    assert result.returncode == 0, result.stderr
    assert "title: " + MARKUP_TITLE in result.stdout
    assert "Doanh thu :smile: [bold]dịch vụ[/bold] [red]ước đạt 5 tỷ đồng[1]" in result.stdout


def test_show_records_table_cells_are_not_markup() -> None:
    metric = Metric(kind="count", value=3, text="3 [link=http://evil.example]x[/link]", start=0, end=3,
                    sentence="", label="[/] nhãn [blink]", unit="[i]")
    document = Document(source="[/]", title="[bold]t", metrics=[metric])
    console = Console(record=True, width=200, force_terminal=True)
    show_document(document, "3 x", console)
    text = console.export_text()
    for expected in ("[/] nhãn [blink]", "3 [link=http://evil.example]x[/link]", "[bold]t"):
        assert expected in text
    assert "http://evil.example" not in "".join(
        str(segment.style.link) for segment in console._record_buffer if segment.style)


def _outcome(document: Document) -> object:
    import types

    return types.SimpleNamespace(source=document.source, document=document, error=None, record=lambda: document)


def test_document_columns_are_the_documented_ones() -> None:
    assert document_csv_columns()[:2] == TEXT_COLUMNS[:2]
