"""A figure's comparison: its own ("so với cùng kỳ"), one before its verb or opening its clause, or
one shared with the figures of its list, its restatement or the clause before."""

from __future__ import annotations

from functools import cached_property
from itertools import pairwise

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.clauses import Clause
from vnreport_extract.extraction.frames.frame import Frame, FrameGap
from vnreport_extract.extraction.frames.parallel import ParallelClauses
from vnreport_extract.extraction.mentions import EXCEEDS_PLAN, RESTATED, SHARED_VERB, Mention
from vnreport_extract.extraction.mentions.mention import NOUN_REST
from vnreport_extract.extraction.mentions.text import figure_right_before
from vnreport_extract.extraction.semantics import VERB_COMPARISON_REACH, Semantics
from vnreport_extract.library import (
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    alternation,
    words_before_figure,
    words_regex,
)

# Rules that make a figure share the verb of the figure before it.
_SHARED_FIGURE_RULES = frozenset({SHARED_VERB, RESTATED, "multiple.shared_verb"})
_WHOLE_VERB_REACH = 30  # characters a verb of reaching and its qualifier may stand before a percent
_ADDED_REACH = 20  # characters "thêm" and its qualifier may stand before a figure
_RESTATED_REACH = 60  # characters "tương ứng" may stand before the added amount that restates a change
# The rule of an amount added ("có thể tăng thêm 10 USD/tấn"), which takes no comparison from the figures before it.
_NONE_ADDED = "reference.none_added"
# The kinds a comparison is read for.
_COMPARED_KINDS = frozenset({"change", "multiple", "percent"})
_CHANGE_KINDS = frozenset({"change", "multiple"})
_AMOUNT_KINDS = frozenset({"money", "count", "measure"})
# What opens a bracket that restates a change by its sign: "(+12,8%)", "(-6,1%)".
_SIGNED_OPENINGS = frozenset({"(+", "(-", "(−", "(–", "+", "-", "−", "–"})


