"""Document fields: title, published date, location, and the year the report is about.

Input: the normalised text and the pattern library. Output: a `DocumentContext`. Province names
come from underthesea's administrative map (the 63 provinces before July 2025 and the 34 after),
read straight from its data file so that underthesea itself is not imported.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.dates import calendar_period
from vnreport_extract.extraction.official import read_official_header
from vnreport_extract.kept import keep, kept_file, read_kept, source_of
from vnreport_extract.library import (
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    WordScan,
    alternation,
    last_words,
    prefix_tree,
)

_DATE_LINE = compile_pattern(r"^\s*date\s+(?P<date>\d{4}(?:-\d{2}){0,2})\s+(?P<rest>.*)$", regex.I)
_STAMP = compile_pattern(r"(?<!\d)(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})(?:\s+\d{1,2}:\d{2})?")
_HEADER_LINES = 6
_MAX_DATELINE = 48  # "Thứ Năm, 31/10/2024 - 15:20": a short header line holding a date is a dateline
_DATELINE_WORDS = 5
_WORD = compile_pattern(r"\p{L}{2,}")
_MAX_TITLE = 200


@dataclass(frozen=True)
class DocumentContext:
    title: str | None
    published: str | None
    location: str | None
    report_year: int | None
    agency: str | None = None  # an official document's issuing agency ("SỞ TÀI CHÍNH")
    document_number: str | None = None  # an official document's number ("125/BC-UBND")


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    """Short names of the provinces before and after the 2025 merger, from underthesea's data. Its file
    holds every ward as well (5 MB, about 50 ms to parse, a tenth of a small run): the names read from it
    are kept beside the cache of compiled patterns, with the file's path, size and time, and read from there
    while the file is unchanged."""
    spec = find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return ()
    path = Path(next(iter(spec.submodule_search_locations))) / "address" / "data" / "mapping.json"
    source = source_of(path)
    if source is None:
        return ()
    kept_at = kept_file(f"province-names-v{_NAMES_FORMAT}.json")
    kept = read_kept(kept_at, source, "names")
    if isinstance(kept, list) and kept and all(isinstance(name, str) for name in kept):
        return tuple(kept)
    names = _names_in(path)
    if names:
        keep(kept_at, source, "names", list(names))
    return names


def _names_in(path: Path) -> tuple[str, ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    names = {v["short"] for key in ("old_province_names", "province_names") for v in data.get(key, {}).values()}
    return tuple(sorted(names))


_NAMES_FORMAT = 1


def old_style_variants(name: str, tone_marks: dict[str, str]) -> set[str]:
    """A name and its spelling with the older tone placement ("Thanh Hóa" -> "Thanh Hoá")."""
    variants = {name}
    for new_style, old_style in tone_marks.items():
        variants |= {v.replace(new_style, old_style) for v in variants}
    return {unicodedata.normalize("NFC", v) for v in variants}


def location_spellings(library: PatternLibrary) -> dict[str, str]:
    """Every spelling of a province name mapped to its canonical short name."""
    doc = library.document
    return _spellings(tuple(sorted(doc.location_aliases.items())), tuple(sorted(doc.old_tone_marks.items())))


@lru_cache(maxsize=4)
def _spellings(aliases: tuple[tuple[str, str], ...], tones: tuple[tuple[str, str], ...]) -> dict[str, str]:
    spellings = {v: name for name in province_names() for v in old_style_variants(name, dict(tones))}
    spellings.update(dict(aliases))
    return spellings


def read_document(text: str, library: PatternLibrary) -> DocumentContext:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    header = lines[:_HEADER_LINES]
    official = read_official_header(lines, library)
    title = official.title if official and official.title else _title(header, library)
    published = official.published if official and official.published else _published(header)
    published = published and calendar_period(published)  # "Ngày 31/2/2025": no such day
    location = _location(text, title, library)
    year = _report_year(text, title, published, library)
    if official is None:
        return DocumentContext(title, published, location, year)
    return DocumentContext(title, published, location, year, official.agency, official.document_number)


def _title(header: list[str], library: PatternLibrary) -> str | None:
    navigation = {n.lower() for n in library.document.navigation}
    candidates = []
    for line in header:
        dated = _DATE_LINE.match(line)
        line = dated["rest"].strip() if dated else line
        if _is_dateline(line) or line.lower() in navigation or line in "|":
            continue
        if _is_headline(line):
            candidates.append(line)
        elif candidates:
            break
        else:
            return None
    if not candidates:
        return None
    return max(candidates, key=len) if len(candidates) > 1 else candidates[0]


def _is_dateline(line: str) -> bool:
    """A date with at most a weekday, a time or a label around it; a headline holding a date has more words."""
    if len(line) > _MAX_DATELINE or not _STAMP.search(line):
        return False
    return len(_WORD.findall(_STAMP.sub(" ", line))) <= _DATELINE_WORDS


def _is_headline(line: str) -> bool:
    if len(line) > _MAX_TITLE or len(line.split()) < 3 or "\t" in line:  # a tab separates table cells
        return False
    if line.endswith((".", ":", ";", ",")) or regex.search(r"\.\s+\p{Lu}", line):
        return False
    return not regex.fullmatch(r"[\p{Lu}\p{N}\W]+", line) or len(line.split()) > 4


def _published(header: list[str]) -> str | None:
    for line in header:
        if dated := _DATE_LINE.match(line):
            return dated["date"]
        if stamp := _STAMP.match(line) or (_STAMP.search(line) if _is_dateline(line) else None):
            day, month = int(stamp["d"]), int(stamp["m"])
            if 1 <= day <= 31 and 1 <= month <= 12:
                return f"{stamp['y']}-{month:02d}-{day:02d}"
    return None


def _location(text: str, title: str | None, library: PatternLibrary) -> str | None:
    """The province the report is about: the first one its title names, else the one a dateline opens
    the body with, else the one that dominates its mentions; None for a national or regional story."""
    spellings, places = _places(library)
    if not spellings:
        return None
    title = title or ""
    in_title = [
        spellings[m.group()] for m in places.finditer(title) if _names_the_place(title, m, library)
    ]
    if in_title:
        return in_title[0]
    if dateline := _dateline_province(text, title, _upper_spellings(library)):
        return dateline
    counts: Counter[str] = Counter()
    for match in places.finditer(text):
        if _names_the_place(text, match, library):
            counts[spellings[match.group()]] += _AGENCY_WEIGHT if _agency_of(text, match, library) else 1
    if not counts:
        return None
    place, mentions = counts.most_common(1)[0]
    if mentions < _MIN_MENTIONS or mentions < _DOMINANCE * counts.total():
        return None
    return place


_MIN_MENTIONS = 2  # a province named once is named in passing
_DOMINANCE = 0.6  # and the report is about it only if it has most of all the provinces' mentions
_AGENCY_WEIGHT = 2  # a reporting agency of the province ("Sở Y tế Hà Nam") counts as two mentions
_DATELINE = compile_pattern(r"^\s*(?P<place>\p{Lu}[\p{Lu}\s.]{1,30}?)\s*[-–:]\s")


def _names_the_place(text: str, match: regex.Match[str], library: PatternLibrary) -> bool:
    """Not a commune or street of that name, nor a word of an organisation's name."""
    doc = library.document
    left = max(0, match.start() - 12)
    smaller = _smaller_unit(tuple(doc.not_province_after)).search(text, left, match.start())
    if smaller and not _smaller_unit(tuple(doc.not_unit_phrases)).search(text, left, match.start()):
        return False  # "xã Hòa Bình", but "nông thôn Thái Bình" names the province
    suffixes = _words_pattern(tuple(doc.organization_suffixes))
    after = suffixes.match(text, match.end() + 1) if text[match.end() : match.end() + 1] == " " else None
    if after and text[after.start()].isupper():  # "Hải Phòng FC"
        return False
    organizations = _words_scan(tuple(doc.organization_words))
    return not _in_name_of(text, match.start(), organizations, _words_pattern(tuple(doc.name_breaks)), _NAME_BREAK)


