"""Tables in the text view: runs of TAB-separated lines read as a grid of column headings and rows.
A plain-text file may draw its cells with "|" instead ("Chỉ tiêu | Năm 2024", a Markdown table).

Input: the scanning view and the pattern library. Output: `Table`s, each with one heading text per
column, its body rows aligned to the columns, the roles of its numbering, label and unit columns,
its unit note and the line spans it covers (whose sentences are not read again as running text).

A table is two or more lines holding a TAB between two cells (blank lines between them allowed; a
short line without digits such as "Trong đó:" may stand between two of them), one of which is a
row of figures. Rows above the first row of figures are its heading; two heading rows are merged
column by column, also when the reader dropped the empty cells under a cell spanning columns. A
heading repeated further down (a table continued on the next page) is skipped, and a table without
a heading that follows another of the same width continues it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations
from math import comb

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.frozen import frozen
from vnreport_extract.library import WORD_END, WORD_START, PatternLibrary, alternation

CELL_SEPARATOR = "\t"
DRAWN_SEPARATOR = "|"  # cells drawn in plain text; a line holding a TAB keeps TAB as its separator
_RULE_LINE = compile_pattern(r"[\s|:+=-]*-[\s|:+=-]*")  # a Markdown or ASCII rule under a heading: |---|:--:|
_LINE = compile_pattern(r"[^\n]+")
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d+|\d+"
QUANTITY = compile_pattern(
    rf"(?P<sign>[+-]|\([+-]\))?\s*(?P<num>{NUMBER})(?:\s*(?P<unit>[%‰]|[\p{{L}}%][\p{{L}}\s./%‰]{{0,30}}))?"
    r"(?:\s*\(?\*{1,3}\)?)?"  # a footnote mark: "12.450(*)"
)
DASH = compile_pattern(r"[-–—]+|…+|\.{2,}|[xX]|[-–—]?\s*[xX]\s*[-–—]?")
_YEAR = compile_pattern(r"(?:19|20)\d{2}")
_NUMBERING = compile_pattern(r"(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3}){0,3}|\p{Ll})[.)]?|[-+*•·]")
_INDEX_CELL = compile_pattern(r"\(?(?:(?P<n>\d{1,2})|\p{Lu}|\d{1,2}\s*[=*/+-].*)\)?")
_LETTERS = compile_pattern(r"\p{L}{2,}")
_PAGE_NUMBER = compile_pattern(r"[-–]?\s*\d{1,3}\s*[-–]?")
_INSIDE_LINE = 60  # a line without a TAB standing inside a table ("Trong đó:") is at most this long
_CONTINUATION_GAP = 8  # non-blank lines between a table and the headless table that continues it
_NOTE_LINES = 3  # lines above a table searched for its unit note
_MAX_CHOICES = 5000  # ways of placing a lower heading row tried at most (a wide heading: no guess)


@frozen
class Cell:
    text: str
    start: int
    end: int


@frozen
class Row:
    cells: tuple[Cell, ...]  # every cell of the line, empty ones included
    start: int
    end: int
    has_tab: bool = True

    @property
    def filled(self) -> list[Cell]:
        return [c for c in self.cells if c.text]


@dataclass
class Table:
    headings: list[str]  # one per column, two heading rows joined ("Năm 2024 KH")
    rows: list[list[Cell | None]]  # body rows aligned to the columns
    lines: list[Row]  # every body row's line, in the order of `rows`
    spans: list[tuple[int, int]]  # every line the table covers
    numbering: int | None = None
    label: int = 0
    unit: int | None = None
    note: str | None = None  # the table's unit ("Đơn vị tính: tỷ đồng")
    width: int = 0


def is_quantity(text: str) -> bool:
    return bool(QUANTITY.fullmatch(text))


def is_dash(text: str) -> bool:
    return bool(DASH.fullmatch(text))


def is_numbering(text: str) -> bool:
    return bool(_NUMBERING.fullmatch(text))


def in_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` falls in one of the sorted, disjoint `spans`."""
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


@dataclass(frozen=True)
class HeadingWords:
    numbering: regex.Pattern[str]
    unit: regex.Pattern[str]
    label: regex.Pattern[str]
    note: regex.Pattern[str]
    status: regex.Pattern[str]  # any status word of a column heading (KH, ƯTH, Thực hiện)


