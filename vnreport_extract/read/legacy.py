"""Legacy Vietnamese 8-bit text (TCVN3 / ABC and VNI-Windows) -> Unicode, and the detector that tells it apart.

Works on decoded text: the code points that the bytes of a `.VnTime` (TCVN3) or `VNI-Times` (VNI) file give in
Windows-1252 or Latin-1, which are also what Word and PDF files typed in those fonts hold. The conversion
tables are data (`legacy_tables.json`, from the published code charts).

- `detect_legacy(text)`: "TCVN3", "VNI" or None. It converts the words holding characters outside ASCII
  both ways and keeps an encoding only when the result is clearly more Vietnamese (more words that are
  valid Vietnamese syllables, few that are not) than the text as it is; genuine Unicode or Windows-1258
  Vietnamese, and text in other languages, give None.
- `from_legacy(text, encoding)`: the Unicode (NFC) text.
- `to_legacy(text, encoding)`: the inverse, for tests and for making samples.

Limits: TCVN3 has no code for a capital letter with a tone mark (Á, Ế...): such capitals were typed with
the lowercase codes in the `.VnTimeH` font, so only the font said they were capitals. A word whose ASCII
letters are all capitals (`B¸O C¸O` -> `BÁO CÁO`) is made all capitals; a toned capital at the start of
a lowercase word (`.VnTimeH` for one letter) comes out lowercase. VNI's capitals are exact; a capital base
with a lowercase mark (`Aù`) is read as the capital letter.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from functools import cache
from importlib import resources

ENCODINGS = ("TCVN3", "VNI")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_NUCLEI = ("iêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|yêu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|"
           "oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|[aăâeêioôơuưy]")
# Onset, vowel nucleus, coda: the shape of a Vietnamese syllable, tones removed.
_SYLLABLE = re.compile(rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?(?:{_NUCLEI})(?:ch|ng|nh|[cmnpt])?")
# Words: runs between spaces, digits and ASCII punctuation (legacy codes such as ® and ¹ stay inside words).
_WORD = re.compile(r"[^\s0-9!-/:-@\[-`{-~\u2013\u2014\u2026\u201c\u201d\u2018\u2019]+")
_MIN_WORDS = 3  # converted words that must come out Vietnamese before an encoding is believed
_MAX_BAD_SHARE = 0.25  # of the words outside ASCII, at most this share may stay non-Vietnamese


@cache
def _tables() -> dict[str, dict[str, str]]:
    text = resources.files("vnreport_extract.read").joinpath("legacy_tables.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {"TCVN3": data["TCVN3"], "VNI": _with_mixed_case(data["VNI"])}


def _with_mixed_case(table: dict[str, str]) -> dict[str, str]:
    """VNI pairs with a capital base and a lowercase mark (and the reverse): the base decides the case."""
    mixed = dict(table)
    for sequence, letter in table.items():
        if len(sequence) == 2 and sequence.islower():
            mixed.setdefault(sequence[0].upper() + sequence[1], letter.upper())
            mixed.setdefault(sequence[0] + sequence[1].upper(), letter)
    return mixed


@cache
def _pattern(encoding: str) -> re.Pattern[str]:
    """Every legacy sequence of an encoding, longest first (`ôù` before `ô`)."""
    keys = sorted(_tables()[encoding], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys)))


def from_legacy(text: str, encoding: str) -> str:
    """The Unicode text of legacy-encoded `text` (`encoding`: "TCVN3" or "VNI").

    >>> from_legacy("Doanh thu ®¹t 5 tû ®ång, t¨ng 12%", "TCVN3")
    'Doanh thu đạt 5 tỷ đồng, tăng 12%'
    >>> from_legacy("B¸O C¸O kinh tÕ", "TCVN3")
    'BÁO CÁO kinh tế'
    >>> from_legacy("Doanh thu ñaït 5 tyû ñoàng, taêng 12%", "VNI")
    'Doanh thu đạt 5 tỷ đồng, tăng 12%'
    """
    table = _tables()[_check(encoding)]
    converted = _pattern(encoding).sub(lambda match: table[match.group()], text)
    if encoding == "TCVN3":
        converted = "".join(_with_capitals(line, legacy)
                            for line, legacy in zip(converted.splitlines(True), text.splitlines(True), strict=True))
    return unicodedata.normalize("NFC", converted)


def _with_capitals(line: str, legacy: str) -> str:
    """Words typed in capitals made all capitals (TCVN3 has lowercase codes only for toned letters).

    A word whose ASCII letters are all capitals, with two of them or one past its start (`B¸O`, `§¹I`),
    was typed in capitals. A word with one capital at its start and legacy codes after it (`Hå`) is a
    capital word only between capital words (`TP. Hå ChÝ Minh` keeps `Hồ`; `HUYÖN Hå TRUNG` -> `HỒ`).
    """
    words = list(_WORD.finditer(line))
    cases = [_typed_case(match.group()) for match in _WORD.finditer(legacy)]
    if len(cases) != len(words):  # a conversion changed the word boundaries: leave the case alone
        return line
    out, cursor = [], 0
    for i, match in enumerate(words):
        capital = cases[i] == "upper" or (cases[i] == "?" and _neighbour_case(cases, i) == "upper")
        out.append(line[cursor:match.start()])
        out.append(match.group().upper() if capital else match.group())
        cursor = match.end()
    out.append(line[cursor:])
    return "".join(out)


def _typed_case(word: str) -> str:
    """"upper", "lower", "?" (one capital at the start, then legacy codes) or "" (no ASCII letter)."""
    letters = [(i, char) for i, char in enumerate(word) if char.isascii() and char.isalpha()]
    if not letters:
        return ""
    if any(char.islower() for _, char in letters):
        return "lower"
    if len(letters) == 1 and letters[0][0] == 0 and not word.isascii():
        return "?"
    return "upper"


def _neighbour_case(cases: list[str], i: int) -> str:
    """"upper" when the nearest decided words on both sides (or on the only side there is) are capitals."""
    nearest = [next((case for case in side if case in ("upper", "lower")), None)
               for side in (reversed(cases[:i]), cases[i + 1:])]
    decided = [case for case in nearest if case is not None]
    return "upper" if decided and all(case == "upper" for case in decided) else "lower"


def to_legacy(text: str, encoding: str) -> str:
    """The legacy form of Unicode Vietnamese text (capitals with tones become lowercase codes in TCVN3).

    >>> to_legacy("Việt Nam", "VNI"), to_legacy("Việt Nam", "TCVN3")
    ('Vieät Nam', 'ViÖt Nam')
    """
    inverse = {letter: sequence for sequence, letter in _tables()[_check(encoding)].items()
               if len(sequence) == 1 or sequence[0].islower() == sequence[1].islower()}
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char not in inverse and encoding == "TCVN3" and char.lower() in inverse:
            char = char.lower()
        out.append(inverse.get(char, char))
    return "".join(out)


def _check(encoding: str) -> str:
    if encoding not in ENCODINGS:
        raise ValueError(f"not a legacy Vietnamese encoding: {encoding!r} (TCVN3 or VNI)")
    return encoding


def detect_legacy(text: str) -> str | None:
    """"TCVN3" or "VNI" when `text` reads as Vietnamese only once converted from it; else None.

    >>> detect_legacy("B¸o c¸o kinh tÕ - x· héi n¨m 2024 cña tØnh")
    'TCVN3'
    >>> detect_legacy("Baùo caùo kinh teá - xaõ hoäi naêm 2024 cuûa tænh")
    'VNI'
    >>> detect_legacy("Báo cáo kinh tế - xã hội năm 2024 của tỉnh"), detect_legacy("Café crème brûlée à Paris")
    (None, None)
    """
    if not _holds_legacy_codes(text):
        return None
    words = [word for word in _WORD.findall(text) if not word.isascii()]
    if len(words) < _MIN_WORDS:
        return None
    baseline = _score(words)
    best, best_score = None, baseline
    for encoding in ENCODINGS:
        score = _score([from_legacy(word, encoding) for word in words])
        if score.good >= _MIN_WORDS and score.bad <= _MAX_BAD_SHARE * len(words) and score.beats(best_score):
            best, best_score = encoding, score
    return best


def _holds_legacy_codes(text: str) -> bool:
    """A quick look first: a few characters that legacy text is full of and Vietnamese never uses."""
    codes = _legacy_codes().finditer(text)
    return sum(1 for _ in itertools.islice(codes, _MIN_WORDS)) >= _MIN_WORDS


@cache
def _legacy_codes() -> re.Pattern[str]:
    """The characters of the legacy tables that are not Vietnamese letters themselves (`®`, `¹`, `ø`...)."""
    singles = {char for table in _tables().values() for sequence in table for char in sequence if not char.isascii()}
    foreign = sorted(char for char in singles if not _is_vietnamese_letter(char))
    return re.compile("[" + re.escape("".join(foreign)) + "]")


def _is_vietnamese_letter(char: str) -> bool:
    """Whether a character is a Vietnamese letter: a vowel with at most its tone, or đ.

    >>> [_is_vietnamese_letter(char) for char in "ÁõđÎøü"]
    [True, True, True, False, False, False]
    """
    decomposed = unicodedata.normalize("NFD", char.lower())
    bare = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONES))
    return bare in "aăâeêioôơuưyđ" and len(bare) == 1


class _Score:
    """How many words are Vietnamese syllables, and how many are not."""

    def __init__(self, good: int, bad: int) -> None:
        self.good, self.bad = good, bad

    def beats(self, other: _Score) -> bool:
        """Clearly better: more good words than bad ones by a wide margin over the other reading."""
        return self.good - self.bad > 2 * max(0, other.good - other.bad) + _MIN_WORDS


def _score(words: list[str]) -> _Score:
    good = sum(map(is_vietnamese_word, words))
    return _Score(good, len(words) - good)


def is_vietnamese_word(word: str) -> bool:
    """Whether a word (maybe with capitals) is one Vietnamese syllable: its letters, its shape, one tone.

    >>> [is_vietnamese_word(w) for w in ("Nghiêng", "đạt", "tỷ", "ĐỒNG", "crème", "hòa", "aá", "®¹t")]
    [True, True, True, True, False, True, False, False]
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(char in _TONES for char in decomposed)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None
