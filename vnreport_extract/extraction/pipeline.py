"""Orchestration only: text -> Document (normalise, sentences, numbers, mentions, meaning, records)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import attrgetter

from vnreport_extract.compiled import HOLD_GIL, compile_pattern, save_compiled
from vnreport_extract.extraction.clauses import ClauseSplitter
from vnreport_extract.extraction.document import DocumentContext, province_names, read_document
from vnreport_extract.extraction.exclusions import Span
from vnreport_extract.extraction.frames import WEAK_RULES, Frame, FrameReader, SentenceFacts
from vnreport_extract.extraction.labels import Before, LabelFinder, after_guess, label_reading
from vnreport_extract.extraction.mentions import Mention, MentionFinder
from vnreport_extract.extraction.normalize import normalize, scanning_view
from vnreport_extract.extraction.numbers import NumberSpan, find_numbers
from vnreport_extract.extraction.paragraphs import Paragraph, ParagraphReader
from vnreport_extract.extraction.periods import PeriodFinder
from vnreport_extract.extraction.records import build_metric, derive_count_unit
from vnreport_extract.extraction.segment import Sentence, split_sentences
from vnreport_extract.extraction.semantics import Semantics
from vnreport_extract.extraction.table_metrics import Reader, table_metrics
from vnreport_extract.extraction.tables import find_tables, in_spans
from vnreport_extract.library import PatternLibrary, default_library
from vnreport_extract.models import Document, Metric

_DIGIT = compile_pattern(r"\d")
_END = attrgetter("end")


@dataclass(frozen=True)
class Engine:
    """Every compiled rule set of one pattern library."""

    library: PatternLibrary
    mentions: MentionFinder
    periods: PeriodFinder
    semantics: Semantics
    labels: LabelFinder
    clauses: ClauseSplitter
    frames: FrameReader


def warm_up(library: PatternLibrary) -> None:
    """Compile every pattern now: worker processes forked afterwards inherit them compiled."""
    engine = engine_for(library)
    extract("", library=library)  # the province map and the document patterns
    finders = (engine.mentions, *engine.mentions.readers, engine.periods, engine.semantics, engine.labels.cues)
    for finder in (*finders, engine.clauses, *engine.frames.readers):
        for name, attribute in vars(type(finder)).items():
            if isinstance(attribute, cached_property):
                getattr(finder, name)
    save_compiled()  # a spawned worker starts from the saved patterns


@lru_cache(maxsize=8)
def engine_for(library: PatternLibrary) -> Engine:
    locations = [*province_names(), *library.document.location_aliases]
    semantics = Semantics(library)
    return Engine(
        library,
        MentionFinder(library),
        PeriodFinder(library),
        semantics,
        LabelFinder(library, locations),
        ClauseSplitter(library),
        FrameReader(library, semantics),
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
    metrics = [metric for metric, _ in _readings(engine, normalised, scan, context)]
    return Document(
        source=source,
        title=context.title,
        published=context.published,
        location=context.location,
        agency=context.agency,
        document_number=context.document_number,
        metrics=metrics,
    )


@dataclass(frozen=True)
class Explanation:
    """One figure, the clause it was read in and the frame that gave its fields (`--explain`)."""

    metric: Metric
    clause: str
    frame: Frame | None  # None for a table cell, whose fields come from its headings


def explain(text: str, library: PatternLibrary | None = None) -> list[Explanation]:
    """Every figure of a text with its clause and frame, in text order."""
    engine = engine_for(library or default_library())
    normalised = normalize(text)
    scan = scanning_view(normalised)
    context = read_document(normalised, engine.library)
    out = []
    for metric, frame in _readings(engine, normalised, scan, context):
        clause = normalised[frame.clause.start : frame.clause.end] if frame else metric.sentence
        out.append(Explanation(metric, " ".join(clause.split()), frame))
    return out


def _readings(
    engine: Engine, normalised: str, scan: str, context: DocumentContext
) -> list[tuple[Metric, Frame | None]]:
    """Every metric of a text with the frame it was read with, in text order."""
    tables = find_tables(scan, engine.library)
    readings: list[tuple[Metric, Frame | None]] = []
    paragraphs = ParagraphReader(
        engine.library, engine.periods, engine.semantics, scan, context.report_year, context.published
    )
    for sentence, mentions in _mentions_by_sentence(engine, scan, [s for t in tables for s in t.spans]):
        paragraph = paragraphs.of(sentence)
        readings.extend(_read_sentence(engine, normalised, scan, sentence, mentions, context, paragraph))
    if tables:  # a table's figures are read from its cells, not as running text
        reader = Reader(engine, normalised, scan, context.report_year)
        cells = [(m, None) for t in tables for m in table_metrics(reader, t)]
        readings = sorted([*readings, *cells], key=lambda pair: pair[0].start)
    return readings


def _mentions_by_sentence(
    engine: Engine, scan: str, tables: list[tuple[int, int]]
) -> list[tuple[Sentence, list[Mention]]]:
    """Each sentence's mentions. Numbers are read inside their sentence, so none runs past it, and
    the masks are swept along with the sentences: the work per sentence does not grow with the text."""
    masks = _MaskSweep(engine.mentions.exclusions.find_masked(scan))
    numbers = _NumberSweep(scan, engine.library)
    out = []
    for sentence in split_sentences(scan, engine.library):
        if tables and in_spans(tables, sentence.start):
            continue
        inside = numbers.inside(sentence.start, sentence.end)
        near = masks.overlapping(sentence.start, sentence.end)
        no_figure = not inside and not _DIGIT.search(scan, sentence.start, sentence.end, HOLD_GIL)
        if no_figure and not engine.mentions.may_hold_word_figures(scan, sentence.start, sentence.end):
            continue
        found = engine.mentions.find(scan, sentence.start, sentence.end, inside, near)
        if found:
            out.append((sentence, found))
    return out


class _NumberSweep:
    """The numbers of a text read in one pass, handed out sentence by sentence (sentences in text
    order). A number that runs across a sentence's edge is read again inside the sentence."""

    def __init__(self, scan: str, library: PatternLibrary) -> None:
        self.scan, self.library = scan, library
        self.numbers = list(find_numbers(scan, library))
        self.next = 0  # the first number that may reach the next sentence

    def inside(self, start: int, end: int) -> list[NumberSpan]:
        numbers, first = self.numbers, self.next
        while first < len(numbers) and numbers[first].end <= start:
            first += 1
        last = first
        while last < len(numbers) and numbers[last].start < end:
            last += 1
        self.next = first
        found = numbers[first:last]
        # in order of start: only the first may start before the sentence
        if found and (found[0].start < start or max(map(_END, found)) > end):
            return list(find_numbers(self.scan, self.library, start, end))
        return found


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


