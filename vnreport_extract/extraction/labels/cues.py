"""The label rules' word patterns, compiled once from `patterns/labels.toml` and its neighbours."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.labels.lists import ListCues
from vnreport_extract.extraction.labels.noun_cues import NounPhraseCues
from vnreport_extract.extraction.labels.rank_words import RankCues
from vnreport_extract.extraction.labels.subject_ends import SubjectEnds, ending_with
from vnreport_extract.extraction.labels.time_place import TimePlaceCues
from vnreport_extract.extraction.mentions.mention import LEVEL_TIME_WORDS
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    Required,
    alternation,
    head_keys,
    next_words,
    not_after,
    phrase_keys,
    prefix_tree,
    tail_keys,
    words_before_figure,
)

_OWNER_SYLLABLES = 8  # syllables of an owner alone: "của Tổng công ty Điện lực miền Bắc"


class LabelCues:
    """Compiled cue words of one pattern library (each compiled on first use)."""

    def __init__(self, library: PatternLibrary, locations: list[str]) -> None:
        self.lib = library
        self.locations = locations
        self.time_place = TimePlaceCues(library, locations)
        self.lists = ListCues(library)
        self.ranks = RankCues(library)
        self.ends = SubjectEnds(library)
        self.noun_phrase = NounPhraseCues(library)

    @cached_property
    def linking(self) -> set[str]:
        """Predicates that link a subject to its figure ("đạt", "là"), not the existential "có"."""
        existential = set(self.lib.labels.existential)
        return {p for p in self.lib.labels.predicates if p not in existential}

    @cached_property
    def verb_qualifiers(self) -> frozenset[str]:
        """Qualifiers that are the verb after a subject ("Doanh số vượt 40.000 xe")."""
        return frozenset(word.lower() for word in self.lib.labels.verb_qualifiers)

    @cached_property
    def aside_continuation(self) -> regex.Pattern[str]:
        """A subject's words after a bracket inside it: "(trên 300 lao động) đang hoạt động tại …"."""
        return compile_pattern(rf"\s*(?:{alternation(self.lib.labels.aside_continuations)}){WORD_END}", regex.I)

    # ----- clause openers ---------------------------------------------------------------------
    @cached_property
    def quantity_head(self) -> regex.Pattern[str]:
        return self._no_organisation(next_words(self.lib.labels.quantity_heads))

    @cached_property
    def quantity_head_near(self) -> regex.Pattern[str]:
        """A quantity noun somewhere in a short stretch: "giảm từ 3% trở lên số ca …"."""
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.labels.quantity_heads)}){WORD_END}", regex.I)

    @cached_property
    def quantity_like(self) -> regex.Pattern[str]:
        """A subject that names a quantity ("Giá vàng", "Lượng khách", "Tỷ lệ …"), not an agent."""
        lab = self.lib.labels
        heads = [*lab.quantity_heads, *lab.measure_nouns, *lab.verb_modified_heads, *lab.index_nouns]
        return self._no_organisation(next_words(heads))

    @cached_property
    def whole_place(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.whole_place_subjects)

    @cached_property
    def amount_name(self) -> regex.Pattern[str]:
        """A subject that names an amount ("Số tiền thiệt hại", "Giá cá ngừ", "Diện tích còn lại"): a quantity noun, a
        measure noun of two words or more (not "điểm" in "điểm bán"), a price."""
        lab = self.lib.labels
        measures = [noun for noun in lab.measure_nouns if " " in noun]
        return self._no_organisation(next_words([*lab.quantity_heads, *measures, *lab.verb_modified_heads]))

    def _no_organisation(self, heads: regex.Pattern[str]) -> regex.Pattern[str]:
        """`heads`, but not where an organisation's name opens with one of them ("Tổng công ty", "Tổng cục")."""
        if not self.lib.labels.organisation_heads:
            return heads
        return compile_pattern(rf"(?!{self.organisation.pattern}){heads.pattern}", heads.flags)

    @cached_property
    def time_noun(self) -> regex.Pattern[str]:
        return next_words(self.lib.labels.time_nouns)

    @cached_property
    def coverage(self) -> regex.Pattern[str]:
        return next_words(self.lib.labels.coverage_bases)

    @cached_property
    def stop_before_figure(self) -> regex.Pattern[str]:
        """A preposition right before a figure, maybe with a qualifier: "… cho khoảng 70% số hộ"."""
        q = self.lib.qualifiers
        return words_before_figure(self.lib.labels.noun_stops, [*q.before, *q.range["from"]])

    @cached_property
    def share_base(self) -> regex.Pattern[str]:
        return next_words(self.lib.labels.share_bases)

    @cached_property
    def circumstance(self) -> regex.Pattern[str]:
        return next_words(self.lib.labels.circumstance_openers)

    @cached_property
    def reported_after(self) -> regex.Pattern[str]:
        """After a figure and the rest of its phrase, a verb of saying or showing that opens the clause it reports:
        "Kiểm tra 350 mẫu thực phẩm tại các bếp ăn tập thể cho thấy tỷ lệ mẫu đạt chuẩn …"."""
        verbs = alternation(self.lib.labels.reporting_verbs)
        return compile_pattern(rf"{_words_up_to(_REPORTED_REACH)}(?:{verbs}){WORD_END}\s*", regex.I)

    @cached_property
    def new_subject(self) -> regex.Pattern[str]:
        """After a figure, a connector that opens a new subject: "25 dự án với tổng vốn …", or a conjunction
        of cause before a quantity noun: "giảm 1,5 triệu đồng/ha nhờ lượng phân bón …"."""
        connectors = alternation(self.lib.labels.new_subject_connectors)
        words = _words_up_to(_CONNECTOR_REACH)
        causes = rf"{self._cause_before_quantity}|{self._cause_before_change}"
        return compile_pattern(rf"{words}(?:{connectors}{WORD_END}\s*|{causes})", regex.I)

    @property
    def _cause_before_change(self) -> str:
        """"… tăng 3% nhờ nhu cầu nhập khẩu tăng 15%": a conjunction of cause, then a noun phrase and the verb of
        change of the figure (the end of the stretch read): the cause is a clause of its own, with its own subject."""
        lib = self.lib
        cause, verbs = alternation(lib.labels.cause_conjunctions), alternation(lib.change.verbs)
        adverbs, quals = alternation(lib.change.adverbs), alternation(lib.qualifiers.before)
        verb = rf"\s(?:{verbs})(?:\s+(?:{adverbs}))*(?:\s+(?:{quals}))?\s*$"
        return rf"(?:{cause})\s+(?=[^\d,;.:()]+?{verb})"

    @cached_property
    def next_clause(self) -> regex.Pattern[str]:
        """After a figure and the words read with it, a connector opens the next clause."""
        connectors = alternation(self.lib.labels.new_subject_connectors)
        return compile_pattern(rf"[\s,]*(?:[\p{{L}}\p{{N}}]+\s+){{0,6}}{connectors}{WORD_END}\s*", regex.I)

    @cached_property
    def new_clause_word(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.lib.labels.new_subject_connectors)}){WORD_END}", regex.I)

    @cached_property
    def no_object_word(self) -> regex.Pattern[str]:
        """What opens no object of a change: a new clause, or the level the change reached ("giảm 3,2% xuống còn
        910 chiếc")."""
        labels = self.lib.labels
        words = [*labels.new_subject_connectors, *self.lib.change.to_level, *labels.change_non_objects]
        return compile_pattern(rf"(?:{alternation(words)}){WORD_END}", regex.I)

    @cached_property
    def breakdown_keys(self) -> frozenset[str]:
        return head_keys(self.lib.labels.breakdown_openers)

    @cached_property
    def breakdown(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*(?:{alternation(self.lib.labels.breakdown_openers)}){WORD_END}", regex.I)

    @cached_property
    def level_after_change(self) -> regex.Pattern[str]:
        """Between a change and a count, "…, lên 315 hợp tác xã", "…, còn khoảng 4.120 hộ", "giảm 3,2% xuống còn
        910 chiếc": the level reached."""
        words = alternation([*self.lib.change.to_level, *self.lib.labels.level_after_change])
        to_level = alternation(self.lib.change.to_level)
        qualifier = alternation(self.lib.qualifiers.before)
        return compile_pattern(
            rf"(?:\s*,\s*(?:{words})|\s+(?:{to_level}))\s+(?:(?:{qualifier})\s+)?", regex.I
        )

    @cached_property
    def new_level(self) -> regex.Pattern[str]:
        """Between two figures, "từ 4,5% xuống còn 3,2%": the second is the new level of the first, also after a few
        words saying when the first stood ("từ 71% năm 2025 xuống 38%") or per a time ("từ 4,7%/năm lên 5%/năm")."""
        p = self.lib.periods
        times = alternation([*p.year_words, *p.month_words, *p.quarter_words])
        when = rf"(?:\s+(?:\p{{L}}+\s+)?(?:{times})(?:\s+[\p{{L}}\d/]+){{0,{LEVEL_TIME_WORDS}}}?|/\p{{L}}+)?"
        return compile_pattern(rf"{when}\s*(?:{alternation(self.lib.change.to_level)})\s*", regex.I)

    @cached_property
    def opener(self) -> regex.Pattern[str]:
        labels = self.lib.labels
        compounds = rf"(?!(?:{alternation(labels.opener_compounds)}){WORD_END})" if labels.opener_compounds else ""
        return compile_pattern(rf"^{compounds}(?:{alternation(labels.openers)}){WORD_END}[\s,]*", regex.I)

    @cached_property
    def opener_keys(self) -> frozenset[str]:
        return head_keys(self.lib.labels.openers)

    @cached_property
    def reporting_verb(self) -> regex.Pattern[str]:
        """"Sở Tài chính cho biết …", "Bộ Công Thương thông tin …": who reports, then what."""
        lab = self.lib.labels
        passive = alternation(lab.passive_markers)
        # lower case: "Sở Thông tin và Truyền thông" is a name; a capital within three words before it
        name_before = r"(?<=(?-i:\p{Lu})\p{L}*(?:\s+\p{L}+){0,2}\s+)"
        after_name = rf"{name_before}(?-i:{alternation(lab.reporting_verbs_after_name)})"
        verbs = [*lab.reporting_verbs, *lab.object_verbs]
        # a verb ahead first: the costly look-behinds are tried only where one stands
        verb_ahead = rf"(?={alternation([*verbs, *lab.reporting_verbs_after_name])})"
        return compile_pattern(
            rf"{WORD_START}{verb_ahead}(?<!(?:{passive})\s+)(?:{alternation(verbs)}|{after_name}){WORD_END}", regex.I
        )

    @cached_property
    def clause_verb(self) -> regex.Pattern[str]:
        """A linking or change verb: a segment that holds one is a clause of its own ("Doanh thu giảm mạnh, …")."""
        verbs = prefix_tree([*self.lib.labels.predicates, *self.lib.change.verbs])
        return compile_pattern(rf"{WORD_START}{verbs}{WORD_END}", regex.I)

    @cached_property
    def change_verb(self) -> regex.Pattern[str]:
        """A verb of a rise or a fall, not in a noun ("tăng trưởng", "giảm nghèo", "giá trị tăng thêm")."""
        lab = self.lib.labels
        nouns = rf"(?!{prefix_tree(lab.noun_stop_compounds)}{WORD_END})"
        owned = "".join(rf"(?<!{WORD_START}{regex.escape(words)}\s+)" for words in lab.change_verb_owners)
        verbs = prefix_tree(self.lib.change.verbs)
        return compile_pattern(rf"{WORD_START}{owned}{nouns}{verbs}{WORD_END}", regex.I)

    @cached_property
    def located_opener(self) -> regex.Pattern[str]:
        """"Tại khu công nghiệp", "Trên công trường": a subject that says where (use `.match`)."""
        return compile_pattern(rf"\s*(?:{alternation(self.lib.labels.located_openers)})\s", regex.I)

    @cached_property
    def place_preposition(self) -> regex.Pattern[str]:
        """"tại trạm Con Cuông", "ở các tỉnh": a phrase of where (use `.match`)."""
        return compile_pattern(rf"(?:{alternation(self.lib.labels.place_prepositions)})\s", regex.I)

    @cached_property
    def reporting_words(self) -> Required:
        lab = self.lib.labels
        return Required(lab.reporting_verbs, lab.object_verbs, lab.reporting_verbs_after_name)

    @cached_property
    def verb_modified(self) -> regex.Pattern[str]:
        """A noun a reporting verb modifies when it follows it ("Giá niêm yết …", "Kinh phí dự kiến …"), ending a
        left context."""
        lab = self.lib.labels
        return ending_with([*lab.quantity_heads, *lab.measure_nouns, *lab.verb_modified_heads])

    @cached_property
    def predicate_aspects(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.predicate_aspects)

    @cached_property
    def inner_tail(self) -> regex.Pattern[str]:
        """"… của", "… sau": the last word before a figure that stands inside a subject (its owner, the
        stretch it is counted over)."""
        lab = self.lib.labels
        return ending_with([*self._owners, *lab.extent_markers, *lab.beneficiary_markers])

    @cached_property
    def inner_keys(self) -> frozenset[str]:
        lab = self.lib.labels
        return tail_keys([*self._owners, *lab.extent_markers, *lab.beneficiary_markers])

    @cached_property
    def owner_tail(self) -> regex.Pattern[str]:
        return ending_with(self.lib.labels.possessive)

    @cached_property
    def owner_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.labels.possessive)

    @cached_property
    def _owners(self) -> list[str]:
        """A possessive, maybe with a noun of a group after it: "Doanh thu của nhóm 20 tiệm vàng …"."""
        lab = self.lib.labels
        return [*lab.possessive, *(f"{word} {group}" for word in lab.possessive for group in lab.owner_groups)]

    @cached_property
    def aside_boundary(self) -> regex.Pattern[str]:
        """The last verb, preposition, frame or coordinator before a bracket: the noun phrase after it
        names the figure in the bracket (searched from the end)."""
        words = [*self.lib.labels.aside_boundaries, *self.lib.change.verbs]
        return compile_pattern(rf"{WORD_START}(?:{alternation(words)}){WORD_END}", BACKWARD)

    @cached_property
    def frame_head(self) -> regex.Pattern[str]:
        return next_words(self.lib.labels.frame_heads)

    @cached_property
    def causing_head(self) -> regex.Pattern[str]:
        """"làm": a frame head that is a verb of causing (use `.fullmatch` on the word)."""
        return compile_pattern(alternation(self.lib.labels.causing_verbs), regex.I)

    @cached_property
    def caused_next(self) -> regex.Pattern[str]:
        """What a verb of causing is followed by in a clause of causing: a figure, a state it caused or a change."""
        lab, change = self.lib.labels, self.lib.change
        words = alternation([*lab.caused_states, *change.verbs, *self.lib.qualifiers.before])
        return compile_pattern(rf"\s*(?:\d|(?:{words}){WORD_END})", regex.I)

    @cached_property
    def sequence_opener(self) -> regex.Pattern[str]:
        return next_words(self.lib.labels.sequence_openers)

    @cached_property
    def possessive(self) -> regex.Pattern[str]:
        return next_words(self.lib.labels.possessive)

    @cached_property
    def action_rate(self) -> regex.Pattern[str]:
        """"…, đạt tỷ lệ " or "…, tỷ lệ " right before a figure: an agent's verb or a comma, then the measure noun of
        a rate (group `m`)."""
        lab = self.lib.labels
        verbs, nouns = alternation(lab.agent_verbs), alternation(lab.action_rate_nouns)
        qualifiers = alternation(list(self.lib.qualifiers.before))
        opener = rf"(?:{WORD_START}(?:{verbs})\s+|,\s*)"
        return compile_pattern(rf"{opener}(?P<m>{nouns})\s+(?:(?:{qualifiers})\s+)?\Z", BACKWARD)

    @cached_property
    def stock_verb(self) -> regex.Pattern[str]:
        """"có", "là", … right before a count (a qualifier between): the count says what there is."""
        return words_before_figure(self.lib.labels.stock_verbs, self.lib.qualifiers.before)

    @cached_property
    def clause_end(self) -> regex.Pattern[str]:
        """What ends a clause for the labels shared in it."""
        return compile_pattern(r";")

    @cached_property
    def owned_quantity(self) -> regex.Pattern[str]:
        """"… có tổng vốn …", "… với số lượng …": an existential verb before a quantity noun (which follows)."""
        lab = self.lib.labels
        heads = alternation(lab.quantity_heads)
        return compile_pattern(rf"(?:^|\s)(?:{alternation(lab.existential)})\s+(?=(?:{heads}){WORD_END})", regex.I)

    @cached_property
    def achieved_quantity(self) -> regex.Pattern[str]:
        """"… đạt doanh thu …", "… báo lãi …", "… kéo lượng tồn kho (xuống)": a verb of an agent before the quantity
        it achieved or moved (which follows)."""
        lab = self.lib.labels
        heads = alternation([*lab.quantity_heads, *lab.measure_nouns, *lab.verb_modified_heads, *lab.caused_heads])
        verbs = alternation([*lab.agent_verbs, *lab.causative_verbs])
        return compile_pattern(rf"(?:^|\s)(?:{verbs})\s+(?=(?:{heads}){WORD_END})", regex.I)

    @cached_property
    def count_agent_verb(self) -> regex.Pattern[str]:
        """"… đã thi đấu", "… hiện sử dụng": a verb by which the agent before it handles what a count after it
        counts, with the adverbs before it, ending a left context."""
        return self._ending_verb(self.lib.labels.agent_count_verbs)

    @cached_property
    def case_agent_verb(self) -> regex.Pattern[str]:
        """"… tiếp nhận": a verb by which the agent before it takes in the cases a count after it counts."""
        return self._ending_verb(self.lib.labels.agent_case_verbs)

    @cached_property
    def occurrence_verb(self) -> regex.Pattern[str]:
        """"… xảy ra": a verb of occurrence ending a subject, whose subject is what occurred."""
        return self._ending_verb(self.lib.labels.occurrence_verbs)

    @cached_property
    def handling_verb(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.lib.labels.handling_verbs)})\s*", regex.I)

    @cached_property
    def record_verb(self) -> regex.Pattern[str]:
        """"Hòa Bình FC thắng", "chỉ thua": a verb of a team's record ending a subject, maybe after its agent."""
        return self._ending_verb(self.lib.labels.record_verbs)

    def _ending_verb(self, verbs: list[str]) -> regex.Pattern[str]:
        adverbs = alternation(self.lib.labels.subject_tail)
        sums = self.lib.labels.count_sum_words  # "… bán ra tổng cộng 38.720 xe": all it handled
        summed = rf"(?:\s+(?:{alternation(sums)}))?" if sums else ""
        return compile_pattern(rf"{WORD_START}(?:(?:{adverbs})\s+)*(?:{alternation(verbs)}){summed}\s*\Z", BACKWARD)

    @cached_property
    def caused_quantity(self) -> regex.Pattern[str]:
        """"… tăng nhờ lượng khách …", "… giảm do giá dầu …": a conjunction of cause before the quantity noun
        that opens its clause (which follows)."""
        return compile_pattern(rf"(?:^|\s){self._cause_before_quantity}", regex.I)

    @cached_property
    def changed_cause(self) -> regex.Pattern[str]:
        """"Doanh thu tăng mạnh nhờ khách quốc tế …": a conjunction of cause right after a verb of change closes
        that clause and opens its own, whose subject follows."""
        ch = self.lib.change
        verbs, adverbs = alternation(ch.verbs), alternation(ch.adverbs)
        cause = alternation(self.lib.labels.cause_conjunctions)
        return compile_pattern(rf"{WORD_START}(?:{verbs})(?:\s+(?:{adverbs}))*\s+(?:{cause})\s+", regex.I)

    @property
    def _cause_before_quantity(self) -> str:
        lab = self.lib.labels
        heads = alternation([*lab.quantity_heads, *lab.measure_nouns, *lab.verb_modified_heads])
        return rf"(?:{alternation(lab.cause_conjunctions)})\s+(?=(?:{heads}){WORD_END})"

    @cached_property
    def cause_keys(self) -> frozenset[str]:
        return head_keys(self.lib.labels.cause_conjunctions)

    @cached_property
    def organisation(self) -> regex.Pattern[str]:
        """"Tổng công ty", "Tổng cục": a name that opens like a quantity ("tổng") but names an agent."""
        return next_words(self.lib.labels.organisation_heads)

    @cached_property
    def figure_verb(self) -> regex.Pattern[str]:
        """"lãi", "lỗ", "bán ròng": a verb that names its figure, ending a left context, maybe with the
        time it is for ("… lãi quý 3 tăng 45%")."""
        verbs = alternation(self.lib.labels.figure_verbs)
        period = self.time_place.period_phrase.pattern
        return compile_pattern(rf"{WORD_START}(?P<w>{verbs})(?:\s+(?:{period}))?\s*$", BACKWARD)

    @cached_property
    def aspect_word(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s(?:{alternation(self.lib.labels.aspect_words)}){WORD_END}", regex.I)

    @cached_property
    def standing_verb(self) -> regex.Pattern[str]:
        """A verb placing its subject in a table or ranking ("lên đỉnh", "dẫn đầu"), after at least one word and
        not before the field it ranks on."""
        labels = self.lib.labels
        field = rf"(?!\s+(?:{alternation(labels.rank_topic_openers)}){WORD_END})"  # "dẫn đầu về X với 8,4 điểm": X's
        return compile_pattern(rf"\S\s+(?P<v>{alternation(labels.standing_verbs)}){WORD_END}{field}", regex.I)

    @cached_property
    def leading_copula(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\S\s+(?P<v>{alternation(self.lib.labels.leading_copulas)})\s+\S", regex.I)

    @cached_property
    def next_item_lead(self) -> regex.Pattern[str]:
        """A next item's opener without its copula: "theo sau" of "theo sau là xã X với 167 hộ"."""
        copula = alternation(self.lib.labels.leading_copulas)
        leads = {regex.sub(rf"\s+(?:{copula})$", "", opener) for opener in self.lib.labels.next_item_openers}
        return compile_pattern(alternation(sorted(leads)), regex.I)

    @cached_property
    def copula_share_verbs(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.copula_share_verbs)

    @cached_property
    def copula_non_subject(self) -> regex.Pattern[str]:
        """"Đây", "Hàng hóa chủ yếu": words that leave a subject before the copula unnamed, at its end."""
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.lib.labels.copula_non_subjects)})\Z", regex.I)

    @cached_property
    def segment_copula(self) -> regex.Pattern[str]:
        """The last copula of a segment, with words before it: "Ấn Độ (là) thị trường lớn nhất"."""
        copula = alternation(self.lib.labels.leading_copulas)
        return compile_pattern(rf"\S\s+(?P<v>{copula})\s+\S(?!.*{WORD_START}(?:{copula})\s)", regex.I)

    @cached_property
    def inverted_superlative(self) -> regex.Pattern[str]:
        """"… nhiều nhất là Phú Vang": a superlative, at most four words, the copula, then the name it names (no
        date: "Ngày đông nhất là 3/5 với 2.980 lượt khám" names the visits)."""
        labels = self.lib.labels
        # the next of a ranked list is named alike: "…, tiếp đến là TP. Hồ Chí Minh với 1.032 trường hợp", and its
        # first: "Dẫn đầu là Bộ Xây dựng với 48,7%"
        superlative = alternation([*labels.superlative_marks, *labels.next_item_openers, *labels.list_leaders])
        copula = alternation(labels.leading_copulas)
        return compile_pattern(
            rf"{WORD_START}(?:{superlative})(?:\s+[^\s,;:]+){{0,4}}?\s+(?:{copula})\s+(?P<name>[^\d\s]\D*)\Z", regex.I
        )

    @cached_property
    def copula_superlative(self) -> regex.Pattern[str]:
        """"… là địa phương phát hiện nhiều vi phạm nhất": the copula, then a superlative phrase that ends the subject's
        left context before "với" and its figure."""
        labels = self.lib.labels
        superlative, copula = alternation(labels.superlative_marks), alternation(labels.leading_copulas)
        phrase = r"(?:\s+[^\s\d,;:]+){1,16}?"
        scope = r"(?:\s+[^\s\d,;:]+){0,4}"  # where it is the most: "… lớn nhất cả nước", "… nhất trong vụ việc"
        ranked = rf"{phrase}\s+(?:{superlative}){scope}"
        named = r"(?:\s+[^\s\d,;:]+){1,6}"  # "… là mặt hàng chủ lực với 520 triệu USD": what the subject is
        return compile_pattern(rf"{WORD_START}(?P<v>{copula})(?:{ranked}|{named})\s*\Z", BACKWARD)

    @cached_property
    def naming_predicates(self) -> frozenset[str]:
        return frozenset(self.lib.labels.naming_predicates)

    @cached_property
    def worth_verb(self) -> regex.Pattern[str]:
        """A verb of giving or taking, then the article or plural before its object ("được tặng một …")."""
        articles = alternation(self.lib.labels.object_articles)
        return compile_pattern(
            rf"{WORD_START}(?:{alternation(self.lib.labels.worth_verbs)})(?:\s+(?:{articles}))?{WORD_END}", regex.I
        )

    @cached_property
    def standing_adverb(self) -> regex.Pattern[str]:
        adverbs = alternation(self.lib.labels.standing_adverbs)
        return compile_pattern(rf"(?:\s+(?:{adverbs}))+\s*\Z", regex.I)

    @cached_property
    def placing_predicates(self) -> frozenset[str]:
        """Predicates after which a place alone may name the figure: a leading one, or "có"."""
        labels = self.lib.labels
        return frozenset([*labels.leading_predicates, *labels.existential])

    @cached_property
    def moved_non_openers(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.moved_non_openers)

    @cached_property
    def rank_joiner_words(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.rank_count_joiners)

    @cached_property
    def standing_joiners(self) -> frozenset[str]:
        labels = self.lib.labels
        return frozenset([*labels.rank_count_joiners, *labels.leading_predicates])

    @cached_property
    def predicate_after_aspect(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s(?:{alternation(self.lib.labels.predicates_after_aspect)}){WORD_END}", regex.I)

    @cached_property
    def plan_subject(self) -> regex.Pattern[str]:
        """"kế hoạch", "mục tiêu đề ra", "kế hoạch của thành phố": a plan, which a figure is compared with or
        reaches, names no figure, nor does its owner."""
        refs = self.lib.references
        plan = rf"(?:{alternation(refs.plan_nouns)})(?:\s+(?:{alternation(refs.trailing)}))?"
        return compile_pattern(rf"{plan}(?:\s+{self._owner_phrase})?", regex.I)

    @cached_property
    def owner_phrase(self) -> regex.Pattern[str]:
        """"của thành phố": an owner alone, whose noun is elsewhere."""
        return compile_pattern(self._owner_phrase, regex.I)

    @cached_property
    def _owner_phrase(self) -> str:
        """A possessive, then a name of a few words with no verb ("của tỉnh", not "của tỉnh là kiểm soát CPI")."""
        lib = self.lib
        verbs = alternation([*lib.labels.predicates, *lib.change.verbs])
        word = rf"(?!(?:{verbs}){WORD_END})[^\s\d,;:()]+"
        return rf"(?:{alternation(lib.labels.owner_markers)})(?:\s+{word}){{1,{_OWNER_SYLLABLES}}}"

    @cached_property
    def plan_opening(self) -> regex.Pattern[str]:
        """A phrase that opens with a plan noun ("kế hoạch năm", "dự toán được giao")."""
        return compile_pattern(rf"(?:{alternation(self.lib.references.plan_nouns)}){WORD_END}", regex.I)

    @cached_property
    def reference_tail_only(self) -> regex.Pattern[str]:
        """"đề ra", "được giao": what is left of "mục tiêu đề ra" once its opener is gone."""
        return compile_pattern(rf"(?:{alternation(self.lib.references.trailing)})", regex.I)

    @cached_property
    def verb_number(self) -> regex.Pattern[str]:
        """"giảm 6 người", "đạt khoảng 3 tỷ đồng": a predicate or verb of change, then a number (not
        "có", "với": "161/161 xã, phường, thị trấn với 1.127 tổ" lists the places, then what they have)."""
        lib = self.lib
        predicates = [p for p in lib.labels.predicates if p not in lib.labels.existential]
        verbs = alternation([*predicates, *lib.change.verbs])
        quals = alternation(lib.qualifiers.before)
        return compile_pattern(rf"{WORD_START}{verbs}\s+(?:{quals}\s+)?\d", regex.I)

    @cached_property
    def qualified_number(self) -> regex.Pattern[str]:
        """"trên 7 triệu lượt": a qualifier, then a number."""
        q = self.lib.qualifiers
        return compile_pattern(rf"{WORD_START}(?:{alternation([*q.before, *q.range['from']])})\s+\d", regex.I)

    @cached_property
    def object_preposition(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.lib.labels.object_prepositions)})\s+", regex.I)

    @cached_property
    def dimension_noun(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.lib.labels.dimension_nouns)}){WORD_END}", regex.I)

    @cached_property
    def result_connective(self) -> regex.Pattern[str]:
        """"…, nhờ đó biên lợi nhuận gộp …": a result's connective, after which its own subject starts."""
        labels = self.lib.labels
        connectives = alternation(labels.result_connectives)
        return compile_pattern(rf"{not_after(labels.result_not_after)}{WORD_START}(?:{connectives}){WORD_END}", regex.I)

    # ----- a noun phrase that points back ---------------------------------------------------------
    @cached_property
    def anaphor_keys(self) -> frozenset[str]:
        """The last syllables of the anaphor words: a label ending otherwise points nowhere (no scan)."""
        return tail_keys(self.lib.labels.anaphors)

    @cached_property
    def anaphor(self) -> regex.Pattern[str]:
        """"tỷ lệ này", "con số nói trên": a noun with a word that points back, at the label's end."""
        return compile_pattern(rf"\s(?:{alternation(self.lib.labels.anaphors)})$", BACKWARD)

    @cached_property
    def quantity_noun(self) -> regex.Pattern[str]:
        """The first quantity or measure noun of a stretch: "Tốc độ tăng trưởng …", "Diện tích lúa …"."""
        words = alternation([*self.lib.labels.quantity_heads, *self.lib.labels.measure_nouns])
        return compile_pattern(rf"{WORD_START}(?:{words}){WORD_END}", regex.I)

    # ----- trimming ---------------------------------------------------------------------------
    @cached_property
    def subject_cut(self) -> regex.Pattern[str]:
        labels = self.lib.labels
        kept = rf"(?!(?:{alternation(labels.subject_cut_compounds)}){WORD_END})" if labels.subject_cut_compounds else ""
        return compile_pattern(rf"\s{kept}(?:{alternation(labels.subject_cuts)}){WORD_END}", regex.I)

    @cached_property
    def source_fund(self) -> regex.Pattern[str]:
        """Right after an amount, the preposition that brings in the fund it is taken from: " từ ngân sách …"."""
        labels = self.lib.labels
        prepositions, funds = alternation(labels.source_prepositions), alternation(labels.source_funds)
        return compile_pattern(rf"\s+(?:{prepositions})\s+(?=(?:{funds}){WORD_END})", regex.I)

    @cached_property
    def amount_opening(self) -> regex.Pattern[str]:
        """A phrase that opens with a noun of money or a quantity noun: "tiền vận chuyển", "chi phí vận chuyển"."""
        labels = self.lib.labels
        return next_words([*labels.amount_nouns, *labels.quantity_heads, *labels.measure_nouns])


    @cached_property
    def quantity_opening(self) -> regex.Pattern[str]:
        """A phrase that opens with a quantity or measure noun: "công suất phòng", "lưu lượng xe", "giá vé"."""
        lab = self.lib.labels
        return next_words([*lab.quantity_heads, *lab.measure_nouns, *lab.amount_nouns])

    @cached_property
    def bare_quantities(self) -> frozenset[str]:
        """Quantity nouns alone, naming no thing: "kim ngạch", "doanh thu", "tổng vốn"."""
        lab = self.lib.labels
        return frozenset(word.lower() for word in [*lab.quantity_heads, *lab.measure_nouns])

    @cached_property
    def generic_measures(self) -> set[str]:
        return {m.lower() for m in self.lib.labels.generic_measures}


_CONNECTOR_REACH = 6  # words after a figure's phrase before a connector that opens a new subject
_REPORTED_REACH = 8  # … before a verb of saying or showing, which may follow a longer phrase


def _words_up_to(count: int) -> str:
    """Commas and blanks, then at most `count` words, as few as will do."""
    return rf"[\s,]*(?:[\p{{L}}\p{{N}}]+\s+){{0,{count}}}?"
