"""The kind and direction a frame gives a figure: the difference after a comparative ("cao hơn năm
trước 2,3%") and a bracket or phrase that restates a change in other units ("giảm 37 vụ (-12,5%)")."""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.frames.frame import Frame, compared_level
from vnreport_extract.extraction.mentions import RESTATED, Mention
from vnreport_extract.extraction.semantics import Semantics
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    WordScan,
    alternation,
    not_after,
)

_SIGNS = {"-": "decrease", "−": "decrease", "–": "decrease", "+": "increase"}
_REST_WORDS = 4  # words of a change's noun phrase before the comma of its restatement: "mỗi lượng"


class ComparativeReader:
    """Compiled comparative and restatement rules of one pattern library."""

    def __init__(self, library: PatternLibrary, semantics: Semantics) -> None:
        self.lib = library
        self.semantics = semantics

    @cached_property
    def comparative_object(self) -> WordScan:
        return self._comparative_object(numbered=False)

    @cached_property
    def numbered_comparative_object(self) -> WordScan:
        """"cao hơn tổng công suất của 4 nhà máy khoảng 5.000 m3": what it compares with holds a figure."""
        return self._comparative_object(numbered=True)

    def _comparative_object(self, numbered: bool) -> WordScan:
        """"cao hơn mức bình quân cả nước 0,27 điểm", "kém đội đầu bảng 2 điểm", "vượt kế hoạch 1.200 hộ",
        "cao hơn năm trước là 2,3%": a comparative, what it compares with, then the difference."""
        ch = self.lib.change
        verbs = alternation([*self.lib.clauses.predicates, *ch.verbs, *ch.to_level])
        stops = rf"{not_after(ch.verb_noun_heads)}(?:{verbs})"
        quals = alternation(self.lib.qualifiers.before)
        words = ch.comparative_not_before
        quantity = rf"(?!\s+(?:{alternation(words)}){WORD_END})" if words else ""
        # "vượt kế hoạch 1.200 hộ", "vượt công suất thiết kế khoảng 20%"
        exceeded = alternation([*ch.exceeded_plans, *ch.exceeded_levels])
        exceeds = rf"(?P<exceed>{alternation(ch.exceed)})(?=\s+{exceeded}{WORD_END})"
        up = rf"(?:{alternation(ch.comparatives_up)}){quantity}|{exceeds}"
        # what it compares with holds no digit but a year's or month's ("thấp hơn đỉnh lũ năm 1999 khoảng 0,6 m",
        # "kỷ lục tháng 6 của trạm"), unless a copula ends it: "cao hơn năm 2022 là 2%"
        year = rf"(?:{alternation(self.lib.periods.year_words)})\s+\d{{4}}"
        year += rf"|(?:{alternation(self.lib.periods.month_words)})\s+\d{{1,2}}(?!\d)"
        held = r"[^,.;:()]" if numbered else rf"(?:{year}|[^\d,.;:()])"
        # a head may make a verb a noun in it ("thấp hơn mức tăng CPI 0,08 điểm"), but the figure right
        # after that noun is its size ("thấp hơn mức tăng 12% của năm trước")
        verb_end = rf"(?<!\s(?:{alternation(ch.verbs)}))"
        # nor is it a qualifier or a range's opening alone: "thấp hơn khoảng 8 triệu đồng/ha so với vụ trước", "cao hơn
        # từ 0,8 đến 2,5‰" compare with none here
        opening = alternation(self.lib.qualifiers.range["from"])
        not_qualifier = rf"(?!(?:(?:{quals})\s+)?(?:(?:{opening})\s+)?$)"
        # a bracket may state what it compares with before the difference: "cao hơn kỷ lục của trạm (41,3 độ
        # C, lập năm 2019) 0,3 độ C"
        aside = r"(?:\s*\([^()]{1,60}\))?"
        # ("cao hơn năm 2024 0,6 điểm": a year alone, one unit of `held`, is what it compares with too)
        # the difference may be a range: "cao hơn vụ trước từ 300 đến 500 đồng/kg"
        # nor does it open with a conjunction: "61 ngày mức kém và 2 ngày mức xấu" ("kém" is poor there)
        not_joined = rf"(?!(?:{alternation(self.lib.labels.coordinators)}){WORD_END})"
        held_words = rf"(?:(?!{stops}{WORD_END}){held}){{1,50}}?"
        compared = rf"{not_qualifier}{not_joined}(?P<ref>(?=\S\S){held_words}){verb_end}{aside}\s+"
        compared += rf"(?:(?:{opening})\s+)?"
        exceeds_by = ""
        if ch.comparative_copulas:
            copula = alternation(ch.comparative_copulas)
            with_copula = rf"(?P<ref>(?:(?!{stops}{WORD_END})[^,.;:()]){{2,50}}?)\s+{copula}\s+"
            compared += f"|{with_copula}"
            # "vượt mức báo động 3 là 0,92 m": with a copula, whatever is exceeded is compared with
            exceeds_by = rf"|(?P<up>{alternation(ch.exceed)})\s+{with_copula}"
            if ch.alarm_levels:  # "trên báo động 3 là 0,32 m": above or below an alarm level, by how much
                alarm = rf"(?=\s+(?:{alternation(ch.alarm_levels)}){WORD_END})"
                exceeds_by += rf"|(?P<up>{alternation(ch.above_level)}){alarm}\s+{with_copula}"
                exceeds_by += rf"|(?P<down>{alternation(ch.below_level)}){alarm}\s+{with_copula}"
        pattern = compile_pattern(
            rf"{WORD_START}(?:(?:(?P<up>{up})|(?P<down>{alternation(ch.comparatives_down)}))"
            rf"\s+(?:{compared}){exceeds_by})(?:{quals}\s+)?$",
            regex.I,
        )
        # tried only where a comparative starts, not at each character of the 70 before the figure
        openers = (ch.comparatives_up, ch.comparatives_down, ch.exceed, ch.above_level, ch.below_level)
        return WordScan(pattern, openers, phrases=True)

    @cached_property
    def comparative_words(self) -> Required:
        ch = self.lib.change
        return Required(ch.comparatives_up, ch.comparatives_down, ch.exceed, ch.shortfalls, ch.alarm_levels)

    @cached_property
    def plan_set_after(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*(?:{alternation(self.lib.references.trailing)}){WORD_END}", regex.I)

    @cached_property
    def plan_setter_after(self) -> regex.Pattern[str]:
        """" mà Hội đồng nhân dân tỉnh giao": a clause naming who set the plan, right after its level."""
        refs = self.lib.references
        return compile_pattern(
            rf"\s+{alternation(refs.set_by_leads)}\s+[^,.;:()]{{1,60}}?\s{alternation(refs.set_by)}{WORD_END}", regex.I
        )

    @cached_property
    def compared_level(self) -> regex.Pattern[str]:
        return compared_level(self.lib)

    def comparatives(self, text: str, bounds: tuple[int, int], mentions: list[Mention], frames: list[Frame]) -> None:
        """A figure after a comparative and what it compares with is the difference: a change."""
        last = max([m.number_start for m in mentions], default=bounds[0])
        if self.comparative_words.absent_in(text, bounds[0], last):
            return  # no comparative in the sentence before its last figure: none before any figure
        inside = -1  # the end of a figure read as part of what the next one compares with
        starts: list[int] | bool | None = False  # where a comparative may start, found once (False: not yet)
        for i, (mention, frame) in enumerate(zip(mentions, frames, strict=True)):
            # a change in its own unit ("cao hơn cùng kỳ 5,4 điểm phần trăm") takes what it compares with
            unit_change = mention.kind == "change" and mention.rule in self.unit_change_rules
            # a change its verb made of the comparative ("thấp hơn giá vàng miếng khoảng 22 triệu đồng")
            # still takes what that compares with
            read_change = mention.kind == "change" and not unit_change and mention.reference is None
            if mention.kind not in ("count", "percent", "money", "measure") and not (unit_change or read_change):
                continue
            left = max(frame.clause.start, mention.number_start - 70)
            if self.comparative_words.absent_in(text, left, mention.number_start):
                continue  # no comparative before it: the common case, read without a scan
            objects = self.numbered_comparative_object if inside > left else self.comparative_object
            if starts is False:
                starts = self._comparative_starts(text, bounds[0], last)
            if isinstance(starts, list):
                match = _first_match(objects.pattern, starts, text, left, mention.number_start)
            else:
                match = objects.search(text, left, mention.number_start)
            if not match and not unit_change and not read_change:
                self._bare_comparative(text, mention, frame, left)
                continue
            if not match or self.compared_level.search(text, left, mention.number_start):
                continue
            if self._names_the_compared(text, mention, mentions[i + 1 : i + 2], frame):
                inside = mention.end  # "của 4 nhà máy khoảng 5.000 m3": the difference is the next figure
                continue
            if match["exceed"] and self.plan_set_after.match(text, mention.end):
                continue  # "vượt kế hoạch 1.200 tỷ đồng đề ra": the plan's own level, exceeded
            if self.semantics.is_plan(match["ref"].strip()) and self.plan_setter_after.match(text, mention.end):
                mention.cue_start = match.start()  # the subject it is a plan for ends before the comparative
                continue  # "thấp hơn chỉ tiêu 95% mà Hội đồng nhân dân tỉnh giao": the plan's own level
            if read_change:
                mention.reference = self.semantics.trim_compared(match["ref"])
                frame.rules["reference"] = "reference.comparative"
                mention.cue_start = match.start()  # "giá bán lẻ cao hơn giá sỉ 30-40%": the subject ends before
                continue
            if not unit_change:
                mention.kind, mention.rule = "change", "change.comparative"
            mention.cue_start = match.start()  # the subject ends before the comparative
            mention.direction = "increase" if match["up"] else "decrease"
            mention.reference = self.semantics.trim_compared(match["ref"])
            frame.rules["reference"] = "reference.comparative"
            if i + 1 < len(mentions):
                self._share_with_joined(text, mention, mentions[i + 1], frames[i + 1])

    def _share_with_joined(self, text: str, change: Mention, joined: Mention, frame: Frame) -> None:
        """"lần lượt thấp hơn cùng kỳ 6,5 m và 1,9 m": an amount in the same unit joined to the difference
        after a comparative, ending its clause, is a difference from the same thing too."""
        if joined.kind not in ("count", "money", "measure") or joined.unit != change.unit:
            return
        if not self.amount_joiner.fullmatch(text, change.end, joined.number_start):
            return
        if text[joined.end : frame.clause.end].strip(" .,;)"):
            return
        joined.kind, joined.rule, joined.direction = "change", "change.comparative", change.direction
        joined.reference, joined.cue_start = change.reference, change.cue_start
        frame.rules["reference"] = "reference.comparative"

    @cached_property
    def amount_joiner(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s+(?:{alternation(self.lib.change.amount_joiners)})\s+", regex.I)

    def _comparative_starts(self, text: str, start: int, end: int) -> list[int] | None:
        """Where a comparative may start between `start` and `end` (both scans share their openers), or None
        when case-folding moves offsets (then each figure scans its own window)."""
        folded = text[start:end].casefold()
        if len(folded) != end - start:
            return None
        return [start + at for at in self.comparative_object.starts(folded)]

    def _bare_comparative(self, text: str, mention: Mention, frame: Frame, left: int) -> None:
        """"So với trung bình nhiều năm, chiều sâu xâm nhập mặn lớn hơn 10-15 km", "chỉ kém 2 bàn so với
        người dẫn đầu": a comparative right before a figure, in a clause that says what it compares with
        (opening it or right after the figure), makes the figure the difference."""
        if mention.kind == "percent":
            return  # "lớn hơn 50%" bounds a share; a percent difference has its own verbs ("cao hơn")
        match = self.bare_comparative.search(text, left, mention.number_start)
        if not match or not self._compares(text, mention, frame):
            return
        mention.kind, mention.rule = "change", "change.comparative"
        mention.direction = "increase" if match["up"] else "decrease"
        mention.cue_start = match.start()
        if not match["q"]:
            mention.qualifier = "exact"  # the "hơn" of "dài hơn 12 km" is the comparative's, no bound

    @cached_property
    def bare_comparative(self) -> regex.Pattern[str]:
        """A comparative that is no qualifier too ("hơn 10 km" is more than 10 km), right before a figure."""
        ch, quals = self.lib.change, self.lib.qualifiers.before
        up = [w for w in ch.comparatives_up if w not in quals]
        down = [w for w in [*ch.comparatives_down, *ch.shortfalls] if w not in quals]
        return compile_pattern(
            rf"{WORD_START}(?:(?P<up>{alternation(up)})|(?P<down>{alternation(down)}))\s+(?P<q>{alternation(quals)}\s+)?\Z",
            BACKWARD,
        )

    def _compares(self, text: str, mention: Mention, frame: Frame) -> bool:
        if self.semantics.comparison.match(text, mention.end, frame.clause.end):
            return True
        return bool(self.opening_comparison.match(text, frame.clause.start, mention.number_start))

    @cached_property
    def opening_comparison(self) -> regex.Pattern[str]:
        """"So với X, …" or "; so với X, …": a comparison that opens the clause."""
        comparison = alternation(self.lib.references.comparison)
        return compile_pattern(rf"[\s;,]*{comparison}\s+[^,.;:()]+,", regex.I)

    def _names_the_compared(self, text: str, mention: Mention, following: list[Mention], frame: Frame) -> bool:
        """A count right before the next figure, only a qualifier between, is in what that one compares with."""
        if mention.kind != "count" or not following or not frame.clause.holds(following[0].number_start):
            return False
        return bool(self.only_qualifier.fullmatch(text, mention.end, following[0].number_start))

    @cached_property
    def only_qualifier(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s+(?:{alternation(self.lib.qualifiers.before)}\s+)?", regex.I)

    unit_change_rules = frozenset({"change.percent_point", "change.unit_word"})

    def restatements(self, text: str, mentions: list[Mention], frames: list[Frame]) -> None:
        """"giảm 37 vụ (-12,5%)", "tăng 860 tỷ đồng (bằng 4,1%)", "giảm 0,59 điểm phần trăm, tương ứng
        1.852 hộ": the second figure is the same change, in other units."""
        for i, (mention, frame) in enumerate(zip(mentions, frames, strict=True)):
            previous = mentions[i - 1] if i else None
            if mention.kind == "change" and mention.direction is None and frame.clause.restates:
                sign = text[frame.clause.start : mention.number_start].strip()[-1:]
                mention.direction = _SIGNS.get(sign)  # "(-12,6 điểm phần trăm)"
            if mention.kind in ("change", "rank", "ratio", "multiple"):
                continue
            if frame.clause.restates and (previous is None or previous.end <= frame.clause.start):
                # "như điện thoại (+25%), máy vi tính (+18,4%)": a signed bracket is a change, first or not
                sign = text[frame.clause.start : mention.number_start].strip()[-1:]
                changed = previous is not None and previous.kind == "change"
                direction = _SIGNS.get(sign) or (previous.direction if changed else None)
                # "tăng 2,5% (+29.000 tấn)": an amount with a sign of its own is a change too
                if direction and (mention.kind == "percent" or sign in _SIGNS):
                    mention.kind, mention.direction, mention.rule = "change", direction, RESTATED
            elif previous is not None and previous.kind == "change" and self.restating_words.fullmatch(
                text, previous.end, mention.number_start
            ):
                mention.kind, mention.direction, mention.rule = "change", previous.direction, RESTATED

    @cached_property
    def restating_words(self) -> regex.Pattern[str]:
        """", tương ứng ", ", tương đương hơn " between a change and the figure that restates it, maybe after the rest
        of the change's noun phrase ("giảm 5,8 triệu đồng mỗi lượng, tương đương gần 3,8%")."""
        joiners, quals = alternation(self.lib.clauses.restating_joiners), alternation(self.lib.qualifiers.before)
        comparison = alternation(self.lib.references.comparison)
        rest = rf"(?:\s+(?!(?:{comparison}){WORD_END})[^\d\s,.;:()]+){{0,{_REST_WORDS}}}"
        return compile_pattern(rf"{rest}\s*,?\s*{joiners}\s+(?:{quals}\s+)?", regex.I)


def _first_match(
    pattern: regex.Pattern[str], starts: list[int], text: str, left: int, end: int
) -> regex.Match[str] | None:
    """`WordScan.search(text, left, end)`, trying only the comparative starts found for the whole sentence: a
    match lies within its window, so a start that only the sentence's scan finds at the window's edges (a word
    running across it) matches none."""
    for at in starts[bisect_left(starts, left) :]:
        if at >= end:
            break
        if match := pattern.match(text, at, end, HOLD_GIL):
            return match
    return None
