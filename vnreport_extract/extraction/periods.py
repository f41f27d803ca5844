"""Periods: time expressions of a text, normalised ("quý I/2025" -> "2025-Q1").

Input: the scanning view and a span of it. Output: `PeriodSpan`s (start, end, ISO value) in text
order; expressions that follow a comparison ("so với năm 2023") are marked as references.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cached_property, lru_cache
from itertools import compress, pairwise
from operator import attrgetter, itemgetter
from typing import NamedTuple

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.frozen import frozen
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    PeriodsFile,
    WordScan,
    alternation,
    clock_time,
    last_words,
    next_words,
    phrase_keys,
    words_regex,
)

_YEAR = r"(?:19|20)\d{2}"
_COMMA_REACH = 4  # blanks before the comma after a count of months
_SAME_DAY_REACH = 1500  # characters before "cùng ngày" where the day it repeats is looked for
_ISO_DAY = compile_pattern(r"\d{4}-\d{2}-\d{2}")
_COMPARED_REACH = 60  # characters a comparison word may stand before the time it compares with
# A day that may write its year ("14/6", "14/6/2024"), not followed by more of a number: groups n, nm, ny.
_DATE = r"(?P<{n}>\d{{1,2}})\s*/\s*(?P<{n}m>\d{{1,2}})(?:\s*/\s*(?P<{n}y>(?:19|20)\d{{2}}))?(?!\s*/?\d)"
# The last day of a stretch may leave out its year where the stretch says "ngày" ("từ ngày 9 đến 11/8").
_DAY_MAYBE_YEAR = r"(?P<{n}d>\d{{1,2}})\s*/\s*(?P<{n}m>\d{{1,2}})(?:\s*/\s*(?P<{n}y>(?:19|20)\d{{2}})|(?!\s*/\s*\d))"
# A day may carry its name, capitalised, before its date: "trong ngày Black Friday 28/11", "vào ngày Quốc khánh 2/9".
_NAMED_DAY = r"(?:(?-i:\p{Lu}[\p{L}-]*)(?:\s+[\p{L}-]+){0,3}\s+)?"
# ... or in plain words where the date writes its year: "trong 24 giờ của ngày mua sắm 11/11/2025".
_WORDED_DAY = r"(?:\p{L}+\s+){1,3}(?=\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d{2})"
# ... or a name of a few words before its date in brackets: "riêng ngày mùng 1 Tết (17/2)", "Đêm Giao thừa (16/2)".
_DAY_NAME = r"(?:[\p{L}\d]+\s+){0,3}[\p{L}\d]+\s*"
_OPEN = compile_pattern(r"\s*\(\s*")
_CLOSE = compile_pattern(r"\s*\)")
# The first day of a stretch may leave out the month and year it shares with the last ("từ 20 đến 26/9/2024")
_FIRST_DAY = r"(?P<fdd>\d{1,2})(?:\s*/\s*(?P<fdm>\d{1,2})(?:\s*/\s*(?P<fdy>(?:19|20)\d{2}))?)?"


class PeriodSpan(NamedTuple):
    start: int
    end: int
    value: str
    is_reference: bool = False
    # "Chiều 26/12, …" dates what its own sentence tells of that day ("Trong đêm 27/10, … di dời 6.820 hộ;
    # … huy động 1.900 cán bộ"); the sentences after it mostly report what was said then ("Chiều 26/12, Sở
    # tổ chức hội nghị tổng kết. Trong năm, …").
    clause_only: bool = False
    # "giá cà phê sáng 10/11 ở mức …": a part of a day inside a clause dates only what its clause tells
    # after it ("Tại hội nghị sáng 13/1, Sở cho biết …" dates the meeting).
    phrase_only: bool = False
    # "năm học 2025-2026", "niên vụ 2024-2025": a school or crop year, a time of its sentence that is no period
    # (its value empty); read only where `find` is asked for them.
    season: bool = False


class PeriodFinder:
    """Compiled period rules of one pattern library."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library
        self.p = library.periods

    @cached_property
    def pattern(self) -> regex.Pattern[str]:
        p = self.p
        year, month, quarter = alternation(p.year_words), alternation(p.month_words), alternation(p.quarter_words)
        roman = alternation(p.roman)
        day, hour = alternation(p.day_words), alternation(p.hour_words)
        relative, followers = alternation(p.relative_years), alternation(p.months_so_far_before)
        aspects = alternation(p.months_so_far_aspects)
        named_quarters = alternation(p.named_quarters)
        # "Hà Nội: 11 tháng thu ngân sách …": the months so far opening a headline after its place
        counted_after = alternation(p.months_counted_after)
        last = _DAY_MAYBE_YEAR.format(n="td")
        # "từ ngày 14 - 20/10": a dash joins the days of a stretch as "đến" does
        # "từ đêm 23/7 đến sáng 25/7": a part of a day may stand before either day
        # "từ 19 giờ ngày 21/8 đến 4 giờ ngày 22/8": so may an hour, before the day word
        hour_of = rf"\d{{1,2}}\s*{hour}(?:\s*\d{{1,2}})?\s+{day}\s+"
        part = rf"(?:(?:{alternation(p.day_openers)})\s+(?:{alternation(p.day_words)}\s+)?|{hour_of})?"
        joined = rf"(?:\s+{alternation(p.interval_to)}\s+{part}|\s*[-–]\s*)"
        # "tuần từ 8 đến 14/9", and "ngày 12-13/7" without "từ": days as well
        week = rf"(?:(?P<wk>{alternation(p.week_words)})\s+)?"
        dashed = rf"{day}\s+(?=\d{{1,2}}\s*[-–]\s*\d{{1,2}}\s*/)"
        interval = rf"(?:{week}{alternation(p.interval_from)}\s+{part}|{dashed}){_FIRST_DAY}{joined}{last}"
        spelled = rf"{month}\s+(?P<ms>(?-i:{alternation(p.spelled_months)}))(?:\s+{year}\s+(?P<msy>{_YEAR}))?"
        # "từ tháng 1 đến tháng 9/2024", "từ tháng 10/2023 đến hết tháng 3/2024", "từ năm 2021 đến năm 2024"
        start, end = alternation(p.span_from), alternation(p.span_to)
        # "trong tháng 6 và tháng 7": two months running on from one another are a stretch as well
        first_month = rf"{month}\s+(?P<fm>\d{{1,2}})(?:\s*/\s*(?P<fmy>{_YEAR}))?"
        months = (
            rf"(?:{start}\s+{first_month}\s+{end}|{first_month}\s+(?P<pair>{alternation(p.month_pairs)}))\s+"
            rf"{month}\s+(?P<tm>\d{{1,2}})(?:(?:\s*/\s*|\s+{year}\s+)(?P<tmy>{_YEAR}))?"
        )
        # "từ 2026 đến 2030": two years need no "năm" to be a stretch
        years = rf"{start}\s+(?:{year}\s+)?(?P<fy>{_YEAR})\s+{end}\s+(?:{year}\s+)?(?P<ty>{_YEAR})(?![\d%]|[.,]\d)"
        at_hour = rf"\d{{1,2}}\s*{hour}(?:\s*\d{{1,2}})?\s+(?:{alternation(p.parts_of_day)}\s+)?"
        lunar, openers = alternation(p.lunar_marks), alternation(p.day_openers)
        first_days = rf"(?P<dn>\d{{1,2}})\s+{alternation(p.first_days)}\s+{month}\s+(?P<dnm>\d{{1,2}})"
        of_year = rf"(?:\s*/\s*|\s+{year}\s+)"  # "tháng 6/2025", "tháng 6 năm 2025"
        counts = alternation(self.month_counts)
        named_day = rf"(?:{_WORDED_DAY}|{_NAMED_DAY}|{_DAY_NAME}(?P<odb>\(\s*))"
        closed = r"(?(odb)\s*\))"  # "riêng ngày mùng 1 Tết (17/2)": the bracket a name opens closes
        ends = rf"(?:{alternation(p.day_ends)}\s+)?"
        closing = rf"(?(nd)(?!\s*[,)]{self._not_day_clause}))"  # a day in a phrase must not close it
        return compile_pattern(
            rf"""{WORD_START}(?:
              (?P<half>{alternation(p.halves)})(?:\s+(?P<hy>{_YEAR}))?
            | (?P<whole>{alternation(p.whole_year)})(?:\s+(?P<wy>{_YEAR}))?
            | (?P<fq>\d|{counts})\s+{alternation(p.first_quarters)}(?:\s+(?P<fqy>{_YEAR}))?
            | (?P<n>\d{{1,2}}|{counts})\s+{alternation(p.first_months)}(?:\s+(?P<ny>{_YEAR}))?
            | (?P<n2>\d{{1,2}}|{counts})\s+{month}(?=\s*,|\s+(?:{aspects}\s+)?{followers}{WORD_END})
            | {first_days}(?:{of_year}(?P<dny>{_YEAR}))?
            | (?P<ln>\d{{1,2}}|{counts})\s+{alternation(p.last_months)}(?:\s+(?P<lny>{_YEAR}))?
            | {self._since}
            | {self._until_end}
            | {interval}
            | {months}
            | {years}
            | {spelled}
            | {quarter}\s+(?P<q>{roman}|[1-4])(?:(?:\s*/\s*|\s+{year}\s+)(?P<qy>{_YEAR})|\s+(?P<qrel>{relative}))?
            | (?P<nq>{named_quarters})(?:\s+(?P<nqy>{_YEAR}))?
            | {month}\s+(?P<m>\d{{1,2}})(?:(?:\s*/\s*|\s+{year}\s+)(?P<my>{_YEAR})|\s+(?P<mrel>{relative}))?
            | {self._shorthand}
            | (?P<today>{alternation(p.relative_days)})
            | {self._relative_month_or_quarter}
            | (?P<rel>{relative})
            | (?:{alternation(p.year_end_leads)})\s+(?P<eoy>{alternation(p.period_ends)})\s+
              (?:(?P<eoyr>{relative})|{year}(?!\s*/?\s*\d))
            | {alternation(p.span_words)}\s+(?:{year}\s+)?(?P<a>{_YEAR})\s*[-–]\s*(?P<b>{_YEAR})
            | (?P<season>(?:{alternation(p.seasons)})\s+|{self._crop_season}){_YEAR}\s*[-–/]\s*{_YEAR}
            | {self._day_list}
            | {alternation(p.on_day)}\s+(?:{alternation(p.parts_of_day)}\s+)?{named_day}{_DATE.format(n="od")}{closed}
            | {self._opening_day}
            | (?:{openers}\s+(?:{day}\s+)?|{self._day_in_phrase}){_DATE.format(n="md")}{closing}
            | {at_hour}{day}\s+{_DATE.format(n="hd")}
            | {alternation(p.as_of)}\s+(?:{at_hour})?{ends}(?:{openers}\s+)?(?:{day}\s+)?
              (?P<d>\d{{1,2}})\s*/\s*(?P<dm>\d{{1,2}})\s*/\s*(?P<dy>{_YEAR})
            | {alternation(p.as_of)}\s+(?:{at_hour})?{ends}(?:{openers}\s+)?(?:{day}\s+)?(?<={self._as_of_day_lead}\s+)
              (?P<ad>\d{{1,2}})\s*/\s*(?P<adm>\d{{1,2}})(?!\s*/?\d)
            | {day}\s+(?P<d>\d{{1,2}})\s+{month}\s+(?P<dm>\d{{1,2}})\s+{year}\s+(?P<dy>{_YEAR})
            | (?<=:\s{{0,3}})(?P<n2>\d{{1,2}})\s+{month}(?=\s+\p{{L}})(?!\s+{counted_after}{WORD_END})
            | {year}\s+(?P<y>{_YEAR})
            ){WORD_END}(?!\s*\(?\s*{lunar})""",
            regex.I | regex.X,
        )

    @property
    def _crop_season(self) -> str:
        """"vụ Đông Xuân 2024-2025": the name of a crop season before its years, left out of the match (`\\K`) as it
        names the crop, not a time ("lúa vụ Đông Xuân")."""
        return rf"(?:{alternation(self.p.crop_seasons)})\s+\K"

    @property
    def _as_of_day_lead(self) -> str:
        """What says a day and month after an as-of word is a day: "ngày" or a part of a day ("đến chiều 21/9"),
        or an as-of phrase that names a time ("tính đến 30/9"); not a plain "đến" ("đến 3/5 số hộ")."""
        p = self.p
        return alternation([*p.day_words, *p.day_openers, *p.as_of_day_leads])

    @property
    def _since(self) -> str:
        """"từ ngày 1/12/2023 đến nay", "từ đầu năm đến nay": from a day, or the year's start, to the dateline."""
        p = self.p
        day = alternation(p.day_words)
        # "từ chiều 17/9", "từ 19 giờ ngày 17/9": a part of the day or an hour may stand before the day
        part = rf"(?:{alternation(p.day_openers)}|{clock_time(self.lib)})\s+"
        begin = rf"(?:{part}(?:{day}\s+)?|{day}\s+)?{_DATE.format(n='sd')}"
        year_start = rf"(?P<soy>{alternation(p.year_start)})(?:\s+(?P<sy>{_YEAR}))?"
        month_start = rf"(?P<som>{alternation(p.month_start)})\s+(?P<sm>\d{{1,2}})(?:\s*/\s*(?P<smy>{_YEAR}))?"
        from_year = rf"{alternation(p.year_words)}\s+(?P<sfy>{_YEAR})"  # "từ năm 2018 đến nay"
        starts = rf"{begin}|{year_start}|{from_year}" + (rf"|{month_start}" if p.month_start else "")
        # "đến nay", and "đến 7 giờ sáng nay": to an hour of the day of writing
        hour = rf"(?:{clock_time(self.lib)}\s+)?"
        today = rf"{alternation(p.span_to)}\s+{hour}{alternation(p.today_parts)}"
        return rf"{alternation(p.interval_from)}\s+(?:{starts})\s+(?:{alternation(p.until_now)}|{today})"

    @property
    def _until_end(self) -> str:
        """"từ nay đến cuối tháng 5/2024", "từ nay đến hết năm": from the dateline to a month's or year's end."""
        p = self.p
        year, month = alternation(p.year_words), alternation(p.month_words)
        to_end = rf"{alternation(p.from_now)}\s+{alternation(p.span_to)}\s+{alternation(p.period_ends)}\s+"
        end_month = rf"{month}\s+(?P<um>\d{{1,2}})(?:(?:\s*/\s*|\s+{year}\s+)(?P<umy>{_YEAR}))?"
        day = rf"(?:{alternation(p.day_words)}\s+)?{_DATE.format(n='ue')}"
        to_day = rf"{alternation(p.from_now)}\s+{alternation(p.span_to)}\s+{day}"
        return rf"{to_end}(?:{end_month}|(?P<uyw>{year})(?:\s+(?P<uy>{_YEAR}))?)|{to_day}"

    @property
    def _day_list(self) -> str:
        """"các ngày 11, 12 và 13/12": days of one month listed before it (read by `_listed_days`)."""
        p = self.p  # an empty lexicon is alternation's "(?!)": no list is read
        days = r"(?P<ldl>\d{1,2}(?:\s*,\s*\d{1,2})*)"
        last = rf"(?P<ldd>\d{{1,2}})\s*/\s*(?P<ldm>\d{{1,2}})(?:\s*/\s*(?P<ldy>{_YEAR}))?(?!\s*/?\d)"
        return rf"(?:{alternation(p.day_list_leads)})\s+{days}\s+(?:{alternation(p.day_list_joiners)})\s+{last}"

    @property
    def _day_in_phrase(self) -> str:
        """"công suất đỉnh ngày 26/2 đạt …": a day after the noun it dates, inside its phrase, dates what that
        phrase tells after it; not a day that starts or ends a stretch ("áp dụng từ ngày 1/7") nor one that
        closes its phrase ("(thiết lập ngày 8/5/2024) 56 MW")."""
        p = self.p
        bound = alternation([*p.interval_from, *p.interval_to, *p.as_of])
        day = alternation(p.day_words)
        # the day word first: the look-behinds are tried at every word the scan tries, the word at few
        return rf"(?=(?:{day})\s)(?<=\p{{Ll}}\s+)(?<!{WORD_START}(?:{bound})\s+)(?P<nd>){day}\s+"

    @property
    def _not_day_clause(self) -> str:
        """A comma after a day closes its phrase unless a clause of that day follows: "Phiên giảm sâu nhất là ngày
        11/11, khi VN-Index mất 27,9 điểm"."""
        openers = self.p.day_clause_openers
        return rf"(?!\s*(?:{alternation(openers)}){WORD_END})" if openers else ""

    @property
    def _opening_day(self) -> str:
        """"Chiều 3/9, …", "…; sáng ngày 14/2, …": a part of a day opening a sentence or clause dates it; so
        does a bare day set off by commas after what opens the sentence ("Theo Trung tâm …, ngày 18/6, công
        suất …") or that opens it ("Ngày 23/4, công suất …", "Ngày 1/5 là ngày cao điểm, …"; the frame leaves out
        one that dates a meeting: "Ngày 26/3, Sở tổ chức hội nghị …")."""
        p = self.p
        lead = rf"(?:{alternation(p.day_opener_leads)}\s+)?"
        day = alternation(p.day_words)
        # "Từ ngày 1/8, …", "Từ 13 giờ ngày 23/7, …": the day a sentence says what it tells started on
        hour = rf"\d{{1,2}}\s*{alternation(p.hour_words)}(?:\s*\d{{1,2}})?\s+"
        since = rf"(?:(?:{alternation(p.interval_from)})\s+(?:{hour})?)?"
        # "Tối thứ Bảy (22/11), …", "Chủ nhật 23/11, …": a weekday names the day before its date
        weekday = rf"(?:{alternation(p.weekdays)})\s*(?P<wkb>\(\s*)?"
        # "Ngày mùng 4 Tết (20/2) là …", "Đêm Giao thừa (16/2), …": so does a name, its date in brackets
        named = rf"{_DAY_NAME}(?P<wkb>\(\s*)"
        return (
            rf"(?<=(?:^|[\n.;:!?(,])\s*)(?:{lead}{alternation(p.day_openers)}\s+(?:{day}\s+)?(?:{weekday}|{named})?"
            rf"|(?<=(?:^|[\n.!?,])\s*){since}(?:(?P<bare>{day}\s+)|{weekday}|{day}\s+{named}))"
            + _DATE.format(n="pd")
            + rf"(?(wkb)\s*\))(?(bare)(?=\s*,|\s+(?:{alternation(p.day_copulas)})\s))"
        )

    @property
    def _relative_month_or_quarter(self) -> str:
        """"tháng trước", "quý vừa qua": not after a count ("3 tháng qua"), "quý" not after what it calls precious
        ("kim loại quý này"), neither before `relative_not_before` ("quý trước đó")."""
        p = self.p
        counts, precious = alternation(self.month_counts), alternation(p.precious_nouns)
        month, quarter = alternation(p.relative_months), alternation(p.relative_quarters)
        return (
            rf"(?<!\d[ \t]{{0,3}})(?<!{counts}[ \t]+)(?:(?P<relm>{month})|(?<!{precious}[ \t]+)(?P<relq>{quarter}))"
            rf"(?![ \t]+{alternation(p.relative_not_before)}{WORD_END})"
        )

    @property
    def _shorthand(self) -> str:
        """"T10/2025", "Q3/2025", "H1/2025", "9T/2025" (`month_marks` …): the groups of the month, quarter and
        months-so-far branches, and a half of its own."""
        p = self.p
        months, quarters = alternation(p.month_marks), alternation(p.quarter_marks)
        halves, so_far = alternation(p.half_marks), alternation(p.months_so_far_marks)
        return rf"""(?-i:{months})(?P<m>\d{{1,2}})\s*/\s*(?P<my>{_YEAR})
            | (?-i:{quarters})(?P<q>[1-4])\s*/\s*(?P<qy>{_YEAR})
            | (?-i:{halves})(?P<hs>[12])\s*/\s*(?P<hsy>{_YEAR})
            | (?P<n>\d{{1,2}})(?-i:{so_far})\s*/?\s*(?P<ny>{_YEAR})"""

    @property
    def _shorthand_openings(self) -> list[tuple[str, str]]:
        """Where `_shorthand` may open, as branches of `WordScan`'s `opening` (`re`, case-folded)."""
        p = self.p
        marks = [*p.month_marks, *p.quarter_marks, *p.half_marks]
        led = [(re.escape(w[0].casefold()), re.escape(w[1:].casefold()) + r"\d") for w in marks if w]
        so_far = _folded_words(p.months_so_far_marks)
        return led + ([(r"\d", rf"\d?(?:{so_far})\s*/?\s*\d{{4}}")] if so_far else [])

    @property
    def _openers(self) -> tuple[list[str], ...]:
        """The words that open the branches `find` tries."""
        p = self.p
        return (
            p.halves, p.whole_year, p.interval_from, p.span_from, p.month_words, p.quarter_words, p.relative_years,
            p.relative_months, p.relative_quarters, p.relative_days, p.span_words, p.on_day, p.as_of, p.year_words,
            p.day_openers, p.from_now, p.day_words, p.day_list_leads, p.week_words, self._spelled_months,
            p.year_end_leads, p.weekdays, p.seasons, p.crop_seasons, self._spelled_quarters,
        )

    @property
    def _spelled_quarters(self) -> list[str]:
        """"Ba quý đầu năm": tried where a spelled count stands before a first-quarters phrase."""
        return [f"{count} {quarters}" for count in self.month_counts for quarters in self.p.first_quarters if quarters]

    @property
    def _spelled_months(self) -> list[str]:
        """"Hai tháng cuối năm", "Chín tháng năm 2025": tried where a spelled count stands before "tháng", not at
        every spelled digit."""
        return [f"{count} {month}" for count in self.month_counts for month in self.p.month_words if month.strip()]

    @cached_property
    def month_counts(self) -> dict[str, int]:
        """Spelled counts of months, one to twelve ("chín", "mười", "mười hai"), from the number words: the digits
        that may open a number and the tens word read alone as ten, with the digits after it."""
        numbers = self.lib.numbers
        ten = next(iter(numbers.tens))  # the first entry reads "ten" on its own (`_SpelledParser`)
        digits = {word: value for word, value in numbers.digits.items() if word not in numbers.tail_only.words}
        teens = {f"{ten} {word}": 10 + value for word, value in digits.items()}
        return {word: value for word, value in {**digits, ten: 10, **teens}.items() if 1 <= value <= 12}

    def _month_count(self, written: str) -> int:
        """A count of months as written, in digits or spelled ("9", "Chín")."""
        word = " ".join(written.lower().split())
        return int(word) if word.isdigit() else self.month_counts.get(word, 0)

    @cached_property
    def scan(self) -> WordScan:
        p = self.p
        # a time in digits opens with a count of months or an hour: one or two digits, a blank (none before "h":
        # "22h ngày 30/11"), then "tháng", "giờ", "ngày" (the first word of `first_months`, `first_days`,
        # `month_words`, `hour_words`; Python's `re`, case-folded)
        openers = [*p.first_months, *p.first_quarters, *p.first_days, *p.month_words, *p.hour_words]
        after = {w.split()[0].casefold() for w in openers if w.strip()}
        digits = (r"\d", rf"\d?\s*(?:{_folded_words(after)})")  # `\d{1,2}\s*…`, its first digit apart
        # a span word opens a match only before a year in digits ("giai đoạn 2021-2025"), with or without "năm", and so
        # does a school or crop year ("năm học 2025-2026"); "năm" only before a year in digits or a word (`_tried`);
        # "tháng" before a month in digits or spelled
        spans = _first_apart([*p.span_words, *p.year_words, *p.seasons, *p.crop_seasons], rf"\s+{_YEAR}")
        months = _first_apart(p.month_words, r"\s+\d")
        openings = [digits, *spans, *months, *self._hours, *self._shorthand_openings]
        return WordScan(self.pattern, self._tried, opening=openings, phrases=True)

    @property
    def _tried(self) -> tuple[list[str], ...]:
        """The phrases that open the matches `find` tries. A scan by first words tried, besides, the words
        before a part of a day that start like another opener ("vào sáng 3/9", as "vào ngày"; not "suốt"): they
        open a match only before that part of a day. A span word, a school or crop year, "năm" and "tháng" open one
        only before a year or a month (`scan`)."""
        p = self.p
        leads = [w for w in p.day_opener_leads if w.strip() and w.split()[0].casefold().startswith(self._firsts)]
        led = [f"{lead} {part}" for lead in leads for part in p.day_openers if part.strip()]
        spans = [f"{w} {year}" for w in p.span_words if w.strip() for year in p.year_words if year.strip()]
        spelled = [f"{month} {name}" for month in p.month_words if month.strip() for name in p.spelled_months]
        narrowed = (p.span_words, p.year_words, p.month_words, p.seasons, p.crop_seasons)
        kept = (lexicon for lexicon in self._openers if not any(lexicon is n for n in narrowed))
        return (*kept, led, spans, spelled)

    @property
    def _firsts(self) -> tuple[str, ...]:
        return tuple({w.split()[0].casefold() for lexicon in self._openers for w in lexicon if w.strip()})

    @property
    def _hours(self) -> list[tuple[str, str]]:
        """A scan by first words tried a time in digits wherever a word opens with a half's first word ("6h ngày
        3/9", as "6 tháng đầu năm"); at such a word, only an hour written close to its digits ("6h", "6giờ") opens a
        match that the other openers leave out (`re`, case-folded)."""
        hours = _folded_words(self.p.hour_words)
        # `(?=w)\d{1,2}\s*…`, the first character of `w` apart (a digit, as `\d` reads it)
        digit_led = [w for w in self._firsts if w[0].isdigit()]
        return [(re.escape(w[0]), rf"(?<=\d)(?={re.escape(w[1:])})\d?\s*(?:{hours})") for w in digit_led]

    @cached_property
    def any_scan(self) -> WordScan:
        """Every match of `pattern`, as `pattern.finditer` finds them: tried where any of its branches may
        open (`scan` leaves out the openers that `find` does not try)."""
        openers = (*self._openers, self.p.day_opener_leads)
        # a count of months, an hour; a shorthand ("T10/2025")
        return WordScan(self.pattern, openers, opening=[(r"\d", ""), *self._shorthand_openings], phrases=True)

    @cached_property
    def day_word(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.p.day_words)}{WORD_END}", regex.I)

    @cached_property
    def duration_cue(self) -> regex.Pattern[str]:
        return last_words(self.p.duration_cues, r"\s+")

    def _duration(self, text: str, start: int, months: regex.Match[str]) -> bool:
        """"sau 9 tháng triển khai, …", "tước giấy phép lái xe 4 tháng, …": a count of months that is a duration, not
        the months so far; before a comma or an aspect word ("kỳ hạn 12 tháng đã tăng") it is the months so far only
        where it opens its clause."""
        at = months.start()
        if self.duration_cue.search(text, max(start, at - 16), at):
            return True
        comma = text[months.end() : months.end() + _COMMA_REACH].lstrip().startswith(",")
        if not comma and not self.aspect_after.match(text, months.end()):
            return False
        lead = text[max(start, at - 16) : at].rstrip()
        return bool(lead) and lead[-1].isalnum() and not self.months_so_far_lead.search(lead)

    @cached_property
    def aspect_after(self) -> regex.Pattern[str]:
        return next_words(self.p.months_so_far_aspects)

    @cached_property
    def months_so_far_lead(self) -> regex.Pattern[str]:
        return last_words(self.p.months_so_far_leads, "")

    @cached_property
    def counted_days(self) -> regex.Pattern[str]:
        """"trong 5 ngày từ 30/4 đến 4/5": a count of days before a stretch, not the day of a document."""
        return compile_pattern(rf"\d\s+{alternation(self.p.day_words)}\s+\Z", BACKWARD)

    @cached_property
    def reference_cue(self) -> regex.Pattern[str]:
        return last_words(self.p.not_period_after)

    @cached_property
    def compared_phrase(self) -> regex.Pattern[str]:
        """"so với cùng kỳ Tết năm 2024", "so với dịp lễ năm trước": a time closing a comparison phrase
        (words only between them) is the time compared with."""
        comparison = alternation(self.p.compared_before)
        multiple = rf"\d\s*(?:{alternation(self.p.compared_after_number)})"  # "gấp 1,4 lần công suất … năm 2025"
        return compile_pattern(rf"(?:{WORD_START}(?:{comparison})|{multiple})\s+[^\d,.;:()%]*\Z", BACKWARD)

    def find(
        self, text: str, start: int, end: int, default_year: int | None, dateline: str | None = None,
        same_day: bool = True, seasons: bool = False,
    ) -> list[PeriodSpan]:
        """Every time expression in text[start:end]. One that leaves out its year ("cả năm", "quý II") is in
        the year the stretch writes, when it writes one ("Dự kiến năm 2025: … cả năm …"), else `default_year`
        (the report's); a day without its year then takes the dateline's where that fits better (`day_year`).
        "năm nay" is the year of the dateline (the day of writing, `YYYY-MM-DD`), else the report's;
        "đến nay" ends on the dateline; with `same_day`, "cùng ngày" is the day written last before the stretch; with
        `seasons`, a school or crop year is a span too (`PeriodSpan.season`). A list (most stretches hold none: no
        generator to run)."""
        found = []
        for raw in self.scan.finditer(text, start, end):
            match, at = _Found(raw, self.group_numbers, self.year_groups), raw.start()
            if (match["n2"] and self._duration(text, start, raw)) or (match["season"] is not None and not seasons):
                continue
            found.append((match, self._compared(text, start, at)))
        if len(found) > 1:
            found = self._beside_plans(text, start, found)
        same_day = same_day and self._says_same_day(text, start, end)
        if not found and not same_day:
            return []
        today = _day_of(dateline)
        dated = _Dating(default_year, today, today)
        written = [(match, year) for match, compared in found if not compared and (year := match.written)]
        spans = []
        for match, compared in found:
            stated = _stated_year(text, match, written) if written and _yearless(match) else None
            yearless = stated is not None
            raw = match.match
            days_named = bool(match["fdd"]) and self._days_named_before(text, start, raw.start())
            value = self._value(match, _Dating(stated, None, dated.now) if yearless else dated, days_named)
            if value is not None:
                spans.append(PeriodSpan(
                    raw.start(), raw.end(), value, compared, bool(match["pd"]), bool(match["md"]),
                    match["season"] is not None,
                ))
        if same_day:
            spans = self._with_same_day(text, start, end, spans, default_year, dateline)
        return _restated(text, spans)

    def _beside_plans(self, text: str, start: int, found: list[tuple[_Found, bool]]) -> list[tuple[_Found, bool]]:
        """"Trong quý II, … đạt 41,2% kế hoạch năm 2025": the time of the plan a percent is of gives way, as a time
        compared with, to another time the stretch writes; alone, it dates the figure ("Để giải ngân 100% kế hoạch
        năm 2026, …")."""
        of_plan = [not compared and self._of_plan(text, start, m.match) for m, compared in found]
        if not any(of_plan) or all(compared or plan for (_, compared), plan in zip(found, of_plan, strict=True)):
            return found
        return [(m, compared or plan) for (m, compared), plan in zip(found, of_plan, strict=True)]

    def _of_plan(self, text: str, start: int, time: regex.Match[str]) -> bool:
        """A year, quarter or month named in a plan's phrase ("kế hoạch vốn năm 2025"), not a deadline after it
        ("giải ngân 95% kế hoạch vốn trước ngày 31/1/2026")."""
        if time.group().split()[0].lower() not in self.plan_time_words:
            return False
        reach = max(start, time.start() - _COMPARED_REACH)
        return bool(plan_phrase(self.lib).search(text, reach, time.start(), HOLD_GIL))

    @cached_property
    def plan_time_words(self) -> frozenset[str]:
        p = self.p
        return frozenset(w.lower() for w in [*p.year_words, *p.quarter_words, *p.month_words])

    def _compared(self, text: str, start: int, at: int) -> bool:
        """Whether the time at `at` is what a figure is compared with ("so với cùng kỳ năm 2024")."""
        before = text[max(start, at - 12) : at]
        compared = (
            self.reference_cue.search(before, 0, None, HOLD_GIL) and not self.counted_days.search(before)
        ) or self.compared_phrase.search(text, max(start, at - _COMPARED_REACH), at, HOLD_GIL)
        return bool(compared)

    def _with_same_day(
        self, text: str, start: int, end: int, spans: list[PeriodSpan], default_year: int | None, dateline: str | None
    ) -> list[PeriodSpan]:
        """"Tại hạ du, lúc 10 giờ cùng ngày, mực nước …": "cùng ngày" is the day the text named last before it."""
        # the days written out before it, not another "cùng ngày" (whose day this search would look for again)
        earlier = self.find(text, max(0, start - _SAME_DAY_REACH), start, default_year, dateline, same_day=False)
        # a day a stretch starts from ("Từ 13 giờ ngày 23/7, …") is no day of a happening the text goes on with
        days = [
            p.value for p in earlier
            if not p.is_reference and _ISO_DAY.fullmatch(p.value) and not self.since_lead.match(text, p.start)
        ]
        if not days:
            return spans
        same = [
            PeriodSpan(m.start(), m.end(), days[-1], self._compared(text, start, m.start()), False, False)
            for m in self.same_day.finditer(text, start, end)
            if not any(p.start < m.end() and m.start() < p.end for p in spans)
        ]
        return sorted([*spans, *same], key=attrgetter("start")) if same else spans

    @cached_property
    def since_lead(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.p.interval_from)}){WORD_END}", regex.I)

    def _says_same_day(self, text: str, start: int, end: int) -> bool:
        """Whether "cùng ngày" stands in the stretch: its whole phrase looked for, since each of its words is common
        ("cùng kỳ", "ngày 5/3") and a test by one of them would send most stretches to the search."""
        stretch = text[start:end].lower()
        return any(map(stretch.__contains__, self.same_day_phrases))

    @cached_property
    def same_day_phrases(self) -> tuple[str, ...]:
        return tuple(phrase_keys(self.p.same_day))

    @cached_property
    def same_day(self) -> regex.Pattern[str]:
        return words_regex(self.p.same_day)

    @cached_property
    def group_numbers(self) -> dict[str, int]:
        return dict(self.pattern.groupindex)

    @cached_property
    def year_groups(self) -> tuple[itemgetter, itemgetter, itemgetter]:
        """The groups of a match that write a year, those that name a time relative to the report's, and those
        that tell its branch, each read in one call (`_Found.written`, `_Found.relative`, `_Found.branch`)."""
        numbers = self.group_numbers
        return (
            itemgetter(*(numbers[n] - 1 for n in _WRITTEN_YEARS)),
            itemgetter(*(numbers[n] - 1 for n in _RELATIVE)),
            itemgetter(*(numbers[n] - 1 for n in _BRANCHES)),
        )

    def _relative(self, phrase: str | None, when: _Dating) -> str | None:
        """"năm nay" in the year of writing, "năm ngoái" the year before it; "năm trước" the year before
        the report's."""
        if not phrase:
            return None
        phrase = " ".join(phrase.lower().split())
        year = when.now.year if when.now and phrase in self.p.writing_relative else when.year
        return str(year + self.p.relative_years[phrase]) if year else None

    def _last_months(self, m: _Found, default_year: int | None) -> str | None:
        """"2 tháng cuối năm" -> November to December of the year."""
        months = self._month_count(m["ln"])
        if not 1 <= months <= 12:
            return None
        first = 13 - months
        return _with_year(m["lny"], default_year, lambda y: f"{y}-12" if months == 1 else f"{y}-{first:02d}/{y}-12")

    def _days_named_before(self, text: str, start: int, at: int) -> bool:
        """"trong 7 ngày qua (từ 20 đến 26/11)", "Sau 7 ngày tranh tài, từ 12 đến 18/10, …": a stretch right after
        a count of days is one of days, though it says no "ngày" itself."""
        return bool(self.day_word.search(text, max(start, at - _DAYS_NAMED_REACH), at))

    def _value(self, m: _Found, when: _Dating, days_named: bool = False) -> str | None:
        default_year = when.year
        branch = m.branch  # the first group of `_BRANCHES` a match sets, as the tests below were once asked in turn
        if branch is None:
            return _day(m, when)
        if branch == "half":
            half = self.p.halves[" ".join(m["half"].lower().split())]
            return _with_year(m["hy"], default_year, lambda y: f"{y}-H{half}")
        if branch == "hs":  # "H1/2025"
            return f"{m['hsy']}-H{m['hs']}"
        if branch == "whole":
            return _with_year(m["wy"], default_year, str)
        if branch == "fq":  # "ba quý đầu năm": three months a quarter
            quarters = self._month_count(m["fq"])
            return _months_so_far(3 * quarters, m["fqy"], default_year) if 1 <= quarters <= 4 else None
        if branch in ("n", "n2"):
            return _months_so_far(self._month_count(m["n"] or m["n2"]), m["ny"], default_year)
        if branch == "dn":
            return _first_days(m, default_year)
        if branch == "ln":
            return self._last_months(m, default_year)
        if branch == "sfy":
            return _years_since(m["sfy"], when)
        if branch in ("sd", "soy", "som"):
            return _since(m, when)
        if branch in ("um", "uyw", "ue"):
            return _until_end(m, when)
        if branch == "ldd":
            return _listed_days(m, when)
        if branch == "fdd":
            days = self.day_word.search(m.group()) or m["fdm"] or m["wk"] or days_named
            year = m["tdy"] or (when.day_year(m["tdm"], m["tdd"]) if days else None)
            if year is None:
                return None  # "từ 9 đến 11/8" without "ngày" (or the first day's month) may be a range of figures
            first, last = _first_day(m, str(year)), _iso_day(year, m["tdm"], m["tdd"])
            return f"{first}/{last}" if first and last and first < last else None
        if branch == "tm":
            return _month_stretch(m, default_year)
        if branch == "ty":
            return f"{m['fy']}/{m['ty']}" if m["fy"] < m["ty"] else None
        if branch == "ms":
            month = self.p.spelled_months[" ".join(m["ms"].split())]
            return _with_year(m["msy"], default_year, lambda y: f"{y}-{month:02d}")
        if branch == "q":
            q = self.p.roman.get(m["q"].lower()) or int(m["q"])
            return _with_year(m["qy"] or self._relative(m["qrel"], when), default_year, lambda y: f"{y}-Q{q}")
        if branch == "nq":  # "quý đầu năm"
            q = self.p.named_quarters[" ".join(m["nq"].lower().split())]
            return _with_year(m["nqy"], default_year, lambda y: f"{y}-Q{q}")
        if branch == "m":
            month = int(m["m"])
            if not 1 <= month <= 12:
                return None
            year = m["my"] or self._relative(m["mrel"], when)
            return _with_year(year, default_year, lambda y: f"{y}-{month:02d}")
        if branch in ("relm", "relq"):  # "tháng trước", "quý vừa qua": from the day of writing
            return _from_day_of_writing(m, self.p, when)
        if branch == "today":
            offset = self.p.relative_days[" ".join(m["today"].lower().split())]
            return (when.now + timedelta(days=offset)).isoformat() if when.now else None
        if branch == "season":
            return ""  # a school or crop year dates no figure
        if branch == "eoy":  # "… đạt 72% vào cuối năm": as of the end of the year; "đến hết năm nay": of this one
            return self._relative(m["eoyr"], when) if m["eoyr"] else _with_year(None, default_year, str)
        return self._relative(m["rel"], when)  # "rel", the last of `_BRANCHES`


