"""Changes: a figure after a change verb ("tăng 18%"), in a change unit ("1,5 điểm phần trăm"),
over a plan ("vượt 5% kế hoạch"), the level a change goes to ("lên 1.500 doanh nghiệp"), and a
second figure sharing the verb of the one before ("tăng 10,7% về lượng và 23,5% về giá trị")."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.mentions.mention import (
    LEVEL_TIME_WORDS,
    NEW_LEVEL,
    NOUN_REST,
    SHARED_VERB,
    Mention,
    UnitMatch,
)
from vnreport_extract.extraction.mentions.qualifiers import QualifierReader
from vnreport_extract.extraction.mentions.ranges import Bounds, range_values
from vnreport_extract.extraction.mentions.text import segment_start
from vnreport_extract.extraction.mentions.units import UnitReader
from vnreport_extract.extraction.numbers import NumberSpan
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    alternation,
    head_keys,
    not_after,
    words_before_figure,
)

_NOUN_WORDS = 8  # words of a changed noun phrase after its head ("tỷ lệ hộ nghèo chung toàn tỉnh")


class ChangeReader:
    """The change words of one pattern library, compiled."""

    def __init__(self, library: PatternLibrary, units: UnitReader, qualifiers: QualifierReader) -> None:
        self.lib = library
        self.units = units
        self.qualifiers = qualifiers

    @cached_property
    def change_before(self) -> regex.Pattern[str]:
        ch = self.lib.change
        quals = alternation(self.lib.qualifiers.before)
        return compile_pattern(
            rf"{WORD_START}{ch.up_or_down()}"
            rf"(?P<level>\s+{alternation(ch.to_level)})?(?:\s+{alternation(ch.adverbs)})*"
            rf"\s+(?:(?:{quals})\s+)?(?P<from>{self.qualifiers.range_from}\s+)?\Z",
            BACKWARD,
        )

    @cached_property
    def change_by(self) -> regex.Pattern[str]:
        """"nâng kỷ lục quốc gia thêm 3 cm": a verb, its object (group `moved`), "thêm", then by how much (the left
        context)."""
        ch = self.lib.change
        quals = alternation(self.lib.qualifiers.before)
        return compile_pattern(
            rf"{WORD_START}(?:(?P<up>{alternation(ch.by_up)})|(?P<down>{alternation(ch.by_down)}))"
            rf"\s+(?P<moved>[^\d,.;:()]{{1,50}}?)\s{alternation(ch.by_words)}\s+(?:(?:{quals})\s+)?\Z",
            BACKWARD,
        )

    @cached_property
    def by_words(self) -> Required:
        return Required(self.lib.change.by_words)

    def changed_by(self, text: str, start: int, pos: int) -> regex.Match[str] | None:
        """`change_by` in the left context `text[start:pos]`; most hold no "thêm" (and are not copied)."""
        if self.by_words.absent_in(text, start, pos):
            return None
        return self.change_by.search(text[start:pos], 0, None, HOLD_GIL)

    @cached_property
    def change_of_noun(self) -> regex.Pattern[str]:
        """"giảm tỷ lệ hộ nghèo 1,2%": a change verb, what changes (no verb inside), then its size (the
        groups of `change_before`; never a new level)."""
        ch, labels = self.lib.change, self.lib.labels
        verbs = alternation([*ch.verbs, *ch.to_level, *labels.predicates])
        word = rf"\s+(?!(?:{verbs}){WORD_END})\p{{L}}+"
        # "giảm học phí cho 1.120 học sinh": after a preposition the figure counts who, not by how much
        not_last = rf"(?<!{WORD_START}(?:{alternation(ch.changed_noun_not_last)}))" if ch.changed_noun_not_last else ""
        # "tốc độ tăng trưởng giá trị sản xuất từ 10,5%": after a rate's head the verb is a noun, the figure a level
        return compile_pattern(
            rf"{WORD_START}{not_after(ch.verb_noun_heads)}{ch.up_or_down()}"
            rf"(?P<level>(?!))?\s+(?:{alternation(ch.changed_nouns)}){WORD_END}(?:{word}){{0,{_NOUN_WORDS}}}{not_last}"
            rf"(?:\s+{alternation(ch.adverbs)})*"  # "tăng giá bình quân 3,2%": an adverb after what changes
            rf"\s+(?:(?:{alternation(self.lib.qualifiers.before)})\s+)?(?P<from>{self.qualifiers.range_from}\s+)?\Z",
            BACKWARD,
        )

    @cached_property
    def verb_words(self) -> Required:
        """The words every change verb holds: a left context without one holds no change (`change_before`,
        `change_of_noun`), and its costly patterns are not tried."""
        return Required(self.lib.change.increase, self.lib.change.decrease)

    @cached_property
    def changed_noun_words(self) -> Required:
        return Required(self.lib.change.changed_nouns)

    def noun_change_before(self, text: str, start: int, pos: int) -> regex.Match[str] | None:
        """`change_of_noun` ending at `pos`, searched from `start` (the verb is known to be there)."""
        if self.changed_noun_words.absent_in(text, start, pos):
            return None
        # the match is words only: its verb and noun stand after the last digit or punctuation mark (most often
        # there is none of them there, and the costly backward pattern is not tried)
        outside = self.outside_noun_change.search(text, start, pos, HOLD_GIL)
        words_start = outside.end() if outside else start
        words = (self.verb_words, self.changed_noun_words)
        if any(required.absent_in(text, words_start, pos) for required in words):
            return None
        return self.change_of_noun.search(text, words_start, pos, HOLD_GIL)  # its look-behinds still see before

    @cached_property
    def level_adverb_end(self) -> regex.Pattern[str]:
        quals = alternation(self.lib.qualifiers.before)
        return compile_pattern(
            rf"{WORD_START}(?:{alternation(self.lib.change.level_adverbs)})\s+(?:(?:{quals})\s+)?\Z", regex.I
        )

    def names_level(self, change: regex.Match[str], unit: UnitMatch | None) -> bool:
        """"tăng mạnh với 54 ca": an amount after a level adverb is what was reached, not the rise."""
        if unit is None or unit.kind not in _AMOUNTS or not self.lib.change.level_adverbs:
            return False
        return bool(self.level_adverb_end.search(change.group(0), 0, None, HOLD_GIL))

    @cached_property
    def outside_noun_change(self) -> regex.Pattern[str]:
        """The last character no match of `change_of_noun` may hold."""
        ch, qualifiers = self.lib.change, self.lib.qualifiers
        lexicons = (ch.increase, ch.decrease, ch.changed_nouns, qualifiers.before, qualifiers.range["from"])
        return _last_outside_words(*lexicons)

    def change_right_before(self, left: str) -> regex.Match[str] | None:
        """`change_before` in a left context. Its match holds words only: a left context whose last digit or
        punctuation mark has no change verb after it (most often) is not tried."""
        outside = self.outside_change_before.search(left, 0, None, HOLD_GIL)
        if outside and self.verb_words.absent(left, outside.end()):
            return None
        return self.change_before.search(left, 0, None, HOLD_GIL)

    @cached_property
    def outside_change_before(self) -> regex.Pattern[str]:
        """The last character no match of `change_before` may hold."""
        ch, qualifiers = self.lib.change, self.lib.qualifiers
        lexicons = (ch.increase, ch.decrease, ch.to_level, ch.adverbs, qualifiers.before, qualifiers.range["from"])
        return _last_outside_words(*lexicons)

    @cached_property
    def loss_before(self) -> regex.Pattern[str]:
        """"mất 12 điểm", "mất khoảng 3,5%": a verb of loss right before the figure (groups of `change_before`)."""
        return self._verb_right_before(
            rf"(?P<down>{alternation(self.lib.change.loss)})(?P<up>(?!))?(?P<level>(?!))?(?P<from>(?!))?"
        )

    def _verb_right_before(self, verb: str) -> regex.Pattern[str]:
        """`verb`, its adverbs and a qualifier, ending a left context."""
        adverbs, quals = alternation(self.lib.change.adverbs), alternation(self.lib.qualifiers.before)
        return compile_pattern(rf"{WORD_START}{verb}(?:\s+{adverbs})*\s+(?:(?:{quals})\s+)?\Z", BACKWARD)

    def loses(
        self, text: str, number: NumberSpan, unit: UnitMatch | None, left: str, end: int
    ) -> regex.Match[str] | None:
        """A verb of loss before a percent or a change unit ("mất 12 điểm"): a decrease."""
        if self.loss_words.absent(left):
            return None
        if (unit is not None and unit.kind == "percent") or self.change_unit.match(text, number.end, end, HOLD_GIL):
            return self.loss_before.search(left, 0, None, HOLD_GIL)
        return None

    @cached_property
    def gain_before(self) -> regex.Pattern[str]:
        """"đóng góp 2,9 điểm phần trăm": a verb of adding right before a figure in a change unit."""
        return self._verb_right_before(alternation(self.lib.change.gain))

    def gains(self, left: str) -> bool:
        """A verb of adding or contributing right before a figure in a change unit: a rise."""
        return bool(self.lib.change.gain) and bool(self.gain_before.search(left, 0, None, HOLD_GIL))

    @cached_property
    def loss_words(self) -> Required:
        return Required(self.lib.change.loss)

    @cached_property
    def change_unit(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*(?P<u>{alternation(self.lib.change.units)})(?:{WORD_END}|(?<=%))", regex.I)

    @cached_property
    def change_verb(self) -> regex.Pattern[str]:
        ch = self.lib.change
        return compile_pattern(
            rf"{WORD_START}{ch.up_or_down()}{WORD_END}",
            regex.I,
        )

    @cached_property
    def new_level(self) -> regex.Pattern[str]:
        """The new level right after an old one, maybe qualified ("từ 3.400 đồng xuống còn khoảng 1.100 đồng"), the old
        one maybe per a time ("từ 4,7%/năm lên 5%/năm")."""
        to_level = alternation(self.lib.change.to_level)
        return compile_pattern(rf"(?:/\p{{L}}+)?\s*(?:{to_level})\s+{self._qualified}(?=\d)", regex.I)

    @cached_property
    def later_new_level(self) -> regex.Pattern[str]:
        """The new level after a few words saying when the old one stood: "hạ từ 71% năm 2025 xuống 38%"."""
        words = rf"(?:\s+[\p{{L}}\d/]+){{1,{LEVEL_TIME_WORDS}}}?"
        to_level = alternation(self.lib.change.to_level)
        return compile_pattern(rf"{words}\s+(?:{to_level})\s+{self._qualified}(?=\d)", regex.I)

    @property
    def _qualified(self) -> str:
        return rf"(?:(?:{alternation(self.lib.qualifiers.before)})\s+)?"

    @cached_property
    def new_level_keys(self) -> frozenset[str]:
        """The first tokens of `new_level`'s matches."""
        return head_keys(self.lib.change.to_level)

    def unit_of_new_level(
        self, text: str, number: NumberSpan, end: int, numbers: dict[int, NumberSpan], key: str | None
    ) -> UnitMatch | None:
        """"tăng từ 1.200 lên 1.500 doanh nghiệp": the old level is counted in the new level's unit. `key`: the
        `head_key` after the number (most open no level word, and the pattern is not tried)."""
        link = self.new_level.match(text, number.end, end, HOLD_GIL) if key in self.new_level_keys else None
        if not link or not self.qualifiers.opens_range(text, number):
            return None
        second = numbers.get(link.end())
        unit = self.units.unit_after(text, second.end, end) if second else None
        if unit is None or unit.kind not in ("count", "measure", "money", "percent"):
            return None
        return UnitMatch(unit.kind, unit.unit, number.end, unit.rule + NEW_LEVEL)

    def unit_left_out(self, text: str, number: NumberSpan, start: int, end: int, key: str | None) -> UnitMatch | None:
        """"Tỷ lệ giải ngân đạt 61% kế hoạch, tăng 9,7 so với cùng kỳ": a change after a percent of the same sentence
        that leaves out its unit is in percent. `key`: the `head_key` after the number, which must end the clause or
        open its comparison."""
        if key is not None and key not in _CLAUSE_ENDS and key not in self.comparison_keys:
            return None
        if number.value >= _LEFT_OUT_MAX or "%" not in text[start : number.start]:
            return None
        change = self.change_right_before(text[max(start, number.start - _NEAR) : number.start])
        if change is None or change["level"] or change["from"]:
            return None  # "tăng lên 9,7": a new level; "tăng từ 9,7": the start of a range
        return UnitMatch("percent", "%", number.end, "percent.left_out")

    @cached_property
    def comparison_keys(self) -> frozenset[str]:
        return head_keys(self.lib.references.comparison)

    def old_level_value(self, text: str, number: NumberSpan, end: int, numbers: dict[int, NumberSpan]) -> float:
        """"tăng từ 1.200 lên 1.500 tỷ đồng": the old level takes the new level's scale word, as the lower bound of a
        range does, unless it is written in the base unit already."""
        link = self.new_level.match(text, number.end, end, HOLD_GIL)
        second = numbers.get(link.end()) if link else None
        return range_values(text, Bounds(number, second, True))[0] if second else number.value

    def change(
        self, text: str, number: NumberSpan, unit: UnitMatch | None, change: regex.Match[str], end: int
    ) -> Mention | None:
        """The change a number after a change verb states, in its own change unit ("điểm") or the one read."""
        direction = "increase" if change["up"] else "decrease"
        own = self.change_unit.match(text, number.end, end, HOLD_GIL)
        if own and (unit is None or unit.kind != "percent"):
            raw = " ".join(own["u"].lower().split())
            canonical = self.lib.change.unit_canonical.get(raw, raw)
            unit = UnitMatch("change", canonical, own.end(), "change.unit_word")
        if unit is None:
            return None
        mention = Mention("change", number.value, number.start, unit.end, "change." + unit.rule, number.start)
        mention.unit, mention.direction, mention.noun_start = unit.unit, direction, unit.noun_start
        return mention

    def exceeds_plan(self, text: str, unit: UnitMatch, left: str, end: int) -> bool:
        """"vượt 5% kế hoạch", "vượt 12% so với dự báo ban đầu": a percent over a plan, or over what it is
        compared with, is an increase."""
        if not self.exceed_before.search(left, 0, None, HOLD_GIL):
            return False
        return bool(self.exceeded_after.match(text, unit.end, end, HOLD_GIL))

    @cached_property
    def exceed_before(self) -> regex.Pattern[str]:
        """"vượt", maybe with a qualifier after it ("vượt khoảng 3,6% dự toán"), right before the figure."""
        return words_before_figure(self.lib.change.exceed, self.lib.qualifiers.before)

    @cached_property
    def exceeded_after(self) -> regex.Pattern[str]:
        """A plan ("kế hoạch") or a comparison ("so với …") right after the percent."""
        refs = self.lib.references
        return compile_pattern(
            rf"\s*,?\s*(?:{alternation(refs.comparison)}|{alternation(refs.plan_nouns)}){WORD_END}", regex.I
        )

    def direction_in_clause(self, text: str, start: int, pos: int) -> str | None:
        """"giảm tỷ lệ hộ nghèo 1,5 điểm phần trăm": the nearest change verb before, in the clause."""
        clause_start = segment_start(text, start, pos)
        found = None
        for verb in self.change_verb.finditer(text, clause_start, pos, False, HOLD_GIL):
            found = "increase" if verb["up"] else "decrease"
        if found is None:  # "điều chỉnh tăng lãi suất, phổ biến từ 0,1 đến 0,5 điểm phần trăm": the verb before
            found = self._verb_before_comma(text, max(start, text.rfind(";", start, pos) + 1), clause_start, pos)
        return found

    def _verb_before_comma(self, text: str, start: int, comma: int, pos: int) -> str | None:
        """The last change verb before the comma, when no figure stands between it and the figure: the
        comma then only adds how much."""
        verbs = list(self.change_verb.finditer(text, start, comma, False, HOLD_GIL))
        if not verbs or any(c.isdigit() for c in text[verbs[-1].end() : pos]):
            return None
        return "increase" if verbs[-1]["up"] else "decrease"

    def share_change_verbs(self, mentions: list[Mention], text: str, end: int) -> None:
        """"tăng 10,7% về lượng và 23,5% về giá trị": a percent joined to a change is a change too, as is an
        amount joined by "và" to a change in a count or measure ("giảm 9 vụ và 64,5 ha so với năm 2023"), also
        past the bracket that restates the first ("tăng 47 vụ (+12,9%) và 71 đối tượng")."""
        for first, previous, mention in zip([None, *mentions], mentions, mentions[1:], strict=False):
            previous, gap_start = self._before_restatement(first, previous, text)
            if previous.kind == "multiple" and mention.unit == previous.unit and mention.kind == "count":
                # "lần lượt gấp 3,2 lần và 2,8 lần": a count of times joined to a multiple is one
                if self.shared_verb_gap.fullmatch(text, gap_start, mention.number_start, HOLD_GIL):
                    mention.kind, mention.rule = "multiple", "multiple.shared_verb"
            elif previous.kind == "change" and self._shares_verb(text, previous, gap_start, mention, end):
                mention.kind, mention.direction, mention.rule = "change", previous.direction, SHARED_VERB

    def _shares_verb(self, text: str, previous: Mention, gap_start: int, mention: Mention, end: int) -> bool:
        """Whether `mention`, after the change `previous` (or the bracket restating it, up to `gap_start`),
        is one more figure of its verb."""
        change_units = self.lib.change.units
        same_unit = previous.unit == mention.unit
        if same_unit and (mention.kind == "percent" or (previous.unit in change_units and not mention.direction)):
            # "tăng 10,7% về lượng và 23,5% về giá trị", "lần lượt giảm 11,2 và 9,8 điểm phần trăm"
            gap = self.shared_verb_gap.fullmatch(text, gap_start, mention.number_start, HOLD_GIL)
            if gap:
                return bool(self.shared_verb_tail.match(text, mention.end, end, HOLD_GIL))
            # "kéo giảm 10% số vụ cháy và 15% thiệt hại về tài sản so với năm 2025": each percent of its own noun
            gap = self.amount_gap.fullmatch(text, gap_start, mention.number_start, HOLD_GIL)
            return bool(gap and gap["rest"] and self.amount_tail.match(text, mention.end, end, HOLD_GIL))
        if mention.kind in _AMOUNTS and previous.unit not in change_units and previous.unit != "%":
            if mention.kind == "count" and self.subject_of_own_verb(text, mention.end, end):
                return False  # "tăng 8 nhóm và 3 nhóm giảm giá": the second has a verb of its own
            return self._joins_amount(text, gap_start, mention, end)
        return False

    def subject_of_own_verb(self, text: str, at: int, end: int) -> bool:
        """"Có 8 nhóm hàng tăng giá và 3 nhóm giảm giá": a count (ending at `at`) that a verb of change follows, after
        at most the rest of its noun, is what changes, not the size of a change before it."""
        return not self.verb_words.absent_in(text, at, min(end, at + _NEAR)) and bool(
            self.own_verb_after.match(text, at, end, HOLD_GIL)
        )

    @cached_property
    def own_verb_after(self) -> regex.Pattern[str]:
        ch = self.lib.change
        joiners = alternation([*ch.joiners, *ch.amount_joiners])
        word = rf"\s+(?!(?:{joiners}){WORD_END})\p{{L}}+"
        return compile_pattern(rf"(?:{word}){{0,2}}?\s+{ch.up_or_down()}{WORD_END}", regex.I)

    def _joins_amount(self, text: str, gap_start: int, mention: Mention, end: int) -> bool:
        """"giảm 9 vụ và 64,5 ha", "giảm 7 người chết và 9 người bị thương" (two noun phrases, the clause
        ending after them), "giảm 97 vụ (-7,9%) và 6 người chết so với cùng kỳ", "giảm 23 vụ, 11 người chết và
        17 người bị thương so với cùng kỳ" (a comma list the comparison closes)."""
        gap = self.amount_gap.fullmatch(text, gap_start, mention.number_start, HOLD_GIL)
        if gap is None:
            return self._listed_before_comparison(text, gap_start, mention, end)
        if gap["rest"]:
            return bool(self.amount_tail.match(text, mention.end, end, HOLD_GIL))
        tails = (self.shared_verb_tail, self.compared_amount_tail)
        return any(tail.match(text, mention.end, end, HOLD_GIL) for tail in tails)

    def _before_restatement(self, first: Mention | None, previous: Mention, text: str) -> tuple[Mention, int]:
        """`first`, the figure before `previous`, when `previous` is a bracket restating it ("47 vụ (+12,9%)", "512
        doanh nghiệp (tăng 14,3%)"), with the end of the bracket; else `previous` and its end."""
        if first is not None and first.kind == "change":
            opened = self.restating_open.fullmatch(text, first.end, previous.start, HOLD_GIL)
            closed = _RESTATING_CLOSE.match(text, previous.end, None, HOLD_GIL)
            if opened and closed:
                return first, closed.end()
        return previous, previous.end

    @cached_property
    def restating_open(self) -> regex.Pattern[str]:
        """The opening of a bracket that restates the change before it: a sign or a verb of change."""
        return compile_pattern(rf"\s*\(\s*(?:[-+−]|(?:{alternation(self.lib.change.verbs)})\s)?\s*", regex.I)

    @cached_property
    def shared_verb_gap(self) -> regex.Pattern[str]:
        """What stands between the two: the first one's "về ..." or its comparison ("tăng 6% so với quý
        trước và 28% so với cùng kỳ", which may name a year), then a joiner."""
        about = alternation(self.lib.labels.object_prepositions)
        comparison = alternation(self.lib.references.comparison)
        joiners = alternation(self.lib.change.joiners or [","])
        return compile_pattern(
            rf"(?:\s+{about}\s+[^\d,.;:()]{{1,40}}?|\s+{comparison}\s+[^,.;:()]{{1,40}}?)?\s*{joiners}\s*", regex.I
        )

    @cached_property
    def amount_gap(self) -> regex.Pattern[str]:
        """A joiner, maybe after the rest of the first amount's noun phrase ("giảm 9 vụ và 64,5 ha", "giảm 7
        người chết và 9 người bị thương")."""
        return compile_pattern(
            rf"(?P<rest>{NOUN_REST})\s+(?:{alternation(self.lib.change.amount_joiners)})\s+", regex.I
        )

    @cached_property
    def amount_tail(self) -> regex.Pattern[str]:
        """The rest of a joined amount's noun phrase, then the end of its clause or the comparison that closes
        the list ("tăng 42 vụ và 15,6 tỷ đồng trị giá hàng vi phạm so với cùng kỳ")."""
        comparison = alternation(self.lib.references.comparison)
        return compile_pattern(rf"{NOUN_REST}\s*(?:[,.;:)]|$|(?:{comparison}){WORD_END})", regex.I)

    def _listed_before_comparison(self, text: str, gap_start: int, mention: Mention, end: int) -> bool:
        """An amount after a comma in a list of amounts that a comparison closes in the same clause."""
        if not self.listed_amount_gap.fullmatch(text, gap_start, mention.number_start, HOLD_GIL):
            return False
        return bool(self.compared_list_rest.match(text, mention.end, end, HOLD_GIL))

    @cached_property
    def listed_amount_gap(self) -> regex.Pattern[str]:
        """A comma between two amounts, maybe after the rest of the first one's noun phrase ("giảm 23 vụ, 11 …")."""
        return compile_pattern(rf"{NOUN_REST}\s*,\s*")

    @cached_property
    def compared_list_rest(self) -> regex.Pattern[str]:
        """The rest of a list of amounts, up to the comparison that closes it, in the same clause."""
        comparison = alternation(self.lib.references.comparison)
        return compile_pattern(
            rf"(?:[^;.:()!?]|(?<=\d)[.,](?=\d)){{0,120}}?(?<![\p{{L}}\p{{N}}_])(?:{comparison}){WORD_END}", regex.I
        )

    @cached_property
    def compared_amount_tail(self) -> regex.Pattern[str]:
        """The rest of a joined amount's noun phrase, then the comparison that closes the list."""
        comparison = alternation(self.lib.references.comparison)
        return compile_pattern(rf"{NOUN_REST}\s*(?:{comparison}){WORD_END}", regex.I)

    @cached_property
    def shared_verb_tail(self) -> regex.Pattern[str]:
        """What may follow the joined figure: its own "về ...", the end of the clause, its cause ("giảm lần lượt
        5,2% và 8,9% do thời tiết") or the next figure of the same list ("tăng lần lượt 12%, 15% và 40%")."""
        about = alternation(self.lib.labels.object_prepositions)
        comparison = alternation(self.lib.references.comparison)
        cause = alternation(self.lib.labels.cause_conjunctions)
        joiners = alternation(self.lib.change.joiners or [","])
        return compile_pattern(
            rf"\s*(?:(?:{about}|{comparison}|{cause}){WORD_END}|[,.;:)]|(?:{joiners})\s*(?=\d)|$)", regex.I
        )


_AMOUNTS = frozenset({"count", "measure", "money"})
_CLAUSE_ENDS = frozenset({",", ";", ".", ")"})  # what may follow a change that leaves out its unit
_LEFT_OUT_MAX = 1000  # a change of percent that leaves out its unit is less: not a year or a count
_NEAR = 40  # characters before a figure where the verb of change that takes it stands
_RESTATING_CLOSE = compile_pattern(r"\s*\)")


def _last_outside_words(*lexicons: Iterable[str]) -> regex.Pattern[str]:
    """The last character (a backward search) that is no letter, blank or character of a word of `lexicons`:
    a match of a pattern made of those words and blanks only lies after it."""
    extra = sorted({c for words in lexicons for w in words for c in w if not (c.isalpha() or c.isspace())})
    return compile_pattern(rf"[^\p{{L}}\s{''.join(map(regex.escape, extra))}]", regex.REVERSE)
