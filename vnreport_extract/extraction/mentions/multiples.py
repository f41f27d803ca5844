"""Multiples: "gấp 4 lần", and the factor written as a word ("tăng gấp đôi", "gấp rưỡi")."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.exclusions import SpanIndex
from vnreport_extract.extraction.mentions.mention import Mention
from vnreport_extract.extraction.numbers import NumberSpan
from vnreport_extract.library import WORD_END, WORD_START, PatternLibrary, Required, alternation, words_before_figure


class MultipleReader:
    """The multiple words of one pattern library, compiled."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    @cached_property
    def multiple_before(self) -> regex.Pattern[str]:
        return words_before_figure(self.lib.change.multiple, self.lib.qualifiers.before)

    @cached_property
    def equal_before(self) -> regex.Pattern[str]:
        """"bằng 1,2 lần cùng kỳ", "chỉ tương đương 0,8 lần": "equal to" before a number of times."""
        return words_before_figure(self.lib.references.equal_to, self.lib.qualifiers.before)

    @cached_property
    def multiple_unit(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*{regex.escape(self.lib.change.multiple_unit)}{WORD_END}", regex.I)

    @cached_property
    def multiple_word(self) -> regex.Pattern[str]:
        ends, words = alternation(self.lib.change.multiple_ends), alternation(self.lib.change.multiple_words)
        return compile_pattern(rf"{WORD_START}{ends}\s+(?P<w>{words}){WORD_END}", regex.I)

    @cached_property
    def word_figures_required(self) -> Required:
        return Required(self.lib.change.multiple_words)

    def may_hold_word_figures(self, text: str, start: int, end: int) -> bool:
        """True if the sentence may hold a figure without digits or number words ("tăng gấp đôi")."""
        return not self.word_figures_required.absent_in(text, start, end)

    def factor_words(self, text: str, start: int, end: int, masks: SpanIndex) -> Iterator[Mention]:
        """"tăng gấp đôi", "gấp rưỡi": the factor written as a word."""
        if not self.lib.change.multiple_words:
            return
        for match in self.multiple_word.finditer(text, start, end, False, HOLD_GIL):
            if masks.overlaps(match.start(), match.end()):
                continue
            factor = self.lib.change.multiple_words[match["w"].lower()]
            mention = Mention("multiple", factor, match.start(), match.end(), "multiple.word", match.start("w"))
            mention.unit = self.lib.change.multiple_unit
            yield mention

    def after_multiple(self, text: str, number: NumberSpan) -> bool:
        """A multiple word ("gấp") right before the number."""
        return bool(self.multiple_before.search(text, max(0, number.start - 40), number.start, HOLD_GIL))