class _Found:
    """A match of the periods pattern, its groups read by name through their numbers: `regex` reads a name
    from a fresh copy of the pattern's table of names each time, a cost on each of the dozens of groups
    a match is asked for (about ten times a read by number)."""

    __slots__ = ("branch", "groups", "match", "numbers", "relative", "written")

    def __init__(
        self, match: regex.Match[str], numbers: dict[str, int], years: tuple[itemgetter, itemgetter, itemgetter]
    ) -> None:
        self.match, self.groups, self.numbers = match, match.groups(), numbers
        self.written = next(filter(None, years[0](self.groups)), None)  # the first year it writes
        self.relative = any(years[1](self.groups))
        self.branch = next(compress(_BRANCHES, years[2](self.groups)), None)  # None: a day or a year (`_day`)

    def __getitem__(self, name: str) -> str | None:
        return self.groups[self.numbers[name] - 1]

    def group(self) -> str:
        return self.match.group()

    def start(self) -> int:
        return self.match.start()

    def end(self) -> int:
        return self.match.end()


@frozen
class _Dating:
    """The year a time without one takes (the report's, or the one its sentence states) and the
    dateline's day, when known."""

    year: int | None
    dateline: date | None  # set where a day without its year may take the dateline's year instead
    now: date | None  # the day of writing, for "đến nay", "năm nay"

    def day_year(self, month: str, day: str) -> int | None:
        """The year of a day written without one: the dateline's when the day falls before it or soon after
        ("Kết phiên 22/1" in a story of 23/1/2025 on 2024), the report's for a later day of the report's
        year, else the year before the dateline's ("ngày 15/12" in that story)."""
        if self.dateline is None or not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
            return self.year
        this_year = self.dateline.year
        try:
            then = date(this_year, int(month), int(day))
        except ValueError:
            return self.year
        ahead = (then - self.dateline).days
        if ahead <= _SOON or (self.year == this_year and ahead <= _UPCOMING):
            return this_year
        return this_year - 1


