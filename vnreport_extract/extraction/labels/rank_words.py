"""The words a rank's label reads: what it ranks on ("về chuyển đổi số"), the measure of a top list
("TOP 10 địa phương có chỉ số DTI cao nhất") and its scope; compiled once per pattern library."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.library import BACKWARD, WORD_END, WORD_START, PatternLibrary, alternation


class RankCues:
    """Compiled rank words of one pattern library, each compiled on first use."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    @cached_property
    def about(self) -> regex.Pattern[str]:
        """"… thứ 3 cả nước về thu ngân sách": the field, up to the end of its phrase or a figure joined to the
        rank ("… về thu ngân sách với 98.500 tỷ đồng")."""
        topic, joiners = alternation(self.lib.labels.rank_topic), alternation(self.lib.labels.rank_count_joiners)
        end = rf"(?=\s+(?:{joiners})\s+\d|[,.;:()\n]|\Z)"
        return compile_pattern(rf"\s{topic}{WORD_END}\s+(?P<topic>[^,.;:()\n]+?){end}", regex.I)

    @cached_property
    def inverted_name(self) -> regex.Pattern[str]:
        """"Đứng thứ hai là Bắc Ninh với 4,9 tỷ USD", "vị trí thứ ba thuộc về phim …": after a rank, the copula and
        the name it places (group `name`), up to a figure joined to it or the end of its phrase."""
        lab = self.lib.labels
        copulas, joiners = alternation(lab.inverted_rank_copulas), alternation(lab.rank_count_joiners)
        end = rf"(?=\s+(?:{joiners}){WORD_END}|\s*[,.;:(\n]|\s*\Z)"
        return compile_pattern(rf"\s+(?:{copulas})\s+(?P<name>[^\d\s,.;:()][^\d,.;:()\n]{{0,60}}?){end}", regex.I)

    @cached_property
    def inverted_opening(self) -> regex.Pattern[str]:
        """What may stand before such a rank in its clause: only the words placing it ("Đứng", "Vị trí")."""
        return compile_pattern(rf"\s*(?:{alternation(self.lib.labels.inverted_rank_openers)})\s+", regex.I)

    @cached_property
    def ranking(self) -> regex.Pattern[str]:
        """"… 29 bậc trên bảng xếp hạng QS châu Á": the ranking named right after a rank or a change of places
        ("trong bảng PCI": the name alone, group `short`); not the table alone ("trên bảng xếp hạng, kém …")."""
        lab = self.lib.labels
        links, nouns = alternation(lab.ranking_links), alternation(lab.ranking_nouns)
        bare, ends = alternation(lab.ranking_bare_nouns), alternation(lab.ranking_ends)
        bare_words = tuple(f"{word.lower()} " for word in lab.ranking_bare_nouns)
        rests = [noun[len(b) :] for noun in lab.ranking_nouns for b in bare_words if noun.lower().startswith(b)]
        not_rest = rf"(?!(?:{alternation(rests)}){WORD_END})" if rests else ""
        word = r"\s+[^\s,.;:()\n\d][^\s,;:()\n]*"
        end = rf"(?=\s*(?:[,.;:()\n]|\Z)|\s+(?:{ends}){WORD_END})"
        named = rf"(?P<ranking>(?:{nouns})(?!\s+(?:{ends}){WORD_END})(?:{word}){{1,6}}?)"  # not "… năm nay"
        short = rf"(?:{bare})\s+{not_rest}(?P<short>[^\s,.;:()\n\d]\S*(?:{word}){{0,5}}?)"
        return compile_pattern(rf"\s+(?:{links})\s+(?:{named}|{short}){end}", regex.I)

    @cached_property
    def top_topic(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        return compile_pattern(
            rf"\s{alternation(rk.topic_opener)}\s+(?P<topic>[^,.;:()\n]+?)\s+{alternation(rk.superlatives)}{WORD_END}",
            regex.I,
        )

    @cached_property
    def scope_inside(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        return compile_pattern(
            rf"\s(?:(?:{alternation(rk.scope_prefixes)})\s+)?(?:{alternation(rk.scopes)}){WORD_END}", regex.I
        )

    @cached_property
    def sized_field_inside(self) -> regex.Pattern[str]:
        """"về tỷ lệ đúng giờ trong 6 hãng …": a field with its size, which ends the topic before it."""
        return compile_pattern(rf"\s(?:{alternation(self.lib.rank.open_total_cues)})\s+\d", regex.I)

    @cached_property
    def index_noun_last(self) -> regex.Pattern[str]:
        """The last index noun of a stretch (searched backwards)."""
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.labels.index_nouns)}){WORD_END}", BACKWARD)


def placed_name(name: str) -> str:
    """The name a copula places, without the kind words before a title in quotes ("phim hài "Ông Ba Về Quê"": the
    title; the scanning view blanks a title's quote marks, which leaves two blanks before it)."""
    title = _TITLE.search(name)
    return (title["title"] if title else name).strip()


_TITLE = compile_pattern(r"\s\s(?P<title>\p{Lu}.*)\Z")
