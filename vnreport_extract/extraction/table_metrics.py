"""Figures in tables (shared/spec/metrics.md, "Figures in tables"): each figure cell -> a `Metric`.

Input: a `Table` (extraction/tables.py), the normalised text and its scanning view, the compiled
engine and the report's year. Output: one `Metric` per figure cell, in text order. The row heading
gives the label (list markers and "Trong đó:" dropped); the unit comes from the cell, the row's unit
column, the column heading ("(tỷ đồng)") or the table's note; the column heading gives the period
and status ("Năm 2024 KH") or makes the column a comparison ("So sánh (%)", "TH/KH", "Tăng/giảm").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.extraction.numbers import find_numbers, parse_digits
from vnreport_extract.extraction.records import build_metric, derive_count_unit
from vnreport_extract.extraction.segment import Sentence
from vnreport_extract.extraction.tables import QUANTITY, Cell, Table, is_dash
from vnreport_extract.library import WORD_END, WORD_START, PatternLibrary, alternation
from vnreport_extract.models import Metric

_PARENTHESIS = compile_pattern(r"\(([^()]*)\)")
_BARE_YEAR = compile_pattern(r"(?<![\d/])((?:19|20)\d{2})(?![\d/])")
_YEAR_SPAN = compile_pattern(r"(?<![\d/])((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?![\d/])")
_MARKER = compile_pattern(
    r"(?:[-+*•·–—]+\s*|\(?[\p{L}\d]{1,4}\)\s*|(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*)\.\s*|\d{1,3}(?:\.\d{1,3})+\s+)+"
)
_TRAILING = compile_pattern(r"[\s:;,.]+$")
_NEGATIVE = ("-", "(-)")
CELL_RULE = "table.cell"
COMPARISON_RULE = "table.comparison"


@dataclass(frozen=True)
class TableWords:
    status: regex.Pattern[str]
    status_of: dict[str, str]
    percent: regex.Pattern[str]
    change: regex.Pattern[str]
    abbreviation: regex.Pattern[str]
    abbreviations: dict[str, str]
    opener: regex.Pattern[str]
    spelling: regex.Pattern[str]
    spellings: dict[str, str]
    year_word: str
    months_so_far: regex.Pattern[str]


@lru_cache(maxsize=8)
def table_words(library: PatternLibrary) -> TableWords:
    t = library.tables
    status_of = {w.lower(): s for s, words in t.status for w in words}
    abbreviations = {k.lower(): v for k, v in t.comparison.abbreviations.items()}
    return TableWords(
        status=_words(status_of),
        status_of=status_of,
        percent=_words(t.comparison.percent),
        change=_words(t.comparison.change),
        abbreviation=_words(abbreviations),
        abbreviations=abbreviations,
        opener=compile_pattern(rf"(?:{alternation(t.rows.sub_row_openers)}){WORD_END}\s*[:,]?\s*", regex.I),
        spelling=compile_pattern(rf"{WORD_START}(?:{alternation(t.unit_spellings)})(?:{WORD_END}|(?<=\.))", regex.I),
        spellings={" ".join(k.lower().split()): v for k, v in t.unit_spellings.items()},
        year_word=library.periods.year_words[0],
        months_so_far=compile_pattern(
            rf"(?<![\d/])(1[0-2]|[1-9])\s+(?:{alternation(library.periods.month_words)}){WORD_END}(?!\s*\d)", regex.I
        ),
    )


def _words(words) -> regex.Pattern[str]:
    return compile_pattern(rf"{WORD_START}(?:{alternation(words)})(?:{WORD_END}|(?<=\W))", regex.I)


@dataclass(frozen=True)
class Column:
    """What a figure column holds, read from its heading."""

    kind: str | None  # None: figures as they are; "percent" or "change": a comparison
    status: str
    period: str | None
    unit: str | None  # the unit its heading names
    reference: str | None


@dataclass(frozen=True)
class Reader:
    """What a table's cells need: the engine's finders, the texts, and the report's year."""

    engine: object  # pipeline.Engine (not imported: the pipeline imports this module)
    normalised: str
    scan: str
    report_year: int | None

    @property
    def words(self) -> TableWords:
        return table_words(self.engine.library)


