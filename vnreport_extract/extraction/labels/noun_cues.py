"""The words of the noun phrase after a figure: where it stops ("về", "tại", "so với"), phrases that go on past a
stop word ("dành cho"), the items of a list after it, a passive or a predicate that opens after it ("40 tàu cá vẫn
neo đậu"), compiled once from `patterns/labels.toml` and its neighbours."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.labels.subject_ends import ending_with
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    alternation,
    head_keys,
    next_words,
    prefix_tree,
    tail_keys,
)

_ITEM_SUBJECT_WORDS = 8  # words of the next list item's subject: "trung học phổ thông 52.240 học sinh"


class NounPhraseCues:
    """Compiled words of the noun phrase after a figure (each compiled on first use)."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    @cached_property
    def qualifier_inside(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s(?:{prefix_tree(self.lib.qualifiers.after)}){WORD_END}", regex.I)

    @cached_property
    def qualifier_after(self) -> regex.Pattern[str]:
        return next_words(self.lib.qualifiers.after)

    @cached_property
    def predicate_opener_keys(self) -> frozenset[str]:
        lab = self.lib.labels
        return head_keys([*lab.aspect_words, *lab.passive_leads, *lab.passive_markers, *lab.figure_prepositions])

    @cached_property
    def predicate_opener(self) -> regex.Pattern[str]:
        """"đã", "đang được", "cũng", "qua": an aspect word, adverb, passive marker or preposition opens no noun
        phrase after a figure; but "bị hại", "bị cáo" are nouns."""
        lab = self.lib.labels
        openers = prefix_tree([*lab.aspect_words, *lab.passive_leads, *lab.passive_markers, *lab.figure_prepositions])
        noun = rf"(?:{alternation(lab.passive_markers)})\s+(?:{alternation(lab.passive_not_before)}){WORD_END}"
        return compile_pattern(rf"\s*(?!{noun})(?:{openers}){WORD_END}", regex.I)

    @cached_property
    def noun_stop(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s{self._noun_stop_word}", regex.I)

    @property
    def _noun_stop_word(self) -> str:
        """A stop word, but not one that opens a noun ("bằng khen")."""
        lab = self.lib.labels
        return rf"(?!{prefix_tree(lab.noun_stop_compounds)}{WORD_END})(?:{prefix_tree(lab.noun_stops)}){WORD_END}"

    @cached_property
    def causing(self) -> regex.Pattern[str]:
        """A verb of causing, maybe the state it brought about, then a figure: "… làm 2 người chết", "… làm hư hỏng
        120 ngôi nhà"."""
        lab, before = self.lib.labels, self.lib.qualifiers.before
        states = rf"(?:(?:{alternation(lab.caused_states)})\s+)?"
        verbs = rf"(?<!{WORD_START}(?:{alternation(lab.causing_not_after)}))\s(?:{alternation(lab.causing_verbs)})"
        return compile_pattern(rf"{verbs}\s+{states}(?:(?:{alternation(before)})\s+)?\d", regex.I)

    @cached_property
    def causing_words(self) -> Required:
        return Required(self.lib.labels.causing_verbs)

    @cached_property
    def spelled_item(self) -> regex.Pattern[str]:
        """The next item of a list, counted in words: "một cảng cạn và năm trung tâm logistics"."""
        numbers = self.lib.numbers
        spelled = alternation([*numbers.digits, *numbers.tens, *numbers.hundreds])
        joiners = alternation(self.lib.labels.coordinators)
        return compile_pattern(rf"\s*(?:,|\s(?:{joiners}))\s+(?:{spelled})\s+(?=\p{{L}})", regex.I)

    @cached_property
    def coordinated_item(self) -> regex.Pattern[str]:
        """"… 95 người và nhi khoa 55 người": a coordinator whose few words run into the next figure's number."""
        joiners = alternation(self.lib.labels.coordinators)
        words = rf"(?:\p{{L}}+\s+){{1,{_ITEM_SUBJECT_WORDS}}}"
        return compile_pattern(rf"\s(?:{joiners})\s+{words}(?=\d[\d.,]*(?![\p{{L}}\d]))", regex.I)

    @cached_property
    def coordinated_predicate(self) -> regex.Pattern[str]:
        """"… về tỷ lệ tốt nghiệp và thuộc nhóm dẫn đầu …": a coordinator that opens a second predicate."""
        lib = self.lib
        verbs = [*lib.labels.predicates, *lib.change.verbs, *lib.rank.verbs, *lib.labels.coordinated_verbs]
        joiners = alternation(lib.labels.coordinators)
        return compile_pattern(rf"\s(?:{joiners})\s+(?:{prefix_tree(verbs)}){WORD_END}", regex.I)

    @cached_property
    def bound_modifier(self) -> regex.Pattern[str]:
        """"dưới 1 tuổi", "từ 15 đến 60 tuổi", "từ 60 tuổi trở lên": a bound inside a noun phrase."""
        q = self.lib.qualifiers
        before = alternation([*q.before, *q.range["from"]])
        to = alternation(q.range["to"])
        return compile_pattern(
            rf"(?:{before}\s+)?\d+(?:\s*(?:{to})\s*\d+)?\s+(?:{alternation(self.lib.labels.modifier_units)})"
            rf"(?:\s+(?:{alternation(q.after)}))?{WORD_END}",
            regex.I,
        )

    @cached_property
    def modifier_unit_words(self) -> Required:
        return Required(self.lib.labels.modifier_units)

    @cached_property
    def noun_stop_here(self) -> regex.Pattern[str]:
        """A stop word right at the start of a phrase (use `.match`)."""
        return compile_pattern(self._noun_stop_word, regex.I)

    @cached_property
    def kept_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.labels.noun_phrases_kept)

    @cached_property
    def kept_phrase(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.labels.noun_phrases_kept)})$", BACKWARD)

    @cached_property
    def possessive_words(self) -> Required:
        return Required(self.lib.labels.possessive)

    @cached_property
    def owner_inside(self) -> regex.Pattern[str]:
        """"… của các bếp ăn tập thể" inside a noun phrase, with words before it: the owner that ends it."""
        return compile_pattern(rf"(?<=\p{{L}})\s+(?:{alternation(self.lib.labels.possessive)})\s", regex.I)

    @cached_property
    def unit_pairs(self) -> frozenset[str]:
        return frozenset(pair.lower() for pair in self.lib.labels.unit_pairs)

    @cached_property
    def passive_words(self) -> Required:
        return Required(self.lib.labels.passive_markers)

    @cached_property
    def adversative_keys(self) -> frozenset[str]:
        return frozenset(word.lower() for word in self.lib.labels.adversative_markers)

    @cached_property
    def passive(self) -> regex.Pattern[str]:
        """A passive marker that opens a clause, with the aspect or modal words before it ("cần được")."""
        lab = self.lib.labels
        return compile_pattern(
            rf"(?<!{WORD_START}{alternation(lab.passive_not_after)})"
            rf"\s(?:(?:{alternation(lab.passive_leads)})\s+)*(?:{alternation(lab.passive_markers)}){WORD_END}"
            rf"(?!\s+{alternation(lab.passive_not_before)}{WORD_END})",
            regex.I,
        )

    @cached_property
    def named_agent(self) -> regex.Pattern[str]:
        """A passive marker whose agent is a name: "được UBND tỉnh tặng", "được nhận giấy khen của Giám đốc Sở"."""
        passive, agent = alternation(self.lib.labels.passive_markers), alternation(self.lib.labels.agent_markers)
        return compile_pattern(rf"\s(?:{passive})\s+(?:(?:\p{{Ll}}+\s+){{0,5}}?(?:{agent})\s+)?(?-i:\p{{Lu}})", regex.I)

    @cached_property
    def trailing_function_word(self) -> regex.Pattern[str]:
        return ending_with(self.lib.units.not_units.words)

    @cached_property
    def function_word_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.units.not_units.words)
