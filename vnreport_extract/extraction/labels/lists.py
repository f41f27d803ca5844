"""The words of lists and coordinated subjects a label reads ("A, B và C", "lần lượt 12% và 15%"),
compiled once per pattern library."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    alternation,
    next_words,
    tail_keys,
    words_regex,
)

_LIST_ITEM_WORDS = 8  # syllables of an item of a list after a preposition: "dịch vụ ăn uống", "lưu trú và gian hàng"
_ITEM = rf"[^,\s]+(?:\s+[^,\s]+){{0,{_LIST_ITEM_WORDS - 1}}}"  # one item of such a list


class ListCues:
    """Compiled list and coordination words of one pattern library, each compiled on first use."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    @cached_property
    def coordinator_tail(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}(?P<w>{alternation(self.lib.labels.coordinators)})\s*\Z", BACKWARD)

    @cached_property
    def coordinator_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.labels.coordinators)

    @cached_property
    def plural_keys(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.lib.labels.plural_markers)

    @cached_property
    def coordinator_words(self) -> Required:
        return Required(self.lib.labels.coordinators)

    @cached_property
    def coordination_word(self) -> regex.Pattern[str]:
        """"và", "hoặc" between two words: the last item of a list."""
        return compile_pattern(rf"\s(?:{alternation(self.lib.labels.coordinators)})\s", regex.I)

    @cached_property
    def respectively(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.labels.respectively)}){WORD_END}", regex.I)

    @cached_property
    def list_gap(self) -> regex.Pattern[str]:
        """What stands between two figures of one list: the first one's unit, a joiner, up to two words. A
        comma before a verb of change or a `list_ending_predicates` opens a list of its own: "lần lượt đón 188.000 và
        41.000 lượt, tăng 9% và 35%" holds two lists of two."""
        words = [joiner for joiner in self.lib.change.joiners if joiner != ","]
        predicates = [*self.lib.change.verbs, *self.lib.labels.list_ending_predicates]
        joiner = rf"(?:{alternation(words)})\s*|,\s*(?!(?:{alternation(predicates)})\s)"
        return compile_pattern(rf"[^\d;:()]{{0,30}}?(?:{joiner})(?:\p{{L}}+\s+){{0,2}}", regex.I)

    @cached_property
    def respectively_words(self) -> Required:
        return Required(self.lib.labels.respectively)

    @cached_property
    def coordination(self) -> regex.Pattern[str]:
        """What separates the parts of a coordinated subject: "A, B và C"."""
        joiners = alternation(self.lib.labels.coordinators)
        return compile_pattern(rf",\s*(?:(?:{joiners})\s+)?|\s(?:{joiners})\s", regex.I)

    @cached_property
    def list_object(self) -> regex.Pattern[str]:
        """A head, a preposition and a list of short items joined by commas, ending the stretch: "Tổng doanh
        thu từ bán vé, dịch vụ ăn uống, lưu trú và gian hàng" (`head`, `prep`)."""
        labels = self.lib.labels
        compounds = alternation(labels.subject_cut_compounds)  # "(?!)" for none: no preposition is kept out
        prep = rf"(?P<prep>(?!(?:{compounds}){WORD_END})(?:{alternation(labels.list_prepositions)}){WORD_END})"
        return compile_pattern(rf"(?:^|,)\s*(?P<head>[^,]*?\S)\s+{prep}\s+{_ITEM}(?:\s*,\s*{_ITEM})+\s*\Z", regex.I)

    @cached_property
    def exemplified_items(self) -> regex.Pattern[str]:
        """A head, an exemplifier and the first items of its list, ending the stretch: "Các nhà cung cấp nước
        ngoài như Google, Meta", "Các cây trồng chủ lực như sầu riêng" (`head`)."""
        other = alternation(self.lib.labels.example_not_before)  # "như hiện nay", "như vậy": no list follows
        exemplifier = rf"(?:{alternation(self.lib.labels.exemplifiers)}){WORD_END}(?!\s*(?:{other}){WORD_END})"
        items = rf"{_ITEM}(?:\s*,\s*{_ITEM})*"
        return compile_pattern(rf"(?:^|,)\s*(?P<head>[^,]*?\S)\s+{exemplifier}\s*{items}\s*\Z", regex.I)

    @cached_property
    def exemplifier(self) -> regex.Pattern[str]:
        return words_regex(self.lib.labels.exemplifiers)

    @cached_property
    def exemplifier_words(self) -> Required:
        """Every match of `exemplified_items` holds one of these."""
        return Required(self.lib.labels.exemplifiers)

    @cached_property
    def change_verb(self) -> regex.Pattern[str]:
        """A verb of change: a head that holds one tells its own change ("Một số thị trường tăng mạnh như …")."""
        return words_regex(self.lib.change.verbs)

    @cached_property
    def list_preposition_words(self) -> Required:
        """Every match of `list_object` holds one of these before its last comma."""
        return Required(self.lib.labels.list_prepositions)

    @cached_property
    def preposition_opening(self) -> regex.Pattern[str]:
        """A stretch that opens with a preposition: "đối với chỉ số …" is a frame, not a subject's head."""
        labels = self.lib.labels
        return next_words([*labels.list_prepositions, *labels.object_prepositions])