@lru_cache(maxsize=8)
def plan_phrase(library: PatternLibrary) -> regex.Pattern[str]:
    """"đạt 41,2% kế hoạch vốn năm 2025", "bằng 108% dự toán năm": a percent of a plan (`references.plans`) and the
    words of its phrase, up to a position searched backward from; a time there is the plan's, not the figure's."""
    plans = alternation(library.references.plans)
    return compile_pattern(rf"\d\s*%\s*(?:{plans}){WORD_END}\s+[^\d,.;:()%]*\Z", BACKWARD)


def _day_of(dateline: str | None) -> date | None:
    try:
        return date.fromisoformat(dateline) if dateline and len(dateline) == 10 else None
    except ValueError:
        return None


_DAY_GROUPS = ("od", "pd", "hd", "md", "d", "ad")  # the day of each branch that reads one day
_JOINED_TIMES = 6  # characters between two times joined as one ("tháng 11 và tháng 12/2025")
_DAYS_NAMED_REACH = 24  # characters before a stretch where the word "ngày" makes its numbers days
_SOON = 14  # days after the dateline a day without its year is read as still to come in its year
# A stretch "từ nay đến" a day or month without its year that ended more than this many days before the dateline
# ends in the next year ("từ nay đến hết tháng 4" in a story of December); one that ended since is no stretch.
_STALE = 61
_UPCOMING = 183  # ... or, in a report on the dateline's own year, within the half year ahead


