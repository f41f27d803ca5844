"""A figure's status: its clause's cue, the sentence's opening phrase, the line that opens its list,
the clause before it that it leaves its frame to, or what its paragraph plans."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.clauses import Clause
from vnreport_extract.extraction.frames.frame import Frame, FrameGap, SentenceFacts, compared_level, copied
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.extraction.semantics import Cue, Semantics
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    alternation,
    tail_key,
    tail_keys,
    words_before_figure,
)


class SentenceCues:
    """A sentence's status cues and what they give each clause, read once for all the figures in it."""

    __slots__ = ("_heads", "_of_clause", "_opening", "_purpose", "cues", "shared")

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = cues
        self.shared: dict[int, tuple[str, str] | None] = {}  # a main clause's status shared from the one before
        self._of_clause: dict[int, list[Cue]] = {}  # by the clause's id: the clauses of one sentence
        self._heads: dict[int, str | None] = {}
        self._opening: Cue | bool | None = False  # False: not read yet
        self._purpose: bool | None = None

    def of_clause(self, clauses: list[Clause], clause: Clause) -> list[Cue]:
        """The cues from the clause's start on that stand in it (a main clause's, outside its asides)."""
        if (found := self._of_clause.get(id(clause))) is None:
            found = self._of_clause[id(clause)] = [
                c for c in self.cues if clause.start <= c.end and _in_same(clauses, clause, c.end)
            ]
        return found

    def opening(self, text: str, bounds: tuple[int, int], mentions: list[Mention]) -> Cue | None:
        """The cue of the sentence's opening phrase ("Dự kiến năm 2025, …") when no figure is in it."""
        if self._opening is False:
            opener = _opening_phrase(text, bounds, mentions)
            self._opening = next((cue for cue in self.cues if cue.end <= opener), None)
        return self._opening

    def purpose(self, pattern: regex.Pattern[str], text: str, start: int, opening: Cue) -> bool:
        """Whether the opening phrase, up to its cue `opening`, states a purpose ("Để đạt kế hoạch, …"), read once."""
        if self._purpose is None:
            self._purpose = bool(pattern.match(text, start, opening.end))
        return self._purpose

    def list_head(self, clauses: list[Clause], clause: Clause, semantics: Semantics) -> str | None:
        """The status of the last list head before the clause that has one ("Dự kiến năm 2025: lạc …")."""
        if clause.index not in self._heads:
            heads = [c for c in clauses if c.list_head and not c.aside and c.index < clause.index]
            found = None
            for head in reversed(heads):
                if found := semantics.last_status([c for c in self.cues if head.start <= c.end <= head.end]):
                    break
            self._heads[clause.index] = found
        return self._heads[clause.index]


