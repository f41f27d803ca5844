"""Text normalisation: NFC first, so that every offset indexes the normalised text.

Input: raw decoded text. Output: the text all offsets refer to (`normalize`), and a same-length
copy for scanning (`scanning_view`) where look-alike characters are folded.
"""

import re
import unicodedata

import regex

from vnreport_extract.compiled import compile_pattern

_SAME_LENGTH_FOLDS = {
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\r": "\n",
}


# A name in quotes inside a sentence: a film, a product, a campaign ("bộ phim "Mai Vàng" đạt …", "chương trình
# "Chủ nhật Đỏ""): a capital right after the opening mark, a few words with no sentence punctuation, the closing mark.
# Quoted speech is longer or holds punctuation, and its marks still end a clause.
_QUOTED_NAME = compile_pattern(r'"(?=\p{Lu}|\d)[^".,;:!?()\n]{1,60}"')
# A whole date written with dashes or points ("ngày 15-11-2025", "đến 15.11.2025") reads as one with slashes. Python's
# `re` finds these faster than `regex`, and most texts hold none: the cheap test of a month, a mark and a year first.
_DASHED_DATE = re.compile(
    r"(?<![\d.,/-])(?:0?[1-9]|[12]\d|3[01])(?P<sep>[-.])(?:0?[1-9]|1[0-2])(?P=sep)(?:19|20)\d{2}(?![\d]|[.,/-]\d)"
)
_DATED_YEAR = re.compile(r"\d[-.](?:19|20)\d\d")


def normalize(text: str) -> str:
    """NFC-normalise and drop a leading byte-order mark.

    >>> normalize("Ho\\u0300a")
    'Hòa'
    """
    return unicodedata.normalize("NFC", text).lstrip("\ufeff")


def scanning_view(text: str) -> str:
    """A copy of `text` of the same length with spaces, dashes and quotes folded for matching, the quote
    marks around a short name blanked, and a whole date's dashes or points made slashes.

    >>> scanning_view("5\\u20137%") == "5-7%"
    True
    """
    for char, folded in _SAME_LENGTH_FOLDS.items():
        if char in text:  # str.translate with a table is several times slower on long texts
            text = text.replace(char, folded)
    if '"' in text:
        text = _QUOTED_NAME.sub(_unquoted, text)
    return _DASHED_DATE.sub(_slashed, text) if _DATED_YEAR.search(text) else text


def _slashed(match: re.Match[str]) -> str:
    return match.group().replace(match["sep"], "/")


def _unquoted(match: regex.Match[str]) -> str:
    """The name without its quote marks, blanked to keep the length: a name in quotes ends no clause."""
    return " " + match.group()[1:-1] + " "
