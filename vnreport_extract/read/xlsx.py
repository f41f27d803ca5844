"""Excel (.xlsx) workbooks -> the text view, with openpyxl (MIT): each sheet's tables as tables.

A sheet's name comes first, then its tables: blocks of rows separated by empty rows, one row a line,
cells separated by tabs. A block's leading one-cell rows (a table's title, `Đơn vị tính: ...`) are
paragraphs. Numbers are written as a Vietnamese reader writes them (`7,2%`, `1250,5`); a merged cell
is read once, in its top-left cell.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from vnreport_extract.errors import ReadError
from vnreport_extract.read.view import ViewBuilder, clean

if TYPE_CHECKING:
    from vnreport_extract.read.text import Text


def read_xlsx(data: bytes) -> Text:
    """The text view of an .xlsx workbook."""
    from vnreport_extract.read.text import Text

    workbook = _open(data)
    view = ViewBuilder()
    try:
        for sheet in workbook.worksheets:
            rows = [[cell_text(cell) for cell in row] for row in sheet.iter_rows()]
            blocks = list(sheet_blocks(rows))
            if blocks:
                view.paragraph(sheet.title)
            for block in blocks:
                _add_block(block, view)
    finally:
        workbook.close()
    text = view.text()
    if not text.strip():
        raise ReadError("no text in the Excel file")
    return Text(text, reader="xlsx")


def _open(data: bytes) -> Any:
    import openpyxl

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("encrypted or old binary Excel file: save it as an unprotected .xlsx")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ReadError("corrupt Excel file: not a readable .xlsx") from None
    except Exception as error:  # openpyxl raises many kinds on broken parts
        raise ReadError(f"corrupt Excel file: {type(error).__name__}") from None


def cell_text(cell: Any) -> str:
    """A cell's value as text, numbers written the Vietnamese way.

    >>> from types import SimpleNamespace as Cell
    >>> cells = [(0.072, "0.0%"), (1250.5, "#,##0.0"), (2813, "General")]
    >>> [cell_text(Cell(value=value, number_format=shown)) for value, shown in cells]
    ['7,2%', '1250,5', '2813']
    """
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number_text(value, str(getattr(cell, "number_format", "") or ""))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return clean(str(value))


def number_text(value: float, number_format: str) -> str:
    """A number with a decimal comma; a percentage format shows it times 100 with `%`."""
    percent = "%" in number_format
    if percent:
        value = value * 100
    text = f"{round(value, 10):.10f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + ("%" if percent else "")


def sheet_blocks(rows: Sequence[Sequence[str]]) -> Iterator[list[list[str]]]:
    """Blocks of non-empty rows, split at empty rows, with the columns empty in the whole block removed."""
    block: list[list[str]] = []
    for row in [*rows, []]:
        if any(row):
            block.append(list(row))
        elif block:
            yield _without_empty_columns(block)
            block = []


def _without_empty_columns(block: list[list[str]]) -> list[list[str]]:
    width = max(len(row) for row in block)
    kept = [column for column in range(width) if any(column < len(row) and row[column] for row in block)]
    return [[row[column] if column < len(row) else "" for column in kept] for row in block]


def _add_block(block: list[list[str]], view: ViewBuilder) -> None:
    start = 0
    while start < len(block) - 1 and sum(1 for cell in block[start] if cell) == 1:
        view.paragraph(next(cell for cell in block[start] if cell))
        start += 1
    view.table(block[start:])
