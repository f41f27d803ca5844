"""What a paragraph tells the sentences in it: whether it states plans (its own words, or the numbered
section heading it stands under), the period it opens with, and, for a list item line, the status and
time of the line that opens its list."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, partial

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.periods import PeriodFinder, names_a_day
from vnreport_extract.extraction.segment import Sentence
from vnreport_extract.extraction.semantics import Semantics
from vnreport_extract.library import PatternLibrary

_HEADING = compile_pattern(r"[ \t]*[IVX]{1,4}[.)/][ \t]+\S[^\n]{0,150}")
_OPENING = 40  # characters at the head of a paragraph where its period is stated
_PLAN_OPENING = 16  # characters at the head of a paragraph where the year it plans for is stated
_DIGIT = compile_pattern(r"\d")
_LIST_LOOKBACK = 50  # lines a list item looks back for the line that opens its list


class Paragraph:
    """What a paragraph tells its sentences. Its opening period is read when first asked for: only the
    sentences after its first use it, and about half the paragraphs with figures have them in their first
    sentence alone."""

    def __init__(
        self,
        plans: bool,
        read_period: Callable[[], tuple[str, str] | None],
        list_status: str | None = None,
        list_period: str | None = None,
        list_head: tuple[int, int] | None = None,
    ) -> None:
        self.plans = plans  # a paragraph of plans for a year after the report's
        self.list_status = list_status  # a list item's: the status cue of the line that opens its list
        self.list_period = list_period  # a list item's: the time of the sentence that opens its list
        self.list_head = list_head  # a list item's: the sentence that opens its list, up to its colon
        self._read_period = read_period

    @cached_property
    def period(self) -> tuple[str, str] | None:
        """The period the paragraph opens with, for the sentences after its first."""
        return self._read_period()


class ParagraphReader:
    """The `Paragraph` of each sentence of one text, read once per paragraph, paragraphs in text order."""

    def __init__(
        self, library: PatternLibrary, periods: PeriodFinder, semantics: Semantics, scan: str, year: int | None,
        dateline: str | None = None,
    ) -> None:
        self.periods, self.semantics, self.scan, self.year = periods, semantics, scan, year
        self.dateline = dateline
        self.list_markers = tuple(library.clauses.list_items)
        self.sections = _Sections(semantics, scan)
        self.read: dict[int, Paragraph] = {}

    def of(self, sentence: Sentence) -> Paragraph:
        paragraph = self.read.get(sentence.paragraph)
        if paragraph is None:
            paragraph = self.read[sentence.paragraph] = self._paragraph(sentence)
        return paragraph

    def _paragraph(self, sentence: Sentence) -> Paragraph:
        plans = self._states_plans(sentence) or self.sections.plans_at(sentence.paragraph_start)
        period = partial(self._opening_period, sentence)
        head = self._list_head(sentence.paragraph_start)
        if head is None:
            return Paragraph(plans, period)
        start, end = head
        scan, semantics = self.scan, self.semantics
        # the status and time of the sentence ending in the colon: "Tổng đàn vật nuôi ước tính hiện có:",
        # "Hiện trạng rừng tính đến ngày 30/11/2024:" (not an estimate of a sentence before it on the line)
        last = scan.rfind(". ", start, end)
        head_start = last + 2 if last >= 0 else start
        status = semantics.last_status(semantics.status_cues(scan, head_start, end, (), self.year))
        times = self.periods.find(scan, head_start, end, self.year, self.dateline)
        list_period = next((p.value for p in times if not p.is_reference), None)
        # "Các chỉ tiêu chủ yếu năm 2025:" in a report on 2024: a list of plans
        year = int(list_period[:4]) if list_period and list_period[:4].isdigit() else None
        if status is None and semantics.is_plan_paragraph(scan[head_start:end], year, self.year):
            status = "target"
        return Paragraph(plans, period, status, list_period, (head_start, end))

    def _states_plans(self, sentence: Sentence) -> bool:
        """Whether the paragraph opens on a year after the report's (written in digits: it is read without a
        year to fall back on) and lists plans; most paragraphs open on no digit and are not read further."""
        start = sentence.paragraph_start
        opening_end = min(sentence.paragraph_end, start + _PLAN_OPENING)
        if self.year is None or not _DIGIT.search(self.scan, start, opening_end, HOLD_GIL):
            return False
        paragraph = self.scan[start : sentence.paragraph_end]
        opener = next(iter(self.periods.find(paragraph, 0, min(len(paragraph), _PLAN_OPENING), None)), None)
        if opener and names_a_day(opener.value):
            return False  # "Ngày 7/1/2026, Sở Y tế họp tổng kết … và giao chỉ tiêu": the day of an event, no plan year
        year = int(opener.value[:4]) if opener and opener.value[:4].isdigit() else None
        return self.semantics.is_plan_paragraph(paragraph, year, self.year)

    def _opening_period(self, sentence: Sentence) -> tuple[str, str] | None:
        """The period a paragraph opens with ("Năm 2023, ...", "Trong 6 tháng đầu năm, ...")."""
        opening_end = min(sentence.paragraph_end, sentence.paragraph_start + _OPENING)
        found = self.periods.find(self.scan, sentence.paragraph_start, opening_end, self.year, self.dateline)
        first = next((p for p in found if not (p.is_reference or p.clause_only or p.phrase_only)), None)
        return (first.value, "paragraph") if first else None

    def _list_head(self, line_start: int) -> tuple[int, int] | None:
        """The line that opens the list of a list item line ("- Đàn trâu: 67.510 con;"): the first line
        before it, over the items before it, when it ends with a colon ("Tổng đàn vật nuôi ước tính hiện có:")."""
        scan, markers = self.scan, self.list_markers
        if not scan.startswith(markers, line_start):
            return None
        end = line_start - 1
        for _ in range(_LIST_LOOKBACK):
            if end <= 0:
                return None
            start = scan.rfind("\n", 0, end) + 1
            line = scan[start:end].strip()
            if line and not line.startswith(markers):
                return (start, end) if line.endswith(":") else None
            end = start - 1
        return None


class _Sections:
    """Which section of a report each paragraph stands in: a numbered heading ("II. NHIỆM VỤ NĂM 2025")
    that names plans makes the figures up to the next heading targets. Lines are read once, in order,
    as paragraphs come (each `plans_at` reads on from where the one before stopped)."""

    def __init__(self, semantics: Semantics, scan: str) -> None:
        self.semantics, self.scan = semantics, scan
        self.read_to = 0
        self.plans = False

    def plans_at(self, pos: int) -> bool:
        scan = self.scan
        line = self.read_to
        while line < pos:
            end = scan.find("\n", line, pos)
            end = pos if end < 0 else end
            if scan[line : line + 8].lstrip()[:1] in "IVX" and (heading := _HEADING.fullmatch(scan, line, end)):
                self.plans = self.semantics.is_plan_heading(heading.group())
            line = end + 1
        self.read_to = max(self.read_to, pos)
        return self.plans
