"""Frames: each figure's status, comparison and time, read from its clause and the clauses around it.

Input: the scanning view, a sentence, its clauses, its mentions and what the paragraph says.
Output: one `Frame` per mention (status, period and their sources) and each mention's reference
and, for a bracket that restates a change ("giảm 37 vụ (-12,5%)"), its kind and direction. A clause
that leaves out its status, comparison or time shares the one of the clause before (shared frames);
every field records the rule that set it, so `--explain` can show it and `review` can flag guesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.clauses import Clause, clause_of
from vnreport_extract.extraction.mentions import EXCEEDS_PLAN, Mention
from vnreport_extract.extraction.periods import PeriodSpan
from vnreport_extract.extraction.semantics import Cue, Semantics
from vnreport_extract.library import (
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    alternation,
    last_words,
    tail_key,
    tail_keys,
    words_before_figure,
)

_COMMA = compile_pattern(r",(?!\d)")  # a comma between words, not the decimal comma of "7,2"
_SIGNS = {"-": "decrease", "−": "decrease", "–": "decrease", "+": "increase"}
# Rules that make a figure share the verb of the figure before it.
_SHARED_FIGURE_RULES = frozenset({"change.shared_verb", "change.restated"})
# A time in digits: a day and month ("14/6", "14/6/2024") or a year, not inside an identifier
# ("82/2024/NĐ-CP") nor right after one (its date: "Quyết định số 12/QĐ-UBND ngày 3/5/2024").
_WRITTEN_DATE = compile_pattern(
    r"(?<![\d/]|\d[.,]|[/-]\p{Lu}[\p{L}\d-]*\s*\(?\s*(?:ngày\s+)?)"
    r"(?:(?:[012]?\d|3[01])/(?:0?[1-9]|1[0-2])(?:/(?:19|20)\d{2})?|(?:19|20)\d{2})(?![\d/]|[.,]\d)"
)
# A period the sentence does not state (the report's year, or none) where the sentence does write a
# time: it missed or left the figure's own time, so the answer is a guess.
_UNSTATED_PERIODS = {
    "period.document": "period.document_despite_sentence",
    "period.none": "period.none_despite_sentence",
}
# Where a period was read, by the rule that read it (any other: the sentence).
_PERIOD_SOURCES = {
    "period.paragraph": "paragraph", "period.list_head": "paragraph", "period.document": "document", "period.none": None
}
# Rules whose answer is a guess: a field they set is flagged for review.
WEAK_RULES = frozenset({
    "status.shared_clause", "status.list_item", "status.aside_apart", "reference.shared_clause",
    "period.paragraph", "period.document_despite_sentence", "period.none_despite_sentence",
    "reference.none_despite_sentence",
    "label.none", "label.one_word", "label.long", "label.comma", "label.share_base",
    "label.open_edge",
})


@dataclass
class Frame:
    """What a figure's clause says about it, and which rule said each part."""

    clause: Clause
    status: str = "actual"
    period: str | None = None
    period_source: str | None = None
    rules: dict[str, str] = field(default_factory=dict)  # field -> rule

    @property
    def weak_fields(self) -> list[str]:
        return sorted(name for name, rule in self.rules.items() if rule in WEAK_RULES)


@dataclass(frozen=True)
class SentenceFacts:
    """What a sentence's surroundings give its figures when the sentence does not say it."""

    plan_paragraph: bool = False
    list_status: str | None = None  # the status of a list head line ("Tổng đàn ước tính hiện có:")
    list_period: str | None = None  # the time of a list head line ("Hiện trạng rừng tính đến ngày 30/11/2024:")
    paragraph_period: tuple[str, str] | None = None
    report_year: int | None = None


