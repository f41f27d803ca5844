"""Ratios: "15/20 xã" (a slash pair that is no date) and "2 trên 5 doanh nghiệp" (a part of a
counted whole)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from itertools import pairwise

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.exclusions import SpanIndex
from vnreport_extract.extraction.mentions.mention import NEXT_WORD, Mention, UnitMatch
from vnreport_extract.extraction.mentions.qualifiers import QualifierReader
from vnreport_extract.extraction.mentions.units import UnitReader
from vnreport_extract.extraction.numbers import NumberSpan
from vnreport_extract.library import WORD_END, PatternLibrary, Required, alternation, last_words

_BLANK = " \t"  # what `ratio_word` opens and ends with
_EVERY_REACH = 8  # "cứ" and the blanks before the whole it shares
_FRACTION_DENOMINATOR = 10  # "1/4", "2/3": a fraction said in words is of a small whole
_QUALIFIER_REACH = 16  # longer than any qualifier before a fraction ("chưa đến", "xấp xỉ")


class RatioReader:
    """The ratio rules of one pattern library, compiled."""

    def __init__(self, library: PatternLibrary, units: UnitReader, qualifiers: QualifierReader) -> None:
        self.lib = library
        self.units = units
        self.qualifiers = qualifiers

    def slash_pairs(self, text: str, start: int, end: int, masks: SpanIndex) -> Iterator[Mention]:
        """"15/20 xã": a part over a whole, unless the pair is a date."""
        slash = text.find("/", start, end)
        if slash < 0:
            return
        # a pair that opens before the first slash holds it, and only digits, separators and blanks stand before
        # it: the pattern is not tried over the words before them
        while slash > start and _in_pair_head(text[slash - 1]):
            slash -= 1
        for match in self.slash_pair.finditer(text, slash, end, False, HOLD_GIL):
            if masks.overlaps(match.start(), match.end()):
                continue
            a = float(match["a"].replace(".", "").replace(",", "."))
            b = float(match["b"].replace(".", ""))
            unit = self.units.unit_after(text, match.end(), end)
            days = None if unit else self.counted_time.match(text, match.end(), end, HOLD_GIL)
            is_date = self._is_date(text, match, a, b, unit, start)
            if is_date and days:  # "là 6/7 ngày" counts days, unless a date word stands before ("Sáng 6/7 ngày hội")
                is_date = self._dated(text, match, start)
            if is_date and unit is None and b <= _FRACTION_DENOMINATOR and self._fraction(text, match, start, end):
                is_date = False  # "khoảng 1/4 trong số đó", "gần 1/3 thu nhập": a part, no day
            if is_date:
                continue
            if unit is None and a > b:
                continue
            mention = Mention("ratio", a, match.start(), match.end(), "ratio.slash", match.start())
            mention.total = b
            # "1/3 sản lượng", "gần 2/3 mức tăng": a quantity after a fraction is what it is part of, no counted noun
            fraction_of = unit is not None and b <= _FRACTION_DENOMINATOR and self._quantity_after(unit)
            counted = unit is not None and unit.kind == "count" and unit.unit not in self.lib.units.quantity_words
            if counted and not fraction_of:
                mention.unit, mention.end, mention.noun_start = unit.unit, unit.end, unit.noun_start
            elif unit is not None and unit.kind == "measure":
                mention.unit, mention.end = unit.unit, unit.end  # "162/250 ha", "41/60 km"
            elif days:  # "là 6/7 ngày", "312/335 ngày": days counted, not a date
                mention.unit, mention.end = days["unit"].lower(), days.end()
            mention.qualifier = self.qualifiers.qualifier(text, mention, start, end)
            yield mention

    def word_ratios(
        self, text: str, end: int, numbers: list[NumberSpan], masks: SpanIndex, start: int
    ) -> Iterator[Mention]:
        """"2 trên 5 doanh nghiệp", "3 trong số 10 dự án": a part of a counted whole."""
        for part, whole in pairwise(numbers):
            if not 0 < whole.start - part.end <= 20 or text[part.end] not in _BLANK:
                continue  # most pairs: no blank after the part, which `ratio_word` opens with
            if text[whole.start - 1] not in _BLANK:
                continue
            if not self.ratio_word.fullmatch(text, part.end, whole.start, HOLD_GIL):
                continue
            if part.value > whole.value or part.value % 1 or masks.overlaps(part.start, whole.end):
                continue
            unit = self.units.unit_after(text, whole.end, end)
            if unit is None or unit.kind != "count":
                continue
            mention = Mention("ratio", part.value, part.start, unit.end, "ratio.word", part.start, unit.unit)
            mention.total, mention.noun_start = whole.value, unit.noun_start
            mention.qualifier = self.qualifiers.qualifier(text, mention, start, end)
            yield mention

    def every_ratios(
        self, text: str, end: int, numbers: list[NumberSpan], masks: SpanIndex, start: int
    ) -> Iterator[Mention]:
        """"cứ 4 người trưởng thành thì có 1 người": a part of every so many, a ratio; a rate when the part is
        of another kind ("cứ 10.000 dân có 11,5 bác sĩ": 11,5 bác sĩ/10.000 dân)."""
        if self.every_required.absent_in(text, start, end):
            return
        for whole, part in pairwise(numbers):
            if not self.every_word.search(text, max(start, whole.start - _EVERY_REACH), whole.start, HOLD_GIL):
                continue
            if masks.overlaps(whole.start, part.end) or not self.every_link.fullmatch(text, whole.end, part.start):
                continue
            whole_unit = self.units.unit_after(text, whole.end, end)
            part_unit = self.units.unit_after(text, part.end, end) if whole_unit else None
            if whole_unit is None or whole_unit.kind != "count" or part_unit is None or part_unit.kind != "count":
                continue
            mention = Mention("ratio", part.value, part.start, part_unit.end, "ratio.every", part.start, part_unit.unit)
            mention.qualifier = self.qualifiers.qualifier(text, mention, start, end)  # "thì có hơn 9 giao dịch"
            mention.start = mention.number_start = whole.start
            if self._same_kind(whole_unit.unit, part_unit.unit) and part.value <= whole.value:
                mention.total = whole.value
            else:
                written = " ".join(text[whole.start : whole.end].split())
                mention.kind, mention.rule = "rate", "rate.every"
                mention.unit = f"{part_unit.unit}/{written} {whole_unit.unit}"
            mention.noun_start = part_unit.noun_start
            yield mention

    def _quantity_after(self, unit: UnitMatch) -> bool:
        """Whether the word read as a fraction's counted noun (in no lexicon) is a quantity ("sản lượng", "mức")."""
        return unit.rule == NEXT_WORD and (unit.unit or "").split(" ", 1)[0] in self.quantity_heads

    @cached_property
    def quantity_heads(self) -> frozenset[str]:
        return frozenset(word.split(" ", 1)[0].lower() for word in self.lib.labels.quantity_heads)

    def _same_kind(self, whole: str | None, part: str | None) -> bool:
        """Whether a part counts what its whole counts: the same first word ("người trưởng thành", "người"), or a
        noun for any part of persons ("100 học sinh … 58 em")."""
        if not whole or not part:
            return False
        return whole.split()[0] == part.split()[0] or part in self.lib.rates.every_part_nouns

    @cached_property
    def every_required(self) -> Required:
        return Required(self.lib.rates.every_words)

    @cached_property
    def every_word(self) -> regex.Pattern[str]:
        return last_words(self.lib.rates.every_words, r"\s+")

    @cached_property
    def every_link(self) -> regex.Pattern[str]:
        """From the whole's number to the part's: the whole's noun phrase (no figure, no break), then "thì", "có"
        or both, and maybe a qualifier ("thì có hơn 9 giao dịch")."""
        links, qualifiers = alternation(self.lib.rates.every_links), alternation(self.lib.qualifiers.before)
        return compile_pattern(
            rf"[ \t]+[^\d,;:()]{{1,60}}?[ \t]+{links}[ \t]+(?:{qualifiers}[ \t]+)?", regex.I
        )

    def _is_date(
        self, text: str, match: regex.Match[str], a: float, b: float, unit: UnitMatch | None, start: int
    ) -> bool:
        if 1900 <= b <= 2100 and len(match["b"]) == 4:
            return True
        day_month = a.is_integer() and 1 <= a <= 31 and 1 <= b <= 12
        if day_month and self._dated(text, match, start):
            return True
        return day_month and (unit is None or unit.kind != "count")

    def _fraction(self, text: str, match: regex.Match[str], start: int, end: int) -> bool:
        """A qualifier right before a pair ("gần 1/3"), or a word of a part after it ("1/4 trong số đó", "1/3 số
        hộ"), makes it a fraction, not a day and month."""
        reach = max(start, match.start() - _QUALIFIER_REACH)
        before = self.qualifier_before.search(text, reach, match.start(), HOLD_GIL)
        return bool(before or self.part_word_after.match(text, match.end(), end, HOLD_GIL))

    @cached_property
    def qualifier_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.qualifiers.before, r"\s+")

    @cached_property
    def part_word_after(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s+(?:{alternation(self.lib.rates.fraction_followers)}){WORD_END}", regex.I)

    def _dated(self, text: str, match: regex.Match[str], start: int) -> bool:
        """A date word right before the pair: "ngày 6/7", "sáng 6/7"."""
        return bool(self.date_cue_before.search(text, max(start, match.start() - 12), match.start(), HOLD_GIL))

    @cached_property
    def slash_pair(self) -> regex.Pattern[str]:
        number = r"\d{1,3}(?:\.\d{3})+|\d+"
        # the part may be a mean with a decimal comma: "bình quân mỗi xã đạt 17,6/19 tiêu chí"
        return compile_pattern(
            rf"(?<![\p{{L}}\p{{N}}_.,/])(?P<a>(?:{number})(?:,\d+)?)\s*/\s*(?P<b>{number})(?![\p{{N}}]|[.,]\d|\s*/\s*\d)"
        )

    @cached_property
    def counted_time(self) -> regex.Pattern[str]:
        """A day or week word counted by a slash pair, when no date follows it: "6/7 ngày ô nhiễm"."""
        words = alternation(self.lib.rates.counted_time_words)
        return compile_pattern(rf"\s+(?P<unit>{words}){WORD_END}(?!\s*\d)", regex.I)

    @cached_property
    def ratio_word(self) -> regex.Pattern[str]:
        return compile_pattern(rf"[ \t]+(?:{alternation(self.lib.rates.ratio_words)})[ \t]+", regex.I)

    @cached_property
    def date_cue_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.exclusions.date_cues)


def _in_pair_head(char: str) -> bool:
    """Whether a character may stand in the first number of a slash pair, before its slash: a digit, a
    separator or a blank."""
    return char.isdecimal() or char.isspace() or char in ".,"
