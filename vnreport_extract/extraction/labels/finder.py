"""Choosing a figure's label among the readings: its subject, the noun phrase after it, its measure
noun, or the label of the figure before it in the sentence."""

from __future__ import annotations

from functools import cached_property, lru_cache

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.frozen import frozen
from vnreport_extract.extraction.labels.before_figure import WordsBeforeFigure
from vnreport_extract.extraction.labels.check import LabelCheck
from vnreport_extract.extraction.labels.clauses import LOOKBACK, clause_start, skip_blanks
from vnreport_extract.extraction.labels.count_label import CountLabeller
from vnreport_extract.extraction.labels.counted import NounPhraseReader, stand_in
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.extraction.labels.money_names import MoneyNames
from vnreport_extract.extraction.labels.rank_words import placed_name
from vnreport_extract.extraction.labels.respective import RespectiveReader
from vnreport_extract.extraction.labels.subject import Before, Subject, SubjectReader
from vnreport_extract.extraction.labels.trim import LabelTrimmer
from vnreport_extract.extraction.mentions import RESTATED, Mention
from vnreport_extract.library import (
    WORD_END,
    WORD_START,
    PatternLibrary,
    alternation,
    head_key,
    head_keys,
    phrase_keys,
    tail_key,
    words_before_figure,
    words_regex,
)

_NEAR = 40  # characters before a figure where the word it is the object of stands
_ANAPHOR_HEAD_WORDS = 3  # "tỷ lệ này", "lượng khách này": a short noun with the word that points back
_LEAD_WORDS = 4  # words of a time or place before the comma after which a sentence's subject opens
_LABELS_KEPT = 4096  # labels whose opening word was tested, remembered
_PLACING_WORDS = 4  # words that place a ranked name ("vẫn tiếp tục đứng ở vị trí" is longer than most)
_RANKED_AMOUNTS = frozenset({"count", "percent", "money", "measure"})  # what a rank may give its name "với"
_QUALIFIER_REACH = 12  # characters between a named quantity and its figure: "khoảng", "hơn", "gần" and blanks


@frozen
class LabelSentence:
    """What a sentence holds that each of its figures would test alike (`LabelFinder.sentence`)."""

    respective: bool  # a word that says "respectively" stands somewhere in it
    list_item: tuple[int, str] | None  # where the list marker it opens with stands, and the marker


