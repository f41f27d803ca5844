"""Orchestration only: text -> Document (normalise, sentences, numbers, mentions, meaning, records)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex

from vnreport_extract.extraction.document import DocumentContext, province_names, read_document
from vnreport_extract.extraction.exclusions import Span
from vnreport_extract.extraction.labels import Before, LabelFinder
from vnreport_extract.extraction.mentions import Mention, MentionFinder
from vnreport_extract.extraction.normalize import normalize, scanning_view
from vnreport_extract.extraction.numbers import find_numbers
from vnreport_extract.extraction.periods import PeriodFinder, PeriodSpan
from vnreport_extract.extraction.records import build_metric, derive_count_unit
from vnreport_extract.extraction.segment import Sentence, split_sentences
from vnreport_extract.extraction.semantics import Semantics
from vnreport_extract.extraction.table_metrics import Reader, table_metrics
from vnreport_extract.extraction.tables import find_tables, in_spans
from vnreport_extract.library import PatternLibrary, default_library
from vnreport_extract.models import Document

_DIGIT = regex.compile(r"\d")
_OPENING = 40  # characters at the head of a paragraph where its period is stated


@dataclass(frozen=True)
class Engine:
    """Every compiled rule set of one pattern library."""

    library: PatternLibrary
    mentions: MentionFinder
    periods: PeriodFinder
    semantics: Semantics
    labels: LabelFinder


def warm_up(library: PatternLibrary) -> None:
    """Compile every pattern now: worker processes forked afterwards inherit them compiled."""
    engine = engine_for(library)
    extract("", library=library)  # the province map and the document patterns
    for finder in (engine.mentions, engine.mentions.exclusions, engine.periods, engine.semantics, engine.labels.cues):
        for name, attribute in vars(type(finder)).items():
            if isinstance(attribute, cached_property):
                getattr(finder, name)


@lru_cache(maxsize=8)
def engine_for(library: PatternLibrary) -> Engine:
    locations = [*province_names(), *library.document.location_aliases]
    return Engine(
        library,
        MentionFinder(library),
        PeriodFinder(library),
        Semantics(library),
        LabelFinder(library, locations),
    )


def extract(text: str, source: str = "-", library: PatternLibrary | None = None) -> Document:
    """Extract every metric of one report. Offsets index `normalize(text)`.

    >>> doc = extract("Doanh thu năm 2024 ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023.")
    >>> [(m.kind, m.value, m.unit, m.status) for m in doc.metrics]
    [('money', 2813000000000, 'VND', 'estimate'), ('change', 18, '%', 'estimate')]
    """
    engine = engine_for(library or default_library())
    normalised = normalize(text)
    scan = scanning_view(normalised)
    context = read_document(normalised, engine.library)
    tables = find_tables(scan, engine.library)
    metrics = []
    paragraphs: dict[int, Paragraph] = {}
    for sentence, mentions in _mentions_by_sentence(engine, scan, [s for t in tables for s in t.spans]):
        paragraph = paragraphs.get(sentence.paragraph)
        if paragraph is None:
            paragraph = paragraphs[sentence.paragraph] = _paragraph(engine, scan, sentence, context)
        metrics.extend(_sentence_metrics(engine, normalised, scan, sentence, mentions, context, paragraph))
    if tables:  # a table's figures are read from its cells, not as running text
        reader = Reader(engine, normalised, scan, context.report_year)
        metrics = sorted([*metrics, *(m for t in tables for m in table_metrics(reader, t))], key=lambda m: m.start)
    return Document(
        source=source,
        title=context.title,
        published=context.published,
        location=context.location,
        agency=context.agency,
        document_number=context.document_number,
        metrics=metrics,
    )


def _mentions_by_sentence(
    engine: Engine, scan: str, tables: list[tuple[int, int]]
) -> list[tuple[Sentence, list[Mention]]]:
    """Each sentence's mentions. Numbers are read inside their sentence, so none runs past it, and
    the masks are swept along with the sentences: the work per sentence does not grow with the text."""
    masks = _MaskSweep(engine.mentions.exclusions.find_masked(scan))
    out = []
    for sentence in split_sentences(scan, engine.library):
        if tables and in_spans(tables, sentence.start):
            continue
        inside = list(find_numbers(scan, engine.library, sentence.start, sentence.end))
        near = masks.overlapping(sentence.start, sentence.end)
        no_figure = not inside and not _DIGIT.search(scan, sentence.start, sentence.end)
        if no_figure and not engine.mentions.may_hold_word_figures(scan, sentence.start, sentence.end):
            continue
        found = engine.mentions.find(scan, sentence.start, sentence.end, inside, near)
        if found:
            out.append((sentence, found))
    return out


class _MaskSweep:
    """Masked spans handed out stretch by stretch, for stretches given in text order."""

    def __init__(self, masks: list[Span]) -> None:
        self.masks = sorted(masks, key=lambda s: s.start)
        self.next = 0  # the first mask not yet opened
        self.open: list[Span] = []  # masks opened that may still reach the next stretch

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The masks overlapping [start, end); `start` never goes back between calls."""
        while self.next < len(self.masks) and self.masks[self.next].start < end:
            self.open.append(self.masks[self.next])
            self.next += 1
        self.open = [m for m in self.open if m.end > start]
        return [m for m in self.open if m.start < end]