def _months_so_far(months: int, year: str | None, default_year: int | None) -> str | None:
    """"9 tháng năm 2025", "Chín tháng" -> January to September of the year."""
    if not 1 <= months <= 12:
        return None
    if months == 6:
        return _with_year(year, default_year, lambda y: f"{y}-H1")
    return _with_year(year, default_year, lambda y: f"{y}-01/{y}-{months:02d}")


def _first_days(m: _Found, default_year: int | None) -> str | None:
    """"10 ngày đầu tháng 6": from the month's first day to its Nth."""
    days, month = int(m["dn"]), int(m["dnm"])
    if not (2 <= days <= 28 and 1 <= month <= 12):
        return None
    return _with_year(m["dny"], default_year, lambda y: f"{y}-{month:02d}-01/{y}-{month:02d}-{days:02d}")


def _month_stretch(m: _Found, default_year: int | None) -> str | None:
    """"từ tháng 10/2023 đến hết tháng 3/2024", "tháng 6 và tháng 7/2025"; a stretch without a year ("từ
    tháng 1 đến tháng 9") ends in the report's year, one that passes a year's end ("từ tháng 10 đến tháng 3")
    starts in the year before."""
    first, last = int(m["fm"]), int(m["tm"])
    if m["pair"] and last != first % 12 + 1:
        return None  # "tháng 1 và tháng 11": two months apart, no stretch
    if m["tmy"]:
        last_year = int(m["tmy"])
    elif m["fmy"]:
        last_year = int(m["fmy"]) + (last < first)
    elif default_year:
        last_year = default_year
    else:
        return None
    first_year = int(m["fmy"]) if m["fmy"] else last_year - (first > last)
    if not (1 <= first <= 12 and 1 <= last <= 12) or (first_year, first) >= (last_year, last):
        return None
    return f"{first_year}-{first:02d}/{last_year}-{last:02d}"