class LabelFinder:
    """The label rules of one pattern library."""

    def __init__(self, library: PatternLibrary, locations: list[str]) -> None:
        self.lib = library
        self.cues = LabelCues(library, locations)
        # a pure function of the label, and labels repeat down a sentence and a report
        self._opens_with_agent_verb = lru_cache(maxsize=_LABELS_KEPT)(self._agent_verb_opens)

    @cached_property
    def trim(self) -> LabelTrimmer:
        return LabelTrimmer(self.cues)

    @cached_property
    def subjects(self) -> SubjectReader:
        return SubjectReader(self.cues, self.trim)

    @cached_property
    def nouns(self) -> NounPhraseReader:
        return NounPhraseReader(self.cues, self.trim)

    @cached_property
    def counts(self) -> CountLabeller:
        return CountLabeller(self.lib, self.cues, self.check, self.nouns, self.trim)

    @cached_property
    def money(self) -> MoneyNames:
        return MoneyNames(self.lib, self.cues, self.trim)

    @cached_property
    def respective(self) -> RespectiveReader:
        return RespectiveReader(self.cues, self.trim, self.subjects)

    @cached_property
    def before_figure(self) -> WordsBeforeFigure:
        return WordsBeforeFigure(self.lib)

    @cached_property
    def check(self) -> LabelCheck:
        return LabelCheck(self.cues)

    def sentence(self, text: str, sentence: tuple[int, int]) -> LabelSentence:
        """What a sentence holds that each of its figures would test alike, read once for all of them."""
        start, end = sentence
        while start < end and text[start].isspace():
            start += 1
        item = None
        if text.startswith(self.list_markers, start):  # most sentences are no list item: one test for every marker
            item = (start, next(m for m in self.list_markers if text.startswith(m, start)))
        return LabelSentence(self.respective.may_hold(text, sentence), item)

    def label(
        self, text: str, sentence: tuple[int, int], mention: Mention, before: Before | None = None,
        cues: LabelSentence | None = None,
    ) -> str | None:
        """The label of `mention` that passes the check, else the label before it (checked too)."""
        before = before or Before()
        cues = cues or self.sentence(text, sentence)
        if cues.respective:
            respective = self.check.clean(self.respective.label(text, sentence, mention, before), mention)
            if respective and not self._names_more_than_unit(text, sentence, mention) and not (
                any(respective == label for _, label in before.labelled) and self._side_after(text, sentence, mention)
            ):
                return respective
        if cues.list_item and (item := self.check.clean(self._list_item(text, cues.list_item, mention), mention)):
            return item
        if mention.kind == "percent" and (share := self._coordinated_share(text, mention, before)):
            return share
        if before.last_kind == "rank":
            cue = mention.cue_start if mention.cue_start is not None else mention.number_start
            placed = self.subjects.placed_by_rank(text, sentence[0], before, cue)  # "thứ hai là Bắc Ninh với …"
            if ranked := (placed.text if placed else None) or self._ranked_name(text, sentence, mention, before):
                return ranked
        near = max(sentence[0], mention.number_start - _NEAR)
        key = tail_key(text, near, mention.number_start)  # the words right before the figure end with it
        if naming := self.before_figure.naming_predicate(text, sentence, mention, before, near, key):
            return naming
        if before.label and self.before_figure.compared_level(text, near, mention, key):
            return self.check.clean(before.label, mention)  # "cải thiện so với mức 38,5%": what it was, the same
        # "…đạt 93%; có 8,2 bác sĩ/10.000 dân": a figure reads its own clause before the label of another
        own = before if self._same_clause(text, mention, before) else before.unlabelled()
        chosen = self.check.clean(self._choose(text, sentence, mention, own), mention)
        if chosen and self._opens_with_agent_verb(chosen):  # a verb at the start, not inside a noun
            chosen = self._opening_topic(self.rank_topic_opener, text, sentence, mention) or chosen
        if chosen and chosen.rsplit(maxsplit=1)[-1].lower() in self.cues.anaphor_keys:
            chosen = self._antecedent(text, sentence, mention, chosen, before) or chosen
        if mention.kind == "money" and chosen:
            chosen = self.money.renamed(chosen)  # "Đội tuyển nhận tiền thưởng 1,5 tỷ đồng": the reward, not who got it
            chosen = self.money.purpose(text, mention, chosen, sentence[1]) or chosen  # "chi … cho sự nghiệp …"
        return chosen or self.check.clean(before.label, mention)

    def _ranking(self, text: str, mention: Mention, end: int) -> str | None:
        """The ranking named right after a rank or a change of places ("xếp thứ 31 trên bảng xếp hạng FIDE")."""
        found = self.cues.ranks.ranking.match(text, mention.context_end or mention.end, end, HOLD_GIL)
        if found is None:
            return None
        return " ".join((found["ranking"] or found["short"]).split()).rstrip(".")  # not a full stop after it

    def names_a_plan(self, label: str | None) -> bool:
        """Whether a label names a plan ("kế hoạch năm", "dự toán"): the figure it labels is what others are
        measured against, and a figure after it does not take its name."""
        return bool(label) and head_key(label) in self.plan_heads and bool(self.cues.plan_opening.match(label))

    def counts_a_source(self, text: str, mention: Mention, before: Before) -> bool:
        """"đạt 1.450 căn từ 5 dự án, gấp 2,3 lần quý trước": a count joined to the figure right before it by a
        preposition of source says where that figure came from; a figure after it is still of the one before."""
        last_end, counted_end = before.last_end, before.counted_end
        if last_end is not None and counted_end is not None:
            last_end = max(last_end, counted_end)  # past the noun phrase the figure before counts
        return mention.kind == "count" and last_end is not None and bool(
            self.source_link.fullmatch(text, last_end, mention.start, HOLD_GIL)
        )

    def frames_a_clause(self, segment: str) -> bool:
        """Whether a comma segment frames the clause after it: a time ("Trong quý"), a circumstance, a topic or an
        opener ("Ở chiều ngược lại" is one too)."""
        cues = self.cues
        opens = cues.time_place.period_scan.match(segment) or cues.opener.match(segment)
        return bool(opens) or self.subjects.segments.frames(segment)

    def after_bracket(self, text: str, mention: Mention, inside: Before, outside: Before) -> Before:
        """What comes before a figure after a bracket that held figures. It goes on with what the figures before the
        bracket measure ("3.450 tỷ đồng vốn đầu tư công (trong đó vốn ngân sách 1.920 tỷ đồng), đạt 91,2%"), unless
        the bracket stands inside a subject: a predicate follows it ("bậc 6 (từ 401 kWh trở lên) là 3.412 đồng/kWh")."""
        close = text.rfind(")", inside.last_end or 0, mention.start)
        if not outside.label or close < 0:
            return inside
        if self.cues.aside_continuation.match(text, close + 1) or self.linking_after.match(text, close + 1):
            return inside
        return inside.resumed(outside)

    @cached_property
    def linking_after(self) -> regex.Pattern[str]:
        """A linking predicate, after blanks."""
        return compile_pattern(rf"\s*(?:{alternation(sorted(self.cues.linking))}){WORD_END}", regex.I)

    @cached_property
    def source_link(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s+(?:{alternation(self.lib.labels.source_count_links)})\s+", regex.I)

    @cached_property
    def plan_heads(self) -> frozenset[str]:
        return head_keys(self.lib.references.plan_nouns)

    def _coordinated_share(self, text: str, mention: Mention, before: Before) -> str | None:
        """"Trung Quốc chiếm 58% giá trị xuất khẩu xoài và 71% thanh long": a percent joined by "và" to the percent
        before it, past that one's base, is a share of the same subject when the subject named the one before (not
        when its base did: "huy động 33% trẻ nhà trẻ và 97% trẻ mẫu giáo")."""
        if before.last_kind != "percent" or before.last_end is None or not before.label:
            return None
        gap = self.share_gap.fullmatch(text, before.last_end, mention.start)
        if gap is None or " ".join(gap["base"].lower().split()).startswith(before.label.lower()):
            return None
        return before.label

    def _moved(self, text: str, mention: Mention) -> str | None:
        """What a change names between its verb and "thêm" ("nâng công suất thêm"), unless a preposition opens it and
        the noun after the figure names it ("bổ sung cho vùng khô hạn thêm 60 triệu m3 nước")."""
        words = text[slice(*mention.moved)].split()
        if not words or words[0].lower() in self.cues.moved_non_openers:
            return None
        return self.check.clean(self.trim.subject(" ".join(words)), mention)

    def _ranked_name(self, text: str, sentence: tuple[int, int], mention: Mention, before: Before) -> str | None:
        """"Về thị phần, Grab dẫn đầu với 47%, ShopeeFood đứng thứ hai với 38%": the figure a rank gives its name
        ("với") is that name's, though the rank itself is labelled by the field the sentence opens with."""
        if mention.kind not in _RANKED_AMOUNTS or before.last_start is None or before.label is None:
            return None
        if not self.counts.joined_to_last(text, mention, before):
            return None
        if mention.kind == "count" and not self.counts.only_unit(text, mention, sentence[1]):
            return None  # "xếp thứ nhất toàn đoàn với 19 huy chương vàng": what is counted names it
        field = before.label_for(mention.unit)
        if field and not self.ranked_name.fullmatch(field):
            return None  # "A dẫn đầu với điểm trung bình 5,97 điểm; B xếp thứ hai với 5,89 điểm": the list's field
        start = skip_blanks(text, clause_start(text, sentence[0], before.last_start), before.last_start)
        names = [*self.ranked_name.finditer(text, start, before.last_start)]
        if not names:
            return None
        # the name right before the words that place it ("…, B đứng thứ hai với 41.800 tấn và huyện D đứng thứ ba"),
        # else the clause's subject ("Hải Phòng khép lại V-League 2024/25 ở vị trí thứ 5 với 38 điểm")
        if self.placing_rest.fullmatch(text, names[-1].end(), before.last_start):
            name = names[-1].group()
        elif names[0].start() == start:
            name = names[0].group()
        else:
            return None
        name = " ".join(name.split())
        # the rank's own label may be the fuller name: "Đài Loan (Trung Quốc) đứng thứ hai với 5 dự án"
        return before.label if before.label.startswith(name) else name

    @cached_property
    def ranked_name(self) -> regex.Pattern[str]:
        """A capitalised name, maybe after the word for the unit it is ("huyện Quỳnh Lưu", "đoàn Hà Nội")."""
        units = alternation([*self.cues.time_place.place_units, *self.lib.labels.team_words])
        name = r"\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)*"
        return compile_pattern(rf"{WORD_START}(?:(?:{units})\s+)?(?-i:{name}){WORD_END}", regex.I)

    @cached_property
    def placing_rest(self) -> regex.Pattern[str]:
        """The few lower-case words between a ranked name and its rank ("đứng", "tiếp tục xếp")."""
        return compile_pattern(rf"(?:\s+(?-i:\p{{Ll}}+)){{1,{_PLACING_WORDS}}}\s*")

    @cached_property
    def share_gap(self) -> regex.Pattern[str]:
        joiners = alternation(self.lib.change.amount_joiners)
        qualifiers = alternation(list(self.lib.qualifiers.before))
        return compile_pattern(
            rf"\s+(?P<base>[^\d.;:()%]{{1,40}}?)\s+(?:{joiners})\s+(?:(?:{qualifiers})\s+)?", regex.I
        )

    def _side_after(self, text: str, sentence: tuple[int, int], mention: Mention) -> bool:
        """"…, trị giá 4,63 tỷ USD, tăng lần lượt 2,1% về lượng và 16,8% về kim ngạch": a change on a side, paired
        by "lần lượt" with the figures before it, is named by its side as it is without "lần lượt" (the caller
        asks only where the pairing gave it an earlier figure's label)."""
        start = skip_blanks(text, mention.end, sentence[1])
        about = self.cues.object_preposition.match(text, start, sentence[1])
        return bool(about and self.cues.dimension_noun.match(text, about.end(), sentence[1]))

    def _previous_in_unit(self, mention: Mention, before: Before) -> str | None:
        """"xảy ra 11 vụ cháy rừng với diện tích thiệt hại 27,6 ha, tăng 4 vụ": a change in a counted unit is of
        the last figure before in that unit, not of the figure right before it (a percent or a change-only unit
        is left to the figure before)."""
        if mention.kind != "change" or not mention.unit or mention.unit == "%" or mention.unit in self._change_units:
            return None
        return before.label_for(mention.unit)

    @cached_property
    def _change_units(self) -> frozenset[str]:
        return frozenset(self.lib.change.units)

    def guessed_share(self, text: str, sentence: tuple[int, int], mention: Mention, label: str | None) -> bool:
        """Whether a percent is labelled by the whole it is a share of, written right after it ("chiếm
        92% số ngày quan trắc"), while words that may be its subject stand before it in its clause and no
        preposition or "có" names the whole as the figure ("cho 70% số hộ", "có 95% số hộ"): the share
        is the subject's, and the subject was not read, so the label is a guess (right 0 of 5 on
        bench/unseen read by versions not tuned on it; none on seeds+dev)."""
        if mention.kind != "percent" or not label or not self.cues.share_base.match(label):
            return False
        if text.find(label, mention.end, mention.end + len(label) + 4) < 0:
            return False
        if self.share_base_name.search(text, max(sentence[0], mention.number_start - _NEAR), mention.number_start):
            return False
        return bool(text[clause_start(text, sentence[0], mention.number_start) : mention.number_start].strip())

    @cached_property
    def share_base_name(self) -> regex.Pattern[str]:
        return words_before_figure(self.lib.labels.share_base_names, self.lib.qualifiers.before)

    def _antecedent(
        self, text: str, sentence: tuple[int, int], mention: Mention, label: str, before: Before
    ) -> str | None:
        """"…, đến nay tỷ lệ này đạt 88%": what the noun phrase "tỷ lệ này" points back to: the same head
        named earlier in the sentence, else the last figure's label, else the quantity the sentence opens
        with. None when there is none (a word pointing back inside a longer phrase points at no figure)."""
        found = self.cues.anaphor.search(label)
        head = label[: found.start()].strip().lower() if found else ""
        if not head or len(head.split()) > _ANAPHOR_HEAD_WORDS:
            return None  # "tổng số xã đạt tiêu chí này": the word points back inside the phrase, not at it
        start, end = sentence
        window = text[start : mention.start].lower()
        stop = window.rfind(" ".join(label.lower().split()))
        stop = stop if stop >= 0 else len(window)  # what opens the sentence has no antecedent before it
        at = window.find(head, 0, stop)
        if at < 0 or at == stop:  # the head is named only in the anaphor
            if before.label and not self.cues.anaphor.search(before.label):
                return before.label
            first = self.cues.quantity_noun.search(text, start, start + stop)
            lead = text[start : first.start()].strip() if first else ""
            opens = first is not None and (not lead or (lead.endswith(",") and len(lead.split()) <= _LEAD_WORDS))
            at = first.start() - start if opens else -1  # the quantity that opens the sentence ("Năm 2023, …")
        if at < 0:
            return None
        phrase = self.nouns.after(text, stand_in(start + at), end)
        if not phrase or self.cues.anaphor.search(phrase) or len(phrase.split()) <= len(head.split()):
            return None
        return phrase

    def _names_more_than_unit(self, text: str, sentence: tuple[int, int], mention: Mention) -> bool:
        """"A và B lần lượt giành 62 và 41 huy chương vàng": a count whose noun phrase says more than its
        unit is labelled by it, not by its owner."""
        if mention.kind != "count" or mention.noun_start is None:
            return False
        after = self.nouns.after(text, mention, sentence[1])
        if not after:
            return False
        return self.counts.names_a_kind(after) or " ".join(after.lower().split()) != (mention.unit or "").lower()

    def _opening_topic(
        self, opener: regex.Pattern[str], text: str, sentence: tuple[int, int], mention: Mention, alone: bool = False
    ) -> str | None:
        """The noun phrase of an opener ("Về X, …", "Trong số X, …") that starts the sentence, when the figure
        stands in its first clause (`alone`: right after the comma, with at most a qualifier before it)."""
        start = skip_blanks(text, sentence[0], mention.number_start)
        found = opener.match(text, start, mention.number_start, HOLD_GIL)
        if found is None or self.cues.clause_end.search(text, found.end(), mention.number_start):
            return None
        gap = " ".join(text[found.end() : mention.number_start].lower().split())
        if alone and gap and gap not in self.lib.qualifiers.before:
            return None  # "Trong số X, khoảng 40% …" still stands right after the comma
        return self.trim.subject(found["topic"]) or None

    def _agent_verb_opens(self, label: str) -> bool:
        return bool(self.agent_verb_opening.match(label))

    @cached_property
    def agent_verb_opening(self) -> regex.Pattern[str]:
        """A label that opens with an agent's verb ("thu", "bàn giao cho các nhà thầu") names what was done, not
        what is measured: "Về chi trả dịch vụ môi trường rừng, tỉnh thu được 58,6 tỷ đồng" is of the topic."""
        labels = self.lib.labels
        return words_regex([*labels.agent_verbs, *labels.agent_count_verbs])

    @cached_property
    def rank_topic_opener(self) -> regex.Pattern[str]:
        return self._opener(self.lib.labels.rank_topic_openers)

    @cached_property
    def share_whole_opener(self) -> regex.Pattern[str]:
        return self._opener(self.lib.labels.share_whole_openers)

    @staticmethod
    def _opener(words: list[str]) -> regex.Pattern[str]:
        counted = r"(?:\d[\d.,]*\s+)?"  # "Trong số 500 doanh nghiệp được khảo sát, 62% …": the whole may be counted
        return compile_pattern(rf"(?:{alternation(words)})\s+{counted}(?P<topic>[^,;:()\d]{{2,120}}?),\s*", regex.I)

    def _dimension(self, text: str, mention: Mention, end: int, changed: str) -> bool:
        """Whether the object of a change is a side after a preposition ("về số lượng", "về giá trị")."""
        if " ".join(changed.lower().split()) not in self.dimension_nouns:
            return False
        return bool(self.cues.object_preposition.match(text, skip_blanks(text, mention.end, end), end))

    def _side_of_previous(self, text: str, mention: Mention, end: int, changed: str, before: Before) -> bool:
        """Whether a change on a side follows a figure on another side that its subject labelled."""
        if before.last_end is None or not self._dimension(text, mention, end, changed):
            return False
        previous = (before.label or "").lower()
        if previous in self.dimension_nouns:
            return False
        side = self.cues.object_preposition.match(text, skip_blanks(text, before.last_end, end), end)
        return side is not None and text[side.end() : mention.start].lower().startswith(self.dimension_prefixes)

    @cached_property
    def dimension_prefixes(self) -> tuple[str, ...]:
        return tuple(self.dimension_nouns)

    @cached_property
    def dimension_nouns(self) -> frozenset[str]:
        return frozenset(noun.lower() for noun in self.lib.labels.dimension_nouns)

    def _list_item(self, text: str, item: tuple[int, str], mention: Mention) -> str | None:
        """"- Lĩnh vực đất đai: 21 cuộc, xử phạt 310 triệu đồng;": a list item's name before its colon
        labels every figure of the item, unless the item names a quantity before the figure ("- Xã A: tỷ
        lệ hộ nghèo 3,2%, giảm 0,5 điểm phần trăm") or a part of it ("…, trong đó sách địa chí 12.680 bản").
        `item`: where the sentence's list marker stands, and the marker."""
        start, marker = item
        cue = mention.cue_start if mention.cue_start is not None else mention.number_start
        colon = text.find(":", start, cue)
        if colon < 0:
            return None
        if self.quantity_word.search(text, colon + 1, cue):
            return None
        if self.breakdown_word.search(text, colon + 1, cue):
            return None  # "- Sách in: 341.500 bản, trong đó sách địa chí 12.680 bản": a part names its own figure
        return self.trim.subject(text[start + len(marker) : colon]) or None

    @cached_property
    def breakdown_word(self) -> regex.Pattern[str]:
        return words_regex(self.lib.labels.breakdown_openers)

    @cached_property
    def list_markers(self) -> tuple[str, ...]:
        return tuple(sorted(self.lib.clauses.list_items, key=len, reverse=True))

    @cached_property
    def quantity_word(self) -> regex.Pattern[str]:
        return words_regex([*self.lib.labels.measure_nouns, *self.lib.labels.quantity_heads])

    @staticmethod
    def _counts_a_noun(text: str, mention: Mention) -> bool:
        """"giảm 320 hộ nghèo" counts households; "tăng 500.000 đồng mỗi lượng" counts no noun."""
        unit = mention.unit or ""
        at = mention.noun_start
        return at is not None and bool(unit) and text[at : at + len(unit)].lower() == unit.lower()

    def _same_clause(self, text: str, mention: Mention, before: Before) -> bool:
        """Whether the last labelled figure stands in the mention's clause (no semicolon between)."""
        if not before.labelled:
            return True
        gap_start = before.labelled[-1][0]
        near = mention.start - gap_start <= LOOKBACK
        return near and not self.cues.clause_end.search(text, gap_start, mention.start, HOLD_GIL)

    def _choose(
        self,
        text: str,
        sentence: tuple[int, int],
        mention: Mention,
        before: Before,
    ) -> str | None:
        """A rank's topic, a change's subject or object, a count's noun phrase or subject, the
        measure noun, or the label of the figure before it."""
        cues = self.cues
        start, end = sentence
        subject = self.subjects.read(text, start, mention, before)
        previous = before.label
        if before.last_kind == "rank" and previous and self.subjects.place_name(previous):
            # "A dẫn đầu với điểm trung bình 5,97 điểm; B xếp thứ hai với 5,89 điểm": the field the list shares
            previous = before.label_for(mention.unit) or previous
        if mention.kind == "rank":
            field = self._opening_topic(self.rank_topic_opener, text, sentence, mention)
            # "…, điểm trung bình đứng thứ 5 cả nước": a measure noun alone before the rank's verb is its subject
            own = subject.text or subject.measure_noun
            placed = None if own else self.subjects.name_after_rank(text, start, (mention.start, mention.end), end)
            if placed:
                return placed_name(placed["name"])  # "Đứng thứ hai là Bắc Ninh với …": the name the copula places
            topic = self.nouns.rank_topic(text, mention, end) or self._ranking(text, mention, end)
            ranked = topic or field or own or previous
            return ranked or self.nouns.index_before(text, start, mention, end) or subject.place or None
        if mention.kind == "money" and subject.predicate in self.money.priced_with:
            return self.money.price_name(subject)  # "… bán lợn với giá 20.000 đồng/kg": the price
        if mention.kind == "money" and (price := self.money.price_apart(text, mention, subject, before)):
            return price  # "…, quãng đường 8 km, có giá 185.000 đồng": the price
        rate = None if subject.text else self._action_rate(text, sentence, mention, before)
        if rate:
            return rate  # "đã giải quyết 4.862 vụ việc, đạt tỷ lệ 96,8%": the rate of what was done
        measure = subject.measure_noun
        if measure and self.check.clean(measure, mention) is None:
            measure = None  # "gặt dứt điểm 12.400 ha lúa": "điểm" measures no area
        # "2 máy xạ trị có giá trị 86,5 tỷ đồng": the worth of what was counted is no count, and keeps its measure
        worth = mention.kind == "money" and before.last_kind == "count"
        if measure and measure.lower() in cues.generic_measures and not worth:
            measure = None if previous or subject.text else measure
        moved = mention.kind == "change" and mention.unit in self.lib.labels.ranking_change_units
        if moved and (ranking := self._ranking(text, mention, end)):
            return ranking  # "tăng 29 bậc trên bảng xếp hạng QS châu Á": the places moved on that ranking
        if mention.kind in ("change", "multiple"):
            if mention.moved and (moved := self._moved(text, mention)):
                return moved  # "tăng lượng rau củ dự trữ thêm 30%": what the verb moved by that much
            if mention.rule != RESTATED:  # "cắt giảm 10% chi thường xuyên, tương ứng 246 tỷ đồng": the same change
                previous = self._previous_in_unit(mention, before) or previous
            counted = self.nouns.after(text, mention, end) if self._counts_a_noun(text, mention) else None
            bare = counted is not None and counted.lower() == (mention.unit or "").lower()  # "vụ, việc" read as "vụ"
            if counted and not bare and counted.lower() not in subject.text.lower():
                return counted  # "tăng 1.200 doanh nghiệp thành lập mới"; "Số vụ cháy giảm 12 vụ" names it more fully
            changed = None
            # "Ngành điện lực giảm 1,2% tổn thất điện năng": an agent changes the quantity named after the figure
            agent = bool(subject.text) and not cues.quantity_like.match(subject.text)
            near = min(end, mention.end + _NEAR)
            if not subject.text or agent or cues.quantity_head_near.search(text, mention.end, near):
                changed = self.nouns.object_of_change(text, mention, end)
            if changed and subject.text and self._dimension(text, mention, end, changed):
                return subject.text  # "Giao dịch qua ví tăng 40% về số lượng": the subject, on one side
            if changed and subject.text and cues.quantity_head.match(changed):
                return changed  # "Ngành y tế phấn đấu giảm 3% số ca tử vong": the quantity that changes
            if changed and agent and not cues.time_noun.match(changed):
                return changed  # not "Cổ phiếu X giảm 3% phiên chiều nay": when, not what
            side_of_previous = changed and not subject.text and previous
            if side_of_previous and self._side_of_previous(text, mention, end, changed, before):
                return previous  # "… tăng 40% về số lượng và 25% về giá trị": the same subject, another side
            if measure and (agent or not subject.text):
                return measure  # "Công ty nâng công suất thêm 1,2 triệu tấn/năm": the measure the agent moved
            named = subject.text or changed or previous or measure  # "So với kế hoạch, năng suất vượt 1,2 tạ/ha"
            return named or counted or None  # "Thừa Thiên Huế giảm 4.195 hộ nghèo"
        if mention.reference:
            return measure or subject.text or previous or None
        if (forecast := self._forecast_share(text, mention, subject, end)) is not None:
            return forecast
        if previous and cues.plan_subject.fullmatch(subject.text, 0, None, HOLD_GIL):
            return previous
        if mention.kind in ("count", "ratio"):
            return self.counts.label(text, mention, subject, before, end)
        if measure:
            return measure
        unnamed = not (subject.text and cues.quantity_like.match(subject.text, 0, None, HOLD_GIL))
        if mention.kind == "money" and unnamed and (fund := self._source_fund(text, mention, end)):
            return fund  # "UBND tỉnh trích 5 tỷ đồng từ ngân sách dự phòng": the fund, not who took it
        alone = self._verb_alone(subject)
        linked = subject.predicate in cues.linking or (subject.standing and bool(subject.text))
        if linked and (amount := self._amount_of_agent(text, mention, subject, end)):
            return amount  # "Cảng biển Nghi Sơn đạt 41,5 triệu tấn hàng hóa": what the named subject reached
        if mention.kind in ("percent", "measure", "money") and (not linked or alone):
            after = self._after_amount(text, mention, end)
            whole = self._opening_topic(self.share_whole_opener, text, sentence, mention, alone=True)
            if whole and mention.kind == "percent" and not subject.text:
                return whole  # "Trong số các ca mắc, 62% là trẻ em": a share of the whole the sentence opens with
            # "… cho khoảng 70% số hộ": after a preposition the share is the object's, not the subject's
            near = max(start, mention.number_start - _NEAR)
            owned = subject.predicate not in self.lib.labels.existential
            owned = owned and not cues.stop_before_figure.search(text, near, mention.number_start)
            shared = owned and cues.share_base.match(after or "") and not alone
            named = self._quantity_right_before(text, mention, subject)
            if after and not named and not (subject.text and (cues.coverage.match(after) or shared)):
                return after
        if mention.kind == "rate" and not subject.text and (same_unit := before.label_for(mention.unit)):
            return same_unit
        return subject.text or previous or self._after_amount(text, mention, end) or subject.place or None

    def _amount_of_agent(self, text: str, mention: Mention, subject: Subject, end: int) -> str | None:
        """The noun phrase after a measure or sum whose subject is who or what reached it, not a quantity."""
        if mention.kind not in ("measure", "money") or subject.predicate not in self.reaching or subject.standing:
            return None
        if not self._names_agent(subject):
            return None  # "Sản lượng tiêu thụ đạt 1,08 triệu tấn xi măng": the subject is the quantity
        after = self._after_amount(text, mention, end)
        if after is None or self.cues.time_noun.match(after) or after.split(maxsplit=1)[0].lower() in self.not_reached:
            return None  # "… đạt 4,6-4,8 m vào chiều tối nay": no noun phrase
        return after

    def _names_agent(self, subject: Subject) -> bool:
        """Whether the subject names who or what acts, not a quantity ("Cảng biển Nghi Sơn", not "Sản lượng")."""
        return bool(subject.text) and not self.cues.quantity_like.match(subject.text, 0, None, HOLD_GIL)

    @cached_property
    def reaching(self) -> frozenset[str]:
        return frozenset(self.lib.labels.reaching_verbs)

    @cached_property
    def not_reached(self) -> frozenset[str]:
        return frozenset(self.lib.labels.reached_not_first)

    def _forecast_share(self, text: str, mention: Mention, subject: Subject, end: int) -> str | None:
        """"Nhà trường dự kiến hơn 95% học sinh sẽ trúng tuyển": a share an agent forecasts is of the whole
        written after it, not of the agent."""
        if mention.kind != "percent" or subject.predicate not in self.forecasts or not self._names_agent(subject):
            return None  # not "Doanh thu dự kiến tăng 5%": the subject is the quantity
        whole = self._after_amount(text, mention, end)
        at = text.find(whole, mention.end, end) if whole else -1
        # the share and its whole are the subject of a clause of their own ("… sẽ trúng tuyển"), not a ratio
        # the agent's figure is given as ("nợ Chính phủ ước khoảng 33,2% GDP")
        return whole if at >= 0 and self.clause_verb_next.match(text, at + len(whole), end) else None

    @cached_property
    def forecasts(self) -> frozenset[str]:
        return frozenset(self.lib.labels.forecast_predicates)

    @cached_property
    def clause_verb_next(self) -> regex.Pattern[str]:
        labels = self.lib.labels
        verbs = alternation([*labels.passive_leads, *labels.passive_markers])
        # a time or a few words may come first: "40% sản lượng vải thiều thu mua năm nay sẽ được xuất khẩu"
        return compile_pattern(rf"(?:\s+[^\s\d,.;:()]+){{0,3}}?\s+(?:{verbs}){WORD_END}", regex.I)

    def _verb_alone(self, subject: Subject) -> bool:
        """A subject that is only a verb of handling or holding ("…, sở hữu 81,6% số cổ phần", "phấn đấu giải
        quyết đạt trên 90% tổng số vụ"): nothing holds the share, the whole after it names it."""
        return " ".join(subject.text.lower().split()) in self.verbs_alone

    @cached_property
    def verbs_alone(self) -> frozenset[str]:
        labels = self.lib.labels
        return phrase_keys([*labels.handling_verbs, *labels.holding_verbs])

    def _quantity_right_before(self, text: str, mention: Mention, subject: Subject) -> bool:
        """"Số tiền thiệt hại 5,3 tỷ đồng các bị cáo phải bồi thường": a quantity named right before its amount, no
        verb between, is what the amount is, whatever noun phrase follows it (not so for a percent and its whole)."""
        if mention.kind not in ("money", "measure") or subject.predicate is not None:
            return False
        if not self.cues.amount_name.match(subject.text, 0, None, HOLD_GIL):
            return False
        reach = max(0, mention.number_start - len(subject.text) - _QUALIFIER_REACH)
        return text.find(subject.text, reach, mention.number_start) >= 0

    def _after_amount(self, text: str, mention: Mention, end: int) -> str | None:
        """The noun phrase after a figure, but not the words after an amount per unit that say which unit
        ("60 triệu đồng/căn xây mới", "60.000 đồng/người lớn"), unless they name money ("tiền vận chuyển")."""
        after = self.nouns.after(text, mention, end)
        per_unit = mention.kind in ("measure", "money") and "/" in (mention.unit or "")
        return None if per_unit and after and not self.cues.amount_opening.match(after) else after

    def _source_fund(self, text: str, mention: Mention, end: int) -> str | None:
        """The fund an amount is taken from, named right after it: "14,5 tỷ đồng từ ngân sách dự phòng"."""
        found = self.cues.source_fund.match(text, mention.end, end)
        return self.nouns.after(text, stand_in(found.end()), end) if found else None

    def _action_rate(self, text: str, sentence: tuple[int, int], mention: Mention, before: Before) -> str | None:
        """The measure noun of "…, đạt tỷ lệ 96,8%" when the figure before, in its clause, is a count an action
        produced ("đã giải quyết 4.862 vụ việc"), not one that says what there is ("có 433.703 thuê bao")."""
        last_start, last_end = before.last_start, before.last_end
        if mention.kind != "percent" or before.last_kind != "count" or last_start is None or last_end is None:
            return None
        rate = self.cues.action_rate.search(text, max(sentence[0], mention.number_start - _NEAR), mention.number_start)
        if rate is None or self.cues.clause_end.search(text, last_end, mention.number_start):
            return None
        if self.cues.stock_verb.search(text, max(sentence[0], last_start - _NEAR), last_start):
            return None
        if rate.group().startswith(",") and _opens_clause(text, sentence[0], before.label, last_start):
            return None  # "Án dân sự thụ lý 8.937 vụ, giải quyết 8.051 vụ, tỷ lệ 90,1%": of what opens the clause
        return rate["m"]


def _opens_clause(text: str, start: int, label: str | None, before: int) -> bool:
    """Whether `label` is written first in its clause (after the sentence's start or a semicolon), before `before`."""
    at = text.rfind(label, start, before) if label else -1
    if at < 0:
        return False
    clause_start = max(start, text.rfind(";", start, at) + 1)
    return not text[clause_start:at].strip()
