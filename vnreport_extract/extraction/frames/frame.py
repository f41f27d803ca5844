"""A figure's frame: what its clause says about it (status, time, comparison) and which rule said
each part; which rules are guesses; and when a clause leaves its frame out."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.clauses import Clause
from vnreport_extract.extraction.frozen import frozen
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.library import (
    WORD_END,
    WORD_START,
    PatternLibrary,
    alternation,
    prefix_tree,
    words_before_figure,
)

COMMA = compile_pattern(r",(?!\d)")  # a comma between words, not the decimal comma of "7,2"
# Rules whose answer is a guess: a field they set is flagged for review. A comparison shared back along a list
# ("reference.shared_list") or read off a comparative ("cao hơn cùng kỳ 5%": "reference.comparative") was right
# in every field 0.84 of 69 and 0.85 of 214 times on batches 5-29 of bench/unseen (0.94 unflagged).
WEAK_RULES = frozenset({
    "status.shared_clause", "status.list_item", "status.aside_apart", "reference.shared_clause", "period.detail",
    "period.paragraph", "period.document_despite_sentence", "period.none_despite_sentence",
    "reference.none_despite_sentence", "reference.whole_unread", "period.year_to_date", "reference.shared_list",
    "reference.comparative",
    "label.none", "label.one_word", "label.long", "label.comma", "label.share_base",
    "label.open_edge", "label.borrowed", "label.far", "label.bare", "label.after_comma", "label.from_guess",
})


@dataclass(slots=True)
class Frame:
    """What a figure's clause says about it, and which rule said each part."""

    clause: Clause
    status: str = "actual"
    period: str | None = None
    period_source: str | None = None
    rules: dict[str, str] = field(default_factory=dict)  # field -> rule

    @property
    def weak_fields(self) -> list[str]:
        rules = self.rules
        if WEAK_RULES.isdisjoint(rules.values()):
            return []  # most frames: every field set by a firm rule, told in one pass in C
        return sorted([name for name, rule in rules.items() if rule in WEAK_RULES])


@frozen
class SentenceFacts:
    """What a sentence's surroundings give its figures when the sentence does not say it."""

    plan_paragraph: bool = False
    list_status: str | None = None  # the status of a list head line ("Tổng đàn ước tính hiện có:")
    list_period: str | None = None  # the time of a list head line ("Hiện trạng rừng tính đến ngày 30/11/2024:")
    list_head: tuple[int, int] | None = None  # the sentence of a list head line, up to its colon
    paragraph_period: tuple[str, str] | None = None
    report_year: int | None = None


class FrameGap:
    """Whether a clause leaves its frame out, to share the one of the clause before."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    @cached_property
    def predicate(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{prefix_tree(self.lib.clauses.predicates)}{WORD_END}", regex.I)

    @cached_property
    def leading(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:[\s,]*{alternation(self.lib.clauses.leading)}{WORD_END})+", regex.I)

    def leaves_out(self, text: str, clause: Clause, first: Mention) -> bool:
        """A clause leaves its frame out when it has no predicate before its first figure ("đàn gà
        6,1 triệu con") or no subject before its predicate ("; đạt mật độ 64,34 thuê bao/100 dân")."""
        start = clause.start
        lead = self.leading.match(text, start, first.number_start, HOLD_GIL)
        start = lead.end() if lead else start
        predicate = self.predicate.search(text, start, first.number_start, HOLD_GIL)
        return predicate is None or not text[start : predicate.start()].strip(" ,")


def compared_level(library: PatternLibrary) -> regex.Pattern[str]:
    """"thấp hơn mức khoảng 149,3 tỷ đồng": the figure compared with is what it was, not a plan."""
    return words_before_figure(library.references.compared_level, library.qualifiers.before)


def copied(rule: str, source: str) -> str:
    """The rule of a field a bracket copies from the figure it restates: a copy of a guess is a guess."""
    return source if source in WEAK_RULES else rule

