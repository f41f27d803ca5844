"""Every mention of one sentence: ranks, ratios and factor words first, then each number left
with its range, unit, kind and qualifier."""

from __future__ import annotations

import re
from itertools import pairwise
from operator import attrgetter

from vnreport_extract.extraction.exclusions import Exclusions, Span, SpanIndex
from vnreport_extract.extraction.mentions.changes import ChangeReader
from vnreport_extract.extraction.mentions.checks import MetricChecks
from vnreport_extract.extraction.mentions.kinds import KindClassifier
from vnreport_extract.extraction.mentions.mention import (
    JOINED,
    LISTED_NOUN,
    NEW_LEVEL,
    NEXT_WORD,
    Mention,
    UnitMatch,
    is_finite,
)
from vnreport_extract.extraction.mentions.multiples import MultipleReader
from vnreport_extract.extraction.mentions.qualifiers import QualifierReader
from vnreport_extract.extraction.mentions.ranges import RangeReader, range_values
from vnreport_extract.extraction.mentions.ranks import RankReader, share_rank_totals
from vnreport_extract.extraction.mentions.ratios import RatioReader
from vnreport_extract.extraction.mentions.text import ends_a_name
from vnreport_extract.extraction.mentions.time_words import TimeWordReader
from vnreport_extract.extraction.mentions.units import UnitReader
from vnreport_extract.extraction.numbers import NumberSpan
from vnreport_extract.library import PatternLibrary, head_key


