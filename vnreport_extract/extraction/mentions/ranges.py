"""Ranges: "25 - 30 triệu đồng", "từ 1.000 đồng đến 2.000 đồng", "một đến hai lần/ngày" read as
one figure with a lower and an upper bound."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import NamedTuple

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.mentions.mention import Mention
from vnreport_extract.extraction.mentions.qualifiers import QualifierReader
from vnreport_extract.extraction.mentions.units import UnitReader
from vnreport_extract.extraction.numbers import NumberSpan, parse_digits
from vnreport_extract.library import PatternLibrary, alternation, head_key, head_keys, last_words

_PAIR_LINK = compile_pattern(r"(?P<low>\d[\d.,]*)\s*[-–]\s*(?=\d)")


class Bounds(NamedTuple):
    low: NumberSpan
    high: NumberSpan
    touch: bool  # only a range word between them ("7 đến 9 triệu"), no unit of the lower one's own


class RangeReader:
    """The range words of one pattern library, compiled."""

    def __init__(self, library: PatternLibrary, units: UnitReader, qualifiers: QualifierReader) -> None:
        self.lib = library
        self.units = units
        self.qualifiers = qualifiers

    @cached_property
    def to_keys(self) -> frozenset[str]:
        """First tokens of the range words: a number whose next word opens none of them opens no range."""
        return head_keys(self.lib.qualifiers.range["to"])

    @cached_property
    def range_to(self) -> regex.Pattern[str]:
        to = alternation(self.lib.qualifiers.range["to"])
        upper = alternation(self.lib.qualifiers.range["upper"])
        return compile_pattern(rf"\s*(?:{to})\s*(?:(?P<q>{upper})\s+)?(?=\d|\p{{L}})", regex.I)

    def bounds(
        self, text: str, number: NumberSpan, end: int, numbers: dict[int, NumberSpan], key: str | None
    ) -> Bounds | None:
        """The lower and upper bound if `number` opens a range, else None. `key`: the `head_key` after it."""
        pos, own_unit, opened = number.end, None, None
        percent = self.units.percent.match(text, pos, end, HOLD_GIL) if key in self.units.keys.percent else None
        if percent:
            pos = percent.end()
            key = head_key(text, pos, end)
        link = self.range_to.match(text, pos, end, HOLD_GIL) if key in self.to_keys else None
        if not link and not percent and (opened := self.qualifiers.opens_range(text, number)):
            # "từ 1.000 đồng đến 2.000 đồng": each bound written with the same unit
            own_unit = self.units.unit_after(text, pos, end)
            if own_unit and own_unit.kind in ("money", "measure"):
                pos = own_unit.end
                link = self.range_to.match(text, pos, end, HOLD_GIL)
        if not link:
            return None
        second = numbers.get(link.end())
        if second is None or second.spelled != number.spelled:
            return None
        if pos > number.end and own_unit is not None:
            second_unit = self.units.unit_after(text, second.end, end)
            # the upper bound may add what the price is per: "từ 800.000 đồng đến 6,5 triệu đồng/vé"
            if second_unit is None or not (second_unit.unit + "/").startswith(own_unit.unit + "/"):
                return None
        dash = text[pos : link.end()].strip().startswith(("-", "~"))
        bounds = Bounds(number, second, touch=pos == number.end)
        if number.spelled and not number.time_word:
            return bounds  # "một đến hai lần/ngày": spelled bounds need no "từ"
        if dash or (opened if opened is not None else self.qualifiers.opens_range(text, number)):
            return bounds
        if self.multiple_before.search(text, max(0, number.start - 12), number.start, HOLD_GIL):
            return bounds  # "gấp 1,5 đến 2,8 lần": a multiple needs no "từ"
        if bounds.touch and not number.scaled and number.value < parse_digits(text[second.start : second.digits_end]):
            return bounds  # "cần 20 đến 25 tỷ đồng": a bare number rising to one in a unit needs no "từ"
        return None

    def split_quote_pairs(self, mentions: list[Mention], text: str, end: int) -> list[Mention]:
        """"146,8 - 149,8 triệu đồng/lượng (mua vào - bán ra)": a buy and a sell price, each a figure in
        the unit written once after the second, not one range."""
        if not self.lib.qualifiers.range.get("quote_pairs"):
            return mentions
        out = []
        for mention in mentions:
            ranged = mention.value_max is not None
            pair = _PAIR_LINK.match(text, mention.number_start, None, HOLD_GIL) if ranged else None
            if pair is None or not self.quote_pair_after.match(text, mention.end, end, HOLD_GIL):
                out.append(mention)
                continue
            low = replace(mention, end=pair.end("low"), value_max=None)
            high_start = pair.end()
            out += [low, replace(mention, start=high_start, number_start=high_start, value=mention.value_max,
                                 value_max=None)]
        return out

    @cached_property
    def quote_pair_after(self) -> regex.Pattern[str]:
        pairs = alternation(self.lib.qualifiers.range["quote_pairs"])
        return compile_pattern(rf"\s*\(\s*(?:{pairs})\s*\)", regex.I)

    @cached_property
    def multiple_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.change.multiple, r"\s+")


def range_values(text: str, bounds: Bounds) -> tuple[float, float]:
    """"25 - 30 triệu đồng": a scale word written once, after the upper bound, scales both, when only a
    range word stands between them. A lower bound already larger than the upper one's digits is
    written in the base unit, with its thousands ("từ 850.000 đến 1,2 triệu đồng"): it is not scaled."""
    low, high = bounds.low, bounds.high
    if low.scaled or not high.scaled or low.spelled or high.spelled or not bounds.touch:
        return low.value, high.value
    digits = parse_digits(text[high.start : high.digits_end])
    if not digits or low.value > max(digits, 999):
        return low.value, high.value
    return low.value * high.value / digits, high.value
