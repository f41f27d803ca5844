"""A time word after a number: a date part, a duration or an ordinal ("3 năm", "60 tuổi") is no
metric, but thousands of days or hours are an amount counted ("1.331,7 nghìn ngày")."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.mentions.mention import TIME_AMOUNT, UnitMatch
from vnreport_extract.extraction.mentions.units import UnitReader
from vnreport_extract.extraction.numbers import NumberSpan
from vnreport_extract.library import WORD_END, PatternLibrary, alternation, next_words, words_regex

_DAYS_SUBJECT_REACH = 80  # characters before a count of days where "số ngày" may name it


class TimeWordReader:
    """The time and ordinal words of one pattern library, compiled."""

    def __init__(self, library: PatternLibrary, units: UnitReader) -> None:
        self.lib = library
        self.units = units

    @cached_property
    def ordinal_noun(self) -> regex.Pattern[str]:
        return next_words(self.lib.exclusions.ordinal_nouns)

    @cached_property
    def keys(self) -> frozenset[str]:
        """The tokens a time word or an ordinal noun opens with: `is_time` holds only after one of them."""
        return self.units.keys.ordinal | self.units.keys.time

    def is_time(self, text: str, pos: int, end: int, unit: UnitMatch | None, key: str | None) -> bool:
        """A date part, a duration or an ordinal ("3 năm", "60 tuổi"), unless a longer noun wins. `key`:
        the `head_key` at `pos`."""
        if key in self.units.keys.ordinal and self.ordinal_noun.match(text, pos, end, HOLD_GIL):
            return True
        time_match = self.units.time_word.match(text, pos, end, HOLD_GIL) if key in self.units.keys.time else None
        if time_match is None:
            return False
        if unit is not None and unit.rule == TIME_AMOUNT:
            return False
        return not (unit is not None and unit.rule == "count.noun" and unit.end > time_match.end())

    def time_amount(self, text: str, number: NumberSpan, end: int, start: int, key: str | None) -> UnitMatch | None:
        """"1.331,7 nghìn ngày", "3,2 triệu giờ": thousands of days are counted (guest-days, hours of
        work), no duration. An indefinite "hàng trăm năm" stays a duration. So are days said to be of a kind
        ("62 ngày ở mức trung bình"), or counted by "số ngày" before them (`start`: the sentence's). `key`:
        the `head_key` after the number."""
        if not number.scaled or number.at_least:
            return self._counted_days(text, number, start, end) if key in self.units.keys.day else None
        match = self.units.time_word.match(text, number.end, end, HOLD_GIL) if key in self.units.keys.time else None
        if match is None:
            return None
        word = " ".join(text[number.end : match.end()].lower().split())
        return UnitMatch("count", word, match.end(), TIME_AMOUNT, match.end() - len(word))

    def _counted_days(self, text: str, number: NumberSpan, start: int, end: int) -> UnitMatch | None:
        days = self.lib.units.counted_days
        day = self.day_word.match(text, number.end, end, HOLD_GIL) if days.day else None
        if day is None:
            return None
        counted = self.day_kind.match(text, day.end(), end, HOLD_GIL) or self.days_subject.search(
            text, max(start, number.start - _DAYS_SUBJECT_REACH), number.start
        , HOLD_GIL)
        return UnitMatch("count", days.day, day.end(), TIME_AMOUNT, day.start("day")) if counted else None

    @cached_property
    def day_word(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s+(?P<day>{alternation([self.lib.units.counted_days.day])}){WORD_END}", regex.I)

    @cached_property
    def day_kind(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s+{alternation(self.lib.units.counted_days.followers)}{WORD_END}", regex.I)

    @cached_property
    def days_subject(self) -> regex.Pattern[str]:
        return words_regex(self.lib.units.counted_days.subjects)
