"""Labels: the shortest noun phrase of the sentence that names what a figure measures.

Input: the scanning view, a sentence, one mention and the label of the mention before it.
Output: the label as written, or None. Two readings compete: the subject before the predicate
("Doanh thu dịch vụ viễn thông năm 2024 ước đạt ...") and the counted noun phrase after the
number ("... cho hơn 3.900 cán bộ, công chức, viên chức về ...").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import regex

from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.library import (
    BACKWARD,
    WORD_END,
    WORD_START,
    PatternLibrary,
    alternation,
    head_key,
    head_keys,
    next_words,
    tail_key,
    tail_keys,
)

_CLAUSE_BREAK = regex.compile(r"[;:!?()\[\]\"“”|]|,|\.(?=\s|$)")
_HARD_BREAK = regex.compile(r"[;:!?()\[\]\"“”|]|\.(?=\s|$)")
_PUNCT = regex.compile(r"[,;:()\[\]\"“”.!?|]")
_STANDALONE_NUMBER = regex.compile(r"(?<![\p{L}\p{N}])\d[\d.,]*(?![\p{L}\d])")


@dataclass(frozen=True)
class Before:
    """What came earlier in the sentence than the mention being labelled."""

    label: str | None = None  # the last label given
    unit: str | None = None  # the unit of the mention just before
    counted_end: int | None = None  # end of the last earlier figure that is not a percent
    last_end: int | None = None  # end of the mention just before


@dataclass(frozen=True)
class Subject:
    text: str  # the subject as written (may be empty)
    predicate: str | None  # the linking verb found before the number
    measure_noun: str | None  # "mật độ" in "đạt mật độ 64,34 ..."
    breakdown: bool = False  # it opens with "trong đó": a part of the figure before


class LabelFinder:
    """Compiled label rules of one pattern library."""

    def __init__(self, library: PatternLibrary, locations: list[str]) -> None:
        self.lib = library
        self.locations = locations

    def _tail(self, words: list[str] | set[str]) -> regex.Pattern[str]:
        return regex.compile(rf"{WORD_START}(?P<w>{alternation(words)})\s*$", BACKWARD)

    @cached_property
    def qualifier_tail(self) -> regex.Pattern[str]:
        q = self.lib.qualifiers
        return self._tail([*q.before, *q.range["from"]])

    @cached_property
    def predicate_tail(self) -> regex.Pattern[str]:
        lab, ch, rk = self.lib.labels, self.lib.change, self.lib.rank
        return self._tail([*lab.predicates, *ch.increase, *ch.decrease, *ch.multiple, *rk.verbs])

    @cached_property
    def quantity_head(self) -> regex.Pattern[str]:
        return next_words(self.lib.labels.quantity_heads)

    @cached_property
    def coverage(self) -> regex.Pattern[str]:
        return next_words(self.lib.labels.coverage_bases)

    @cached_property
    def circumstance(self) -> regex.Pattern[str]:
        return next_words(self.lib.labels.circumstance_openers)

    @cached_property
    def new_subject(self) -> regex.Pattern[str]:
        connectors = alternation(self.lib.labels.new_subject_connectors)
        return regex.compile(rf"[\s,]*(?:[\p{{L}}\p{{N}}]+\s+){{0,3}}?{connectors}{WORD_END}\s*", regex.I)

    @cached_property
    def next_clause(self) -> regex.Pattern[str]:
        """After a figure and the words read with it, a connector opens the next clause."""
        connectors = alternation(self.lib.labels.new_subject_connectors)
        return regex.compile(rf"[\s,]*(?:[\p{{L}}\p{{N}}]+\s+){{0,6}}{connectors}{WORD_END}\s*", regex.I)

    @cached_property
    def breakdown_keys(self) -> frozenset[str]:
        return head_keys(self.lib.labels.breakdown_openers)

    @cached_property
    def breakdown(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s*(?:{alternation(self.lib.labels.breakdown_openers)}){WORD_END}", regex.I)

    @cached_property
    def new_level(self) -> regex.Pattern[str]:
        """Between two figures, "từ 4,5% xuống còn 3,2%": the second is the new level of the first."""
        return regex.compile(rf"\s*(?:{alternation(self.lib.change.to_level)})\s*", regex.I)

    @cached_property
    def qualifier_inside(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s(?:{alternation(self.lib.qualifiers.after)}){WORD_END}", regex.I)

    @cached_property
    def qualifier_after(self) -> regex.Pattern[str]:
        return next_words(self.lib.qualifiers.after)

    @cached_property
    def measure_tail(self) -> regex.Pattern[str]:
        return self._tail(self.lib.labels.measure_nouns)

    @cached_property
    def bound_tail(self) -> regex.Pattern[str]:
        return self._tail(self.lib.qualifiers.after)

    @cached_property
    def bound_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.qualifiers.after)

    @cached_property
    def adverb_tail(self) -> regex.Pattern[str]:
        return self._tail(self.lib.labels.subject_tail)

    @cached_property
    def opener(self) -> regex.Pattern[str]:
        return regex.compile(rf"^(?:{alternation(self.lib.labels.openers)}){WORD_END}[\s,]*", regex.I)

    @cached_property
    def period_expression(self) -> regex.Pattern[str]:
        from vnreport_extract.extraction.periods import PeriodFinder

        return PeriodFinder(self.lib).pattern

    @cached_property
    def horizon_phrase(self) -> regex.Pattern[str]:
        """"đến năm 2025": read before the period expressions, which would leave its "đến" behind."""
        horizon = alternation(self.lib.periods.horizon_words)
        return regex.compile(rf"{WORD_START}{horizon}\s+(?:19|20)\d{{2}}{WORD_END}", regex.I)

    @cached_property
    def period_phrase(self) -> regex.Pattern[str]:
        p = self.lib.periods
        words = alternation([*p.halves, *p.year_words, *p.month_words, *p.quarter_words])
        return regex.compile(
            rf"(?:{alternation(p.span_words)}\s+)?"
            rf"(?:\d+\s+)?{words}(?:\s+(?:{alternation(p.roman)}|\d+))?(?:\s*/\s*\d{{4}}|\s+\d{{4}})?{WORD_END}",
            regex.I,
        )

    @cached_property
    def location(self) -> regex.Pattern[str]:
        prefixes = alternation(self.lib.document.province_prefixes)
        names = alternation(self.locations)
        of = alternation(self.lib.labels.possessive)
        return regex.compile(rf"(?:(?:{of}\s+)?(?:{prefixes})\s+)?(?-i:{names}){WORD_END}", regex.I)

    @cached_property
    def leading_location(self) -> regex.Pattern[str]:
        tails = alternation([*self.lib.labels.existential, *self.lib.labels.subject_tail])
        return regex.compile(rf"^{self.location.pattern}\s*(?:{tails}{WORD_END})?\s*", regex.I)

    @cached_property
    def trailing_location(self) -> regex.Pattern[str]:
        prefixes = alternation(self.lib.document.province_prefixes)
        names = alternation(self.locations)
        of = alternation(self.lib.labels.possessive)
        return regex.compile(rf"\s+(?:{of}\s+(?:(?:{prefixes})\s+)?|(?:{prefixes})\s+)(?-i:{names})\s*$", BACKWARD)

    @cached_property
    def noun_stop(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s(?:{alternation(self.lib.labels.noun_stops)}){WORD_END}", regex.I)

    @cached_property
    def trailing_function_word(self) -> regex.Pattern[str]:
        return self._tail(self.lib.units.not_units.words)

    @cached_property
    def about(self) -> regex.Pattern[str]:
        topic = alternation(self.lib.labels.rank_topic)
        return regex.compile(rf"\s{topic}{WORD_END}\s+(?P<topic>[^,.;:()\n]+)", regex.I)

    @cached_property
    def generic_measures(self) -> set[str]:
        return {m.lower() for m in self.lib.labels.generic_measures}

    # ----- the two readings ------------------------------------------------------------------
    def subject(self, text: str, sentence_start: int, mention: Mention, before: Before | None = None) -> Subject:
        """The subject before the number, its linking predicate and any measure noun.

        A clause that holds an earlier figure (`before.counted_end`) has no subject of its own,
        unless a connector opens a new one ("... với tổng vốn đăng ký").
        """
        before = before or Before()
        counted_end, last_end = before.counted_end, before.last_end
        cue = mention.cue_start if mention.cue_start is not None else mention.number_start
        left_start, has_subject = self._clause_start(text, sentence_start, cue), True
        at_comma = left_start > sentence_start and text[left_start - 1] == ","
        if last_end is not None and last_end > left_start:
            if self.new_level.fullmatch(text, last_end, cue):
                return Subject("", None, None)
            connector = self.next_clause.match(text, last_end, cue)
            left_start, at_comma = (connector.end(), False) if connector else (left_start, at_comma)
        if counted_end is not None and counted_end > left_start:
            connector = self.new_subject.match(text, counted_end, cue)
            left_start, has_subject = (connector.end(), True) if connector else (counted_end, False)
        left, predicate, measure = self._peel(text[left_start:cue])
        if not has_subject:
            return Subject("", predicate, measure)
        if not left.strip():
            topic = self._colon_topic(text, sentence_start, cue)
            if not topic and at_comma:
                topic = self._previous_segment(text, sentence_start, left_start - 1)
            return Subject(self._clean_subject(topic), predicate, measure)
        if at_comma and left and predicate:
            left = self._with_previous_segment(text, sentence_start, cue, left)
        cleaned = self._clean_subject(left)
        if not cleaned and at_comma:
            cleaned = self._clean_subject(self._previous_segment(text, sentence_start, left_start - 1))
        opens = left.split(maxsplit=1)[0].lower() if left else ""
        return Subject(cleaned, predicate, measure, opens in self.breakdown_keys and bool(self.breakdown.match(left)))

    def _previous_segment(self, text: str, sentence_start: int, comma: int) -> str:
        """The comma segment before position `comma`, unless it holds a figure or a circumstance."""
        sentence_start = max(sentence_start, comma - _LOOKBACK)
        before = _hide_acronyms(text[sentence_start:comma])
        breaks = list(_CLAUSE_BREAK.finditer(before))
        segment = text[sentence_start + (breaks[-1].end() if breaks else 0) : comma].strip()
        if any(ch.isdigit() for ch in segment) or self.circumstance.match(segment):
            return ""
        return segment

    def _colon_topic(self, text: str, sentence_start: int, cue: int) -> str:
        """"Nhóm đạt điểm từ 65% trở lên: Có 2 đơn vị": the topic before the colon is the subject."""
        segment = _hide_acronyms(text[max(sentence_start, cue - _LOOKBACK) : cue])
        breaks = list(_CLAUSE_BREAK.finditer(segment))
        if not breaks or breaks[-1].group() != ":":
            return ""
        before = segment[: breaks[-1].start()]
        hard = list(_HARD_BREAK.finditer(before))
        return before[hard[-1].end() :] if hard else before

    def _clause_start(self, text: str, sentence_start: int, cue: int) -> int:
        sentence_start = max(sentence_start, cue - _LOOKBACK)
        segment = _hide_acronyms(text[sentence_start:cue])
        breaks = list(_CLAUSE_BREAK.finditer(segment))
        return sentence_start + breaks[-1].end() if breaks else sentence_start

    @cached_property
    def peel_keys(self) -> frozenset[str]:
        """Last tokens of every word _peel can strip: a left context ending otherwise is left alone."""
        lib = self.lib
        words = [*lib.qualifiers.before, *lib.qualifiers.range["from"], *lib.labels.measure_nouns]
        words += [*lib.labels.predicates, *lib.change.increase, *lib.change.decrease, *lib.change.multiple]
        return tail_keys([*words, *lib.rank.verbs, *lib.labels.subject_tail])

    def _peel(self, left: str) -> tuple[str, str | None, str | None]:
        predicate = measure = None
        measure_last = False  # the word peeled last was a measure noun
        for _ in range(6):
            stripped = left.rstrip()
            key = tail_key(stripped)
            if key not in self.peel_keys:
                break
            was_measure, measure_last = measure_last, False
            if key in self.bound_keys and self.bound_tail.search(stripped):
                break  # "từ 15 tuổi trở lên": the bound belongs to the subject, its "lên" is no verb
            if m := self.qualifier_tail.search(stripped):
                left = stripped[: m.start()]
            elif m := self.predicate_tail.search(stripped):
                predicate = predicate or m["w"].lower()
                left = stripped[: m.start()]
            elif predicate is None and (m := self.measure_tail.search(stripped)):
                noun = stripped[m.start() :].strip()
                # "mật độ dân số": measure nouns in a row make one measure
                measure = f"{noun} {measure}" if measure and was_measure else measure or noun
                left, measure_last = stripped[: m.start()], True
            elif m := self.adverb_tail.search(stripped):
                left = stripped[: m.start()]
            else:
                break
        return left.strip(), predicate, measure

    def _with_previous_segment(self, text: str, sentence_start: int, cue: int, left: str) -> str:
        """A short subject after a comma may continue the segment before it: "Tổng kim ngạch xuất,
        nhập khẩu hàng hóa ...", "nông, lâm nghiệp và thủy sản ..."."""
        left_words = len(self.period_expression.sub(" ", left).split())
        if left_words > _JOINED_SUBJECT_WORDS:
            return left
        segment = text[max(sentence_start, cue - _LOOKBACK) : cue]
        commas = [m for m in _CLAUSE_BREAK.finditer(segment)]
        if len(commas) < 1 or commas[-1].group() != ",":
            return left
        before = segment[: commas[-1].start()]
        hard = list(_CLAUSE_BREAK.finditer(before))
        previous = before[hard[-1].end() :] if hard else before
        previous = previous.strip()
        if not previous or (self.opener.match(previous) and not self.opener.sub("", previous).strip()):
            return left
        if self.circumstance.match(previous) or self.object_preposition.match(previous):
            return left  # "Về xuất nhập khẩu, kim ngạch …": a topic heading, not part of the subject
        if any(ch.isdigit() for ch in previous) or len(previous.split()) > 10:
            return left
        truncated = len(previous.split()) <= _TRUNCATED_WORDS or self.quantity_head.match(previous)
        if left_words > _SHORT_SUBJECT_WORDS and not truncated:
            return left
        return f"{previous}, {left}"

    @cached_property
    def period_syllables(self) -> frozenset[str]:
        p = self.lib.periods
        words = [*p.halves, *p.year_words, *p.month_words, *p.quarter_words, *p.whole_year, *p.first_months]
        return frozenset(syllable.lower() for w in words for syllable in w.split())

    @cached_property
    def location_syllables(self) -> frozenset[str]:
        return frozenset(syllable for name in self.locations for syllable in name.split())

    def _clean_subject(self, subject: str) -> str:
        syllables = set(subject.split())
        # spans and "as of" dates ("giai đoạn 2021-2025", "đến 30/6/2024") always hold a digit
        if {s.lower() for s in syllables} & self.period_syllables or _DIGIT.search(subject):
            subject = self.horizon_phrase.sub(" ", subject)
            subject = self.period_phrase.sub(" ", self.period_expression.sub(" ", subject))
        subject = " ".join(subject.split())
        subject = self._strip_openers(subject)
        if syllables & self.location_syllables:
            subject = self.leading_location.sub("", subject).strip(" ,")
            subject = self.trailing_location.sub("", subject).strip(" ,")
            subject = self._strip_openers(subject)
        if subject.startswith("("):
            subject = _LEADING_ASIDE.sub("", subject).strip(" ,")
        return self._limit(subject.lstrip("-+•*· "))

    def _strip_openers(self, subject: str) -> str:
        for _ in range(3):
            if head_key(subject) not in self.opener_keys:
                break
            subject = self.opener.sub("", subject).strip(" ,")
        return subject

    @cached_property
    def plan_nouns(self) -> frozenset[str]:
        return frozenset(noun.lower() for noun in self.lib.references.plan_nouns)

    @cached_property
    def opener_keys(self) -> frozenset[str]:
        return head_keys(self.lib.labels.openers)

    @cached_property
    def subject_cut(self) -> regex.Pattern[str]:
        return regex.compile(rf"\s(?:{alternation(self.lib.labels.subject_cuts)}){WORD_END}", regex.I)

    def _limit(self, phrase: str) -> str:
        if len(phrase.split()) > 8 and (cut := self.subject_cut.search(phrase)) and cut.start() > 0:
            phrase = phrase[: cut.start()]
        words = phrase.split()
        if len(words) > self.lib.labels.max_syllables:
            words = words[-self.lib.labels.max_syllables :]
        return " ".join(words)

    def noun_after(self, text: str, mention: Mention, sentence_end: int) -> str | None:
        """The counted noun phrase that starts at the mention's unit (or right after a percent)."""
        start = mention.noun_start
        if start is None and mention.kind in ("percent", "measure", "money"):
            start = _skip_blanks(text, mention.end, sentence_end)
            if after := self.qualifier_after.match(text, start, sentence_end):
                start = _skip_blanks(text, after.end(), sentence_end)
            if period := self.period_expression.match(text, start, sentence_end):  # "52.000 tỷ đồng cả năm"
                start = _skip_blanks(text, period.end(), sentence_end)
            if start >= sentence_end or not text[start].isalpha():
                return None
        if start is None:
            return None
        full = text[start:sentence_end]
        stops = (
            self.noun_stop_here.match(full),  # a stop word right at the start: no noun follows
            self._noun_stop(full),
            _STANDALONE_NUMBER.search(full),
            self.qualifier_inside.search(full),
        )
        stretch = self._cut_at_punctuation(full[: min((m.start() for m in stops if m), default=len(full))], full)
        if agent := self.named_agent.search(stretch):  # "cá nhân được UBND tỉnh tặng": who gave, not what
            stretch = stretch[: agent.start()]
        stretch = self.trailing_function_word.sub("", stretch.strip()).strip(" ,/-")
        if qualifier := self.qualifier_tail.search(stretch):  # "… gây thiệt hại khoảng" before the next figure
            stretch = stretch[: qualifier.start()].rstrip(" ,")
        return self._limit_front(stretch) or None

    def _cut_at_punctuation(self, stretch: str, full: str) -> str:
        """Stop at punctuation, but read a list of short nouns: "cán bộ, công chức, viên chức".
        `stretch` is the start of `full` (the rest of the sentence) before any stop word."""
        out, rest = "", stretch
        while True:
            match = _PUNCT.search(rest)
            if not match:
                return out + rest
            out, rest = out + rest[: match.start()], rest[match.end() :]
            if match.group() != ",":
                return out
            following = _PUNCT.split(rest, maxsplit=1)[0].strip()
            if not following or len(following.split()) > 3 or not following[0].islower():
                return out
            if self._opens_a_figure(full[len(stretch) - len(rest) :]):
                return out
            out += ","

    def _opens_a_figure(self, segment: str) -> bool:
        """"..., làm chết 8 người": the next list item is a new figure's clause (a number before any stop)."""
        segment = _PUNCT.split(segment, maxsplit=1)[0]
        stop = self.noun_stop.search(segment)
        return bool(_DIGIT.search(segment, 0, stop.start() if stop else len(segment)))

    def _limit_front(self, phrase: str) -> str:
        words = phrase.split()
        return " ".join(words[: self.lib.labels.max_syllables])

    def rank_topic(self, text: str, mention: Mention, sentence_end: int) -> str | None:
        """"... thứ 13 trong 63 tỉnh thành về mức độ chuyển đổi số": the topic after "về";
        "TOP 10 địa phương có chỉ số DTI cao nhất": what the top is measured on."""
        match = self.about.search(text, mention.end, sentence_end) or self.top_topic.search(
            text, mention.end, sentence_end
        )
        if not match:
            return None
        topic = match["topic"]
        if scope := self.scope_inside.search(topic):  # "về chuyển đổi số trong cả nước"
            topic = topic[: scope.start()]
        return " ".join(topic.split()) or None

    @cached_property
    def scope_inside(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        return regex.compile(
            rf"\s(?:(?:{alternation(rk.scope_prefixes)})\s+)?(?:{alternation(rk.scopes)}){WORD_END}", regex.I
        )

    @cached_property
    def top_topic(self) -> regex.Pattern[str]:
        rk = self.lib.rank
        return regex.compile(
            rf"\s{alternation(rk.topic_opener)}\s+(?P<topic>[^,.;:()\n]+?)\s+{alternation(rk.superlatives)}{WORD_END}",
            regex.I,
        )

    # ----- choosing --------------------------------------------------------------------------
    def label(
        self,
        text: str,
        sentence: tuple[int, int],
        mention: Mention,
        before: Before | None = None,
    ) -> str | None:
        """The label of `mention`: a rank's topic, a change's subject or object, a count's noun
        phrase or subject, the measure noun, or the label of the figure before it."""
        before = before or Before()
        start, end = sentence
        subject = self.subject(text, start, mention, before)
        previous = before.label
        if mention.kind == "rank":
            ranked = self.rank_topic(text, mention, end) or subject.text or previous
            return ranked or self._index_before(text, start, mention, end)
        measure = subject.measure_noun
        if measure and measure.lower() in self.generic_measures:
            measure = None if previous or subject.text else measure
        if mention.kind in ("change", "multiple"):
            return subject.text or self._object_after(text, mention, end) or previous or None
        if mention.reference:
            return measure or subject.text or previous or None
        if previous and subject.text.lower() in self.plan_nouns:
            return previous
        if mention.kind in ("count", "ratio"):
            return self._count_label(text, mention, subject, before, end)
        if measure:
            return measure
        if mention.kind in ("percent", "measure", "money") and subject.predicate not in self._linking:
            after = self.noun_after(text, mention, end)
            if after and not (subject.text and self.coverage.match(after)):
                return after
        return subject.text or previous or self.noun_after(text, mention, end)

    def _index_before(self, text: str, start: int, mention: Mention, end: int) -> str | None:
        """"theo kết quả Chỉ số chuyển đổi số (DTI) năm 2024 …, tỉnh X xếp thứ 9/63": a rank whose
        subject is only a place is a rank on the index the sentence names before it."""
        window_start = max(start, mention.start - _LOOKBACK)
        found = self.index_noun_last.search(text, window_start, mention.start)
        if found is None:
            return None
        at = found.start()
        return self.noun_after(text, Mention("rank", 0, at, at, "", at, noun_start=at), end)

    @cached_property
    def index_noun_last(self) -> regex.Pattern[str]:
        """The last index noun of a stretch (searched backwards)."""
        return regex.compile(rf"{WORD_START}(?:{alternation(self.lib.labels.index_nouns)}){WORD_END}", BACKWARD)

    def _object_after(self, text: str, mention: Mention, end: int) -> str | None:
        """"giảm ít nhất 5% số người chết do tai nạn ...": what the change is of, after it;
        "tăng 15,3% về số doanh nghiệp": after a preposition. The plan a change is measured
        against ("vượt 12% dự toán") is its reference, not its object."""
        start = _skip_blanks(text, mention.end, end)
        if about := self.object_preposition.match(text, start, end):
            start = about.end()
        elif self.new_clause_word.match(text, start, end):
            return None  # "tăng 3,5% và là mức cao nhất": a new clause, not an object
        if start >= end or not text[start].isalpha():
            return None
        found = self.noun_after(text, Mention(mention.kind, 0, start, start, "", start, noun_start=start), end)
        reference = (mention.reference or "").lower()
        if found and reference and (found.lower().startswith(reference) or reference.startswith(found.lower())):
            return None
        return found

    @cached_property
    def noun_stop_here(self) -> regex.Pattern[str]:
        return regex.compile(rf"(?:{alternation(self.lib.labels.noun_stops)}){WORD_END}", regex.I)

    def _noun_stop(self, stretch: str) -> regex.Match[str] | None:
        """The first stop word, unless it ends a phrase kept whole ("giải dành cho học sinh")."""
        stop = self.noun_stop.search(stretch)
        while stop and stop.group().split()[-1].lower() in self.kept_keys:
            if not self.kept_phrase.search(stretch, 0, stop.end()):
                break
            stop = self.noun_stop.search(stretch, stop.end())
        return stop

    @cached_property
    def kept_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.labels.noun_phrases_kept)

    @cached_property
    def kept_phrase(self) -> regex.Pattern[str]:
        return regex.compile(rf"{WORD_START}(?:{alternation(self.lib.labels.noun_phrases_kept)})$", BACKWARD)

    @cached_property
    def named_agent(self) -> regex.Pattern[str]:
        """A passive marker whose agent is a name: "được UBND tỉnh tặng", "được nhận giấy khen của Giám đốc Sở"."""
        passive = alternation(self.lib.labels.passive_markers)
        return regex.compile(rf"\s(?:{passive})\s+(?:\p{{Ll}}+\s+){{0,5}}?(?-i:\p{{Lu}})", regex.I)

    @cached_property
    def new_clause_word(self) -> regex.Pattern[str]:
        return regex.compile(rf"(?:{alternation(self.lib.labels.new_subject_connectors)}){WORD_END}", regex.I)

    @cached_property
    def object_preposition(self) -> regex.Pattern[str]:
        return regex.compile(rf"(?:{alternation(self.lib.labels.object_prepositions)})\s+", regex.I)

    @cached_property
    def _linking(self) -> set[str]:
        existential = set(self.lib.labels.existential)
        return {p for p in self.lib.labels.predicates if p not in existential}

    def _count_label(
        self,
        text: str,
        mention: Mention,
        subject: Subject,
        before: Before,
        end: int,
    ) -> str | None:
        after, previous = self.noun_after(text, mention, end), before.label
        named = subject.text if len(subject.text.split()) > 1 else ""
        if subject.predicate in self._linking and named:
            return named
        bare = after is None or after.lower() == (mention.unit or "")
        if bare and subject.predicate in self.lib.labels.existential and named:
            return named
        if bare and subject.measure_noun and subject.measure_noun.lower() not in self.generic_measures:
            return subject.measure_noun
        # "trong đó khách quốc tế 350 nghìn lượt": the part named right before it. A capitalised
        # name there ("trong đó Bưu điện tỉnh 31.862 hộ") says who, not what was counted.
        part = subject.breakdown and named[:1].islower()
        if bare and not subject.predicate and (part or self.quantity_head.match(named)):
            return named
        if bare and previous and before.unit == mention.unit and not subject.predicate:
            return previous
        if after:
            return after
        return named or previous


# A subject after a comma joins the segment before it when it is short, or when that segment is a
# cut-off first half of a pair ("nông, lâm nghiệp và thủy sản") or opens with a quantity noun
# ("Giá trị góp vốn, mua cổ phần ...").
_SHORT_SUBJECT_WORDS = 3
_TRUNCATED_WORDS = 2
_JOINED_SUBJECT_WORDS = 10
# How far back from a figure its subject is looked for: a bound that keeps a sentence of thousands of
# figures (a flattened table) linear; real subjects are a few dozen characters.
_LOOKBACK = 600
_DIGIT = regex.compile(r"\d")
_ACRONYM = regex.compile(r"\((?:[^()\d]{1,30})\)")
_LEADING_ASIDE = regex.compile(r"^\([^()]*\)")


def _hide_acronyms(segment: str) -> str:
    """Blank out "(GRDP)", "(BTS)": an aside in brackets does not end a clause."""
    return _ACRONYM.sub(lambda m: " " * len(m.group()), segment)


def _skip_blanks(text: str, pos: int, stop: int) -> int:
    while pos < stop and text[pos] in " \t":
        pos += 1
    return pos