class ReferenceReader:
    """Compiled comparison rules of one pattern library."""

    def __init__(self, library: PatternLibrary, semantics: Semantics, gap: FrameGap) -> None:
        self.lib = library
        self.semantics = semantics
        self.gap = gap

    @cached_property
    def parallel(self) -> ParallelClauses:
        return ParallelClauses(self.lib)

    @cached_property
    def percent_verb_before(self) -> regex.Pattern[str]:
        """"tỷ lệ hoàn thành so với chỉ tiêu năm mới đạt 38,9%": a comparison right before "đạt" a percent."""
        refs = self.lib.references
        comparison, verbs = alternation(refs.comparison), alternation(refs.percent_verbs)
        quals = alternation(self.lib.qualifiers.before)
        return compile_pattern(
            rf"{WORD_START}{comparison}\s+(?P<ref>(?:(?!{comparison}{WORD_END})[^,.;:()%])+?)\s+{verbs}"
            rf"\s+(?:{quals}\s+)?$",
            regex.I,
        )

    def _percent_compared_before(self, text: str, mention: Mention, frame: Frame) -> None:
        if self.comparison_words.absent_in(text, frame.clause.start, mention.number_start):
            return
        left = max(frame.clause.start, mention.number_start - 80)
        if match := self.percent_verb_before.search(text, left, mention.number_start):
            mention.reference = self.semantics.trim_reference(match["ref"])
            frame.rules["reference"] = "reference.before_verb"
        elif (opening := self.opening_base.match(text, frame.clause.start, mention.number_start)) and (
            self.percent_verb_end.search(text, opening.end(), mention.number_start)
        ):
            mention.reference = self.semantics.trim_reference(opening["ref"])
            frame.rules["reference"] = "reference.opening"

    @cached_property
    def opening_base(self) -> regex.Pattern[str]:
        """"; so với chỉ tiêu Chính phủ giao đến năm 2030 (15.600 căn), số căn hoàn thành mới đạt 15,8%", "So với dự
        báo, kim ngạch chỉ bằng 92,4%": a comparison opening the clause is what the percent its verb reaches is of
        (not a start it is counted from)."""
        return self._clause_opening(since=False)

    @cached_property
    def percent_verb_end(self) -> regex.Pattern[str]:
        return words_before_figure(self.lib.references.percent_verbs, self.lib.qualifiers.before)

    @cached_property
    def comparison_words(self) -> Required:
        return Required(self.lib.references.comparison)

    @cached_property
    def opening_comparison(self) -> regex.Pattern[str]:
        """"(còn) so với cùng kỳ năm 2017, …", "từ đầu năm đến nay, …": a comparison that opens a clause, maybe
        with a bracket that dates it ("so với kỳ điều hành đầu tiên của năm 2025 (ngày 2/1), …")."""
        return self._clause_opening(since=True)

    def _clause_opening(self, since: bool) -> regex.Pattern[str]:
        """A comparison (or, with `since`, the start a change is counted from) that opens a clause, up to its comma."""
        refs = self.lib.references
        lead = alternation(self.lib.clauses.openers)
        aside = r"(?:\s*\([^()\n]{1,40}\))?"
        compared = rf"{alternation(refs.comparison)}\s+(?P<ref>[^,.;:()\n]+?){aside}"
        opening = rf"(?:{compared}|{self.semantics.since_start})" if since else compared
        return compile_pattern(rf"[\s;,]*(?:{lead}\s+)?{opening}\s*,", regex.I)

    @cached_property
    def restated_link(self) -> regex.Pattern[str]:
        """What joins a figure to the one that restates it: ", tương ứng", " và"."""
        joiners = alternation([*self.lib.change.joiners, *self.lib.clauses.restating])
        about = alternation(self.lib.labels.object_prepositions)
        return compile_pattern(
            rf"(?:\s+{about}\s+[^\d,.;:()]{{1,40}}?)?[\s,]*(?:{joiners}(?:\s+|$))*[\s,(]*$", regex.I
        )

    def read(
        self,
        text: str,
        bounds: tuple[int, int],
        clauses: list[Clause],
        mentions: list[Mention],
        frames: list[Frame],
        list_head: tuple[int, int] | None = None,
    ) -> None:
        start, end = bounds
        mains = [c for c in clauses if not c.aside] if len(clauses) > 1 else clauses  # the k-th has index k
        if not self.exceed_words.absent_in(text, start, end):
            self._exceeded_openings(text, clauses, mentions, frames)
        for mention, frame in zip(mentions, frames, strict=True):
            if mention.reference or mention.kind not in _COMPARED_KINDS:  # a comparative's object; or no comparison
                continue
            main = mains[frame.clause.index]
            # a comparison after a restating bracket is nearer than one opening the sentence ("Từ đầu năm đến
            # nay, …, giảm 37 vụ (-14,7%) so với cùng kỳ")
            mention.reference = self._reference_after_bracket(text, end, mention, frame, clauses)
            if not mention.reference:
                mention.reference = self.semantics.reference(text, mention, main.start, end)
            if mention.reference:
                frame.rules["reference"] = "reference.own"
            elif mention.kind in ("change", "multiple"):
                self._reference_before(text, start, mention, frame, clauses, mentions)
            elif mention.kind == "percent":
                self._percent_compared_before(text, mention, frame)
        if any(m.reference for m in mentions):  # none to share otherwise
            self._share_references(text, mentions, frames)
            self._share_into_brackets(text, mentions, frames)
            self._share_bases(text, mentions, frames)
        kinds = {m.kind for m in mentions}
        if not kinds.isdisjoint(_CHANGE_KINDS):  # the passes below read changes and multiples, or percents
            self._list_head_comparison(text, start, mentions, frames)
            if list_head is not None:
                self._list_head_line_comparison(text, list_head, mentions, frames)
            self._unstated_comparisons(text, start, mentions, frames)
        if "percent" in kinds:
            self._unread_wholes(text, end, mentions, frames)

    def _exceeded_openings(
        self, text: str, clauses: list[Clause], mentions: list[Mention], frames: list[Frame]
    ) -> None:
        """"So với kế hoạch, doanh thu vượt 9,5%": a figure by which something exceeds what the comparison opening
        its clause or sentence names is a rise over it, not a level "more than" it."""
        for mention, frame in zip(mentions, frames, strict=True):
            if mention.reference or mention.kind in ("change", "rank", "multiple") or frame.clause.aside:
                continue
            near = max(frame.clause.start, mention.number_start - _WHOLE_VERB_REACH)
            if not self.exceeds_before.search(text, near, mention.number_start, HOLD_GIL):
                continue
            opening, _ = self._opening_before(text, clauses, frame.clause, mention.number_start)
            if opening is not None and opening["ref"]:
                mention.kind, mention.direction, mention.qualifier = "change", "increase", "exact"
                mention.reference = self.semantics.trim_reference(opening["ref"])
                mention.rule, frame.rules["reference"] = "change.exceeds_opening", "reference.sentence_opener"

    @cached_property
    def exceed_words(self) -> Required:
        return Required(self.lib.change.exceed)

    @cached_property
    def exceeds_before(self) -> regex.Pattern[str]:
        return words_before_figure(self.lib.change.exceed, self.lib.qualifiers.before)

    def _unread_wholes(self, text: str, end: int, mentions: list[Mention], frames: list[Frame]) -> None:
        """"đạt 34,1% dung tích thiết kế", "đáp ứng 55% nhu cầu": a percent a verb of reaching ties to the whole
        named after it, with no plan or comparison read; some readers make that whole its reference, the shared
        gold does not ("đạt gần 89% tổng số người …"), so the missing reference is a guess."""
        for mention, frame in zip(mentions, frames, strict=True):
            if mention.kind != "percent" or mention.reference or "reference" in frame.rules:
                continue
            left = max(frame.clause.start, mention.number_start - _WHOLE_VERB_REACH)
            reached = self.whole_verb.search(text, left, mention.number_start, HOLD_GIL)
            if reached and self.whole_after.match(text, mention.end, end):
                frame.rules["reference"] = "reference.whole_unread"

    @cached_property
    def whole_verb(self) -> regex.Pattern[str]:
        return words_before_figure(self.lib.references.whole_verbs, self.lib.qualifiers.before)

    @cached_property
    def whole_after(self) -> regex.Pattern[str]:
        """A noun phrase right after the figure: a word that opens no frame, comparison or new clause."""
        lab = self.lib.labels
        stops = alternation([*lab.noun_stops, *lab.coordinators, *self.lib.references.comparison])
        return compile_pattern(rf"\s+(?!(?:{stops}){WORD_END})\p{{L}}", regex.I)

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
            if mention.kind in ("change", "multiple") and "reference" not in frame.rules:
                if not compared and cue is None:
                    cue = self.semantics.comparison_word.search(text, start, mentions[-1].number_start) or False
                if compared or (cue and cue.start() < mention.number_start):
                    frame.rules["reference"] = "reference.none_despite_sentence"

    def _list_head_comparison(self, text: str, start: int, mentions: list[Mention], frames: list[Frame]) -> None:
        """"nhiều sản phẩm tăng so với cùng kỳ: điện thoại đạt …, tăng 11,2%; tai nghe gấp 1,4 lần": a
        comparison ending the head of a list its colon opens holds for the changes of the list."""
        stop = mentions[0].number_start if mentions else -1
        if text.find(":", start, stop) < 0:
            return  # the head of a list ends with its colon: most sentences have none before their first figure
        head = self.list_head_comparison.search(text, start, stop)
        if head is None:
            return
        reference = self.semantics.trim_reference(head["ref"])
        for mention, frame in zip(mentions, frames, strict=True):
            if mention.start > head.end() and not mention.reference and mention.kind in ("change", "multiple"):
                mention.reference, frame.rules["reference"] = reference, "reference.list_head"

    def _list_head_line_comparison(
        self, text: str, list_head: tuple[int, int], mentions: list[Mention], frames: list[Frame]
    ) -> None:
        """"So với cùng kỳ, sản lượng một số sản phẩm như sau:" on its own line, then "- Xi măng: 7,8 triệu tấn, giảm
        3,5%;": a comparison that opens or ends the line heading a list holds for the changes of its items."""
        start, end = list_head
        head = self.opening_comparison.match(text, start, end, HOLD_GIL)
        head = head or self.list_head_comparison.search(text, start, end, HOLD_GIL)
        if head is None:
            return
        reference = self.semantics.trim_reference(head["ref"])
        for mention, frame in zip(mentions, frames, strict=True):
            if mention.kind in ("change", "multiple") and not mention.reference and "reference" not in frame.rules:
                mention.reference, frame.rules["reference"] = reference, "reference.list_head"

    @cached_property
    def list_head_comparison(self) -> regex.Pattern[str]:
        # searched only before the sentence's first figure: a digit there is a time's ("so với năm 2024:")
        comparison = alternation(self.lib.references.comparison)
        return compile_pattern(rf"{WORD_START}{comparison}\s+(?P<ref>[^,.;:()]{{2,40}}?)\s*:", regex.I)

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
        self, text: str, start: int, mention: Mention, frame: Frame, clauses: list[Clause], mentions: list[Mention]
    ) -> None:
        """"so với cùng kỳ tăng 2,9%" (right before the verb), or a comparison that opens the
        figure's clause or, failing that, an earlier clause ("So với tháng 8, …; còn so với …")."""
        clause = frame.clause
        left = max(clause.start, mention.number_start - VERB_COMPARISON_REACH)
        compared = not self.comparison_words.absent_in(text, left, mention.number_start)
        match = self.semantics.change_verb_before.search(text, left, mention.number_start) if compared else None
        owned = match is not None and self._owned_by_figure_before(text, match, mentions)
        if owned and self.cause_word.search(match["ref"]):
            # "tăng 3% so với tuần trước nhờ nhu cầu tăng 15%": a cause states its own comparison or none
            frame.rules["reference"] = "reference.none_in_cause"
            return
        added = self._added(text, clause.start, mention)
        if match and not (owned and added):
            mention.reference = self.semantics.trim_reference(match["ref"])
            frame.rules["reference"] = "reference.before_verb"
            return
        if added:
            frame.rules["reference"] = _NONE_ADDED  # unless its clause opens with a comparison (below)
        if clause.aside:
            return
        match, main = self._opening_before(text, clauses, clause, mention.number_start)
        if added and main is not None and main.index != clause.index:
            match = None  # an earlier clause's comparison is a figure's before it
        if match is not None and main is not None:
            mention.reference = self.semantics.trim_reference(match["ref"])
            own = main.index == clause.index
            frame.rules["reference"] = "reference.clause_opener" if own else "reference.sentence_opener"
            return
        inner = self._inner_opening(text, clause.start, mention.number_start)
        if inner:
            mention.reference, frame.rules["reference"] = inner, "reference.inner_opener"

    def _added(self, text: str, start: int, mention: Mention) -> bool:
        """"có thể tăng thêm 10 USD/tấn", "nâng công suất thêm khoảng 1.500 MW": an amount added on top, unless
        it restates the change before it ("tăng 8%, tương ứng tăng thêm 12.000 tỷ đồng")."""
        pos = mention.number_start
        left = max(start, pos - _ADDED_REACH)
        if self.added_words.absent_in(text, left, pos) or not self.added_before.search(text, left, pos, HOLD_GIL):
            return False
        return self.restating_words.absent_in(text, max(start, pos - _RESTATED_REACH), pos)

    @cached_property
    def restating_words(self) -> Required:
        return Required(self.lib.clauses.restating_joiners)

    @cached_property
    def added_words(self) -> Required:
        return Required(self.lib.references.added)

    @cached_property
    def added_before(self) -> regex.Pattern[str]:
        return words_before_figure(self.lib.references.added, self.lib.qualifiers.before)

    @staticmethod
    def _owned_by_figure_before(text: str, comparison: regex.Match[str], mentions: list[Mention]) -> bool:
        """Whether the comparison stands right after another figure ("tăng 3% so với tuần trước …"), which it
        is the comparison of."""
        return figure_right_before(text, comparison.start(), mentions)

    @cached_property
    def cause_word(self) -> regex.Pattern[str]:
        """A conjunction of cause ("nhờ", "do", "vì"): what follows it is a clause of its own."""
        return words_regex(self.lib.labels.cause_conjunctions)

    def _opening_before(
        self, text: str, clauses: list[Clause], clause: Clause, pos: int
    ) -> tuple[regex.Match[str] | None, Clause | None]:
        """The comparison that opens `clause` or, failing that, the nearest main clause before it ("So với tháng 8,
        …; còn so với …"), with the clause it opens."""
        mains = [c for c in clauses if not c.aside and c.index <= clause.index]
        for main in reversed(mains):
            if match := self.opening_comparison.match(text, main.start, pos, HOLD_GIL):
                return match, main
        return None, None

    def _inner_opening(self, text: str, start: int, pos: int) -> str | None:
        """"…, và so với năm 2024, giá than tăng 9,4%, giá khí tăng 6,8%": a comparison set off by commas
        inside a clause opens what follows it, when no other comparison stands between it and the figure."""
        if self.comparison_words.absent_in(text, start, pos):
            return None
        openings = list(self.inner_opening_comparison.finditer(text, start, pos))
        last = openings[-1] if openings else None
        if last is None or not self.comparison_words.absent_in(text, last.end(), pos):
            return None
        return self.semantics.trim_reference(last["ref"])

    @cached_property
    def inner_opening_comparison(self) -> regex.Pattern[str]:
        lead = alternation([*self.lib.clauses.openers, *self.lib.change.amount_joiners])
        comparison = alternation(self.lib.references.comparison)
        return compile_pattern(
            rf"[,;]\s*(?:{lead}\s*,?\s+)?{comparison}\s+(?P<ref>[^,.;:()\n]+?)\s*,", regex.I
        )

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
            same = e_frame.clause is l_frame.clause or l_frame.clause.restates
            if same and self._linked(text, earlier, later):
                earlier.reference, e_frame.rules["reference"] = later.reference, "reference.shared_list"
        self.parallel.share(text, pairs)
        if any(frame.clause.restates for frame in frames):  # what a bracket restates shares past it
            self._share_past_brackets(text, pairs)
        self._share_forwards(pairs)
        if frames[-1].clause.index:  # list items come in clauses after the first (the last figure's is the last)
            self._share_list_items(text, pairs)
        self._share_also(text, pairs)
        self._share_forwards(pairs)  # to what restates a list item: "; riêng điện mặt trời giảm 120 triệu kWh (-9,3%)"

    def _share_bases(self, text: str, mentions: list[Mention], frames: list[Frame]) -> None:
        """"thu nội địa đạt 9.850 tỷ đồng, bằng 108,3% dự toán; thu xuất nhập khẩu đạt 1.320 tỷ đồng, bằng 96,5%": a
        percent an amount is "equal to" at the end of its clause, naming no base, has the base of the same
        restatement earlier in the sentence."""
        base = None  # what the last amount restated as a percent was a percent of
        for (amount, _), (share, frame) in pairwise(zip(mentions, frames, strict=True)):
            if share.kind != "percent" or amount.kind not in _AMOUNT_KINDS:
                continue
            if not self.restated_share.fullmatch(text, amount.end, share.number_start):
                continue
            if share.reference:
                base = share.reference
            elif base and "reference" not in frame.rules and not text[share.end : frame.clause.end].strip(" .;)"):
                share.reference, frame.rules["reference"] = base, "reference.shared_list"

    @cached_property
    def restated_share(self) -> regex.Pattern[str]:
        """", bằng ", ", tương đương khoảng " between an amount and the percent it is of something."""
        equal, quals = alternation(self.lib.references.equal_to), alternation(self.lib.qualifiers.before)
        return compile_pattern(rf"\s*,\s*(?:{equal})\s+(?:{quals}\s+)?", regex.I)

    def _share_past_brackets(self, text: str, pairs: list[tuple[Mention, Frame]]) -> None:
        """"tăng 47 vụ (+12,9%) và 71 đối tượng so với cùng kỳ": the comparison after a list holds for an item
        that a bracket restates (and, through it, for the bracket)."""
        triples = list(zip(pairs, pairs[1:], pairs[2:], strict=False))
        for (earlier, e_frame), (_, b_frame), (later, l_frame) in reversed(triples):
            bracket = b_frame.clause
            if earlier.reference or not later.reference or earlier.kind not in ("change", "multiple"):
                continue
            if not bracket.restates or e_frame.clause is not l_frame.clause or bracket.start < earlier.end:
                continue
            close = text.find(")", bracket.start, later.number_start)
            if close >= 0 and self._linked(text, earlier, later, close + 1):
                earlier.reference, e_frame.rules["reference"] = later.reference, "reference.shared_list"

    def _share_into_brackets(self, text: str, mentions: list[Mention], frames: list[Frame]) -> None:
        """"tăng 16,4% so với cùng kỳ; trong đó xuất khẩu đạt 22,15 tỷ USD (+12,8%)": a signed bracket
        that restates a change and names no comparison is measured against the last one of its sentence
        (a plan is no such comparison); with none before it, it has none ("Mỹ 1,5 tỷ USD (+15%)"). A bracket
        in words ("(tương ứng tăng 32,63 ngàn m3)") belongs to its clause's frame instead."""
        compared = None
        for mention, frame in zip(mentions, frames, strict=True):
            if mention.reference and mention.kind in ("change", "multiple"):
                if not self.semantics.is_plan(mention.reference):
                    compared = mention.reference
            elif compared and mention.kind == "change" and not mention.reference and self._signed(text, mention, frame):
                mention.reference, frame.rules["reference"] = compared, "reference.bracket_shared"

    @staticmethod
    def _signed(text: str, mention: Mention, frame: Frame) -> bool:
        """A bracket that opens with the sign of the change it restates: "(+12,8%)"."""
        return frame.clause.restates and text[frame.clause.start : mention.number_start].strip() in _SIGNED_OPENINGS

    def _linked(self, text: str, earlier: Mention, later: Mention, start: int | None = None) -> bool:
        start = earlier.end if start is None else start
        if self.restated_link.fullmatch(text, start, later.number_start):
            return True
        if later.rule == SHARED_VERB and self.listed_link.fullmatch(text, start, later.number_start):
            return True  # "giảm 23 vụ, 11 người chết và 17 người bị thương so với cùng kỳ": one list, one verb
        return later.kind != "percent" and bool(self.joined_verb_link.fullmatch(text, start, later.number_start))

    @cached_property
    def listed_link(self) -> regex.Pattern[str]:
        """The rest of an amount's noun phrase, then a comma or "và" before the next amount of its list."""
        joiners = alternation([",", *self.lib.change.amount_joiners])
        return compile_pattern(rf"{NOUN_REST}\s*(?:{joiners})\s*", regex.I)

    @cached_property
    def joined_verb_link(self) -> regex.Pattern[str]:
        """" và gấp ": a second change joined by "và" with a verb of its own and no subject between ("tăng 3 dự
        án và gấp 2,4 lần về vốn so với cùng kỳ"): the comparison after the second holds for both."""
        ch = self.lib.change
        verbs = alternation([*ch.verbs, *ch.multiple])
        quals, adverbs = alternation(self.lib.qualifiers.before), alternation(ch.adverbs)
        return compile_pattern(
            rf"\s+{alternation(ch.amount_joiners)}\s+{verbs}(?:\s+{adverbs})*\s+(?:{quals}\s+)?", regex.I
        )

    @staticmethod
    def _share_forwards(pairs: list[tuple[Mention, Frame]]) -> None:
        for (earlier, _), (later, l_frame) in pairwise(pairs):
            if later.reference or later.kind not in ("change", "multiple") or not earlier.reference:
                continue
            if l_frame.clause.restates and earlier.end <= l_frame.clause.start:
                later.reference, l_frame.rules["reference"] = earlier.reference, "reference.restated"
            elif later.rule in _SHARED_FIGURE_RULES and earlier.kind == later.kind and not _added_amount(l_frame):
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
            elif _added_amount(frame):
                continue
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
            # an item is compared as the change before in its own unit ("tăng 8,5% so với cùng kỳ, cao hơn 1,9
            # điểm phần trăm so với …; trong đó quý I tăng 7,9%, quý II tăng 9%": both against "cùng kỳ")
            source = [pair for pair in source if any(pair[0].unit == item.unit for item, _ in items)] or source
            models = source + source[-1:] * (len(items) - len(source))  # "…; trong đó A giảm 3%, B tăng 5%"
            for (item, frame), (model, _) in zip(items, models, strict=False):
                planned = model.rule == EXCEEDS_PLAN or self.semantics.is_plan(model.reference)
                if model.reference and not item.reference and not planned and not _added_amount(frame):
                    item.reference, frame.rules["reference"] = model.reference, "reference.shared_clause"

    @cached_property
    def target_cue(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.status.targets)}){WORD_END}", regex.I)

    def _is_list_item(self, text: str, clause: Clause, figures: list[Mention], before: list[Mention] | None) -> bool:
        if figures[0].kind == "change":  # "…; phấn đấu cắt giảm 5% chi phí": a plan's change, no list item
            return not self.target_cue.search(text, clause.start, figures[0].start)
        same_kinds = before is not None and [m.kind for m in figures] == [m.kind for m in before]
        return same_kinds and self.gap.leaves_out(text, clause, figures[0])


def _added_amount(frame: Frame) -> bool:
    """Whether the figure is an amount added on top, compared with nothing unless its own clause says so."""
    return frame.rules.get("reference") == _NONE_ADDED
