"""PDF page layout: positioned runs of text -> paragraphs and tables, page furniture left out.

Input: per page, `Run`s (a run of text on one line, with its box; y grows downwards). Output: `Block`s
per page (a paragraph's lines, or a table's rows of cells), and `join_pages` lays the pages out in a
`ViewBuilder`: running headers and footers and page numbers dropped, a paragraph cut by a page break
joined, a table continued on the next page (its heading row repeated) continued without the repeat.
Pure geometry: no PDF library is needed here, so every rule is tested on hand-made runs.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from vnreport_extract.read.view import ViewBuilder, clean, table_rows

CELL_GAP = 0.6  # a horizontal gap wider than this many line heights separates two table cells
WIDE_GAP = 1.5  # a gap wider than this many line heights separates cells even where every gap is wide
WORD_GAP = 0.2  # a gap wider than this many line heights between two runs is a space
PARAGRAPH_GAP = 1.6  # a vertical step larger than this many usual line steps starts a paragraph
_PAGE_NUMBER = re.compile(
    r"(?:trang|page|tr\.)?\s*[-–—(]?\s*\d{1,4}\s*(?:(?:/|of|trên|\|)\s*\d{1,4})?\s*[-–—)]?", re.IGNORECASE
)
_LIST_MARKER = re.compile(r"[-+•*–—▪●○■□]\s|[a-zđ]\)\s|\d{1,2}[.)]\s|[IVX]{1,5}[.)]\s", re.IGNORECASE)
_SENTENCE_END = tuple(".!?…\"”")


@dataclass(frozen=True)
class Run:
    """A run of text on one line of a page; y grows downwards."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass
class Line:
    """One line of a page: its cells (runs close together joined), left to right."""

    cells: list[Run]

    @property
    def top(self) -> float:
        return min(cell.top for cell in self.cells)

    @property
    def bottom(self) -> float:
        return max(cell.bottom for cell in self.cells)

    @property
    def height(self) -> float:
        return statistics.median(cell.height for cell in self.cells)

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1

    @property
    def text(self) -> str:
        return " ".join(cell.text for cell in self.cells)

    @property
    def is_row(self) -> bool:
        return len(self.cells) > 1


@dataclass
class Block:
    """A paragraph (`lines`, joined by spaces) or a table (`rows` of cells)."""

    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    open_end: bool = False  # a paragraph whose last line runs to the right edge without ending a sentence
    pages: list[int] = field(default_factory=list)  # the page (from 0) of each line or row

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


# --- Lines ---------------------------------------------------------------------------------------


def make_lines(runs: Sequence[Run]) -> list[Line]:
    """Runs grouped into lines (top to bottom), each line's close runs joined into cells."""
    lines: list[list[Run]] = []
    for run in sorted((run for run in runs if run.text.strip()), key=lambda run: (run.top, run.x0)):
        line = next((line for line in reversed(lines[-3:]) if _same_line(line, run)), None)
        if line is None:
            lines.append([run])
        else:
            line.append(run)
    return [Line(_cells(sorted(line, key=lambda run: run.x0))) for line in lines]


def _same_line(line: list[Run], run: Run) -> bool:
    """Whether `run` overlaps the line vertically by half the smaller height."""
    top, bottom = min(r.top for r in line), max(r.bottom for r in line)
    overlap = min(bottom, run.bottom) - max(top, run.top)
    return overlap >= 0.5 * min(bottom - top, run.height)


def _cells(runs: list[Run]) -> list[Run]:
    """Join runs separated by less than a cell gap (a space when the gap is a word gap, or the run ends
    with one).

    A cell gap is wider than CELL_GAP line heights and, unless it is very wide, wider than twice the
    line's usual gap: the word spaces of a justified line, stretched alike, are not cell gaps.
    """
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(runs)]
    usual = statistics.median(gaps) if gaps else 0.0
    cells = [runs[0]]
    for run, gap in zip(runs[1:], gaps, strict=True):
        last = cells[-1]
        height = min(last.height, run.height)
        if gap > CELL_GAP * height and (gap > 2 * usual or gap > WIDE_GAP * height):
            cells.append(run)
            continue
        space = " " if gap > WORD_GAP * height and not last.text.endswith(" ") else ""
        top, bottom = min(last.top, run.top), max(last.bottom, run.bottom)
        cells[-1] = Run(last.text + space + run.text, last.x0, max(last.x1, run.x1), top, bottom)
    return [Run(clean(cell.text), cell.x0, cell.x1, cell.top, cell.bottom) for cell in cells]


