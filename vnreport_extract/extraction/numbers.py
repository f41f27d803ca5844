"""Numbers: "2.113.013", "103,5", "08", "3,5 nghìn tỷ", "hai mươi lăm" -> a value and its span.

Input: the scanning view of a normalised text (or one phrase, for `parse_number`). Output:
`NumberSpan`s with start/end offsets and the value with scale words applied.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.library import (
    WORD_END,
    WORD_START,
    PatternLibrary,
    WordScan,
    alternation,
    default_library,
    head_key,
    head_keys,
)

DIGITS = compile_pattern(
    r"""
    (?<![\p{L}\p{N}_.,/])            # not the middle of a word, a number or a date
    (?:
        \d{1,3}(?:\.\d{3})+(?:,\d+)?  # 2.113.013   1.234,5   (dots group thousands)
      | \d{1,3}(?:,\d{3}){2,}(?:\.\d+)?  # 1,200,000 (English grouping, two groups or more)
      | \d+,\d+                       # 103,5       (comma marks decimals)
      | \d+\.\d+                      # 4.0  2.5    (a dot not followed by three digits)
      | \d+                           # 2024  08
    )
    (?![\p{N}]|[.,]\d|\s*/\s*\d)     # and not followed by more of a number or a slash pair
    """,
    regex.VERBOSE,
)


_DIGIT_STRING = compile_pattern(r"[\d.,]+")
_WORD = compile_pattern(r"\p{L}+")


class NumberSpan(NamedTuple):
    """A number found in the text, scale words included in [start, end). A named tuple: one is built for every
    number of a report (and again for those read across a sentence's edge), at a fraction of a record's cost."""

    start: int
    end: int
    value: float
    digits_end: int  # end of the digits or words before any scale word
    spelled: bool = False
    scaled: bool = False
    at_least: bool = False  # "hàng chục nghìn": an indefinite amount of at least the value
    time_word: bool = False  # "năm": five before a counted noun ("năm trạm"), else the word for year
    glued: bool = False  # a scale letter glued to the digits ("35k", "8tr"): how prices and pay are written

    @property
    def plain_integer(self) -> bool:
        """True for a run of digits with no separator, decimal or scale word (years, codes)."""
        return not self.spelled and not self.scaled


def parse_digits(text: str) -> float | None:
    """The value of a digit string written the Vietnamese (or English) way.

    >>> parse_digits("2.113.013"), parse_digits("103,5"), parse_digits("1.234,5"), parse_digits("4.0")
    (2113013.0, 103.5, 1234.5, 4.0)
    """
    if text.isdecimal():  # most figures: no separator to read
        return float(text)
    text = text.strip()
    if not text or not _DIGIT_STRING.fullmatch(text, 0, None, HOLD_GIL) or not any(ch.isdigit() for ch in text):
        return None
    return _separated_value(text)


def _matched_value(digits: str) -> float | None:
    """`parse_digits` of a match of `DIGITS`, which needs none of its tests of what the string holds."""
    try:
        return float(digits) if digits.isdecimal() else _separated_value(digits)
    except ValueError:  # a digit to `regex` that Python does not know (another Unicode version): read as it does
        return parse_digits(digits)


def _separated_value(text: str) -> float | None:
    """`parse_digits` of digits and separators only, holding a digit (what `DIGITS` matches)."""
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            return float(text.replace(".", "").replace(",", "."))
        return float(text.replace(",", ""))
    if "," in text:
        groups = text.split(",")
        if len(groups) > 2 and all(len(g) == 3 for g in groups[1:]):
            return float(text.replace(",", ""))
        return float(text.replace(",", ".", 1)) if len(groups) == 2 else None
    if "." in text:
        groups = text.split(".")
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and groups[0]:
            return float(text.replace(".", ""))
        return float(text) if len(groups) == 2 else None
    return float(text)


class _SpelledParser:
    """Reads spelled-out Vietnamese numbers word by word ("hai mươi mốt nghìn không trăm mười một")."""

    def __init__(self, library: PatternLibrary) -> None:
        n = library.numbers
        self.digits, self.tens, self.hundreds = n.digits, n.tens, n.hundreds
        self.joiners, self.halves = set(n.joiners.words), set(n.halves.words)
        self.half_alone = set(n.half_before_scale)  # "nửa triệu": the scanner lets it open only before a scale
        self.scales = library.scale_values
        self.ten_alone = next(iter(n.tens))  # the first entry reads "ten" on its own

    def tokens(self, text: str) -> list[str]:
        words, out, i = text.lower().split(), [], 0
        while i < len(words):
            pair = " ".join(words[i : i + 2])
            if pair in self.scales:
                out.append(pair)
                i += 2
            else:
                out.append(words[i])
                i += 1
        return out

    def parse(self, text: str) -> float | None:
        total, group, pending, last_scale, largest = 0.0, 0.0, None, 1.0, 0.0
        for token in self.tokens(text):
            if token in self.digits or token in self.half_alone:
                if pending is not None:
                    return None
                pending = self.digits.get(token, 0.5)
            elif token in self.tens:
                if token == self.ten_alone:
                    if pending is not None:
                        return None
                    group += 10
                elif pending is None:
                    return None
                else:
                    group, pending = group + pending * 10, None
            elif token in self.hundreds:
                group, pending = group + (1 if pending is None else pending) * 100, None
            elif token in self.joiners:
                continue
            elif token in self.scales:
                group += pending or 0
                last_scale = float(self.scales[token])
                if last_scale > largest:  # "ba nghìn hai trăm tỷ": a larger scale multiplies all before it
                    total, largest = ((total + group) or 1) * last_scale, last_scale
                else:
                    total += (group or 1) * last_scale
                group, pending = 0.0, None
            elif token in self.halves:
                total += last_scale / 2
            else:
                return None
        return total + group + (pending or 0)


@dataclass(frozen=True)
class _Scanners:
    scale: regex.Pattern[str]
    compound: regex.Pattern[str]
    tenth: regex.Pattern[str]  # "1 triệu 2": one digit after the scale word, ending the phrase, is its tenths
    negative: regex.Pattern[str]
    spelled: WordScan  # tried only where a word that may open a spelled number starts
    phrase: regex.Pattern[str]
    indefinite: regex.Pattern[str]


@lru_cache(maxsize=8)
def _scanners(library: PatternLibrary) -> _Scanners:
    """The number regexes of one library, compiled once (keyed by the library object itself)."""
    numbers = library.numbers
    tail_only = set(numbers.tail_only.words)
    starts = [w for w, v in numbers.digits.items() if v > 0 and w not in tail_only]
    starts.append(next(iter(numbers.tens)))
    scales, half = alternation(library.scale_values), alternation(numbers.halves.words)
    round_words = alternation(_round_values(library))
    return _Scanners(
        scale=compile_pattern(
            rf"\s*(?!(?:{alternation(numbers.not_scales)}){WORD_END})(?P<scale>{scales}){WORD_END}"
            rf"(?:\s+{half}{WORD_END})?",
            regex.I,
        ),
        negative=compile_pattern(
            rf"{WORD_START}(?:{alternation(numbers.negative_in_text)})[ \t]+$",
            regex.I | regex.REVERSE,
        ),
        compound=compile_pattern(rf"[ \t]+(?P<n>\d{{1,3}})[ \t]*(?P<scale>{scales}){WORD_END}", regex.I),
        tenth=compile_pattern(r"[ \t]+(?P<d>[1-9])(?=[ \t]*(?:[,;:!?)]|\.(?!\d)|$))"),
        spelled=WordScan(
            compile_pattern(
                rf"{WORD_START}(?:{alternation(starts)}|{alternation(numbers.half_before_scale)}(?=\s+{scales}{WORD_END}))"
                rf"(?:\s+{alternation(library.number_words)})*{WORD_END}",
                regex.I,
            ),
            [starts, numbers.half_before_scale],
        ),
        indefinite=compile_pattern(
            rf"{WORD_START}(?:{alternation(numbers.at_least_before)})\s+(?P<words>{round_words}(?:\s+{round_words})*)"
            rf"{WORD_END}",
            regex.I,
        ),
        phrase=compile_pattern(
            rf"(?P<neg>-\s*|{alternation(numbers.negatives.words)}\s+)?"
            r"(?P<num>\d[\d.,]*|[.,]\d+)\s*(?P<suffix>[kKmMgG])?$",
            regex.I,
        ),
    )


@lru_cache(maxsize=8)
def _round_values(library: PatternLibrary) -> dict[str, float]:
    """Words that name a round amount on their own: "chục" 10, "trăm" 100, the scale words."""
    numbers = library.numbers
    tens = {w: v for w, v in numbers.tens.items() if w != next(iter(numbers.tens))}
    return {**tens, **numbers.hundreds, **library.scale_values}


@lru_cache(maxsize=8)
def _spelled_parser(library: PatternLibrary) -> _SpelledParser:
    return _SpelledParser(library)


@lru_cache(maxsize=8)
def _scale_keys(library: PatternLibrary) -> frozenset[str]:
    """The first tokens of the scale words: most numbers have none after them, and the scale is not tried."""
    return head_keys(library.scale_values)


_SCALE_REACH = 40  # characters a scale word may follow a number within ("4,3  triệu rưỡi")


def _scaled(value: float) -> float:
    """A product with a scale word, to the 15 significant digits a float holds: "8,2 tỷ" is 8200000000, not the
    8199999999.999999 that 8.2 * 1e9 gives."""
    return float(f"{value:.15g}")


def _apply_scale(
    text: str, pos: int, value: float, library: PatternLibrary, end: int | None = None
) -> tuple[float, int, bool]:
    """Multiply by scale words that follow position `pos` ("4,3 triệu", "2 tỷ rưỡi"), before `end`."""
    stop = len(text) if end is None else end
    reach = min(stop, pos + _SCALE_REACH)
    scaled = head_key(text, pos, reach) in _scale_keys(library)
    match = _scanners(library).scale.match(text, pos, reach, HOLD_GIL) if scaled else None
    if not match:
        return value, pos, False
    scale = library.scale_values[" ".join(match["scale"].lower().split())]
    halves = 0.5 if match.end() > match.end("scale") else 0.0
    # rounded: a decimal comma times a scale is inexact in binary ("4,1 tỷ" gave 4099999999.9999995)
    value, end = _scaled((value + halves) * scale), match.end()
    # "3 triệu 500 nghìn": each further group has a smaller scale and adds to the first
    compound = _scanners(library).compound
    first_scale = scale
    while not halves and (more := compound.match(text, end, min(stop, end + _SCALE_REACH), HOLD_GIL)):
        smaller = library.scale_values[" ".join(more["scale"].lower().split())]
        if smaller >= scale:
            break
        value, end, scale = value + int(more["n"]) * smaller, more.end(), smaller
    tenth = None if halves or scale != first_scale else _scanners(library).tenth
    if tenth and (digit := tenth.match(text, end, min(stop, end + _SCALE_REACH), HOLD_GIL)):
        value, end = _scaled(value + int(digit["d"]) * scale / 10), digit.end("d")
    return value, end, True


def find_numbers(
    text: str, library: PatternLibrary | None = None, start: int = 0, end: int | None = None
) -> Iterator[NumberSpan]:
    """Every number inside `text[start:end]` (scale words included), digits or spelled out, in text
    order. A number too large for a finite float is none.

    >>> [(n.value, n.start, n.end) for n in find_numbers("đạt 4,3 triệu thẻ và hai mươi lăm xã")]
    [(4300000.0, 4, 13), (25.0, 21, 33)]
    >>> [(n.value, n.end) for n in find_numbers("vốn 3\\ntỷ", end=5)]
    [(3.0, 5)]
    """
    library = library or default_library()
    end = len(text) if end is None else end
    found = [
        *_digit_numbers(text, library, start, end),
        *_spelled_numbers(text, library, start, end),
        *_indefinite_numbers(text, library, start, end),
    ]
    yield from sorted([n for n in found if math.isfinite(n.value)], key=attrgetter("start"))


def _digit_numbers(text: str, library: PatternLibrary, start: int, end: int) -> Iterator[NumberSpan]:
    scale_keys, negative_words = _scale_keys(library), library.negative_words
    finals, glued_firsts = _negative_finals(library), _glued_firsts(library)
    for match in DIGITS.finditer(text, start, end, False, HOLD_GIL):
        value = _matched_value(match.group())
        if value is None:
            continue
        first, digits_end = match.span()
        scaled_value, number_end, scaled, glued = value, digits_end, False, None
        if head_key(text, digits_end, min(end, digits_end + _SCALE_REACH)) in scale_keys:
            scaled_value, number_end, scaled = _apply_scale(text, digits_end, value, library, end)
        elif text[digits_end : digits_end + 1] in glued_firsts and (glued := _glued_scale(text, match, library, end)):
            (scaled_value, number_end), scaled = glued, True
        sign = None
        if (
            first > start + 1 and text[first - 1] in " \t" and text[first - 2].lower()[-1:] in finals
            and _word_before(text, first - 1) in negative_words
        ):
            sign = _scanners(library).negative.search(text, max(start, first - 12), first, HOLD_GIL)
        if sign:  # "âm 1,2%": the sign word is part of the number
            first, scaled_value = sign.start(), -scaled_value
        yield NumberSpan(first, number_end, scaled_value, digits_end, scaled=scaled, glued=glued is not None)


@lru_cache(maxsize=8)
def _glued_firsts(library: PatternLibrary) -> frozenset[str]:
    """The first letters of the glued scales: a number followed by none has no glued scale."""
    return frozenset(mark[:1] for mark in library.numbers.glued_scales)


@lru_cache(maxsize=8)
def _glued_pattern(library: PatternLibrary) -> regex.Pattern[str]:
    marks = alternation(library.numbers.glued_scales)
    return compile_pattern(rf"(?P<mark>{marks})(?P<decimals>\d{{1,3}})?(?![\p{{L}}\p{{N}}]|[.,]\d)")


def _glued_scale(text: str, digits: regex.Match[str], library: PatternLibrary, end: int) -> tuple[float, int] | None:
    """"35k" = 35 000, "3tr2" = 3 200 000 (`glued_scales`): the value and where it ends, or None."""
    glued = _glued_pattern(library).match(text, digits.end(), end, HOLD_GIL)
    if glued is None or (glued["decimals"] and not digits.group().isdecimal()):
        return None
    if _word_before(text, digits.start() - 1) in library.numbers.glued_not_after:
        return None
    written = digits.group()
    value = float(f"{written}.{glued['decimals']}") if glued["decimals"] else _matched_value(written)
    if value is None:
        return None
    return _scaled(value * library.numbers.glued_scales[glued["mark"]]), glued.end()


@lru_cache(maxsize=8)
def _negative_finals(library: PatternLibrary) -> frozenset[str]:
    """The last letters of the sign words, lower case: a number after a word ending otherwise has no sign word
    before it, and that word is not read. (A capital sigma lowers to a final sigma at a word's end only.)"""
    finals = {word[-1] for word in library.negative_words if word}
    return frozenset(finals | ({_SIGMA} if _FINAL_SIGMA in finals else set()))


_SIGMA, _FINAL_SIGMA = chr(0x3C3), chr(0x3C2)


_WORD_BEFORE_REACH = 12  # longer than any sign word


def _word_before(text: str, end: int) -> str:
    """The last blank-separated word before `end`, lower case (the last word of a phrase). Only the
    last few characters are looked at: a longer word is no sign word, and is not copied."""
    reach = max(0, end - _WORD_BEFORE_REACH)
    space = max(text.rfind(" ", reach, end), text.rfind("\t", reach, end))
    if space < 0 and reach > 0:
        return ""
    return text[space + 1 : end].lower()


def _spelled_numbers(text: str, library: PatternLibrary, start: int, end: int) -> Iterator[NumberSpan]:
    """Spelled-out numbers; a lone word that is also a time word ("năm") is marked: five or year."""
    for match in _scanners(library).spelled.finditer(text, start, end):
        reading = _spelled_reading(library, match.group())
        if reading is not None:
            length, value, scaled, time_word = reading
            number_end = match.start() + length
            yield NumberSpan(match.start(), number_end, value, number_end, True, scaled, time_word=time_word)


@lru_cache(maxsize=4096)
def _spelled_reading(library: PatternLibrary, written: str) -> tuple[int, float, bool, bool] | None:
    """What a match of the spelled scanner reads as (a pure function of its words, and most are the same few:
    "năm", "một"): the length of the number, its trailing joiners left out, its value, whether a scale word
    is in it, and whether it is a lone time word; None if it is no number."""
    words = written.split()
    joiners = library.numbers.joiners.words
    while words and words[-1].lower() in joiners:
        words.pop()
    if not words:
        return None
    value = _spelled_parser(library).parse(" ".join(words) if len(words) > 1 else words[0])
    if value is None:
        return None
    time_words, scale_words = _spelled_word_sets(library)
    lowered = [w.lower() for w in words]
    scaled = any(map(scale_words.__contains__, lowered))
    time_word = len(words) == 1 and lowered[0] in time_words
    return _true_end(written, 0, len(words), len(written)), value, scaled, time_word


@lru_cache(maxsize=8)
def _spelled_word_sets(library: PatternLibrary) -> tuple[frozenset[str], frozenset[str]]:
    """The time words and the scale words of a library, built once (numbers are read sentence by sentence). Tens
    and hundreds scale nothing: "mười tháng" is a duration as "10 tháng" is, "mười nghìn ngày" an amount of days."""
    scales = {word for scale in library.numbers.scales for word in scale.split()}
    return frozenset(library.units.time.words), frozenset(scales)


def _indefinite_numbers(text: str, library: PatternLibrary, start: int, end: int) -> Iterator[NumberSpan]:
    """"hàng chục nghìn", "hàng trăm": the product of the round words, an amount of at least that."""
    values = _round_values(library)
    for match in _scanners(library).indefinite.finditer(text, start, end, False, HOLD_GIL):
        words = _spelled_parser(library).tokens(match["words"])
        value = 1.0
        for word in words:
            value *= values[word]
        scaled = any(word in library.scale_values for word in words)
        yield NumberSpan(match.start(), match.end(), value, match.end(), spelled=True, scaled=scaled, at_least=True)


def _true_end(text: str, start: int, n_words: int, end: int) -> int:
    """The offset after the n-th word from `start` (words may be separated by several blanks)."""
    for i, match in enumerate(_WORD.finditer(text, start, end, False, HOLD_GIL)):
        if i == n_words - 1:
            return match.end()
    return end


def parse_number(text: str, library: PatternLibrary | None = None) -> float | None:
    """Read one number phrase, digits or words, with scale words applied; None if it is not one.

    >>> parse_number("3,5 nghìn tỷ"), parse_number("một trăm linh năm"), parse_number("1,2M")
    (3500000000000.0, 105.0, 1200000.0)
    >>> parse_number("doanh thu") is None, parse_number("9" * 400) is None
    (True, True)
    """
    library = library or default_library()
    phrase = " ".join(text.strip().split())
    if not phrase:
        return None
    digits = _parse_digit_phrase(phrase, library)
    if digits is not None:
        return digits if math.isfinite(digits) else None
    sign, body = _split_sign(phrase, library)
    spelled = _spelled_parser(library).parse(body) if body else None
    return None if spelled is None or not math.isfinite(spelled) else sign * spelled


def _split_sign(phrase: str, library: PatternLibrary) -> tuple[float, str]:
    first, _, rest = phrase.partition(" ")
    if first.lower() in library.numbers.negatives.words:
        return -1.0, rest
    return 1.0, phrase


def _parse_digit_phrase(phrase: str, library: PatternLibrary) -> float | None:
    negative = alternation(library.numbers.negatives.words)
    head = regex.match(rf"(?P<body>(?:-\s*|{negative}\s+)?(?:\d[\d.,]*|[.,]\d+)\s*[kKmMgG]?)", phrase, regex.I)
    if not head:
        return None
    match = _scanners(library).phrase.match(head["body"], 0, None, HOLD_GIL)
    if not match:
        return None
    number = match["num"]
    value = parse_digits("0" + number if number[0] in ".," else number)
    if value is None:
        return None
    if match["suffix"]:
        value *= library.numbers.suffix_scales[match["suffix"].lower()]
    value, end, _ = _apply_scale(phrase, head.end(), value, library)
    if phrase[end:].strip():
        return None
    return -value if match["neg"] else value
