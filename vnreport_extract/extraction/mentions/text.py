"""Small readings of the text around a figure: where its clause ends, whether a name ends before it."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.mentions.mention import Mention

_CLAUSE_MARK = compile_pattern(r"[,;.:()]")
# a capitalised or all-capitals word: "cầu Bến Thủy 2", "VinFast VF 3"
_NAME_WORD_BEFORE = compile_pattern(r"(?<=\S\s+)\p{Lu}[\p{Ll}\p{Lu}]*\s+\Z", regex.REVERSE)


def clause_end(text: str, pos: int, end: int) -> int:
    match = _CLAUSE_MARK.search(text, pos, end, HOLD_GIL)
    return match.start() if match else end


def segment_start(text: str, start: int, pos: int) -> int:
    """Where the comma or semicolon segment that holds `pos` starts, not before `start`."""
    return max(start, text.rfind(",", start, pos) + 1, text.rfind(";", start, pos) + 1)


def figure_right_before(text: str, at: int, mentions: Sequence[Mention]) -> bool:
    """Whether one of `mentions` ends right before `at`, only blanks between."""
    return any(m.end <= at and not text[m.end : at].strip() for m in mentions)


def ends_a_name(text: str, start: int, pos: int) -> bool:
    """A capitalised or all-capitals word (not the sentence's first) right before the number."""
    return bool(_NAME_WORD_BEFORE.search(text, max(start, pos - 30), pos, HOLD_GIL))
