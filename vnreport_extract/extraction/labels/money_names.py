"""How a sum of money is named when a label read before it names who paid, sold or priced it.

Input: a label or subject read before a sum, and the figure before it in the sentence. Output: the words that name
the sum instead (the money noun a payer's verb takes, the goods a price is of, the price noun itself), or None where
the label stands.
"""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.extraction.labels.subject import Before, Subject
from vnreport_extract.extraction.labels.trim import LabelTrimmer
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.library import BACKWARD, WORD_END, WORD_START, PatternLibrary, alternation, phrase_keys


class MoneyNames:
    """The money readings of one pattern library."""

    def __init__(self, library: PatternLibrary, cues: LabelCues, trimmer: LabelTrimmer) -> None:
        self.lib, self.cues, self.trim = library, cues, trimmer

    def renamed(self, label: str) -> str:
        """A sum's label without who paid it ("Đội tuyển bắn súng nhận tiền thưởng" -> "tiền thưởng") or the sale
        of what is priced ("Phòng hạng tiêu chuẩn được chào bán" -> "Phòng hạng tiêu chuẩn")."""
        label = self._paid_object(label) or label
        return self._goods_offered(label) or label

    def price_name(self, subject: Subject) -> str:
        """The name of a price joined to its subject by `priced_with` ("… bán lợn với giá 20.000 đồng/kg": the
        price; "Thanh long được thu mua với giá …": the goods)."""
        return self._goods_sold(subject.text) or _price_noun(str(subject.predicate))

    def price_apart(self, text: str, mention: Mention, subject: Subject, before: Before) -> str | None:
        """"…, quãng đường khoảng 8 km, có giá 185.000 đồng": a price in a comma segment of its own after another
        figure, no subject before its "có giá", is named by the price noun (not "bộ vàng nặng 1 lượng có giá …")."""
        if subject.text or subject.predicate not in self.lib.labels.priced_by or before.last_end is None:
            return None
        return _price_noun(subject.predicate) if text.find(",", before.last_end, mention.start) >= 0 else None

    def purpose(self, text: str, mention: Mention, label: str, end: int) -> str | None:
        """What a sum is set aside for, named after it, when the label read before it ends with the verb that
        allots it and names no quantity ("Thành phố đã chi 1.460 tỷ đồng cho sự nghiệp môi trường": not "chi")."""
        if not self.allotting_end.search(label) or self.cues.quantity_like.match(label) or self.fund_first.match(label):
            return None  # "Ngân sách tỉnh bố trí …", "mức hỗ trợ …": the fund or the quantity names it
        found = self.allotted_to.match(text, mention.end, end)
        return (self.trim.subject(found["to"]) or None) if found else None

    @cached_property
    def allotting_end(self) -> regex.Pattern[str]:
        """A verb that allots a sum ending a label (use `.search`: it runs backwards from the end)."""
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.labels.allotting_verbs)})\Z", BACKWARD)

    @cached_property
    def fund_first(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.lib.labels.source_funds)}){WORD_END}", regex.I)

    @cached_property
    def allotted_to(self) -> regex.Pattern[str]:
        to = alternation(self.lib.labels.allotted_to)
        return compile_pattern(rf"\s+(?:{to})\s+(?P<to>\p{{L}}[^,;.:()\n]{{1,80}}?)\s*(?=[,;.:()\n]|\Z)", regex.I)

    @cached_property
    def priced_with(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.priced_with)

    def _paid_object(self, label: str) -> str | None:
        """The money noun a named payer or payee's verb takes, when a label runs from the name to it."""
        if self.cues.quantity_like.match(label):
            return None  # "Tổng thu ngân sách …": a quantity, not a payer
        found = self.money_object.fullmatch(label)
        return found["object"] if found else None

    @cached_property
    def money_object(self) -> regex.Pattern[str]:
        labels = self.lib.labels
        verbs = alternation(labels.money_object_verbs)
        compounds = alternation(labels.money_verb_not_after)  # "giấy chứng nhận đăng ký đầu tư": no verb of paying
        # a name of two words at least ("Hộ nhận tiền nhiều nhất": the household, a common noun, names the figure)
        return compile_pattern(
            rf"\p{{Lu}}\S*\s.*?(?<!{WORD_START}(?:{compounds}))\s(?:{verbs})\s+(?P<object>\p{{Ll}}\S*(?:\s+\p{{Ll}}\S*){{0,5}})"
        )

    def _goods_sold(self, subject: str) -> str | None:
        """The goods a subject before "với giá" sells: what stands before a passive of selling or buying ("Thanh
        long được thương lái thu mua"), or before a verb of selling that ends it ("Sầu riêng Ri6 bán tại vườn")."""
        found = self.sold_passive.search(subject) or self.sold_by_subject.search(subject)
        if found is None:
            return None
        goods = subject[: found.start()].rsplit(",", 1)[-1]  # "Giá thanh long tăng, hiện được …": the clause's own
        return self.trim.subject(goods) or None

    def _goods_offered(self, label: str) -> str | None:
        """The goods a label names before the passive of selling that ends it, right before the price."""
        found = self.sold_passive.search(label)
        if found is None or found.end() != len(label):
            return None
        return self.trim.subject(label[: found.start()]) or None

    @cached_property
    def sold_passive(self) -> regex.Pattern[str]:
        labels = self.lib.labels
        leads, passive = alternation(labels.passive_leads), alternation(labels.passive_markers)
        return compile_pattern(
            rf"(?:\s+(?:{leads}))*\s+(?:{passive})\s+(?:[^\s,;]+\s+){{0,5}}?(?:{alternation(labels.sold_verbs)}){WORD_END}",
            regex.I,
        )

    @cached_property
    def sold_by_subject(self) -> regex.Pattern[str]:
        labels = self.lib.labels
        verbs, places = alternation(labels.goods_sold_verbs), alternation(labels.sold_places)
        return compile_pattern(
            rf"(?:\s+(?:{alternation(labels.passive_leads)}))*\s+(?:{verbs})(?:\s+(?:{places})\s+[^,;]+)?\s*\Z", regex.I
        )


def _price_noun(predicate: str) -> str:
    """The price noun a price predicate ends with: "giá" of "với giá", "mức giá" of "có mức giá"."""
    return predicate.split(maxsplit=1)[1]
