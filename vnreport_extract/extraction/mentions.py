"""Mentions: each number in a sentence read as a kind, unit, qualifier, range, rank, change.

Input: the scanning view, one sentence's bounds, the numbers and masked spans. Output: `Mention`s
(kind, value, unit, span, rule id) in text order. Meaning beyond the number phrase (status, label,
period) is filled in later by `semantics` and `labels`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

import regex

from vnreport_extract.extraction.exclusions import Exclusions, Span, SpanIndex
from vnreport_extract.extraction.numbers import NumberSpan, parse_digits
from vnreport_extract.extraction.words import first_word
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    alternation,
    head_key,
    head_keys,
    last_words,
    next_words,
    words_before_figure,
    words_regex,
)

EXCEEDS_PLAN = "change.exceeds_plan"
TIME_AMOUNT = "count.time_amount"


@dataclass
class Mention:
    """A metric mention before its sentence-level meaning is known."""

    kind: str
    value: float
    start: int
    end: int
    rule: str
    number_start: int
    unit: str | None = None
    total: float | None = None
    value_max: float | None = None
    qualifier: str = "exact"
    direction: str | None = None
    reference: str | None = None
    scope: str | None = None
    noun_start: int | None = None  # where the counted noun (or rate noun) begins
    cue_start: int | None = None  # where the phrase introducing the number begins ("đứng thứ")
    context_end: int | None = None  # end of the words read with it (a rank's field and scope)


@dataclass(frozen=True)
class UnitKeys:
    """First tokens of each unit lexicon: a number is tried only against lexicons its next word opens."""

    point: frozenset[str]
    percent: frozenset[str]
    per_mille: frozenset[str]
    currency: frozenset[str]
    measure: frozenset[str]
    count: frozenset[str]
    not_unit: frozenset[str]
    time: frozenset[str]
    ordinal: frozenset[str]


@dataclass(frozen=True)
class UnitMatch:
    kind: str
    unit: str | None
    end: int
    rule: str
    noun_start: int | None = None


class MentionFinder:
    """Compiled kind rules of one pattern library."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library
        self.exclusions = Exclusions(library)

    @cached_property
    def keys(self) -> UnitKeys:
        lib = self.lib
        return UnitKeys(
            point=head_keys([*lib.change.unit_canonical, *lib.change.unit_canonical.values()]),
            percent=head_keys(lib.units.percent.words),
            per_mille=head_keys(lib.units.per_mille),
            currency=head_keys(lib.currency_by_surface),
            measure=head_keys(lib.measure_by_surface),
            count=head_keys(lib.count_nouns),
            not_unit=head_keys(lib.units.not_units.words),
            time=head_keys(lib.units.time.words),
            ordinal=head_keys(lib.exclusions.ordinal_nouns),
        )

    @cached_property
    def rate_hint(self) -> regex.Pattern[str]:
        rates = self.lib.rates
        return regex.compile(rf"(?:{alternation(rates.connectors)})\s*(?:{alternation(rates.denominators)})", regex.I)

    # ----- compiled patterns -------------------------------------------------------------
    @cached_property
    def percent(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s*(?:{alternation(self.lib.units.percent.words)})(?:{WORD_END}|(?<=%))", regex.I)

    @cached_property
    def per_mille(self) -> regex.Pattern[str]:
        signs = alternation(self.lib.units.per_mille)
        return regex.compile(rf"\s*(?P<sign>{signs})(?:{WORD_END}|(?<=[^\w\s]))", regex.I)

    @cached_property
    def change_unit(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s*(?P<u>{alternation(self.lib.change.units)})(?:{WORD_END}|(?<=%))", regex.I)

    @cached_property
    def currency(self) -> regex.Pattern[str]:
        surfaces, not_money = alternation(self.lib.currency_by_surface), alternation(self.lib.units.not_currency)
        return regex.compile(rf"\s*(?!{not_money}{WORD_END})(?P<cur>{surfaces})(?:{WORD_END}|(?<=\$))", regex.I)

    @cached_property
    def rate(self) -> regex.Pattern[str]:
        rates = self.lib.rates
        return regex.compile(
            rf"\s*(?P<noun>\p{{L}}+(?:\s+\p{{L}}+){{0,3}}?)\s*(?:{alternation(rates.connectors)})\s*"
            rf"(?P<den>{alternation(rates.denominators)}){WORD_END}",
            regex.I,
        )

    @cached_property
    def measure(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s*(?P<m>{alternation(self.lib.measure_by_surface)}){WORD_END}", regex.I)

    @cached_property
    def count_noun(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s*(?P<noun>{alternation(self.lib.count_nouns)}){WORD_END}", regex.I)

    @cached_property
    def time_word(self) -> regex.Pattern[str]:
        return next_words(self.lib.units.time.words)

    @cached_property
    def per_part(self) -> regex.Pattern[str]:
        """"/m2", "/lao động", "/1 trạm y tế", "/năm": what an amount is per. A known unit, noun or time
        word first (it may be several words); else one word, which may end in a digit ("m2")."""
        lib = self.lib
        known = alternation([*lib.measure_by_surface, *lib.count_nouns, *lib.units.time.words])
        return regex.compile(
            rf"[ \t]*/[ \t]*(?P<one>1[ \t]+)?"
            rf"(?:(?P<known>{known}){WORD_END}|(?P<other>\p{{L}}+[\d²³]?)(?![\p{{L}}\p{{N}}]))"
            r"(?!\.\p{L})",
            regex.I,
        )

    def _per_units(self, text: str, pos: int, end: int, limit: int = 2, known_only: bool = False) -> tuple[str, int]:
        """The "/m2", "/người/năm" after a unit, written canonically, and where it ends. A count per
        things (`known_only`) keeps a written "1", as a rate's denominator does ("người/1 trạm y tế")."""
        parts: list[str] = []
        while len(parts) < limit and (match := self.per_part.match(text, pos, end)):
            if known_only and not match["known"]:
                break
            raw = " ".join((match["known"] or match["other"]).lower().split())
            one = "1 " if known_only and match["one"] else ""
            parts.append(one + self.lib.measure_by_surface.get(raw, raw))
            pos = match.end()
        return "".join("/" + part for part in parts), pos

    @cached_property
    def not_unit(self) -> regex.Pattern[str]:
        return next_words(self.lib.units.not_units.words)

    @cached_property
    def next_words(self) -> regex.Pattern[str]:
        return regex.compile(r"\s*(?P<w>\p{L}+(?:[ \t]+\p{Ll}+){0,3})")

    @cached_property
    def qualifier_before(self) -> regex.Pattern[str]:
        words = alternation(self.lib.qualifiers.before)
        return regex.compile(rf"{WORD_START}(?P<q>{words})\s+(?:(?:{self._range_from})\s+)?$", BACKWARD)

    @cached_property
    def _range_from(self) -> str:
        return alternation(self.lib.qualifiers.range["from"])

    @cached_property
    def range_from_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.qualifiers.range["from"], r"\s+")

    @cached_property
    def qualifier_after(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s*(?P<q>{alternation(self.lib.qualifiers.after)}){WORD_END}", regex.I)

    @cached_property
    def range_to(self) -> regex.Pattern[str]:
        to = alternation(self.lib.qualifiers.range["to"])
        upper = alternation(self.lib.qualifiers.range["upper"])
        return regex.compile(rf"\s*(?:{to})\s*(?:(?P<q>{upper})\s+)?(?=\d|\p{{L}})", regex.I)

    @cached_property
    def change_before(self) -> regex.Pattern[str]:
        ch = self.lib.change
        quals = alternation(self.lib.qualifiers.before)
        return regex.compile(
            rf"{WORD_START}(?:(?P<up>{alternation(ch.increase)})|(?P<down>{alternation(ch.decrease)}))"
            rf"(?P<level>\s+{alternation(ch.to_level)})?(?:\s+{alternation(ch.adverbs)})*"
            rf"\s+(?:(?:{quals})\s+)?(?P<from>{self._range_from}\s+)?$",
            BACKWARD,
        )

    @cached_property
    def multiple_before(self) -> regex.Pattern[str]:
        return words_before_figure(self.lib.change.multiple, self.lib.qualifiers.before)

    @cached_property
    def multiple_unit(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s*{regex.escape(self.lib.change.multiple_unit)}{WORD_END}", regex.I)

    @cached_property
    def slash_pair(self) -> regex.Pattern[str]:
        number = r"\d{1,3}(?:\.\d{3})+|\d+"
        return regex.compile(
            rf"(?<![\p{{L}}\p{{N}}_.,/])(?P<a>{number})\s*/\s*(?P<b>{number})(?![\p{{N}}]|[.,]\d|\s*/\s*\d)"
        )

    @cached_property
    def date_cue_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.exclusions.date_cues)

    # ----- rank ------------------------------------------------------------------------------
    @cached_property
    def rank_phrase(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        verbs, ordinal = alternation(rk.verbs), alternation(rk.ordinal)
        return regex.compile(
            rf"{WORD_START}(?P<verb>{verbs})(?:\s+[\p{{L}}]+){{0,2}}?\s+(?P<th>{ordinal})\s*"
            rf"(?P<n>\d+|{alternation(rk.spelled_ordinals)})"
            rf"(?:\s*/\s*(?P<tot>\d+))?{WORD_END}"
            rf"|{WORD_START}(?P<bverb>{alternation(rk.bare_verbs)})\s*:?\s*(?P<bn>\d+)(?![.,]\d)(?:\s*/\s*(?P<btot>\d+))?"
            rf"{WORD_END}"
            rf"|{WORD_START}(?P<top>{alternation(rk.top)})\s*(?P<tn>\d+){WORD_END}",
            regex.I,
        )

    @cached_property
    def rank_required(self) -> Required:
        rk = self.lib.rank
        return Required(rk.ordinal, rk.bare_verbs, rk.top)

    @cached_property
    def rank_total(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        return regex.compile(
            rf"\s*(?:{alternation(rk.total_cues)})\s*(?:{alternation(rk.total_prefix)}\s+)?(?P<tot>\d+)\s+"
            rf"(?P<field>{alternation(rk.field_nouns)}){WORD_END}",
            regex.I,
        )

    @cached_property
    def rank_field(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s*(?P<field>{alternation(self.lib.rank.field_nouns)}){WORD_END}", regex.I)

    @cached_property
    def rank_scope(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        return regex.compile(
            rf"\s*(?:(?:{alternation(rk.scope_prefixes)})\s+)?(?P<scope>{alternation(rk.scopes)}"
            rf"(?:\s+{alternation(rk.scopes)}|(?-i:\s+\p{{Lu}}\p{{L}}*(?:\s+\p{{Lu}}\p{{L}}*){{0,3}}))?){WORD_END}",
            regex.I,
        )

    # ----- finding ---------------------------------------------------------------------------
    def find(
        self, text: str, start: int, end: int, numbers: list[NumberSpan], masks: list[Span]
    ) -> list[Mention]:
        """Every mention in the sentence text[start:end], in text order. Every mention lies inside
        the sentence, and one whose value, upper bound or total is no finite number is dropped."""
        mentions = list(self._ranks(text, start, end))
        taken = [Span(m.start, m.context_end or m.end, m.rule) for m in mentions]
        for mention in [
            *self._slash_pairs(text, start, end, SpanIndex(masks + taken)),
            *self._word_ratios(text, end, numbers, SpanIndex(masks + taken), start),
            *self._multiple_words(text, start, end, SpanIndex(masks + taken)),
        ]:
            mentions.append(mention)
            taken.append(Span(mention.start, mention.end, mention.rule))
        blocked = SpanIndex(masks + taken)
        by_start = {n.start: n for n in numbers}
        skip_until = -1
        for number in numbers:
            if number.start < skip_until or blocked.overlaps(number.start, number.start + 1):
                continue
            mention = self._number_mention(text, number, start, end, by_start)
            if mention is not None:
                mentions.append(mention)
                skip_until = mention.end
        _share_rank_totals(mentions, text)
        mentions = sorted((m for m in mentions if _is_finite(m)), key=lambda m: m.start)
        self._share_change_verbs(mentions, text, end)
        return mentions

    def _share_change_verbs(self, mentions: list[Mention], text: str, end: int) -> None:
        """"tăng 10,7% về lượng và 23,5% về giá trị": a percent joined to a change is a change too."""
        for previous, mention in pairwise(mentions):
            if previous.kind != "change" or mention.kind != "percent" or previous.unit != mention.unit:
                continue
            gap = self.shared_verb_gap.fullmatch(text, previous.end, mention.number_start)
            if gap and self.shared_verb_tail.match(text, mention.end, end):
                mention.kind, mention.direction = "change", previous.direction
                mention.rule = "change.shared_verb"

    @cached_property
    def shared_verb_gap(self) -> regex.Pattern[str]:
        about = alternation(self.lib.labels.object_prepositions)
        joiners = alternation(self.lib.change.joiners or [","])
        return regex.compile(rf"(?:\s+{about}\s+[^\d,.;:()]{{1,40}}?)?\s*{joiners}\s*", regex.I)

    @cached_property
    def shared_verb_tail(self) -> regex.Pattern[str]:
        """What may follow the joined figure: its own "về ..." or the end of the clause."""
        about = alternation(self.lib.labels.object_prepositions)
        comparison = alternation(self.lib.references.comparison)
        return regex.compile(rf"\s*(?:(?:{about}|{comparison}){WORD_END}|[,.;:)]|$)", regex.I)

    def _ranks(self, text: str, start: int, end: int) -> Iterator[Mention]:
        if self.rank_required.absent(text, start, end):
            return
        continued: set[int] = set()  # numbers already read as continuations of an earlier rank
        for match in self.rank_phrase.finditer(text, start, end):
            if match["tn"]:
                n_start, n_end = match.start("top"), match.end("tn")
                mention = Mention("rank", float(match["tn"]), n_start, n_end, "rank.top_n", n_start)
                mention.qualifier = "at_most"
            else:
                mention = self._rank_position(match)
            if mention.number_start in continued:
                continue  # "…, xếp thứ 5/63": read once, not again with every rank before it
            mention.cue_start = match.start()
            mention = self._rank_context(text, mention, end)
            yield mention
            for more in self._continued_ranks(text, mention.context_end or mention.end, end):
                continued.add(more.number_start)
                yield more

    def _continued_ranks(self, text: str, pos: int, end: int) -> Iterator[Mention]:
        """"xếp thứ 5 vùng ..., thứ 20 cả nước": ordinals that follow a rank share its verb."""
        while more := self.rank_continuation.match(text, pos, end):
            if self._names_an_edition(text, more.start("n")):
                return  # "…, lần thứ 3 liên tiếp", "năm thứ 2": an edition, not a rank
            first = more.start("n") if more["tot"] else more.start("th")
            mention = Mention("rank", float(more["n"]), first, more.end(), "rank.ordinal_continued", more.start("n"))
            if more["tot"]:
                mention.total = float(more["tot"])
            mention.cue_start = more.start("th")
            mention = self._rank_context(text, mention, end)
            yield mention
            pos = mention.context_end or mention.end

    def _names_an_edition(self, text: str, number_start: int) -> bool:
        return bool(self.edition_before.search(text, max(0, number_start - 24), number_start))

    @cached_property
    def edition_before(self) -> regex.Pattern[str]:
        """"lần thứ", "năm thứ": a name or a time word before the ordinal makes it an edition."""
        ordinals = set(self.lib.rank.ordinal)
        names = [n for n in self.lib.exclusions.named_by_number if len(n.split()) > 1 and n.split()[-1] in ordinals]
        times = [f"{w} {o}" for w in self.lib.units.time.words for o in ordinals]
        return last_words([*names, *times], r"\s*")

    @cached_property
    def rank_continuation(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        joiners = rf"(?:(?:{alternation(rk.continuations)})\s+)?"
        # "…, kinh tế số thứ 25": after a comma, a few words may name what the next ordinal ranks
        topic = r"(?:(?<=[,;]\s*)(?:\p{Ll}+\s+){1,4}?)?"
        return regex.compile(
            rf"[\s,;]*{joiners}{topic}(?P<th>{alternation(rk.ordinal)})\s*(?P<n>\d+)(?:\s*/\s*(?P<tot>\d+))?{WORD_END}",
            regex.I,
        )

    def _rank_position(self, match: regex.Match[str]) -> Mention:
        number, total = (match["n"], match["tot"]) if match["n"] else (match["bn"], match["btot"])
        n_group = "n" if match["n"] else "bn"
        if not number.isdigit():
            number = str(self.lib.rank.spelled_ordinals[number.lower()])
        rule = "rank.ordinal" if match["th"] else "rank.bare_after_verb"
        first = match.start("th") if match["th"] and not total else match.start(n_group)
        mention = Mention("rank", float(number), first, match.end(), rule, match.start(n_group))
        if total:
            mention.total, mention.rule = float(total), "rank.slash_total"
        return mention

    def _rank_context(self, text: str, mention: Mention, end: int) -> Mention:
        pos, scope_start = mention.end, None
        total = self.rank_total.match(text, pos, end) if mention.total is None else None
        if total:
            mention.total, scope_start, pos = float(total["tot"]), total.start("tot"), total.end()
        elif field := self.rank_field.match(text, pos, end):
            scope_start = field.start("field") if mention.total is not None else None
            pos = field.end()
        scope = self.rank_scope.match(text, pos, end)
        mention.context_end = scope.end() if scope else pos
        if not scope:
            clause_end = _clause_end(text, pos, end)
            if following := self.rank_continuation.search(text, pos, clause_end):
                clause_end = following.start()  # "thứ 14/63 và thứ 2 khu vực …": the scope is the next one's
            scope = self.rank_scope.search(text, pos, clause_end)
            scope_start = None
        if scope:
            first = scope_start if scope_start is not None and mention.qualifier != "at_most" else None
            mention.scope = text[first if first is not None else scope.start("scope") : scope.end()]
        elif scope_start is not None:
            mention.scope = text[scope_start:pos]
        return mention

    def _slash_pairs(self, text: str, start: int, end: int, masks: SpanIndex) -> Iterator[Mention]:
        if text.find("/", start, end) < 0:
            return
        for match in self.slash_pair.finditer(text, start, end):
            if masks.overlaps(match.start(), match.end()):
                continue
            a, b = float(match["a"].replace(".", "")), float(match["b"].replace(".", ""))
            unit = self._unit_after(text, match.end(), end)
            if self._is_date(text, match, a, b, unit, start):
                continue
            if unit is None and a > b:
                continue
            mention = Mention("ratio", a, match.start(), match.end(), "ratio.slash", match.start())
            mention.total = b
            if unit is not None and unit.kind == "count":
                mention.unit, mention.end, mention.noun_start = unit.unit, unit.end, unit.noun_start
            mention.qualifier = self._qualifier(text, mention, start, end)
            yield mention

    def _word_ratios(
        self, text: str, end: int, numbers: list[NumberSpan], masks: SpanIndex, start: int
    ) -> Iterator[Mention]:
        """"2 trên 5 doanh nghiệp", "3 trong số 10 dự án": a part of a counted whole."""
        for part, whole in pairwise(numbers):
            if whole.start - part.end > 20 or not self.ratio_word.fullmatch(text, part.end, whole.start):
                continue
            if part.value > whole.value or part.value % 1 or masks.overlaps(part.start, whole.end):
                continue
            unit = self._unit_after(text, whole.end, end)
            if unit is None or unit.kind != "count":
                continue
            mention = Mention("ratio", part.value, part.start, unit.end, "ratio.word", part.start, unit.unit)
            mention.total, mention.noun_start = whole.value, unit.noun_start
            mention.qualifier = self._qualifier(text, mention, start, end)
            yield mention

    @cached_property
    def ratio_word(self) -> regex.Pattern[str]:
        return regex.compile(rf"[ \t]+(?:{alternation(self.lib.rates.ratio_words)})[ \t]+", regex.I)

    def may_hold_word_figures(self, text: str, start: int, end: int) -> bool:
        """True if the sentence may hold a figure without digits or number words ("tăng gấp đôi")."""
        return not self.word_figures_required.absent(text, start, end)

    @cached_property
    def word_figures_required(self) -> Required:
        return Required(self.lib.change.multiple_words)

    def _multiple_words(self, text: str, start: int, end: int, masks: SpanIndex) -> Iterator[Mention]:
        """"tăng gấp đôi", "gấp rưỡi": the factor written as a word."""
        if not self.lib.change.multiple_words:
            return
        for match in self.multiple_word.finditer(text, start, end):
            if masks.overlaps(match.start(), match.end()):
                continue
            factor = self.lib.change.multiple_words[match["w"].lower()]
            mention = Mention("multiple", factor, match.start(), match.end(), "multiple.word", match.start("w"))
            mention.unit = self.lib.change.multiple_unit
            yield mention

    @cached_property
    def multiple_word(self) -> regex.Pattern[str]:
        times = {verb.split()[-1] for verb in self.lib.change.multiple}
        words = alternation(self.lib.change.multiple_words)
        return regex.compile(rf"{WORD_START}{alternation(times)}\s+(?P<w>{words}){WORD_END}", regex.I)

    def _is_date(
        self, text: str, match: regex.Match[str], a: float, b: float, unit: UnitMatch | None, start: int
    ) -> bool:
        if 1900 <= b <= 2100 and len(match["b"]) == 4:
            return True
        day_month = 1 <= a <= 31 and 1 <= b <= 12
        if day_month and self.date_cue_before.search(text, max(start, match.start() - 12), match.start()):
            return True
        return day_month and (unit is None or unit.kind != "count")

    # ----- one number ------------------------------------------------------------------------
    def _number_mention(
        self, text: str, number: NumberSpan, start: int, end: int, numbers: dict[int, NumberSpan]
    ) -> Mention | None:
        """`numbers`: the sentence's numbers by their start."""
        ranged = self._range(text, number, end, numbers)
        last = ranged[1] if ranged else number
        unit = self._unit_after(text, last.end, end) or self._unit_of_new_level(text, number, end, numbers)
        if unit is not None and self._is_score(text, (number, last), unit, end):
            unit = UnitMatch("measure", self.lib.units.score.unit, unit.end, "measure.score")
        unit = unit or self._time_amount(text, last, end)
        if self._is_time(text, last.end, end, unit):
            return None
        if number.spelled and not self._spelled_is_metric(number, unit, text, numbers):
            return None
        lexicon_unit = unit is not None and unit.rule != "count.next_word"
        if unit is not None and not lexicon_unit and _ends_a_name(text, start, number.start):
            return None  # "cầu Bến Thủy 2 khởi công": the number ends a name; the next word is no unit
        has_measure = unit is not None and unit.kind in ("percent", "money", "measure", "rate")
        if self.exclusions.veto(text, number, lexicon_unit, has_measure, end) or self._is_denominator(
            text, number, end
        ):
            return None
        mention = self._classify(text, number, unit, start, end)
        if mention is None:
            return None
        if ranged:
            mention.value, mention.value_max = _range_values(text, number, ranged[1])
            mention.rule += "+range"
        if number.at_least:
            mention.qualifier = "at_least"
        mention.qualifier = self._qualifier(text, mention, start, end, ranged is not None)
        return mention

    def _is_score(self, text: str, bounds: tuple[NumberSpan, NumberSpan], unit: UnitMatch, end: int) -> bool:
        """"đạt 9,25 điểm", "từ 8 điểm trở lên": a score or index level, not "35 điểm sạt lở" (places)."""
        score = self.lib.units.score
        if unit.rule != "count.noun" or unit.noun_start is None:
            return False
        if " ".join(text[unit.noun_start : unit.end].lower().split()) not in score.nouns:
            return False
        if any(n.value % 1 for n in bounds):
            return True
        return bool(self.score_end.match(text, unit.end, end))

    @cached_property
    def score_end(self) -> regex.Pattern[str]:
        """What may follow a score: the end of the phrase, or a word that names no kind of place."""
        units = self.lib.units
        followers = [*units.score.followers, *units.not_units.words]
        return regex.compile(rf"[ \t]*(?:[^\w\s]|$|(?:{alternation(followers)}){WORD_END})", regex.I)

    def _is_denominator(self, text: str, number: NumberSpan, end: int) -> bool:
        """The "100 dân" of "91% điện thoại thông minh trên 100 dân" is part of a rate, not a count;
        so is the "1 ha" of "bình quân trên 1 ha"."""
        if number.value == 1 and self.per_one_before.search(text, max(0, number.start - 12), number.start):
            return True
        if not self.connector_before.search(text, max(0, number.start - 8), number.start):
            return False
        return bool(self.denominator.match(text, number.start, end))

    @cached_property
    def per_one_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.rates.per_one, r"\s+")

    @cached_property
    def connector_before(self) -> regex.Pattern[str]:
        return regex.compile(rf"(?:{alternation(self.lib.rates.connectors)})\s*$", BACKWARD)

    @cached_property
    def money_noun_before(self) -> regex.Pattern[str]:
        """A money noun ending the left context, maybe with a linking verb or qualifier after it."""
        lib = self.lib
        links = alternation([*lib.labels.predicates, *lib.qualifiers.before])
        nouns = alternation(lib.units.implied_currency.nouns)
        return regex.compile(rf"{WORD_START}{nouns}(?:\s+\p{{L}}+){{0,3}}?(?:\s+{links})*\s+$", BACKWARD)

    @cached_property
    def predicate_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.labels.predicates, r"\s+")

    @cached_property
    def denominator(self) -> regex.Pattern[str]:
        return regex.compile(rf"{alternation(self.lib.rates.denominators)}{WORD_END}", regex.I)

    def _spelled_is_metric(
        self, number: NumberSpan, unit: UnitMatch | None, text: str, numbers: dict[int, NumberSpan]
    ) -> bool:
        """A spelled number counts before a unit of the lexicon: "hai mươi lăm xã", "năm trạm"; a lone
        "một" only in a list of spelled counts ("ba tuyến, một cảng")."""
        if unit is None and not number.time_word and self._after_multiple(text, number):
            return True  # "gấp ba so với"
        if unit is None or (unit.kind == "count" and unit.rule == "count.next_word"):
            return False
        if self.anaphora.match(text, unit.end):
            return False  # "hai chỉ tiêu này": the two already named
        if number.time_word:
            return not self.time_word_after.search(text, max(0, number.start - 12), number.start)
        if " " in text[number.start : number.end].strip() or number.value > 1:
            return True
        return number.value == 1 and any(
            n.spelled and not n.time_word and n.value > 1 and abs(n.start - number.start) <= 40
            for n in numbers.values()
        )

    def _after_multiple(self, text: str, number: NumberSpan) -> bool:
        return bool(self.multiple_before.search(text, max(0, number.start - 40), number.start))

    @cached_property
    def anaphora(self) -> regex.Pattern[str]:
        return next_words(self.lib.exclusions.anaphora_after)

    @cached_property
    def time_word_after(self) -> regex.Pattern[str]:
        return last_words(self.lib.exclusions.time_word_after, r"\s+")

    @cached_property
    def ordinal_noun(self) -> regex.Pattern[str]:
        return next_words(self.lib.exclusions.ordinal_nouns)

    def _is_time(self, text: str, pos: int, end: int, unit: UnitMatch | None) -> bool:
        """A date part, a duration or an ordinal ("3 năm", "60 tuổi"), unless a longer noun wins."""
        key = head_key(text, pos, end)
        if key in self.keys.ordinal and self.ordinal_noun.match(text, pos, end):
            return True
        time_match = self.time_word.match(text, pos, end) if key in self.keys.time else None
        if time_match is None:
            return False
        if unit is not None and unit.rule == TIME_AMOUNT:
            return False
        return not (unit is not None and unit.rule == "count.noun" and unit.end > time_match.end())

    def _time_amount(self, text: str, number: NumberSpan, end: int) -> UnitMatch | None:
        """"1.331,7 nghìn ngày", "3,2 triệu giờ": thousands of days are counted (guest-days, hours of
        work), no duration. An indefinite "hàng trăm năm" stays a duration."""
        if not number.scaled or number.at_least:
            return None
        match = self.time_word.match(text, number.end, end)
        if match is None:
            return None
        word = " ".join(text[number.end : match.end()].lower().split())
        return UnitMatch("count", word, match.end(), TIME_AMOUNT, match.end() - len(word))

    def _range(
        self, text: str, number: NumberSpan, end: int, numbers: dict[int, NumberSpan]
    ) -> tuple[NumberSpan, NumberSpan] | None:
        pos, own_unit, opened = number.end, None, None
        percent = self.percent.match(text, pos, end)
        if percent:
            pos = percent.end()
        link = self.range_to.match(text, pos, end)
        if not link and not percent and (opened := self._opens_range(text, number)):
            # "từ 1.000 đồng đến 2.000 đồng": each bound written with the same unit
            own_unit = self._unit_after(text, pos, end)
            if own_unit and own_unit.kind in ("money", "measure"):
                pos = own_unit.end
                link = self.range_to.match(text, pos, end)
        if not link:
            return None
        second = numbers.get(link.end())
        if second is None or second.spelled != number.spelled:
            return None
        if pos > number.end and own_unit is not None:
            second_unit = self._unit_after(text, second.end, end)
            if second_unit is None or second_unit.unit != own_unit.unit:
                return None
        dash = text[pos : link.end()].strip().startswith(("-", "~"))
        if number.spelled and not number.time_word:
            return number, second  # "một đến hai lần/ngày": spelled bounds need no "từ"
        if dash or (opened if opened is not None else self._opens_range(text, number)):
            return number, second
        return None

    def _opens_range(self, text: str, number: NumberSpan) -> bool:
        return bool(self.range_from_before.search(text, max(0, number.start - 8), number.start))

    def _classify(
        self, text: str, number: NumberSpan, unit: UnitMatch | None, start: int, end: int
    ) -> Mention | None:
        left = text[max(start, number.start - 40) : number.start]
        change = self.change_before.search(left)
        times = self.multiple_unit.match(text, number.end, end)
        if (times or unit is None) and self.multiple_before.search(left):  # "gấp 4 so với": "lần" left out
            mention = Mention(
                "multiple", number.value, number.start, times.end() if times else number.end, "multiple.gap_lan",
                number.start,
            )
            mention.unit = self.lib.change.multiple_unit
            return mention
        if times and change and not change["level"]:
            mention = Mention(
                "multiple", number.value, number.start, times.end(), "multiple.comparative_lan", number.start
            )
            mention.unit = self.lib.change.multiple_unit
            return mention
        if change and change["from"] and self.new_level.match(text, unit.end if unit else number.end, end):
            change = None  # "giảm từ 4,5% xuống còn 3,2%": the figure is the old level, not the change
        if change and not change["level"]:
            return self._change(text, number, unit, change, end)
        if unit is not None and unit.kind == "percent" and self._exceeds_plan(text, unit, left, end):
            mention = Mention("change", number.value, number.start, unit.end, EXCEEDS_PLAN, number.start)
            mention.unit, mention.direction = unit.unit, "increase"
            return mention
        if unit is not None and unit.kind == "change":
            mention = Mention("change", number.value, number.start, unit.end, unit.rule, number.start, unit.unit)
            mention.direction = self._direction_in_clause(text, start, number.start)
            return mention
        if unit is None:
            return self._bare(text, number, left, start)
        if unit.kind == "count" and number.scaled and self.money_noun_after.match(text, number.end):
            return self._implied_money(number)  # "12.400 tỷ doanh thu": the noun after names money
        mention = Mention(unit.kind, number.value, number.start, unit.end, unit.rule, number.start, unit.unit)
        mention.noun_start = unit.noun_start
        return mention

    @cached_property
    def new_level(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s*(?:{alternation(self.lib.change.to_level)})\s+(?=\d)", regex.I)

    def _unit_of_new_level(
        self, text: str, number: NumberSpan, end: int, numbers: dict[int, NumberSpan]
    ) -> UnitMatch | None:
        """"tăng từ 1.200 lên 1.500 doanh nghiệp": the old level is counted in the new level's unit."""
        link = self.new_level.match(text, number.end, end)
        if not link or not self._opens_range(text, number):
            return None
        second = numbers.get(link.end())
        unit = self._unit_after(text, second.end, end) if second else None
        if unit is None or unit.kind not in ("count", "measure", "money", "percent"):
            return None
        return UnitMatch(unit.kind, unit.unit, number.end, unit.rule + "+new_level")

    def _change(
        self, text: str, number: NumberSpan, unit: UnitMatch | None, change: regex.Match[str], end: int
    ) -> Mention | None:
        direction = "increase" if change["up"] else "decrease"
        own = self.change_unit.match(text, number.end, end)
        if own and (unit is None or unit.kind != "percent"):
            raw = " ".join(own["u"].lower().split())
            canonical = self.lib.change.unit_canonical.get(raw, raw)
            unit = UnitMatch("change", canonical, own.end(), "change.unit_word")
        if unit is None:
            return None
        mention = Mention("change", number.value, number.start, unit.end, "change." + unit.rule, number.start)
        mention.unit, mention.direction, mention.noun_start = unit.unit, direction, unit.noun_start
        return mention

    def _exceeds_plan(self, text: str, unit: UnitMatch, left: str, end: int) -> bool:
        return bool(self.exceed_before.search(left) and self.plan_after.match(text, unit.end, end))

    @cached_property
    def exceed_before(self) -> regex.Pattern[str]:
        return last_words(self.lib.change.exceed, r"\s+")

    @cached_property
    def plan_after(self) -> regex.Pattern[str]:
        refs = self.lib.references
        return regex.compile(
            rf"\s*,?\s*(?:(?:{alternation(refs.comparison)})\s+)?(?:{alternation(refs.plan_nouns)}){WORD_END}", regex.I
        )

    def _direction_in_clause(self, text: str, start: int, pos: int) -> str | None:
        """"giảm tỷ lệ hộ nghèo 1,5 điểm phần trăm": the nearest change verb before, in the clause."""
        clause_start = max(start, text.rfind(",", start, pos) + 1, text.rfind(";", start, pos) + 1)
        found = None
        for verb in self.change_verb.finditer(text, clause_start, pos):
            found = "increase" if verb["up"] else "decrease"
        return found

    @cached_property
    def change_verb(self) -> regex.Pattern[str]:
        ch = self.lib.change
        return regex.compile(
            rf"{WORD_START}(?:(?P<up>{alternation(ch.increase)})|(?P<down>{alternation(ch.decrease)})){WORD_END}",
            regex.I,
        )

    @cached_property
    def percent_point(self) -> regex.Pattern[str]:
        points = [u for u, canonical in self.lib.change.unit_canonical.items() if "%" in u]
        points += [c for c in self.lib.change.unit_canonical.values() if c not in points]
        return regex.compile(rf"\s*(?P<u>{alternation(points)})(?:{WORD_END}|(?<=%))", regex.I)

    def _bare(self, text: str, number: NumberSpan, left: str, start: int) -> Mention | None:
        if number.spelled or (number.plain_integer and number.value < 10):
            return None
        if number.scaled and self.money_noun_before.search(left):
            return self._implied_money(number)
        if self._billions_of_money(text, number, start):
            return self._implied_money(number)
        if not self.predicate_before.search(left):
            return None
        return Mention("count", number.value, number.start, number.end, "count.bare_after_predicate", number.start)

    def _billions_of_money(self, text: str, number: NumberSpan, start: int) -> bool:
        """"Tổng chi ngân sách 10 tháng ước đạt 11.450 tỷ, trong đó chi đầu tư 4.380 tỷ": billions with
        no unit, after a money noun earlier in the sentence, are in the implied currency."""
        scale = " ".join(text[number.digits_end : number.end].lower().split())
        if self.lib.scale_values.get(scale, 0) < _BILLION:
            return False
        return bool(self.money_noun.search(text, max(start, number.start - _MONEY_REACH), number.start))

    @cached_property
    def money_noun(self) -> regex.Pattern[str]:
        return words_regex(self.lib.units.implied_currency.nouns)

    def _implied_money(self, number: NumberSpan) -> Mention:
        mention = Mention("money", number.value, number.start, number.end, "money.implied", number.start)
        mention.unit = self.lib.units.implied_currency.code
        return mention

    @cached_property
    def money_noun_after(self) -> regex.Pattern[str]:
        return next_words(self.lib.units.implied_currency.nouns)

    def _unit_after(self, text: str, pos: int, end: int) -> UnitMatch | None:
        """What follows a number: %, a currency, a rate, a measure, a counted noun, or nothing."""
        key, keys = head_key(text, pos, end), self.keys
        if key is None:
            return None
        if key in keys.point and (match := self.percent_point.match(text, pos, end)):
            raw = " ".join(match["u"].lower().split())
            unit = self.lib.change.unit_canonical.get(raw, raw)
            return UnitMatch("change", unit, match.end(), "change.percent_point")
        if key in keys.percent and (match := self.percent.match(text, pos, end)):
            return UnitMatch("percent", "%", match.end(), "percent.sign")
        if key in keys.per_mille and (match := self.per_mille.match(text, pos, end)):
            sign = self.lib.units.per_mille[" ".join(match["sign"].lower().split())]
            return UnitMatch("rate", sign, match.end(), "rate.per_mille")
        if key in keys.currency and (match := self.currency.match(text, pos, end)):
            code = self.lib.currency_by_surface[" ".join(match["cur"].lower().split())]
            per, end_at = self._per_units(text, match.end(), end)
            return UnitMatch("money", code + per, end_at, "money.currency")
        if self.rate_hint.search(text, pos, min(end, pos + 60)) and (match := self.rate.match(text, pos, end)):
            den = " ".join(match["den"].split())
            noun = " ".join(match["noun"].lower().split())
            return UnitMatch("rate", f"{noun}/{den}", match.end(), "rate.per_population", match.start("noun"))
        if key in keys.measure and (match := self.measure.match(text, pos, end)):
            unit = self.lib.measure_by_surface[" ".join(match["m"].lower().split())]
            per, end_at = self._per_units(text, match.end("m"), end, limit=2 - unit.count("/"))
            return UnitMatch("measure", unit + per, end_at, "measure.unit")
        return self._count_unit(text, pos, end, key)

    def _count_unit(self, text: str, pos: int, end: int, key: str) -> UnitMatch | None:
        match = self.count_noun.match(text, pos, end) if key in self.keys.count else None
        blocked = self.not_unit.match(text, pos, end) if key in self.keys.not_unit else None
        if match and not (blocked and blocked.end() > match.end()):
            noun = " ".join(match["noun"].lower().split())
            per, per_end = self._per_units(text, match.end(), end, limit=1, known_only=True)
            if per:  # "70 chuyến/ngày", "28 học sinh/lớp": a count per a time or per one of something
                return UnitMatch("rate", noun + per, per_end, "rate.per_unit", match.start("noun"))
            return UnitMatch("count", noun, match.end(), "count.noun", match.start("noun"))
        if blocked or (key in self.keys.time and self.time_word.match(text, pos, end)):
            return None
        match = self.next_words.match(text, pos, end)
        if not match or text[pos : match.start("w")].strip() or pos == match.start("w"):
            return None
        word = first_word(match["w"])
        if not word or not _LETTERS.fullmatch(word):
            return None
        noun_end = match.start("w") + len(word)
        unit = word.lower()
        return UnitMatch("count", unit, noun_end, "count.next_word", match.start("w"))

    def _qualifier(self, text: str, mention: Mention, start: int, end: int, ranged: bool = False) -> str:
        if mention.qualifier != "exact" or mention.rule == EXCEEDS_PLAN:
            return mention.qualifier
        left = text[max(start, mention.number_start - 30) : mention.number_start]
        after = self.qualifier_after.search(text, mention.end, _clause_end(text, mention.end, end))
        if after and after.start() - mention.end > 30:
            after = None
        if after and self.range_from_before.search(left):
            return self.lib.qualifiers.after[" ".join(after["q"].lower().split())]
        before = self.qualifier_before.search(left)
        if before and not (self.comparative_before and self.comparative_before.search(left)):
            qualifier = self.lib.qualifiers.before[" ".join(before["q"].lower().split())]
            # a range bounds the figure itself; only a softening word ("khoảng 70 - 80%") still applies
            return qualifier if not ranged or qualifier == "approx" else "exact"
        return "exact"

    @cached_property
    def comparative_before(self) -> regex.Pattern[str] | None:
        """"cao hơn 0,3 điểm": the "hơn" of a comparative is not a qualifier. A change word made of a
        change verb and a qualifier ("tăng hơn 5%") keeps it."""
        ch, qualifiers = self.lib.change, self.lib.qualifiers.before
        verbs = {*ch.increase, *ch.decrease}
        comparatives = [
            word for word in verbs
            if (split := word.rsplit(" ", 1)) and len(split) == 2 and split[1] in qualifiers and split[0] not in verbs
        ]
        return last_words(comparatives, r"\s+") if comparatives else None


_BILLION = 1_000_000_000
_MONEY_REACH = 120
_LETTERS = regex.compile(r"[\p{L} ]+")
_CLAUSE_MARK = regex.compile(r"[,;.:()]")


_NAME_WORD_BEFORE = regex.compile(r"(?<=\S\s+)\p{Lu}\p{Ll}*\s+$", regex.REVERSE)


def _ends_a_name(text: str, start: int, pos: int) -> bool:
    """A capitalised word (not the sentence's first) right before the number."""
    return bool(_NAME_WORD_BEFORE.search(text, max(start, pos - 30), pos))


def _range_values(text: str, low: NumberSpan, high: NumberSpan) -> tuple[float, float]:
    """"25 - 30 triệu đồng": a scale word written once, after the upper bound, scales both."""
    if low.scaled or not high.scaled or low.spelled or high.spelled:
        return low.value, high.value
    digits = parse_digits(text[high.start : high.digits_end])
    return (low.value * high.value / digits if digits else low.value), high.value


def _clause_end(text: str, pos: int, end: int) -> int:
    match = _CLAUSE_MARK.search(text, pos, end)
    return match.start() if match else end


def _is_finite(mention: Mention) -> bool:
    """A figure too large for a float (inf, or nan from inf/inf) is no metric."""
    values = (mention.value, mention.value_max, mention.total)
    return all(value is None or math.isfinite(value) for value in values)


def _share_rank_totals(mentions: list[Mention], text: str) -> None:
    """"thứ 14 và ... thứ 13 trong 63 tỉnh": a rank without a total takes the next rank's."""
    ranks = sorted((m for m in mentions if m.kind == "rank"), key=lambda m: m.start)
    for this, following in pairwise(ranks):
        if this.total is None and following.total is not None and following.start - this.end < 60:
            this.total, this.scope = following.total, this.scope or following.scope

