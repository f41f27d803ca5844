"""Where clauses and comma segments of a sentence start and end (punctuation only, no words)."""

from __future__ import annotations

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern

# A full stop inside a sentence after a short capitalised word is an abbreviation's ("TP. Hồ Chí Minh", "Q. Ba
# Đình"): the sentence goes on, and so does its clause.
_STOP = r"(?<!(?<![\p{L}\p{N}])\p{Lu}\p{L}?)\.(?=\s|$)"
# A colon between digits is part of a code or a time ("QCVN 01-1:2024/BYT", "16:30"), no break.
_COLON = r"(?<!\d):|:(?!\d)"
CLAUSE_BREAK = compile_pattern(rf"[;!?()\[\]\"“”|]|{_COLON}|(?<!\d),|,(?!\d)|{_STOP}")
HARD_BREAK = compile_pattern(rf"[;!?()\[\]\"“”|]|{_COLON}|{_STOP}")
PUNCT = compile_pattern(r"[,;:()\[\]\"“”!?|]|\.(?!\d)")  # not the point inside a name ("PM2.5")
# not the decimals of a name ("PM2.5")
STANDALONE_NUMBER = compile_pattern(r"(?<![\p{L}\p{N}])(?<!\p{L}\p{N}*[.,])\d[\d.,]*(?![\p{L}\d])")
DIGIT = compile_pattern(r"\d")
LETTER = compile_pattern(r"\p{L}")
# How far back from a figure its subject is looked for: a bound that keeps a sentence of thousands of
# figures (a flattened table) linear; real subjects are a few dozen characters.
LOOKBACK = 600
_ACRONYM = compile_pattern(r"\((?:[^()\d]{1,30})\)")
_ASIDE = compile_pattern(r"\((?:[^()]{1,40})\)")  # digits too: "(nhóm 3-5)", "(theo giá so sánh 2010)"
_LAST_BREAK = compile_pattern(CLAUSE_BREAK.pattern, regex.REVERSE)  # the rightmost break first
_LAST_HARD_BREAK = compile_pattern(HARD_BREAK.pattern, regex.REVERSE)


def hide_acronyms(segment: str) -> str:
    """Blank out "(GRDP)", "(BTS)": an aside in brackets does not end a clause."""
    if "(" not in segment:
        return segment
    return _ACRONYM.sub(_blank, segment)


def last_break(segment: str) -> regex.Match[str] | None:
    """The rightmost clause break of `segment` (searched from the end: one match, not a list of all)."""
    return _LAST_BREAK.search(segment, 0, None, HOLD_GIL)


def last_hard_break(segment: str) -> regex.Match[str] | None:
    """The rightmost break of `segment` that is not a comma."""
    return _LAST_HARD_BREAK.search(segment, 0, None, HOLD_GIL)


def skip_blanks(text: str, pos: int, stop: int) -> int:
    while pos < stop and text[pos] in " \t":
        pos += 1
    return pos


def _blank(match: regex.Match[str]) -> str:
    return " " * len(match.group())


def clause_start(text: str, sentence_start: int, cue: int, figure_end: int | None = None) -> int:
    """Where the comma segment holding position `cue` starts. After `figure_end` (the end of the last
    figure before, given by a caller that knows it) no bracket holds a figure: an aside with digits
    ("Nợ xấu (nhóm 3-5) ở mức …") ends no clause either."""
    start = max(sentence_start, cue - LOOKBACK)
    if text.find("(", start, cue) < 0:  # no aside to hide: read the text in place
        last = _LAST_BREAK.search(text, start, cue, HOLD_GIL)
        return last.end() if last else start
    segment = hide_acronyms(text[start:cue])
    if figure_end is not None and "(" in segment:
        free = max(0, figure_end - start)
        segment = segment[:free] + _ASIDE.sub(_blank, segment[free:])
    last = _LAST_BREAK.search(segment)
    return start + last.end() if last else start
