"""Paragraphs and sentences with their offsets in the normalised text.

Input: the scanning view of a text. Output: `Sentence`s (start, end, paragraph) in text order.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.frozen import frozen
from vnreport_extract.library import PatternLibrary

MAX_SENTENCE = 2000
_PARAGRAPH = compile_pattern(r"[^\n]+")
_LAST_WORD = compile_pattern(r"([\p{L}./]+)$", regex.REVERSE)
_INITIALS = compile_pattern(r"(?:\p{Lu}\.)+\p{Lu}")  # "N.V.A." names a person: its full stop ends no sentence
_SENTENCE_END = compile_pattern(r"[.!?…]+[\"”')\]]*(?=\s+[\"“'(\[]?[\p{Lu}\p{N}])|[.!?…]+[\"”')\]]*$")


@frozen
class Sentence:
    start: int
    end: int
    paragraph: int
    paragraph_start: int
    paragraph_end: int


def split_sentences(text: str, library: PatternLibrary) -> list[Sentence]:
    """Sentences of every non-blank line, in order.

    >>> from vnreport_extract.library import default_library
    >>> [(s.start, s.end) for s in split_sentences("Có 3 trạm. Đạt 95%.\\nTP. Huế có 2 xã", default_library())]
    [(0, 10), (11, 19), (20, 35)]
    """
    sentences: list[Sentence] = []
    abbreviations, reach = _abbreviations(library)
    for number, line in enumerate(_PARAGRAPH.finditer(text, 0, None, False, HOLD_GIL)):
        line_start, line_end = line.span()
        start = _skip_blanks(text, line_start, line_end)
        if start >= line_end:
            continue
        cursor = start
        ends = [line_start + end for end in _ends(line.group(), abbreviations, reach)]
        if cursor < line_end:
            ends.append(len(text[cursor:line_end].rstrip()) + cursor)
        for sentence_end in ends:
            if 0 < sentence_end - cursor <= MAX_SENTENCE:  # most sentences: one piece (`_pieces`)
                sentences.append(Sentence(cursor, sentence_end, number, start, line_end))
            else:
                for piece_start, piece_end in _pieces(text, cursor, sentence_end):
                    sentences.append(Sentence(piece_start, piece_end, number, start, line_end))
            cursor = max(cursor, _skip_blanks(text, sentence_end, line_end))
    return sentences


@lru_cache(maxsize=8)
def _abbreviations(library: PatternLibrary) -> tuple[frozenset[str], int]:
    """The abbreviations of a library, lower case, and the window the word before a full stop is read in: one
    longer than the longest abbreviation (a longer word is cut there and matches none, and no search runs back
    to the line's start)."""
    abbreviations = frozenset(a.lower() for a in library.document.abbreviations)
    return abbreviations, max(map(len, abbreviations), default=0) + 1


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut, if it is very long (a table flattened into one line), after a ';' or ',' or a
    blank, so that no sentence passes MAX_SENTENCE characters and work per figure stays bounded."""
    if end - start <= MAX_SENTENCE:
        return [(start, end)] if end > start else []
    pieces = []
    while end - start > MAX_SENTENCE:
        window = text[start : start + MAX_SENTENCE]
        cut = max(window.rfind("; "), window.rfind(", "))
        cut = cut + 1 if cut > 0 else window.rfind(" ")
        cut = start + (cut if cut > 0 else MAX_SENTENCE)
        pieces.append((start, cut))
        start = _skip_blanks(text, cut, end)
    if end > start:
        pieces.append((start, end))
    return pieces


def _skip_blanks(text: str, pos: int, stop: int) -> int:
    while pos < stop and text[pos].isspace():
        pos += 1
    return pos


def _ends(line: str, abbreviations: frozenset[str], reach: int) -> list[int]:
    ends = []
    for match in _SENTENCE_END.finditer(line, 0, None, False, HOLD_GIL):
        word = _LAST_WORD.search(line, max(0, match.start() - reach), match.start(), HOLD_GIL)
        if word and match.group().startswith(".") and (
            word.group(1).lower() in abbreviations or _INITIALS.fullmatch(word.group(1), 0, None, HOLD_GIL)
        ):
            continue
        ends.append(match.end())
    return ends
