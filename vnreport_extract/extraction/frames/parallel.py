"""Two clauses that each state a plain rise or fall of their own subject, compared once at the end: "giá xăng tăng
4,2%, giá dầu diesel tăng 1,9% so với tháng trước". The comparison after the second holds for the first too."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.frames.frame import Frame
from vnreport_extract.extraction.mentions import RESTATED, Mention
from vnreport_extract.extraction.mentions.mention import NOUN_REST
from vnreport_extract.library import BACKWARD, WORD_END, WORD_START, PatternLibrary, alternation

PARALLEL = "reference.shared_parallel"
_SUBJECT_WORDS = 8  # words of the second clause's subject: "giá dầu diesel", "số người chết"
_COMPARISON_REACH = 40  # characters from the second figure to the end of "so với"
_VERB_REACH = 30  # characters a verb of change, its adverbs and its qualifier stand before the first figure


class ParallelClauses:
    """Compiled words of a pair of parallel clauses of change (each compiled on first use)."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    def share(self, text: str, pairs: list[tuple[Mention, Frame]]) -> None:
        """Give a change with no comparison the one of the change right after it (or after the bracket restating it)
        when the two are parallel clauses of one sentence."""
        for index, (earlier, e_frame) in enumerate(pairs):
            if earlier.kind != "change" or earlier.reference or "reference" in e_frame.rules:
                continue
            start, rest = earlier.end, pairs[index + 1 :]
            if rest and rest[0][1].clause.restates:  # "giảm 23 vụ (-11%) và số người chết giảm 4 người so với …"
                close = text.find(")", rest[0][0].end)
                start, rest = (close + 1 if close >= 0 else -1), rest[1:]
            elif rest and rest[0][0].rule == RESTATED:  # "đắt thêm 6.000 đồng/kg, tương đương 30%, còn …"
                start, rest = rest[0][0].end, rest[1:]
            if not rest or start < 0:
                continue
            later, l_frame = rest[0]
            if later.kind != "change" or not later.reference or l_frame.rules.get("reference") != "reference.own":
                continue
            if self._parallel(text, earlier, start, later):
                earlier.reference, e_frame.rules["reference"] = later.reference, PARALLEL

    def _parallel(self, text: str, earlier: Mention, start: int, later: Mention) -> bool:
        if not self.plain_verb_before.search(text, max(0, earlier.number_start - _VERB_REACH), earlier.number_start):
            return False
        if not self.second_clause.fullmatch(text, start, later.number_start, HOLD_GIL):
            return False
        return bool(self.comparison_next.match(text, later.end, later.end + _COMPARISON_REACH, HOLD_GIL))

    @cached_property
    def plain_verbs(self) -> list[str]:
        """The verbs of a rise or fall that compare nothing themselves ("tăng", "giảm"; not "cao hơn")."""
        change = self.lib.change
        comparatives = {*change.comparatives_up, *change.comparatives_down}
        return [verb for verb in change.verbs if verb not in comparatives]

    @cached_property
    def plain_verb_before(self) -> regex.Pattern[str]:
        """A plain verb of change with its adverbs and qualifier right before a figure (use `.search`)."""
        return compile_pattern(rf"{WORD_START}{self._verb_phrase}\s+\Z", BACKWARD)

    @cached_property
    def _verb_phrase(self) -> str:
        change = self.lib.change
        adverbs = rf"(?:\s+(?:{alternation(change.adverbs)}))*"
        return rf"(?:{alternation(self.plain_verbs)}){adverbs}(?:\s+(?:{alternation(self.lib.qualifiers.before)}))?"

    @cached_property
    def second_clause(self) -> regex.Pattern[str]:
        """The rest of the first figure's noun phrase, a comma, "và" or "còn", a subject of a few words and a plain
        verb of change with its adverbs and qualifier, up to the second figure."""
        refs, change = self.lib.references, self.lib.change
        joined = alternation(refs.parallel_joiners)
        joiner = rf"(?:\s*,\s*(?:(?:{joined})\s+)?|\s+(?:{joined})\s+)"
        barred = alternation([*refs.parallel_not_subject, *refs.comparison, *change.verbs, *change.multiple])
        word = rf"(?!(?:{barred}){WORD_END})\p{{L}}[\p{{L}}-]*"
        return compile_pattern(
            rf"{NOUN_REST}{joiner}{word}(?:\s+{word}){{0,{_SUBJECT_WORDS - 1}}}\s+{WORD_START}{self._verb_phrase}\s+",
            regex.I,
        )

    @cached_property
    def comparison_next(self) -> regex.Pattern[str]:
        """The second figure's comparison, right after it and the rest of its noun phrase."""
        return compile_pattern(rf"{NOUN_REST}\s*(?:{alternation(self.lib.references.comparison)}){WORD_END}", regex.I)
