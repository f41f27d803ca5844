"""Word (.docx) files -> the text view, with python-docx (MIT): paragraphs and tables in body order.

A table is one row a line, cells separated by tabs; a cell merged across columns is read once and
followed by empty cells (so the columns stay in place), a cell merged down rows is read in its first row.
Headers, footers and footnotes are page furniture and are left out.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from vnreport_extract.errors import ReadError
from vnreport_extract.read.view import ViewBuilder, clean

if TYPE_CHECKING:
    from vnreport_extract.read.text import Text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> Text:
    """The text view of a .docx file."""
    from vnreport_extract.read.text import Text

    view = ViewBuilder()
    for kind, content in body_blocks(_open(data)):
        if kind == "table":
            view.table(content)
        else:
            view.paragraph(content)
    text = view.text()
    if not text.strip():
        raise ReadError("no text in the Word file")
    return Text(text, reader="docx")


def _open(data: bytes) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("encrypted or old binary Word file: save it as an unprotected .docx")
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise ReadError("corrupt Word file: not a readable .docx") from None
    except Exception as error:  # lxml and python-docx raise many kinds on broken parts
        raise ReadError(f"corrupt Word file: {type(error).__name__}") from None


def body_blocks(document: Any) -> Iterator[tuple[str, Any]]:
    """("paragraph", text) and ("table", rows) in body order (content controls looked into)."""
    yield from _blocks(document.element.body)


def _blocks(element: Any) -> Iterator[tuple[str, Any]]:
    for child in element.iterchildren():
        if child.tag == f"{_W}p":
            yield "paragraph", paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            yield "table", table_rows(child)
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            yield from _blocks(child)


def paragraph_text(paragraph: Any) -> str:
    """The text of a <w:p>: its runs' text (inserted text too, deleted text not), tabs and breaks as spaces;
    a run in a TCVN3 (`.VnTime`) or VNI (`VNI-Times`) font converted to Unicode."""
    pieces = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        if node.tag == f"{_W}t":
            pieces.append(_unicode(node.text or "", node.getparent()))
        elif node.tag == f"{_W}noBreakHyphen":
            pieces.append("-")
        else:
            pieces.append(" ")
    return "".join(pieces)


def legacy_font_encoding(font: str) -> str | None:
    """The legacy encoding a font name stands for: TCVN3 for `.VnTime`, `.VnArialH`...; VNI for `VNI-Times`.

    >>> legacy_font_encoding(".VnTimeH"), legacy_font_encoding("VNI-Helve"), legacy_font_encoding("Times New Roman")
    ('TCVN3', 'VNI', None)
    """
    if font.startswith(".Vn"):
        return "TCVN3"
    return "VNI" if font.upper().startswith("VNI-") else None


def _unicode(text: str, run: Any) -> str:
    """A run's text, converted when its own font is a legacy one (files mixing fonts); a whole file in a
    legacy font, set by its styles, is converted afterwards, as a whole (`read.formats`)."""
    fonts = run.find(f"{_W}rPr/{_W}rFonts") if run is not None else None
    font = (fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi") or "") if fonts is not None else ""
    encoding = legacy_font_encoding(font)
    if encoding is None or text.isascii():
        return text
    from vnreport_extract.read.legacy import from_legacy

    converted = from_legacy(text, encoding)
    capitals = encoding == "TCVN3" and font.upper().endswith("H")  # .VnTimeH shows its letters as capitals
    return converted.upper() if capitals else converted


def table_rows(table: Any) -> list[list[str]]:
    """A <w:tbl>'s rows of cell texts, merged cells read once, nested tables' text inside their cell."""
    rows = []
    for row in table.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        for cell in _row_cells(row):
            span = _int_property(cell, "gridSpan") or 1
            text = "" if _continues_merge(cell) else _cell_text(cell)
            cells.extend([text] + [""] * (span - 1))
        rows.append(cells)
    return rows


def _row_cells(row: Any) -> Iterator[Any]:
    for child in row.iterchildren():
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            yield from child.iter(f"{_W}tc")


def _cell_text(cell: Any) -> str:
    return clean(" ".join(paragraph_text(paragraph) for paragraph in cell.iter(f"{_W}p")))


def _int_property(cell: Any, name: str) -> int | None:
    node = cell.find(f"{_W}tcPr/{_W}{name}")
    value = node.get(f"{_W}val") if node is not None else None
    return int(value) if value and value.isdigit() else None


def _continues_merge(cell: Any) -> bool:
    """Whether the cell continues a vertical merge (its text, if any, belongs to the cell above)."""
    node = cell.find(f"{_W}tcPr/{_W}vMerge")
    return node is not None and node.get(f"{_W}val") in (None, "continue")
