"""Which reading names a count (or a ratio): its subject, the noun phrase after it, the part of a list it
opens, who handled what it counts, or the label of the figure before it."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.labels.check import LabelCheck
from vnreport_extract.extraction.labels.counted import NounPhraseReader
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.extraction.labels.subject import Before, Subject
from vnreport_extract.extraction.labels.trim import LabelTrimmer
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.library import PatternLibrary, alternation, phrase_keys, words_before_figure, words_regex

_NAME_WORDS = 4  # words of a name that labels one item of a list of names
_NEAR = 40  # characters before a count where the verb of occurrence it follows stands


class CountLabeller:
    """The count rules of one pattern library, over the readers the label finder holds."""

    def __init__(
        self, library: PatternLibrary, cues: LabelCues, check: LabelCheck, nouns: NounPhraseReader, trim: LabelTrimmer
    ) -> None:
        self.lib, self.cues, self.check, self.nouns, self.trim = library, cues, check, nouns, trim

    def label(self, text: str, mention: Mention, subject: Subject, before: Before, end: int) -> str | None:
        """The label of a count: a subject that names it, a measure noun, the item a list gives it, who handled what
        it counts, the noun phrase after it, or the label of the figure before it."""
        cues, existential = self.cues, self.lib.labels.existential
        if shared := self._shared_measure(text, mention, before):
            return shared  # "với sức chứa 15.000 ô tô và 40.000 xe máy": both are of the capacity
        after = self.nouns.after(text, mention, end)
        if after and self._kind_named(after):
            return after  # "Đoàn Hà Nội dẫn đầu với 86 huy chương vàng": the medals by their kind, not the team
        one_word_names = subject.standing or self._leads(text, mention, subject, end)
        named = subject.text if len(subject.text.split()) > 1 or one_word_names else ""
        named = "" if subject.located else named  # "Tại khu vực miền núi còn 214 phòng học tạm": where, not what
        if (served := self._before_serving(named)) is not None:
            # "Riêng khu du lịch … đón hơn 21.000 lượt khách": the people counted name it; "sân Thanh Hóa đón 16.200
            # người": with only a one-noun unit after ("người", not "lượt khách"), the venue does
            named = served if self._bare(after, mention.unit) and not self.names_a_kind(after) else ""
        if (subject.predicate in cues.linking or subject.standing) and named and not subject.aside:
            return named  # the noun phrase after the figure is not read
        previous = before.label
        if subject.aside and subject.text and (after is None or after.lower() == (mention.unit or "")):
            return subject.text  # "Đống Đa (512 ca)": the name before the bracket, not the bare unit
        if subject.predicate in cues.linking and named:
            return named
        if subject.measure_noun and subject.measure_noun.lower() not in cues.generic_measures:
            return subject.measure_noun  # "có quy mô 1.200 lô đất", "với sức chứa 2.000 học sinh": the measure
        bare = self._bare(after, mention.unit)
        if bare and subject.predicate in existential and named and not subject.located:
            # "Đội tuyển kết thúc giải với 12 huy chương vàng": what the event came with, not the event
            return after if after and self._event_with(subject) else named
        if bare and subject.predicate in existential and subject.place and (mention.unit or "") in before.units:
            return subject.place  # "…, TP Hồ Chí Minh có 298 biển": one of a list of places that have them
        # "trong đó khách quốc tế 350 nghìn lượt": the part named right before it. A capitalised
        # name there ("trong đó Bưu điện tỉnh 31.862 hộ") says who, not what was counted.
        # "…, học sinh trung học cơ sở 9.500 em": a list item names its own subject, never the bare unit
        # "học sinh tiểu học 12.000 em, …, học sinh THCS 9.500 em"; "khám 312.000 lượt người bệnh, điều trị
        # nội trú 41.800 lượt": the same counted noun, or its head
        if bare and (record := self._record_holder(subject, previous)):
            return record  # "Hòa Bình FC thắng 11 trận, hòa 8 trận, ghi 33 bàn": the club's record
        unit = mention.unit or ""
        list_item = unit in before.units or any(u.startswith(f"{unit} ") for u in before.units if unit)
        part = (subject.breakdown or list_item) and self._names_item(named)
        if bare and (event := self._occurred(text, mention, subject)):
            return event  # "Tai nạn giao thông xảy ra 236 vụ": what occurred, not the bare unit
        if bare and not subject.predicate and (part or cues.quantity_head.match(named)):
            return named
        if bare and previous and self._level_after_change(text, mention, before):
            return previous  # "số hộ nghèo giảm 8,2%, còn 4.120 hộ": the level of what changed
        only_unit = bare and not self.names_a_kind(after)  # not "huy chương vàng" ("huy chương" of one kind)
        if only_unit and before.last_kind == "rank" and previous and self.joined_to_last(text, mention, before):
            return previous  # "Hãng B đứng thứ 2 với 4.200 xe": the cars of what was ranked
        # "…, trong khi năm 2023 là 900 nghìn lượt": no subject of its own, the same unit: the same figure
        shares = not subject.predicate or (subject.predicate in cues.linking and not subject.text)
        same_unit = before.label_for(mention.unit)
        if bare and not subject.predicate and _named_siblings(subject.text, same_unit, unit):
            return subject.text  # "Đài Loan đạt 268.900 lượt; Nhật Bản 186.300 lượt": one of a list of names
        if bare and not subject.predicate and self.cues.time_place.place_name(subject.text):
            return subject.text  # "…; tiếp đến là Gia Lai 1.865 lượt": a place alone before its count names it
        if bare and shares and same_unit:
            return same_unit
        classifier = unit.lower() in self.classifier_units
        if bare and (collective := self._collective(named)):
            return collective  # "Vietnam Airlines khai thác đội bay 99 chiếc": the fleet, not the bare classifier
        if bare and (agent := self._count_agent(subject, classifier)):
            return agent  # "Hãng A bán ra 2.615 xe": who sold them, not the bare unit
        opens_item = bare and not subject.predicate and (classifier or self._item_alone(text, mention, named))
        if opens_item and self._names_item(named):
            return named  # "…; phẫu thuật 9.850 ca", "; tấm pin mặt trời 1,92 triệu tấm": the item's own phrase
        if bare and previous and before.last_kind == "percent" and self.joined_to_last(text, mention, before):
            return previous  # "Khách nội địa chiếm 82% tổng lượng khách với 1,46 triệu lượt": the share's count
        if bare and named and not subject.predicate and named.split(maxsplit=1)[0].lower() in self.distributives:
            return named  # "mỗi phòng 45 chỗ": what each holds, not the bare unit
        if after:
            return after
        return named or previous

    def _before_serving(self, named: str) -> str | None:
        """A subject that runs on into a verb of serving ("sân Thanh Hóa đón") without it, or None for any other (or
        one that is a quantity: "Lượt khách do các cơ sở lưu trú phục vụ")."""
        words = named.split()
        if len(words) < 2 or self.cues.quantity_like.match(named):
            return None
        for size in (2, 1):
            if len(words) > size and " ".join(words[-size:]).lower() in self.serving_verbs:
                if words[0].lower() in self.distributives:
                    return ""  # "mỗi mùa đón 300.000 lượt khách": each season is no venue
                kept = words[:-size]
                while len(kept) > 1 and kept[-1].lower() in self.aspect_words:
                    kept.pop()  # "sân bay đã phục vụ"
                return " ".join(kept)
        return None

    @cached_property
    def aspect_words(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.aspect_words)

    @cached_property
    def serving_verbs(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.serving_verbs)

    def names_a_kind(self, noun: str | None) -> bool:
        """"huy chương vàng": a counted noun of its own that names a kind of a shorter one ("huy chương")."""
        words = (noun or "").lower().split()
        return any(" ".join(words[:n]) in self.check.count_nouns for n in range(1, len(words)))

    def joined_to_last(self, text: str, mention: Mention, before: Before) -> bool:
        """Whether only a few words and a joiner stand between the figure before and the count: "đứng thứ 2 cả
        nước với 4.200 xe" (a rank's count), "chiếm 82% tổng lượng khách với 1,46 triệu lượt" (a share's)."""
        last_end = before.last_end
        return last_end is not None and bool(self.figure_joiner.fullmatch(text, last_end, mention.number_start))

    @cached_property
    def figure_joiner(self) -> regex.Pattern[str]:
        joiners = alternation(self.lib.labels.rank_count_joiners)
        qualifiers = alternation(list(self.lib.qualifiers.before))
        return compile_pattern(rf"\s+(?:\p{{L}}+\s+){{0,3}}?(?:{joiners})\s+(?:(?:{qualifiers})\s+)?", regex.I)

    def only_unit(self, text: str, mention: Mention, end: int) -> bool:
        """Whether a count is of its bare unit, not of a kind of it ("19 huy chương vàng")."""
        return not self.names_a_kind(mention.unit) and self._bare(self.nouns.after(text, mention, end), mention.unit)

    def _leads(self, text: str, mention: Mention, subject: Subject, end: int) -> bool:
        """"Toyota dẫn đầu với 7.200 xe": a one-word name ranked by a count of a bare unit names it."""
        if not subject.text or subject.predicate not in self.lib.labels.leading_predicates:
            return False
        return not self.names_a_kind(self.nouns.after(text, mention, end))

    def _level_after_change(self, text: str, mention: Mention, before: Before) -> bool:
        """Whether the count is the level the change just before it reached (a percent or the same unit)."""
        last_end = before.last_end
        if last_end is None or (before.unit not in ("%", None) and before.unit != mention.unit):
            return False
        return bool(self.cues.level_after_change.fullmatch(text, last_end, mention.number_start))

    def _event_with(self, subject: Subject) -> bool:
        """Whether a subject before "với" holds a verb of an event's course ("Hội chợ khai mạc")."""
        return subject.predicate in self.event_joiners and bool(self.event_verb.search(subject.text))

    @cached_property
    def event_joiners(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.event_joiners)

    @cached_property
    def event_verb(self) -> regex.Pattern[str]:
        return words_regex(self.lib.labels.event_verbs)

    @staticmethod
    def _item_alone(text: str, mention: Mention, named: str) -> bool:
        """Whether `named` opens with the counted noun and is all that stands between the semicolon or colon
        opening a list item and its figure ("; tấm pin mặt trời 1,92 triệu tấm")."""
        unit = (mention.unit or "").lower()
        if not unit or not f"{named.lower()} ".startswith(f"{unit} "):
            return False
        opening = max(text.rfind(";", 0, mention.number_start), text.rfind(":", 0, mention.number_start))
        return opening >= 0 and text[opening + 1 : mention.number_start].strip() == named

    @cached_property
    def distributives(self) -> frozenset[str]:
        return frozenset(word.lower() for word in self.lib.exclusions.distributives)

    def _bare(self, after: str | None, unit: str | None) -> bool:
        """Whether the noun phrase after a count is only its unit, maybe with words that say every kind of it
        ("xe các loại")."""
        if after is None:
            return True
        words, unit = " ".join(after.lower().split()), (unit or "").lower()
        return words == unit or (words.startswith(f"{unit} ") and words[len(unit) + 1 :] in self.every_kind)

    def _names_item(self, phrase: str) -> bool:
        """A list item's own phrase before a count of cases: not a name ("Bưu điện tỉnh") nor only a verb of
        handling them ("xử lý"; but "khởi tố hình sự 15 vụ" names the cases)."""
        return phrase[:1].islower() and not self.cues.handling_verb.fullmatch(phrase)

    def _kind_named(self, noun: str) -> bool:
        """"huy chương vàng", "giải nhất": a count told by the kind of what was won (`kind_named_counts`)."""
        words = noun.lower()
        return any(words.startswith(f"{head} ") for head in self.kind_named_heads) and self.names_a_kind(noun)

    @cached_property
    def kind_named_heads(self) -> tuple[str, ...]:
        return tuple(head.lower() for head in self.lib.labels.kind_named_counts)

    def _shared_measure(self, text: str, mention: Mention, before: Before) -> str | None:
        """The measure noun that names the count joined right before this one ("sức chứa 15.000 ô tô và 40.000 xe
        máy"), or None."""
        label, end = before.label, before.counted_end
        if not label or end is None or before.last_kind != "count" or label.lower() not in self.shared_measures:
            return None
        return label if self.list_join.fullmatch(text, end, mention.start, HOLD_GIL) else None

    @cached_property
    def shared_measures(self) -> frozenset[str]:
        generic = {word.lower() for word in self.lib.labels.generic_measures}
        return frozenset(word.lower() for word in self.lib.labels.measure_nouns if word.lower() not in generic)

    @cached_property
    def list_join(self) -> regex.Pattern[str]:
        """A comma or a coordinator between two counts, and a qualifier of the second ("… và hơn 12.000 xe máy")."""
        coordinators = alternation(self.lib.labels.coordinators)
        qualifiers = alternation(list(self.lib.qualifiers.before))
        return compile_pattern(rf"\s*(?:,|,?\s*(?:{coordinators}))\s+(?:(?:{qualifiers})\s+)?", regex.I)

    @cached_property
    def collective_tail(self) -> regex.Pattern[str]:
        heads = alternation(self.lib.labels.collective_heads)
        return compile_pattern(rf"(?<![\p{{L}}\p{{N}}_])(?:{heads})(?:\s+\p{{Ll}}+){{0,3}}$", regex.I)

    def _collective(self, named: str) -> str:
        """The collective noun phrase that ends a subject right before a count of classifiers, or ""."""
        found = self.collective_tail.search(named) if named else None
        return found.group() if found else ""

    @cached_property
    def classifier_units(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.classifier_units)

    @cached_property
    def every_kind(self) -> frozenset[str]:
        return frozenset(word.lower() for word in self.lib.labels.every_kind)

    def _count_agent(self, subject: Subject, classifier: bool) -> str:
        """The agent before a verb that handles what a count counts ("Đội tuyển nữ đã thi đấu"), when the
        subject reads no predicate and the agent is no quantity of its own ("Số xe bán ra")."""
        if subject.predicate or not subject.text:
            return ""
        verb = self.cues.count_agent_verb.search(subject.text) or (
            self.cues.case_agent_verb.search(subject.text) if classifier else None
        )
        agent = self._agent_before(subject.text, verb) if verb else None
        if not agent:
            return ""
        return "" if agent.split()[-1].lower() in self.offer_words else agent  # "mở bán": offered, not yet sold

    def _occurred(self, text: str, mention: Mention, subject: Subject) -> str:
        """What a verb of occurrence right before the count says occurred: its subject without the verb ("Số vụ cháy
        xảy ra 47 vụ" too), or "" where there is none, or only a place or a name stands there ("Toàn tỉnh xảy ra
        39 vụ", "Huyện Mường Lát xảy ra 5 vụ")."""
        if subject.predicate or not subject.text or not self.lib.labels.occurrence_verbs:
            return ""
        if not self.occurrence_before.search(text, max(0, mention.number_start - _NEAR), mention.number_start):
            return ""
        verb = self.cues.occurrence_verb.search(subject.text)
        event = self.trim.subject(subject.text[: verb.start()]) if verb else subject.text
        if self.cues.time_place.location.fullmatch(event) or all(word[:1].isupper() for word in event.split()):
            return ""  # "Huyện Mường Lát xảy ra 5 vụ": where, not what
        return event

    @cached_property
    def occurrence_before(self) -> regex.Pattern[str]:
        return words_before_figure(self.lib.labels.occurrence_verbs, self.lib.qualifiers.before)

    def _agent_before(self, subject: str, verb: regex.Match[str]) -> str | None:
        """The agent before `verb` in a subject: None where nothing stands there, "" where it names a quantity of
        its own ("Số xe bán ra")."""
        agent = self.trim.subject(subject[: verb.start()])
        if not agent:
            return None
        return "" if self.cues.quantity_head.match(agent) else agent

    def _record_holder(self, subject: Subject, previous: str | None) -> str:
        """The name before a verb of a team's record ("Hòa Bình FC thắng"), or for a later item of the record that
        leaves it out ("…, chỉ thua 3 trận"), the name the item before gave."""
        if subject.predicate or not subject.text:
            return ""
        verb = self.cues.record_verb.search(subject.text)
        if verb is None:
            return ""
        name = self._agent_before(subject.text, verb)
        if name is not None:
            return name
        return previous if previous and previous[:1].isupper() else ""

    @cached_property
    def offer_words(self) -> frozenset[str]:
        return frozenset(word.lower() for word in self.lib.labels.agent_count_offers)


def _named_siblings(name: str, sibling: str | None, unit: str) -> bool:
    """Whether a short capitalised name stands before a count whose sibling before, in the same unit, was named
    by a phrase that opens or ends with a capitalised name, or by nothing but the unit: items of a list of places
    or markets, each named by itself ("sang Nhật Bản 2.900 người, Hàn Quốc 1.100 người")."""
    if not (name and sibling and name[:1].isupper() and len(name.split()) <= _NAME_WORDS):
        return False
    return sibling[:1].isupper() or sibling.split()[-1][:1].isupper() or sibling.lower() == unit.lower()