def _read_sentence(
    engine: Engine,
    normalised: str,
    scan: str,
    sentence: Sentence,
    mentions: list[Mention],
    context: DocumentContext,
    paragraph: Paragraph,
) -> list[tuple[Metric, Frame]]:
    """Each mention of a sentence with its frame, read off its clause, then its label."""
    bounds = (sentence.start, sentence.end)
    clauses = engine.clauses.split(scan, *bounds)
    paragraph_period = paragraph.period if sentence.start > sentence.paragraph_start else None
    year = _paragraph_year(paragraph_period, _states_plans(engine, scan, sentence, paragraph)) or context.report_year
    periods = engine.periods.find(scan, sentence.start, sentence.end, year, context.published, seasons=True)
    facts = SentenceFacts(
        plan_paragraph=paragraph.plans,
        list_status=paragraph.list_status,
        list_period=paragraph.list_period,
        list_head=paragraph.list_head,
        paragraph_period=paragraph_period,
        report_year=context.report_year,
    )
    frames = engine.frames.read(scan, bounds, clauses, mentions, periods, facts)
    before, out = Before(), []
    outside: Before | None = None  # what came before the bracket the last figure stood in
    bracketed = scan.find("(", *bounds) >= 0  # most sentences hold no bracket
    written = normalised[sentence.start : sentence.end]
    sentence_cues = engine.labels.sentence(scan, bounds)
    guessed = False  # whether the label the next figure may take from the one before was a guess
    for mention, frame in zip(mentions, frames, strict=True):
        if bracketed and _in_brackets(scan, sentence.start, mention.start):
            outside = outside or before
        elif outside is not None:
            before, outside = engine.labels.after_bracket(scan, mention, before, outside), None
        label = engine.labels.label(scan, bounds, mention, before, sentence_cues)
        label = _as_written(normalised, scan, label, sentence)
        rule = after_guess(label_reading(engine.labels, scan, bounds, mention, label, before), guessed)
        frame.rules["label"] = rule
        derive_count_unit(mention, label, engine.library)
        metric = build_metric(
            normalised, sentence, mention, frame.status, label, frame.period, frame.period_source, frame.weak_fields,
            sentence_text=written,
        )
        out.append((metric, frame))
        inherited = None if frame.clause.aside and engine.labels.names_a_plan(label) else label
        if engine.labels.counts_a_source(scan, mention, before):
            inherited = None  # "1.450 căn từ 5 dự án, gấp 2,3 lần": what follows is still of the 1.450 căn
        if inherited:
            guessed = rule in WEAK_RULES
        before = before.then(mention, inherited, normalised)  # "(12.000 học viên) nhưng giảm 2,1%": not the plan's
    return out


def _in_brackets(text: str, start: int, at: int) -> bool:
    """Whether a bracket opened in text[start:at] is still open at `at`."""
    return text.count("(", start, at) > text.count(")", start, at)


def _states_plans(engine: Engine, scan: str, sentence: Sentence, paragraph: Paragraph) -> bool:
    """A sentence of a paragraph of plans states plans unless it says what is and names no plan ("Trong
    quý IV, công ty đã đóng điện 45 trạm"; but "công ty đã phát động thi đua quý I với chỉ tiêu …")."""
    if not paragraph.plans:
        return False
    if not engine.frames.status.states_present(scan, sentence.start, sentence.end):
        return True
    return bool(engine.semantics.status_cues(scan, sentence.start, sentence.end))


def _paragraph_year(period: tuple[str, str] | None, plans: bool) -> int | None:
    """The year a paragraph of plans opens with ("Năm 2025, công ty được giao …. Ngay tại hội nghị, công
    ty phát động thi đua quý I …"): a time of its later sentences that leaves out its year is in it."""
    value = period[0] if period else None
    return int(value) if plans and value and value.isdigit() and len(value) == 4 else None


def _as_written(normalised: str, scan: str, label: str | None, sentence: Sentence) -> str | None:
    """Labels are read on the scanning view; give them back as the text writes them."""
    if not label:
        return None
    at = scan.find(label, sentence.start, sentence.end)
    return normalised[at : at + len(label)] if at >= 0 else label
