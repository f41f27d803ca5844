"""The subject before a figure: "Doanh thu dịch vụ viễn thông năm 2024 ước đạt 2.813 tỷ đồng".

The figure's comma segment is read back from its cue; its right end sheds the predicate ("ước
đạt"), qualifiers ("hơn") and a measure noun ("mật độ"), kept aside; a bare segment borrows the one
before it or the topic before a colon.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.frozen import frozen
from vnreport_extract.extraction.labels.clauses import (
    DIGIT,
    HARD_BREAK,
    LOOKBACK,
    STANDALONE_NUMBER,
    clause_start,
    hide_acronyms,
    last_break,
    last_hard_break,
    skip_blanks,
)
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.extraction.labels.rank_words import placed_name
from vnreport_extract.extraction.labels.segments import SegmentJoiner
from vnreport_extract.extraction.labels.trim import LabelTrimmer
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.extraction.numbers import find_numbers
from vnreport_extract.library import tail_key

_COPULA_SUBJECT_WORDS = 8  # words of a subject before "là" in a segment a share's verb takes after its comma
_SPLIT_ITEM_WORDS = 5  # words of a list item's noun phrase before the comma that splits it
# How many earlier labels a figure may refer back to ("… tăng tương ứng 4% và 6%"): a bound that keeps
# a sentence of thousands of figures linear.
_LABELS_KEPT = 8
_READINGS_KEPT = 4096  # left contexts whose peel and own stretch are remembered: a sentence's figures share them
_SIGNS = frozenset({"+", "-", "–", "−"})  # signs a bracket may open with before its figure
_SCORE_RULE = "measure.score"  # the rule of a score or index level read from its unit ("38 điểm")
_LEADING_NAME = compile_pattern(r"(?:\p{Lu}[\p{L}-]*(?:\s+|$))*")  # the capitalised words a phrase opens with


@frozen
class Before:
    """What came earlier in the sentence than the mention being labelled."""

    label: str | None = None  # the last label given
    unit: str | None = None  # the unit of the mention just before
    counted_end: int | None = None  # end of the last earlier figure that is not a percent
    last_end: int | None = None  # end of the mention just before
    last_start: int | None = None  # start of the mention just before
    units: frozenset[str] = frozenset()  # the units of every mention before
    labelled: tuple[tuple[int, str], ...] = ()  # (end, label) of the last mentions before that have a label
    unit_labels: tuple[tuple[str, str], ...] = ()  # (unit, label) of the same mentions
    last_kind: str | None = None  # the kind of the mention just before

    def label_for(self, unit: str | None) -> str | None:
        """The label of the last figure before with this unit: "…, mật độ 34,8 thuê bao/100 dân (cùng kỳ
        2019: 28,4 thuê bao/100 dân)"."""
        unit = unit or ""
        if same := next((label for u, label in reversed(self.unit_labels) if u == unit), None):
            return same
        # "… khoảng 1.450 xe/ngày, có ngày cao điểm lên tới 2.100 xe": a rate's counted noun is the count's
        per = f"{unit}/"
        return next((label for u, label in reversed(self.unit_labels) if unit and u.startswith(per)), None)

    def unlabelled(self) -> Before:
        """The same, with no label given yet (`dataclasses.replace(self, label=None)`, built directly)."""
        return Before(
            None, self.unit, self.counted_end, self.last_end, self.last_start, self.units, self.labelled,
            self.unit_labels, self.last_kind,
        )

    def resumed(self, outside: Before) -> Before:
        """The same, with the label given before a bracket again: a figure after the bracket goes on with what
        the figures outside it measure, not with a part the bracket named."""
        return Before(
            outside.label, self.unit, self.counted_end, self.last_end, self.last_start, self.units, outside.labelled,
            outside.unit_labels, self.last_kind,
        )

    def then(self, mention: Mention, label: str | None, text: str) -> Before:
        """What comes before the next mention, once `mention` got `label`."""
        counted_end = self.counted_end if mention.kind == "percent" else mention.context_end or mention.end
        if label and mention.noun_start is not None and text.startswith(label, mention.noun_start):
            counted_end = max(counted_end or 0, mention.noun_start + len(label))  # "161/161 xã, phường, thị trấn"
        labelled, unit_labels = self.labelled, self.unit_labels
        if label:
            labelled = (*labelled[1 - _LABELS_KEPT :], (mention.end, label))
            unit_labels = (*unit_labels[1 - _LABELS_KEPT :], (mention.unit or "", label))
        unit = mention.unit or ""
        units = self.units if unit in self.units else self.units | {unit}
        return Before(
            label or self.label, mention.unit, counted_end, mention.end, mention.start, units, labelled, unit_labels,
            mention.kind,
        )


@frozen
class Subject:
    text: str  # the subject as written (may be empty)
    predicate: str | None  # the linking verb found before the number
    measure_noun: str | None  # "mật độ" in "đạt mật độ 64,34 ..."
    breakdown: bool = False  # it opens with "trong đó": a part of the figure before
    aside: bool = False  # the name before a bracket that holds the figure: "Đống Đa (512 ca)"
    # a place alone before a rank, a leading predicate or "có", which names the figure when nothing else does
    # ("Bình Phước tụt xuống thứ 8", "Đà Nẵng là địa phương thu hút vốn FDI lớn nhất với 1,2 tỷ USD", "Hà Nội có
    # 412 biển")
    place: str = ""
    standing: bool = False  # a table or a ranking places the subject: it names the figure ("A dẫn đầu … với N")
    located: bool = False  # a subject of "có" that opens with a place preposition: where, not what ("Tại xã có …")


