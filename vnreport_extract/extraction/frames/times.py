"""A figure's period: a time of its own clause, the sentence's opening time, the line that opens its
list, its paragraph's or the report's year; and whether the sentence writes a time it did not use."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.clauses import Clause
from vnreport_extract.extraction.frames.frame import COMMA, Frame, SentenceFacts, copied
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.extraction.mentions.text import segment_start
from vnreport_extract.extraction.periods import PeriodSpan, plan_phrase
from vnreport_extract.library import (
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    WordScan,
    alternation,
    clock_time,
    last_words,
    words_regex,
)

_DIGIT = compile_pattern(r"\d")
_LIST_COLON_REACH = 3  # blanks a list head's colon may stand after its time
_YEAR_SPAN = compile_pattern(r"\d{4}/\d{4}")
_YEAR_SPAN_LENGTH = len("2021/2025")  # told apart from a longer day or month stretch without a regex
_YEAR_OR_MONTH = compile_pattern(r"\d{4}(?:-(?:\d{2}|Q\d|H\d))?")
_DAY = compile_pattern(r"\d{4}-\d{2}-\d{2}")
_DAYS = compile_pattern(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}")
_MONTH = compile_pattern(r"(?P<year>\d{4})-(?P<month>\d{2})")
_FRAMEWORK_REACH = 60  # characters a standard's or programme's name may run before its stretch of years
_CLOSING_COMMA = compile_pattern(r"\s*,(?!\d)")
_YEAR_START_REACH = 24  # characters "từ đầu năm đến hết" may stand before the day or month it runs to
# A period the sentence does not state (the report's year, or none) where the sentence does write a
# time: it missed or left the figure's own time, so the answer is a guess.
UNSTATED_PERIODS = {
    "period.document": "period.document_despite_sentence",
    "period.none": "period.none_despite_sentence",
}
# Where a period was read, by the rule that read it (any other: the sentence).
_PERIOD_SOURCES = {
    "period.paragraph": "paragraph", "period.list_head": "paragraph", "period.document": "document",
    "period.none": None, "period.season": None, "period.undated": None,
}


AsOfRead = dict[tuple[object, ...], tuple[str, str]]


class PeriodReader:
    """Compiled period-of-a-frame rules of one pattern library."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    def read(
        self,
        text: str,
        bounds: tuple[int, int],
        clauses: list[Clause],
        mention: Mention,
        frame: Frame,
        periods: list[PeriodSpan],
        facts: SentenceFacts,
        previous: tuple[Mention, Frame] | None,
        read: AsOfRead,
    ) -> None:
        """`read`: the as-of times already read in the sentence, by the times they were read from (figures of
        one clause mostly share them)."""
        own = [p for p in periods if not p.is_reference and not (mention.start <= p.start < mention.end)]
        seasons = any(p.season for p in own)  # "Năm học 2025-2026, …": a time of the sentence that dates no figure
        own = [p for p in own if not p.season] if seasons else own
        own = [p for p in own if not (p.clause_only and self._dates_event(text, bounds, p, mention, own))]
        clause = frame.clause
        if clause.restates and previous is not None and previous[0].end <= clause.start:
            frame.period, frame.period_source = previous[1].period, previous[1].period_source
            frame.rules["period"] = copied("period.restated", previous[1].rules["period"])
            return
        told = [p for p in own if not self._dates_statement(text, bounds, p, mention)]
        sentence = self._sentence_time(text, bounds, clauses, mention, frame, told, read)
        if sentence is None and len(told) < len(own):  # the statement's day dates figures of no other time
            sentence = self._sentence_time(text, bounds, clauses, mention, frame, own, read)
        if sentence is not None:
            found, rule = sentence
        elif previous and self._details_figure_before(text, clause, previous):
            found, rule = previous[1].period, "period.detail"
        elif seasons:
            found, rule = None, "period.season"
        elif self._undated_stretch(text, bounds):
            found, rule = None, "period.undated"
        elif facts.list_period and not frame.clause.aside:
            found, rule = facts.list_period, "period.list_head"
        elif facts.paragraph_period and not frame.clause.aside:
            (found, _), rule = facts.paragraph_period, "period.paragraph"
        elif facts.report_year:
            found, rule = str(facts.report_year), "period.document"
        else:
            found, rule = None, "period.none"
        frame.period, frame.rules["period"] = found, rule
        frame.period_source = _PERIOD_SOURCES.get(rule, "sentence")

    def _undated_stretch(self, text: str, bounds: tuple[int, int]) -> bool:
        """Whether the sentence writes a stretch from the start of a season or a crop ("từ đầu mùa khô đến nay")."""
        return not self.undated_words.absent_in(text, *bounds) and bool(self.undated_start.search(text, *bounds))

    @cached_property
    def undated_words(self) -> Required:
        return Required(self.lib.periods.undated_starts)

    @cached_property
    def undated_start(self) -> regex.Pattern[str]:
        return words_regex(self.lib.periods.undated_starts)

    def _sentence_time(
        self, text: str, bounds: tuple[int, int], clauses: list[Clause], mention: Mention, frame: Frame,
        own: list[PeriodSpan], read: AsOfRead,
    ) -> tuple[str, str] | None:
        """A time of the sentence for a figure: of its clause, else of the clauses before it."""
        if own and (present := self._since_present(text, frame.clause, mention)) is not None:
            own = [p for p in own if p.start >= present]
        purposes = own and own[0].start < mention.start
        if purposes and not self.purpose_words.absent_in(text, frame.clause.start, mention.start):
            own = self._outside_purposes(text, frame.clause, mention, own)
        before, after = self._around(text, bounds, clauses, mention, frame, own) if own else ([], [])
        if after and self.time_touching.fullmatch(text, mention.end, after[0].start):
            return after[0].value, "period.clause"  # "giảm từ 19,4% năm 2023 xuống 8,1% năm 2024": each its own
        if before and after and self._own_time_after(text, before[-1], mention, after[0]):
            return after[0].value, "period.clause"
        if before:
            return self._as_of(text, before, "period.clause", read)
        if after:
            return after[0].value, "period.clause"
        if own and not frame.clause.aside and (earlier := self._earlier(text, bounds, clauses, frame.clause, own)):
            return self._as_of(text, earlier, "period.shared_clause", read)
        return None

    def _since_present(self, text: str, clause: Clause, mention: Mention) -> int | None:
        """Where the figure's comma segment starts when it opens on the present ("…, nay đã lên 3,5 triệu đồng"):
        no time before it is the figure's."""
        start = segment_start(text, clause.start, mention.start)
        return start if self.present_opening.match(text, start, mention.start, HOLD_GIL) else None

    def _outside_purposes(
        self, text: str, clause: Clause, mention: Mention, own: list[PeriodSpan]
    ) -> list[PeriodSpan]:
        """The times, less those after a purpose word in an earlier comma segment, for a figure of a segment that
        goes back to the main predicate ("…, để cả năm đạt 50.000 tấn, đồng thời giảm …"): such a time dates the
        purpose's figures only."""
        segment = segment_start(text, clause.start, mention.start)
        if not self.purpose_end.match(text, segment, mention.start, HOLD_GIL):
            return own
        return [
            p for p in own
            if p.start >= segment or p.start < clause.start
            or not self.purpose_word.search(text, segment_start(text, clause.start, p.start), p.start, HOLD_GIL)
        ]

    @cached_property
    def purpose_words(self) -> Required:
        return Required(self.lib.periods.purpose_openers)

    @cached_property
    def purpose_end(self) -> regex.Pattern[str]:
        return _segment_opening(self.lib.periods.purpose_ends)

    @cached_property
    def purpose_word(self) -> regex.Pattern[str]:
        return words_regex(self.lib.periods.purpose_openers)

    @cached_property
    def present_opening(self) -> regex.Pattern[str]:
        return _segment_opening(self.lib.periods.present_openers)

    def _dates_statement(self, text: str, bounds: tuple[int, int], period: PeriodSpan, mention: Mention) -> bool:
        """"Chiều 16/7, Sở cho biết toàn tỉnh có 17.842 thí sinh dự thi tốt nghiệp THPT năm 2026": a part of a
        day opening the sentence before a statement dates the statement; a figure the sentence gives another
        time takes that one ("2026"), one of no other time the statement's day ("Sáng 3/12, Sở Y tế cho biết đã
        ghi nhận 120 ca …")."""
        return (
            period.clause_only and not text[bounds[0] : period.start].strip()
            and bool(self.statement_word.search(text, period.end, mention.start))
        )

    def _as_of(self, text: str, periods: list[PeriodSpan], rule: str, read: AsOfRead) -> tuple[str, str]:
        key = (rule, *map(id, periods))  # the spans of one sentence's list, alive while it is read
        if (found := read.get(key)) is None:
            found = read[key] = self._as_of_rule(text, self._as_of_within(text, periods), rule)
        return found

    def _as_of_rule(self, text: str, period: PeriodSpan, rule: str) -> tuple[str, str]:
        """A day counted from the year's start ("Từ đầu năm đến ngày 30/9/2025, …") is the day in the shared
        gold, but from January 1 to that day for other readers: the period is a guess. A month counted so
        ("từ đầu năm đến hết tháng 10/2026") is the stretch of months, as "10 tháng đầu năm 2026" is."""
        if self.year_to_date.search(text, max(0, period.start - _YEAR_START_REACH), period.start, HOLD_GIL):
            if (month := _MONTH.fullmatch(period.value)) and month["month"] != "01":
                return f"{month['year']}-01/{period.value}", "period.year_to_month"
            return period.value, "period.year_to_date"
        return period.value, rule

    @cached_property
    def year_to_date(self) -> regex.Pattern[str]:
        p = self.lib.periods
        # the stretch may start at its "đến hết" or after it, or at the month after "đến cuối"
        until = rf"\s+(?:(?:{alternation(p.as_of)})\s+)?(?:(?:{alternation(p.period_ends)})\s+)?"
        return last_words([f"{lead} {start}" for lead in p.interval_from for start in p.year_start], until)

    def _around(
        self, text: str, bounds: tuple[int, int], clauses: list[Clause], mention: Mention, frame: Frame,
        own: list[PeriodSpan],
    ) -> tuple[list[PeriodSpan], list[PeriodSpan]]:
        """The times of a figure's main clause (of its bracket, for one in a bracket) before it and after it."""
        clause = frame.clause  # a main clause is the only one of its index that is no bracket
        inside = [p for p in own if clause.start <= p.start < clause.end]
        if not clause.aside:  # "đạt 410 USD (năm 2023 là 340 USD)": the bracket's year is its figure's
            inside = [p for p in inside if not _figure_aside(text, clauses, p)]
        before = [p for p in inside if p.end <= mention.start and self._dates_phrase(text, bounds, p)]
        before = self._beside_frameworks(text, before)
        # a period after the figure is its own only within its comma clause ("đạt 12,5%, phấn đấu đến năm 2025 …")
        # … or anywhere after it in a bracket of its own ("(41,3 độ C, lập năm 2019)")
        after = [
            p for p in inside
            if p.start >= mention.end and (not p.phrase_only or self.day_after.fullmatch(text, mention.end, p.start))
            and (frame.clause.aside or not COMMA.search(text, mention.end, p.start))
        ]
        return before, after

    def _dates_event(
        self, text: str, bounds: tuple[int, int], period: PeriodSpan, mention: Mention, own: list[PeriodSpan]
    ) -> bool:
        """"Ngày 6/1, Ban Chỉ đạo cho biết …": a bare day opening the sentence (a `clause_only` period) dates the
        statement the sentence tells before the figure, and the event it tells ("Ngày 15/10, công ty công bố kết
        quả quý III/2025 với …") when another time is told between them; not the figure. A year or month the day
        lies in is no other time: it names the event ("Sáng 16/11, Giải Marathon … năm 2025 đã diễn ra với …")."""
        if text[bounds[0] : period.start].strip() or not self.bare_day.match(text, period.start):
            return False
        if self.statement_word.search(text, period.end, mention.start):
            return True
        told_between = any(
            period.end <= other.start < mention.start and not _lies_in(period.value, other.value)
            for other in own
        )
        return told_between and bool(self.event_word.search(text, period.end, mention.start))

    @cached_property
    def bare_day(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{alternation(self.lib.periods.day_words)}\s+\d", regex.I)

    @cached_property
    def event_word(self) -> regex.Pattern[str]:
        return words_regex(self.lib.periods.event_words)

    @cached_property
    def statement_word(self) -> regex.Pattern[str]:
        return words_regex(self.lib.periods.statement_words)

    def _dates_occurrence(self, text: str, bounds: tuple[int, int], period: PeriodSpan) -> bool:
        """A part of a day after a verb of a happening in its comma phrase ("Vụ sạt lở xảy ra đêm 18/8 tại xã X,
        …", "Lũ đạt đỉnh vào sáng 27/9, …"), or closing a phrase before a clause of that day ("Ngày mưa lớn nhất
        là 3/10, khi …"), dates what the sentence tells after it; not a source's or a meeting's day."""
        return self._occurrence_in_phrase(text, _phrase_start(text, bounds, period), period)

    def _occurrence_in_phrase(self, text: str, segment: int, period: PeriodSpan) -> bool:
        """`_dates_occurrence` for a period whose comma phrase starts at `segment`."""
        if self.source_opener.match(text, segment, period.start):
            return False
        if self.day_clause_opener.match(text, period.end):
            return True
        return bool(self.occurrence_verb.search(text, segment, period.start))

    @cached_property
    def time_phrase_lead(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.lib.periods.time_phrase_leads)}){WORD_END}", regex.I)

    @cached_property
    def occurrence_verb(self) -> regex.Pattern[str]:
        return words_regex(self.lib.periods.occurrence_verbs)

    @cached_property
    def day_clause_opener(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*,\s*(?:{alternation(self.lib.periods.day_clause_openers)}){WORD_END}", regex.I)

    def _ties_to_figure(self, text: str, phrase_start: int, period: PeriodSpan) -> bool:
        """"đạt 1.046 MW vào trưa ngày 12/6/2025, cao hơn 83 MW …": a part of a day tied to a figure of its
        comma phrase dates the clause after it as well."""
        lead = self.day_after_end.search(text, phrase_start, period.start)
        return bool(lead and _DIGIT.search(text, phrase_start, lead.start()))

    @cached_property
    def clock_time(self) -> regex.Pattern[str]:
        """A time of day, maybe after "lúc", "vào lúc": "Lúc 9 giờ 30 ", "Khoảng 14h "."""
        return compile_pattern(rf"\s*{clock_time(self.lib)}\s*", regex.I)

    @cached_property
    def day_after_end(self) -> regex.Pattern[str]:
        return last_words(self.lib.periods.day_after_leads, r"\s+")

    @cached_property
    def day_after(self) -> regex.Pattern[str]:
        """" vào ": what ties a part of a day right after a figure to it ("đạt 1.046 MW vào trưa ngày 12/6")."""
        return compile_pattern(rf"\s+{alternation(self.lib.periods.day_after_leads)}\s+", regex.I)

    def _earlier(
        self, text: str, bounds: tuple[int, int], clauses: list[Clause], clause: Clause, own: list[PeriodSpan]
    ) -> list[PeriodSpan]:
        """The times of the clauses before that a clause without its own shares: a sentence's opening time
        ("Năm 2024, …") frames every clause, else the nearest ones before (not one naming its source:
        "Theo Quyết định … giai đoạn 2021-2025, năm 2025 …"); a time inside a phrase only where it dates an
        occurrence or closes the head of a list ("Giá nông sản sáng 1/12: cà phê 118.500 đồng/kg; …")."""
        plan = plan_phrase(self.lib)  # "…, bằng 55,8% kế hoạch cả năm; trong số này, …": the plan's time
        earlier = [
            p for p in own
            if p.end <= clause.start and not _figure_aside(text, clauses, p)
            and (not p.phrase_only or _heads_list(text, p) or self._dates_occurrence(text, bounds, p))
            and not plan.search(text, bounds[0], p.start, HOLD_GIL)
        ]
        earlier = self._beside_frameworks(text, earlier)
        opening = [p for p in earlier if not COMMA.search(text, bounds[0], p.start)]
        if opening and self.source_opener.match(text, bounds[0], opening[0].start):
            opening = []
        return self._opening_run(text, opening[0], earlier) if opening else earlier

    def _opening_run(self, text: str, first: PeriodSpan, earlier: list[PeriodSpan]) -> list[PeriodSpan]:
        """The times that open a sentence one after another, set off by commas ("Năm nay, tính đến ngày 3/12,
        …", "Năm 2025, tính đến hết tháng 10, …"): together they frame every clause."""
        run = [first]
        for period in earlier[earlier.index(first) + 1 :]:
            between = text[run[-1].end : period.start]
            if "," not in between or not self._as_of_lead.fullmatch(between.strip(" ,")):
                break
            run.append(period)
        return run

    @cached_property
    def _as_of_lead(self) -> regex.Pattern[str]:
        """Nothing, or words of an as-of phrase left before its time ("tính đến hết" of "tính đến hết tháng 10")."""
        p = self.lib.periods
        words = {w for phrase in [*p.as_of, *p.day_ends] for w in phrase.split()}
        return compile_pattern(rf"(?:(?:{alternation(sorted(words))})(?:\s+|$))*", regex.I)

    def _own_time_after(self, text: str, before: PeriodSpan, mention: Mention, after: PeriodSpan) -> bool:
        """"… đạt 2.400 tỷ đồng và mở thêm 8 siêu thị trong quý I/2026": a figure of a joined verb phrase, or one
        after another figure the time before dates ("năm 2025 đạt 42%, phấn đấu đạt 45% vào năm 2026"), whose time
        follows it right away is of that time."""
        joined = self.conjunct.search(text, before.end, mention.start) or _DIGIT.search(text, before.end, mention.start)
        return bool(joined and self.time_right_after.fullmatch(text, mention.end, after.start))

    @cached_property
    def conjunct(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.periods.conjuncts)}){WORD_END}", regex.I)

    @cached_property
    def time_touching(self) -> regex.Pattern[str]:
        """Nothing but blanks, maybe a lead word, between a figure and a time: the time is the figure's own."""
        leads = alternation([*self.lib.periods.own_time_after, *self.lib.periods.period_ends])
        return compile_pattern(rf"[ \t]*(?:(?:{leads})[ \t]+)?", regex.I)

    @cached_property
    def time_right_after(self) -> regex.Pattern[str]:
        # the rest of the figure's noun phrase may come between ("ghép 4 ca thận trong tháng 9")
        words = r"(?:\s+[^\s\d,.;:()]+){0,3}?"
        return compile_pattern(rf"{words}\s+(?:{alternation(self.lib.periods.own_time_after)})\s+", regex.I)

    def _details_figure_before(self, text: str, aside: Clause, previous: tuple[Mention, Frame]) -> bool:
        """"cao gấp 1,35 lần lao động nữ (9,5 triệu đồng so với 7,02 triệu đồng)": a bracket that names no
        time, nor follows one ("nhỉnh hơn năm 2019 (2.865,3 tỷ đồng)", "(cùng kỳ đạt 2,7 tỷ USD)"), details
        the figure of its clause before it; the figures after the first in it share the first's time."""
        figure, frame = previous
        if not aside.aside or frame.period is None:
            return False
        if frame.clause is aside:
            return frame.rules.get("period") == "period.detail"
        if frame.clause.aside or frame.clause.index != aside.index or figure.end > aside.start:
            return False
        times = self.aside_time.finditer(text, figure.end, aside.end)
        plan = plan_phrase(self.lib)  # "(đạt 41,2% kế hoạch năm)": a time word of the plan names no other time
        return all(plan.search(text, figure.end, time.start(), HOLD_GIL) for time in times)

    @cached_property
    def aside_time(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.periods.other_times)}{WORD_END}", regex.I)

    def _beside_frameworks(self, text: str, periods: list[PeriodSpan]) -> list[PeriodSpan]:
        """The periods that name no standard or programme, or all of them when each one does."""
        return [p for p in periods if not self._names_framework(text, p)] or periods

    def _names_framework(self, text: str, period: PeriodSpan) -> bool:
        """"theo kết quả rà soát cuối năm 2024 theo chuẩn nghèo giai đoạn 2022-2025, …": a stretch of years
        in the standard or programme a figure is counted by names it; another time of the clause dates the
        figure."""
        if len(period.value) != _YEAR_SPAN_LENGTH or not _YEAR_SPAN.fullmatch(period.value):
            return False
        return bool(self.framework_before.search(text, max(0, period.start - _FRAMEWORK_REACH), period.start))

    @cached_property
    def framework_before(self) -> regex.Pattern[str]:
        cues = alternation(self.lib.periods.framework_before)
        return compile_pattern(rf"{WORD_START}(?:{cues})\s+[^\d,.;:()]+\Z", regex.I)

    def _dates_phrase(self, text: str, bounds: tuple[int, int], period: PeriodSpan) -> bool:
        """A part of a day inside a clause dates the figures after it in its clause ("giá tiêu sáng 10/11
        ở mức …, giảm …"), not when it closes its comma phrase ("Theo số liệu công bố sáng 8/1, …") or that
        phrase opens with the meeting or source the day dates ("Tại cuộc họp chiều 4/11 Sở cho biết …")."""
        if not period.phrase_only:
            return True
        segment = _phrase_start(text, bounds, period)
        if _CLOSING_COMMA.match(text, period.end):
            if self.clock_time.fullmatch(text, segment, period.start) and not _DIGIT.search(text, bounds[0], segment):
                return True  # "(Theo EVN,) lúc 9 giờ 30 sáng 2/12, …": the time that opens the sentence's clauses
            if segment == bounds[0] and self.time_phrase_lead.match(text, segment, period.start):
                return True  # "Ngay trong đêm 11/5, …": the time of what the sentence tells
            return self._ties_to_figure(text, segment, period) or self._occurrence_in_phrase(text, segment, period)
        return not self.source_opener.match(text, segment, period.start)

    def _as_of_within(self, text: str, before: list[PeriodSpan]) -> PeriodSpan:
        """The last time before a figure, or the as-of day or month within it written before it: in
        "tính đến ngày 31/10/2025, vốn đầu tư công năm 2025 giải ngân đạt …" the year names the budget, in
        "tính đến 16 giờ ngày 30/10, đợt lũ cuối tháng 10 đã làm …" the month names the flood; the day is
        when its figure stood so. So is an as-of day after a day written later that it follows ("tính đến 17 giờ
        ngày 8/11, bão số 13 đổ bộ đêm 6/11, đã làm 5 người chết": the storm struck on the 6th, the toll is
        as of the 8th), or after a stretch of days written later that ends before it ("tính đến ngày 28/11, …
        đợt mưa lũ từ ngày 16 đến 22/11 …")."""
        last = before[-1]
        if _YEAR_OR_MONTH.fullmatch(last.value, 0, None, HOLD_GIL):
            within = [p for p in before[:-1] if _lies_in(p.value, last.value) and "/" not in p.value]
            # "Sau 3 đêm diễn ra (từ ngày 9 đến 11/8), Lễ hội Ẩm thực năm 2024 đã đón …": the days the event ran
            days = [p for p in before[:-1] if _DAYS.fullmatch(p.value) and _stretch_in(p.value, last.value)]
            if days:
                return days[-1]
        elif _DAY.fullmatch(last.value):
            within = [p for p in before[:-1] if _DAY.fullmatch(p.value) and p.value > last.value]
        elif _DAYS.fullmatch(last.value):  # "tính đến ngày 28/11, … đợt mưa lũ từ ngày 16 đến 22/11 …"
            within = [p for p in before[:-1] if _DAY.fullmatch(p.value) and p.value >= last.value.split("/")[1]]
        else:
            return last  # another stretch holds no finer time
        # … and so is the day of a happening the sentence opens with, before the year or month it lies in
        # ("Sáng 16/11, Giải Marathon Cần Thơ năm 2025 đã diễn ra với 9.640 vận động viên")
        as_of = [
            p for p in within
            if self.as_of_start.match(text, p.start) or (p.clause_only and _DAY.fullmatch(p.value))
            or not text[p.end : last.start].strip()  # "trong ngày 11/11 năm nay": the year the day is of, in one phrase
        ]
        return as_of[-1] if as_of else last

    @cached_property
    def as_of_start(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.lib.periods.as_of)}){WORD_END}", regex.I)

    def writes_time(
        self, text: str, bounds: tuple[int, int], periods: list[PeriodSpan], read: list[PeriodSpan],
        mentions: list[Mention],
    ) -> bool:
        """Whether a sentence writes a time of its own: one read as a period that is not a comparison's
        (`periods`), a date in digits that no period rule read ("phiên giao dịch ngày 14/6/2024") outside
        the figures and every period read (`read`, comparisons' too), or a time named relative to the day
        of writing ("tuần qua"), not after a comparison."""
        if any(not p.is_reference for p in periods):
            return True
        spans = [(p.start, p.end) for p in read] + [(m.start, m.end) for m in mentions]
        if _digit_outside(text, bounds, spans):  # a date starts with a digit: mostly every digit is in a span
            for date in self.written_date.finditer(text, *bounds, False, HOLD_GIL):
                if not any(start <= date.start() < end for start, end in spans):
                    return True
        if self.unresolved_ends.absent_in(text, *bounds):
            return False  # most sentences hold no word a relative time ends with ("qua", "nay"): no scan
        for word in self.unresolved_scan.finditer(text, *bounds):
            if not self.compared_time.search(text, max(bounds[0], word.start() - 12), word.start()):
                return True
        return False

    @cached_property
    def written_date(self) -> regex.Pattern[str]:
        """A time in digits: a day and month ("14/6", "14/6/2024") or a year, not inside an identifier
        ("82/2024/NĐ-CP") nor right after one (its date: "Quyết định số 12/QĐ-UBND ngày 3/5/2024")."""
        day = alternation(self.lib.periods.day_words)
        return compile_pattern(  # a digit first: the costly look behind is tried only before one
            rf"(?=\d)(?<![\d/]|\d[.,]|[/-]\p{{Lu}}[\p{{L}}\d-]*\s*\(?\s*(?:{day}\s+)?)"
            r"(?:(?:[012]?\d|3[01])/(?:0?[1-9]|1[0-2])(?:/(?:19|20)\d{2})?|(?:19|20)\d{2})(?![\d/]|[.,]\d)"
        )

    @cached_property
    def source_opener(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*{alternation(self.lib.periods.source_openers)}{WORD_END}", regex.I)

    @cached_property
    def unresolved_time(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.periods.unresolved_times)}{WORD_END}", regex.I)

    @cached_property
    def unresolved_ends(self) -> Required:
        """The last words of the relative times: fewer sentences hold one of them than the first ones."""
        return Required([w.split()[-1] for w in self.lib.periods.unresolved_times if w.strip()])

    @cached_property
    def unresolved_scan(self) -> WordScan:
        return WordScan(self.unresolved_time, [self.lib.periods.unresolved_times], phrases=True)

    @cached_property
    def compared_time(self) -> regex.Pattern[str]:
        return last_words(self.lib.periods.not_period_after)