def _years_since(first: str, when: _Dating) -> str | None:
    """"từ năm 2018 đến nay" -> 2018/<the dateline's year, else the report's>."""
    last = when.now.year if when.now else when.year
    return f"{first}/{last}" if last and int(first) < last else None


def _since(m: _Found, when: _Dating) -> str | None:
    """"từ ngày 1/12/2023 đến nay" -> 2023-12-01/<the dateline>; without a dateline, the year it writes."""
    if m["soy"]:
        first = f"{m['sy'] or (when.now.year if when.now else '')}-01-01"
        if when.now is None or first[:4] > str(when.now.year):
            return m["sy"]
    elif m["som"]:
        if when.now is None or not 1 <= int(m["sm"]) <= 12:
            return None
        first = f"{m['smy'] or when.now.year}-{int(m['sm']):02d}-01"
    else:
        first = _iso_day(m["sdy"] or when.day_year(m["sdm"], m["sd"]), m["sdm"], m["sd"]) or ""
    if when.now is None:
        return None
    last = when.now.isoformat()
    return f"{first}/{last}" if first and first < last else None


def _until_end(m: _Found, when: _Dating) -> str | None:
    """"từ nay đến cuối tháng 5/2024" -> <the dateline>/2024-05-31; without a dateline, that month.
    "từ nay đến ngày 15/5/2025" -> <the dateline>/2025-05-15; without a dateline, that day."""
    written = m["umy"] or m["uy"] or m["uey"]
    year = written or (when.now.year if when.now else when.year)
    if not year:
        return None
    last = _end_of_stretch(m, int(year))
    if not written and when.now and (last is None or (when.now - last).days > _STALE):
        last = _end_of_stretch(m, int(year) + 1)  # "từ nay đến hết tháng 4" written in December: the April to come
    if last is None:
        return None  # a day its month lacks ("đến ngày 29/2/2025")
    if when.now is None:
        return last.isoformat()[: 10 if m["ue"] else 7 if m["um"] else 4]
    return f"{when.now.isoformat()}/{last.isoformat()}" if when.now < last else None


