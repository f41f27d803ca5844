"""Figures given "respectively" ("tương ứng", "lần lượt") take their labels in order: from the
figures before them ("A đạt 5 tỷ USD, B đạt 7 tỷ USD, tăng tương ứng 4% và 6%") or from a
coordinated subject ("Doanh thu và lợi nhuận lần lượt đạt 1.200 tỷ đồng và 150 tỷ đồng")."""

from __future__ import annotations

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.labels.clauses import HARD_BREAK, LOOKBACK, hide_acronyms, last_hard_break
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.extraction.labels.subject import Before, SubjectReader
from vnreport_extract.extraction.labels.trim import LabelTrimmer
from vnreport_extract.extraction.mentions import Mention

# A comma before a blank ends a clause; one between digits is a decimal comma.
_COMMA_CLAUSE = compile_pattern(r"[;:()]|,(?=\s)|\.(?=\s|$)")
_NUMBER = compile_pattern(r"(?<![\p{L}\p{N}])\d[\d.,]*")
# The next item of a list of figures: a number after at most two words ("và khoảng 400 …").
_NEXT_ITEM = compile_pattern(r"\s*(?:\p{L}+\s+){0,2}\d")
_MOST_ITEMS = 12


_SHORT_ASIDE = compile_pattern(r"\s*\([^()\d]{1,30}\)")  # "Đài Loan (Trung Quốc)": what the name is part of
# a plural marker, a class in lower case, then a name: "Các thị trường Canada"
_CLASS_THEN_NAME = compile_pattern(r"(?P<plural>\p{L}+)\s+(?:\p{Ll}+\s+)+(?P<name>\p{Lu}.*)")


def _clause_start(text: str, sentence_start: int, at: int) -> int:
    window = max(sentence_start, at - LOOKBACK)
    found = last_hard_break(hide_acronyms(text[window:at]))
    return window + found.end() if found else window


