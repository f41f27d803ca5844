"""The times and places a label is cut from: "Doanh thu năm 2024 của tỉnh Quảng Ninh" names "Doanh
thu"; compiled once per pattern library and list of place names."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    WordScan,
    alternation,
    clock_time,
    not_after,
)

if TYPE_CHECKING:
    from vnreport_extract.extraction.periods import PeriodFinder


class TimePlaceCues:
    """Compiled period and place expressions of one pattern library, each compiled on first use."""

    def __init__(self, library: PatternLibrary, locations: list[str]) -> None:
        self.lib = library
        self.locations = locations

    @cached_property
    def _periods(self) -> PeriodFinder:
        from vnreport_extract.extraction.periods import PeriodFinder

        return PeriodFinder(self.lib)

    @cached_property
    def period_expression(self) -> regex.Pattern[str]:
        return self._periods.pattern

    @cached_property
    def period_scan(self) -> WordScan:
        """`period_expression` searched for faster: tried only where a period may open."""
        return self._periods.any_scan

    @cached_property
    def horizon_phrase(self) -> regex.Pattern[str]:
        """"đến năm 2025": read before the period expressions, which would leave its "đến" behind."""
        horizon = alternation(self.lib.periods.horizon_words)
        return compile_pattern(rf"{WORD_START}{horizon}\s+(?:19|20)\d{{2}}{WORD_END}", regex.I)

    @cached_property
    def period_phrase(self) -> regex.Pattern[str]:
        """"6 tháng", "Chín tháng", "quý III/2024", "nửa đầu năm", "sau 10 tháng": a time word with its number. A
        bare "quý" or "năm" is no period: "kim loại quý", "Năm Căn"."""
        p = self.lib.periods
        words = alternation([*p.year_words, *p.month_words, *p.quarter_words])
        year = r"(?:\s*/\s*\d{4}|\s+\d{4})"
        numbered = rf"(?:\s+(?:{alternation(p.roman)}|\d+))"
        spelled = rf"{alternation(p.month_words)}\s+(?-i:{alternation(p.spelled_months)})"  # "tháng Chín"
        counts = alternation(self._periods.month_counts)
        return compile_pattern(
            rf"{WORD_START}{self._period_lead}(?:{alternation([*p.span_words, *self.lib.labels.extent_markers])}\s+)?"
            rf"(?:{alternation(p.halves)}{numbered}?{year}?|(?:\d+|{counts})\s+{words}{numbered}?{year}?|{words}(?:{numbered}{year}?|{year})"
            rf"|{spelled}{year}?)"
            rf"{WORD_END}",
            regex.I,
        )

    @property
    def _period_lead(self) -> str:
        """What may lead a time inside a subject: "vào cuối", "tại thời điểm cuối", "đến hết"."""
        labels = self.lib.labels
        leads = rf"(?:(?:{alternation(labels.period_leads)})\s+)?" if labels.period_leads else ""
        edges = rf"(?:(?:{alternation(labels.period_edges)})\s+)?" if labels.period_edges else ""
        return leads + edges

    @cached_property
    def relative_time(self) -> regex.Pattern[str]:
        """"trong tuần qua", "hôm nay": a time without a number, which ends a subject like a period. One that ends with
        a time word a number follows is no such time: the word opens a dated period, and the words before it end a
        noun ("ngân hàng năm 2025", "bán hàng tháng 10", not "hàng năm", "hàng tháng")."""
        p = self.lib.periods
        units = alternation([*p.year_words, *p.month_words, *p.quarter_words, *p.week_words, *p.day_words])
        dated = rf"(?<={WORD_START}(?:{units}))\s+\d"
        times = alternation(self.lib.labels.relative_times)
        return compile_pattern(rf"{WORD_START}(?:{times}){WORD_END}(?!{dated})", regex.I)

    @cached_property
    def occasion(self) -> regex.Pattern[str]:
        """"dịp cao điểm", "vào cuối tuần", "các ngày cuối tuần": an occasion, with what leads and follows it."""
        labels = self.lib.labels
        leads, tails = alternation(labels.occasion_leads), alternation(labels.occasion_tails)
        occasions = alternation(labels.occasions)
        return compile_pattern(
            rf"{WORD_START}(?:(?:{leads})\s+)?(?:{occasions})(?:\s+(?:{tails}))?{WORD_END}", regex.I
        )

    @cached_property
    def dated_occasion(self) -> regex.Pattern[str]:
        """"dịp 14/2", "dịp nghỉ lễ Quốc khánh 2/9", "kỳ nghỉ 30/4 - 1/5": an occasion, up to three words naming it,
        then its day and month (or two of them)."""
        nouns = alternation(self.lib.labels.dated_occasions)
        return compile_pattern(rf"{WORD_START}(?:{nouns})(?:\s+\p{{L}}+){{0,3}}\s+{self._occasion_days}", regex.I)

    @cached_property
    def dated_holiday(self) -> regex.Pattern[str]:
        """"lễ 30/4", "Tết Dương lịch 1/1", "mùa Giáng sinh 24/12": a holiday, a name after it that opens with a
        capital, then its day and month; a word that leads it ("mùa", "ngày") goes with it."""
        labels = self.lib.labels
        leads, holidays = alternation(labels.holiday_leads), alternation(labels.holidays)
        name = r"(?:\s+(?-i:\p{Lu})\p{L}*(?:\s+\p{L}+){0,3})?"  # a capital opens it: "lễ Quốc khánh 2/9"
        return compile_pattern(
            rf"{WORD_START}(?:(?:{leads})\s+)?(?:{holidays}){name}\s+{self._occasion_days}", regex.I
        )

    @property
    def _occasion_days(self) -> str:
        """A day and month (or two of them) of an occasion: "30/4", "30/4 - 1/5"."""
        joiners = alternation(self.lib.labels.dated_occasion_joiners)
        day = r"(?:[12]\d|3[01]|0?[1-9])\s*/\s*(?:1[0-2]|0?[1-9])(?:\s*/\s*\d{4})?"
        return rf"{day}(?:\s*(?:{joiners})\s*{day})?(?![\p{{N}}/])"

    @cached_property
    def bare_length(self) -> regex.Pattern[str]:
        """"3 tháng", "5 năm", "24 giờ": a length of time and nothing else."""
        p = self.lib.periods
        units = alternation([*p.year_words, *p.month_words, *p.week_words, *p.day_words, *p.hour_words])
        return compile_pattern(rf"\d+(?:[.,]\d+)?\s*(?:{units})", regex.I)

    @cached_property
    def class_bound_before(self) -> regex.Pattern[str]:
        """A bound right before a length that makes it a class ("dưới" of "kỳ hạn dưới 6 tháng"); meant for a search
        that ends where the length starts."""
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.labels.class_bounds)})\s+$", regex.I)

    @cached_property
    def range_from_before(self) -> regex.Pattern[str]:
        """The word that opens a range right before its first end ("từ" of "từ 3 tháng trở lên")."""
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.qualifiers.range['from'])})\s+$", regex.I)

    @cached_property
    def time_lead_tail(self) -> regex.Pattern[str]:
        """Prepositions of a time at the end of a stretch: "tỷ lệ chuyến bay đúng giờ trong"; a verb of change
        before them, with its adverbs, is the predicate the time is of ("Lượng khách tăng mạnh trong" before "dịp
        hè"), unless a rate's head makes it a noun ("tốc độ tăng trưởng trong")."""
        lab, ch = self.lib.labels, self.lib.change
        adverbs = alternation(lab.change_adverbs)
        verb = rf"{not_after(ch.verb_noun_heads)}(?:{alternation(ch.verbs)})(?:\s+(?:{adverbs}))*"
        return compile_pattern(rf"(?:\s+{verb})?(?:\s+(?:{alternation(lab.time_leads)}))+\s*$", regex.I)

    @cached_property
    def clock_time(self) -> regex.Pattern[str]:
        """"lúc 13h", "từ 15h chiều nay", "vào 7 giờ 30 phút sáng": a time of day, ending a subject as a period does."""
        p, labels = self.lib.periods, self.lib.labels
        tails = alternation([*p.relative_days, *p.day_openers, *labels.clock_tails])
        return compile_pattern(rf"{WORD_START}{clock_time(self.lib)}(?:\s+(?:{tails}))?{WORD_END}", regex.I)

    @cached_property
    def clock_hint(self) -> regex.Pattern[str]:
        """A digit right before an hour word: the cheap test before `clock_time`."""
        return compile_pattern(rf"\d\s*(?:{alternation(self.lib.periods.hour_words)})", regex.I)

    @cached_property
    def period_glue(self) -> frozenset[str]:
        """Syllables that name nothing beside a period ("Đến cuối năm 2024 …")."""
        return frozenset(s.lower() for phrase in self.lib.labels.period_glue for s in phrase.split())

    @cached_property
    def period_syllables(self) -> frozenset[str]:
        p = self.lib.periods
        words = [*p.halves, *p.year_words, *p.month_words, *p.quarter_words, *p.whole_year, *p.first_months]
        return frozenset(syllable.lower() for w in words for syllable in w.split())

    @cached_property
    def location(self) -> regex.Pattern[str]:
        prefixes = alternation(self.lib.document.province_prefixes)
        names = alternation(self.locations)
        of = alternation(self.lib.labels.possessive)
        return compile_pattern(rf"(?:(?:{of}\s+)?(?:{prefixes})\s+)?(?-i:{names}){WORD_END}", regex.I)

    @cached_property
    def leading_location(self) -> regex.Pattern[str]:
        tails = alternation([*self.lib.labels.existential, *self.lib.labels.subject_tail])
        name_goes_on = r"(?!\s+(?-i:\p{Lu}))"  # "Hòa Bình FC", "Hà Nội FC": a place inside a name stays
        return compile_pattern(rf"^{self.location.pattern}{name_goes_on}\s*(?:{tails}{WORD_END})?\s*", regex.I)

    @property
    def place_units(self) -> list[str]:
        """The words for a place's unit that open its name: "tỉnh", "huyện", "thị xã" ("huyện Quỳnh Lưu")."""
        document = self.lib.document
        return [*document.province_prefixes, *document.not_province_after]

    @cached_property
    def places(self) -> regex.Pattern[str]:
        """Two places or more joined by a comma or a coordinator: "Hà Nội và Đà Nẵng" (use `.fullmatch`)."""
        joiners = alternation([",", *self.lib.labels.coordinators])
        place = self.location.pattern
        return compile_pattern(rf"{place}(?:\s*(?:{joiners})\s*{place})+", regex.I)

    @cached_property
    def trailing_location(self) -> regex.Pattern[str]:
        prefixes = alternation(self.lib.document.province_prefixes)
        names = alternation(self.locations)
        of = alternation(self.lib.labels.possessive)
        return compile_pattern(rf"\s+(?:{of}\s+(?:(?:{prefixes})\s+)?|(?:{prefixes})\s+)(?-i:{names})\s*\Z", BACKWARD)

    def place_name(self, phrase: str) -> str:
        """The phrase when it is a place's name and nothing more, else "" ("Khánh Hòa", "tỉnh Thái Bình")."""
        place = phrase.strip(" ,")
        return place if self.location.fullmatch(place) else ""

    @cached_property
    def location_syllables(self) -> frozenset[str]:
        return frozenset(syllable for name in self.locations for syllable in name.split())
