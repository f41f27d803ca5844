"""Clauses: a sentence cut where its frames (status, comparison, time) may change.

Input: the scanning view and a sentence's bounds. Output: `Clause`s in text order. A main clause
ends at a semicolon, a colon or a clause opener after a comma ("…, trong khi …"); a bracket is a
clause of its own (an aside) inside the main clause around it, and is marked when it only restates
the figure before it ("giảm 37 vụ (-12,5%)").
"""

from __future__ import annotations

from functools import cached_property
from itertools import pairwise

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.frozen import frozen
from vnreport_extract.library import WORD_END, PatternLibrary, alternation

_BRACKET = compile_pattern(r"[()]")
_CLAUSE_END = compile_pattern(r";|:(?=\s|$)")
_SIGNED = compile_pattern(r"\s*[-+−–]\s*\d")


@frozen
class Clause:
    start: int
    end: int
    aside: bool = False  # a bracket: "(cùng kỳ đạt 2,7 tỷ USD)"
    restates: bool = False  # a bracket restating the figure before it: "(-12,5%)", "(bằng 4,1%)"
    list_head: bool = False  # ends with a colon that opens a list: "Dự kiến năm 2025: lạc …; đậu …"
    index: int = 0  # position among the sentence's main clauses (asides share their main clause's)

    def holds(self, pos: int) -> bool:
        return self.start <= pos < self.end


class ClauseSplitter:
    """Compiled clause rules of one pattern library."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    @cached_property
    def opener(self) -> regex.Pattern[str]:
        """A comma (or a "và") followed by a word that opens a clause of its own."""
        openers = alternation(self.lib.clauses.openers)
        return compile_pattern(rf",\s*(?={openers}{WORD_END})", regex.I)

    @cached_property
    def part(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*{alternation(self.lib.clauses.parts)}{WORD_END}", regex.I)

    @cached_property
    def restating(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*{alternation(self.lib.clauses.restating)}{WORD_END}", regex.I)

    @cached_property
    def converted_amount(self) -> regex.Pattern[str]:
        """A bracket holding only an amount in a currency: "(khoảng 7,6 tỷ USD)"."""
        lib = self.lib
        quals = alternation([*lib.qualifiers.before])
        scales = alternation(list(lib.scale_values))
        currencies = alternation(list(lib.currency_by_surface))
        return compile_pattern(
            rf"\s*(?:(?:{quals})\s+)?\d[\d.,]*(?:\s+(?:{scales}))?\s*(?P<cur>{currencies})\s*", regex.I
        )

    @cached_property
    def amount_before(self) -> regex.Pattern[str]:
        currencies = alternation(list(self.lib.currency_by_surface))
        return compile_pattern(rf"\d[\d.,]*(?:\s+\p{{L}}+)?\s*(?P<cur>{currencies})\s*\($", regex.I | regex.REVERSE)

    def _converts(self, text: str, a: int, b: int) -> bool:
        """"181.900 tỷ đồng (khoảng 7,6 tỷ USD)": an amount restated in another currency."""
        inside = self.converted_amount.fullmatch(text, a, b)
        before = inside and self.amount_before.search(text, max(0, a - 40), a)
        if not before:
            return False
        codes = self.lib.currency_by_surface
        return codes.get(inside["cur"].lower()) != codes.get(before["cur"].lower())

    def split(self, text: str, start: int, end: int) -> list[Clause]:
        """Main clauses and asides of text[start:end], in order of their start."""
        asides = self._asides(text, start, end)
        cuts = self._cuts(text, start, end, asides)
        if not cuts and not asides:
            return [Clause(start, end)]  # most sentences: one clause
        clauses = []
        bounds = [start, *cuts, end]
        for index, (a, b) in enumerate(pairwise(bounds)):
            head = b in cuts and text[b - 1] == ":"
            clauses.append(Clause(a, b, list_head=head, index=index))
        for a, b in asides:
            if self.part.match(text, a, b):
                continue  # "(riêng công nghiệp chiếm 58,8%, …)": a part of the figure before, in its frame
            main = next((c for c in clauses if c.holds(a)), clauses[-1])
            restates = bool(_SIGNED.match(text, a, b) or self.restating.match(text, a, b) or self._converts(text, a, b))
            clauses.append(Clause(a, b, aside=True, restates=restates, index=main.index))
        if asides:  # the main clauses alone are in order already
            clauses.sort(key=lambda c: (c.start, c.aside))
        return clauses

    @staticmethod
    def _asides(text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Bracketed stretches (content only), outermost; an unclosed bracket runs to the sentence end."""
        spans, depth, opened = [], 0, 0
        if text.find("(", start, end) < 0:
            return spans  # most sentences hold no bracket (a closing one alone opens no aside)
        for bracket in _BRACKET.finditer(text, start, end):
            if bracket.group() == "(":
                if depth == 0:
                    opened = bracket.end()
                depth += 1
            elif depth:
                depth -= 1
                if depth == 0:
                    spans.append((opened, bracket.start()))
        if depth:
            spans.append((opened, end))
        return spans

    def _cuts(self, text: str, start: int, end: int, asides: list[tuple[int, int]]) -> list[int]:
        """Where main clauses end: after a ';' or ':' and before a clause opener, outside brackets."""
        ends = text.find(";", start, end) >= 0 or text.find(":", start, end) >= 0  # most sentences have neither
        cuts = [m.end() for m in _CLAUSE_END.finditer(text, start, end, False, HOLD_GIL)] if ends else []
        cuts += [m.end() for m in self.opener.finditer(text, start, end, False, HOLD_GIL)]
        if not cuts:
            return cuts  # most sentences are one clause
        inside = [range(a - 1, b + 1) for a, b in asides]
        return sorted({c for c in cuts if start < c < end and not any(c - 1 in span for span in inside)})


def clause_of(clauses: list[Clause], pos: int) -> Clause:
    """The innermost clause holding `pos` (an aside before its main clause)."""
    found = None
    for clause in clauses:
        if clause.holds(pos) and (found is None or clause.aside):
            found = clause
    return found or clauses[-1]