@lru_cache(maxsize=8)
def heading_words(library: PatternLibrary) -> HeadingWords:
    t = library.tables
    note = rf"{WORD_START}(?:{alternation(t.unit_headings)}){WORD_END}\s*:\s*(?P<unit>[^\t\n():;,]+?)\s*(?:[)\t\n;,]|$)"
    statuses = [*t.status.target, *t.status.estimate, *t.status.actual]
    return HeadingWords(
        _whole(t.numbering_headings), _whole(t.unit_headings), _whole(t.label_headings), compile_pattern(note, regex.I),
        compile_pattern(rf"{WORD_START}(?:{alternation(statuses)}){WORD_END}", regex.I),
    )


def _whole(words: list[str]) -> regex.Pattern[str]:
    """A whole heading cell that is one of `words`."""
    return compile_pattern(rf"\W*(?:{alternation(words)})\W*", regex.I)


def find_tables(text: str, library: PatternLibrary) -> list[Table]:
    """Every table of the text view, in text order."""
    if CELL_SEPARATOR not in text and DRAWN_SEPARATOR not in text:
        return []
    words = heading_words(library)
    lines = [_row(m.group(), m.start()) for m in _LINE.finditer(text) if m.group().strip()]
    tables: list[Table] = []
    previous_last = 0
    for first, last in _runs(lines):
        run = lines[first : last + 1]
        table = _table(run, lines[max(0, first - _NOTE_LINES) : first], words)
        if table is None:
            continue
        if tables and _continues(table, tables[-1], first - previous_last):
            table = replace(tables[-1], rows=table.rows, lines=table.lines, spans=table.spans)
        elif sum(_is_table_line(r) for r in run) < 2:  # one TAB line alone is no table
            continue
        tables.append(table)
        previous_last = last
    return tables


def _continues(table: Table, previous: Table, gap: int) -> bool:
    """A table without a heading, of the same width, shortly after another continues it."""
    return not any(table.headings) and table.width == previous.width and gap <= _CONTINUATION_GAP


def _row(line: str, offset: int) -> Row:
    separator = CELL_SEPARATOR if CELL_SEPARATOR in line or DRAWN_SEPARATOR not in line else DRAWN_SEPARATOR
    if separator == DRAWN_SEPARATOR and _RULE_LINE.fullmatch(line):
        return Row((), offset, offset + len(line), False)  # a rule line stands inside the table
    cells, pos = [], 0
    for piece in line.split(separator):
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        cells.append(Cell(stripped, offset + pos + lead, offset + pos + lead + len(stripped)))
        pos += len(piece) + 1
    if separator == DRAWN_SEPARATOR:  # "| a | b |": the outer bars open and close the row, no cells
        cells = cells[1 if not line[: line.index("|")].strip() else 0 :]
        if not line[line.rindex("|") + 1 :].strip():
            cells = cells[:-1]
    return Row(tuple(cells), offset, offset + len(line), separator in line)


def _is_table_line(row: Row) -> bool:
    return row.has_tab and len(row.filled) >= 2


def _may_stand_inside(row: Row) -> bool:
    """"Trong đó:" between two rows, or a page number where a table runs on to the next page."""
    text = row.filled[0].text if row.filled else ""
    return _PAGE_NUMBER.fullmatch(text) is not None or (
        len(text) <= _INSIDE_LINE and not any(ch.isdigit() for ch in text)
    )


def _runs(lines: list[Row]) -> list[tuple[int, int]]:
    """First and last index of each run of table lines; a short line without digits (or a page
    number) between two of them belongs to the run."""
    runs: list[tuple[int, int]] = []
    first = last = None
    for index, row in enumerate(lines):
        if _is_table_line(row):
            first = index if first is None else first
            last = index
        elif first is not None and not _may_stand_inside(row):
            runs.append((first, last))
            first = last = None
    if first is not None:
        runs.append((first, last))
    return runs


def _is_figure_row(row: Row) -> bool:
    """A row holding a figure: a quantity cell that is not a year heading, in a row that is not an index row."""
    figures = [c for c in row.filled if is_quantity(c.text)]
    if not figures or _is_index_row(row):
        return False
    return not all(_YEAR.fullmatch(c.text) for c in figures)