class SubjectReader:
    def __init__(self, cues: LabelCues, trimmer: LabelTrimmer) -> None:
        self.cues = cues
        self.trim = trimmer
        # pure functions of the phrase, asked again for every figure of a clause
        self._peel = lru_cache(maxsize=_READINGS_KEPT)(self._peel_phrase)
        self._own_stretch = lru_cache(maxsize=_READINGS_KEPT)(self._own_phrase)
        self.segments = SegmentJoiner(cues, trimmer)

    def read(self, text: str, sentence_start: int, mention: Mention, before: Before) -> Subject:
        """The subject before the number, its linking predicate and any measure noun.

        A clause that holds an earlier figure (`before.counted_end`) has no subject of its own,
        unless a connector opens a new one ("... với tổng vốn đăng ký").
        """
        cues = self.cues
        counted_end, last_end = before.counted_end, before.last_end
        cue = mention.cue_start if mention.cue_start is not None else mention.number_start
        figures_end = sentence_start if last_end is None else last_end
        left_start, has_subject = clause_start(text, sentence_start, cue, figures_end), True
        at_comma = left_start > sentence_start and text[left_start - 1] == ","
        if last_end is not None and last_end > left_start:
            if cues.new_level.fullmatch(text, last_end, cue):
                return Subject("", None, None)
            if placed := self.placed_by_rank(text, sentence_start, before, cue):
                return placed  # "Đứng thứ hai là Bắc Ninh với 4,9 tỷ USD": the name the rank's copula places
            connector = cues.next_clause.match(text, last_end, cue)
            left_start, at_comma = (connector.end(), False) if connector else (left_start, at_comma)
        if counted_end is not None and counted_end > left_start:
            if owner := self._owner_of(text, left_start, before):
                return Subject(owner, *self._peel(text[counted_end:cue])[1:3])
            connector = cues.new_subject.match(text, counted_end, cue)
            connector = connector or cues.reported_after.match(text, counted_end, cue)
            connector = connector or self._owned_quantity_after(text, counted_end, cue)
            left_start, has_subject = (connector.end(), True) if connector else (counted_end, False)
            at_comma = at_comma and not connector
        # `tail`: the tail patterns below match only a left context ending with one of their keys
        left, predicate, measure, tail = self._peel(text[left_start:cue])
        if predicate in cues.verb_qualifiers and mention.kind != "count":
            predicate = None  # "nồng độ cồn vượt 0,4 mg/lít": an amount's subject is read as before its qualifier
        if head := self._head_before_aside(text, sentence_start, left_start, left, predicate):
            return Subject(self._named(self.trim.subject(head), mention), predicate, measure)
        if left.strip() in _SIGNS:
            left, tail = "", None  # "điện thoại (+25%)": the sign of a change in a bracket, no subject
        lists = cues.lists
        if self._inside_noun_phrase(left, tail, predicate):
            return Subject("", predicate, measure)  # "Tỷ lệ lấp đầy của 8 cụm công nghiệp": inside a noun phrase
        framed = has_subject and cues.frame_head.match(text, left_start, cue, HOLD_GIL)
        item_named = bool(framed) and self._names_an_item(text, framed.end(), cue, mention, before)
        if item_named:
            framed = None  # "…, làm dịch vụ du lịch 2.300 người": a list item doing a job, no clause of causing
        # "…, sau đó giảm dần xuống 2,1 triệu đồng": what happened next to the subject before
        framed = framed or (has_subject and at_comma and cues.sequence_opener.match(text, left_start, cue, HOLD_GIL))
        # "…, góp phần kéo lượng than tồn kho xuống còn 95.000 tấn": the quantity a frame has, or moved
        owned = [*cues.owned_quantity.finditer(left)] or [*cues.achieved_quantity.finditer(left)] if framed else []
        if owned:
            left = left[owned[-1].end() :]  # "…, giúp kinh tế khởi đầu năm với mức tăng trưởng ước đạt 8%"
        elif not has_subject and self._part_of_place(mention, predicate) and (place := self.place_name(left)):
            return Subject(place, predicate, measure)  # "…, Thái Bình 2.400 ha": a place's part
        elif not has_subject or framed or (tail in lists.coordinator_keys and lists.coordinator_tail.search(left)):
            # "…, thấp hơn mức 950 tỷ đồng": a frame; "…, cơ sở dữ liệu và 8/17 hệ thống": a list of figures
            return Subject("", predicate, measure)
        whole = left
        if (caused := self._caused_change(left, predicate)) is not None:
            left, at_comma = caused, False
        if (own := self._own_stretch(left)) != left:
            left, at_comma = own, False
        if predicate in cues.naming_predicates and (worth := self._worth_object(left)):
            left, at_comma = worth, False
        standing = predicate in cues.standing_joiners and (placed := self._standing(left, predicate)) != left
        superlative = "" if standing else self._copula_superlative(whole, predicate)
        if superlative:
            placed, standing = superlative, True  # "X là địa phương phát hiện nhiều vi phạm nhất với …"
        if standing:
            left, at_comma = placed, False
        if not left.strip():
            topic = self._colon_topic(text, sentence_start, cue)
            if not topic and at_comma:
                segment = self._previous_segment(text, sentence_start, left_start - 1, last_end)
                if predicate in cues.copula_share_verbs and (named := self._copula_subject(segment)):
                    return Subject(named, predicate, measure, standing=True)  # "Ấn Độ là thị trường …, chiếm 38%"
                topic = self.segment_subject(segment)
            paren = left_start - 1
            in_bracket = paren >= sentence_start and text[paren] == "("
            if not topic and in_bracket and (aside := self._bracket_topic(text, sentence_start, paren, before)):
                return Subject(aside, predicate, measure, aside=True)
            return Subject(self._named(self.trim.subject(topic), mention), predicate, measure)
        if at_comma and (head := self._exemplified_head(text, sentence_start, left_start, left)):
            return Subject(self._named(head, mention), predicate, measure)
        verbless = predicate is None and mention.cue_start is None
        # "…, ngân sách huyện, xã 391 tỷ đồng", "khán đài C, D 900.000 đồng/vé": one word alone after a comma ends
        # a name the segment before it opens
        lone = verbless and len(left.split()) == 1
        whole_place = at_comma and self._whole_place_has(left, predicate)
        joins = not verbless or lone or self._part(text, sentence_start, left_start)
        if at_comma and left and not whole_place and joins:
            left = self.segments.joined(text, sentence_start, cue, left)
        # an item's name opens with its verb, which the trimmer would read as a frame
        trimmed = " ".join(left.split()) if item_named else self.trim.subject(left)
        cleaned = self._named(trimmed, mention) or self._named_place(left, predicate, mention)
        if standing:  # "Hà Nội FC với 47 bàn", "… là Bắc Ninh với 4,9 tỷ USD": the subject placed, even a place
            name = left.strip(" ,")
            named = name if _LEADING_NAME.fullmatch(name) else cleaned or self.place_name(left)
            return Subject(named, predicate, measure, standing=True)
        if not cleaned and at_comma and not whole_place:
            previous = self._previous_segment(text, sentence_start, left_start - 1, last_end)
            cleaned = self.trim.subject(self.segment_subject(previous))
        elif not cleaned and self._after_colon(text, sentence_start, left_start, mention) and not self.place_name(left):
            # "Xuất khẩu rau quả: 5 tháng đạt 2,1 tỷ USD": a clause of only a time and a verb is of the topic
            cleaned = self._named(self.trim.subject(self._colon_topic(text, sentence_start, cue)), mention)
        opens = left.split(maxsplit=1)[0].lower() if left else ""
        breakdown = opens in cues.breakdown_keys and bool(cues.breakdown.match(left))
        # "Trong đó, lao động qua đào tạo 5.600 người, …": a breakdown opener alone before the comma
        breakdown = breakdown or (at_comma and self._after_breakdown(text, sentence_start, left_start))
        placed = mention.kind == "rank" or predicate in cues.placing_predicates
        place = self.place_name(left) if placed and not cleaned else ""
        labels = cues.lib.labels
        where = predicate in labels.existential or predicate in labels.remaining_predicates
        located = where and bool(cues.located_opener.match(left))
        return Subject(cleaned, predicate, measure, breakdown, place=place, located=located)

    def _exemplified_head(self, text: str, sentence_start: int, left_start: int, left: str) -> str:
        """"Các nhà cung cấp nước ngoài như Google, Meta, Netflix, TikTok đã nộp 20.160 tỷ đồng", "Các cây trồng chủ
        lực như sầu riêng, cà phê và hồ tiêu chiếm 78%": a subject that goes on with the list a head is exemplified
        or made up of is the head's (its count set aside: "5 sàn lớn gồm Shopee, …, Tiki và Sendo chiếm 86%")."""
        cues = self.cues
        if not left or cues.quantity_opening.match(left, 0, None, HOLD_GIL):
            return ""  # "…, sản lượng đạt …": a quantity opens a subject of its own
        start = max(sentence_start, left_start - LOOKBACK)
        if cues.lists.exemplifier_words.absent(text, start, left_start):
            return ""  # no "như", "gồm" before the comma: most subjects after one, told without a copy and a scan
        segment = hide_acronyms(text[start : left_start - 1])
        hard = last_hard_break(segment)
        found = cues.lists.exemplified_items.search(segment, hard.end() if hard else 0)
        if not found or STANDALONE_NUMBER.search(segment, found.end("head")):
            return ""  # "…, gồm trường mầm non 420 trường, trường tiểu học …": items with figures of their own
        head = found["head"]
        if cues.circumstance.match(head) or cues.lists.change_verb.search(head) or cues.quantity_head.match(head):
            # "Với tốc độ chi như hiện nay, …": a circumstance; "Một số thị trường tăng mạnh như Mỹ, Nhật Bản 12%": the
            # example's own figure; "Mực nước các hồ chứa lớn như Dầu Tiếng, Trị An": a quantity measured over them
            return ""
        count = next(find_numbers(head, cues.lib), None)
        if count is not None and not head[: count.start].strip():
            return head[count.end :].strip()  # "5 sàn lớn", "Ba nhà mạng lớn": what is counted
        return self.trim.subject(head)

    def _copula_subject(self, segment: str) -> str:
        """Who or what a segment says with the copula is something ("Ấn Độ là thị trường lớn nhất"), or "" when its
        name comes after the copula ("Thị trường lớn nhất là Ấn Độ") or the words before it name nothing ("Đây")."""
        cues = self.cues
        if not segment or cues.inverted_superlative.search(segment):
            return ""
        copula = cues.segment_copula.search(segment)
        if copula is None:
            return ""
        subject = self.trim.strip_openers(self._before_adverbs(segment[: copula.start("v")]).strip(" ,"))
        if len(subject.split()) > _COPULA_SUBJECT_WORDS or cues.copula_non_subject.search(subject):
            return ""  # "Đây là …", "Hàng hóa chủ yếu là linh kiện …": the copula names what the share is of
        if _LEADING_NAME.fullmatch(subject) or self.place_name(subject):
            return subject  # "Hà Nội", "Nhật Bản": a name, even a place's, names the share
        return self.trim.subject(subject)

    def _worth_object(self, left: str) -> str:
        """"Mặt trận tiếp nhận hàng hóa trị giá …": what a verb of giving or taking takes, before "trị giá"."""
        verbs = list(self.cues.worth_verb.finditer(left))
        return left[verbs[-1].end() :].strip() if verbs else ""

    def _after_breakdown(self, text: str, sentence_start: int, left_start: int) -> bool:
        """Whether the comma segment before `left_start` is a breakdown opener and nothing more ("Trong đó,")."""
        segment_start = text.rfind(",", sentence_start, left_start - 1) + 1 or sentence_start
        found = self.cues.breakdown.match(text, max(sentence_start, segment_start), left_start - 1)
        return found is not None and not text[found.end() : left_start - 1].strip()

    def name_after_rank(
        self, text: str, sentence_start: int, rank: tuple[int, int], end: int
    ) -> regex.Match[str] | None:
        """The copula after a rank that opens its clause and the name it places (group `name`), before `end`:
        "Đứng thứ hai là Bắc Ninh với …"; not "Tỉnh đứng thứ 5 là nhờ …", whose rank has a subject before it."""
        ranks, (rank_start, rank_end) = self.cues.ranks, rank
        if not ranks.inverted_opening.fullmatch(text, clause_start(text, sentence_start, rank_start), rank_start):
            return None
        return ranks.inverted_name.match(text, rank_end, end)

    def placed_by_rank(self, text: str, sentence_start: int, before: Before, cue: int) -> Subject | None:
        """The name placed after the rank before, as the subject of a figure joined to it ("thứ hai là A với")."""
        if before.last_kind != "rank" or before.last_start is None or before.last_end is None:
            return None
        placed = self.name_after_rank(text, sentence_start, (before.last_start, before.last_end), cue)
        joiner = text[placed.end() : cue].strip() if placed else ""
        if placed is None or joiner.lower() not in self.cues.rank_joiner_words:
            return None
        return Subject(placed_name(placed["name"]), joiner, None, standing=True)

    def _standing(self, left: str, predicate: str) -> str:
        """"Nam Định lên đỉnh bảng với 17 điểm": the subject a table or a ranking places, not the phrase placing it;
        the name an inverted superlative gives ("Mặt hàng xuất khẩu lớn nhất là hạt điều với 680 triệu USD")."""
        cues = self.cues
        if inverted := cues.inverted_superlative.search(left):
            return inverted["name"]  # "Huyện có diện tích ngập nhiều nhất là Phú Vang với 1.450 ha"
        found = cues.standing_verb.search(left)
        if found is None and predicate in cues.lib.labels.leading_predicates:
            found = cues.leading_copula.search(left)
        if found is None:
            return left
        return self._before_adverbs(left[: found.start("v")])

    def _copula_superlative(self, left: str, predicate: str | None) -> str:
        """The subject before "là" and a superlative phrase that ends the left context ("Hà Nội là địa phương phát hiện
        nhiều vi phạm nhất" before "với 1.146 trường hợp"; the predicate may end it: "… nhiều nhất với"), or ""."""
        if predicate not in self.cues.standing_joiners:  # a joiner or a leading predicate
            return ""
        found = self.cues.copula_superlative.search(f"{left} {predicate}")  # the joiner ends the superlative's scope
        subject = self._before_adverbs(left[: found.start("v")]).strip() if found else ""  # "Mỹ tiếp tục là …"
        return "" if self.cues.next_item_lead.fullmatch(subject) else subject  # "theo sau là xã X với …": X's

    def _before_adverbs(self, subject: str) -> str:
        """A placed subject without the adverbs before its verb: "Đồng Nai tạm (dẫn đầu)", "Mỹ tiếp tục (là …)"."""
        adverbs = self.cues.standing_adverb.search(subject)
        return subject[: adverbs.start()] if adverbs else subject.rstrip()

    def _part(self, text: str, sentence_start: int, left_start: int) -> bool:
        """Whether the comma segment before `left_start` opens a part ("trong đó chi sự nghiệp giáo dục, đào tạo
        2.764 tỷ đồng"): a subject with no verb after the comma may go on from it."""
        segment = hide_acronyms(text[max(sentence_start, left_start - LOOKBACK) : max(sentence_start, left_start - 1)])
        last = last_break(segment)
        opening = last.end() if last else 0
        if self.cues.breakdown.match(segment, opening):
            return True
        # "…; doanh thu dịch vụ lưu trú, ăn uống 19.870 tỷ đồng": a clause that opens with a quantity goes on
        if last is not None and last.group() == ",":
            return False
        start = skip_blanks(segment, opening, len(segment))
        if self.cues.clause_verb.search(segment, start):
            return False
        if self.cues.quantity_head.match(segment, start):
            return True
        # "…; cháy cơ sở sản xuất, kinh doanh 17 vụ": a list item's short noun phrase a comma splits
        words = len(segment[start:].split())
        plain = last is not None and 0 < words <= _SPLIT_ITEM_WORDS and not DIGIT.search(segment, start)
        # not a circumstance, an opener or a time before the subject ("…; như vậy sau ba quý, Tân Hải đã …")
        framed = self.cues.circumstance.match(segment, start) or self.cues.opener.match(segment[start:])
        return plain and not framed and self.trim.calendar_words.absent(segment, start)

    def _named(self, subject: str, mention: Mention) -> str:
        """The subject without the many owners or places its quantity is measured over, except for a rank:
        those are what it ranks ("sản lượng bán tại các kho ở Hải Dương … đứng thứ 4 trên toàn quốc")."""
        return subject if mention.kind == "rank" else self.trim.without_owners(subject)

    def _named_place(self, left: str, predicate: str | None, mention: Mention) -> str:
        """A place that names its figure, though a place is trimmed off any other subject: one ranked by a count
        ("Đà Nẵng dẫn đầu cả nước với 1.240 dự án"; an amount names its own noun: "… với 3,2 tỷ USD vốn"), a
        team's points, or one with no verb before an amount ("…, trong đó Nam Định 3.100 ha")."""
        if mention.kind == "count" and predicate in self.cues.lib.labels.leading_predicates:
            return self.place_name(left)
        if mention.rule == _SCORE_RULE and predicate in self.cues.lib.labels.stock_verbs:
            # "Hải Phòng hiện có 38 điểm", "… dẫn đầu với 31 điểm": the points a team named after its province
            # holds (not an index a province reaches: "Hà Tĩnh đạt 0,5837 điểm")
            return self.place_name(_LEADING_NAME.match(left.strip(" ,"))[0])
        return self.place_name(self.trim.strip_openers(left)) if self._part_of_place(mention, predicate) else ""

    @staticmethod
    def _part_of_place(mention: Mention, predicate: str | None) -> bool:
        """Whether a place with no verb before an amount may name it: "…, trong đó Nam Định 3.100 ha"."""
        return predicate is None and mention.kind in ("measure", "money", "count")

    def place_name(self, phrase: str) -> str:
        """The phrase when it is a place's name and nothing more, else "" ("Khánh Hòa", "tỉnh Thái Bình")."""
        return self.cues.time_place.place_name(phrase)

    def _caused_change(self, left: str, predicate: str | None) -> str | None:
        """"Doanh thu tăng mạnh nhờ khách quốc tế tăng 40%": the change a cause clause carries is of the noun phrase
        after its conjunction (None when the figure's own verb is no verb of change, or no cause follows one)."""
        cues = self.cues
        if not predicate or cues.cause_keys.isdisjoint(left.lower().split()):
            return None
        if not cues.lists.change_verb.match(predicate):  # a predicate that opens with a verb of change
            return None  # "sản lượng bị cắt giảm do quá tải lên tới 58 triệu kWh": a cause inside the subject
        caused = [*cues.changed_cause.finditer(left)]
        return left[caused[-1].end() :] if caused else None

    def _own_phrase(self, left: str) -> str:
        """The subject's own stretch of a left context: after a reporting verb ("Sở Tài chính cho biết
        tổng thu …"), before an aspect word that opens a further predicate ("Doanh nghiệp nhà nước
        vẫn giữ vai trò dẫn dắt với doanh thu …")."""
        cues = self.cues
        if results := [*cues.result_connective.finditer(left)]:
            result = left[results[-1].end() :]  # "Chi phí giảm, nhờ đó biên lợi nhuận …": the result's own subject
            left = result if result.strip() or self._result_verb(results[-1]) else left[: results[-1].start()]
        words = left.lower().split()
        if not cues.cause_keys.isdisjoint(words) and (caused := [*cues.caused_quantity.finditer(left)]):
            left = left[caused[-1].end() :]  # "… giảm do giá dầu thô …": the clause the cause opens
            words = left.lower().split()
        if cues.ends.stretch_keys.isdisjoint(words):  # no aspect, reporting or existential word: the common case
            return left if cues.ends.achieved_keys.isdisjoint(words) else self._achieved(left)
        # the predicate first: "Phố cổ tiếp tục là điểm đến thu hút đông khách nhất" is of "Phố cổ"; not so after a
        # superlative, which the name after the copula is ("Thị trường lớn nhất vẫn là Nhật Bản với …"), one not in a
        # name ("Tàu Thống Nhất tiếp tục là …")
        aspects = [*cues.aspect_word.finditer(left)]
        inverted = cues.inverted_superlative.search(left) if aspects else None
        reports = not cues.reporting_words.absent(left)
        for aspect in () if inverted and left[inverted.start()].islower() else aspects:
            word = " ".join(aspect.group().split()).lower()
            if reports and cues.reporting_verb.match(left, skip_blanks(left, aspect.end(), len(left))):
                continue  # "Công ty vẫn đặt mục tiêu lợi nhuận …": the verb names what follows it, read below
            if word in cues.predicate_aspects or cues.predicate_after_aspect.search(left, aspect.end()):
                if quantity := self._named_quantity(left, aspect.end()):
                    return quantity  # "Vùng núi tiếp tục có mưa to với lượng mưa …": what the subject has, by name
                left = left[: aspect.start()]
                break
        # "Giá niêm yết xăng …": a verb right after a quantity noun modifies it, and reports nothing
        verbs = cues.reporting_verb.finditer(left) if reports and not cues.reporting_words.absent(left) else []
        reported = [m for m in verbs if not cues.verb_modified.search(left, 0, m.start())]
        if reported and (placed := self._found_quantity(left, reported)) is not None:
            verb = reported.pop()  # "Nhiệt độ cao nhất ghi nhận ngày 12/6 tại trạm …": how the quantity was found
            left = left[: verb.start()] if placed else left  # a time alone keeps it: "Vốn FDI thu hút năm 2024"
        if reported and self.trim.subject(left[reported[-1].end() :]):  # not "Vốn FDI thu hút năm 2024"
            left = left[reported[-1].end() :].strip()
        elif reported and self._only_reports(left, reported[-1]):
            return ""  # "Sở Y tế cho biết khoảng 95% số trẻ em …": who says the figure names none of it
        owned = list(cues.owned_quantity.finditer(left))
        if owned:  # "Dự án có tổng vốn đầu tư khoảng 2.000 tỷ đồng": the quantity the subject has
            return left[owned[-1].end() :]
        return self._achieved(left)

    def _found_quantity(self, left: str, verbs: list[regex.Match[str]]) -> bool | None:
        """Whether the last verb has a quantity before it and only a time or a place after it: it tells when or where
        the quantity was found ("Mực nước cao nhất ghi nhận lúc 7h tại trạm Kim Sơn") and takes no object. None if
        not; else whether a place follows (the verb is then no part of the label, as the place is not)."""
        verb = verbs[-1]
        start = verbs[-2].end() if len(verbs) > 1 else 0
        before = self.trim.strip_openers(left[start : verb.start()].strip(" ,"))
        return self._when_and_where(left, verb.end()) if self.cues.quantity_like.match(before) else None

    def _when_and_where(self, left: str, start: int) -> bool | None:
        """Whether `left` from `start` holds only times (with their glue words: "trong", "vào") and then a place
        (True), or times alone (False); None when anything else stands there, or nothing."""
        places = self.cues.time_place
        at, timed = start, False
        while (at := skip_blanks(left, at, len(left))) < len(left):
            if left[at] == ",":
                at += 1
                continue
            time = places.period_scan.match(left, at) or places.relative_time.match(left, at)
            time = time or places.clock_time.match(left, at)
            if time:
                at, timed = time.end(), True
                continue
            if self.cues.place_preposition.match(left, at):
                return True
            word = left[at:].split(maxsplit=1)[0]
            if word.lower() not in places.period_glue:
                return None
            at += len(word)
        return False if timed else None

    def _result_verb(self, connective: regex.Match[str]) -> bool:
        """Whether a connective of result is a verb whose object the figure right after it is ("khiến 40% …"), not
        an adverb after the subject ("Lợi nhuận gộp vì thế đạt …")."""
        return " ".join(connective.group().lower().split()) in self.cues.lib.labels.result_verbs

    def _whole_place_has(self, left: str, predicate: str | None) -> bool:
        """"…, toàn tỉnh có 18.426 thí sinh": the whole of a place has what is counted; no segment before names it."""
        return predicate in self.cues.lib.labels.existential and " ".join(left.lower().split()) in self.cues.whole_place

    def _only_reports(self, left: str, verb: regex.Match[str]) -> bool:
        """Whether the left context ends with a verb of saying ("cho biết"), not one that takes an object, or with
        one and the place its report is of ("Kết quả rà soát cho thấy Cà Mau còn 6.312 hộ nghèo")."""
        said = " ".join(verb.group().lower().split())
        if said not in self.cues.lib.labels.reporting_verbs:
            return False
        reported = left[verb.end() :].strip()
        return not reported or bool(self.place_name(reported))

    def _named_quantity(self, left: str, start: int) -> str:
        """The quantity after the last existential verb past `start` when it names what is measured by itself
        ("… có mưa to với lượng mưa"); a bare quantity noun ("là điểm sáng với kim ngạch …") or one a general
        measure heads ("vẫn giữ vai trò chủ lực với giá trị sản xuất") is the subject's: ""."""
        owned = list(self.cues.owned_quantity.finditer(left, start))
        if not owned:
            return ""
        quantity = left[owned[-1].end() :].strip()
        words = quantity.lower().split()
        general = any(" ".join(words[:n]) in self.cues.generic_measures for n in (1, 2))
        return "" if general or " ".join(words) in self.cues.bare_quantities else quantity

    def _achieved(self, left: str) -> str:
        """"Công ty X đạt doanh thu …", "Tập đoàn Y báo lãi …": an agent, its verb, then the quantity it
        achieved; "Tổng công ty Z lỗ …", "Khối ngoại bán ròng …": an agent, then a verb that names the figure."""
        cues = self.cues
        if cues.ends.achieved_keys.isdisjoint(left.lower().split()):
            return left  # none of their words: no scan
        if cues.quantity_head.match(left) and not cues.organisation.match(left):
            return left  # "Số tiền lãi …", "Tỷ lệ hộ đạt …": the subject is the quantity itself
        if achieved := list(cues.achieved_quantity.finditer(left)):
            if self.trim.priced(left):
                return left  # "Thịt bò giữ giá": a bare price is part of the verb, the goods name the figure
            return left[achieved[-1].end() :]
        if (verb := cues.figure_verb.search(left)) and verb.start() > 0:
            return verb["w"]
        return left

    def _names_an_item(self, text: str, at: int, cue: int, mention: Mention, before: Before) -> bool:
        """Whether a verb of causing that opens the segment ("làm") is the head of a list item's name: a noun phrase,
        not a figure, a state caused or a change, follows it, and a count before has the same unit."""
        if mention.kind != "count" or before.last_kind != "count" or mention.unit not in before.units:
            return False
        if not self.cues.causing_head.fullmatch(text, text.rfind(" ", 0, at) + 1, at):
            return False
        return not self.cues.caused_next.match(text, at, cue, HOLD_GIL)

    def _inside_noun_phrase(self, left: str, tail: str, predicate: str | None) -> bool:
        """A figure right after an owner marker ("Tỷ lệ lấp đầy của 8 cụm …") or, with no verb between, an
        extent marker ("tổng số khán giả sau 8 vòng đạt …"; not "Giá gạo tuần qua tăng 8 USD/tấn")."""
        cues = self.cues
        if predicate is None:
            return tail in cues.inner_keys and bool(cues.inner_tail.search(left))
        return tail in cues.owner_keys and bool(cues.owner_tail.search(left))

    def _owned_quantity_after(self, text: str, counted_end: int, cue: int) -> regex.Match[str] | None:
        """"612 cơ sở lưu trú trên địa bàn có công suất phòng bình quân đạt 78%": after the counted noun phrase, a
        quantity its members have opens the subject of the figure that follows."""
        owned = [*self.cues.owned_quantity.finditer(text, counted_end, cue)]
        return owned[-1] if owned else None

    def _owner_of(self, text: str, left_start: int, before: Before) -> str:
        """"Tỷ lệ lấp đầy của 8 cụm công nghiệp đạt 71,5%": the figure before stands inside the subject,
        after a possessive; the subject is what comes before that ("Tỷ lệ lấp đầy"), also after a frame's verb."""
        last_start = before.last_start
        if last_start is None or last_start <= left_start:
            return ""
        owner = self.cues.inner_tail.search(text, left_start, last_start)
        if not owner:
            return ""
        # "…, giúp tổng sản lượng điện của 3 nhà máy đạt …": the subject the frame's verb moves
        stretch = text[left_start : owner.start()]
        lead = left_start + len(stretch) - len(stretch.lstrip())
        head = self.cues.frame_head.match(text, left_start, owner.start())
        head = head or self.cues.result_connective.match(text, lead, owner.start())
        return self.trim.subject(text[head.end() if head else left_start : owner.start()])

    def _head_before_aside(
        self, text: str, sentence_start: int, left_start: int, left: str, predicate: str | None
    ) -> str:
        """"Số bài thi bị điểm liệt (từ 1,0 điểm trở xuống) là 34 bài", "Số doanh nghiệp lớn (trên 300 lao động) đang
        hoạt động tại Bình Dương là …": the clause opens after a bracket inside the subject, right before the predicate
        or before words that go on with the subject; its head before the bracket names the figure."""
        if left_start <= sentence_start or text[left_start - 1] != ")" or predicate not in self.cues.linking:
            return ""
        if left.strip() and not self.cues.aside_continuation.match(left):
            return ""
        return self._subject_before_aside(text, sentence_start, left_start - 1)

    def _subject_before_aside(self, text: str, sentence_start: int, close: int) -> str:
        """The phrase before the bracket that closes at `close`, when the bracket holds the figures before (or an aside
        too long to hide) and no figure stands before it: "Số bài thi bị điểm liệt (từ 1,0 điểm trở xuống)"."""
        opening = text.rfind("(", sentence_start, close)
        if opening <= sentence_start or text.find(")", opening, close) >= 0:
            return ""
        start = clause_start(text, sentence_start, opening)
        if STANDALONE_NUMBER.search(text, start, opening, HOLD_GIL):
            return ""
        head = text[start:opening].strip()
        if start > sentence_start and text[start - 1] == ",":  # "Dư nợ cho vay nông nghiệp, nông thôn (…) …"
            return self.segments.joined(text, sentence_start, start, head)
        return head

    def _bracket_topic(self, text: str, sentence_start: int, paren: int, before: Before) -> str:
        """"tập trung ở Đống Đa (512 ca), Hoàng Mai (468 ca)", "là sự cố điện (chiếm 54,4%)": the noun
        phrase right before a bracket that holds only the figure names it. Not a bracket that restates
        the figure before it ("tăng 320 tỷ đồng (+4,1%)", "1.562/1.568 thôn, tổ dân phố (99,6%)")."""
        if before.counted_end is not None and not text[before.counted_end : paren].strip():
            return ""
        if before.last_kind == "percent" and self._restates_change(text, paren) and _share_base_only(
            text, before.last_end, paren
        ):
            return ""  # "đạt tỷ lệ bao phủ 93,1% dân số (tăng 0,9 điểm phần trăm)": the share's whole, then its change
        start = max(sentence_start, paren - LOOKBACK, before.last_end or 0)
        segment = hide_acronyms(text[start:paren])
        if last := last_break(segment):
            segment = segment[last.end() :]
        if boundary := self.cues.aside_boundary.search(segment):
            rest = segment[boundary.end() :]
            # "Số vụ tai nạn giảm mạnh (giảm 18 vụ …)": after a verb of change and its adverb, what changed
            adverb_only = rest.strip() and " ".join(rest.lower().split()) in self.cues.ends.change_adverb_words
            segment = segment[: boundary.start()] if adverb_only else rest
        if not segment.strip():
            return ""
        return self.trim.subject(segment) or self.place_name(segment)  # "Khánh Hòa (860 dự án)": a place's own figure

    def _restates_change(self, text: str, paren: int) -> bool:
        """Whether the bracket opening at `paren` tells a change: a sign or a verb of change first ("(+4,1%)", "(tăng
        0,9 điểm phần trăm)")."""
        inside = skip_blanks(text, paren + 1, len(text))
        return text[inside : inside + 1] in _SIGNS or bool(self.cues.change_verb.match(text, inside))

    def segment_subject(self, segment: str) -> str:
        """The subject of a whole comma segment before the figure's: "Giá cà phê cũng tăng mạnh, lên
        120.000 đồng/kg", "Nhật Bản vẫn là nhà đầu tư lớn nhất, chiếm 38% …"."""
        return self._own_stretch(self._peel(segment)[0]) if segment else segment

    def _previous_segment(self, text: str, sentence_start: int, comma: int, last_end: int | None) -> str:
        """The comma segment before position `comma`, unless it holds a figure or a circumstance, or
        continues the clause of an earlier figure ("xếp thứ 21/63 tỉnh, thành phố trong cả nước, tăng …")."""
        sentence_start = max(sentence_start, comma - LOOKBACK)
        last = last_break(hide_acronyms(text[sentence_start:comma]))
        segment_start = sentence_start + (last.end() if last else 0)
        # a figure inside it, or one before it in its clause, leaves it no subject of its own (most segments a
        # figure's subject is looked for in: tested first); other digits name a thing ("vàng 9999") or a date
        if last_end is not None and (last_end > segment_start or not HARD_BREAK.search(text, last_end, segment_start)):
            return ""
        segment = text[segment_start:comma].strip()
        return "" if self.cues.circumstance.match(segment, 0, None, HOLD_GIL) else segment

    @staticmethod
    def _after_colon(text: str, sentence_start: int, left_start: int, mention: Mention) -> bool:
        """Whether the figure's clause opens right after a colon (a rank's place is its own subject)."""
        return mention.kind != "rank" and left_start > sentence_start and text[left_start - 1] == ":"

    def _colon_topic(self, text: str, sentence_start: int, cue: int) -> str:
        """"Nhóm đạt điểm từ 65% trở lên: Có 2 đơn vị": the topic before the colon is the subject."""
        start = max(sentence_start, cue - LOOKBACK)
        if text.find(":", start, cue) < 0:
            return ""  # no colon at all: most clauses, told without a copy and a scan
        segment = hide_acronyms(text[start:cue])
        last = last_break(segment)
        if not last or last.group() != ":":
            return ""
        before = segment[: last.start()]
        hard = last_hard_break(before)
        return before[hard.end() :] if hard else before

    def _peel_phrase(self, left: str) -> tuple[str, str | None, str | None, str | None]:
        """Shed the predicate, qualifiers, adverbs and measure nouns from the right of a subject; with what is
        left, its last token (`tail_key`)."""
        cues = self.cues
        predicate = measure = None
        measure_last = False  # the word peeled last was a measure noun
        verb_opened = False  # an aspect or estimate word opens the verb ("… đã tăng", "… ước đạt"): no verb before
        qualifier_verb = None  # a qualifier that is the verb ("vượt"), the predicate when no other is peeled
        for _ in range(6):
            stripped = left.rstrip()
            key = tail_key(stripped)
            if key not in cues.ends.peel_keys or _ends_with_name(stripped):
                break  # "… tại Cao Bằng", "… ở Hòa Bình": a name's last word is no verb ("bằng", "bình")
            was_measure, measure_last = measure_last, False
            predicate_tail = cues.ends.predicate_tails.get(key)  # None: no predicate ends with this token
            if key in cues.ends.bound_keys and cues.ends.bound_tail.search(stripped):
                break  # "từ 15 tuổi trở lên": the bound belongs to the subject, its "lên" is no verb
            if key in cues.ends.compound_keys and (compound := cues.ends.peel_compound.search(stripped)):
                measure_noun = cues.ends.measure_tail.search(stripped) if key in cues.ends.measure_keys else None
                if not (measure_noun and measure_noun.start() < compound.start()):
                    break  # "dịp cao điểm", "lúa chất lượng cao": a word that only ends like a measure noun or verb
                # "giá khởi điểm": a measure noun holding the compound, peeled as one below
            if key in cues.ends.change_adverb_keys and (m := cues.ends.change_adverb_tail.search(stripped)):
                left = stripped[: m.start()]  # "giảm mạnh": the verb is peeled next
            elif key in cues.ends.estimate_adverb_keys and (m := cues.ends.estimate_adverb_tail.search(stripped)):
                left = stripped[: m.start()]  # "ước tính ban đầu": the estimate word is peeled next
            elif (
                (qualifier_tail := cues.ends.qualifier_tails.get(key))
                and (m := qualifier_tail.search(stripped))
                and not _holds_longer(predicate_tail, stripped, m.start())
            ):
                if predicate_tail and (verb := predicate_tail.search(stripped)) and verb.start() == m.start():
                    # "Doanh số có thể vượt 40.000 xe": a qualifier that is the verb itself
                    word = verb["w"].lower()
                    qualifier_verb = qualifier_verb or (word if word in cues.verb_qualifiers else None)
                left = stripped[: m.start()]
            elif verb_opened and predicate_tail and predicate_tail.search(stripped):
                break  # "thứ hạng tăng trưởng đã tăng": "tăng trưởng" names the subject here
            elif (
                predicate_tail
                and (m := predicate_tail.search(stripped))
                and not (key in cues.ends.measure_keys and self._inside_measure(stripped, m.start()))
            ):
                predicate = predicate or m["w"].lower()
                left = stripped[: m.start()]
                verb_opened = m["w"].split()[0].lower() in cues.ends.estimate_keys  # "… ước đạt"
            elif predicate is None and key in cues.ends.measure_keys and (m := cues.ends.measure_tail.search(stripped)):
                noun = stripped[m.start() :].strip()
                # "mật độ dân số": measure nouns in a row make one measure
                measure = f"{noun} {measure}" if measure and was_measure else measure or noun
                left, measure_last = stripped[: m.start()], True
            elif key in cues.ends.adverb_keys and (m := cues.ends.adverb_tail.search(stripped)):
                left = stripped[: m.start()]
                verb_opened = verb_opened or (predicate is not None and m["w"].lower() in cues.ends.aspect_keys)
            else:
                break
        left = left.strip()
        return left, predicate or qualifier_verb, measure, tail_key(left)

    def _inside_measure(self, left: str, verb_start: int) -> bool:
        """"tổng chiều dài": the verb "dài" ends a measure noun that starts before it."""
        found = self.cues.ends.measure_tail.search(left)
        return found is not None and found.start() < verb_start


def _ends_with_name(stripped: str) -> bool:
    """Whether the last two words of a left context are capitalised: the end of a name, never a predicate."""
    words = stripped.rsplit(maxsplit=2)[-2:]
    return len(words) == 2 and words[0][:1].isupper() and words[1][:1].isupper()


def _holds_longer(tail: regex.Pattern[str] | None, stripped: str, start: int) -> bool:
    """Whether a predicate that starts before `start` ends `stripped`: "thấp hơn", not the qualifier "hơn"."""
    return tail is not None and (m := tail.search(stripped)) is not None and m.start() < start


_SHARE_BASE_WORDS = 4  # "93,1% dân số", "68% tổng số hộ nghèo": the whole a share is of, a few words


def _share_base_only(text: str, percent_end: int | None, paren: int) -> bool:
    """Whether only a percent's short whole stands between it and a bracket."""
    if percent_end is None:
        return False
    gap = text[percent_end:paren]
    return "," not in gap and ";" not in gap and len(gap.split()) <= _SHARE_BASE_WORDS