class MentionFinder:
    """The mention rules of one pattern library; each reader compiles its patterns on first use."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library
        self.exclusions = Exclusions(library)
        self.units = UnitReader(library)
        self.time_words = TimeWordReader(library, self.units)
        self.qualifiers = QualifierReader(library)
        self.ranges = RangeReader(library, self.units, self.qualifiers)
        self.changes = ChangeReader(library, self.units, self.qualifiers)
        self.multiples = MultipleReader(library)
        self.kinds = KindClassifier(library, self.units, self.changes, self.multiples)
        self.ranks = RankReader(library)
        self.ratios = RatioReader(library, self.units, self.qualifiers)
        self.checks = MetricChecks(library, self.multiples)
        self.signed_units = frozenset(m.unit for m in library.units.measure if m.signed)

    @property
    def readers(self) -> tuple[object, ...]:
        """Every part holding compiled patterns, for warming them up before workers fork."""
        return (
            self.exclusions, self.units, self.time_words, self.qualifiers, self.ranges, self.changes,
            self.multiples, self.kinds, self.ranks, self.ratios, self.checks,
        )

    def may_hold_word_figures(self, text: str, start: int, end: int) -> bool:
        """True if the sentence may hold a figure without digits or number words ("tăng gấp đôi", "xếp
        thứ nhì")."""
        multiples, ranks = self.multiples, self.ranks
        return multiples.may_hold_word_figures(text, start, end) or ranks.may_hold_word_rank(text, start, end)

    def find(
        self, text: str, start: int, end: int, numbers: list[NumberSpan], masks: list[Span]
    ) -> list[Mention]:
        """Every mention in the sentence text[start:end], in text order. Every mention lies inside
        the sentence, and one whose value, upper bound or total is no finite number is dropped."""
        mentions = list(self.ranks.find(text, start, end))
        has_ranks = bool(mentions)
        taken = [Span(m.start, m.context_end or m.end, m.rule) for m in mentions]
        ranked = SpanIndex(masks + taken) if masks or taken else _NO_SPANS  # most sentences: neither
        found = [
            *self.ratios.slash_pairs(text, start, end, ranked),
            *self.ratios.word_ratios(text, end, numbers, ranked, start),
            *self.ratios.every_ratios(text, end, numbers, ranked, start),
            *self.multiples.factor_words(text, start, end, ranked),
        ]
        for mention in found:
            if mention.kind == "multiple":  # "gần gấp đôi"
                mention.qualifier = self.qualifiers.qualifier(text, mention, start, end)
            mentions.append(mention)
            taken.append(Span(mention.start, mention.end, mention.rule))
        blocked = (SpanIndex(masks + taken) if found else ranked) if masks or taken else None
        by_start = {n.start: n for n in numbers}
        skip_until = -1
        for number in numbers:
            if number.start < skip_until or (blocked and blocked.overlaps(number.start, number.start + 1)):
                continue
            mention = self._number_mention(text, number, start, end, by_start)
            if mention is not None:
                mentions.append(mention)
                skip_until = mention.end
        if has_ranks:  # only ranks have totals to share
            share_rank_totals(mentions, text)
        mentions = [m for m in mentions if is_finite(m)]
        mentions.sort(key=attrgetter("start"))
        mentions = self.ranges.split_quote_pairs(mentions, text, end)
        self.changes.share_change_verbs(mentions, text, end)
        _share_joined_kinds(mentions)
        _share_listed_nouns(mentions, text, self.lib.change.negations)
        self.kinds.share_concentrations(mentions, text)
        return mentions

    def _never_a_figure(self, text: str, number: NumberSpan, after: str | None) -> bool:
        """Numbers turned down whatever their range, unit and kind, found before those are read (most numbers
        dropped are these): a year after a year word ("năm 2024"), and the word for year (a spelled "five")
        before a number ("năm 2023"): no unit can follow it, and a spelled number counts only in a unit.
        `after`: the `head_key` after the number."""
        if number.time_word and after is None:
            return True
        return self.exclusions.is_named_year(text, number)

    def _number_mention(
        self, text: str, number: NumberSpan, start: int, end: int, numbers: dict[int, NumberSpan]
    ) -> Mention | None:
        """`numbers`: the sentence's numbers by their start."""
        after = head_key(text, number.end, end)  # read once for the range, unit, time word and kind
        if self._never_a_figure(text, number, after):
            return None
        ranged = self.ranges.bounds(text, number, end, numbers, after)
        last = ranged.high if ranged else number
        key = head_key(text, last.end, end) if ranged else after
        unit = self.units.unit_at(text, last.end, end, key)
        if unit is None:
            unit = self.changes.unit_of_new_level(text, number, end, numbers, after)
            unit = unit or self.units.unit_of_next(text, number, end, numbers, after)
            unit = unit or self.changes.unit_left_out(text, number, start, end, after)
        # the cheap tests of `is_score`, `is_time` and `names_event` are asked here first: most figures fail them
        if unit is not None and unit.rule == "count.noun" and self.units.is_score(text, (number, last), unit, end):
            unit = UnitMatch("measure", self.lib.units.score.unit, unit.end, "measure.score")
        unit = unit or self.time_words.time_amount(text, last, end, start, key)
        if key in self.time_words.keys and self.time_words.is_time(text, last.end, end, unit, key):
            return None
        if unit is not None and unit.kind == "measure" and self.checks.names_event(text, last, unit, end):
            return None  # "10.000 m nữ": an event
        if self.checks.names_class(text, last, end, key):
            return None  # "đường dây 500 kV": a class of equipment
        if number.spelled and not self.checks.spelled_is_metric(number, unit, text, numbers):
            return None
        if unit is not None and self.checks.lists_the_places(text, number, unit, end):
            return None
        lexicon_unit = unit is not None and unit.rule != NEXT_WORD
        if unit is not None and not lexicon_unit and ends_a_name(text, start, number.start):
            return None  # "cầu Bến Thủy 2 khởi công": the number ends a name; the next word is no unit
        if unit is not None and not lexicon_unit and _point_fraction(text, number):
            return None  # "ngày hội 12.12 thu hút …": a point read as a decimal one, before an unknown word: a code
        has_measure = unit is not None and unit.kind in ("percent", "money", "measure", "rate")
        if self.exclusions.veto(text, number, lexicon_unit, has_measure, end, after) or self.checks.is_denominator(
            text, number, end
        ):
            return None
        mention = self.kinds.classify(text, number, unit, start, end, key, ranged.high if ranged else None)
        if mention is None:
            return None
        if mention.kind == "measure" and not ranged and (half := self.units.half_after.match(text, mention.end, end)):
            mention.value, mention.end = mention.value + 0.5, half.end()  # "12 tấn rưỡi": twelve and a half
        if ranged:
            mention.value, mention.value_max = range_values(text, ranged)
            mention.rule += "+range"
        elif unit is not None and unit.rule.endswith(NEW_LEVEL):
            mention.value = self.changes.old_level_value(text, number, end, numbers)
        if mention.kind == "measure" and mention.unit in self.signed_units and _minus_against(text, number, start):
            mention.value, mention.start = -mention.value, number.start - 1  # "xuống -4,2 độ C": below zero
        if number.at_least:
            mention.qualifier = "at_least"
        mention.qualifier = self.qualifiers.qualifier(text, mention, start, end, ranged is not None)
        return mention


_NO_SPANS = SpanIndex([])
_MINUS = frozenset("-−")


def _minus_against(text: str, number: NumberSpan, start: int) -> bool:
    """A minus right against the number, after a blank or the start of the sentence (not a range's dash: "2-4")."""
    at = number.start - 1
    return at >= start and text[at] in _MINUS and (at == start or text[at - 1].isspace())


def _point_fraction(text: str, number: NumberSpan) -> bool:
    """A number that is no whole, written with a point ("12.12"): Vietnamese writes fractions with a comma."""
    return number.value != int(number.value) and "." in text[number.start : number.digits_end]


def _share_listed_nouns(mentions: list[Mention], text: str, negations: list[str]) -> None:
    """"45 chi bộ hoàn thành tốt nhiệm vụ; 9 hoàn thành nhiệm vụ; 2 không hoàn thành": a count whose only noun is
    the word after it, where that word (past a negation) goes on as the list item before went on after its noun,
    counts that item's noun."""
    for before, mention in pairwise(mentions):
        if mention.rule != NEXT_WORD or mention.noun_start is None or before.kind != "count" or not before.unit:
            continue
        if not _LIST_BREAK.search(text, before.end, mention.start):
            continue
        went_on = text[before.end : before.end + _WORD_REACH].split()[:1]
        words = text[mention.noun_start : mention.noun_start + _WORD_REACH].split()
        if words and words[0].lower() in negations:
            words = words[1:]
        if went_on and words and words[0].lower() == went_on[0].lower():
            mention.unit, mention.rule = before.unit, LISTED_NOUN
            mention.end = len(text[: mention.noun_start].rstrip())


_LIST_BREAK = re.compile(r"[;,]")
_WORD_REACH = 30  # characters holding the first words after a noun


def _share_joined_kinds(mentions: list[Mention]) -> None:
    """"lần lượt 6,95 và 7,04 điểm": a bare number read in the unit of the figure it is joined to is of that
    figure's kind, as the kinds rules read it (a score, not a count of points)."""
    for first, second in pairwise(mentions):
        if first.rule.endswith(JOINED) and first.unit == second.unit and first.kind != second.kind:
            first.kind = second.kind