def _in_name_of(
    text: str, place: int, heads: WordScan, breaks: regex.Pattern[str], marks: regex.Pattern[str]
) -> bool:
    """A capitalised head word ("Công ty", "Sở") starts a name that runs on to the place: no break word
    or mark between ("Công ty Cổ phần Nhiệt điện Quảng Ninh", "Sở Văn hóa, Thể thao và Du lịch Huế")."""
    for head in heads.finditer(text, max(0, place - _NAME_REACH), place):
        gap = text[head.end() : place]
        if text[head.start()].isupper() and not marks.search(gap) and not breaks.search(gap):
            return True
    return False


def _agency_of(text: str, match: regex.Match[str], library: PatternLibrary) -> bool:
    """"Sở Nông nghiệp và Phát triển nông thôn Thái Bình", "UBND tỉnh Hà Tĩnh": the reporting agency's place."""
    doc = library.document
    heads, breaks = _words_scan(tuple(doc.agency_words)), _words_pattern(tuple(doc.agency_breaks))
    return _in_name_of(text, match.start(), heads, breaks, _SENTENCE_MARK)


_NAME_REACH = 70
_SENTENCE_MARK = compile_pattern(r"[.;:()\n]")
_NAME_BREAK = compile_pattern(r"[^\p{L}\p{N}\s&-]")


def _dateline_province(text: str, title: str | None, upper: dict[str, str]) -> str | None:
    """"ĐÀ NẴNG - Trong 9 tháng …": the place a body line opens with, in capitals, before a dash."""
    lines = [line for line in text.splitlines() if line.strip() and line.strip() != (title or "").strip()]
    for line in lines[:_HEADER_LINES]:
        match = _DATELINE.match(line)
        if match and (name := upper.get(" ".join(match["place"].split()))):
            return name
    return None


@lru_cache(maxsize=4)
def _upper_spellings(library: PatternLibrary) -> dict[str, str]:
    """Every spelling of a province name in capitals, mapped to its canonical short name."""
    return {surface.upper(): name for surface, name in location_spellings(library).items()}


