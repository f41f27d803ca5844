"""Where a structural mask of exclusions.py may match: a pattern that opens with a run of digits is tried only at
the runs whose length and next character it allows, not at every character of the text (`regex` spends some
hundred instructions on each, and a report holds a run of digits every few dozen characters).

What follows a run is read with Python's string tests: over the Basic Multilingual Plane `str.isdecimal` is `regex`'s
digits and `str.isspace` holds all of its blanks (test_linear checks them), and a letter is taken to be one when
Python or `regex` may call it so. The caller scans a text with characters beyond that plane whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.frozen import frozen

_RUN = compile_pattern(r"\d+")
_ANY_LENGTH = 1 << 30

Run = tuple[int, int, str, str]  # start, end, the character after the run and the first one past blanks ("": none)
_BLANK, _LETTER, _DIGIT = "blank", "letter", "digit"  # classes of characters, as keys beside the characters


@frozen
class Opening:
    """What every match of a pattern opens with: a run of digits (its look-behind allows no digit before it) of
    `fewest` to `most` digits, the first one of `first` ("" for any), or, with `tail`, the last one or two digits of
    any run (`\\d{1,2}` and then no digit); right after the run one of `then`, a blank (`blank`) or a letter
    (`letter`), or anything when none of the three is asked; and past the blanks after it one of `past` or a digit
    (`past_digit`), or anything."""

    fewest: int = 1
    most: int = _ANY_LENGTH
    first: str = ""
    then: str = ""
    blank: bool = False
    letter: bool = False
    past: str = ""
    past_digit: bool = False
    tail: bool = False

    @property
    def then_keys(self) -> list[str]:
        return [*self.then, *[_BLANK] * self.blank, *[_LETTER] * self.letter]

    @property
    def past_keys(self) -> list[str]:
        return [*self.past, *[_DIGIT] * self.past_digit]


class DigitRuns:
    """The runs of digits of a text (read with `regex`: its digits are the patterns' own), indexed by the character
    after each run and the first one past blanks (and their classes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.runs: list[Run] = []
        self.by_then: defaultdict[str, list[int]] = defaultdict(list)
        self.by_past: defaultdict[str, list[int]] = defaultdict(list)
        # this runs for every run of digits of a text: the lists appended to most are bound once
        runs, by_then, by_past = self.runs, self.by_then, self.by_past
        blank_then, letter_then, digit_past = by_then[_BLANK], by_then[_LETTER], by_past[_DIGIT]
        for index, match in enumerate(_RUN.finditer(text, 0, None, False, HOLD_GIL)):
            start, end = match.span()
            after = beyond = text[end : end + 1]
            if after.isspace():
                blank_then.append(index)
                past = end + 1
                beyond = text[past : past + 1]
                while beyond.isspace():
                    past += 1
                    beyond = text[past : past + 1]
            runs.append((start, end, after, beyond))
            by_then[after].append(index)
            if after.isalpha() or not after.isascii():  # `_may_be_letter`, written out
                letter_then.append(index)
            by_past[beyond].append(index)
            if beyond.isdecimal():
                digit_past.append(index)

    def starts(self, opening: Opening) -> list[int]:
        """Where a match of a pattern that opens so may start, in text order."""
        keys, index = (opening.past_keys, self.by_past) if opening.past_keys else (opening.then_keys, self.by_then)
        chosen = sorted({i for key in keys if key in index for i in index[key]}) if keys else range(len(self.runs))
        fewest, most, first, then = opening.fewest, opening.most, opening.first, opening.then
        blank, letter, follows = opening.blank, opening.letter, bool(opening.then_keys)
        found: list[int] = []
        for i in chosen:
            start, end, after, _ = self.runs[i]
            if not fewest <= end - start <= most or (first and self.text[start] not in first):
                continue
            if follows and not _follows(after, then, blank, letter):
                continue
            if not opening.tail:
                found.append(start)
            elif end - start > 1:
                found += (end - 2, end - 1)
            else:
                found.append(end - 1)
        return found

    def after(self, chars: str) -> list[int]:
        """Where a character of `chars` stands right before a run, in text order."""
        text = self.text
        return [start - 1 for start, *_ in self.runs if start and text[start - 1] in chars]


def _follows(after: str, then: str, blank: bool, letter: bool) -> bool:
    return (bool(after) and after in then) or (blank and after.isspace()) or (letter and _may_be_letter(after))


def _may_be_letter(char: str) -> bool:
    """Whether `char` may be a letter of `regex` (`\\p{L}`): Python's letters, and any character beyond ASCII (a few
    letters of newer Unicode versions are no letters to Python)."""
    return char.isalpha() or not char.isascii()


def matches_at(pattern: regex.Pattern[str], text: str, starts: list[int]) -> Iterator[regex.Match[str]]:
    """`pattern.finditer(text)`, when every match of it starts at one of `starts` (in order): tried there only."""
    after = 0
    for at in starts:
        if at >= after and (match := pattern.match(text, at, None, HOLD_GIL)):
            yield match
            after = match.end()