def _end_of_stretch(m: _Found, year: int) -> date | None:
    """The last day of "từ nay đến …" in `year`: the day it names, its month's last day, or the year's."""
    if m["ue"]:
        day, month = int(m["ue"]), int(m["uem"])
        return date(year, month, day) if 1 <= month <= 12 and 1 <= day <= monthrange(year, month)[1] else None
    if m["um"]:
        month = int(m["um"])
        return date(year, month, monthrange(year, month)[1]) if 1 <= month <= 12 else None
    return date(year, 12, 31)


def _day(m: _Found, when: _Dating) -> str | None:
    """A figure's day: one it is on ("phiên 14/6", "Chiều 3/9, …", "lúc 21 giờ ngày 1/9") or as of
    ("tính đến 7 giờ ngày 4/4/2024")."""
    # on a day ("phiên 14/6"), opening a clause ("Chiều 3/9, …"), at a time of a day ("21 giờ ngày 1/9")
    if name := next((name for name in ("od", "pd", "hd", "md") if m[name]), None):
        day, month = m[name], m[f"{name}m"]
        return _iso_day(m[f"{name}y"] or when.day_year(month, day), month, day)
    if m["d"]:
        return _iso_day(m["dy"], m["dm"], m["d"])
    if m["ad"]:
        return _iso_day(when.day_year(m["adm"], m["ad"]), m["adm"], m["ad"])
    if m["a"]:
        return f"{m['a']}/{m['b']}"
    return m["y"]


