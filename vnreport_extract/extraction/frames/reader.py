"""Frames: each figure's status, comparison and time, read from its clause and the clauses around it.

Input: the scanning view, a sentence, its clauses, its mentions and what the paragraph says.
Output: one `Frame` per mention (status, period and their sources) and each mention's reference
and, for a bracket that restates a change ("giảm 37 vụ (-12,5%)"), its kind and direction. A clause
that leaves out its status, comparison or time shares the one of the clause before (shared frames);
every field records the rule that set it, so `--explain` can show it and `review` can flag guesses.
"""

from __future__ import annotations

from vnreport_extract.extraction.clauses import Clause, clause_of
from vnreport_extract.extraction.frames.comparatives import ComparativeReader
from vnreport_extract.extraction.frames.frame import Frame, FrameGap, SentenceFacts
from vnreport_extract.extraction.frames.references import ReferenceReader
from vnreport_extract.extraction.frames.status import SentenceCues, StatusReader
from vnreport_extract.extraction.frames.times import UNSTATED_PERIODS, AsOfRead, PeriodReader
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.extraction.periods import PeriodSpan
from vnreport_extract.extraction.semantics import Semantics
from vnreport_extract.library import PatternLibrary


class FrameReader:
    """The frame readers of one pattern library, run in order over a sentence."""

    def __init__(self, library: PatternLibrary, semantics: Semantics) -> None:
        self.lib = library
        self.semantics = semantics
        self.gap = FrameGap(library)
        self.comparatives = ComparativeReader(library, semantics)
        self.references = ReferenceReader(library, semantics, self.gap)
        self.status = StatusReader(library, semantics, self.gap)
        self.periods = PeriodReader(library)
        self.readers = (self.gap, self.comparatives, self.references, self.status, self.periods)

    def read(
        self,
        text: str,
        bounds: tuple[int, int],
        clauses: list[Clause],
        mentions: list[Mention],
        periods: list[PeriodSpan],
        facts: SentenceFacts,
    ) -> list[Frame]:
        if len(clauses) == 1:  # most sentences: one clause holds every figure
            frames = [Frame(clauses[0]) for _ in mentions]
        else:
            frames = [Frame(clause_of(clauses, m.start)) for m in mentions]
        self.comparatives.comparatives(text, bounds, mentions, frames)
        self.comparatives.restatements(text, mentions, frames)
        self.references.read(text, bounds, clauses, mentions, frames, facts.list_head)
        cues = SentenceCues(self.semantics.status_cues(text, bounds[0], bounds[1], mentions, facts.report_year))
        read = periods
        compared = _compared_spans(text, bounds, mentions) if periods else []
        if compared:
            periods = [p for p in periods if not any(start <= p.start < end for start, end in compared)]
        writes_time: bool | None = None  # found once, for the first figure whose time the sentence leaves out
        as_of: AsOfRead = {}
        for i, (mention, frame) in enumerate(zip(mentions, frames, strict=True)):
            status = self.status.read(text, bounds, clauses, cues, mentions, frames, i, facts)
            frame.status, frame.rules["status"] = status
            previous = (mentions[i - 1], frames[i - 1]) if i else None
            self.periods.read(text, bounds, clauses, mention, frame, periods, facts, previous, as_of)
            if unstated := UNSTATED_PERIODS.get(frame.rules["period"]):
                if writes_time is None:
                    writes_time = self.periods.writes_time(text, bounds, periods, read, mentions)
                frame.rules["period"] = unstated if writes_time else frame.rules["period"]
        return frames


def _compared_spans(text: str, bounds: tuple[int, int], mentions: list[Mention]) -> list[tuple[int, int]]:
    """Where each figure's comparison is written: its reference's nearest writing, before or after the
    figure ("gấp 2,6 lần thời điểm cuối năm 2024"). A time written again further on is not the
    comparison's ("tăng 5% so với năm 2023, riêng … (năm 2023 đạt …)")."""
    spans = []
    for mention in mentions:
        if not (ref := mention.reference):
            continue
        after = text.find(ref, mention.end, bounds[1])
        before = text.rfind(ref, bounds[0], mention.start)
        if after < 0 and before < 0:
            continue
        if after < 0 or (before >= 0 and mention.start - before - len(ref) < after - mention.end):
            spans.append((before, before + len(ref)))
        else:
            spans.append((after, after + len(ref)))
    return spans