def table_metrics(reader: Reader, table: Table) -> list[Metric]:
    columns = _columns(reader, table)
    metrics = []
    for cells, line in zip(table.rows, table.lines, strict=True):
        sentence = Sentence(line.start, line.end, -1, line.start, line.end)
        row = _row_heading(reader, table, cells)
        for index, column in columns.items():
            cell = cells[index]
            if cell is None or is_dash(cell.text) or not QUANTITY.fullmatch(cell.text):
                continue
            metric = _metric(reader, table, sentence, cell, column, row, table.headings[index])
            if metric is not None:
                metrics.append(metric)
    return metrics


# ----- columns ------------------------------------------------------------------------------------------


def _columns(reader: Reader, table: Table) -> dict[int, Column]:
    """The meaning of every figure column, comparisons read against the columns before them."""
    roles = {table.numbering, table.label, table.unit}
    figure_columns = [i for i in range(table.width) if i not in roles]
    columns: dict[int, Column] = {}
    values: list[int] = []
    for index in figure_columns:
        column = _column(reader, table.headings[index])
        if column.kind is not None:
            column = _against(reader, column, [columns[i] for i in values], [table.headings[i] for i in values])
        else:
            values.append(index)
        columns[index] = column
    return columns


def _column(reader: Reader, heading: str) -> Column:
    words = reader.words
    heading, unit = _heading_unit(reader, heading)
    change = words.change.search(heading)
    rest = (heading[: change.start()] + " " + heading[change.end() :]) if change else heading
    cues = list(words.percent.finditer(rest))
    cue = cues[-1] if cues else None  # "So sánh ƯTH so với KH": the reference follows the last cue
    ratio = _ratio(reader, rest)
    if not (change or cue or ratio):
        return Column(None, _status(reader, heading) or "actual", _period(reader, heading), unit, None)
    kind = "change" if change else "percent"
    if ratio:
        first, compared = ratio
    elif cue:
        first, compared = rest[: cue.start()], rest[cue.end() :]
    else:
        first, compared = rest, ""
    first = words.percent.sub(" ", first)
    reference = _reference(reader, compared)
    return Column(kind, _status(reader, first) or "", _period(reader, first), unit, reference)


def _against(reader: Reader, column: Column, values: list[Column], headings: list[str]) -> Column:
    """A comparison without its own first term is the column before it compared with the one before
    that ("Năm 2023 | Năm 2024 | So sánh (%)")."""
    numerator = values[-1] if values else None
    status = column.status or (numerator.status if numerator else "actual")
    period = column.period or (numerator.period if numerator else None)
    reference = column.reference
    if reference is None and len(values) >= 2:
        compared = _heading_unit(reader, headings[-2])[0]
        if values[-2].period and numerator and values[-2].period == numerator.period:
            compared = _strip_periods(reader, compared)  # "Năm 2024 | KH, TH | So sánh": the plan
        reference = _reference(reader, compared)
    return Column(column.kind, status, period, column.unit, reference)


def _ratio(reader: Reader, heading: str) -> tuple[str, str] | None:
    """"ƯTH/KH", "ƯTH 2024/TH 2023", "2024/2023": a figure over another."""
    left, slash, right = heading.partition("/")
    if not slash or "/" in right:
        return None
    if all(_status(reader, side) or _BARE_YEAR.search(side) for side in (left, right)):
        return left, right
    return None


def _reference(reader: Reader, text: str) -> str | None:
    """A compared term as written, abbreviations written out, a bare year as "năm 2023"."""
    text = _TRAILING.sub("", text.strip(" :-%()"))
    if not text:
        return None
    words = reader.words
    text = words.abbreviation.sub(lambda m: words.abbreviations[m.group().lower()], text)
    if _BARE_YEAR.fullmatch(text):
        return f"{words.year_word} {text}"
    return " ".join(text.split())


