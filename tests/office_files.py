"""Builders of the PDF, Word and Excel files the reader tests (and bench/readers.py) read.

PDFs are written with fpdf2 and the DejaVu fonts (Debian: fonts-dejavu-core) for the Vietnamese
letters; Word files with python-docx; Excel files with openpyxl.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


def fonts_missing() -> str | None:
    """Why the PDF builders cannot run here, or None."""
    if not FONT.exists():
        return f"{FONT} is missing (Debian: apt-get install fonts-dejavu-core)"
    return None


@dataclass(frozen=True)
class Table:
    rows: Sequence[Sequence[str]]
    heading_rows: int = 1
    widths: Sequence[float] | None = None


@dataclass(frozen=True)
class Scan:
    """A page holding only a picture of these lines of text (no text layer)."""

    lines: Sequence[str]


@dataclass(frozen=True)
class Filler:
    """A new page, left blank down to `y` millimetres from the top (to make a paragraph run over a page break)."""

    y: float


@dataclass(frozen=True)
class Ragged:
    """A paragraph set flush left, its lines wrapped here word by word and written one cell each (so
    fpdf2 keeps every character, soft hyphens too: TCVN3's `ư`)."""

    text: str


Block = str | Table | Scan | Filler | Ragged


def make_pdf(path: Path, blocks: Sequence[Block], header: str | None = None, footer: bool = True) -> Path:
    """A PDF: paragraphs (str) and tables flowing over A4 pages, a running header, `Trang n/N` footers."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("DejaVu", size=8)
                self.cell(0, 5, header, align="R", new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self) -> None:
            if footer:
                self.set_y(-15)
                self.set_font("DejaVu", size=8)
                self.cell(0, 10, f"Trang {self.page_no()}/{{nb}}", align="C")

    pdf = Report(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(BOLD))
    pdf.set_auto_page_break(True, margin=20)
    if not isinstance(blocks[0], Scan | Filler):
        pdf.add_page()
    for block in blocks:
        pdf.set_font("DejaVu", size=11)
        if isinstance(block, str):
            pdf.multi_cell(0, 6, block, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif isinstance(block, Table):
            _pdf_table(pdf, block)
            pdf.ln(3)
        elif isinstance(block, Filler):
            pdf.add_page()
            pdf.set_y(block.y)
        elif isinstance(block, Ragged):
            for line in _wrapped(pdf, block.text):
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        else:
            _scan_page(pdf, block)
    pdf.output(str(path))
    return path


def _wrapped(pdf: object, text: str) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and pdf.get_string_width(f"{lines[-1]} {word}") <= pdf.epw:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _pdf_table(pdf: object, table: Table) -> None:
    with pdf.table(col_widths=table.widths, num_heading_rows=table.heading_rows, text_align="LEFT") as grid:
        for cells in table.rows:
            row = grid.row()
            for cell in cells:
                if isinstance(cell, tuple):  # (text, colspan)
                    row.cell(cell[0], colspan=cell[1])
                else:
                    row.cell(cell)


def _scan_page(pdf: object, scan: Scan) -> None:
    """A new page with only an image of the lines (rendered by Pillow, as a scanner would give)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40)
    for index, line in enumerate(scan.lines):
        draw.text((150, 200 + index * 70), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf.add_page()
    pdf.image(buffer, x=0, y=0, w=210, h=297)


def make_docx(path: Path, blocks: Sequence[str | Table], header: str | None = None) -> Path:
    """A Word file: paragraphs and tables in this order; a table cell ("text", n) spans n columns,
    and a cell "^" continues the cell above (merged down)."""
    import docx

    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
        document.sections[0].footer.paragraphs[0].text = "Trang 1"
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            _docx_table(document, block)
    document.save(str(path))
    return path


def _docx_table(document: object, table: Table) -> None:
    width = max(sum(cell[1] if isinstance(cell, tuple) else 1 for cell in row) for row in table.rows)
    grid = document.add_table(rows=len(table.rows), cols=width)
    grid.style = "Table Grid"
    for row_index, cells in enumerate(table.rows):
        column = 0
        for cell in cells:
            text, span = cell if isinstance(cell, tuple) else (cell, 1)
            target = grid.cell(row_index, column)
            if span > 1:
                target = target.merge(grid.cell(row_index, column + span - 1))
            if text == "^":
                grid.cell(row_index - 1, column).merge(target)
            else:
                target.text = text
            column += span


def make_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]], merged: Sequence[str] = (),
              percent_cells: Sequence[str] = ()) -> Path:
    """An Excel workbook: one sheet per entry; `merged` ranges on the first sheet; percent-formatted cells."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for index, (title, rows) in enumerate(sheets.items()):
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        if index == 0:
            for cells in merged:
                sheet.merge_cells(cells)
            for cell in percent_cells:
                sheet[cell].number_format = "0.0%"
    workbook.save(str(path))
    return path
