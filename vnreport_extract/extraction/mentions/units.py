"""The unit written after a number: a percent or per-mille sign, a currency, a rate, a measure, a
counted noun, or the next word as the counted noun. Each lexicon is tried only when the next word
can open one of its entries (`UnitKeys`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.mentions.mention import JOINED, NEXT_WORD, PER_MILLE, UnitMatch
from vnreport_extract.extraction.numbers import NumberSpan
from vnreport_extract.extraction.words import first_word
from vnreport_extract.library import (
    WORD_END,
    PatternLibrary,
    Required,
    alternation,
    head_key,
    head_keys,
    next_words,
    words_before_figure,
)


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
    joined: frozenset[str]  # what joins a bare number to the next one ("và")
    day: frozenset[str]  # the day word of counted days


class UnitReader:
    """The unit lexicons of one pattern library, compiled."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

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
            joined=head_keys(lib.units.count.joined_before),
            day=head_keys([lib.units.counted_days.day] if lib.units.counted_days.day else []),
        )

    @cached_property
    def rate_hint(self) -> regex.Pattern[str]:
        rates = self.lib.rates
        per, denominator = alternation(rates.connectors), alternation(rates.every_denominator)
        return compile_pattern(rf"(?:{per})\s*(?:{denominator})", regex.I)

    @cached_property
    def percent(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*(?:{alternation(self.lib.units.percent.words)})(?:{WORD_END}|(?<=%))", regex.I)

    @cached_property
    def per_mille(self) -> regex.Pattern[str]:
        signs = alternation(self.lib.units.per_mille)
        return compile_pattern(rf"\s*(?P<sign>{signs})(?:{WORD_END}|(?<=[^\w\s]))", regex.I)

    @cached_property
    def currency(self) -> regex.Pattern[str]:
        surfaces, not_money = alternation(self.lib.currency_by_surface), alternation(self.lib.units.not_currency)
        return compile_pattern(rf"\s*(?!{not_money}{WORD_END})(?P<cur>{surfaces})(?:{WORD_END}|(?<=\$))", regex.I)

    @cached_property
    def rate(self) -> regex.Pattern[str]:
        rates = self.lib.rates
        return compile_pattern(
            rf"\s*(?P<noun>\p{{L}}+(?:\s+\p{{L}}+){{0,3}}?)\s*(?:{alternation(rates.connectors)})\s*"
            rf"(?P<den>{alternation(rates.every_denominator)}){WORD_END}",
            regex.I,
        )

    @cached_property
    def rate_connectors(self) -> Required:
        return Required(self.lib.rates.connectors)

    @cached_property
    def measure(self) -> dict[str, regex.Pattern[str]]:
        """A measure at a position, by the `head_key` there (as `count_noun`)."""
        return _by_head_key(self.lib.measure_by_surface, "m")

    @cached_property
    def count_noun(self) -> dict[str, regex.Pattern[str]]:
        """A counted noun at a position, by the `head_key` there: a match opens with its noun's first token,
        so only the nouns that open with it are tried, not the whole lexicon."""
        return _by_head_key(self.lib.count_nouns, "noun")

    @cached_property
    def time_word(self) -> regex.Pattern[str]:
        return next_words(self.lib.units.time.words)

    @cached_property
    def not_unit(self) -> regex.Pattern[str]:
        return next_words(self.lib.units.not_units.words)

    @cached_property
    def next_words(self) -> regex.Pattern[str]:
        return compile_pattern(r"\s*(?P<w>\p{L}+(?:[ \t]+\p{Ll}+){0,3})")

    @cached_property
    def percent_point(self) -> regex.Pattern[str]:
        points = [u for u, canonical in self.lib.change.unit_canonical.items() if "%" in u]
        points += [c for c in self.lib.change.unit_canonical.values() if c not in points]
        return compile_pattern(rf"\s*(?P<u>{alternation(points)})(?:{WORD_END}|(?<=%))", regex.I)

    @cached_property
    def per_part(self) -> regex.Pattern[str]:
        """"/m2", "/lao động", "/1 trạm y tế", "/năm": what an amount is per. A known unit, noun or time
        word first (it may be several words); else one word, which may end in a digit ("m2")."""
        lib = self.lib
        known = alternation([*lib.measure_by_surface, *lib.count_nouns, *lib.units.time.words])
        return compile_pattern(
            rf"[ \t]*/[ \t]*(?P<one>1[ \t]+)?"
            rf"(?:(?P<known>{known}){WORD_END}|(?P<other>\p{{L}}+[\d²³]?)(?![\p{{L}}\p{{N}}]))"
            r"(?!\.\p{L})",
            regex.I,
        )

    @cached_property
    def named_per(self) -> regex.Pattern[str]:
        """"tấn mía/tấn đường": a measure, the one word of what it weighs, then what it is per."""
        return compile_pattern(r"[ \t]+(?P<w>\p{Ll}+(?:[ \t]+\p{Ll}+)?)(?=[ \t]*/)")

    def _named_per_unit(
        self, text: str, measure: regex.Match[str], named: regex.Match[str], end: int
    ) -> tuple[str, int]:
        """The unit as written, with what the measure is of: "tấn mía/tấn đường" (a ratio of two measures,
        or a measure per something: "lít nước/người")."""
        written = " ".join(text[measure.start("m") : named.end()].split())
        if of_measure := self.named_measure_per.match(text, named.end(), end, HOLD_GIL):  # "/tấn đường"
            return f"{written}/{' '.join(of_measure['u'].split())}", of_measure.end()
        per, end_at = self.per_units(text, named.end(), end)
        if not per:
            return self.lib.measure_by_surface[" ".join(measure["m"].lower().split())], measure.end("m")
        return written + per, end_at

    @cached_property
    def named_measure_per(self) -> regex.Pattern[str]:
        surfaces = alternation(self.lib.measure_by_surface)
        return compile_pattern(rf"[ \t]*/[ \t]*(?P<u>(?:{surfaces})[ \t]+\p{{Ll}}+){WORD_END}", regex.I)

    def per_units(self, text: str, pos: int, end: int, limit: int = 2, known_only: bool = False) -> tuple[str, int]:
        """The "/m2", "/người/năm" after a unit (or an amount with none written: "1,5 triệu/đêm"), written
        canonically, and where it ends. A count per things (`known_only`) keeps a written "1", as a rate's
        denominator does ("người/1 trạm y tế")."""
        parts: list[str] = []
        per_part = self.per_part
        while len(parts) < limit and _slash_at(text, pos, end) and (match := per_part.match(text, pos, end, HOLD_GIL)):
            if known_only and not match["known"]:
                break
            raw = " ".join((match["known"] or match["other"]).lower().split())
            one = "1 " if known_only and match["one"] else ""
            parts.append(one + self._per_part(raw))
            pos = match.end()
        return "".join("/" + part for part in parts), pos

    @cached_property
    def half_after(self) -> regex.Pattern[str]:
        """A half after a measure's unit: "12 tấn rưỡi" is 12,5 tấn."""
        return compile_pattern(rf"[ \t]+{alternation(self.lib.numbers.halves.words)}{WORD_END}", regex.I)

    def _per_part(self, raw: str) -> str:
        """A per-part written canonically: a measure's unit, a currency's code ("đồng/USD" -> "VND/USD")."""
        if raw in self.lib.measure_by_surface:
            return self.lib.measure_by_surface[raw]
        code = self.lib.currency_by_surface.get(raw)
        return code if code is not None and code.lower() == raw else raw

    def unit_of_next(
        self, text: str, number: NumberSpan, end: int, numbers: dict[int, NumberSpan], key: str | None
    ) -> UnitMatch | None:
        """"lần lượt 58 và 43 sản phẩm": a bare number joined to a counted one is counted in its noun, and one
        joined to a percent or a change unit is in it ("lần lượt giảm 11,2 và 9,8 điểm phần trăm", "tăng 5 và
        7%"). Not across a scale word ("1,2 và 1,5 triệu tấn") nor a unit read off the next word alone. `key`:
        the `head_key` after the number."""
        link = self.joined_before.match(text, number.end, end, HOLD_GIL) if key in self.keys.joined else None
        second = numbers.get(link.end()) if link else None
        if second is None or number.scaled or second.scaled:
            return None
        unit = self.unit_after(text, second.end, end)
        if unit is None or not (unit.kind in ("percent", "change") or unit.rule in ("count.noun", "measure.unit")):
            return None
        if number.spelled and unit.kind in ("percent", "change"):
            return None  # "kỳ hạn 5 năm và 10 năm lần lượt 4,8% và 5,1%": "năm" is no number there
        return UnitMatch(unit.kind, unit.unit, number.end, unit.rule + JOINED, unit.noun_start)

    @cached_property
    def joined_before(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s+(?:{alternation(self.lib.units.count.joined_before)})\s+", regex.I)

    def unit_after(self, text: str, pos: int, end: int) -> UnitMatch | None:
        """What follows a number: %, a currency, a rate, a measure, a counted noun, or nothing."""
        return self.unit_at(text, pos, end, head_key(text, pos, end))

    def unit_at(self, text: str, pos: int, end: int, key: str | None) -> UnitMatch | None:
        """`unit_after`, the `head_key` at `pos` read already."""
        keys = self.keys
        if key is None:
            return None
        if key in keys.point and (match := self.percent_point.match(text, pos, end, HOLD_GIL)):
            raw = " ".join(match["u"].lower().split())
            unit = self.lib.change.unit_canonical.get(raw, raw)
            return UnitMatch("change", unit, match.end(), "change.percent_point")
        if key in keys.percent and (match := self.percent.match(text, pos, end, HOLD_GIL)):
            return UnitMatch("percent", "%", match.end(), "percent.sign")
        if key in keys.per_mille and (match := self.per_mille.match(text, pos, end, HOLD_GIL)):
            sign = self.lib.units.per_mille[" ".join(match["sign"].lower().split())]
            return UnitMatch("rate", sign, match.end(), PER_MILLE)
        if key in keys.currency and (match := self.currency.match(text, pos, end, HOLD_GIL)):
            code = self.lib.currency_by_surface[" ".join(match["cur"].lower().split())]
            per, end_at = self.per_units(text, match.end(), end)
            return UnitMatch("money", code + per, end_at, "money.currency")
        window = min(end, pos + 60)
        hinted = not self.rate_connectors.absent_in(text, pos, window)
        hinted = hinted and self.rate_hint.search(text, pos, window, HOLD_GIL)
        if hinted and (match := self.rate.match(text, pos, end, HOLD_GIL)):
            den = " ".join(match["den"].split())
            noun = " ".join(match["noun"].lower().split())
            if noun not in self.lib.measure_by_surface:  # "1,12 km/km2": a measure per an area is a measure
                return UnitMatch("rate", f"{noun}/{den}", match.end(), "rate.per_population", match.start("noun"))
        if key in keys.measure and (match := self.measure[key].match(text, pos, end, HOLD_GIL)):
            unit = self.lib.measure_by_surface[" ".join(match["m"].lower().split())]
            per, end_at = self.per_units(text, match.end("m"), end, limit=2 - unit.count("/"))
            if not per and (named := self.named_per.match(text, match.end("m"), end, HOLD_GIL)):
                unit, end_at = self._named_per_unit(text, match, named, end)
            return UnitMatch("measure", unit + per, end_at, "measure.unit")
        return self._count_unit(text, pos, end, key)

    def _count_unit(self, text: str, pos: int, end: int, key: str) -> UnitMatch | None:
        nouns = self.count_noun.get(key)
        match = nouns.match(text, pos, end, HOLD_GIL) if nouns is not None else None
        blocked = self.not_unit.match(text, pos, end, HOLD_GIL) if key in self.keys.not_unit else None
        if match and not (blocked and blocked.end() > match.end()):
            noun = " ".join(match["noun"].lower().split())
            per, per_end = self.per_units(text, match.end(), end, limit=1, known_only=True)
            if per:  # "70 chuyến/ngày", "28 học sinh/lớp": a count per a time or per one of something
                return UnitMatch("rate", noun + per, per_end, "rate.per_unit", match.start("noun"))
            if named := self._per_named(text, match.end(), end):  # "80 lượt bệnh nhân/ngày"
                words, per_end = named
                return UnitMatch("rate", f"{noun} {words}", per_end, "rate.per_unit", match.start("noun"))
            return UnitMatch("count", noun, match.end(), "count.noun", match.start("noun"))
        if blocked or (key in self.keys.time and self.time_word.match(text, pos, end, HOLD_GIL)):
            return None
        match = self.next_words.match(text, pos, end, HOLD_GIL)
        if not match or text[pos : match.start("w")].strip() or pos == match.start("w"):
            return None
        word = first_word(match["w"])
        if not word or not _LETTERS.fullmatch(word, 0, None, HOLD_GIL) or _inside_name(text, pos, word):
            return None
        noun_end = match.start("w") + len(word)
        unit = word.lower()
        per, per_end = self.per_units(text, noun_end, end, limit=1, known_only=True)
        if per:  # "35 em/lớp": a noun outside the lexicon, per a counted one
            return UnitMatch("rate", unit + per, per_end, "rate.per_unit", match.start("w"))
        if unit in self.lib.units.next_word_measures and self._weighed(text, pos, noun_end, end):
            return UnitMatch("measure", unit, noun_end, "measure.next_word")  # "3 chỉ vàng": a weight, no count
        return UnitMatch("count", unit, noun_end, NEXT_WORD, match.start("w"))

    def _weighed(self, text: str, number_end: int, word_end: int, end: int) -> bool:
        """Whether a weight word after a number weighs it: a number in digits, then what is weighed or a stop ("3 chỉ
        vàng"; not "thịt ba chỉ", a name, nor "loại 2 chỉ còn 9.000 đồng", where "chỉ" means "only")."""
        written = text[max(0, number_end - _DIGIT_REACH) : number_end].rstrip()
        return written[-1:].isdigit() and bool(self.weighed_next.match(text, word_end, end, HOLD_GIL))

    @cached_property
    def weighed_next(self) -> regex.Pattern[str]:
        objects = alternation(self.lib.units.next_word_measure_objects)
        return compile_pattern(rf"\s*(?:[,.;:)]|$|(?:{objects}){WORD_END})", regex.I)

    def _per_named(self, text: str, noun_end: int, end: int) -> tuple[str, int] | None:
        """"lượt bệnh nhân/ngày", "bản sách/người dân": after a counted noun, the words that name what it
        counts and what it is per, as written ("bệnh nhân/ngày"), and where they end."""
        named = self.named_per.match(text, noun_end, end, HOLD_GIL) if text.find("/", noun_end, end) >= 0 else None
        if not named:
            return None
        per = self.named_count_per.match(text, named.end(), end, HOLD_GIL)
        return (" ".join(named["w"].split()) + "/" + per["per"].lower(), per.end()) if per else None

    @cached_property
    def named_count_per(self) -> regex.Pattern[str]:
        pers = alternation([*self.lib.rates.named_count_per, *self.lib.units.time.words])
        return compile_pattern(rf"[ \t]*/[ \t]*(?P<per>{pers}){WORD_END}(?![ \t]*/)", regex.I)

    def is_score(self, text: str, bounds: tuple[NumberSpan, NumberSpan], unit: UnitMatch, end: int) -> bool:
        """"đạt 9,25 điểm", "từ 8 điểm trở lên": a score or index level, not "35 điểm sạt lở" (places)."""
        score = self.lib.units.score
        if unit.rule != "count.noun" or unit.noun_start is None:
            return False
        if " ".join(text[unit.noun_start : unit.end].lower().split()) not in score.nouns:
            return False
        if any(n.value % 1 for n in bounds):
            return True
        if not self.score_end.match(text, unit.end, end, HOLD_GIL):
            return False
        return not self._counts_places(text, bounds[0].start, unit.end, end)

    def _counts_places(self, text: str, start: int, unit_end: int, end: int) -> bool:
        """"412 điểm có lăng quăng", "nước đã rút tại 31 điểm": places, unless scored ("đạt 29 điểm tại …")."""
        near = max(0, start - _SCORE_LEAD_REACH)
        if self.score_lead.search(text, near, start, HOLD_GIL):
            return False
        return bool(self.place_after.match(text, unit_end, end) or self.place_lead.search(text, near, start))

    @cached_property
    def place_after(self) -> regex.Pattern[str]:
        return next_words(self.lib.units.score.place_followers)

    @cached_property
    def place_lead(self) -> regex.Pattern[str]:
        return words_before_figure(self.lib.units.score.place_leads, self.lib.qualifiers.before)

    @cached_property
    def score_lead(self) -> regex.Pattern[str]:
        return words_before_figure(self.lib.units.score.score_leads, self.lib.qualifiers.before)

    @cached_property
    def score_end(self) -> regex.Pattern[str]:
        """What may follow a score: the end of the phrase, or a word that names no kind of place."""
        units = self.lib.units
        followers = [*units.score.followers, *units.not_units.words]
        return compile_pattern(rf"[ \t]*(?:[^\w\s]|$|(?:{alternation(followers)}){WORD_END})", regex.I)


def _by_head_key(words: Iterable[str], group: str) -> dict[str, regex.Pattern[str]]:
    """One of `words` (in the named group) at a position, after blanks, by the `head_key` they open with."""
    by_key: dict[str, list[str]] = {}
    for word in words:
        if (key := head_key(word)) is not None:
            by_key.setdefault(key, []).append(word)
    return {
        key: compile_pattern(rf"\s*(?P<{group}>{alternation(opening)}){WORD_END}", regex.I)
        for key, opening in by_key.items()
    }


_LETTERS = compile_pattern(r"[\p{L} ]+")
_DIGIT_REACH = 4  # characters before a unit word where the number it follows ends
_SCORE_LEAD_REACH = 24  # characters before a number where the verb scoring it or the place word stands
_CAPITALISED_BEFORE = compile_pattern(r"\p{L}*\p{Lu}[\p{L}\d-]*\s+[\d.,]+\s*\Z")  # "iPhone 16", "Galaxy Tab 9"


def _inside_name(text: str, pos: int, word: str) -> bool:
    """"iPhone 16 Pro Max", "Galaxy Tab 9 Plus": a number between two capitalised words is part of a
    name, and the word after it no count noun."""
    return word[:1].isupper() and bool(_CAPITALISED_BEFORE.search(text, max(0, pos - 40), pos, HOLD_GIL))


def _slash_at(text: str, pos: int, end: int) -> bool:
    """Whether a slash stands at `pos`, after blanks: what `per_part` opens with (most units have none after
    them, and the pattern of every unit word is not tried)."""
    while pos < end and text[pos] in " \t":
        pos += 1
    return pos < end and text[pos] == "/"