def _status(reader: Reader, heading: str) -> str | None:
    match = reader.words.status.search(heading)
    return reader.words.status_of[" ".join(match.group().lower().split())] if match else None


def _period(reader: Reader, text: str) -> str | None:
    """"Năm 2024" -> 2024, "Quý I/2025" -> 2025-Q1, "TH 2023" -> 2023, "Ước TH 9 tháng" -> the first
    nine months of the report's year."""
    found = [p for p in reader.engine.periods.find(text, 0, len(text), reader.report_year) if not p.is_reference]
    if found:
        return found[0].value
    span = _YEAR_SPAN.search(text)
    if span:
        return f"{span.group(1)}/{span.group(2)}"
    year = _BARE_YEAR.search(text)
    months = reader.words.months_so_far.search(text)
    if months and (year or reader.report_year):
        so_far, in_year = int(months.group(1)), year.group(1) if year else str(reader.report_year)
        return f"{in_year}-H1" if so_far == 6 else f"{in_year}-01/{in_year}-{so_far:02d}"
    return year.group(1) if year else None


def _heading_unit(reader: Reader, heading: str, known: bool = False) -> tuple[str, str | None]:
    """A heading without its unit, and the unit: "Doanh thu (tỷ đồng)" -> "Doanh thu", "tỷ đồng".
    `known`: only a unit of the lexicons (a row heading's "(nhẫn)" is part of its name)."""
    for match in _PARENTHESIS.finditer(heading):
        unit = match.group(1).strip()
        if unit and _reads_as_unit(reader, unit) and (not known or _is_known_unit(reader, unit)):
            return heading[: match.start()] + heading[match.end() :], unit
    return heading, None


def _is_known_unit(reader: Reader, unit: str) -> bool:
    mention = _read(reader, f"1 {_spelled_out(reader, unit)}")
    lexicon = reader.engine.library.count_nouns
    return mention is not None and (mention.kind != "count" or (mention.unit or "").lower() in lexicon)


def _reads_as_unit(reader: Reader, unit: str) -> bool:
    """"(tỷ đồng)", "(%)", "(người)" name a unit; "(+)", "(1)", "(ước tính)" do not."""
    if _status(reader, unit) or reader.words.percent.search(unit) or reader.words.change.search(unit):
        return False
    phrase = f"1 {_spelled_out(reader, unit)}"
    mention = _read(reader, phrase)
    return mention is not None and mention.end == len(phrase)


# ----- rows -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowHeading:
    label: str | None
    unit: str | None
    period: str | None
    period_only: bool  # "Năm 2023": the row heading is a period; the label is the column heading


def _row_heading(reader: Reader, table: Table, cells: list[Cell | None]) -> RowHeading:
    unit_cell = cells[table.unit] if table.unit is not None else None
    unit = unit_cell.text if unit_cell and unit_cell.text and not is_dash(unit_cell.text) else None
    cell = cells[table.label]
    if cell is None or (QUANTITY.fullmatch(cell.text) and not _BARE_YEAR.fullmatch(cell.text)):
        return RowHeading(None, unit, None, False)
    text, label_unit = _heading_unit(reader, cell.text, known=True)
    period = _period(reader, text)
    label = _label(reader, cell, len(text.rstrip()))
    period_only = period is not None and _is_only_period(reader, text)
    return RowHeading(label, unit or label_unit, period, period_only)


def _label(reader: Reader, cell: Cell, length: int) -> str | None:
    """The row heading as written, without list markers and sub-row openers."""
    text = reader.scan[cell.start : cell.start + length]
    start = 0
    for pattern in (_MARKER, reader.words.opener, _MARKER):
        match = pattern.match(text, start)
        if match:
            start = match.end()
    end = len(_TRAILING.sub("", text))
    if end <= start:
        return None
    return reader.normalised[cell.start + start : cell.start + end]


