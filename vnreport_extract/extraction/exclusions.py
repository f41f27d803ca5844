"""What is not a metric: dates, times, years, document numbers, names with digits, links, phones.

Input: the scanning view of a text and the pattern library. Output: masked spans (`find_masked`)
where no mention may start, and `veto` for one number in its context.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property, lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.digit_runs import DigitRuns, Opening, matches_at
from vnreport_extract.extraction.numbers import NumberSpan
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    alternation,
    head_key,
    head_keys,
    last_words,
    next_words,
    tail_key,
    tail_keys,
)

# Each pattern with a hint: a pattern of Python's `re`, opening with a literal, that every match holds (a text
# without it is skipped). `re` skips to a literal far faster than `regex` tries a pattern at every digit. A hint's
# `\d` and `\s` hold all that `regex`'s do over the Basic Multilingual Plane (test_exclusions checks it), so a
# text with characters beyond that plane is scanned whole. Then what its matches open with (digit_runs.Opening, or
# words): it is tried only at the runs of digits that fit or where those words stand, else at every character.
_STRUCTURAL: list[tuple[str, str, Opening | tuple[str, ...] | None]] = [
    (r"https?://\S+|www\.\S+", r"://|www\.", ("http", "www.")),  # links, which open with one of these
    (r"\d{1,2}[:h]\d{2}(?:[:']\d{2})?(?!\d)", "[:h]", Opening(tail=True, then=":h")),  # times 16:30, 16h30
    (r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}", r"/", Opening(tail=True, past="/")),  # dates d/m/y
    # dates d-m-y
    (r"\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{4}", r"-\s*\d+\s*-\s*\d", Opening(tail=True, past="-")),
    # ISO dates 2024-05(-31)
    (r"(?<![\d.,])(?:19|20)\d{2}-(?:0[1-9]|1[0-2])(?:-\d{2})?(?!\d)", "-", Opening(4, 4, then="-")),
    # year spans 2021-2025
    (r"(?<![\d.,])(?:1[89]|20)\d{2}\s*[-–/]\s*(?:1[89]|20)\d{2}(?!\d)", "[-–/]", Opening(4, 4, past="-–/")),
    (r"(?<![\d.,/])(?:19|20)\d{2}/\d{2}(?![\d/])", "/", Opening(4, 4, then="/")),  # seasons 2024/25
    # stretches of days: "dịp nghỉ lễ 30/4 - 1/5"
    (
        r"(?<![\d.,/])(?:[12]?\d|3[01])/(?:0?[1-9]|1[0-2])\s*[-–]\s*(?:[12]?\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d/])",
        "/",
        Opening(1, 2, then="/"),
    ),
    # possessive, and only from the start of a digit chain: "1/2/3/…" must not backtrack
    # document numbers 1234/QĐ-UBND, 06-NQ/TU
    (r"(?<![\d/])\d++(?:/\d++)*+(?:[-/]\p{Lu}[\p{Lu}\p{N}&]*+)++", "[-/]", Opening(then="-/")),
    (r"(?<!\d)\d++/\d{4}/[\p{L}-]+", r"/\d\d\d\d/", Opening(then="/")),  # 82/2024/NĐ-CP
    # phones: 0258.3 822 753
    (r"(?<![\d.,])0\d{2,3}[. ]?\d{1,4}(?:[. ]\d{2,4}){1,3}(?![\d.,]\d)", "0", Opening(3, 8, first="0", then=". ")),
    (r"\(\d{3,4}\)\s*\d{3,4}[.\s]?\d{3,4}", r"\(", None),  # phones with an area code in brackets
    # codes with a leading zero: "chuyên án 0625Đ", "tổng đài 0243"
    (r"(?<![\d.,])0\d{2,}(?![\d.,]?\d)", "0", Opening(3, first="0")),
    # digit groups split by spaces: 1900 3 822 753
    (r"(?<![\d.,])\d{1,4}(?: \d{1,4}){2,}(?![\d.,]\d)", " ", Opening(1, 4, then=" ", past_digit=True)),
    # toll-free and service numbers: 1800 1090, 1900.1234
    (r"(?<![\d.,])1[89]00[ .]\d{4}(?![\d.,]?\d)", "1", Opening(4, 4, first="1", then=" .")),
    # 4G, 5G, 3D, 16h, glued codes (glued units kept later)
    (r"(?<!\d)\d++(?:\.\d++)?+[\p{L}]+\d*(?:[-–]\p{L}+)?", "", Opening(then=".", letter=True)),
    # road markers Km15+300
    (r"(?<![\d.,])\d{1,4}\s?\+\s?\d{3}(?![\d.,]?\d)", r"\+", Opening(1, 4, past="+")),
    # licence plates 29A-123.45, 59-X1 123.45, 30E 456.78
    (
        r"(?<![\p{L}\d.,])\d{2}\s?-?\s?\p{Lu}{1,2}\d?(?:\s?-\s?|\s)\d{3}\.?\d{2}(?![\d.,]?\d)",
        "",
        Opening(2, 2, then="-", blank=True, letter=True),
    ),
]


# Rare anchors, found first and widened to the left: far cheaper than a pattern tried at every word.
_DOMAIN_END = compile_pattern(r"\.(?:vn|com|net|org|gov|edu|info)\b(?:\.vn)?(?:/\S*)?", regex.I)
_DOMAIN_LEFT = compile_pattern(r"[\w.-]+$", regex.REVERSE)
_HYPHEN_DIGIT = compile_pattern(r"[-–]\d+[\p{L}\d]*")
_EMAIL_AT = compile_pattern(r"@[\w-]++(?:\.[\w-]++)+")
_EMAIL_LEFT = compile_pattern(r"[\w.+-]+$", regex.REVERSE)
_SCORE = compile_pattern(r"\d{1,2}\s?[-–]\s?\d{1,2}(?![\d.,]?\d|\s?%)")
_SCORE_HINT = re.compile(r"[-–]\s?\d")  # held by every score, as the hints of `_STRUCTURAL`
_SCORE_OPENS = Opening(tail=True, past="-–")  # where a score may start
_HYPHENS = "-–"  # what `_HYPHEN_DIGIT` opens with, right before a run of digits
_SCORE_CUE_REACH = 80  # characters a score's cue and the word after it are read within
_EMAIL_REACH = 100  # characters of the part before the @ that are read (real ones are far shorter)


class Span(NamedTuple):
    start: int
    end: int
    reason: str


class Exclusions:
    """Compiled exclusion rules of one pattern library."""

    def __init__(self, library: PatternLibrary) -> None:
        self.library = library

    @cached_property
    def structural(self) -> list[tuple[regex.Pattern[str], re.Pattern[str], Opening | tuple[str, ...] | None]]:
        # One pass per pattern: a single alternation of all of them is several times slower.
        return [(compile_pattern(pattern), re.compile(hint), opening) for pattern, hint, opening in _STRUCTURAL]

    @cached_property
    def glued_unit(self) -> regex.Pattern[str]:
        lib = self.library
        units = [*lib.measure_by_surface, *lib.currency_by_surface]
        glued = alternation(lib.numbers.glued_scales)  # "35k", "3tr2": a scale, not a code ("18K": a karat)
        return compile_pattern(rf"\d+(?:[.,]\d+)*(?:(?i:{alternation(units)})|{glued}\d{{0,3}}){WORD_END}")

    @cached_property
    def before_name(self) -> regex.Pattern[str]:
        ex = self.library.exclusions
        names = alternation([*ex.document_types, *ex.named_by_number])
        marker = alternation(ex.number_marker)
        every = rf"(?<!{WORD_START}(?:{alternation(ex.distributives)})\s+)" if ex.distributives else ""
        return compile_pattern(rf"{every}{WORD_START}(?P<name>{names})(?:\s+{marker})?\s*\Z", BACKWARD)

    def _states_figure(self, text: str, number: NumberSpan, left: str, has_unit: bool, has_measure: bool) -> bool:
        """After a document type, a figure: "kế hoạch 8%", "kế hoạch 1.826 hộ", "vượt kế hoạch 320 hộ"."""
        if has_measure or (has_unit and _grouped(text, number)):
            return True
        return bool(self.exceeded_plan.search(left, 0, None, HOLD_GIL))

    @cached_property
    def exceeded_plan(self) -> regex.Pattern[str]:
        """"vượt kế hoạch 320 hộ": by how much a plan was exceeded, not a plan's number."""
        change = self.library.change
        plans = alternation(change.exceeded_plans)
        return compile_pattern(rf"{WORD_START}(?:{alternation(change.exceed)})\s+(?:{plans})\s*\Z", BACKWARD)

    @cached_property
    def number_word(self) -> regex.Pattern[str]:
        """"tổng số 318", "phân hạng 42 sản phẩm": a name word inside a longer word or verb names nothing."""
        ex = self.library.exclusions
        words, marker = alternation(ex.number_word_not_name), alternation(ex.number_marker)
        verbs = rf"|{WORD_START}(?:{alternation(ex.verbs_not_names)})\s*\Z" if ex.verbs_not_names else ""
        return compile_pattern(rf"{WORD_START}{words}\s+{marker}\s*\Z{verbs}", BACKWARD)

    @cached_property
    def after_name(self) -> regex.Pattern[str]:
        ex = self.library.exclusions
        # not before a per-unit: "độ mặn 4,5 g/l" is grams per litre
        return compile_pattern(rf"\s?{alternation(ex.name_suffixes)}{WORD_END}(?!/\p{{L}})", regex.I)

    def _fits_date(self, part: regex.Match[str], number: NumberSpan, has_measure: bool) -> bool:
        """Whether the number after a month, day or quarter word can be that part of a date: "tháng 9",
        but not the figure after a stretch ("lãi 9 tháng 1.126 tỷ đồng", "9 tháng 215 tỷ đồng")."""
        periods = self.library.periods
        word = " ".join(part.group().split()).lower()
        kind = "month" if word in periods.month_words else "quarter" if word in periods.quarter_words else "day"
        if number.value != int(number.value) or not 1 <= number.value <= _DATE_PART_MAX[kind]:
            return False
        return not (has_measure and number.scaled)

    @cached_property
    def date_part(self) -> regex.Pattern[str]:
        """"cuối tháng 11", "ngày 26": a number right after a month or day word is a date."""
        periods = self.library.periods
        return last_words([*periods.month_words, *periods.day_words, *periods.quarter_words])

    @cached_property
    def coordinate_keys(self) -> frozenset[str]:
        return head_keys(self.library.exclusions.coordinates_after)

    @cached_property
    def coordinate(self) -> regex.Pattern[str]:
        return next_words(self.library.exclusions.coordinates_after)

    def _is_adjective(self, text: str, number: NumberSpan) -> bool:
        """"lúa chín", "quả chín": a spelled digit that means ripe after a crop."""
        nouns = self.library.exclusions.adjective_digits.get(text[number.start : number.end].lower())
        return bool(nouns) and bool(_noun_before(nouns).search(text, max(0, number.start - 20), number.start, HOLD_GIL))

    @cached_property
    def year_word(self) -> regex.Pattern[str]:
        return last_words(self.library.periods.year_words)

    @cached_property
    def name_keys(self) -> frozenset[str]:
        ex = self.library.exclusions
        return tail_keys([*ex.document_types, *ex.named_by_number, *ex.number_marker])

    @cached_property
    def date_keys(self) -> frozenset[str]:
        periods = self.library.periods
        return tail_keys([*periods.month_words, *periods.day_words, *periods.quarter_words])

    @cached_property
    def suffix_keys(self) -> frozenset[str]:
        return head_keys(self.library.exclusions.name_suffixes)

    @cached_property
    def score_cue(self) -> regex.Pattern[str]:
        """"thắng 3-1", "tỷ số 2 - 0": a match score right after its cue or one word later. Use `.match`
        at the score's start: it runs backwards and is anchored there."""
        cues = alternation(self.library.exclusions.match_score_cues)
        return compile_pattern(rf"{WORD_START}{cues}\s+(?:\p{{L}}+\s+)?", BACKWARD)

    def _match_scores(self, text: str, runs: DigitRuns | None) -> list[Span]:
        """Scores found first, then their cue before them: a cue tried at every word costs far more."""
        scores = _SCORE.finditer(text) if runs is None else matches_at(_SCORE, text, runs.starts(_SCORE_OPENS))
        return [
            Span(score.start(), score.end(), "match score")
            for score in scores
            if self.score_cue.match(text, max(0, score.start() - _SCORE_CUE_REACH), score.start(), HOLD_GIL)
        ]

    @cached_property
    def page_counter(self) -> regex.Pattern[str]:
        """"7.244 lượt xem" alone on its line: a web page's counter."""
        counters = alternation(self.library.exclusions.page_counters)
        return compile_pattern(rf"^[ \t]*\d[\d.,]*[ \t]+{counters}[ \t]*$", regex.I | regex.M)

    def _page_counters(self, text: str) -> list[Span]:
        """The counter is tried only at the start of a line that opens with a digit, not at every position;
        it is read up to the end of the next line (its words may be broken over a line: "lượt\\nxem")."""
        spans, line_start = [], 0
        for line in text.split("\n"):
            if line.lstrip(" \t")[:1].isdigit():
                stop = text.find("\n", line_start + len(line) + 1)
                if match := self.page_counter.match(text, line_start, len(text) if stop < 0 else stop, HOLD_GIL):
                    spans.append(Span(match.start(), match.end(), "page counter"))
            line_start += len(line) + 1
        return spans

    @cached_property
    def cue_words(self) -> tuple[Required, Required]:
        """The words every page counter and every match score holds: a text without them skips the scan."""
        ex = self.library.exclusions
        return Required(ex.page_counters), Required(ex.match_score_cues)

    def find_masked(self, text: str) -> list[Span]:
        hinted = not _beyond_plane(text)
        runs = DigitRuns(text) if hinted else None
        spans = [*_domains(text), *_emails(text), *_names_with_digits(text, runs)]
        counters, scores = self.cue_words
        if not counters.absent_in(text, 0, len(text)):  # the text's lower case is kept for later tests
            spans += self._page_counters(text)
        if (not hinted or _SCORE_HINT.search(text)) and not scores.absent_in(text, 0, len(text)):
            spans += self._match_scores(text, runs)
        for pattern, hint, opening in self.structural:
            if hinted and not hint.search(text):
                continue
            if opening is None or runs is None:
                found = pattern.finditer(text, 0, None, False, HOLD_GIL)
            elif isinstance(opening, Opening):
                found = matches_at(pattern, text, runs.starts(opening))
            else:
                found = matches_at(pattern, text, _places(text, opening))
            for match in found:
                if not self.glued_unit.fullmatch(match.group(), 0, None, HOLD_GIL):
                    spans.append(Span(match.start(), match.end(), "structural"))
        return spans

    def is_named_year(self, text: str, number: NumberSpan) -> bool:
        """"năm 2024": a year after a year word, no metric whatever follows the number (so it is asked first,
        before the range, unit and kind of the number are read, and `veto` does not ask it again)."""
        if not (number.plain_integer and _looks_like_year(text, number)):
            return False
        return bool(self.year_word.search(text[max(0, number.start - 40) : number.start], 0, None, HOLD_GIL))

    def veto(
        self, text: str, number: NumberSpan, has_unit: bool, has_measure: bool = False, end: int | None = None,
        next_key: str | None = None,
    ) -> str | None:
        """Why the number is not a metric, or None if it may be one (a named year, `is_named_year`, is asked
        first). `has_unit`: a lexicon unit
        follows it; `has_measure`: that unit is a percent, currency or measure, never part of a name.
        Nothing after `end` (the sentence's end) is read. `next_key`: the `head_key` after the number,
        read already (up to `end`)."""
        end = len(text) if end is None else end
        left = text[max(0, number.start - 40) : number.start]
        key = tail_key(left)
        # "Nghị quyết 57", "kế hoạch số 3645" name a document; "kế hoạch 8%", "kế hoạch 1.826 hộ" state a
        # figure (a number with thousands or decimals and a unit is no identifier).
        name = self.before_name.search(left, 0, None, HOLD_GIL) if key in self.name_keys else None
        named = name and not self.number_word.search(left, 0, None, HOLD_GIL) and not _ends_proper_name(left, name)
        if named and not self._states_figure(text, number, left, has_unit, has_measure):
            return "name or document number"
        part = self.date_part.search(left, 0, None, HOLD_GIL) if key in self.date_keys else None
        if part and self._fits_date(part, number, has_measure):
            return "part of a date"
        if not number.spelled:
            after = head_key(text, number.digits_end, min(end, number.digits_end + 4))
            if after in self.suffix_keys and self.after_name.match(text, number.digits_end, end, HOLD_GIL):
                return "name with a digit"
            if next_key is None or number.end != number.digits_end:
                next_key = head_key(text, number.digits_end, end)
            if next_key in self.coordinate_keys and self.coordinate.match(text, number.digits_end, end, HOLD_GIL):
                return "coordinate"
        if number.spelled and self._is_adjective(text, number):
            return "adjective"
        if not has_unit and number.plain_integer and _looks_like_year(text, number):
            return "year"  # a year after a year word is turned down before this is asked (`is_named_year`)
        return None