def _segment_opening(words: list[str]) -> regex.Pattern[str]:
    """One of `words` opening a comma segment (use `.match` at the segment's start)."""
    return compile_pattern(rf"[\s,]*(?:{alternation(words)}){WORD_END}", regex.I)


def _stretch_in(days: str, coarser: str) -> bool:
    """Whether a stretch of days lies within a year or month ("2024-08-09/2024-08-11" within "2024")."""
    first, last = days.split("/")
    return _lies_in(first, coarser) and _lies_in(last, coarser)


def _lies_in(value: str, coarser: str) -> bool:
    """Whether a period's value is a finer time within a year or month ("2025-11-16" within "2025" or "2025-11")."""
    return value.startswith(f"{coarser}-")


def _heads_list(text: str, period: PeriodSpan) -> bool:
    """Whether a time ends the head of a list: its colon right after it."""
    return text[period.end : period.end + _LIST_COLON_REACH].lstrip().startswith(":")


def _digit_outside(text: str, bounds: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether a digit of text[bounds] stands outside every span."""
    at, end = bounds
    for start, stop in sorted(spans):
        if start > at and _DIGIT.search(text, at, min(start, end), HOLD_GIL):
            return True
        at = max(at, stop)
    return at < end and bool(_DIGIT.search(text, at, end, HOLD_GIL))


def _figure_aside(text: str, clauses: list[Clause], period: PeriodSpan) -> bool:
    """A period inside a bracket that states a figure of its own ("(năm 2023 đạt 2.480 tấn)")."""
    for c in clauses:
        if c.aside and c.holds(period.start):
            return bool(_DIGIT.search(text, c.start, period.start) or _DIGIT.search(text, period.end, c.end))
    return False


def _phrase_start(text: str, bounds: tuple[int, int], period: PeriodSpan) -> int:
    """Where the comma phrase that holds `period` starts."""
    starts = [m.end() for m in COMMA.finditer(text, bounds[0], period.start)]
    return starts[-1] if starts else bounds[0]