def _is_only_period(reader: Reader, text: str) -> bool:
    return not _MARKER.sub("", _strip_periods(reader, text)).strip(" :.-")


def _strip_periods(reader: Reader, text: str) -> str:
    """`text` without its time expressions and years."""
    spans = [(p.start, p.end) for p in reader.engine.periods.find(text, 0, len(text), reader.report_year)]
    spans += [m.span() for m in _YEAR_SPAN.finditer(text)] + [m.span() for m in _BARE_YEAR.finditer(text)]
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return " ".join(text.split())


# ----- cells ---------------------------------------------------------------------------------------------


def _metric(
    reader: Reader, table: Table, sentence: Sentence, cell: Cell, column: Column, row: RowHeading, heading: str
) -> Metric | None:
    match = QUANTITY.fullmatch(cell.text)
    negative = match["sign"] in _NEGATIVE
    if column.kind == "percent":
        kind, value, unit = "percent", parse_digits(match["num"]), "%"
    else:
        unit_text = match["unit"] or column.unit or row.unit or table.note
        if column.kind is None:
            unit_text = match["unit"] or row.unit or column.unit or table.note
        kind, value, unit = _quantity(reader, match["num"], unit_text)
    if value is None:
        return None
    direction = None
    if column.kind == "change":
        kind, direction = "change", ("decrease" if negative else "increase") if value else None
    elif negative:
        value = -value
    label = row.label
    if row.period_only:
        label = _strip_periods(reader, _heading_unit(reader, heading)[0]) or None
    if kind == "count" and unit is None:  # "Số doanh nghiệp": the counted noun the heading names
        unit = _counted_noun(reader, _heading_unit(reader, heading)[0]) or _counted_noun(reader, label)
    period, source = _cell_period(reader, column, row)
    start = cell.start + match.start("sign" if match["sign"] else "num")
    end = cell.start + max(match.end("num"), match.end("unit"))  # not a footnote mark after it
    mention = Mention(
        kind, value, start, end, COMPARISON_RULE if column.kind else CELL_RULE, cell.start + match.start("num"),
        unit=unit, direction=direction, reference=column.reference if column.kind else None,
    )
    return build_metric(reader.normalised, sentence, mention, column.status, label, period, source)


def _cell_period(reader: Reader, column: Column, row: RowHeading) -> tuple[str | None, str | None]:
    if column.period:
        return column.period, "table"
    if row.period:
        return row.period, "sentence"
    if reader.report_year:
        return str(reader.report_year), "document"
    return None, None


def _counted_noun(reader: Reader, heading: str | None) -> str | None:
    probe = Mention("count", 0, 0, 0, CELL_RULE, 0)
    derive_count_unit(probe, " ".join((heading or "").split()), reader.engine.library)
    return probe.unit


def _quantity(reader: Reader, number: str, unit: str | None) -> tuple[str, float | None, str | None]:
    """A number read with its unit as if written in a sentence: "5.020" + "tỷ đồng" is money 5.02e12 VND."""
    value = parse_digits(number)
    if not unit:
        return "count", value, None
    unit = _spelled_out(reader, unit)
    mention = _read(reader, f"{number} {unit}")
    if mention is not None:
        return mention.kind, mention.value, mention.unit
    return "count", value, " ".join(unit.lower().split())


def _spelled_out(reader: Reader, unit: str) -> str:
    """"Tr.đồng" -> "triệu đồng", "Nghìn HK" -> "Nghìn hành khách"."""
    words = reader.words
    return words.spelling.sub(lambda m: words.spellings[" ".join(m.group().lower().split())], unit)


def _read(reader: Reader, phrase: str) -> Mention | None:
    """The mention a phrase opens with, read by the sentence rules."""
    numbers = list(find_numbers(phrase, reader.engine.library))
    found = reader.engine.mentions.find(phrase, 0, len(phrase), numbers, [])
    return found[0] if found and found[0].start == 0 else None
