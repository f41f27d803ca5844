"""A figure's kind from its unit and the words before it: a multiple, a change, a figure over
plan, a percent, money, a measure, a rate, a count; a bare number is money or a count only with a
money noun or a predicate before it."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.mentions.changes import ChangeReader
from vnreport_extract.extraction.mentions.mention import (
    EXCEEDS_PLAN,
    IMPLIED_MONEY,
    JOINED,
    PER_MILLE,
    Mention,
    UnitMatch,
)
from vnreport_extract.extraction.mentions.multiples import MultipleReader
from vnreport_extract.extraction.mentions.text import segment_start
from vnreport_extract.extraction.mentions.units import UnitReader
from vnreport_extract.extraction.numbers import NumberSpan
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    alternation,
    head_key,
    last_words,
    next_words,
    prefix_tree,
    words_regex,
)


class KindClassifier:
    """The kind rules of one pattern library."""

    def __init__(
        self, library: PatternLibrary, units: UnitReader, changes: ChangeReader, multiples: MultipleReader
    ) -> None:
        self.lib = library
        self.units = units
        self.changes = changes
        self.multiples = multiples

    def classify(
        self, text: str, number: NumberSpan, unit: UnitMatch | None, start: int, end: int, key: str | None,
        upper: NumberSpan | None = None,
    ) -> Mention | None:
        """The mention a number and its unit make, or None if a bare number names nothing; `upper` is the
        upper bound of a range the number opens ("gấp 1,5 đến 2,8 lần"), `key` the `head_key` after the
        figure (after `upper` if given)."""
        left = text[max(start, number.start - 40) : number.start]
        reach = max(start, number.start - _NOUN_REACH)  # holds `left`
        has_verb = not self.changes.verb_words.absent_in(text, reach, number.start)
        change = self.changes.change_right_before(left) if has_verb else None
        multiples = self.multiples
        times = None
        if key == self.times_key:
            times = multiples.multiple_unit.match(text, (upper or number).end, end, HOLD_GIL)
        # "gấp 4 so với": "lần" left out; "gấp 2,1 và 1,7 lần": said once, after the last
        times_joined = unit is not None and unit.rule.endswith(JOINED) and unit.unit == self.lib.change.multiple_unit
        if (times or times_joined or unit is None) and multiples.multiple_before.search(left, 0, None, HOLD_GIL):
            return self._multiple(number, times.end() if times else number.end, "multiple.gap_lan")
        if times and self.multiples.equal_before.search(left, 0, None, HOLD_GIL):  # "bằng 1,2 lần cùng kỳ"
            return self._multiple(number, times.end(), "multiple.equal_lan")
        if times and change and not change["level"]:
            return self._multiple(number, times.end(), "multiple.comparative_lan")
        per_thing = unit is not None and unit.kind == "rate"  # "0,74 lần/khách hàng"
        if times and not number.value.is_integer() and not has_verb and not per_thing:
            # "thu không quá 2,5 lần mức trần": a fraction of "lần" multiplies, it counts no occurrences
            return self._multiple(number, times.end(), "multiple.fraction_lan")
        if change is None:  # "mất 12 điểm"
            change = self.changes.loses(text, number, unit, left, end)
        if change is None and has_verb and unit is not None and unit.kind in _CHANGED_KINDS:
            change = self.changes.noun_change_before(text, reach, number.start)
        level_at = unit.end if unit else number.end
        if change and change["from"] and self._new_level_after(text, level_at, end):
            change = None  # "giảm từ 4,5% xuống còn 3,2%": the figure is the old level, not the change
        if change and self.changes.names_level(change, unit):
            change = None
        counted = unit is not None and unit.kind == "count"
        if change and counted and self.changes.subject_of_own_verb(text, unit.end, end):
            change = None  # "… tăng giá và 3 nhóm giảm giá": the count of what changes, by its own verb
        if change and not change["level"]:
            if unit is None and self._billions_of_money(text, number, start):
                unit = UnitMatch("money", self.lib.units.implied_currency.code, number.end, IMPLIED_MONEY)
            elif unit is None and number.scaled and self.per_thing.match(text, number.end, None, HOLD_GIL):
                unit = self._implied_unit(text, number.end, end)  # "giảm 2 nghìn/kg"
            return self.changes.change(text, number, unit, change, end)  # "dư nợ … tăng 4.910 tỷ"
        wide = max(start, number.start - _BY_REACH)  # "nâng công suất nhà máy X thêm"
        if change is None and unit is not None and (by := self.changes.changed_by(text, wide, number.start)):
            moved = self.changes.change(text, number, unit, by, end)
            if moved is not None:
                moved.moved = (wide + by.start("moved"), wide + by.end("moved"))
            return moved
        if unit is not None and unit.kind == "percent" and self.changes.exceeds_plan(text, unit, left, end):
            return _exceeding(number, unit)
        if unit is not None and unit.kind == "change":
            # "vượt 6,8 điểm phần trăm so với chỉ tiêu": by how much
            if self.changes.exceed_before.search(left, 0, None, HOLD_GIL):
                return _exceeding(number, unit)
            mention = Mention("change", number.value, number.start, unit.end, unit.rule, number.start, unit.unit)
            mention.direction = self.changes.direction_in_clause(text, start, number.start)
            if mention.direction is None and number.value < 0:  # "đóng góp âm 0,2 điểm phần trăm"
                mention.value, mention.direction = -number.value, "decrease"
            elif mention.direction is None and self.changes.gains(left):
                mention.direction = "increase"
            return mention
        if unit is None:
            return self._bare(text, number, left, start, end, upper)
        if unit.kind == "count" and number.scaled and self.money_noun_after.match(text, number.end, None, HOLD_GIL):
            return self._implied_money(text, number, number.end, end)  # "12.400 tỷ doanh thu": the noun names money
        kind = unit.kind
        if kind == "rate" and unit.rule == PER_MILLE and self._concentration(text, start, number.start):
            kind = "measure"  # "Độ mặn tại trạm Vàm Kênh là 16,8‰": a concentration, not a rate
        mention = Mention(kind, number.value, number.start, unit.end, unit.rule, number.start, unit.unit)
        mention.noun_start = unit.noun_start
        return mention

    def _concentration(self, text: str, start: int, at: int) -> bool:
        """Whether a word of a concentration per thousand stands before `at` in its comma segment ("độ mặn")."""
        reach = segment_start(text, max(start, at - _NOUN_REACH), at)
        return bool(self.concentration_word.search(text, reach, at, HOLD_GIL))

    @cached_property
    def concentration_word(self) -> regex.Pattern[str]:
        return words_regex(self.lib.units.per_mille_measures)

    def share_concentrations(self, mentions: list[Mention], text: str) -> None:
        """"Độ mặn tại trạm Vàm Kênh là 16,8‰, tại trạm Hòa Bình 11,4‰": the figures per thousand after a
        concentration in its sentence are the items of its list, unless a rate word names one of them."""
        before = None  # the figure per thousand before
        for mention in mentions:
            if mention.rule != PER_MILLE:
                continue
            listed = before is not None and before.kind == "measure" and mention.unit == before.unit
            if listed and mention.kind == "rate" and not self.per_mille_rate.search(text, before.end, mention.start):
                mention.kind = "measure"
            before = mention

    @cached_property
    def per_mille_rate(self) -> regex.Pattern[str]:
        return words_regex(self.lib.units.per_mille_rates)

    def _bare(
        self, text: str, number: NumberSpan, left: str, start: int, end: int, upper: NumberSpan | None = None
    ) -> Mention | None:
        if number.spelled:
            return None
        # "kiếm được chừng 8-9 triệu", "giá thuê 5-7 triệu": the scale word ends the range
        last = upper or number
        if last.scaled and self.money_verb_before.search(left, 0, None, HOLD_GIL):
            return self._implied_money(text, number, last.end, end)
        if last.plain_integer and last.value < 10:
            return None
        if last.scaled and self.money_noun_before.search(left, 0, None, HOLD_GIL):
            return self._implied_money(text, number, last.end, end)
        # "quanh mức 58 nghìn/kg", "thêm trứng là 10k": a price
        if last.glued or (last.scaled and self.per_thing.match(text, last.end, None, HOLD_GIL)):
            return self._implied_money(text, number, last.end, end)
        if self._billions_of_money(text, last, start) or self._scale_of_money(text, last, start):
            return self._implied_money(text, number, last.end, end)
        if not self.predicate_before.search(left, 0, None, HOLD_GIL):
            return None
        reach = max(start, number.start - _NOUN_REACH)  # the subject before the figure
        if self.index_before.search(text, reach, number.start, HOLD_GIL):
            return Mention("measure", number.value, number.start, number.end, "measure.bare_index", number.start)
        mention = Mention("count", number.value, number.start, number.end, "count.bare_after_predicate", number.start)
        if subject := self.counted_subject.search(text, reach, number.start, HOLD_GIL):
            mention.unit, mention.rule = " ".join(subject["noun"].lower().split()), "count.subject_noun"
        return mention

    def _new_level_after(self, text: str, at: int, end: int) -> bool:
        """Whether a new level follows an old one ("từ 4,5% xuống còn 3,2%", "từ 71% năm 2025 xuống 38%")."""
        changes = self.changes
        return bool(changes.new_level.match(text, at, end, HOLD_GIL) or changes.later_new_level.match(text, at, end))

    def _billions_of_money(self, text: str, number: NumberSpan, start: int) -> bool:
        """"Tổng chi ngân sách 10 tháng ước đạt 11.450 tỷ, trong đó chi đầu tư 4.380 tỷ": billions with
        no unit, after a money noun earlier in the sentence, are in the implied currency."""
        if self.lib.scale_values.get(self._scale_word(text, number), 0) < _BILLION:
            return False
        return bool(self.money_noun.search(text, max(start, number.start - _MONEY_REACH), number.start, HOLD_GIL))

    def _scale_of_money(self, text: str, number: NumberSpan, start: int) -> bool:
        """"vay ngân hàng 700 triệu đồng để tái đàn, giờ mất trắng khoảng 900 triệu": a scaled amount with no unit,
        after an amount in the implied currency with the same scale word earlier in the sentence, is in that currency
        (not after "80 triệu đồng/người", a rate; not before it: "dân số khoảng 1,2 triệu, thu nhập 68 triệu đồng")."""
        scale = self._scale_word(text, number)
        if self.lib.scale_values.get(scale, 0) < _THOUSAND:
            return False
        return any(_words(money["scale"]) == scale for money in self.scaled_money.finditer(text, start, number.start))

    @cached_property
    def scaled_money(self) -> regex.Pattern[str]:
        """A figure with a scale word in the implied currency: "700 triệu đồng"."""
        lib = self.lib
        code = lib.units.implied_currency.code
        surfaces = [s for c in lib.units.currency if c.code == code for s in c.surfaces]
        scales = alternation(lib.scale_values)
        return compile_pattern(rf"\d\s*(?P<scale>{scales})\s+{alternation(surfaces)}{WORD_END}(?!\s*/)", regex.I)

    def _scale_word(self, text: str, number: NumberSpan) -> str:
        """The scale word after a number's digits, as `scale_values` keys it: "triệu", "nghìn tỷ" ("tỷ" in "2 tỷ
        rưỡi")."""
        words = _words(text[number.digits_end : number.end])
        last = words.rpartition(" ")
        return last[0] if last[2] in self.lib.numbers.halves.words else words

    def _implied_money(self, text: str, number: NumberSpan, at: int, end: int) -> Mention:
        """An amount in the implied currency that ends at `at`, or after what it is per ("1,5 triệu/đêm")."""
        unit = self._implied_unit(text, at, end)
        return Mention("money", number.value, number.start, unit.end, IMPLIED_MONEY, number.start, unit.unit)

    def _implied_unit(self, text: str, at: int, end: int) -> UnitMatch:
        """The implied currency, per what a slash right after the amount names ("2 nghìn/kg")."""
        per, per_end = self.units.per_units(text, at, end) if text.startswith("/", at) else ("", at)
        return UnitMatch("money", self.lib.units.implied_currency.code + per, per_end, IMPLIED_MONEY)

    def _multiple(self, number: NumberSpan, end: int, rule: str) -> Mention:
        """A multiple in "lần" from the number to `end`."""
        mention = Mention("multiple", number.value, number.start, end, rule, number.start)
        mention.unit = self.lib.change.multiple_unit
        return mention

    @cached_property
    def times_key(self) -> str | None:
        """The first token of the unit of a multiple ("lần")."""
        return head_key(self.lib.change.multiple_unit)

    @cached_property
    def money_noun(self) -> regex.Pattern[str]:
        return words_regex(self.lib.units.implied_currency.nouns)

    @cached_property
    def per_thing(self) -> regex.Pattern[str]:
        """A slash and what a price is per, right after an amount: "/kg", "/tháng", "/người"."""
        return compile_pattern(rf"/[ \t]*{alternation(self.lib.units.implied_currency.price_per)}{WORD_END}", regex.I)

    @cached_property
    def money_noun_after(self) -> regex.Pattern[str]:
        return next_words(self.lib.units.implied_currency.nouns)

    @cached_property
    def money_noun_before(self) -> regex.Pattern[str]:
        """A money noun ending the left context, maybe with a linking verb or qualifier after it."""
        lib = self.lib
        links = alternation([*lib.labels.predicates, *lib.qualifiers.before])
        nouns = alternation(lib.units.implied_currency.nouns)
        return compile_pattern(rf"{WORD_START}{nouns}(?:\s+\p{{L}}+){{0,3}}?(?:\s+{links})*\s+\Z", BACKWARD)

    @cached_property
    def money_verb_before(self) -> regex.Pattern[str]:
        """A verb of money right before a figure, maybe with an adverb and a qualifier: "mua chỉ 3,2 tỷ"."""
        implied = self.lib.units.implied_currency
        verbs, adverbs = alternation(implied.verbs), alternation(implied.verb_adverbs)
        qualifiers = alternation(self.lib.qualifiers.before)
        return compile_pattern(rf"{WORD_START}{verbs}\s+(?:{adverbs}\s+)?(?:{qualifiers}\s+)?\Z", BACKWARD)

    @cached_property
    def index_before(self) -> regex.Pattern[str]:
        """An index noun in the same comma phrase before a bare figure: "Chỉ số AQI lúc 8 giờ sáng đạt 180"."""
        nouns = alternation(self.lib.units.score.index_nouns)
        return compile_pattern(rf"{WORD_START}{nouns}{WORD_END}[^,;]*\Z", regex.I)

    @cached_property
    def counted_subject(self) -> regex.Pattern[str]:
        """A phrase that opens with a counted noun ("thuê bao 5G đạt 3,05 triệu"), maybe after "số" ("số sự cố
        là 352"), and runs to the figure: the figure counts that noun."""
        count = self.lib.units.count
        lead = rf"(?:(?:{alternation(self.lib.clauses.leading)})\s+)?(?:(?:{alternation(count.number_of)})\s+)?"
        nouns = prefix_tree(count.nouns)
        return compile_pattern(rf"(?:^|(?<=[,;:(]))\s*{lead}(?P<noun>{nouns}){WORD_END}[^,;:()]*\Z", regex.I)

    @cached_property
    def predicate_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.labels.predicates, r"\s+")


def _words(phrase: str) -> str:
    return " ".join(phrase.lower().split())


_THOUSAND = 1_000
_BILLION = 1_000_000_000
_NOUN_REACH = 90  # characters before a figure searched for a change verb and what changes
_BY_REACH = 80  # a verb, its object (a name may be long), then "thêm"
_CHANGED_KINDS = ("percent", "count", "money", "measure")
_MONEY_REACH = 120


def _exceeding(number: NumberSpan, unit: UnitMatch) -> Mention:
    """"vượt 5% kế hoạch", "vượt 6,8 điểm phần trăm": by how much a goal was exceeded, an increase."""
    mention = Mention("change", number.value, number.start, unit.end, EXCEEDS_PLAN, number.start, unit.unit)
    mention.direction = "increase"
    return mention
