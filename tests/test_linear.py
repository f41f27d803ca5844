"""Time grows linearly with the text (issue #10, part 1), checked by the work done, never by a clock.

Each rule's regex, when run on the whole document, must be given a window: its sentence or a fixed
stretch around the figure. A call without an end runs to the end of the document (the `regex`
module looks for a pattern's required literal in all the rest of the string), so one per figure
makes a document of many figures quadratic. The speed itself is measured in bench/linear.py.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
import regex

from vnreport_extract.extraction import numbers, pipeline, segment
from vnreport_extract.extraction.digit_runs import DigitRuns, Opening, _may_be_letter, matches_at
from vnreport_extract.extraction.exclusions import Exclusions, Span, SpanIndex
from vnreport_extract.extraction.pipeline import _MaskSweep, engine_for, extract
from vnreport_extract.library import load_library

# the longest window a per-figure call may read: a sentence is cut at segment.MAX_SENTENCE
WINDOW = segment.MAX_SENTENCE
ORDINARY = (
    "Năm 2024, doanh thu ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023, vượt 5% kế hoạch. "
    "Tỉnh xếp thứ 5/63 cả nước, thứ 2 khu vực; có 1.250 hộ thoát nghèo, gấp 2 lần năm trước. "
    "Liên hệ: so@tinh.gov.vn, 0258.3 822 753, Quyết định 1234/QĐ-UBND ngày 12/3/2024.\n"
)
GENERATORS = {
    "ordinary report": ORDINARY,
    "figure sentence": "Doanh thu đạt 2.813 tỷ đồng, tăng 18% so với năm 2023. ",
    "'1% '": "1% ",
    "'-1'": "-1",
    "ranks": "xếp thứ 5/63 cả nước, ",
    "one long line": ORDINARY.replace(". ", ", ").replace("\n", " "),
}


def _noting(method: str):
    """A method of Watched that notes the call, then makes it on the pattern."""

    def call(self: Watched, *args: Any, **kwargs: Any) -> Any:
        self._note(method, args, kwargs)
        return getattr(self.pattern, method)(*args, **kwargs)

    return call


class Watched:
    """A compiled pattern that notes the window of every call made on the document."""

    def __init__(self, name: str, pattern: regex.Pattern[str], document_length: list[int], calls: list) -> None:
        self.name, self.pattern, self.document_length, self.calls = name, pattern, document_length, calls

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.pattern, attribute)

    def _note(self, method: str, args: tuple, kwargs: dict) -> None:
        if args and isinstance(args[0], str) and len(args[0]) == self.document_length[0]:
            pos = args[1] if len(args) > 1 else kwargs.get("pos", 0)
            endpos = args[2] if len(args) > 2 else kwargs.get("endpos")
            self.calls.append((self.name, method, pos, endpos))

    match, search, fullmatch, finditer = (_noting(m) for m in ("match", "search", "fullmatch", "finditer"))
    findall, sub, subn, split = (_noting(m) for m in ("findall", "sub", "subn", "split"))


def _watch_finders(root: object, document_length: list[int], calls: list) -> None:
    """Replace every compiled pattern that the rule objects under `root` hold by a Watched one."""
    seen: set[int] = set()

    def visit(obj: object) -> None:
        if id(obj) in seen or not type(obj).__module__.startswith("vnreport_extract.extraction"):
            return
        seen.add(id(obj))
        for klass in type(obj).__mro__:
            for name, attribute in vars(klass).items():
                if isinstance(attribute, cached_property):
                    getattr(obj, name)
        for name, value in list(vars(obj).items()):
            if isinstance(value, regex.Pattern):
                vars(obj)[name] = Watched(f"{type(obj).__name__}.{name}", value, document_length, calls)
            else:
                visit(value)

    for field in fields(root):  # the Engine dataclass
        visit(getattr(root, field.name))


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch):
    """A fresh engine whose patterns note their calls; returns (extract on it, the calls noted)."""
    library = load_library()
    engine = engine_for(library)
    document_length, calls = [0], []
    _watch_finders(engine, document_length, calls)
    scanners = numbers._scanners(library)
    watched_scanners = replace(
        scanners,
        **{f.name: Watched(f"numbers.{f.name}", getattr(scanners, f.name), document_length, calls)
           for f in fields(scanners)},
    )
    monkeypatch.setattr(numbers, "_scanners", lambda _library: watched_scanners)
    monkeypatch.setattr(numbers, "DIGITS", Watched("numbers.DIGITS", numbers.DIGITS, document_length, calls))
    monkeypatch.setattr(pipeline, "_DIGIT", Watched("pipeline._DIGIT", pipeline._DIGIT, document_length, calls))

    def run(text: str):
        document_length[0] = len(text)
        calls.clear()
        return extract(text, library=library)

    return run, calls


@pytest.mark.parametrize("name", GENERATORS)
def test_every_rule_reads_a_window_not_the_rest_of_the_document(watched, name: str) -> None:
    run, calls = watched
    text = GENERATORS[name] * (30_000 // len(GENERATORS[name]))
    run(text)
    assert calls, "the patterns were not watched"
    unbounded = Counter(
        (pattern, method) for pattern, method, pos, endpos in calls
        if endpos is None or endpos - pos > WINDOW
    )
    # a pass over the whole document once is linear; once per figure or sentence is not
    assert {key: n for key, n in unbounded.items() if n > 1} == {}


def test_the_word_before_a_full_stop_is_read_in_a_window(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list = []
    line = ("Doanh thu đạt 2.813 tỷ đồng. " * 200).rstrip()
    monkeypatch.setattr(segment, "_LAST_WORD", Watched("segment._LAST_WORD", segment._LAST_WORD, [len(line)], calls))
    sentences = segment.split_sentences(line, load_library())
    assert len(sentences) == 200
    assert len(calls) == 200 and all(endpos - pos <= 20 for _, _, pos, endpos in calls)


def test_the_word_before_a_number_is_not_copied_from_the_start_of_the_text() -> None:
    long_word = "x" * 100_000
    assert numbers._word_before(long_word, len(long_word)) == ""
    assert numbers._word_before("giảm âm", 7) == "âm"
    assert numbers._word_before("âm", 2) == "âm"


def test_ranks_in_a_row_are_each_read_once() -> None:
    text = "Tỉnh xếp thứ 5/63 cả nước, " * 100
    document = extract(text)
    assert len(document.metrics) == 100
    assert len({m.start for m in document.metrics}) == 100


def test_masks_swept_with_the_sentences_are_the_overlapping_ones() -> None:
    masks = [Span(0, 5, "a"), Span(3, 40, "b"), Span(12, 14, "c"), Span(30, 31, "d"), Span(50, 90, "e")]
    stretches = [(0, 2), (4, 10), (11, 20), (21, 35), (36, 60), (61, 70), (91, 99)]
    sweep = _MaskSweep(list(reversed(masks)))
    for start, end in stretches:
        expected = [m for m in masks if m.start < end and m.end > start]
        assert sorted(sweep.overlapping(start, end), key=lambda m: m.start) == expected
        index = SpanIndex(masks)
        assert index.overlaps(start, end) == bool(expected)
    assert len(sweep.open) <= 1  # masks that ended are let go


def test_mask_hints_read_digits_and_blanks_as_regex_does() -> None:
    """The hints of the structural masks (Python's `re`) skip a text only when `regex` could not match in it:
    over the Basic Multilingual Plane `re`'s digits are `regex`'s, and its blanks hold all of `regex`'s."""
    plane = "".join(map(chr, range(0x10000)))
    assert re.findall(r"\d", plane) == regex.findall(r"\d", plane)
    assert set(regex.findall(r"\s", plane)) <= set(re.findall(r"\s", plane))


def test_digit_runs_read_what_follows_them_as_regex_does() -> None:
    """digit_runs tries a mask only at the runs of digits its next characters fit, read with Python's string tests:
    over the Basic Multilingual Plane its digits are `regex`'s, its blanks hold all of `regex`'s, and every letter
    of `regex` may be one."""
    plane = "".join(map(chr, range(0x10000)))
    assert [c for c in plane if c.isdecimal()] == regex.findall(r"\d", plane)
    assert set(regex.findall(r"\s", plane)) <= {c for c in plane if c.isspace()}
    assert all(_may_be_letter(c) for c in regex.findall(r"\p{L}", plane))


def test_structural_masks_of_a_text_beyond_the_plane_are_all_read() -> None:
    text = "Khai mạc 12-10-2024 lúc 16h30 \U0001d7d9\U0001d7da, văn bản 82/2024/NĐ-CP"
    reasons = [s.reason for s in Exclusions(load_library()).find_masked(text)]
    assert reasons.count("structural") >= 3


def test_each_mask_is_tried_wherever_its_pattern_matches() -> None:
    """A structural mask is tried only at the runs of digits its `Opening` allows: on report text and on random
    strings of digits, separators and letters, that finds every match the pattern finds when tried everywhere."""
    samples = Path(__file__).resolve().parents[1] / "samples"
    texts = [path.read_text(encoding="utf-8") for path in sorted(samples.glob("*.txt"))]
    pick = random.Random(11)
    alphabet = "0123456789" * 3 + " /-–.,:h+()ĐQKma\n\u00a0"
    texts += ["".join(pick.choice(alphabet) for _ in range(60)) for _ in range(3000)]
    masks = [(pattern, opening) for pattern, _, opening in Exclusions(load_library()).structural]
    for text in texts:
        runs = DigitRuns(text)
        for pattern, opening in masks:
            if isinstance(opening, Opening):
                tried = [m.span() for m in matches_at(pattern, text, runs.starts(opening))]
                assert tried == [m.span() for m in pattern.finditer(text)], (pattern.pattern, text)
