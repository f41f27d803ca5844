"""Which reader reads an input: by its suffix, or for stdin (and unknown suffixes) by its first bytes.

`read_document` reads PDF, Word and Excel files and returns None for text and HTML, which
`read.text` reads itself; old binary Office files are refused in one line that says what to do.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from vnreport_extract.errors import ReadError

if TYPE_CHECKING:
    from vnreport_extract.read.text import Text

DOCUMENT_SUFFIXES = frozenset({".pdf", ".docx", ".xlsx"})
_REFUSED = {
    ".doc": "old binary Word .doc file: convert it to .docx first (Word: Save As; or soffice --headless "
            "--convert-to docx FILE)",
    ".xls": "old binary Excel .xls file: convert it to .xlsx first (Excel: Save As; or soffice --headless "
            "--convert-to xlsx FILE)",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files, and encrypted new ones


def format_of(source: str, data: bytes) -> str | None:
    """The document format of an input (`.pdf`, `.docx`, `.xlsx`, `.doc`), or None for text and HTML.

    >>> format_of("a.PDF", b""), format_of("-", b"%PDF-1.7"), format_of("a.txt", b"Doanh thu"), format_of("a.doc", b"")
    ('.pdf', '.pdf', None, '.doc')
    """
    suffix = Path(source).suffix.lower()
    if suffix in DOCUMENT_SUFFIXES or suffix in _REFUSED:
        return suffix
    head = data[:8]
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return _office_zip(data)
    if head == _OLE2:
        return ".doc"
    return None


def _office_zip(data: bytes) -> str | None:
    """`.docx` or `.xlsx` by the parts a ZIP file holds (None for another ZIP)."""
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in names:
        return ".docx"
    return ".xlsx" if "xl/workbook.xml" in names else None


def read_document(source: str, data: bytes, ocr: bool = False) -> Text | None:
    """The text view of a PDF, Word or Excel input; None when the input is text or HTML."""
    found = format_of(source, data)
    if found is None:
        return None
    if found in _REFUSED:
        raise ReadError(_REFUSED[found])
    return with_legacy_converted(_readers(ocr)[found](data))


def with_legacy_converted(read: Text) -> Text:
    """The view converted to Unicode when the file was typed in a TCVN3 (.VnTime) or VNI font: its letters
    are then legacy codes that read as garbage. Page starts follow the conversion (a VNI letter is two
    codes); `encoding` names the legacy encoding.

    >>> from vnreport_extract.read.text import Text
    >>> read = with_legacy_converted(Text("Doanh thu ®¹t 5 tû ®ång, t¨ng 12% so víi n¨m tr­íc", pages=(0, 10)))
    >>> read.text, read.encoding, read.pages
    ('Doanh thu đạt 5 tỷ đồng, tăng 12% so với năm trước', 'TCVN3', (0, 10))
    """
    from dataclasses import replace

    from vnreport_extract.read.legacy import detect_legacy, from_legacy

    encoding = detect_legacy(read.text)
    if encoding is None:
        return read
    if not read.pages:
        return replace(read, text=from_legacy(read.text, encoding), encoding=encoding)
    bounds = [*read.pages, len(read.text)]
    pieces = [from_legacy(read.text[start:end], encoding) for start, end in itertools.pairwise(bounds)]
    starts = itertools.accumulate((len(piece) for piece in pieces[:-1]), initial=0)
    return replace(read, text="".join(pieces), encoding=encoding, pages=tuple(starts))


def _readers(ocr: bool) -> dict[str, Callable[[bytes], Text]]:
    from vnreport_extract.read.docx import read_docx
    from vnreport_extract.read.pdf import read_pdf
    from vnreport_extract.read.xlsx import read_xlsx

    return {".pdf": lambda data: read_pdf(data, ocr=ocr), ".docx": read_docx, ".xlsx": read_xlsx}
