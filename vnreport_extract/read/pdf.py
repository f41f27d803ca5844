"""PDF files -> the text view, with pypdfium2 (BSD/Apache): pages in order, each page's text runs laid out.

Input: the file's bytes. Output: a `Text` whose `pages` hold the offset each page starts at. A page
without a text layer (a scan) is recognised with tesseract when `ocr` is asked for and installed, else
left out with a warning naming the page; a PDF with no text at all is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnreport_extract.errors import ReadError
from vnreport_extract.read import ocr as ocr_reader
from vnreport_extract.read.pdf_layout import Run, drop_furniture, furniture_keys, join_pages, make_lines
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
    """The page's runs of text with their boxes (pdfium's text rectangles), y growing downwards."""
    textpage = page.get_textpage()
    try:
        height = page.get_height()
        runs = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = _one_line(textpage.get_text_bounded(left, bottom, right, top))
            if text.strip():
                runs.append(Run(text, left, right, height - top, height - bottom))
        return runs
    finally:
        textpage.close()


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
