"""Ranks: "đứng thứ 5/63 tỉnh", "xếp hạng 12", "TOP 10", the ordinals that follow and share the
verb ("..., thứ 20 cả nước"), and each rank's total and scope."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from itertools import pairwise

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.mentions.mention import Mention
from vnreport_extract.extraction.mentions.text import clause_end
from vnreport_extract.library import (
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    WordScan,
    alternation,
    last_words,
    not_after,
)


class RankReader:
    """The rank words of one pattern library, compiled."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    def find(self, text: str, start: int, end: int) -> Iterator[Mention]:
        if self.rank_required.absent_in(text, start, end):
            return
        continued: set[int] = set()  # numbers already read as continuations of an earlier rank
        read_to = start  # where the last rank's context ends: "thứ 6 trong top 25 thành phố" holds its field's top
        scan = self.scan_without_ordinal if self.ordinal_required.absent_in(text, start, end) else self.rank_scan
        for match in scan.finditer(text, start, end):
            if match["tn"] and match.start("top") < read_to:
                continue
            if match["band"]:
                mention = self._band(match)
            elif match["tn"]:
                n_start, n_end = match.start("top"), match.end("tn")
                mention = Mention("rank", float(match["tn"]), n_start, n_end, "rank.top_n", n_start)
                mention.qualifier = "at_most"
            else:
                mention = self._rank_position(match)
            if mention.number_start in continued:
                continue  # "…, xếp thứ 5/63": read once, not again with every rank before it
            mention.cue_start = match.start()
            mention = self._rank_context(text, mention, end)
            read_to = mention.context_end or mention.end
            yield mention
            for more in self._continued_ranks(text, mention.context_end or mention.end, end):
                continued.add(more.number_start)
                yield more

    @staticmethod
    def _band(match: regex.Match[str]) -> Mention:
        """"nhóm 401-500 thế giới": a rank from the first place of the band to its last."""
        first, last = match["gn"], match["gm"]
        mention = Mention("rank", float(first), match.start("band"), match.end("gm"), "rank.band", match.start("gn"))
        mention.value_max = float(last)
        return mention

    def _continued_ranks(self, text: str, pos: int, end: int) -> Iterator[Mention]:
        """"xếp thứ 5 vùng ..., thứ 20 cả nước": ordinals that follow a rank share its verb."""
        while more := self.rank_continuation.match(text, pos, end, HOLD_GIL):
            if self._names_an_edition(text, more.start("n")):
                return  # "…, lần thứ 3 liên tiếp", "năm thứ 2": an edition, not a rank
            first = more.start("n") if more["tot"] else more.start("th")
            value = float(more["n"]) if more["n"].isdigit() else self.lib.rank.spelled_ordinals[more["n"].lower()]
            mention = Mention("rank", value, first, more.end(), "rank.ordinal_continued", more.start("n"))
            if more["tot"]:
                mention.total = float(more["tot"])
            mention.cue_start = more.start("th")
            mention = self._rank_context(text, mention, end)
            yield mention
            pos = mention.context_end or mention.end

    def _rank_position(self, match: regex.Match[str]) -> Mention:
        if place := match["on"] or match["on2"]:  # "xếp nhất toàn đoàn", "Huế nhất toàn đoàn"
            start = match.start("on" if match["on"] else "on2")
            value = float(self.lib.rank.first_places[place.lower()])
            return Mention("rank", value, start, match.end(), "rank.first_place", start)
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
        total = None if mention.total is not None else self._total_at(text, pos, end)
        topic = None if total or mention.total is not None else self.topic_before_field.match(text, pos, end, HOLD_GIL)
        if topic:
            total = self._total_at(text, topic.end(), end)  # "thứ 2 về tỷ lệ đúng giờ trong 6 hãng": after the topic
        if total:
            mention.total, scope_start, pos = float(total["tot"]), total.start("tot"), total.end()
        elif field := self.rank_field.match(text, pos, end, HOLD_GIL):
            scope_start = field.start("field") if mention.total is not None else None
            pos = field.end()
        if scope_start is not None:  # "trong 4 nhà mạng cung cấp 5G về tốc độ": the field's whole phrase
            pos = self.field_rest.match(text, pos, clause_end(text, pos, end), HOLD_GIL).end()
        scope = self.rank_scope.match(text, pos, end, HOLD_GIL)
        if not scope and scope_start is None and (field := self.headed_field.match(text, pos, end, HOLD_GIL)):
            # "thứ 3 trong số các doanh nghiệp xuất khẩu gạo": a field without a size is the scope
            scope_start = field.start("field")
            pos = self.field_rest.match(text, field.end(), clause_end(text, pos, end), HOLD_GIL).end()
        mention.context_end = scope.end() if scope else pos
        if not scope and scope_start is None:
            scope_end = clause_end(text, pos, end)
            if following := self.rank_continuation.search(text, pos, scope_end, HOLD_GIL):
                scope_end = following.start()  # "thứ 14/63 và thứ 2 khu vực …": the scope is the next one's
            scope = self.rank_scope.search(text, pos, scope_end, HOLD_GIL)
        if scope:
            first = scope_start if scope_start is not None and mention.qualifier != "at_most" else None
            mention.scope = text[first if first is not None else scope.start("scope") : scope.end()]
        elif scope_start is not None:
            mention.scope = text[scope_start:pos]
        return mention

    def _names_an_edition(self, text: str, number_start: int) -> bool:
        return bool(self.edition_before.search(text, max(0, number_start - 24), number_start, HOLD_GIL))

    @cached_property
    def rank_scan(self) -> WordScan:
        """`rank_phrase`, tried only where one of its words opens (a new alternative adds its words here)."""
        rk = self.lib.rank
        openers = [
            rk.verbs, rk.ordinal_adjectives, rk.bare_verbs, rk.band_leads, rk.top, rk.bands, rk.first_places,
            rk.ordinal,
        ]
        return WordScan(self.rank_phrase, openers)

    @cached_property
    def scan_without_ordinal(self) -> WordScan:
        """`rank_scan` for a sentence without an ordinal word ("thứ"): its verbs and adjectives ("lên", "cao"),
        common words, open a rank only before one, and are not tried."""
        rk = self.lib.rank
        return WordScan(self.rank_phrase, [rk.bare_verbs, rk.band_leads, rk.top, rk.bands, rk.first_places])

    @cached_property
    def ordinal_required(self) -> Required:
        return Required(self.lib.rank.ordinal)

    @cached_property
    def rank_phrase(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        verbs, ordinal = alternation(rk.verbs), alternation(rk.ordinal)
        bare = alternation(rk.bare_verbs)  # looked for ahead first: the look-behind is tried only where one stands
        adjectives = alternation(rk.ordinal_adjectives)
        places, place_verbs = alternation(rk.first_places), alternation(rk.first_place_verbs)
        scopes = alternation(rk.scopes)
        leads = rf"(?:(?:{alternation(rk.band_leads)})\s+)?"
        # "khách sạn hạng 3 sao": a class of stars, no place in a ranking
        classed = rf"(?!\s+(?:{alternation(self.lib.exclusions.ordinal_nouns)}){WORD_END})"
        return compile_pattern(
            rf"{WORD_START}(?:(?P<verb>{verbs})(?:\s+[\p{{L}}]+){{0,2}}?|{adjectives})\s+(?P<th>{ordinal})\s*"
            rf"(?P<n>\d+|{alternation(rk.spelled_ordinals)})"
            rf"(?:\s*/\s*(?P<tot>\d+))?{WORD_END}"
            rf"|{WORD_START}(?={bare}){not_after(rk.not_bare_after)}(?P<bverb>{bare})\s*:?\s*(?P<bn>\d+)(?![.,]\d)(?:\s*/\s*(?P<btot>\d+))?"
            rf"{WORD_END}{classed}"
            # a name's place in brackets: "sau Thái Lan (thứ 99, 1.224,8 điểm)", "Indonesia (thứ 118)"
            rf"|(?-i:(?<=\p{{Lu}}\p{{L}}*\s*\(\s*))(?P<th>{ordinal})\s*(?P<n>\d+)(?=\s*\)|\s*,(?!\s*\d{{1,2}}/))"
            rf"|{WORD_START}{leads}(?P<band>{alternation(rk.bands)})\s*(?P<gn>\d+)\s*-\s*(?P<gm>\d+)(?=\s+(?:{scopes}){WORD_END})"
            rf"|{WORD_START}{leads}(?P<top>{alternation(rk.top)})\s*(?P<tn>\d+){WORD_END}"
            rf"|(?<={WORD_START}(?:{place_verbs})\s+)(?P<on>{places}){WORD_END}"
            rf"|(?-i:(?<=\p{{Lu}}\p{{Ll}}*\s+))(?P<on2>{places})(?=\s+(?:{scopes}){WORD_END})",
            regex.I,
        )

    def may_hold_word_rank(self, text: str, start: int, end: int) -> bool:
        """"đứng thứ hai cả nước", "xếp nhất toàn đoàn": a rank written without digits."""
        if self.rank_required.absent_in(text, start, end):
            return False
        return bool(self.word_rank.search(text, start, end, HOLD_GIL))

    @cached_property
    def word_rank(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        places = alternation([*rk.spelled_ordinals, *rk.first_places])
        return compile_pattern(rf"{WORD_START}(?:{alternation(rk.ordinal)}\s+)?(?:{places}){WORD_END}", regex.I)

    @cached_property
    def rank_required(self) -> Required:
        rk = self.lib.rank
        return Required(rk.ordinal, rk.bare_verbs, rk.top, rk.bands, rk.first_places)

    @cached_property
    def rank_total(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        return compile_pattern(
            rf"\s*(?:{alternation(rk.total_cues)})\s*(?:{alternation(rk.total_prefix)}\s+)?(?P<tot>\d+)\s+"
            rf"(?P<field>{alternation(rk.field_nouns)}){WORD_END}",
            regex.I,
        )

    @cached_property
    def rank_open_total(self) -> regex.Pattern[str]:
        """"trong 27 ngân hàng niêm yết", "trong top 25 thành phố": a number and a noun that is no time word ("trong
        3 năm")."""
        rk = self.lib.rank
        times = alternation([*self.lib.units.time.words, *rk.field_ends])
        return compile_pattern(
            rf"\s*(?:{alternation(rk.open_total_cues)})\s+(?:{alternation(rk.top)}\s+)?(?P<tot>\d+)\s+"
            rf"(?!(?:{times}){WORD_END})\p{{L}}+{WORD_END}",
            regex.I,
        )

    def _total_at(self, text: str, pos: int, end: int) -> regex.Match[str] | None:
        return self.rank_total.match(text, pos, end, HOLD_GIL) or self.rank_open_total.match(text, pos, end, HOLD_GIL)

    @cached_property
    def topic_before_field(self) -> regex.Pattern[str]:
        """"về tỷ lệ đúng giờ " before "trong 6 hãng": the shortest topic that a field with a size follows."""
        rk = self.lib.rank
        return compile_pattern(
            rf"\s*(?:{alternation(rk.topic_leads)})\s+(?:[\p{{L}}\p{{N}}]+\s+){{1,{rk.topic_words}}}?"
            rf"(?=(?:{alternation(rk.open_total_cues)})\s+\d)",
            regex.I,
        )

    @cached_property
    def field_rest(self) -> regex.Pattern[str]:
        """The words that go on naming a rank's field, up to a word that ends it or a stop."""
        ends = alternation(self.lib.rank.field_ends)
        return compile_pattern(rf"(?:[ \t]+(?!(?:{ends}){WORD_END})[\p{{L}}\p{{N}}]+{WORD_END}){{0,8}}", regex.I)

    @cached_property
    def headed_field(self) -> regex.Pattern[str]:
        """"trong số các doanh nghiệp", "trong danh sách": a lead and the head of a field without a size, not a time."""
        rk = self.lib.rank
        times = alternation(self.lib.units.time.words)
        return compile_pattern(
            rf"\s*(?:{alternation(rk.field_leads)})\s+(?P<field>{alternation(rk.field_heads)}){WORD_END}"
            rf"(?!\s+(?:{times}){WORD_END})",
            regex.I,
        )

    @cached_property
    def rank_field(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*(?P<field>{alternation(self.lib.rank.field_nouns)}){WORD_END}", regex.I)

    @cached_property
    def rank_scope(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        return compile_pattern(
            rf"\s*(?:(?:{alternation(rk.scope_prefixes)})\s+)?(?P<scope>{alternation(rk.scopes)}"
            rf"(?:\s+{alternation(rk.scopes)}|(?-i:\s+\p{{Lu}}\p{{L}}*(?:\s+\p{{Lu}}\p{{L}}*){{0,3}}))?){WORD_END}",
            regex.I,
        )

    @cached_property
    def rank_continuation(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        continuations = alternation(rk.continuations)
        joiners = rf"(?:(?:{continuations})\s+)?"
        # "…, kinh tế số thứ 25": after a comma, a few words may name what the next ordinal ranks
        topic = r"(?:(?<=[,;]\s*)(?:\p{Ll}+\s+){1,4}?)?"
        # "thứ 9 về quy mô tổng tài sản và thứ 6 về …": the first one's field, then a joiner
        field = rf"(?:\s+(?:{alternation(self.lib.labels.rank_topic)})\s+[^\d,;.()]{{1,60}}?\s+(?:{continuations})\s+)?"
        return compile_pattern(
            rf"{field}[\s,;]*{joiners}{topic}(?P<th>{alternation(rk.ordinal)})\s*(?P<n>\d+|{alternation(rk.spelled_ordinals)})"
            rf"(?:\s*/\s*(?P<tot>\d+))?{WORD_END}",
            regex.I,
        )

    @cached_property
    def edition_before(self) -> regex.Pattern[str]:
        """"lần thứ", "năm thứ": a name or a time word before the ordinal makes it an edition."""
        ordinals = set(self.lib.rank.ordinal)
        names = [n for n in self.lib.exclusions.named_by_number if len(n.split()) > 1 and n.split()[-1] in ordinals]
        times = [f"{w} {o}" for w in self.lib.units.time.words for o in ordinals]
        return last_words([*names, *times], r"\s*")


def share_rank_totals(mentions: list[Mention], text: str) -> None:
    """"thứ 12, … thứ 13 và … thứ 14 trong 63 tỉnh": a rank without a total takes the next rank's, within
    its clause (not across a semicolon); read from the last, so a list shares the total written at its end.
    An ordinal that goes on from a rank with neither total nor scope of its own ranks in the same field."""
    ranks = sorted((m for m in mentions if m.kind == "rank"), key=lambda m: m.start)
    for this, following in reversed(list(pairwise(ranks))):
        near = following.start - this.end < 60 and ";" not in text[this.end : following.start]
        if this.total is None and following.total is not None and near:
            this.total, this.scope = following.total, this.scope or following.scope
    for this, following in pairwise(ranks):  # "thứ 9 trong 27 ngân hàng về X và thứ 6 về Y": the same field
        near = following.start - this.end < 80 and ";" not in text[this.end : following.start]
        if following.rule == "rank.ordinal_continued" and following.total is None and not following.scope and near:
            following.total, following.scope = this.total, this.scope
