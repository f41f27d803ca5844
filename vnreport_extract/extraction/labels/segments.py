"""Whether a subject after a comma goes on from the segments before it: "Tổng kim ngạch xuất, nhập khẩu hàng hóa …",
"nông, lâm nghiệp và thủy sản …", "Tổng số thu bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp …", or names the
head of a list after a preposition ("Tổng doanh thu từ bán vé, dịch vụ ăn uống, lưu trú và gian hàng")."""

from __future__ import annotations

from functools import cached_property, lru_cache

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.labels.clauses import (
    DIGIT,
    LOOKBACK,
    STANDALONE_NUMBER,
    hide_acronyms,
    last_break,
    last_hard_break,
)
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.extraction.labels.trim import LabelTrimmer
from vnreport_extract.library import WORD_END, alternation

# A subject after a comma joins the segment before it when it is short, or when that segment is a
# cut-off first half of a pair ("nông, lâm nghiệp và thủy sản") or opens with a quantity noun
# ("Giá trị góp vốn, mua cổ phần ...").
_SHORT_SUBJECT_WORDS = 3
_TRUNCATED_WORDS = 2
_HALVED_WORDS = 3  # words of a head before a comma whose last half a coordinated list goes on with
_HALVES_WORDS = 5  # words of that list after the comma ("lâm nghiệp và thủy sản")
_JOINED_SUBJECT_WORDS = 10
_MORE_HALVES = 3
_LIST_ITEMS = 4  # comma segments a subject's list of items may run back over to the quantity it is of
_LIST_ITEM_WORDS = 6  # words of one item of that list ("nhiệm vụ chuyển giao công nghệ")
_PLURAL_REACH = 6  # last words of a segment where "các", "những" open the plural noun a list goes on
_READINGS_KEPT = 4096  # segments whose reading is remembered: a sentence's figures share them