class FrameReader:
    """Compiled frame rules of one pattern library."""

    def __init__(self, library: PatternLibrary, semantics: Semantics) -> None:
        self.lib = library
        self.semantics = semantics

    # ----- patterns ------------------------------------------------------------------------
    @cached_property
    def predicate(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.clauses.predicates)}{WORD_END}", regex.I)

    @cached_property
    def change_verb_before(self) -> regex.Pattern[str]:
        """"so với cùng kỳ tăng 2,9%": a comparison right before the change verb of a figure."""
        ch, refs = self.lib.change, self.lib.references
        verbs = alternation(ch.verbs)
        comparison = alternation(refs.comparison)
        adverbs = alternation(ch.adverbs)
        quals = alternation(self.lib.qualifiers.before)
        return compile_pattern(
            rf"{WORD_START}{comparison}\s+(?P<ref>(?:(?!{comparison}{WORD_END})[^,.;:()%])+?)\s+{verbs}"
            rf"(?:\s+{adverbs})*\s+(?:{quals}\s+)?$",
            regex.I,
        )

    @cached_property
    def comparison_words(self) -> Required:
        return Required(self.lib.references.comparison)

    @cached_property
    def opening_comparison(self) -> regex.Pattern[str]:
        """"(còn) so với cùng kỳ năm 2017, …", "từ đầu năm đến nay, …": a comparison that opens a clause."""
        refs = self.lib.references
        lead = alternation(self.lib.clauses.openers)
        since = self.semantics.since_start
        return compile_pattern(
            rf"\s*(?:{lead}\s+)?(?:{alternation(refs.comparison)}\s+(?P<ref>[^,.;:()\n]+?)|{since})\s*,", regex.I
        )

    @cached_property
    def plan_level(self) -> regex.Pattern[str]:
        """"chưa đạt mục tiêu 54 tỷ USD": a plan noun right before a figure states the planned level."""
        return words_before_figure(self.lib.references.plans, self.lib.qualifiers.before)

    @cached_property
    def compared_level(self) -> regex.Pattern[str]:
        """"thấp hơn mức khoảng 149,3 tỷ đồng": the figure compared with is what it was, not a plan."""
        return words_before_figure(self.lib.references.compared_level, self.lib.qualifiers.before)

    @cached_property
    def level_keys(self) -> frozenset[str]:
        """The last tokens of the words that may end `plan_level` or `compared_level`: a left context ending
        otherwise is told apart without a scan."""
        refs = self.lib.references
        return tail_keys([*refs.plans, *refs.compared_level, *self.lib.qualifiers.before])

    @cached_property
    def restated_link(self) -> regex.Pattern[str]:
        """What joins a figure to the one that restates it: ", tương ứng", " và"."""
        joiners = alternation([*self.lib.change.joiners, *self.lib.clauses.restating])
        about = alternation(self.lib.labels.object_prepositions)
        return compile_pattern(
            rf"(?:\s+{about}\s+[^\d,.;:()]{{1,40}}?)?[\s,]*(?:{joiners}(?:\s+|$))*[\s,(]*$", regex.I
        )

    # ----- reading ---------------------------------------------------------------------------
    def read(
        self,
        text: str,
        bounds: tuple[int, int],
        clauses: list[Clause],
        mentions: list[Mention],
        periods: list[PeriodSpan],
        facts: SentenceFacts,
    ) -> list[Frame]:
        frames = [Frame(clause_of(clauses, m.start)) for m in mentions]
        self._comparatives(text, mentions, frames)
        self._restatements(text, mentions, frames)
        self._references(text, bounds, clauses, mentions, frames)
        cues = self.semantics.status_cues(text, bounds[0], bounds[1], mentions, facts.report_year)
        compared = [m.reference for m in mentions if m.reference]
        read = periods
        periods = [p for p in periods if not any(text[p.start : p.end] in ref for ref in compared)]
        writes_time: bool | None = None  # found once, for the first figure whose time the sentence leaves out
        for i, (mention, frame) in enumerate(zip(mentions, frames, strict=True)):
            frame.status, frame.rules["status"] = self._status(text, bounds, clauses, cues, mentions, frames, i, facts)
            previous = (mentions[i - 1], frames[i - 1]) if i else None
            self._period(text, bounds, clauses, mention, frame, periods, facts, previous)
            if unstated := _UNSTATED_PERIODS.get(frame.rules["period"]):
                if writes_time is None:
                    writes_time = self._writes_time(text, bounds, periods, read, mentions)
                frame.rules["period"] = unstated if writes_time else frame.rules["period"]
        return frames

    def _writes_time(
        self, text: str, bounds: tuple[int, int], periods: list[PeriodSpan], read: list[PeriodSpan],
        mentions: list[Mention],
    ) -> bool:
        """Whether a sentence writes a time of its own: one read as a period that is not a comparison's
        (`periods`), a date in digits that no period rule read ("phiên giao dịch ngày 14/6/2024") outside
        the figures and every period read (`read`, comparisons' too), or a time named relative to the day
        of writing ("tuần qua"), not after a comparison."""
        if any(not p.is_reference for p in periods):
            return True
        spans = [(p.start, p.end) for p in read] + [(m.start, m.end) for m in mentions]
        for date in _WRITTEN_DATE.finditer(text, *bounds):
            if not any(start <= date.start() < end for start, end in spans):
                return True
        for word in self.unresolved_time.finditer(text, *bounds):
            if not self.compared_time.search(text, max(bounds[0], word.start() - 12), word.start()):
                return True
        return False

    @cached_property
    def unresolved_time(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.periods.unresolved_times)}{WORD_END}", regex.I)

    @cached_property
    def compared_time(self) -> regex.Pattern[str]:
        return last_words(self.lib.periods.not_period_after)

    # ----- kind and direction of a restating bracket -------------------------------------
    @cached_property
    def comparative_object(self) -> regex.Pattern[str]:
        """"cao hơn mức bình quân cả nước 0,27 điểm", "kém đội đầu bảng 2 điểm", "vượt kế hoạch 1.200 hộ",
        "cao hơn năm trước là 2,3%": a comparative, what it compares with, then the difference."""
        ch = self.lib.change
        stops = alternation([*self.lib.clauses.predicates, *ch.verbs, *ch.to_level])
        quals = alternation(self.lib.qualifiers.before)
        exceeds = rf"(?P<exceed>{alternation(ch.exceed)})(?=\s+{alternation(ch.exceeded_plans)}{WORD_END})"
        up = rf"{alternation(ch.comparatives_up)}|{exceeds}"
        # what it compares with holds no digit, unless a copula ends it: "cao hơn năm 2022 là 2%"
        compared = rf"(?P<ref>(?:(?!{stops}{WORD_END})[^\d,.;:()]){{2,50}}?)\s+"
        if ch.comparative_copulas:
            copula = alternation(ch.comparative_copulas)
            compared += rf"|(?P<ref>(?:(?!{stops}{WORD_END})[^,.;:()]){{2,50}}?)\s+{copula}\s+"
        return compile_pattern(
            rf"{WORD_START}(?:(?P<up>{up})|(?P<down>{alternation(ch.comparatives_down)}))"
            rf"\s+(?:{compared})(?:{quals}\s+)?$",
            regex.I,
        )

    @cached_property
    def comparative_words(self) -> Required:
        ch = self.lib.change
        return Required(ch.comparatives_up, ch.comparatives_down, ch.exceed)

    @cached_property
    def plan_set_after(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*(?:{alternation(self.lib.references.trailing)}){WORD_END}", regex.I)

    def _comparatives(self, text: str, mentions: list[Mention], frames: list[Frame]) -> None:
        """A figure after a comparative and what it compares with is the difference: a change."""
        for mention, frame in zip(mentions, frames, strict=True):
            # a change in its own unit ("cao hơn cùng kỳ 5,4 điểm phần trăm") takes what it compares with
            unit_change = mention.kind == "change" and mention.rule in self.unit_change_rules
            if mention.kind not in ("count", "percent", "money", "measure") and not unit_change:
                continue
            left = max(frame.clause.start, mention.number_start - 70)
            if self.comparative_words.absent_in(text, left, mention.number_start):
                continue  # no comparative before it: the common case, read without a scan
            match = self.comparative_object.search(text, left, mention.number_start)
            if not match or self.compared_level.search(text, left, mention.number_start):
                continue
            if match["exceed"] and self.plan_set_after.match(text, mention.end):
                continue  # "vượt kế hoạch 1.200 tỷ đồng đề ra": the plan's own level, exceeded
            if not unit_change:
                mention.kind, mention.rule = "change", "change.comparative"
            mention.cue_start = match.start()  # the subject ends before the comparative
            mention.direction = "increase" if match["up"] else "decrease"
            mention.reference = self.semantics.trim_reference(match["ref"])
            frame.rules["reference"] = "reference.comparative"

    unit_change_rules = frozenset({"change.percent_point", "change.unit_word"})

    def _restatements(self, text: str, mentions: list[Mention], frames: list[Frame]) -> None:
        """"giảm 37 vụ (-12,5%)", "tăng 860 tỷ đồng (bằng 4,1%)", "giảm 0,59 điểm phần trăm, tương ứng
        1.852 hộ": the second figure is the same change, in other units."""
        for previous, mention, frame in zip(mentions, mentions[1:], frames[1:], strict=False):
            if mention.kind in ("change", "rank", "ratio", "multiple"):
                continue
            if frame.clause.restates and previous.end <= frame.clause.start:
                sign = text[frame.clause.start : mention.number_start].strip()[-1:]
                direction = _SIGNS.get(sign) or (previous.direction if previous.kind == "change" else None)
                if direction and mention.kind == "percent":
                    mention.kind, mention.direction, mention.rule = "change", direction, "change.restated"
            elif previous.kind == "change" and self.restating_words.fullmatch(text, previous.end, mention.number_start):
                mention.kind, mention.direction, mention.rule = "change", previous.direction, "change.restated"

    @cached_property
    def restating_words(self) -> regex.Pattern[str]:
        """", tương ứng " between a change and the figure that restates it."""
        return compile_pattern(rf"\s*,?\s*{alternation(self.lib.clauses.restating_joiners)}\s+", regex.I)

    # ----- reference -------------------------------------------------------------------------
    def _references(
        self, text: str, bounds: tuple[int, int], clauses: list[Clause], mentions: list[Mention], frames: list[Frame]
    ) -> None:
        start, end = bounds
        for mention, frame in zip(mentions, frames, strict=True):
            if mention.reference:  # a comparative's object
                continue
            main = next(c for c in clauses if not c.aside and c.index == frame.clause.index)
            mention.reference = self.semantics.reference(text, mention, main.start, end)
            if not mention.reference:
                mention.reference = self._reference_after_bracket(text, end, mention, frame, clauses)
            if mention.reference:
                frame.rules["reference"] = "reference.own"
            elif mention.kind in ("change", "multiple"):
                self._reference_before(text, start, mention, frame, clauses)
        self._share_references(text, mentions, frames)
        self._unstated_comparisons(text, start, mentions, frames)

    def _unstated_comparisons(self, text: str, start: int, mentions: list[Mention], frames: list[Frame]) -> None:
        """A change with no comparison of its own after a figure of the sentence compared with an earlier
        time, or after a comparison no figure took ("có 8 nhóm tăng giá so với tháng trước, trong đó nhóm
        giao thông tăng 2,15%"; "doanh thu tăng 18,7% so với cùng kỳ; lợi nhuận đạt 126 tỷ đồng, tăng
        45%"): it may share that comparison or state none, and readers differ, so the missing reference
        is a guess (right 0.95 on seeds+dev, whose annotators leave it out, but 0.2 on bench/unseen)."""
        compared, cue = False, None
        for mention, frame in zip(mentions, frames, strict=True):
            if mention.reference:
                compared = compared or not self.semantics.is_plan(mention.reference)
                continue
            if mention.kind in ("change", "multiple"):
                if not compared and cue is None:
                    cue = self.comparison_word.search(text, start, mentions[-1].number_start) or False
                if compared or (cue and cue.start() < mention.number_start):
                    frame.rules["reference"] = "reference.none_despite_sentence"

    @cached_property
    def comparison_word(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.references.comparison)}{WORD_END}", regex.I)

    def _reference_after_bracket(
        self, text: str, end: int, mention: Mention, frame: Frame, clauses: list[Clause]
    ) -> str | None:
        """"giảm 37 vụ (-12,5%) so với cùng kỳ": a comparison after a restating bracket holds for
        the bracketed figure and the figure before it."""
        aside = frame.clause if frame.clause.restates else None
        if aside is None:
            aside = next((c for c in clauses if c.restates and c.start > mention.end), None)
            if aside is None or text[mention.end : aside.start].strip() != "(":
                return None
        if mention.kind not in ("change", "multiple", "percent"):
            return None
        match = self.semantics.comparison.match(text, min(aside.end + 1, end), end)
        return self.semantics.trim_reference(match["ref"]) if match else None

    def _reference_before(
        self, text: str, start: int, mention: Mention, frame: Frame, clauses: list[Clause]
    ) -> None:
        """"so với cùng kỳ tăng 2,9%" (right before the verb), or a comparison that opens the
        figure's clause or, failing that, an earlier clause ("So với tháng 8, …; còn so với …")."""
        clause = frame.clause
        left = max(clause.start, mention.number_start - 80)
        compared = not self.comparison_words.absent_in(text, left, mention.number_start)
        match = self.change_verb_before.search(text, left, mention.number_start) if compared else None
        if match:
            mention.reference = self.semantics.trim_reference(match["ref"])
            frame.rules["reference"] = "reference.before_verb"
            return
        if clause.aside:
            return
        mains = [c for c in clauses if not c.aside and c.index <= clause.index]
        for main in reversed(mains):
            match = self.opening_comparison.match(text, main.start, mention.number_start)
            if match:
                mention.reference = self.semantics.trim_reference(match["ref"])
                own = main.index == clause.index
                frame.rules["reference"] = "reference.clause_opener" if own else "reference.sentence_opener"
                return

    def _share_references(self, text: str, mentions: list[Mention], frames: list[Frame]) -> None:
        """Figures of one list or restatement share a comparison: backwards within a clause
        ("lần lượt giảm 4,81% và 3,31% so với cùng kỳ"), forwards to a figure sharing the verb
        ("so với tháng trước tăng 2,96% về vận chuyển và 3,11% về luân chuyển") or restating it
        ("(-12,5%)"), and from a list item to the next ("khoai lang giảm 2,3% so với cùng kỳ; sắn
        giảm 0,8%")."""
        pairs = list(zip(mentions, frames, strict=True))
        for (earlier, e_frame), (later, l_frame) in reversed(list(pairwise(pairs))):
            if earlier.reference or not later.reference or earlier.kind not in ("change", "multiple", "percent"):
                continue
            if (earlier.kind == "percent") != (later.kind == "percent"):
                continue  # "hoàn thành 73% và 82% kế hoạch năm": percents share a plan, changes a comparison
            same = e_frame.clause == l_frame.clause or l_frame.clause.restates
            if same and self.restated_link.fullmatch(text, earlier.end, later.number_start):
                earlier.reference, e_frame.rules["reference"] = later.reference, "reference.shared_list"
        self._share_forwards(pairs)
        self._share_list_items(text, pairs)
        self._share_also(text, pairs)
        self._share_forwards(pairs)  # to what restates a list item: "; riêng điện mặt trời giảm 120 triệu kWh (-9,3%)"

    @staticmethod
    def _share_forwards(pairs: list[tuple[Mention, Frame]]) -> None:
        for (earlier, _), (later, l_frame) in pairwise(pairs):
            if later.reference or later.kind not in ("change", "multiple") or not earlier.reference:
                continue
            if l_frame.clause.restates and earlier.end <= l_frame.clause.start:
                later.reference, l_frame.rules["reference"] = earlier.reference, "reference.restated"
            elif later.rule in _SHARED_FIGURE_RULES and earlier.kind == later.kind:
                later.reference, l_frame.rules["reference"] = earlier.reference, "reference.shared_verb"

    def _share_also(self, text: str, pairs: list[tuple[Mention, Frame]]) -> None:
        """"Lượng khách tăng 12% so với cùng kỳ, doanh thu cũng tăng 15%": a change said to move "also"
        moves against what the change before it in the sentence is compared with."""
        compared = None
        for mention, frame in pairs:
            if mention.kind != "change":
                continue
            if mention.reference:
                compared = mention.reference
            elif compared and self.also_before.search(text, max(0, mention.number_start - 30), mention.number_start):
                mention.reference, frame.rules["reference"] = compared, "reference.also"

    @cached_property
    def also_before(self) -> regex.Pattern[str]:
        """"cũng tăng", "cũng giảm mạnh": "also" right before the verb of change before a figure."""
        ch = self.lib.change
        verbs = alternation(ch.verbs)
        return compile_pattern(
            rf"{WORD_START}{alternation(self.lib.clauses.also)}\s+{verbs}(?:\s+{alternation(ch.adverbs)})*\s+$",
            regex.I | regex.REVERSE,
        )

    def _share_list_items(self, text: str, pairs: list[tuple[Mention, Frame]]) -> None:
        """A clause that opens with a change, or that leaves out its predicate and has figures of the
        kinds of the clause before in the same order, is an item of the list before it ("diện tích ngô
        giảm 3,1% so với cùng kỳ; khoai lang giảm 2,3%"; "ngô đạt 41.200 ha, giảm 3,1% so với cùng kỳ;
        khoai lang 8.900 ha, giảm 2,3%"): its n-th change takes the comparison of the n-th change of
        the clause before, unless that one is measured against a plan. A clause with its own predicate
        ("…; sản lượng gỗ đạt 583 ngàn m3, tăng 5,9%") states its own frame."""
        changes: dict[int, list[tuple[Mention, Frame]]] = {}
        figures: dict[int, list[Mention]] = {}
        clause_of_index: dict[int, Clause] = {}
        for mention, frame in pairs:
            if frame.clause.aside:
                continue
            figures.setdefault(frame.clause.index, []).append(mention)
            clause_of_index.setdefault(frame.clause.index, frame.clause)
            if mention.kind == "change":
                changes.setdefault(frame.clause.index, []).append((mention, frame))
        for index, items in sorted(changes.items()):
            source, clause = changes.get(index - 1), clause_of_index[index]
            if not source or not self._is_list_item(text, clause, figures[index], figures.get(index - 1)):
                continue
            for (item, frame), (model, _) in zip(items, source, strict=False):
                planned = model.rule == EXCEEDS_PLAN or self.semantics.is_plan(model.reference)
                if model.reference and not item.reference and not planned:
                    item.reference, frame.rules["reference"] = model.reference, "reference.shared_clause"

    def _is_list_item(self, text: str, clause: Clause, figures: list[Mention], before: list[Mention] | None) -> bool:
        if figures[0].kind == "change":
            return True
        same_kinds = before is not None and [m.kind for m in figures] == [m.kind for m in before]
        return same_kinds and self._shares_frame(text, clause, figures[0])

    # ----- status ----------------------------------------------------------------------------
    def _status(
        self,
        text: str,
        bounds: tuple[int, int],
        clauses: list[Clause],
        cues: list[Cue],
        mentions: list[Mention],
        frames: list[Frame],
        i: int,
        facts: SentenceFacts,
    ) -> tuple[str, str]:
        mention, clause = mentions[i], frames[i].clause
        position = mention.cue_start if mention.cue_start is not None else mention.start
        if clause.aside and clause.restates and i and mentions[i - 1].end <= clause.start:
            return frames[i - 1].status, _copied("status.restated", frames[i - 1].rules["status"])
        levelled = tail_key(text, clause.start, mention.number_start) in self.level_keys
        if levelled and self.compared_level.search(text, clause.start, mention.number_start):
            return "actual", "status.compared_level"
        if levelled and mention.kind != "change" and self.plan_level.search(text, clause.start, mention.number_start):
            return "target", "status.plan_level"
        own = [c for c in cues if clause.start <= c.end <= position and self._in_same(clauses, clause, c.end)]
        status = self.semantics.last_status(own)
        if status:
            if status == "target" and self._realised_after(text, own[-1].end, position):
                return "actual", "status.realised"
            return status, "status.cue"
        if clause.aside:  # a clause of its own; against an estimate or target around it, a judgement
            main = [f for f in frames[:i] if not f.clause.aside and f.clause.index == clause.index]
            return "actual", "status.aside_apart" if main and main[-1].status != "actual" else "status.aside"
        opener = self._opening_phrase(text, bounds, mentions) if cues else -1  # no cue, none opens it
        opening = next((cue for cue in cues if cue.end <= opener), None)
        if opening:
            if opening.status == "target" and self._realised_after(text, opening.end, position):
                return "actual", "status.realised"
            return opening.status, "status.sentence_opener"
        heads = [c for c in clauses if c.list_head and not c.aside and c.index < clause.index]
        for head in reversed(heads):
            status = self.semantics.last_status([c for c in cues if head.start <= c.end <= head.end])
            if status:
                return status, "status.list_head"
        if clause.index and (shared := self._shared_status(text, clause, mentions, frames)):
            return shared
        if facts.list_status:
            return facts.list_status, "status.list_item"
        if facts.plan_paragraph:
            return "target", "status.plan_paragraph"
        return "actual", "status.default"

    def _shared_status(
        self, text: str, clause: Clause, mentions: list[Mention], frames: list[Frame]
    ) -> tuple[str, str] | None:
        """The status of a clause after the first that leaves out its frame: that of the clause before."""
        first = next(m for m, f in zip(mentions, frames, strict=False) if f.clause == clause)
        if not self._shares_frame(text, clause, first):
            return None
        if self.realised.search(text, clause.start, first.number_start):
            return "actual", "status.realised"  # "ước đạt 48,7 tỷ đồng; đã chi trả cho 1.340 hộ"
        before = [f for m, f in zip(mentions, frames, strict=False) if f.clause.index == clause.index - 1]
        if before and before[-1].status != "actual" and not before[-1].clause.aside:
            return before[-1].status, "status.shared_clause"
        return None

    @cached_property
    def realised(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.status.realised)}{WORD_END}", regex.I)

    def _realised_after(self, text: str, cue_end: int, position: int) -> bool:
        """"Hướng tới mục tiêu …, ngành đã chuyển giao 35 kỹ thuật": a done action after a comma that
        follows a target cue states a result, not the target."""
        comma = _COMMA.search(text, cue_end, position)
        return bool(comma and self.realised.search(text, comma.end(), position))

    @staticmethod
    def _in_same(clauses: list[Clause], clause: Clause, pos: int) -> bool:
        """A cue belongs to a main clause only outside the asides inside it."""
        return clause.aside or not any(c.aside and c.holds(pos - 1) for c in clauses)

    @staticmethod
    def _opening_phrase(text: str, bounds: tuple[int, int], mentions: list[Mention]) -> int:
        """The end of a sentence's opening phrase ("Dự kiến năm 2025, …") when no figure is in it."""
        start, end = bounds
        comma = min((p for p in (text.find(",", start, end), text.find(":", start, end)) if p >= 0), default=-1)
        if comma < 0 or (mentions and mentions[0].start < comma):
            return -1
        return comma

    def _shares_frame(self, text: str, clause: Clause, first: Mention) -> bool:
        """A clause leaves its frame out when it has no predicate before its first figure ("đàn gà
        6,1 triệu con") or no subject before its predicate ("; đạt mật độ 64,34 thuê bao/100 dân")."""
        start = clause.start
        lead = self.leading.match(text, start, first.number_start)
        start = lead.end() if lead else start
        predicate = self.predicate.search(text, start, first.number_start)
        return predicate is None or not text[start : predicate.start()].strip(" ,")

    @cached_property
    def leading(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:[\s,]*{alternation(self.lib.clauses.leading)}{WORD_END})+", regex.I)

    # ----- period ----------------------------------------------------------------------------
    def _period(
        self,
        text: str,
        bounds: tuple[int, int],
        clauses: list[Clause],
        mention: Mention,
        frame: Frame,
        periods: list[PeriodSpan],
        facts: SentenceFacts,
        previous: tuple[Mention, Frame] | None = None,
    ) -> None:
        own = [p for p in periods if not p.is_reference and not (mention.start <= p.start < mention.end)]
        clause = frame.clause
        if clause.restates and previous is not None and previous[0].end <= clause.start:
            frame.period, frame.period_source = previous[1].period, previous[1].period_source
            frame.rules["period"] = _copied("period.restated", previous[1].rules["period"])
            return
        if not clause.aside:
            main = [c for c in clauses if not c.aside and c.index == clause.index]
            clause = main[0] if main else clause
        inside = [p for p in own if clause.start <= p.start < clause.end]
        before = [p for p in inside if p.end <= mention.start]
        # a period after the figure is its own only within its comma clause ("đạt 12,5%, phấn đấu đến năm 2025 …")
        after = [p for p in inside if p.start >= mention.end and not _COMMA.search(text, mention.end, p.start)]
        earlier = [p for p in own if p.end <= clause.start and not _in_aside(clauses, p.start)]
        # a sentence's opening time ("Năm 2024, …") frames every clause; else the nearest one before
        opening = [p for p in earlier if not _COMMA.search(text, bounds[0], p.start)]
        earlier = opening[:1] or earlier
        if before:
            found, rule = before[-1].value, "period.clause"
        elif after:
            found, rule = after[0].value, "period.clause"
        elif earlier and not clause.aside:
            found, rule = earlier[-1].value, "period.shared_clause"
        elif facts.list_period and not frame.clause.aside:
            found, rule = facts.list_period, "period.list_head"
        elif facts.paragraph_period and not frame.clause.aside:
            (found, _), rule = facts.paragraph_period, "period.paragraph"
        elif facts.report_year:
            found, rule = str(facts.report_year), "period.document"
        else:
            found, rule = None, "period.none"
        frame.period, frame.rules["period"] = found, rule
        frame.period_source = _PERIOD_SOURCES.get(rule, "sentence")


def _copied(rule: str, source: str) -> str:
    """The rule of a field a bracket copies from the figure it restates: a copy of a guess is a guess."""
    return source if source in WEAK_RULES else rule


def _in_aside(clauses: list[Clause], pos: int) -> bool:
    return any(c.aside and c.holds(pos) for c in clauses)
