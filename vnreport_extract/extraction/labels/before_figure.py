"""Words right before a figure that name it or say what it is: a predicate that is also a noun ("…, trị giá 3,69 tỷ
USD") and the level a figure before it is compared with ("so với mức 38,5%")."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.frames.frame import compared_level
from vnreport_extract.extraction.labels.clauses import LETTER, clause_start
from vnreport_extract.extraction.labels.subject import Before
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.library import BACKWARD, WORD_START, PatternLibrary, alternation, tail_keys


class WordsBeforeFigure:
    """Compiled words that may end the text right before a figure (each compiled on first use)."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    def naming_predicate(
        self, text: str, sentence: tuple[int, int], mention: Mention, before: Before, start: int, key: str | None
    ) -> str | None:
        """"xuất khẩu 7,26 triệu tấn gạo, trị giá 3,69 tỷ USD": a predicate that is also a noun, opening a clause
        with no subject of its own after a figure named by the noun phrase after it, or after a measure named by its
        subject ("xuất khẩu gạo đạt 705.000 tấn, trị giá 345 triệu USD": the worth of a quantity), names the figure
        after it. After a count named by its subject readers differ, and the subject is kept. `key`: the last token
        of the text from `start` to the figure."""
        if key not in self.naming_predicate_keys:
            return None  # the words right before the figure end no such phrase: told without a scan
        found = self.naming_predicate_tail.search(text, start, mention.number_start)
        if found is None or text[clause_start(text, sentence[0], found.start()) : found.start()].strip():
            return None
        last_end = before.last_end if before.last_end is not None else found.start()
        named_after = LETTER.search(text, last_end, found.start())
        return found["predicate"] if named_after or before.last_kind == "measure" else None

    @cached_property
    def naming_predicate_keys(self) -> frozenset[str]:
        return tail_keys([*self.lib.labels.naming_predicates, *self.lib.qualifiers.before])

    @cached_property
    def naming_predicate_tail(self) -> regex.Pattern[str]:
        naming, qualifiers = alternation(self.lib.labels.naming_predicates), alternation(self.lib.qualifiers.before)
        return compile_pattern(rf"{WORD_START}(?P<predicate>{naming})\s+(?:{qualifiers}\s+)?\Z", BACKWARD)

    def compared_level(self, text: str, start: int, mention: Mention, key: str | None) -> bool:
        """A figure right after "so với mức", "hơn mức": the level the figure before is compared with."""
        if key not in self.compared_level_keys:
            return False  # the words right before the figure end no such phrase: told without a scan
        return bool(self.compared_level_tail.search(text, start, mention.number_start))

    @cached_property
    def compared_level_keys(self) -> frozenset[str]:
        """The last tokens of the words that may end `compared_level_tail`."""
        return tail_keys([*self.lib.references.compared_level, *self.lib.qualifiers.before])

    @cached_property
    def compared_level_tail(self) -> regex.Pattern[str]:
        return compared_level(self.lib)