class SegmentJoiner:
    """The comma-segment rules of one pattern library."""

    def __init__(self, cues: LabelCues, trimmer: LabelTrimmer) -> None:
        self.cues = cues
        self.trim = trimmer
        # pure functions of the phrase, asked again for every figure of a clause
        self._undated_words = lru_cache(maxsize=_READINGS_KEPT)(self._words_without_periods)
        self._continues = lru_cache(maxsize=_READINGS_KEPT)(self._goes_on)

    def joined(self, text: str, sentence_start: int, cue: int, left: str) -> str:
        """A short subject after a comma may continue the segment before it: "Tổng kim ngạch xuất,
        nhập khẩu hàng hóa ...", "nông, lâm nghiệp và thủy sản ..."."""
        cues = self.cues
        left_words = self._undated_words(left)
        if left_words > _JOINED_SUBJECT_WORDS or cues.new_clause_word.match(left):
            return left  # "…, cao nhất kể từ đầu năm, còn cá tra đạt …": a connector opens a subject of its own
        if cues.time_place.period_scan.match(left):
            return left  # "Theo báo cáo của Sở …, năm 2025 ngành du lịch chiếm …": a clause opening with its time
        segment = hide_acronyms(text[max(sentence_start, cue - LOOKBACK) : cue])  # "(theo giá so sánh)"
        comma = last_break(segment)
        if not comma or comma.group() != ",":
            return left
        before = segment[: comma.start()]
        if head := self._list_owner(before, left):
            return head
        hard = last_break(before)
        previous = (before[hard.end() :] if hard else before).strip()
        if dated := cues.time_place.period_scan.match(previous):
            previous = previous[dated.end() :].strip()  # "năm 2024 doanh thu bưu chính, viễn thông …": when, then what
        if not self.frames(previous):  # "nếu đạt mức này, doanh thu …": a condition, not the quantity's verb
            previous = self._moved_quantity(previous)
        if not self._continues(previous, left_words, left):
            return self._quantity_list(before, left) or left
        if cues.change_verb.search(previous) and not cues.anaphor.search(left):
            return left  # "giá rau xanh tăng mạnh sau mưa lũ, cải ngọt lên …": a clause with its own verb of change
        joined = f"{previous}, {left}"
        # "nông, lâm, thủy sản": a cut-off half continues the segment before it in turn
        for _ in range(_MORE_HALVES):
            if len(previous.split()) > _TRUNCATED_WORDS or not hard or hard.group() != ",":
                break
            before = before[: hard.start()]
            hard = last_break(before)
            previous = (before[hard.end() :] if hard else before).strip()
            if not (self._continues(previous, 0, "") and cues.quantity_head.match(previous)):
                break  # "Giá trị sản xuất nông, lâm, …", not "Xét theo khu vực, nông, lâm …"
            joined = f"{previous}, {joined}"
        return joined

    def _moved_quantity(self, segment: str) -> str:
        """"nâng tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ lên 32%": the quantity a verb of an agent moves or
        achieves opens the segment's part of a subject the comma goes on with; the verb and who moves it do not."""
        cues = self.cues
        verbs = not cues.ends.achieved_keys.isdisjoint(segment.lower().split())  # most segments hold none
        if verbs and (moved := [*cues.achieved_quantity.finditer(segment)]):
            segment = segment[moved[-1].end() :]
        # "… lên 75% và tỷ lệ có bằng cấp, chứng chỉ lên 33%": a quantity joined after a figure opens its own subject
        if DIGIT.search(segment) and (joined := [*self.quantity_after_figure.finditer(segment)]):
            segment = segment[joined[-1].end() :]
        return segment

    @cached_property
    def quantity_after_figure(self) -> regex.Pattern[str]:
        """A figure, a coordinator, then a quantity noun (which follows): "lên 75% và (tỷ lệ …)"."""
        lab = self.cues.lib.labels
        joiners, heads = alternation(lab.coordinators), alternation(lab.quantity_heads)
        return compile_pattern(rf"\d[^\d,]*?\s(?:{joiners})\s+(?=(?:{heads}){WORD_END})", regex.I)

    def _quantity_list(self, before: str, left: str) -> str:
        """"Tổng số thu bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp ước đạt …": comma segments of plain noun
        phrases (no figure, no verb) that run back to one opening with a quantity noun are the items that quantity is
        of, and the subject runs from it; "" where none opens so within a few segments or the whole is too long."""
        cues = self.cues
        if self._undated_words(left) > _LIST_ITEM_WORDS or not self._plain_item(left):
            return ""  # "…, số tiền chậm đóng là …": a quantity of its own; "…, Hà Nội …": a place's own figure
        items = [left]
        rest = before
        for _ in range(_LIST_ITEMS):
            hard = last_break(rest)
            segment = (rest[hard.end() :] if hard else rest).strip()
            if not segment or STANDALONE_NUMBER.search(segment) or self.cues.clause_verb.search(segment):
                return ""
            if cues.breakdown.match(segment) or cues.circumstance.match(segment) or cues.opener.match(segment):
                return ""  # "Tổng thu, trong đó thuế, phí …": a part is no item of the whole's list
            items.insert(0, segment)
            if cues.quantity_opening.match(segment, 0, None, HOLD_GIL):
                words = sum(len(item.split()) for item in items[:-1]) + self._undated_words(left)
                return ", ".join(items) if words <= cues.lib.labels.max_syllables else ""
            if hard is None or hard.group() != "," or len(segment.split()) > _LIST_ITEM_WORDS:
                return ""
            if not self._plain_item(segment):
                return ""  # "…, xuất khẩu, kim ngạch nhập khẩu, …": a quantity of its own opens no item
            rest = rest[: hard.start()]
        return ""

    def _plain_item(self, item: str) -> bool:
        """Whether a comma segment may be an item of a quantity's list: not a quantity of its own ("số tiền chậm
        đóng"), nor a place ("Hà Nội")."""
        cues = self.cues
        return not cues.quantity_opening.match(item, 0, None, HOLD_GIL) and not cues.time_place.place_name(item)

    def _words_without_periods(self, subject: str) -> int:
        """How many words a subject has besides the periods it names, up to what was done to it."""
        cues = self.cues
        undated = subject if self.trim.period_words.absent(subject) else cues.time_place.period_scan.sub(" ", subject)
        done_to = cues.noun_phrase.passive.search(undated)  # "…, liên thôn được cứng hóa": what was done to it
        return len(undated[: done_to.start()].split() if done_to else undated.split())

    def _list_owner(self, before: str, left: str) -> str:
        """"Tổng doanh thu từ bán vé, dịch vụ ăn uống, lưu trú và gian hàng": when the segments before a short
        subject, or one that ends a list ("… và gian hàng"), run back to a preposition whose object is that list,
        the head before the preposition names the figure; the items it runs over do not."""
        cues, lists = self.cues, self.cues.lists
        if cues.quantity_opening.match(left, 0, None, HOLD_GIL):
            return ""  # "…cho nhà máy chế biến, công suất đạt …": a quantity opens a subject of its own
        coordinated = not lists.coordinator_words.absent(left) and lists.coordination_word.search(left)
        if not _names_listed(before, left) and not coordinated and (
            len(left.split()) > _SHORT_SUBJECT_WORDS or self.cues.time_place.place_name(left)
        ):
            return ""  # a subject of its own after a comma ("…, Hương Khê lên tới 41,6 độ C"), not the end of a list
        hard = last_hard_break(before)
        stretch = f"{before[hard.end() :] if hard else before}, {left}"
        if lists.list_preposition_words.absent(stretch, 0, stretch.rfind(",")):
            return ""  # no preposition before the last comma, which a list after one needs: told without a scan
        found = lists.list_object.search(stretch)
        if not found or STANDALONE_NUMBER.search(stretch, found.start()):
            return ""
        if cues.noun_phrase.passive.search(stretch, found.end("prep")):
            return ""  # "Tỷ lệ rác ở khu đô thị được phân loại, tái chế": a list of what is done, not of the object
        head = found["head"]
        if cues.circumstance.match(stretch, found.start("head")) or lists.preposition_opening.match(head):
            return ""  # "Theo báo cáo của Sở, …", "đối với chỉ số của các sở, ban, ngành": a frame, no subject
        if cues.noun_phrase.kept_phrase.search(stretch, 0, found.end("prep")):
            return ""  # "nhà ở", "dành cho": no preposition
        return head

    def _goes_on(self, previous: str, left_words: int, left: str) -> bool:
        """Whether the comma segment `previous` is the first part of a subject `left` of `left_words` words."""
        cues = self.cues
        if not previous or (cues.opener.match(previous) and not cues.opener.sub("", previous).strip()):
            return False
        if self.frames(previous):
            return False
        # "thu từ … của các tổ chức, cá nhân và nhà cung cấp nước ngoài": the list goes on after the comma
        enumerated = bool(left) and self._enumerates(previous, left)
        # "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến": a long quantity whose last words
        # are a list goes on after the comma, as long as the whole fits a label
        words = len(previous.split())
        quantity = cues.quantity_head.match(previous)
        listed = quantity and words + left_words <= cues.lib.labels.max_syllables
        if STANDALONE_NUMBER.search(previous) or (words > 10 and not (enumerated or listed)):
            return False  # a number of its own; a name with digits ("giống ST24, ST25") continues
        # "Khu vực nông, lâm nghiệp và thủy sản": a short head whose last half a list after the comma goes on with
        halves = words <= _HALVED_WORDS and left_words <= _HALVES_WORDS and previous.split()[-1].islower()
        halves = halves and bool(left) and cues.lists.coordination_word.search(left) is not None
        truncated = words <= _TRUNCATED_WORDS or quantity or halves
        plural = not cues.lists.plural_keys.isdisjoint(previous.lower().split()[-_PLURAL_REACH:])
        if words > _TRUNCATED_WORDS and not plural and cues.quantity_opening.match(left):
            return False  # "… thu hoạch xong lúa Đông Xuân, năng suất ước đạt …": a quantity opens its own subject
        return left_words <= _SHORT_SUBJECT_WORDS or bool(truncated) or enumerated

    def frames(self, segment: str) -> bool:
        """Whether a comma segment frames the subject after it: a circumstance ("Nếu đạt mức này,"), a topic heading
        ("Về xuất nhập khẩu, kim ngạch …") or a comparison ("So với tuần trước, giá vàng …"), not part of it."""
        cues = self.cues
        circumstance = cues.circumstance.match(segment) and not cues.breakdown.match(segment)  # not "trong đó"
        return bool(circumstance or cues.object_preposition.match(segment) or cues.frame_head.match(segment))

    def _enumerates(self, previous: str, left: str) -> bool:
        """Whether `previous` ends with a plural noun ("của các tổ chức") whose list `left` ends ("cá nhân và …")."""
        cues = self.cues
        tail = previous.lower().split()[-_PLURAL_REACH:]
        return not cues.lists.plural_keys.isdisjoint(tail) and cues.lists.coordination_word.search(left) is not None


def _names_listed(before: str, left: str) -> bool:
    """Whether a name ends the segment before the comma and another opens the subject after it: "Giá cà phê tại Gia
    Lai, Lâm Đồng …" goes on with a list of names."""
    last = before.rsplit(maxsplit=1)[-1] if before.strip() else ""
    return left[:1].isupper() and last[:1].isupper() and last[-1:].isalpha()
