"""The header of an official document: agency, document number, place and date, type and name.

Input: the first non-blank lines of a text (a line of a two-column header laid out as a table row
is read cell by cell) and the pattern library. Output: an `OfficialHeader`, or None when the lines
hold no national motto. The title is the type line ("BÁO CÁO") joined with the name lines under it;
`published` comes from the place-and-date line (", ngày 15 tháng 12 năm 2024").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.library import WORD_END, PatternLibrary, Required, alternation

HEADER_LINES = 14  # the motto stands within these lines
_NAME_LINES = 4  # lines of a document's name under its type line
_MAX_NAME_LINE = 160
_SEPARATOR = compile_pattern(r"[-_=*.–—~\s]{3,}")
_LIST_ITEM = compile_pattern(r"(?:[IVXLC]{1,6}|\d{1,3}|\p{L})[.)]\s")
_UPPER = compile_pattern(r"[^\p{Ll}]*\p{Lu}[^\p{Ll}]*")


@dataclass(frozen=True)
class OfficialHeader:
    title: str | None
    published: str | None
    agency: str | None
    document_number: str | None


@dataclass(frozen=True)
class _Words:
    motto: regex.Pattern[str]
    motto_words: Required  # a line without them is not searched (lines may be whole paragraphs)
    number: regex.Pattern[str]
    date: regex.Pattern[str]
    document_type: regex.Pattern[str]
    parent: regex.Pattern[str]
    unit: regex.Pattern[str]
    stop: regex.Pattern[str]


@lru_cache(maxsize=8)
def _words(library: PatternLibrary) -> _Words:
    h, p = library.document.official_header, library.periods
    day, month, year = (alternation(w) for w in (p.day_words, p.month_words, p.year_words))
    date = (
        rf"{day}\s+(?P<d>\d{{1,2}})?\s*{month}\s+(?P<m>\d{{1,2}})\s+{year}\s+(?P<y>(?:19|20)\d{{2}})"
        rf"|{day}\s+(?P<d2>\d{{1,2}})\s*[/.-]\s*(?P<m2>\d{{1,2}})\s*[/.-]\s*(?P<y2>(?:19|20)\d{{2}})"
    )
    opening = lambda words: compile_pattern(rf"(?:{alternation(words)}){WORD_END}", regex.I)  # noqa: E731
    return _Words(
        motto=compile_pattern(alternation(_dashed(w) for w in h.motto)),
        motto_words=Required(h.motto),
        number=compile_pattern(
            rf"(?:{alternation(h.number_prefixes)}){WORD_END}\s*:?\s*(?P<n>[^\s,;]*[\d/][^\s,;]*)", regex.I
        ),
        date=compile_pattern(date, regex.I),
        document_type=compile_pattern(rf"(?:{alternation(h.document_types)}){WORD_END}"),
        parent=opening(h.parent_agencies),
        unit=opening(h.agency_units),
        stop=opening(h.title_stops),
    )


def read_official_header(lines: list[str], library: PatternLibrary) -> OfficialHeader | None:
    """The official header opening `lines` (non-blank, stripped), if they hold the national motto."""
    words = _words(library)
    head = lines[:HEADER_LINES]
    if not any(words.motto.search(_dashed(line)) for line in head if not words.motto_words.absent(line)):
        return None
    pieces = [cell.strip() for line in head for cell in line.split("\t") if cell.strip()]
    number = next((m["n"] for text in pieces if (m := words.number.search(text))), None)
    published = next((_iso(m) for text in pieces if (m := words.date.search(text))), None)
    return OfficialHeader(_title(lines, words), published, _agency(pieces, words), number)


def _dashed(text: str) -> str:
    """"Độc lập-Tự do–Hạnh phúc" -> "Độc lập - Tự do - Hạnh phúc"."""
    return regex.sub(r"\s*[-–—]\s*(?=\p{Lu})", " - ", text)


def _iso(match: regex.Match[str]) -> str | None:
    year, month, day = match["y"] or match["y2"], int(match["m"] or match["m2"]), match["d"] or match["d2"]
    if not 1 <= month <= 12:
        return None
    if day and 1 <= int(day) <= 31:
        return f"{year}-{month:02d}-{int(day):02d}"
    return f"{year}-{month:02d}"  # "ngày    tháng 12 năm 2024": a draft without its day


def _agency(pieces: list[str], words: _Words) -> str | None:
    """The agency lines before the number line: the issuing unit under its parent, else all of them."""
    names = []
    for piece in pieces:
        if words.number.match(piece) or words.document_type.fullmatch(piece):
            break
        text = words.motto.sub(" ", _dashed(piece)).strip(" -_")
        if text and _UPPER.fullmatch(text) and not _SEPARATOR.fullmatch(text) and not words.date.search(text):
            names.append(" ".join(text.split()))
    if not names:
        return None
    units = [i for i, name in enumerate(names) if i > 0 and words.unit.match(name)]
    if units and words.parent.match(names[0]):
        names = names[units[0] :]
    return " ".join(names)


def _title(lines: list[str], words: _Words) -> str | None:
    """The type line ("BÁO CÁO") joined with the name lines under it."""
    for index, line in enumerate(lines[:HEADER_LINES + _NAME_LINES]):
        if "\t" in line or not words.document_type.match(line):
            continue
        parts = [line]
        for name in lines[index + 1 : index + 1 + _NAME_LINES]:
            if _ends_name(name, words):
                break
            parts.append(name)
        return " ".join(" ".join(parts).split())
    return None


def _ends_name(line: str, words: _Words) -> bool:
    return (
        len(line) > _MAX_NAME_LINE
        or "\t" in line
        or bool(_SEPARATOR.fullmatch(line))
        or line.startswith("(")
        or line.endswith((".", ":", ";"))
        or bool(words.stop.match(line) or _LIST_ITEM.match(line) or words.motto.search(line))
    )