@lru_cache(maxsize=8)
def _words_pattern(words: tuple[str, ...]) -> regex.Pattern[str]:
    return compile_pattern(WORD_START + alternation(words) + WORD_END, regex.I)


@lru_cache(maxsize=8)
def _words_scan(words: tuple[str, ...]) -> WordScan:
    """`_words_pattern`, tried only where one of the words' first words stands (it is tried before each place
    named, back to the name's head)."""
    return WordScan(_words_pattern(words), [words])


@lru_cache(maxsize=4)
def _compared_before(words: tuple[str, ...]) -> regex.Pattern[str]:
    """"so với cùng kỳ năm 2023": a year compared with is not the year reported on."""
    return compile_pattern(rf"{WORD_START}(?:{alternation(words)})[^,.;:\n\d]{{0,25}}$", regex.I | regex.REVERSE)


@lru_cache(maxsize=8)
def _year_patterns(library: PatternLibrary) -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """The year a review names ("tổng kết ... năm 2024"), a year ("năm 2024") and a year written alone or
    with a month or quarter ("tháng 12/2024", "quý IV/2024"), compiled once per library."""
    year = rf"(?i:{alternation(library.periods.year_words)})\s+((?:19|20)\d{{2}})"
    review = rf"(?i:{alternation(library.document.review_cues)})[^.\n]{{0,80}}?{year}"
    month_or_quarter = alternation([*library.periods.month_words, *library.periods.quarter_words])
    written = rf"{year}|(?i:{month_or_quarter})\s+[\dIVXivx]{{1,4}}\s*/\s*((?:19|20)\d{{2}})"
    return compile_pattern(review), compile_pattern(year), compile_pattern(written)


@lru_cache(maxsize=8)
def _year_openers(library: PatternLibrary) -> re.Pattern[str]:
    """The first character of a year, month or quarter word where the rest of the word follows it (a regex of
    Python's `re`, on the case-folded text: `re` skips ahead to those characters)."""
    periods = library.periods
    every = (*periods.year_words, *periods.month_words, *periods.quarter_words)
    words = {w.split()[0].casefold() for w in every if w.strip()}
    return re.compile("|".join(re.escape(w[0]) + (f"(?={re.escape(w[1:])})" if w[1:] else "") for w in sorted(words)))


def _written_years(text: str, written: regex.Pattern[str], openers: re.Pattern[str]) -> Iterator[regex.Match[str]]:
    """`written.finditer(text)`, tried only where a year, month or quarter word starts (every match opens with
    one): the case-blind pattern tried at every character of a report costs far more."""
    folded = text.casefold()
    if len(folded) != len(text):  # a letter folds to several ("ß"): offsets would shift
        yield from written.finditer(text)
        return
    match_end = 0
    for opener in openers.finditer(folded):
        at = opener.start()
        if at >= match_end and (match := written.match(text, at)):
            yield match
            match_end = match.end()


@lru_cache(maxsize=8)
def _review_words(library: PatternLibrary) -> Required:
    """The words every review cue holds: most reports name none, and skip the review pattern's scan (it is
    tried at every character of the report's opening)."""
    return Required(library.document.review_cues)


@lru_cache(maxsize=4)
def _horizon_before(words: tuple[str, ...]) -> regex.Pattern[str]:
    """"đến năm 2030": a year a plan aims at is not the year reported on."""
    return last_words(words, r"\s+")


@lru_cache(maxsize=4)
def _smaller_unit(words: tuple[str, ...]) -> regex.Pattern[str]:
    return last_words(words)


@lru_cache(maxsize=4)
def _places(library: PatternLibrary) -> tuple[dict[str, str], regex.Pattern[str]]:
    """Every spelling of a province name, and their pattern (tried at every word of a report)."""
    spellings = location_spellings(library)
    return spellings, compile_pattern(WORD_START + prefix_tree(sorted(spellings)) + WORD_END)


def _report_year(text: str, title: str | None, published: str | None, library: PatternLibrary) -> int | None:
    """The year a report is about: "tổng kết ... năm 2024", else the title's year, else the commonest
    year that is neither compared with nor aimed at, named at least twice in a story dated to the day
    (else the dateline's year: "kỷ lục lập năm 2023" does not make a story of 2025 one about 2023)."""
    review_year, year, written = _year_patterns(library)
    opening = text[:2000]
    review = None if _review_words(library).absent(opening) else review_year.search(opening)
    if review:
        return int(review.group(1))
    titled = year.search(title or "")
    if titled:
        return int(titled.group(1))
    compared = _compared_before(tuple(library.references.comparison))
    horizon = _horizon_before(tuple(library.status.horizon))
    years = Counter(
        m.group(1) or m.group(2)
        for m in _written_years(text, written, _year_openers(library))
        if not compared.search(text, max(0, m.start() - 30), m.start())
        and not horizon.search(text, max(0, m.start() - 16), m.start(1 if m.group(1) else 2))
    )
    commonest = years.most_common(1)[0] if years else None
    # a news story dated to the day is about its own year unless it names another more than once
    if published and len(published) == 10 and (commonest is None or commonest[1] < 2):
        return int(published[:4])
    if commonest:
        return int(commonest[0])
    return int(published[:4]) if published else None
