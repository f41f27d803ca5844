"""Sentence-level meaning of a mention: status and reference.

Input: the scanning view, a sentence's bounds and its mentions. Output: the status of each
mention (a cue holds from where it stands to the end of the sentence) and the reference of a
change, multiple or percent-of-plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import NamedTuple

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.mentions import EXCEEDS_PLAN, Mention
from vnreport_extract.extraction.mentions.text import figure_right_before
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    WordScan,
    alternation,
    head_key,
    last_words,
    not_after,
    words_before_figure,
    words_regex,
)


class Cue(NamedTuple):
    end: int  # where the cue word ends
    status: str
    horizon: bool  # "đến năm 2030": counts only where no other cue came first


_FIGURE_BEFORE = compile_pattern(r"\d\s*%?\s*\Z", regex.REVERSE)
_HORIZON_YEAR = compile_pattern(r"\s+((?:19|20)\d{2})")
_PUNCTUATION_STOP = r"[,.;:()\[\]\"“”!?\n]"
_CLOSING_QUOTES = "\"”'"
VERB_COMPARISON_REACH = 80  # characters before a figure where a comparison right before its verb may start


class Semantics:
    """Compiled status and reference rules of one pattern library."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    @cached_property
    def status_cue(self) -> regex.Pattern[str]:
        st = self.lib.status
        return compile_pattern(
            rf"{WORD_START}(?:(?P<estimate>{not_after(st.estimate_not_after)}{alternation(st.estimate)})"
            rf"|(?P<target>{alternation(st.targets)})"
            rf"|(?P<horizon>{alternation([*st.horizon, *st.future_plans])})){WORD_END}",
            regex.I,
        )

    @cached_property
    def status_scan(self) -> WordScan:
        st = self.lib.status
        return WordScan(self.status_cue, (st.estimate, st.targets, st.horizon, st.future_plans), phrases=True)

    @cached_property
    def status_kind_groups(self) -> tuple[int, int]:
        """The numbers of the groups `estimate` and `horizon` of `status_cue`."""
        index = self.status_cue.groupindex
        return index["estimate"], index["horizon"]

    @cached_property
    def not_target_before(self) -> regex.Pattern[str]:
        """"đạt 99,9% chỉ tiêu": a cue word right after such a word, maybe a figure between, measures against it; a
        comma after the figure (no decimal one) ends it ("đạt 42%, phấn đấu đạt 45%" sets a target)."""
        words = alternation(self.lib.status.not_target_after)
        return compile_pattern(rf"{WORD_START}{words}\s*(?:,\s*|(?:[\d.%\s]|,(?=\d))*)\Z", BACKWARD)

    @cached_property
    def signed(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.status.signed_before)})\s+\Z", BACKWARD)

    @cached_property
    def compared_before(self) -> regex.Pattern[str]:
        """"So với (mức) dự báo, …": a cue word a comparison takes is what a figure is compared with."""
        words = alternation([*self.lib.references.comparison, *self.lib.references.compared_level])
        return compile_pattern(rf"{WORD_START}{words}\s+\Z", BACKWARD | regex.I)

    @cached_property
    def plan_cue(self) -> regex.Pattern[str]:
        return words_regex(self.lib.status.plan_paragraph)

    def status_cues(
        self, text: str, start: int, end: int, mentions: Sequence[Mention] = (), report_year: int | None = None
    ) -> list[Cue]:
        """The status cues of a sentence, in order. A cue word inside a figure ("hoàn thành 28/30 chỉ
        tiêu") is what it counts, a plan noun used as a plain noun ("nhiều chỉ tiêu", "chỉ tiêu tỷ
        lệ hồ sơ trực tuyến đạt 97%") names an indicator, and a horizon that is not after the report's
        year ("đến hết năm 2024" in a report on 2024) is the time a figure stands at: none is a status."""
        cues = []
        # no cheap test first: the longest words of the cues ("đạt", "được", "đến") are in most sentences
        plain_end = -1  # where the last plan noun used as a plain noun ends
        kind_groups = self.status_kind_groups
        for cue in self.status_scan.finditer(text, start, end):
            estimate, horizon = cue.group(*kind_groups)  # by number: a name is looked up afresh at each call
            if not estimate and cue.start() > plain_end >= 0 and not text[plain_end : cue.start()].strip():
                plain_end = cue.end()
                continue  # "vượt chỉ tiêu đề ra": the words after a plan noun met or passed are part of it
            if not estimate and self.negated.search(text, start, cue.start()):
                continue  # "số doanh nghiệp chưa có kế hoạch thưởng": no plan
            if not estimate and self._plain_noun(text, start, end, cue, mentions):
                if self.not_target_before.search(text, start, cue.start()):
                    plain_end = cue.end()
                continue
            if horizon and self._reached(text, cue, end, report_year):
                continue
            if self.compared_before.search(text, start, cue.start()):
                continue  # "So với dự báo, lượng khách cao hơn 12%": what the figure is compared with
            if not estimate and self.signed.search(text, start, cue.start()):
                continue  # "đã ký cam kết với 2.400 hộ": a document signed, not a plan
            if self._assigns_no_figure(text, cue, end) or self._in_name(text, start, cue):
                continue
            if not estimate and self._carried_out(text, cue, end, mentions):
                continue
            if any(m.start < cue.end() <= m.end for m in mentions):
                continue
            cues.append(Cue(cue.end(), "estimate" if estimate else "target", bool(horizon)))
        if text.find("(", start, end) >= 0:
            plans = [Cue(m.end(), "target", False) for m in self.plan_figure.finditer(text, start, end)]
            cues = sorted(cues + plans) if plans else cues
        return cues

    def _carried_out(self, text: str, cue: regex.Match[str], end: int, mentions: Sequence[Mention]) -> bool:
        """"Kế hoạch năm 2024 của ngành được thực hiện tốt, …": a plan said, before any figure, to have been
        carried out is the subject of what was done, not a target."""
        done = self.plan_done.match(text, cue.end(), end)
        return bool(done) and not any(cue.end() <= m.start < done.end() for m in mentions)

    @cached_property
    def plan_done(self) -> regex.Pattern[str]:
        return compile_pattern(rf"[^,.;:()]{{0,60}}?\s{alternation(self.lib.status.plan_done)}{WORD_END}", regex.I)

    def _in_name(self, text: str, start: int, cue: regex.Match[str]) -> bool:
        """"Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, …": a capitalised cue after a body's head."""
        return cue.group()[0].isupper() and bool(self.name_head_before.search(text, start, cue.start()))

    @cached_property
    def name_head_before(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.status.name_heads)}\s+\Z", BACKWARD | regex.I)

    def _assigns_no_figure(self, text: str, cue: regex.Match[str], end: int) -> bool:
        """"Trung tâm được giao là đầu mối …": a role assigned, not an amount (no figure follows)."""
        if not self.before_figure_cue.fullmatch(cue.group()):
            return False
        return not self.figure_next.match(text, cue.end(), end)

    @cached_property
    def before_figure_cue(self) -> regex.Pattern[str]:
        return compile_pattern(alternation(self.lib.status.target_before_figure), regex.I)

    @cached_property
    def figure_next(self) -> regex.Pattern[str]:
        """A figure right after a cue, maybe after a qualifier: " 640 tỷ đồng", " khoảng 1.200 tỷ"."""
        return compile_pattern(rf"\s+(?:{alternation(self.lib.qualifiers.before)}\s+)?\d", regex.I)

    def _reached(self, text: str, cue: regex.Match[str], end: int, report_year: int | None) -> bool:
        """A horizon that is not after the report's year ("đến hết năm 2024" in a report on 2024), or that is this
        year or an earlier one in words ("đến hết năm nay")."""
        year = _HORIZON_YEAR.match(text, cue.end(), end)
        if year:
            return bool(report_year and int(year.group(1)) <= report_year)
        relative = f"{cue.group().split()[-1].lower()} {head_key(text, cue.end(), end)}"
        return self.lib.periods.relative_years.get(relative, 1) <= 0

    def _plain_noun(
        self, text: str, start: int, end: int, cue: regex.Match[str], mentions: Sequence[Mention]
    ) -> bool:
        if self.not_target_before.search(text, start, cue.start()):
            return True
        if self.plan_head.match(cue.group()) and self._after_figure(text, start, cue.start(), mentions):
            return True  # "80,8% dự toán của tỉnh", "gấp 1,4 lần dự toán năm": what a figure is measured against
        if not self.indicator_noun.fullmatch(cue.group()):
            return False
        if self.noun_use_before.search(text, start, cue.start()):
            return True
        return bool(self.indicator_result.match(text, cue.end(), end))

    @cached_property
    def negated(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.status.negations)}\s+\Z", BACKWARD)

    @staticmethod
    def _after_figure(text: str, start: int, at: int, mentions: Sequence[Mention]) -> bool:
        if _FIGURE_BEFORE.search(text, start, at):
            return True
        return figure_right_before(text, at, mentions)

    @cached_property
    def noun_use_before(self) -> regex.Pattern[str]:
        """"nhiều chỉ tiêu", "ở chỉ tiêu lợi nhuận": a quantifier or preposition makes it a plain noun."""
        return compile_pattern(rf"{WORD_START}{alternation(self.lib.status.noun_use_before)}\s+\Z", BACKWARD)

    @cached_property
    def indicator_noun(self) -> regex.Pattern[str]:
        return compile_pattern(alternation(self.lib.status.indicator_nouns), regex.I)

    @cached_property
    def indicator_result(self) -> regex.Pattern[str]:
        """"chỉ tiêu tỷ lệ hồ sơ trực tuyến đạt 97%": an indicator's name, then what it reached."""
        return compile_pattern(
            rf"\s+[^\d,.;:()]{{1,90}}?\s{alternation(self.lib.status.indicator_results)}{WORD_END}", regex.I
        )

    @staticmethod
    def last_status(cues: Sequence[Cue]) -> str | None:
        """The last cue wins; a horizon ("đến năm 2030") only where no other cue came first."""
        found, seen_cue = None, False
        for _, status, horizon in cues:
            if horizon and seen_cue:
                continue
            found, seen_cue = status, True
        return found

    @cached_property
    def plan_figure(self) -> regex.Pattern[str]:
        """"(kế hoạch 8%)": a plan noun right before a number states the planned figure."""
        return compile_pattern(rf"\(\s*{alternation(self.lib.references.plans)}(?=\s+\d)", regex.I)

    # ----- reference -----------------------------------------------------------------------
    @cached_property
    def comparison(self) -> regex.Pattern[str]:
        refs = self.lib.references
        after = alternation(self.lib.qualifiers.after)
        return compile_pattern(
            rf"\s*(?:{after}\s*)?,?\s*(?:{alternation(refs.comparison)})\s+(?P<ref>[^,.;:()\n]+)", regex.I
        )

    @cached_property
    def comparison_firsts(self) -> Required:
        """The first words of the comparisons: every match of `comparison` holds one."""
        return Required([w.split()[0] for w in self.lib.references.comparison if w.strip()])

    @cached_property
    def plan_noun(self) -> regex.Pattern[str]:
        return compile_pattern(
            rf"\s*(?P<ref>{alternation(self.lib.references.plan_nouns)}{WORD_END}[^,.;:()\n]*)", regex.I
        )

    @cached_property
    def compared_with(self) -> regex.Pattern[str]:
        """"gấp 2,1 lần bình quân cả nước": what a multiple is of, written right after it."""
        return compile_pattern(r"\s+(?P<ref>\p{L}[^,.;:()\n]*)", regex.I)

    @cached_property
    def equal_to_before(self) -> regex.Pattern[str]:
        """"chỉ bằng khoảng 40% giá căn hộ thương mại": what follows a percent "equal to" is its base."""
        return words_before_figure(self.lib.references.equal_to, self.lib.qualifiers.before)

    @cached_property
    def no_base(self) -> regex.Pattern[str]:
        """A stop word or what a figure is about ("về giá trị"): the words after a figure name no base."""
        words = [*self.lib.references.stops, *self.lib.labels.object_prepositions]
        return compile_pattern(rf"\s+{alternation(words)}{WORD_END}", regex.I)

    @cached_property
    def reference_stop(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s+{alternation(self.lib.references.stops)}{WORD_END}", regex.I)

    @cached_property
    def trailing(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s+{alternation(self.lib.references.trailing)}\s*\Z", BACKWARD)

    @cached_property
    def plan_setter(self) -> regex.Pattern[str]:
        """" vốn Thủ tướng Chính phủ giao", " đại hội đồng cổ đông giao": the body that set a plan, then its verb."""
        setters = alternation(self.lib.references.set_by)
        passive = alternation(self.lib.labels.passive_markers)
        return compile_pattern(rf"[^,.;:()\d]*?\s(?<!{WORD_START}(?:{passive})\s+){setters}\s*", regex.I)

    @cached_property
    def keep_head(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{alternation(self.lib.references.keep_head)}{WORD_END}", regex.I)

    @cached_property
    def later_comparison(self) -> regex.Pattern[str]:
        """"giảm 5% số người chết do tai nạn so với năm 2024": the object comes between."""
        refs = self.lib.references
        return compile_pattern(
            rf"[^,.;:()\n\d]{{1,80}}?\s(?:{alternation(refs.comparison)})\s+(?P<ref>[^,.;:()\n]+)", regex.I
        )

    @cached_property
    def leading_comparison(self) -> regex.Pattern[str]:
        """"So với năm 2023, số vụ tai nạn giảm 12%", "Tính từ đầu năm, …": a comparison that opens the sentence."""
        refs = self.lib.references
        return compile_pattern(
            rf"\s*(?:(?:{alternation(refs.comparison)})\s+(?P<ref>[^,.;:()\n]+)|{self.since_start}),", regex.I
        )

    @cached_property
    def since_start(self) -> str:
        """"từ đầu năm (đến nay)": the start of a period a change is counted from (its `ref`)."""
        refs = self.lib.references
        until = rf"(?:\s+(?:{alternation(refs.until_now)}){WORD_END})?"
        return rf"(?:{alternation(refs.since)})\s+(?P<ref>(?:{alternation(refs.period_starts)}){WORD_END}){until}\s*"

    @cached_property
    def since_after(self) -> regex.Pattern[str]:
        """"tăng 28% kể từ đầu năm": the start counted from, right after the change."""
        return compile_pattern(rf"\s*,?\s*{self.since_start}", regex.I)

    def _past_unit_pair(self, text: str, mention: Mention) -> int:
        """Where a figure ends, past the second unit of the pair it is written in ("688 vụ, việc")."""
        for head, rest in self.unit_pair_rests:
            if (mention.unit or "").lower() == head and text.startswith(rest, mention.end):
                return mention.end + len(rest)
        return mention.end

    @cached_property
    def unit_pair_rests(self) -> tuple[tuple[str, str], ...]:
        """Each pair of units ("vụ, việc") as its first unit and what follows it (", việc")."""
        pairs = (pair.lower().split(",", 1) for pair in self.lib.labels.unit_pairs if "," in pair)
        return tuple((head.strip(), f",{rest}") for head, rest in pairs)

    def reference(self, text: str, mention: Mention, sentence_start: int, sentence_end: int) -> str | None:
        """What a change, multiple or percent is compared with, as written."""
        if mention.kind not in ("change", "multiple", "percent"):
            return None
        end = self._past_unit_pair(text, mention)  # "tăng 688 vụ, việc so với cùng kỳ"
        # no comparison word after the figure (most figures): neither comparison after it can match
        compared = not self.comparison_firsts.absent_in(text, end, sentence_end)
        match = self.comparison.match(text, end, sentence_end, HOLD_GIL) if compared else None
        if not match and compared and mention.kind in ("change", "multiple"):  # "gấp 2,4 lần về vốn so với cùng kỳ"
            match = self.later_comparison.match(text, end, sentence_end, HOLD_GIL)
        if match and self._opens_next_change(text, mention, match):
            match = None  # "tăng 2,1% và so với cùng kỳ tăng 3,4%": the comparison opens the next figure's clause
        if not match and mention.kind == "change":
            match = self.since_after.match(text, mention.end, sentence_end)
        if not match and mention.kind == "change" and not self._compared_before_verb(text, sentence_start, mention):
            match = self.leading_comparison.match(text, sentence_start, mention.start)
        if not match and (mention.kind == "percent" or mention.rule == EXCEEDS_PLAN):
            match = self.plan_noun.match(text, mention.end, sentence_end, HOLD_GIL)
        if not match and mention.kind == "percent" and self.equal_to_before.search(
            text, sentence_start, mention.start, HOLD_GIL
        ):
            match = self.compared_with.match(text, mention.end, sentence_end)
        if not match and mention.kind == "multiple":
            match = self.compared_with.match(text, mention.end, sentence_end)
        if not match:
            return None
        if match.re is self.compared_with:  # "gấp đôi cả năm 2022 và chiếm 40% …": up to a stop word
            if self.no_base.match(text, match.start("ref") - 1):
                return None  # "bằng 104,1% và 109,3% kế hoạch", "gấp đôi về số lượng": no base follows
            return self._until_stop(match["ref"]) or None
        return self.trim_reference(match["ref"])

    @cached_property
    def next_change(self) -> regex.Pattern[str]:
        """A verb of change and its figure inside what follows a comparison: the comparison is that figure's, right
        before its verb ("so với cùng kỳ năm trước tăng 3,4%"), not one of the figure before it."""
        ch = self.lib.change
        adverbs, quals = alternation(ch.adverbs), alternation(self.lib.qualifiers.before)
        return compile_pattern(
            rf"{WORD_START}{not_after(ch.verb_noun_heads)}(?:{alternation(ch.verbs)})(?:\s+{adverbs})*"
            rf"\s+(?:{quals}\s+)?\d",
            regex.I,
        )

    def _opens_next_change(self, text: str, mention: Mention, match: regex.Match[str]) -> bool:
        """Whether a comparison after a comma or "và" opens the clause of the next change: a verb of change and its
        figure follow it before any other comparison. One right after the figure, or after its object, is its own
        ("giảm 3,3% so với tháng trước nhưng tăng 24,5%", "tăng 31,6% về lượng so với tháng 8 nhưng giảm 9,4%"), as is
        the first of "tăng 0,4% so với tháng trước và so với cùng kỳ tăng 2,9%"."""
        if not self.joined_comparison.search(text, mention.end, match.start("ref"), HOLD_GIL):
            return False
        ref = match["ref"]
        other = self.comparison_word.search(ref)
        return bool(self.next_change.search(ref, 0, other.start() if other else len(ref)))

    @cached_property
    def joined_comparison(self) -> regex.Pattern[str]:
        """A comparison word after a comma or a joiner, up to where what it compares with starts."""
        ch = self.lib.change
        joiners = alternation([*ch.joiners, *ch.amount_joiners])
        comparison = alternation(self.lib.references.comparison)
        return compile_pattern(rf"(?:,|{WORD_START}(?:{joiners}))\s*(?:{comparison})\s+\Z", regex.I)

    @cached_property
    def comparison_word(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.references.comparison)}){WORD_END}", regex.I)

    def _compared_before_verb(self, text: str, start: int, mention: Mention) -> bool:
        """"So với tháng 12/2024, CPI tăng 2,1% và so với cùng kỳ tăng 3,4%": a comparison right before the verb of a
        change wins over the one that opens the sentence."""
        left = max(start, mention.number_start - VERB_COMPARISON_REACH)
        if self.comparison_firsts.absent_in(text, left, mention.number_start):
            return False
        return bool(self.change_verb_before.search(text, left, mention.number_start, HOLD_GIL))

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
    def stop_compound(self) -> regex.Pattern[str]:
        return last_words(self.lib.references.stop_compounds, "")

    def _until_stop(self, phrase: str) -> str:
        phrase = phrase.rstrip().rstrip(_CLOSING_QUOTES)  # "… so với năm ngoái", ông nói": the quote ends the speech
        for stop in self.reference_stop.finditer(phrase, 0, None, False, HOLD_GIL):
            if not self.stop_compound.search(phrase, 0, stop.end()):  # "Đồng bằng" is a word, not "bằng"
                return " ".join(phrase[: stop.start()].split())
        return " ".join(phrase.split())

    def trim_compared(self, phrase: str) -> str | None:
        """What a comparative compares with: names joined by "và" are one object ("cao hơn Ecuador và Ấn Độ
        khoảng 20%"); otherwise trimmed as any reference."""
        if self.joined_names.search(phrase):
            return " ".join(phrase.split())
        return self.trim_reference(phrase)

    @cached_property
    def joined_names(self) -> regex.Pattern[str]:
        joiners = alternation(self.lib.change.amount_joiners)
        return compile_pattern(rf"(?-i:\p{{Lu}})\p{{L}}*\s+(?:{joiners})\s+(?-i:\p{{Lu}})", regex.I)

    def trim_reference(self, phrase: str) -> str | None:
        phrase = self._until_stop(phrase)
        head = self.keep_head.match(phrase, 0, None, HOLD_GIL)
        if head and self.plan_setter.fullmatch(phrase, head.end()):
            return phrase
        if head:
            return head.group()
        trimmed = self.trailing.sub("", phrase)
        return trimmed or phrase or None

    def is_plan(self, reference: str | None) -> bool:
        """Whether a reference names a plan ("kế hoạch", "dự toán năm") rather than another time."""
        return bool(reference and self.plan_head.match(reference, 0, None, HOLD_GIL))

    @cached_property
    def plan_head(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.lib.references.plans)}){WORD_END}", regex.I)

    @cached_property
    def plan_heading(self) -> regex.Pattern[str]:
        return words_regex(self.lib.status.plan_headings)

    @cached_property
    def result_heading(self) -> regex.Pattern[str]:
        return words_regex(self.lib.status.result_headings)

    def is_plan_heading(self, heading: str) -> bool:
        """"II. NHIỆM VỤ, GIẢI PHÁP NĂM 2025": a heading that names plans and no results."""
        return bool(self.plan_heading.search(heading)) and not self.result_heading.search(heading)

    def is_plan_paragraph(self, paragraph: str, opener_year: int | None, report_year: int | None) -> bool:
        """A paragraph opening on a year after the report's own, that lists plans or tasks."""
        if opener_year is None or report_year is None or opener_year <= report_year:
            return False
        return bool(self.plan_cue.search(paragraph))