def _is_index_row(row: Row) -> bool:
    """The row numbering the columns under a heading: "A | B | 1 | 2 | 3=2/1"."""
    numbers = []
    for cell in row.filled:
        match = _INDEX_CELL.fullmatch(cell.text)
        if not match:
            return False
        if match["n"]:
            numbers.append(int(match["n"]))
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _table(run: list[Row], above: list[Row], words: HeadingWords) -> Table | None:
    first_body = next((i for i, r in enumerate(run) if _is_figure_row(r)), None)
    if first_body is None:
        return None
    heading_rows = [r for r in run[:first_body] if r.has_tab and not _is_index_row(r)]
    headed = {tuple(c.text for c in r.filled) for r in heading_rows}
    body = [r for r in run[first_body:] if _is_body(r, headed)]
    width = max(len(r.cells) for r in body if r.has_tab)
    headings = _headings(heading_rows, width, words)
    spans = [(r.start, r.end) for r in run]
    table = Table(headings, [], body, spans, width=width)
    _roles(table, words)
    table.rows = [_align(r, table) for r in body]
    note = _note(run[:first_body], above, words)
    if note is not None:
        table.note = note[0]
        if note[1].start < run[0].start:  # a note line above the table is read with it, not as a sentence
            table.spans.insert(0, (note[1].start, note[1].end))
    return table


def _is_body(row: Row, headings: set[tuple[str, ...]]) -> bool:
    """Not a repeated heading, not a column-number row, not a page number."""
    if tuple(c.text for c in row.filled) in headings or _is_index_row(row):
        return False
    return row.has_tab or not _PAGE_NUMBER.fullmatch(row.filled[0].text if row.filled else "")


def _note(heading_rows: list[Row], above: list[Row], words: HeadingWords) -> tuple[str, Row] | None:
    """The unit the table's note names ("Đơn vị tính: tỷ đồng"), and the line holding it."""
    for row in [*heading_rows, *(r for r in reversed(above) if not r.has_tab)]:
        for cell in row.filled:
            if match := words.note.search(cell.text):
                return match["unit"], row
    return None


# ----- headings -------------------------------------------------------------------------------------


def _headings(rows: list[Row], width: int, words: HeadingWords) -> list[str]:
    """One heading text per column: the heading rows merged top to bottom."""
    grid = [""] * width
    for row in rows:
        grid = _merge(grid, [c.text for c in row.cells], width, words)
    return grid


def _merge(grid: list[str], cells: list[str], width: int, words: HeadingWords) -> list[str]:
    """Add one heading row to the headings so far. A row holding an empty cell (or a full one) is laid
    out on the grid, trailing empty cells dropped; a short row without gaps comes from a reader
    that does not repeat merged cells, and its cells are placed by what they name."""
    laid_out = len(cells) >= width or not all(cells)
    if laid_out:
        cells = cells[:width] + [""] * (width - len(cells))
    if not any(grid):  # the top heading row
        return _spread_spans(cells) if laid_out else cells + [""] * (width - len(cells))
    if laid_out:
        return [f"{above} {cell}".strip() for above, cell in zip(grid, cells, strict=True)]
    tops = [g for g in grid if g]
    if len(tops) == width:
        return _under_spans(grid, cells)
    return _under_parents(tops, cells, width, words) or _joined(grid, cells)


def _spread_spans(cells: list[str]) -> list[str]:
    """A full-width top row: an empty cell follows a cell spanning it."""
    out = list(cells)
    for i in range(1, len(out)):
        if not out[i] and out[i - 1]:
            out[i] = out[i - 1]
    return out


def _under_spans(grid: list[str], children: list[str]) -> list[str]:
    """A lower row under a full-width row: its cells sit under the cells spanning several columns."""
    spanned = [i for i in range(len(grid)) if grid[i] in grid[i - 1 : i] + grid[i + 1 : i + 2]]
    if len(spanned) != len(children):
        return _joined(grid, children)
    out = list(grid)
    for column, child in zip(spanned, children, strict=True):
        out[column] = f"{grid[column]} {child}"
    return out