# --- Page furniture ------------------------------------------------------------------------------


def is_page_number(text: str) -> bool:
    """Whether a line is only a page number: `3`, `- 3 -`, `Trang 1/2`, `Page 2 of 5`.

    >>> [is_page_number(t) for t in ("3", "- 12 -", "Trang 1/2", "Page 2 of 5", "Tăng 3%", "2024")]
    [True, True, True, True, False, False]
    """
    text = text.strip()
    return bool(_PAGE_NUMBER.fullmatch(text)) and not re.fullmatch(r"(19|20)\d\d", text)


def furniture_keys(pages: Sequence[Sequence[Line]], edge: int = 2) -> set[str]:
    """Running headers and footers: texts (digits ignored) among the first `edge` lines of at least half
    the pages (and 2), or among their last `edge` lines."""
    if len(pages) < 2:
        return set()
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for lines in pages:
        tops.update({_key(line.text) for line in lines[:edge]})
        bottoms.update({_key(line.text) for line in lines[-edge:]})
    least = max(2, (len(pages) + 1) // 2)
    return {key for counts in (tops, bottoms) for key, count in counts.items() if count >= least}


def drop_furniture(lines: list[Line], keys: set[str], edge: int = 2) -> list[Line]:
    """The page's lines without page numbers and running headers/footers at its top and bottom (a table's
    heading repeated at the top of each page is not furniture: the table's continuation is seen later)."""
    def furniture(line: Line) -> bool:
        if is_page_number(line.text):
            return True
        index = lines.index(line)
        in_table = line.is_row and any(lines[i].is_row for i in (index - 1, index + 1) if 0 <= i < len(lines))
        return not in_table and _key(line.text) in keys

    head = 0
    while head < min(edge, len(lines)) and furniture(lines[head]):
        head += 1
    tail = len(lines)
    while tail > head and len(lines) - tail < edge and furniture(lines[tail - 1]):
        tail -= 1
    return lines[head:tail]


def _key(text: str) -> str:
    """A line's text to compare across pages; its only number (a page number) made `#`.

    >>> _key("Báo cáo tháng 9 - trang 3"), _key("Trang 12"), _key("Doanh thu 2.813")
    ('báo cáo tháng 9 - trang 3', 'trang #', 'doanh thu 2.813')
    """
    text = clean(text).lower()
    numbers = re.findall(r"\d+", text)
    return re.sub(r"\d+", "#", text) if len(numbers) == 1 and len(numbers[0]) <= 4 else text


# --- Blocks --------------------------------------------------------------------------------------


def page_blocks(lines: list[Line]) -> list[Block]:
    """A page's lines as paragraphs and tables, in order."""
    blocks: list[Block] = []
    right = max((line.x1 for line in lines if not line.is_row), default=0.0)
    left = min((line.x0 for line in lines if not line.is_row), default=0.0)
    lines = [_as_text_line(lines, index, left, right) for index in range(len(lines))]
    step = _usual_step(lines)
    index = 0
    while index < len(lines):
        end = _table_end(lines, index)
        if end > index:
            blocks.append(Block(rows=table_cells(lines[index:end])))
            index = end
            continue
        line = lines[index]
        previous = lines[index - 1] if index else None
        block = blocks[-1] if blocks else None
        if block is not None and not block.is_table and previous is not None and _continues(
            previous, line, left, right, step
        ):
            block.lines.append(line.text)
        else:
            blocks.append(Block(lines=[line.text]))
        blocks[-1].open_end = _runs_on(line, right)
        index += 1
    return blocks


def _as_text_line(lines: Sequence[Line], index: int, left: float, right: float) -> Line:
    """A line of a justified paragraph whose wide word spaces looked like cell gaps, made one cell again:
    a lone row between text lines that runs from the left margin to the right one."""
    line = lines[index]
    if not line.is_row or any(lines[i].is_row for i in (index - 1, index + 1) if 0 <= i < len(lines)):
        return line
    margin = 2 * line.height
    if abs(line.x0 - left) > margin or abs(line.x1 - right) > margin:
        return line
    return Line([Run(line.text, line.x0, line.x1, line.top, line.bottom)])


def _usual_step(lines: Sequence[Line]) -> float:
    """The usual distance from one line's top to the next one's."""
    steps = [b.top - a.top for a, b in itertools.pairwise(lines) if b.top > a.top]
    return statistics.median(steps) if steps else 0.0


def _continues(previous: Line, line: Line, left: float, right: float, step: float) -> bool:
    """Whether `line` wraps on from `previous` in the same paragraph."""
    height = previous.height
    if previous.is_row or not _wraps_to(previous, line, right):
        return False
    if step and line.top - previous.top > PARAGRAPH_GAP * max(step, height):
        return False
    if abs(line.height - height) > 0.2 * height or line.x0 - left > 1.5 * height:
        return False
    return not _LIST_MARKER.match(line.text)


def _wraps_to(previous: Line, line: Line, right: float) -> bool:
    """Whether the first word of `line` would not have fitted at the end of `previous`: the text was
    wrapped there, justified or ragged (a paragraph's last line leaves room for it)."""
    first_word = line.text.split(" ", 1)[0]
    char_width = (line.x1 - line.x0) / max(len(line.text), 1)
    return right - previous.x1 < (len(first_word) + 1) * char_width + 0.5 * previous.height


def _runs_on(line: Line, right: float) -> bool:
    """Whether a page's last line reaches the right edge of the text without ending a sentence, so the
    text wraps on to the next page."""
    return line.x1 >= right - 3 * line.height and not line.text.rstrip().endswith(_SENTENCE_END)


def _table_end(lines: Sequence[Line], start: int) -> int:
    """The end of the table starting at `start` (== start when none starts there).

    A table is a run of lines with two or more cells; a one-cell line between two such lines is a
    cell's text wrapped onto a second line.
    """
    if not lines[start].is_row:
        return start
    end = start + 1
    while end < len(lines):
        if lines[end].is_row:
            end += 1
        elif end + 1 < len(lines) and lines[end + 1].is_row:
            end += 2
        elif _wraps_cell(lines[start:end], lines[end]):
            end += 1
        else:
            break
    return end


def _wraps_cell(table: Sequence[Line], line: Line) -> bool:
    """Whether a one-cell line right under a table is the rest of a cell's text: close under the last
    line, and starting where the table's cells start."""
    if line.top - table[-1].bottom >= 0.5 * line.height:
        return False
    return any(abs(cell.x0 - line.x0) < 0.5 * line.height for row in table for cell in row.cells if row.is_row)


def table_cells(lines: Sequence[Line]) -> list[list[str]]:
    """A table's lines as rows of cells, cells placed in columns by their horizontal position.

    A cell spanning several columns (a heading over two sub-columns) takes the first. A one-cell line
    is a cell's text wrapped: it continues the row above when the row below has its own text in that
    column (cells aligned to the top); otherwise it joins the nearer row (a cell centred vertically
    wraps around its row's line).
    """
    columns = _columns(lines)
    placed = [_placed(line, columns) for line in lines]
    rows: list[list[str]] = []
    waiting: list[str] = [""] * len(columns)  # wrapped text that belongs to the next row
    for index, line in enumerate(lines):
        cells = placed[index]
        if line.is_row:
            _merge_into(cells, waiting, after=False)
            waiting = [""] * len(columns)
            rows.append(cells)
        elif rows and not any(waiting) and _continues_above(lines, placed, index):
            _merge_into(rows[-1], cells, after=True)
        else:
            _merge_into(waiting, cells, after=True)
    if any(waiting):
        rows.append(waiting)
    return [row for row in rows if any(row)]


def _continues_above(lines: Sequence[Line], placed: Sequence[list[str]], index: int) -> bool:
    below = next((i for i in range(index + 1, len(lines)) if lines[i].is_row), None)
    if below is None:
        return True
    columns = [column for column, text in enumerate(placed[index]) if text]
    if all(placed[below][column] for column in columns):
        return True
    return not _nearer_next(lines, index)


def _placed(line: Line, columns: Sequence[tuple[float, float]]) -> list[str]:
    cells = [""] * len(columns)
    for cell in line.cells:
        column = _column_of(cell, columns)
        cells[column] = clean(f"{cells[column]} {cell.text}")
    return cells


def _nearer_next(lines: Sequence[Line], index: int) -> bool:
    """Whether a wrapped line sits closer to the line after it than to the one before."""
    if index + 1 >= len(lines):
        return False
    return lines[index + 1].top - lines[index].bottom < lines[index].top - lines[index - 1].bottom


def _merge_into(row: list[str], cells: list[str], after: bool) -> None:
    for column, text in enumerate(cells):
        if text:
            row[column] = clean(f"{row[column]} {text}" if after else f"{text} {row[column]}")


def _columns(lines: Sequence[Line]) -> list[tuple[float, float]]:
    """Column extents: cells of all rows overlapping horizontally make one column, left to right."""
    columns: list[list[float]] = []
    widest = max((line for line in lines if line.is_row), key=lambda line: len(line.cells))
    for cell in widest.cells:
        columns.append([cell.x0, cell.x1])
    for line in lines:
        if not line.is_row or line is widest:
            continue
        for cell in line.cells:
            overlapping = [column for column in columns if _overlap(column, cell) > 0]
            if len(overlapping) == 1:
                overlapping[0][0] = min(overlapping[0][0], cell.x0)
                overlapping[0][1] = max(overlapping[0][1], cell.x1)
            elif not overlapping:
                columns.append([cell.x0, cell.x1])
    return sorted((column[0], column[1]) for column in columns)


def _column_of(cell: Run, columns: Sequence[tuple[float, float]]) -> int:
    """The first column the cell overlaps, else the nearest one."""
    for index, column in enumerate(columns):
        if _overlap(column, cell) > 0:
            return index
    return min(range(len(columns)), key=lambda index: abs(columns[index][0] - cell.x0))


def _overlap(column: Sequence[float], cell: Run) -> float:
    return min(column[1], cell.x1) - max(column[0], cell.x0)


# --- Pages ---------------------------------------------------------------------------------------


def join_pages(pages: Sequence[list[Block] | None], view: ViewBuilder) -> None:
    """Lay the pages' blocks out in `view` (None: a page without text), joining across page breaks."""
    merged: list[Block] = []
    last: Block | None = None
    for number, blocks in enumerate(pages):
        if not blocks:
            last = None
            continue
        for block in blocks:
            block.pages = [number] * len(block.rows or block.lines)
        first, *rest = blocks
        if last is not None and _continue_across(last, first):
            blocks = rest
        merged.extend(blocks)
        last = merged[-1]
    _emit(merged, view, len(pages))


def _continue_across(last: Block, first: Block) -> bool:
    """Continue the previous page's last block with this page's first one, when it runs on."""
    if not last.is_table and not first.is_table and last.open_end:
        last.lines.extend(first.lines)
        last.pages.extend(first.pages)
        last.open_end = first.open_end
        return True
    if not (last.is_table and first.is_table):
        return False
    repeated = _repeated_heading(last.rows, first.rows)
    rows, pages = first.rows[repeated:], first.pages[repeated:]
    cut = _cut_row_rest(last.rows[repeated], rows[0]) if repeated < len(last.rows) and rows else None
    if cut is not None:  # a heading row repeated with the rest of a row cut by the page break under it
        _merge_into(last.rows[-1], cut, after=True)
        rows, pages = rows[1:], pages[1:]
    elif not repeated:
        return False
    last.rows.extend(rows)
    last.pages.extend(pages)
    return True


def _repeated_heading(before: list[list[str]], after: list[list[str]]) -> int:
    """How many heading rows of a table are repeated at the top of its continuation (0 when none)."""
    count = 0
    while count < min(3, len(before), len(after)) and _same_row(before[count], after[count]):
        count += 1
    return count


def _same_row(a: list[str], b: list[str]) -> bool:
    return [cell for cell in a if cell] == [cell for cell in b if cell]


def _cut_row_rest(heading: list[str], row: list[str]) -> list[str] | None:
    """When `row` is the heading row again, holding in its empty cells the rest of the row cut by the page
    break (wrapped text read into the row above it), that rest; else None.

    >>> _cut_row_rest(["", "KH", "TH"], ["số 7 có tên", "KH", "TH"])
    ['số 7 có tên', '', '']
    >>> _cut_row_rest(["", "KH", "TH"], ["Lúa", "120", "130"]) is None
    True
    """
    if len(heading) != len(row) or sum(1 for cell in heading if cell) < 2:
        return None
    if any(cell and cell != other for cell, other in zip(heading, row, strict=True)):
        return None
    rest = [other if not cell else "" for cell, other in zip(heading, row, strict=True)]
    return rest if any(rest) else None


def _emit(blocks: Sequence[Block], view: ViewBuilder, page_count: int) -> None:
    """Write the blocks in `view`, marking where each page starts."""
    started = 0
    for block in blocks:
        pages = block.pages
        if block.is_table:
            pages = [page for row, page in zip(block.rows, block.pages, strict=True) if any(row)]
        pieces = table_rows(block.rows) if block.is_table else block.lines
        for index, (piece, page) in enumerate(zip(pieces, pages, strict=True)):
            while started <= page:
                view.start_page()
                started += 1
            if block.is_table:
                view.table_line(piece) if index == 0 else view.row_line(piece)
            else:
                view.paragraph(piece) if index == 0 else view.append_to_last(piece)
    while started < page_count:
        view.start_page()
        started += 1