class RespectiveReader:
    def __init__(self, cues: LabelCues, trimmer: LabelTrimmer, subjects: SubjectReader) -> None:
        self.cues = cues
        self.trim = trimmer
        self.subjects = subjects

    def label(self, text: str, sentence: tuple[int, int], mention: Mention, before: Before) -> str | None:
        """The label paired with the figure, in a sentence that `may_hold` such a pairing."""
        start, end = sentence
        reach = max(start, mention.number_start - LOOKBACK)
        if self.cues.lists.respectively_words.absent_in(text, reach, mention.number_start):
            return None  # no "tương ứng", "lần lượt" before it: the common case, read without a scan
        clause_start = _clause_start(text, start, mention.number_start)
        adverb = self._last_adverb(text, clause_start, mention.number_start)
        if adverb is None:
            return None
        found = self._place(text, adverb.end(), self._list_end(text, mention.end, end), mention.number_start)
        if found is None:
            return None
        position, count = found
        # "Trung Quốc và Mỹ lần lượt chiếm …": the parts of a subject named since the last figure come first
        earlier = [(at, label) for at, label in before.labelled if clause_start < at <= adverb.start()]
        subject_start = max([clause_start, *(at for at, _ in earlier)])
        if parts := self._coordinated_parts(text[subject_start : adverb.start()], count):
            return parts[position]
        if len(earlier) >= count:
            return earlier[len(earlier) - count + position][1]
        if earlier and (parts := self._coordinated(self._before_predicate(text[clause_start : adverb.start()]))):
            return parts[position] if len(parts) == count else None  # "A, B và C là ba thị trường lớn nhất, …"
        return None

    def may_hold(self, text: str, sentence: tuple[int, int]) -> bool:
        """Whether the sentence holds a word that says "respectively" anywhere (tested once for all its figures)."""
        return not self.cues.lists.respectively_words.absent_in(text, *sentence)

    def _before_predicate(self, segment: str) -> str:
        """"Mỹ, EU và Nhật Bản là ba thị trường chủ lực": the coordinated subject before its predicate, when a
        figure of the predicate ("ba thị trường") stands between it and the adverb; "" without a predicate."""
        found = self.cues.predicate_after_aspect.search(segment)
        return segment[: found.start()] if found else ""

    def _place(self, text: str, start: int, end: int, number_start: int) -> tuple[int, int] | None:
        """(position, size) of the figure starting at `number_start` in its list after the adverb: "lần
        lượt xếp thứ 3, thứ 4 với 3.870 xe và 3.412 xe" holds two lists of two. None for a figure alone."""
        group: list[int] = []
        last = None
        for number in _NUMBER.finditer(text, start, end):
            if last is not None and not self.cues.lists.list_gap.fullmatch(text, last, number.start()):
                if number_start in group:
                    break
                group = []
            group.append(number.start())
            last = number.end()
        if number_start not in group or len(group) < 2:
            return None
        return group.index(number_start), len(group)

    def _list_end(self, text: str, pos: int, end: int) -> int:
        """The end of a list of figures ("1,8 triệu tấn, 250 nghìn tấn và 400 nghìn tấn")."""
        for _ in range(_MOST_ITEMS):
            found = _COMMA_CLAUSE.search(text, pos, end)
            if found is None or not found.group().startswith(",") or not _NEXT_ITEM.match(text, found.end(), end):
                return found.start() if found else end
            pos = found.end()
        return pos

    def _last_adverb(self, text: str, start: int, end: int) -> regex.Match[str] | None:
        found = list(self.cues.lists.respectively.finditer(text, start, end))
        return found[-1] if found else None

    def _coordinated_parts(self, segment: str, count: int) -> list[str]:
        """The `count` parts of the coordinated subject that ends `segment`: read from its start, else
        from after each comma ("so với cùng kỳ, trong đó thị trường A và B": "thị trường A", "B")."""
        at = 0
        for _ in range(_MOST_ITEMS):
            if len(parts := self._coordinated(segment[at:])) == count:
                return parts
            if len(parts := self._coordinated(self._agents(segment[at:]))) == count:
                return parts
            if len(parts := self._coordinated(self._owners(segment[at:]))) == count:
                return parts
            comma = segment.find(",", at)
            if comma < 0:
                return []
            at = comma + 1
        return []

    def _agents(self, segment: str) -> str:
        """"Saigonbank và Kienlongbank niêm yết kỳ hạn 6 tháng": the agents before a verb whose object names
        the figure are what a list after "lần lượt" pairs with; "" without such a verb."""
        verb = self.cues.reporting_verb.search(segment) if not self.cues.reporting_words.absent(segment) else None
        return segment[: verb.start()] if verb and verb.start() > 0 else ""

    def _owners(self, segment: str) -> str:
        """"Singapore và Hàn Quốc với số vốn": the owners before the quantity they have, which a list after "lần
        lượt" gives for each; "" without such a quantity."""
        owned = list(self.cues.owned_quantity.finditer(segment))
        return segment[: owned[-1].start()] if owned else ""

    def _without_shared_passive(self, subject: str) -> str:
        """"Cà phê và hồ tiêu được xuất khẩu": a passive verb after the last part is done to every part and names
        none of them; one inside an earlier part is that part's own ("Tỷ lệ hồ sơ được giải quyết … và …")."""
        passive = self.cues.noun_phrase.passive.search(subject)
        if passive is None:
            return subject
        coordination = self.cues.lists.coordination
        joined = coordination.search(subject, 0, passive.start()) and not coordination.search(subject, passive.end())
        return subject[: passive.start()] if joined else subject

    def _coordinated(self, subject: str) -> list[str]:
        """"Doanh thu và lợi nhuận" -> the parts, each trimmed; [] unless each names something."""
        # "Singapore, Nhật Bản và Đài Loan (Trung Quốc) lần lượt …": a short aside in a name is no part of it
        subject = _SHORT_ASIDE.sub("", subject)
        if HARD_BREAK.search(subject):
            return []
        # "Đức và Pháp tiếp tục là hai đối tác lớn nhất, lần lượt chiếm …": the subject before its predicate
        subject = self.subjects.segment_subject(self._without_shared_passive(subject).strip(" ,"))
        # "Nghệ An và Thanh Hóa có số ca mắc lần lượt …": a place is trimmed off a subject, but here it is one
        split = self.cues.lists.coordination.split(subject)
        parts = [self.trim.subject(part) or self.subjects.place_name(part) for part in split]
        if not all(parts):
            return []
        if len(parts) > 1 and all(part[:1].isupper() for part in parts[1:]):
            # "Các thị trường Canada, Anh và Australia lần lượt tăng …": the first of the names, not their class
            named = _CLASS_THEN_NAME.fullmatch(parts[0])
            parts[0] = named["name"] if named and named["plural"].lower() in self.cues.lists.plural_keys else parts[0]
        if len(parts) > 1 and not self.cues.lists.exemplifier_words.absent(parts[0]):
            parts[0] = self._first_item(parts[0])
        return parts

    def _first_item(self, part: str) -> str:
        """"các mặt hàng chủ lực gồm dệt may": the first item of a list after the head it makes up, not the head."""
        examples = list(self.cues.lists.exemplifier.finditer(part))
        return (part[examples[-1].end() :].strip() or part) if examples else part