def _sentence_metrics(
    engine: Engine,
    normalised: str,
    scan: str,
    sentence: Sentence,
    mentions: list[Mention],
    context: DocumentContext,
    paragraph: Paragraph,
) -> list:
    periods = list(engine.periods.find(scan, sentence.start, sentence.end, context.report_year))
    plan = paragraph.plans
    paragraph_period = paragraph.period if sentence.start > sentence.paragraph_start else None
    cues = engine.semantics.status_cues(scan, sentence.start, sentence.end, mentions)
    for mention in mentions:
        mention.reference = engine.semantics.reference(scan, mention, sentence.start, sentence.end)
    compared = [m.reference for m in mentions if m.reference]
    periods = [p for p in periods if not any(scan[p.start : p.end] in ref for ref in compared)]
    before, metrics = Before(), []
    for mention in mentions:
        status = engine.semantics.status(cues, mention, plan)
        label = engine.labels.label(scan, (sentence.start, sentence.end), mention, before)
        label = _as_written(normalised, scan, label, sentence)
        derive_count_unit(mention, label, engine.library)
        period, source = _period(engine, scan, sentence, mention, periods, context, paragraph_period)
        metrics.append(build_metric(normalised, sentence, mention, status, label, period, source))
        counted_end = before.counted_end if mention.kind == "percent" else mention.context_end or mention.end
        if label and mention.noun_start is not None and normalised.startswith(label, mention.noun_start):
            counted_end = max(counted_end, mention.noun_start + len(label))  # "161/161 xã, phường, thị trấn"
        units = before.units | {mention.unit or ""}
        before = Before(label or before.label, mention.unit, counted_end, mention.end, units)
    return metrics


def _as_written(normalised: str, scan: str, label: str | None, sentence: Sentence) -> str | None:
    """Labels are read on the scanning view; give them back as the text writes them."""
    if not label:
        return None
    at = scan.find(label, sentence.start, sentence.end)
    return normalised[at : at + len(label)] if at >= 0 else label


def _is_plan_paragraph(engine: Engine, scan: str, sentence: Sentence, context: DocumentContext) -> bool:
    paragraph = scan[sentence.paragraph_start : sentence.paragraph_end]
    opener = next(iter(engine.periods.find(paragraph, 0, min(len(paragraph), 16), None)), None)
    year = int(opener.value[:4]) if opener and opener.value[:4].isdigit() else None
    return engine.semantics.is_plan_paragraph(paragraph, year, context.report_year)


def _clause_bounds(scan: str, sentence: Sentence, mention: Mention) -> tuple[int, int]:
    """The stretch between semicolons around a mention: a period stated there wins."""
    left = scan.rfind(";", sentence.start, mention.start)
    right = scan.find(";", mention.end, sentence.end)
    return (left + 1 if left >= 0 else sentence.start, right if right >= 0 else sentence.end)


def _period(
    engine: Engine,
    scan: str,
    sentence: Sentence,
    mention: Mention,
    periods: list[PeriodSpan],
    context: DocumentContext,
    fallback: tuple[str, str] | None,
) -> tuple[str | None, str | None]:
    own = [p for p in periods if not p.is_reference and not (mention.start <= p.start < mention.end)]
    clause = _clause_bounds(scan, sentence, mention)
    # a clause with no period of its own takes the one that opens the sentence ("Năm 2024, …; …")
    own = [p for p in own if clause[0] <= p.start < clause[1]] or [
        p for p in own if scan.find(",", sentence.start, p.start) < 0
    ]
    before = [p for p in own if p.end <= mention.start]
    if before:
        return before[-1].value, "sentence"
    # a period after the figure is its own only within its comma clause ("đạt 12,5%, phấn đấu đến năm 2025 …")
    after = [p for p in own if p.start >= mention.end and scan.find(",", mention.end, p.start) < 0]
    if after:
        return after[0].value, "sentence"
    if fallback is not None:
        return fallback
    if context.report_year:
        return str(context.report_year), "document"
    return None, None


@dataclass(frozen=True)
class Paragraph:
    plans: bool  # a paragraph of plans for a year after the report's
    period: tuple[str, str] | None  # the period it opens with, for the sentences after its first


def _paragraph(engine: Engine, scan: str, sentence: Sentence, context: DocumentContext) -> Paragraph:
    plans = _is_plan_paragraph(engine, scan, sentence, context)
    return Paragraph(plans, _paragraph_period(engine, scan, sentence, context))


def _paragraph_period(
    engine: Engine, scan: str, sentence: Sentence, context: DocumentContext
) -> tuple[str, str] | None:
    """The period a paragraph opens with ("Năm 2023, ...", "Trong 6 tháng đầu năm, ...")."""
    opening_end = min(sentence.paragraph_end, sentence.paragraph_start + _OPENING)
    found = engine.periods.find(scan, sentence.paragraph_start, opening_end, context.report_year)
    first = next((p for p in found if not p.is_reference), None)
    return (first.value, "paragraph") if first else None
