"""Numbers that are no metric whatever follows them: a rate's denominator ("trên 100 dân"), a
spelled number that counts nothing ("một", "hai chỉ tiêu này"), a size naming a class ("500 kV")."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.mentions.mention import NEXT_WORD, UnitMatch
from vnreport_extract.extraction.mentions.multiples import MultipleReader
from vnreport_extract.extraction.numbers import NumberSpan
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    PatternLibrary,
    alternation,
    head_keys,
    last_words,
    next_words,
)

_PHRASE_END = compile_pattern(r"\s*(?:[,.;:)]|$)")
_MOST_NAMES = 12  # places listed by name after their count


class MetricChecks:
    """The denominator and spelled-number rules of one pattern library."""

    def __init__(self, library: PatternLibrary, multiples: MultipleReader) -> None:
        self.lib = library
        self.multiples = multiples

    def is_denominator(self, text: str, number: NumberSpan, end: int) -> bool:
        """The "100 dân" of "91% điện thoại thông minh trên 100 dân" is part of a rate, not a count;
        so is the "1 ha" of "bình quân trên 1 ha"."""
        if number.value == 1 and self.per_one_before.search(text, max(0, number.start - 12), number.start, HOLD_GIL):
            return True
        if not self.connector_before.search(text, max(0, number.start - 8), number.start, HOLD_GIL):
            return False
        return bool(self.denominator.match(text, number.start, end, HOLD_GIL))

    def spelled_is_metric(
        self, number: NumberSpan, unit: UnitMatch | None, text: str, numbers: dict[int, NumberSpan]
    ) -> bool:
        """A spelled number counts before a unit of the lexicon: "hai mươi lăm xã", "năm trạm"; a lone
        "một" only in a list of spelled counts ("ba tuyến, một cảng")."""
        if unit is None and not number.time_word and self.multiples.after_multiple(text, number):
            return True  # "gấp ba so với"
        if unit is None or (unit.kind == "count" and unit.rule == NEXT_WORD):
            return False
        if self.anaphora.match(text, unit.end, None, HOLD_GIL):
            return False  # "hai chỉ tiêu này": the two already named
        if number.time_word:
            return not self.time_word_after.search(text, max(0, number.start - 12), number.start, HOLD_GIL)
        if " " in text[number.start : number.end].strip() or number.value > 1:
            return True
        return number.value == 1 and any(
            n.spelled and not n.time_word and n.value > 1 and abs(n.start - number.start) <= 40
            for n in numbers.values()
        )

    def lists_the_places(self, text: str, number: NumberSpan, unit: UnitMatch, end: int) -> bool:
        """"ba tỉnh Phú Thọ, Vĩnh Phúc, Hòa Bình": places counted and then named, as many names as the count, are
        a list of places, not a figure ("9 tỉnh Đông Nam Bộ và Tây Nguyên" names regions and counts)."""
        if unit.kind != "count" or unit.unit not in self.listed_places or number.value > _MOST_NAMES:
            return False
        if not self.place_before.search(text, max(0, number.start - 16), number.start, HOLD_GIL):
            return False  # "có 4 xã A, B, C và D đạt chuẩn": the count of what reached it
        names = self.place_names.match(text, unit.end, end, HOLD_GIL)
        return names is not None and len(names.captures("name")) == number.value

    @cached_property
    def listed_places(self) -> frozenset[str]:
        return frozenset(self.lib.exclusions.listed_places)

    @cached_property
    def place_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.exclusions.listed_places_after, r"\s+")

    @cached_property
    def place_names(self) -> regex.Pattern[str]:
        name = r"\p{Lu}[\p{L}\p{M}]*(?:[ ]\p{Lu}[\p{L}\p{M}]*){0,4}"
        joiner = rf"(?:\s*,\s*|\s+(?:{alternation(self.lib.labels.coordinators)})\s+)"
        return compile_pattern(rf"\s+(?P<name>{name})(?:{joiner}(?P<name>{name})){{1,{_MOST_NAMES - 1}}}{WORD_END}")

    def names_event(self, text: str, number: NumberSpan, unit: UnitMatch, end: int) -> bool:
        """"ở nội dung 10.000 m nữ": a distance that names a sports event, not a length."""
        if unit.kind != "measure" or unit.unit not in self.event_units:
            return False
        event = self.event_after.match(text, unit.end, end, HOLD_GIL)
        if not event:
            return False
        if _PHRASE_END.match(text, event.end(), end, HOLD_GIL):
            return True
        return bool(self.event_before.search(text, max(0, number.start - 16), number.start, HOLD_GIL))

    def names_class(self, text: str, number: NumberSpan, end: int, key: str | None) -> bool:
        """"đường dây 500 kV", "container 40 feet": a size that names a class of equipment, not an amount. `key`:
        the `head_key` after the number (most open no class unit, and the pattern is not tried)."""
        return key in self.class_keys and bool(self.class_unit.match(text, number.end, end, HOLD_GIL))

    @cached_property
    def class_unit(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s+(?:{alternation(self.lib.exclusions.class_units)}){WORD_END}")

    @cached_property
    def class_keys(self) -> frozenset[str]:
        return head_keys(self.lib.exclusions.class_units)

    @cached_property
    def event_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.exclusions.event_before, r"\s+")

    @cached_property
    def event_units(self) -> frozenset[str]:
        return frozenset(self.lib.exclusions.event_units)

    @cached_property
    def event_after(self) -> regex.Pattern[str]:
        return next_words(self.lib.exclusions.event_after)

    @cached_property
    def per_one_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.rates.per_one, r"\s+")

    @cached_property
    def connector_before(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.lib.rates.connectors)})\s*\Z", BACKWARD)

    @cached_property
    def denominator(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{alternation(self.lib.rates.every_denominator)}{WORD_END}", regex.I)

    @cached_property
    def anaphora(self) -> regex.Pattern[str]:
        return next_words(self.lib.exclusions.anaphora_after)

    @cached_property
    def time_word_after(self) -> regex.Pattern[str]:
        return last_words(self.lib.exclusions.time_word_after, r"\s+")