def _joined(grid: list[str], children: list[str]) -> list[str]:
    """No better guess: the lower cells sit under the last columns."""
    out = list(grid)
    for offset, child in enumerate(reversed(children), 1):
        out[-offset] = f"{out[-offset]} {child}".strip()
    return out


def _under_parents(tops: list[str], children: list[str], width: int, words: HeadingWords) -> list[str] | None:
    """A lower heading row whose cells sit under some cells of the row above (the reader dropped
    the cells spanning two rows): choose those parents so that the columns add up to `width`."""
    count = len(tops) + len(children) - width
    if count < 1 or len(children) % count:
        return None
    size = len(children) // count
    groups = [children[i : i + size] for i in range(0, len(children), size)]
    parents = _choose_parents(tops, groups, words)
    if not parents:
        return None
    out: list[str] = []
    for index, top in enumerate(tops):
        if index in parents:
            out.extend(f"{top} {child}" for child in groups[parents.index(index)])
        else:
            out.append(top)
    return out if len(out) == width else None


def _choose_parents(tops: list[str], groups: list[list[str]], words: HeadingWords) -> list[int]:
    """The heading cells the child groups sit under: children holding years go under a parent
    without one and the other way round, statuses under a parent without one; on a tie the
    rightmost (a spanning year is usually last)."""
    candidates = [
        i for i, text in enumerate(tops)
        if i > 0 and not any(w.fullmatch(text) for w in (words.numbering, words.unit, words.label))
    ]
    if comb(len(candidates), len(groups)) > _MAX_CHOICES:
        return []
    best: tuple[int, tuple[int, ...]] | None = None
    for chosen in combinations(candidates, len(groups)):
        score = sum(_fits(tops[i], group, words) for i, group in zip(chosen, groups, strict=True))
        if best is None or (score, chosen) > best:
            best = (score, chosen)
    return list(best[1]) if best else []


def _fits(parent: str, group: list[str], words: HeadingWords) -> int:
    """How well children fit under a parent: each names what the other lacks, a year or a status."""
    parent_year = bool(_YEAR.search(parent))
    child_years = any(_YEAR.search(child) for child in group)
    parent_status = bool(words.status.search(parent))
    child_status = any(words.status.search(child) for child in group)
    return int(parent_year != child_years) + int(not (parent_status and child_status))


# ----- columns and rows -----------------------------------------------------------------------------


def _roles(table: Table, words: HeadingWords) -> None:
    full = [r for r in table.lines if len(r.cells) == table.width] or table.lines
    columns = [[r.cells[i].text if i < len(r.cells) else "" for r in full] for i in range(table.width)]
    headings = table.headings
    table.unit = next((i for i, h in enumerate(headings) if words.unit.fullmatch(h)), None)
    table.numbering = next((i for i, h in enumerate(headings) if words.numbering.fullmatch(h)), None)
    if table.numbering is None and table.width > 2 and all(not c or is_numbering(c) for c in columns[0]):
        table.numbering = 0
    named = next((i for i, h in enumerate(headings) if words.label.fullmatch(h)), None)
    others = [i for i in range(table.width) if i not in (table.numbering, table.unit)]
    textual = [i for i in others if _mostly_text(columns[i])]
    table.label = named if named is not None else (textual[0] if textual else (others[0] if others else 0))


def _mostly_text(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    wordy = sum(1 for c in filled if _LETTERS.search(c) and not is_quantity(c) and not is_numbering(c))
    return bool(filled) and wordy * 2 >= len(filled)


def _align(row: Row, table: Table) -> list[Cell | None]:
    """A body row's cells under their columns. A short row lost its trailing empty cells, or (from a
    reader that leaves out the cells merged down from the row above) some leading ones: its label
    cell goes under the label column and the cells after it follow in order."""
    cells: list[Cell | None] = list(row.cells)
    width = table.width
    if len(cells) < width:
        at = next((i for i, c in enumerate(cells) if c and _is_label_text(c.text)), None)
        shift = table.label - at if at is not None and at < table.label else 0
        cells = [None] * shift + cells
    cells = cells[:width] + [None] * (width - len(cells))
    return [c if c is not None and c.text else None for c in cells]


def _is_label_text(text: str) -> bool:
    return bool(_LETTERS.search(text)) and not is_quantity(text) and not is_dash(text) and not is_numbering(text)