_DATE_PART_MAX = {"month": 12, "day": 31, "quarter": 4}


def _ends_proper_name(left: str, name: regex.Match[str]) -> bool:
    """Whether the name noun, capitalised, ends a proper name after a capitalised word within the sentence: "huyện Tam
    Đường 318 nhà" (a district, then a count), not "Quốc lộ 1A" nor "Đường 3/2" opening a sentence."""
    at = name.start("name")
    if not left[at : at + 1].isupper():
        return False
    words = left[:at].rstrip().rsplit(maxsplit=2)
    if not words or not words[-1][:1].isupper() or not words[-1][-1].isalpha():
        return False  # "Gia Lai: Bão số 13": a colon ends the name before
    return len(words) > 1 and not words[-2].endswith((".", ":", "!", "?", '"'))


def _beyond_plane(text: str) -> bool:
    """Whether `text` holds a character beyond the Basic Multilingual Plane: one that takes two UTF-16 units (a
    C loop, several times cheaper than searching for one with `re`)."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def _places(text: str, words: tuple[str, ...]) -> list[int]:
    """Where each of `words` stands in `text` (overlapping too), in order."""
    places = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            places.append(at)
            at = text.find(word, at + 1)
    return sorted(places)


def _grouped(text: str, number: NumberSpan) -> bool:
    """Digits written with a thousands or decimal separator: "1.826", "12,5"."""
    return not number.spelled and any(ch in ".," for ch in text[number.start : number.digits_end])


@lru_cache(maxsize=16)
def _noun_before_cached(nouns: tuple[str, ...]) -> regex.Pattern[str]:
    return last_words(nouns, r"\s+")


def _noun_before(nouns: list[str]) -> regex.Pattern[str]:
    return _noun_before_cached(tuple(nouns))


def _looks_like_year(text: str, number: NumberSpan) -> bool:
    return 1900 <= number.value <= 2100 and number.digits_end - number.start == 4


def _domains(text: str) -> list[Span]:
    """Bare domains and paths: postmart.vn, www.quangninh.gov.vn/van-ban/..."""
    spans = []
    for match in _DOMAIN_END.finditer(text, 0, None, False, HOLD_GIL):
        left = _DOMAIN_LEFT.search(text, max(0, match.start() - 80), match.start(), HOLD_GIL)
        if left:
            spans.append(Span(left.start(), match.end(), "link"))
    return spans


def _emails(text: str) -> list[Span]:
    """E-mail addresses, found from their @ and widened to the left within a bound: a pattern tried
    at every letter would run to the end of each long word, once per letter."""
    spans = []
    for match in _EMAIL_AT.finditer(text, 0, None, False, HOLD_GIL):
        left = _EMAIL_LEFT.search(text, max(0, match.start() - _EMAIL_REACH), match.start(), HOLD_GIL)
        if left:
            spans.append(Span(left.start(), match.end(), "structural"))
    return spans


def _names_with_digits(text: str, runs: DigitRuns | None) -> list[Span]:
    """Names that glue letters to a number with a hyphen: COVID-19, TH-02."""
    spans = []
    found = _HYPHEN_DIGIT.finditer(text) if runs is None else matches_at(_HYPHEN_DIGIT, text, runs.after(_HYPHENS))
    for match in found:
        start = match.start()
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        if start < match.start():
            spans.append(Span(start, match.end(), "name"))
    return spans


class SpanIndex:
    """Spans indexed for overlap questions in logarithmic time (a sentence may hold thousands).

    >>> index = SpanIndex([Span(10, 20, "a"), Span(0, 3, "b")])
    >>> index.overlaps(2, 4), index.overlaps(3, 10), index.overlaps(19, 30)
    (True, False, True)
    """

    def __init__(self, spans: list[Span]) -> None:
        ordered = sorted(spans, key=attrgetter("start"))
        self.starts = [s.start for s in ordered]
        self.reach = list(accumulate((s.end for s in ordered), max))  # the furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        """True if [start, end) overlaps a span."""
        before_end = bisect_left(self.starts, end)  # the spans that start before `end`
        return before_end > 0 and self.reach[before_end - 1] > start