def _restated(text: str, spans: list[PeriodSpan]) -> list[PeriodSpan]:
    """"6 tháng đầu năm 2024 (từ ngày 15/12/2023 đến ngày 14/6/2024)": a bracket right after a period
    that holds only a period states the stretch exactly; the two are one period, the bracket's."""
    out: list[PeriodSpan] = []
    for span in spans:
        last = out[-1] if out else None
        if last and _OPEN.fullmatch(text, last.end, span.start) and (close := _CLOSE.match(text, span.end)):
            out[-1] = PeriodSpan(
                last.start, close.end(), span.value, last.is_reference, last.clause_only, last.phrase_only
            )
        else:
            out.append(span)
    return out


def _first_apart(words: Iterable[str], then: str) -> list[tuple[str, str]]:
    """`(?:{_folded_words(words)}){then}` as branches of `WordScan`'s `opening`: each word's first character, then
    the rest of the word and `then`."""
    branches = []
    for word in words:
        if word.strip():
            head, *tail = word.casefold().split()
            branches.append((re.escape(head[0]), r"\s+".join([re.escape(head[1:]), *map(re.escape, tail)]) + then))
    return branches


def _folded_words(words: Iterable[str]) -> str:
    """`words` as an alternation of Python's `re` on case-folded text, their words apart by any blanks."""
    return "|".join(r"\s+".join(map(re.escape, w.casefold().split())) for w in words if w.strip())