class StatusReader:
    """Compiled status rules of one pattern library."""

    def __init__(self, library: PatternLibrary, semantics: Semantics, gap: FrameGap) -> None:
        self.lib = library
        self.semantics = semantics
        self.gap = gap

    @cached_property
    def plan_level(self) -> regex.Pattern[str]:
        """"chưa đạt mục tiêu 54 tỷ USD": a plan noun right before a figure states the planned level."""
        return words_before_figure(self.lib.references.plans, self.lib.qualifiers.before)

    def _states_plan_level(
        self, text: str, mention: Mention, clause: Clause, previous: Frame | None, key: str | None
    ) -> bool:
        """The plan's level after its subject and "là", and what its clause says of it after ("…, gấp 1,6
        lần năm 2024"). `key`: the last token before the figure (`tail_key`), which a clause that states the
        plan ends its verb or qualifier with: most clauses are told apart without a scan."""
        if previous is not None and previous.clause is clause and previous.rules["status"] == "status.plan_subject":
            return True
        if key not in (self.plan_change_keys if mention.kind == "change" else self.plan_subject_keys):
            return False
        if mention.kind == "change":  # from the clause's last comma: a headline joins its clauses with one
            start = max(clause.start, text.rfind(",", clause.start, mention.number_start))
            return bool(self.plan_change.fullmatch(text, start, mention.number_start, HOLD_GIL))
        if self.plan_subject.fullmatch(text, clause.start, mention.number_start, HOLD_GIL):
            return True
        after_comma = text.rfind(",", clause.start, mention.number_start)  # "Theo Sở Tài chính, kế hoạch vốn … là"
        return after_comma > 0 and bool(self.plan_subject.fullmatch(text, after_comma, mention.number_start))

    @cached_property
    def plan_change(self) -> regex.Pattern[str]:
        """"Kế hoạch sản lượng năm 2026 giảm 7,2%": a clause whose subject is a plan and whose verb is a
        change states the planned change."""
        return self._plan_clause(self.lib.status.plan_change_subjects, self.lib.status.plan_change_verbs)

    @cached_property
    def plan_change_keys(self) -> frozenset[str | None]:
        """The last tokens `plan_change` may end with (None for a word that ends with no letter or symbol)."""
        return frozenset(map(tail_key, [*self.lib.status.plan_change_verbs, *self.lib.qualifiers.before]))

    @cached_property
    def plan_subject_keys(self) -> frozenset[str | None]:
        return frozenset(map(tail_key, [*self.lib.status.plan_copulas, *self.lib.qualifiers.before]))

    @cached_property
    def plan_subject(self) -> regex.Pattern[str]:
        """"Kế hoạch vốn năm 2025 thành phố giao cho các dự án này là 34.830 tỷ đồng": a clause whose
        subject is a plan and whose verb is "là" states the plan's level."""
        return self._plan_clause(self.lib.references.plans, self.lib.status.plan_copulas)

    def _plan_clause(self, plans: list[str], verbs: list[str]) -> regex.Pattern[str]:
        """A clause that opens with a plan noun (or a total of one) and reaches one of `verbs` right before the
        figure."""
        lead = alternation(self.lib.clauses.leading)
        quals = alternation(self.lib.qualifiers.before)
        st = self.lib.status
        # "tổng kế hoạch vốn …": a total of a plan (not "tổng chỉ tiêu tuyển sinh", a quota read as what there is)
        totals, subjects = alternation(st.plan_totals), alternation(st.plan_change_subjects)
        totalled = rf"(?:{totals})\s+(?:{subjects})|" if st.plan_totals else ""
        words = r"(?:[^,.;:()]|\([^()]*\))*?"  # "Kế hoạch vốn của tỉnh (sau hợp nhất) là …": an aside inside
        return compile_pattern(
            rf"[\s,]*(?:{lead}\s+)?(?:{totalled}{alternation(plans)}){WORD_END}{words}\s{alternation(verbs)}\s+"
            rf"(?:{quals}\s+)?",
            regex.I,
        )

    @cached_property
    def compared_level(self) -> regex.Pattern[str]:
        return compared_level(self.lib)

    @cached_property
    def level_keys(self) -> frozenset[str]:
        """The last tokens of the words that may end `plan_level` or `compared_level`: a left context ending
        otherwise is told apart without a scan."""
        refs = self.lib.references
        return tail_keys([*refs.plans, *refs.compared_level, *self.lib.qualifiers.before])

    def read(
        self,
        text: str,
        bounds: tuple[int, int],
        clauses: list[Clause],
        cues: SentenceCues,
        mentions: list[Mention],
        frames: list[Frame],
        i: int,
        facts: SentenceFacts,
    ) -> tuple[str, str]:
        """The status of figure `i` and the rule that set it. `cues`: the sentence's status cues, with what
        they give each clause filled as its first figure asks (one per sentence)."""
        mention, clause = mentions[i], frames[i].clause
        position = mention.cue_start if mention.cue_start is not None else mention.start
        if clause.aside and clause.restates and i and mentions[i - 1].end <= clause.start:
            return frames[i - 1].status, copied("status.restated", frames[i - 1].rules["status"])
        key = tail_key(text, clause.start, mention.number_start)
        levelled = key in self.level_keys
        if levelled and self.compared_level.search(text, clause.start, mention.number_start, HOLD_GIL):
            return "actual", "status.compared_level"
        if levelled and mention.kind != "change" and self.plan_level.search(
            text, clause.start, mention.number_start, HOLD_GIL
        ):
            return "target", "status.plan_level"
        if self._states_plan_level(text, mention, clause, frames[i - 1] if i else None, key):
            return "target", "status.plan_subject"
        if cues.cues and (found := self._cued(text, clauses, cues, clause, mention, position)):
            return found
        if clause.index and self.present_opener.match(text, clause.start, position, HOLD_GIL):
            return "actual", "status.present_clause"  # "…; hiện tỷ trọng kinh tế số mới khoảng 9,2%"
        if clause.aside and self._sizes_plan(text, clause, mentions, i):
            return "target", "status.plan_aside"
        if clause.aside:  # a clause of its own; against an estimate or target around it, a judgement
            main = [f for f in frames[:i] if not f.clause.aside and f.clause.index == clause.index]
            return "actual", "status.aside_apart" if main and main[-1].status != "actual" else "status.aside"
        if cues.cues and (found := self._opened(text, bounds, clauses, cues, clause, mentions, position)):
            return found
        planned = self.opening_plan.match(text, *bounds, HOLD_GIL)
        if planned and (opener := _opening_phrase(text, bounds, mentions)) >= 0:
            if self._realised_after(text, opener, position):
                return "actual", "status.realised"  # "Theo kế hoạch, công trình đã hoàn thành 80% khối lượng"
            return "target", "status.sentence_opener"  # "Theo kế hoạch tuyển sinh năm học 2024-2025, các trường …"
        if clause.index:
            if clause.index not in cues.shared:  # read by the clause's first figure, from the frames set by then
                cues.shared[clause.index] = self._shared_status(text, clause, mentions, frames)
            if found := cues.shared[clause.index]:
                return found
        if facts.list_status:
            return facts.list_status, "status.list_item"
        if facts.plan_paragraph and not self.states_present(text, bounds[0], position):
            return "target", "status.plan_paragraph"
        return "actual", "status.default"

    def _cued(
        self, text: str, clauses: list[Clause], cues: SentenceCues, clause: Clause, mention: Mention, position: int
    ) -> tuple[str, str] | None:
        """The status the last cue of a figure's own clause before it gives."""
        own = [c for c in cues.of_clause(clauses, clause) if c.end <= position]
        status = self.semantics.last_status(own)
        if not status:
            return None
        if status == "target" and self._realised_after(text, own[-1].end, position):
            return "actual", "status.realised"
        if status == "target" and self._assigned_to(text, own[-1].end, mention):
            return "actual", "status.recipient"
        return status, "status.cue"

    def _opened(
        self,
        text: str,
        bounds: tuple[int, int],
        clauses: list[Clause],
        cues: SentenceCues,
        clause: Clause,
        mentions: list[Mention],
        position: int,
    ) -> tuple[str, str] | None:
        """The status of the sentence's opening phrase, else of the last list head before the clause."""
        opening = cues.opening(text, bounds, mentions)
        if opening and clause.index and cues.purpose(self.purpose, text, bounds[0], opening):
            opening = None  # "Để đạt kế hoạch, quý IV phải …; kinh phí năm 2025 khoảng …": its own clause only
        if opening:
            if opening.status == "target" and self._realised_after(text, opening.end, position):
                return "actual", "status.realised"
            return opening.status, "status.sentence_opener"
        if status := cues.list_head(clauses, clause, self.semantics):
            return status, "status.list_head"
        return None

    def _sizes_plan(self, text: str, clause: Clause, mentions: list[Mention], i: int) -> bool:
        """"bằng 58,6% kế hoạch vốn năm 2025 (2.800 tỷ đồng)", "so với chỉ tiêu giao đến năm 2030 (15.600
        căn)": a bracket holding only a figure, right after a plan's name, states the plan's size."""
        mention = mentions[i]
        bracket = text.rfind("(", max(0, clause.start - 2), mention.number_start)
        if bracket < 0 or not self.lone_figure.fullmatch(text, bracket, mention.number_start):
            return False
        if not self.bracket_close.match(text, mention.end, clause.end + 2):
            return False
        reach = max(0, bracket - 200)
        boundary = max(text.rfind(mark, reach, bracket) for mark in ",;.")
        if i and mentions[i - 1].end <= bracket:
            boundary = max(boundary, mentions[i - 1].end)
        return bool(self.named_plan.fullmatch(text, max(boundary + 1, 0), bracket))

    @cached_property
    def opening_plan(self) -> regex.Pattern[str]:
        status = self.lib.status
        document = rf"(?!\s+(?:{alternation(status.plan_document_marks)}){WORD_END})"  # "Theo Kế hoạch số 112/KH-SYT"
        return compile_pattern(rf"\s*(?:{alternation(status.opening_plans)}){WORD_END}{document}", regex.I)

    @cached_property
    def purpose(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*{alternation(self.lib.status.purpose_plans)}{WORD_END}", regex.I)

    @cached_property
    def lone_figure(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\(\s*(?:(?:{alternation(self.lib.qualifiers.before)})\s+)?", regex.I)

    @cached_property
    def bracket_close(self) -> regex.Pattern[str]:
        return compile_pattern(r"\s*\)")

    @cached_property
    def named_plan(self) -> regex.Pattern[str]:
        """A plan's name, maybe after a comparison or a percent's verb: "so với chỉ tiêu Chính phủ giao"."""
        refs = self.lib.references
        lead = alternation([*refs.comparison, *refs.percent_verbs])
        return compile_pattern(rf"\s*(?:(?:{lead})\s+)?{alternation(refs.plans)}{WORD_END}[^,;:()]*", regex.I)

    def _shared_status(
        self, text: str, clause: Clause, mentions: list[Mention], frames: list[Frame]
    ) -> tuple[str, str] | None:
        """The status of a clause after the first that leaves out its frame: that of the clause before."""
        first = next(m for m, f in zip(mentions, frames, strict=False) if f.clause is clause)
        if not self.gap.leaves_out(text, clause, first):
            return None
        done_before = self.realised.search(text, clause.start, first.number_start)
        if done_before or self.realised_after.match(text, first.end, clause.end):
            return "actual", "status.realised"  # "ước đạt 48,7 tỷ đồng; đã chi trả cho 1.340 hộ"
        before = [f for m, f in zip(mentions, frames, strict=False) if f.clause.index == clause.index - 1]
        if before and before[-1].status != "actual" and not before[-1].clause.aside:
            return before[-1].status, "status.shared_clause"
        return None

    @cached_property
    def realised(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.status.realised)}{WORD_END}", regex.I)

    @cached_property
    def raising(self) -> regex.Pattern[str]:
        """"nâng tổng số …": a verb raising a total opens the words after the comma."""
        return compile_pattern(rf"\s*(?:{alternation(self.lib.status.raising)}){WORD_END}", regex.I)

    @cached_property
    def present_opener(self) -> regex.Pattern[str]:
        """"Hiện toàn tỉnh có …": a sentence opening on the present."""
        return compile_pattern(rf"\s*(?:{alternation(self.lib.status.present_openers)}){WORD_END}", regex.I)

    def states_present(self, text: str, start: int, end: int) -> bool:
        """"Hiện toàn tỉnh có …", "Trong quý IV, công ty đã đóng điện 45 trạm": a sentence in a paragraph
        of plans that opens on the present or states a done action before its figure says what is."""
        return bool(self.present_opener.match(text, start, end) or self.realised.search(text, start, end))

    @cached_property
    def realised_after(self) -> regex.Pattern[str]:
        """"; trong đó 6 dự án đã hoàn thành": a done action right after the clause's first figure."""
        done = alternation(self.lib.status.realised)
        return compile_pattern(rf"(?:\s+\p{{Ll}}+){{0,3}}?\s+{done}{WORD_END}", regex.I)

    def _realised_after(self, text: str, cue_end: int, position: int) -> bool:
        """"Hướng tới mục tiêu …, ngành đã chuyển giao 35 kỹ thuật": a done action after a comma or
        "và" that follows a target cue states a result, not the target ("được giao nhiệm vụ trồng 50 ha
        rừng và đã trồng được 52 ha"); so does one right after a cue that ends with its comma ("Theo
        kế hoạch, công trình đã hoàn thành 80% khối lượng")."""
        if text[cue_end - 1] == ",":
            joined = cue_end
        else:
            joiner = self.result_joiner.search(text, cue_end, position)
            joined = joiner.end() if joiner else -1
        done = self._done_action(text, joined, position) if joined >= 0 else None
        return bool(done and not self.raising.match(text, joined, done.start()))

    def _done_action(self, text: str, start: int, end: int) -> regex.Match[str] | None:
        """The first aspect word between `start` and `end` that is no time compared with ("gấp 2,5 lần hiện
        nay", "so với hiện tại")."""
        for done in self.realised.finditer(text, start, end):
            if not self.compared_now.search(text, start, done.start()):
                return done
        return None

    @cached_property
    def compared_now(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.status.compared_before)}\s+\Z", BACKWARD)

    def _assigned_to(self, text: str, cue_end: int, mention: Mention) -> bool:
        """"trường đã giao kế hoạch cho 45 khoa": the figure right after "cho" counts who was assigned the
        plan, not what it plans."""
        cue = self.assigning.search(text, max(0, cue_end - 40), cue_end)
        return bool(cue and cue.end() == cue_end and self.recipient.fullmatch(text, cue_end, mention.number_start))

    @cached_property
    def assigning(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.status.assigning)}\Z", BACKWARD)

    @cached_property
    def recipient(self) -> regex.Pattern[str]:
        quals = alternation(self.lib.qualifiers.before)
        return compile_pattern(rf"\s+{alternation(self.lib.status.recipients)}\s+(?:{quals}\s+)?", regex.I)

    @cached_property
    def result_joiner(self) -> regex.Pattern[str]:
        """What joins a result to a target cue: a comma between words ("7,2" is a number) or "và"."""
        return compile_pattern(rf",(?!\d)|{WORD_START}{alternation(self.lib.status.result_joiners)}{WORD_END}", regex.I)


def _in_same(clauses: list[Clause], clause: Clause, pos: int) -> bool:
    """A cue belongs to a main clause only outside the asides inside it."""
    return clause.aside or not any(c.aside and c.holds(pos - 1) for c in clauses)


def _opening_phrase(text: str, bounds: tuple[int, int], mentions: list[Mention]) -> int:
    """The end of a sentence's opening phrase ("Dự kiến năm 2025, …") when no figure is in it."""
    start, end = bounds
    comma = min((p for p in (text.find(",", start, end), text.find(":", start, end)) if p >= 0), default=-1)
    if comma < 0 or (mentions and mentions[0].start < comma):
        return -1
    return comma
