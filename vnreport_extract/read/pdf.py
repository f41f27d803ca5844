"""PDF files -> the text view, with pypdfium2 (BSD/Apache): pages in order, each page's text runs laid out.

Input: the file's bytes. Output: a `Text` whose `pages` hold the offset each page starts at. A page
without a text layer (a scan) is recognised with tesseract when `ocr` is asked for and installed, else
left out with a warning naming the page; a PDF with no text at all is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnreport_extract.errors import ReadError
from vnreport_extract.read import ocr as ocr_reader
from vnreport_extract.read.pdf_layout import CELL_GAP, Run, drop_furniture, furniture_keys, join_pages, make_lines
from vnreport_extract.read.pdf_layout import page_blocks as blocks_of
from vnreport_extract.read.view import ViewBuilder

if TYPE_CHECKING:
    import pypdfium2

    from vnreport_extract.read.pdf_layout import Line
    from vnreport_extract.read.text import Text

NO_TEXT_LAYER = "no text layer: scanned page? use --ocr"


def read_pdf(data: bytes, ocr: bool = False) -> Text:
    """The text view of a PDF file."""
    from vnreport_extract.read.text import Text

    document = _open(data)
    try:
        pages, pictured = _page_lines(document)
        keys = furniture_keys(pages)
        pages = [drop_furniture(lines, keys) for lines in pages]
        scanned = [index for index, lines in enumerate(pages) if not lines and pictured[index]]
        use_ocr = ocr and bool(scanned) and ocr_reader.available()
        if use_ocr:
            for index in scanned:
                pages[index] = drop_furniture(make_lines(ocr_reader.page_runs(document[index])), keys)
    finally:
        document.close()
    view = ViewBuilder()
    join_pages([blocks_of(lines) if lines else None for lines in pages], view)
    text = view.text()
    warnings = [] if use_ocr else _scan_warnings([index + 1 for index in scanned], ocr)
    if not text.strip():
        raise ReadError(warnings[0] if warnings else "no text in the PDF")
    reader = "pdf+ocr" if use_ocr else "pdf"
    return Text(text, pages=view.pages(), reader=reader, warnings=tuple(warnings))


def _open(data: bytes) -> pypdfium2.PdfDocument:
    import pypdfium2

    if not data.lstrip()[:5] == b"%PDF-":
        raise ReadError("not a PDF file (no %PDF header)")
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReadError("encrypted PDF: it needs a password") from None
        raise ReadError("corrupt PDF: cannot be opened") from None
    if len(document) == 0:
        document.close()
        raise ReadError("PDF has no pages")
    return document


def _page_lines(document: pypdfium2.PdfDocument) -> tuple[list[list[Line]], list[bool]]:
    """Each page's lines of text, and whether it holds a picture (a scan, when it has no text)."""
    pages: list[list[Line]] = []
    pictured: list[bool] = []
    for page in document:
        try:
            pages.append(make_lines(page_runs(page)))
            pictured.append(_has_image(page))
        finally:
            page.close()
    return pages, pictured


def page_runs(page: pypdfium2.PdfPage) -> list[Run]:
    """The page's words with their boxes, y growing downwards: characters in pdfium's order, a word cut
    at a space (kept at its end), a line break, a jump back or down, or a gap as wide as a cell gap."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if len(text) != textpage.count_chars():  # characters outside the BMP: no index per character
            return _rectangle_runs(textpage, page.get_height())
        return _character_runs(textpage, text, page.get_height())
    finally:
        textpage.close()


def _character_runs(textpage: pypdfium2.PdfTextPage, text: str, height: float) -> list[Run]:
    runs: list[Run] = []
    chars: list[str] = []
    x0 = x1 = top = bottom = 0.0
    for index, char in enumerate(text):
        if char in "\r\n":
            _flush(runs, chars, x0, x1, top, bottom)
            chars = []
            continue
        if char.isspace():  # a word ends: runs are words, which lines join into cells
            if chars:
                chars.append(" ")
                _flush(runs, chars, x0, x1, top, bottom)
                chars = []
            continue
        left, low, right, high = textpage.get_charbox(index, loose=True)
        char_top, char_bottom = height - high, height - low
        size = max(char_bottom - char_top, 1.0)
        if chars and (
            abs((char_top + char_bottom) - (top + bottom)) > size  # another line
            or left < x1 - size  # back to the left
            or left - x1 > CELL_GAP * size  # a gap between cells
        ):
            _flush(runs, chars, x0, x1, top, bottom)
            chars = []
        if not chars:
            x0, x1, top, bottom = left, right, char_top, char_bottom
        x1, top, bottom = max(x1, right), min(top, char_top), max(bottom, char_bottom)
        chars.append(char)
    _flush(runs, chars, x0, x1, top, bottom)
    return runs


def _flush(runs: list[Run], chars: list[str], x0: float, x1: float, top: float, bottom: float) -> None:
    text = "".join(chars)
    if text.strip():
        runs.append(Run(text, x0, x1, top, bottom))


def _rectangle_runs(textpage: pypdfium2.PdfTextPage, height: float) -> list[Run]:
    """Runs from pdfium's text rectangles (a rectangle's text may take in bits of its neighbours)."""
    runs = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = _one_line(textpage.get_text_bounded(left, bottom, right, top))
        if text.strip():
            runs.append(Run(text, left, right, height - top, height - bottom))
    return runs


def _one_line(text: str) -> str:
    r"""The text of one rectangle, without the bits of the lines above and below that its box touches
    (pdfium returns them before or after a line break): the longest line.

    >>> _one_line("gỷ g\r\n+ Trong đó chi 1.900 tỷ đồng")
    '+ Trong đó chi 1.900 tỷ đồng'
    """
    if "\n" not in text and "\r" not in text:
        return text
    return max(text.replace("\r", "\n").split("\n"), key=len)


def _has_image(page: pypdfium2.PdfPage) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


def _scan_warnings(scanned: list[int], ocr: bool) -> list[str]:
    """One line for the pages without a text layer that were not read."""
    if not scanned:
        return []
    pages = ", ".join(map(str, scanned))
    label = "page" if len(scanned) == 1 else "pages"
    if ocr:
        missing = f"no text layer, and --ocr needs tesseract with Vietnamese data ({ocr_reader.INSTALL})"
        return [f"{label} {pages}: {missing}"]
    return [f"{label} {pages}: {NO_TEXT_LAYER}"]