def _from_day_of_writing(m: _Found, p: PeriodsFile, when: _Dating) -> str | None:
    """"tháng trước" in a story of 2/12/2025 is 2025-11, "quý vừa qua" 2025-Q3; None without a dateline."""
    if when.now is None:
        return None
    if m["relm"]:
        months = when.now.year * 12 + when.now.month - 1 + p.relative_months[" ".join(m["relm"].lower().split())]
        return f"{months // 12}-{months % 12 + 1:02d}"
    quarters = when.now.year * 4 + (when.now.month - 1) // 3 + p.relative_quarters[" ".join(m["relq"].lower().split())]
    return f"{quarters // 4}-Q{quarters % 4 + 1}"


def _iso_day(year: str | int | None, month: str, day: str) -> str | None:
    """YYYY-MM-DD, or None without a year or for a day or month out of range."""
    d, mo = int(day), int(month)
    return f"{year}-{mo:02d}-{d:02d}" if year and 1 <= d <= 31 and 1 <= mo <= 12 else None


_WRITTEN_YEARS = (
    "hy", "wy", "ny", "qy", "my", "tdy", "dy", "ody", "y", "msy", "tmy", "ty", "pdy", "hdy", "umy", "uy", "mdy", "uey",
    "smy", "ldy", "nqy", "hsy",
)
_RELATIVE = ("rel", "qrel", "mrel", "sd", "soy", "um", "uyw", "som", "ue", "eoyr", "relm", "relq")
# The groups that tell which branch of the pattern a match took, in the order `_value` tells them apart.
_BRANCHES = (
    "half", "whole", "fq", "n", "n2", "dn", "ln", "sfy", "sd", "soy", "som", "um", "uyw", "ue", "ldd", "fdd", "tm",
    "ty", "ms", "q", "nq", "m", "hs", "relm", "relq", "today", "eoy", "season", "rel",
)


def _stated_year(text: str, time: _Found, written: list[tuple[_Found, str]]) -> int | None:
    """The one year a sentence writes for a time that leaves its year out: one written before the time or
    in its clause, not in a bracket after it ("Trong tháng 11 và tháng 12, …; năm 2026, …" leaves the months
    in the report's year, "ngày 11/5, … vượt kỷ lục cũ (38,1 độ C, lập năm 2016)" the day). A whole date after
    the time keeps its year to itself ("ngày 11/6, … đạt 5.412 MW, vượt đỉnh cũ của ngày 19/7/2024")."""
    years = {
        year for m, year in written
        if m.start() < time.start() or _lends_year_back(text[time.end() : m.start()], m)
    }
    return int(years.pop()) if len(years) == 1 else None


def _lends_year_back(between: str, later: _Found) -> bool:
    """Whether a time written after one that leaves out its year gives it its year: in its clause, unless it is a
    whole day, or a month or quarter of a year not joined right to it ("Chiều 1/12, giá xăng …, giá dầu giao tháng
    2/2026 …" leaves the day in the report's year; "trong tháng 11 và tháng 12/2025" gives both months 2025)."""
    if not _same_clause(between) or _whole_day(later):
        return False
    return not (later["my"] or later["qy"]) or len(between.strip()) <= _JOINED_TIMES


def _whole_day(m: _Found) -> bool:
    return any(m[name] for name in _DAY_GROUPS)


def _same_clause(between: str) -> bool:
    return ";" not in between and "(" not in between.rpartition(")")[2]


def _yearless(m: _Found) -> bool:
    """A time that leaves out its year and names none relative to the report's ("năm nay")."""
    return not (m.written or m.relative or m["a"])


def _listed_days(m: _Found, when: _Dating) -> str | None:
    """"trong các ngày 11, 12 và 13/12": consecutive days of a month are the stretch from the first to the last;
    days that skip some ("các ngày 2 và 9/10") make none."""
    days = [int(day) for day in re.findall(r"\d+", m["ldl"])] + [int(m["ldd"])]
    if any(later != earlier + 1 for earlier, later in pairwise(days)):
        return None
    year = m["ldy"] or when.day_year(m["ldm"], m["ldd"])
    first, last = _iso_day(year, m["ldm"], str(days[0])), _iso_day(year, m["ldm"], m["ldd"])
    return f"{first}/{last}" if first and last else None


def _first_day(m: _Found, last_year: str) -> str | None:
    """The first day of a stretch, its month and year taken from the last day's where it leaves them out."""
    return _iso_day(m["fdy"] or last_year, m["fdm"] or m["tdm"], m["fdd"])


def _with_year(year: str | None, default_year: int | None, build) -> str | None:
    if year:
        return build(int(year))
    return build(default_year) if default_year else None


def names_a_day(period: str) -> bool:
    """Whether a period's value is one day ("2026-01-07"), not a month, a year or a stretch."""
    return bool(_ISO_DAY.fullmatch(period))
