"""The text view of a document file: paragraphs and table rows, laid out once, with page starts.

Every reader of a file format (PDF, Word, Excel) hands its blocks to a `ViewBuilder`. The view is the
text that `extract()` receives and that metric offsets index: paragraphs are separated by a blank line,
a table is one row a line with cells separated by a tab, and the view is NFC already, so offsets into
it are offsets into the normalised text. `page_starts[i]` is the offset where page i + 1 begins.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

PARAGRAPH_BREAK = "\n\n"
ROW_BREAK = "\n"
CELL_BREAK = "\t"
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")


def clean(text: str) -> str:
    """One line of text: NFC, runs of white space (tabs and line breaks too) made one space, trimmed.

    >>> clean("  Doanh thu\\n tăng\\t18% ")
    'Doanh thu tăng 18%'
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def table_rows(rows: Sequence[Sequence[str]]) -> list[str]:
    """Table rows as lines: cells cleaned and joined by tabs, empty rows dropped, every row as wide as the
    table (its last column with text), so that the columns stay in place (a heading spanning the last
    two columns is followed by an empty cell).

    >>> table_rows([["Chỉ tiêu", "Năm 2024", "", ""], ["", "", ""], ["Doanh thu", "2.813", "3.320"]])
    ['Chỉ tiêu\\tNăm 2024\\t', 'Doanh thu\\t2.813\\t3.320']
    """
    grid = [[clean(cell) for cell in row] for row in rows]
    width = max((max(i for i, cell in enumerate(row) if cell) + 1 for row in grid if any(row)), default=0)
    return [CELL_BREAK.join([*row[:width], *[""] * (width - len(row))]) for row in grid if any(row)]


@dataclass
class ViewBuilder:
    """Collects blocks (paragraphs, tables) page by page and lays out the view."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    page_starts: list[int] = field(default_factory=list)
    _pages_waiting: int = 0  # pages begun whose first text has not come yet

    def start_page(self) -> None:
        """Mark that what comes next is on a new page (its start is the offset of its first text)."""
        self._pages_waiting += 1

    def _text_starts_here(self) -> None:
        self.page_starts.extend([self.length] * self._pages_waiting)
        self._pages_waiting = 0

    def paragraph(self, text: str) -> None:
        """Add a paragraph (its white space made single spaces); empty ones are skipped."""
        self._block(clean(text))

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        """Add a table, one row a line."""
        self._block(ROW_BREAK.join(table_rows(rows)))

    def table_line(self, line: str) -> None:
        """Start a table with a row already laid out (cells joined by tabs)."""
        self._block(line)

    def row_line(self, line: str) -> None:
        """Continue the last table with a row already laid out."""
        self.parts.append(ROW_BREAK)
        self.length += len(ROW_BREAK)
        self._text_starts_here()
        self.parts.append(line)
        self.length += len(line)

    def append_to_last(self, text: str) -> None:
        """Continue the last paragraph with `text` (a sentence that runs on past a page break)."""
        text = clean(text)
        if not self.parts:
            self.paragraph(text)
        elif text:
            self.parts.append(" ")
            self.length += 1
            self._text_starts_here()
            self.parts.append(text)
            self.length += len(text)

    def _block(self, text: str) -> None:
        if not text:
            return
        if self.parts:
            self.parts.append(PARAGRAPH_BREAK)
            self.length += len(PARAGRAPH_BREAK)
        self._text_starts_here()
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)

    def pages(self) -> tuple[int, ...]:
        """The offset each page starts at (pages without text start where the next text would)."""
        return (*self.page_starts, *[self.length] * self._pages_waiting)


def page_of(offset: int, page_starts: Sequence[int]) -> int | None:
    """The page (from 1) that the view offset falls in, or None when the view has no pages.

    >>> page_of(0, [0, 120]), page_of(119, [0, 120]), page_of(120, [0, 120]), page_of(5, [])
    (1, 1, 2, None)
    """
    if not page_starts:
        return None
    return max(1, bisect_right(page_starts, offset))
