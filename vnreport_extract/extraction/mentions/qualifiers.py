"""A figure's qualifier: the word before it ("hơn", "khoảng") or after it ("trở lên") that bounds
or softens it, and the "từ" that opens a range."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.mentions.mention import EXCEEDS_PLAN, Mention
from vnreport_extract.extraction.mentions.text import clause_end
from vnreport_extract.extraction.numbers import NumberSpan
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    alternation,
    last_words,
    tail_key,
    tail_keys,
)


class QualifierReader:
    """The qualifier words of one pattern library, compiled."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    @cached_property
    def qualifier_before(self) -> regex.Pattern[str]:
        words = alternation(self.lib.qualifiers.before)
        return compile_pattern(rf"{WORD_START}(?P<q>{words})\s+(?:(?:{self.range_from})\s+)?\Z", BACKWARD)

    @cached_property
    def offer_up_to(self) -> regex.Pattern[str] | None:
        """"giảm giá đến ", "được giảm tới ": an offer granted up to the figure after it."""
        q = self.lib.qualifiers
        if not (q.offers_up_to and q.up_to):
            return None
        return compile_pattern(
            rf"{WORD_START}(?:{alternation(q.offers_up_to)})\s+(?:{alternation(q.up_to)})\s+\Z", BACKWARD
        )

    @cached_property
    def up_to_keys(self) -> frozenset[str]:
        """The last tokens of `offer_up_to`'s matches."""
        return tail_keys(self.lib.qualifiers.up_to)

    @cached_property
    def before_keys(self) -> frozenset[str]:
        """The last tokens of `qualifier_before`'s matches: a qualifier's, or the range word's after it."""
        return tail_keys([*self.lib.qualifiers.before, *self.lib.qualifiers.range["from"]])

    @cached_property
    def after_words(self) -> Required:
        return Required(self.lib.qualifiers.after)

    @cached_property
    def verb_joined(self) -> regex.Pattern[str] | None:
        """"đạt và " before "vượt": the qualifier word is a verb joined to another."""
        joined = self.lib.qualifiers.verbs_joined
        return last_words(joined, r"\s+") if joined else None

    @cached_property
    def range_from(self) -> str:
        return alternation(self.lib.qualifiers.range["from"])

    @cached_property
    def range_from_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.qualifiers.range["from"], r"\s+")

    @cached_property
    def multiple_verb_end(self) -> regex.Pattern[str]:
        return last_words(self.lib.change.multiple_ends, r"\s+")

    @cached_property
    def qualifier_after(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*(?P<q>{alternation(self.lib.qualifiers.after)}){WORD_END}", regex.I)

    @cached_property
    def comparative_before(self) -> regex.Pattern[str] | None:
        """"cao hơn 0,3 điểm": the "hơn" of a comparative is not a qualifier. A change word made of a
        change verb and a qualifier ("tăng hơn 5%") keeps it."""
        ch, qualifiers = self.lib.change, self.lib.qualifiers.before
        verbs = set(ch.verbs)
        comparatives = [
            word for word in verbs
            if (split := word.rsplit(" ", 1)) and len(split) == 2 and split[1] in qualifiers and split[0] not in verbs
        ]
        return last_words(comparatives, r"\s+") if comparatives else None

    def qualifier(self, text: str, mention: Mention, start: int, end: int, ranged: bool = False) -> str:
        """The mention's qualifier: one already set, else the word after or before the figure."""
        if mention.qualifier != "exact":
            return mention.qualifier
        left = text[max(start, mention.number_start - 30) : mention.number_start]
        if mention.rule == EXCEEDS_PLAN:
            return self._past_exceeding(left)
        after = None
        if not self.after_words.absent_in(text, mention.end, end):  # most sentences hold no "trở lên"
            after = self.qualifier_after.search(text, mention.end, clause_end(text, mention.end, end), HOLD_GIL)
        if after and after.start() - mention.end > 30:
            after = None
        if after and (after.start() == mention.end or self.range_from_before.search(left, 0, None, HOLD_GIL)):
            # right after the figure ("đạt 10% trở lên"), or later after a "từ" before it ("từ 5% dân số trở lên")
            return self.lib.qualifiers.after[" ".join(after["q"].lower().split())]
        if mention.kind == "multiple" and (verb := self.multiple_verb_end.search(left, 0, None, HOLD_GIL)):
            left = left[: verb.start()]  # "gần gấp đôi", "hơn gấp 3 lần": the qualifier stands before "gấp"
        key = tail_key(left)  # most figures follow no qualifier word, and its patterns are not tried
        offer = self.offer_up_to
        if not ranged and offer and key in self.up_to_keys and offer.search(left, 0, None, HOLD_GIL):
            return "at_most"
        before = self.qualifier_before.search(left, 0, None, HOLD_GIL) if key in self.before_keys else None
        if before and self.verb_joined and self.verb_joined.search(left, 0, before.start(), HOLD_GIL):
            before = None  # "đạt và vượt 11 chỉ tiêu": a verb, not a bound
        comparatives = self.comparative_before if before else None
        comparative = comparatives.search(left, 0, None, HOLD_GIL) if comparatives else None
        # a qualifier that holds the comparative ("không cao hơn 20.614 đồng/lít": at most) bounds the figure
        if before and not (comparative and before.start() >= comparative.start()):
            qualifier = self.lib.qualifiers.before[" ".join(before["q"].lower().split())]
            # a range bounds the figure itself; only a softening word ("khoảng 70 - 80%") still applies
            return qualifier if not ranged or qualifier == "approx" else "exact"
        if not ranged and mention.kind in self.floor_kinds and self._floor(text, mention, left, end):
            return "at_least"
        return "exact"

    def _past_exceeding(self, left: str) -> str:
        """"vượt khoảng 3,6% dự toán": a qualifier after the verb of exceeding (approx), which is none itself."""
        before = self.qualifier_before.search(left, 0, None, HOLD_GIL)
        word = " ".join(before["q"].lower().split()) if before else ""
        return "exact" if not word or word in self.lib.change.exceed else self.lib.qualifiers.before[word]

    def _floor(self, text: str, mention: Mention, left: str, end: int) -> bool:
        """"giá từ 15,8 triệu đồng/m2": a "từ" alone before the figure, no level or range end after it."""
        if not self.floor_from.search(left, 0, None, HOLD_GIL):
            return False
        return not self.level_end.search(text, mention.end, clause_end(text, mention.end, end), HOLD_GIL)

    @cached_property
    def floor_kinds(self) -> frozenset[str]:
        return frozenset(self.lib.qualifiers.floor_kinds)

    @cached_property
    def floor_from(self) -> regex.Pattern[str]:
        """"từ " at the end, not after a verb of change or a word of origin."""
        q, ch = self.lib.qualifiers, self.lib.change
        not_after = alternation([*q.floor_not_after, *ch.verbs, *ch.by_up])
        return compile_pattern(rf"(?<!{WORD_START}(?:{not_after})\s+){WORD_START}(?:{self.range_from})\s+\Z", BACKWARD)

    @cached_property
    def level_end(self) -> regex.Pattern[str]:
        """A word after the figure that makes its "từ" the start of a range or of a change."""
        words = [*self.lib.change.to_level, *self.lib.qualifiers.range["to"]]
        return compile_pattern(rf"\s(?:{alternation(words)}){WORD_END}", regex.I)

    def opens_range(self, text: str, number: NumberSpan) -> bool:
        """A range word ("từ") right before the number."""
        return bool(self.range_from_before.search(text, max(0, number.start - 8), number.start, HOLD_GIL))
