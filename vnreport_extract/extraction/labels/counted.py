"""The noun phrase after a figure: "cho hơn 3.900 cán bộ, công chức, viên chức về ...", what a
change is of ("giảm 5% số người chết ..."), what a rank is on ("thứ 13 ... về chuyển đổi số")."""

from __future__ import annotations

from functools import cached_property, lru_cache
from itertools import pairwise
from typing import NamedTuple

import regex

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.extraction.labels.clauses import DIGIT, LOOKBACK, PUNCT, STANDALONE_NUMBER, skip_blanks
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.extraction.labels.trim import LabelTrimmer
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.library import WORD_END, WORD_START, alternation, prefix_tree, tail_key

# How far after a figure its noun phrase is read: a bound that keeps a sentence of thousands of figures
# linear; a label has at most `max_syllables` syllables and a list of nouns a few more.
_PHRASE_REACH = 400
_NUMBER_NEXT = compile_pattern(r"\s*\d")
_LIST_NOUN_WORDS = 3  # words of an item of a list of nouns ("cán bộ, công chức, viên chức")
_LIST_PART_WORDS = 4  # words of each part of a list's last segment a coordinator joins ("hoa màu và cây ăn quả")
_JOINED_HEAD_WORDS = 12  # words after a lone noun and a comma: its second head and what both share
_PERIOD_TAIL = 12  # characters past a stop where a period that started before it may end
_FIRST_WORD = 12  # characters that hold a phrase's first word, for a set lookup before a pattern
_HARD_PUNCT = compile_pattern(r"[;:()\[\]\"“”!?|]|\.(?!\d)")  # PUNCT but the comma, and the point of "PM2.5"
_READINGS_KEPT = 4096  # phrases after a figure remembered
# a number (or a range: "2-5 m3/giờ") with a unit or scale word right after it
_FIGURE = compile_pattern(r"\d+(?:[.,]\d+)*(?:\s*[-–]\s*\d+(?:[.,]\d+)*)?\s*[%\p{L}]")


class _Reading(NamedTuple):
    scan: str  # the text after the figure, bounds inside it ("dưới 1 tuổi") blanked out with "_"
    stretch: str  # its start up to the first stop: the noun phrase before it is tidied
    cut: int  # where the first stop is
    number: int | None  # where a number standing alone is, if any


class NounPhraseReader:
    def __init__(self, cues: LabelCues, trimmer: LabelTrimmer) -> None:
        self.cues = cues
        self.words = cues.noun_phrase  # where the noun phrase after a figure stops and what goes on past a stop
        self.trim = trimmer
        # a pure function of the text after a figure, which repeats ("so với cùng kỳ", "hộ nghèo")
        self._read_phrase = lru_cache(maxsize=_READINGS_KEPT)(self._phrase_reading)
        self._tidied = lru_cache(maxsize=_READINGS_KEPT)(self._tidy)  # and so do the phrases it tidies
        self._counted = lru_cache(maxsize=_READINGS_KEPT)(self._counted_phrase)

    def after(self, text: str, mention: Mention, sentence_end: int) -> str | None:
        """The counted noun phrase that starts at the mention's unit (or right after a percent)."""
        cues = self.cues
        start = mention.noun_start
        measured = mention.kind in ("percent", "measure", "money") or (mention.kind == "ratio" and bool(mention.unit))
        if start is None and measured:  # "162/250 ha đất công nghiệp": a ratio in a measure unit, as a measure
            start = self._phrase_after_figure(text, mention, sentence_end)
        if start is None or cues.new_clause_word.match(text, start, sentence_end, HOLD_GIL):
            return None  # "… 120 nghìn tỷ đồng và tiếp tục …": a new clause, not a noun phrase
        if cues.possessive.match(text, start, sentence_end, HOLD_GIL):
            return None  # "… 950 tỷ đồng của năm trước": whose figure, not what it measures
        # the phrase never runs past punctuation other than a comma: read no further than that
        reach = min(sentence_end, start + _PHRASE_REACH)
        hard = _HARD_PUNCT.search(text, start, reach, HOLD_GIL)
        full = text[start : hard.start() if hard else reach]
        read = self._read_phrase(full)
        stretch, tidy = self._counted(full, mention.kind == "rate", mention.unit)
        # a number with its unit right after the phrase: "quy mô khoảng 5.300 căn", not the score in "đạt điểm 10"
        number, cut = read.number, read.cut
        next_figure = number is not None and number == cut and not full[len(stretch) : cut].strip()
        next_figure = next_figure and bool(_FIGURE.match(text, start + cut, sentence_end))
        if tidy and tidy.lower() in self.words.unit_pairs:
            return tidy.split(",", 1)[0]  # "7.215 vụ, việc": the unit alone
        return self._before_measure(tidy) if tidy and next_figure else tidy

    def _counted_phrase(self, full: str, rate: bool, unit: str | None) -> tuple[str, str | None]:
        """The stretch of `full` that names what a figure counts, and that stretch tidied (a pure function of the
        text after the figure, whether the figure is a rate and its unit)."""
        read = self._read_phrase(full)
        stretch = read.stretch
        if not self.words.passive_words.absent(stretch):  # "được", "bị" (most have none)
            stretch = self._before_passive_clause(stretch, unit)
        if not self.words.possessive_words.absent(stretch) and (owner := self.words.owner_inside.search(stretch)):
            stretch = stretch[: owner.start()]  # "3.400 bài dự thi của học sinh …": whose they are is no part
        if rate:
            stretch = stretch.split("/", 1)[0]  # "32 học sinh/lớp": what is counted per class
        in_bound = read.scan[len(stretch.rstrip()) - 1 : len(stretch.rstrip())] == "_"  # "trẻ dưới 1 tuổi"
        return stretch, self._tidied(stretch, in_bound)

    def _phrase_reading(self, full: str) -> _Reading:
        """The stretch of `full` (the text from a noun phrase's start to the next punctuation other than a
        comma) up to its first stop, and where a number stands in it."""
        cues = self.cues
        # "trẻ em dưới 1 tuổi được tiêm chủng": a bound inside the phrase stops nothing
        # every bound holds a number and a unit of age: most phrases have none and skip the scan
        digits = DIGIT.search(full)
        bounded = digits and not self.words.modifier_unit_words.absent(full)
        scan = self.words.bound_modifier.sub(lambda m: "_" * len(m.group()), full) if bounded else full
        # the next item of a list follows a comma or a coordinator, a second predicate a coordinator
        coordinated = not cues.lists.coordinator_words.absent(scan)
        number = STANDALONE_NUMBER.search(scan) if digits else None
        stops = (
            self.words.noun_stop_here.match(scan),  # a stop word right at the start: no noun follows
            self._noun_stop(scan),
            number,
            self.words.spelled_item.search(scan) if coordinated or "," in scan else None,
            self.words.coordinated_predicate.search(scan) if coordinated else None,
            self._next_item_subject(scan) if coordinated and digits else None,
            self.words.qualifier_inside.search(scan),
            # "14 vụ cháy làm 2 người chết": what the cases caused is a figure of its own
            self.words.causing.search(scan) if digits and not self.words.causing_words.absent(scan) else None,
        )
        cut = min((m.start() for m in stops if m), default=len(full))
        reach = min(len(scan), cut + _PERIOD_TAIL)  # a stop at the year of "vào năm 2030" still reads the year
        timed = not self.trim.period_words.absent(scan, 0, cut)
        period = cues.time_place.period_scan.search(scan, 0, reach) if timed else None
        cut = min(cut, period.start()) if period else cut  # "6.500 con vào năm 2030": when, not what
        stretch = self._cut_at_punctuation(full[:cut], full)  # the start of `full`
        return _Reading(scan, stretch, cut, number.start() if number else None)

    def _before_measure(self, phrase: str) -> str | None:
        """"6 dự án quy mô khoảng 5.300 căn", "2 máy có giá trị 86,5 tỷ đồng": a measure noun right before the next
        figure names that figure and is no part of this one's noun phrase, nor is the verb that has it."""
        ends = self.cues.ends
        key = tail_key(phrase)
        if key not in ends.measure_keys or (key in ends.compound_keys and ends.peel_compound.search(phrase)):
            return phrase  # "dự án giao thông trọng điểm": a word that only ends like a measure noun
        found = ends.measure_tail.search(phrase)
        if found is None or found.start() == 0:
            return phrase
        head = phrase[: found.start()].rstrip()
        verb = ends.existential_tail.search(head)
        return (head[: verb.start()].rstrip() if verb else head) or phrase

    def _phrase_after_figure(self, text: str, mention: Mention, sentence_end: int) -> int | None:
        """Where the noun phrase after a percent, measure or amount starts (past a qualifier or a period:
        "52.000 tỷ đồng cả năm"), or None where the predicate follows instead."""
        cues = self.cues
        start = skip_blanks(text, mention.end, sentence_end)
        if found := self.words.qualifier_after.match(text, start, sentence_end):
            start = skip_blanks(text, found.end(), sentence_end)
        if period := cues.time_place.period_scan.match(text, start, sentence_end):
            start = skip_blanks(text, period.end(), sentence_end)
        if start >= sentence_end or not text[start].isalpha():
            return None
        first = text[start : min(sentence_end, start + _FIRST_WORD)].split(maxsplit=1)[0].lower()
        if first in self.words.predicate_opener_keys and self.words.predicate_opener.match(text, start, sentence_end):
            return None  # "Khoản vay 500 triệu USD đã được giải ngân": the predicate, no noun phrase
        return start

    def _tidy(self, stretch: str, in_bound: bool) -> str | None:
        """The counted stretch without trailing function words, a qualifier of the next figure or what
        follows a place that ends who is counted."""
        cues = self.cues
        stripped = stretch.strip()
        key = tail_key(stripped)  # the tail patterns match only where their words' last tokens end the phrase
        words = self.words
        if not in_bound and not (key in words.kept_keys and words.kept_phrase.search(stripped)):  # "thí sinh tự do"
            stretch = words.trailing_function_word.sub("", stripped) if key in words.function_word_keys else stripped
        stretch = stretch.strip(" ,/-")
        qualifier = (tail := cues.ends.qualifier_tails.get(tail_key(stretch))) and tail.search(stretch)
        if qualifier:  # "… gây thiệt hại khoảng" before the next figure
            stretch = stretch[: qualifier.start()].rstrip(" ,")
            stretch = self.words.trailing_function_word.sub("", stretch).strip(" ,/-")  # "người bị thương và hơn …"
        # "40.000 thí sinh Thanh Hóa bước vào kỳ thi": the place ends who is counted
        places = cues.time_place
        place = None if places.location_syllables.isdisjoint(stretch.split()) else places.location.search(stretch)
        if place and place.start() > 0:
            stretch = stretch[: place.end()]
        return self.trim.limit_front(stretch) or None

    def _next_item_subject(self, scan: str) -> regex.Match[str] | None:
        """"95 người và nhi khoa 55 người": the words after a coordinator that run into the next figure name
        that figure, not this one; not "và học sinh năm 2024" (a year) nor "và phổ thông với 4.000 học sinh"
        (a stop word first: the figure is the object of another phrase)."""
        cues = self.cues
        item = self.words.coordinated_item.search(scan)
        if item is None or self.words.noun_stop.search(item.group()):
            return None
        period = cues.time_place.period_expression.search(scan, item.start(), min(len(scan), item.end() + _PERIOD_TAIL))
        return None if period and period.start() < item.end() else item

    def _before_passive_clause(self, stretch: str, unit: str | None) -> str:
        if agent := self.words.named_agent.search(stretch):  # "cá nhân được UBND tỉnh tặng": who gave, not what
            return stretch[: agent.start()]
        if (passive := self.words.passive.search(stretch)) and len(stretch[: passive.start()].split()) > 1:
            if passive.group().split()[-1].lower() in self.words.adversative_keys:
                return stretch.split(",", 1)[0]  # "14.600 con lợn bị tiêu hủy": what befell them says which
            return self._before_passive(stretch, passive.start(), passive.end(), unit)
        return stretch

    @staticmethod
    def _before_passive(stretch: str, start: int, end: int, unit: str | None) -> str:
        """"trẻ dưới 1 tuổi được tiêm chủng …": the noun before the passive; what was done to them names
        no figure. But "doanh nghiệp được cấp giấy chứng nhận doanh nghiệp khoa học và công nghệ": the
        noun named again in the clause with its kind; and "9 học sinh được triệu tập vào đội tuyển": a
        bare counted noun keeps the clause that says which."""
        head = stretch[:start].strip()
        rest = stretch[end:]
        again = rest.lower().find(f" {head.lower()} ")
        if again >= 0:
            return rest[again + 1 :]
        return stretch if " ".join(head.lower().split()) == (unit or "").lower() else head

    def _noun_stop(self, stretch: str) -> regex.Match[str] | None:
        """The first stop word, unless it ends a phrase kept whole ("giải dành cho học sinh")."""
        stop = self.words.noun_stop.search(stretch)
        while stop and stop.group().split()[-1].lower() in self.words.kept_keys:
            if not self.words.kept_phrase.search(stretch, 0, stop.end()):
                break
            stop = self.words.noun_stop.search(stretch, stop.end())
        return stop

    def _cut_at_punctuation(self, stretch: str, full: str) -> str:
        """Stop at punctuation, but read a list of short nouns: "cán bộ, công chức, viên chức".
        `stretch` is the start of `full` (the rest of the sentence) before any stop word."""
        out, rest = "", stretch
        # "6.215 giấy, cấp đổi, cấp lại 15.131 giấy": short segments running into a number are its subject
        last = stretch.rsplit(",", 1)[-1]
        into_number = len(last.split()) <= _LIST_NOUN_WORDS and bool(_NUMBER_NEXT.match(full, len(stretch)))
        while True:
            match = PUNCT.search(rest)
            if not match:
                return out + rest
            out, rest = out + rest[: match.start()], rest[match.end() :]
            if match.group() != "," or into_number:
                return out
            following = PUNCT.split(rest, maxsplit=1)[0].strip()
            # after a lone noun the comma joins two heads of one phrase ("1.870 tổ, đội quần chúng bảo vệ rừng"),
            # read up to the stop word that ends the stretch
            # (not the subject of the next figure: "sự cố vĩnh cửu 214 vụ, sự cố thoáng qua 912 vụ")
            joined = len(out.split()) <= 2 and self._names_more(following) and not self._subject_of_next(stretch, full)
            longest = _JOINED_HEAD_WORDS if joined or self._closes_list(out, following) else _LIST_NOUN_WORDS
            if not following or len(following.split()) > longest or not following[0].islower():
                return out
            if self._opens_next_item(full[len(stretch) - len(rest) :]):
                return out  # "120 sản phẩm, tiếp đến là …": the next item of a ranked list, not a noun
            if self._opens_a_figure(rest if joined else full[len(stretch) - len(rest) :]):
                return out
            if self._counts_again(full[len(stretch) - len(rest) :], out):
                return out  # "15.260 người, đi làm việc ở tỉnh ngoài 5.790 người": the next item, in the same unit
            out += ","

    def _closes_list(self, head: str, segment: str) -> bool:
        """"1.245 tin báo, tố giác tội phạm và kiến nghị khởi tố": a segment whose two short parts a coordinator
        joins ends the list of nouns the comma goes on with; not a list of what was done ("268 công trình đã
        xuống cấp, vận hành cầm chừng hoặc bỏ không") nor an aside ("rừng trồng, chủ yếu là thông và keo")."""
        joined = self.cues.lists.coordination_word.search(segment)
        if joined is None or self.aside_opening.match(segment) or self.clause_cut.search(head):
            return False
        first, last = segment[: joined.start()].split(), segment[joined.end() :].split()
        return 0 < len(first) <= _LIST_PART_WORDS and 0 < len(last) <= _LIST_PART_WORDS

    @cached_property
    def clause_cut(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{WORD_START}(?:{alternation(self.cues.lib.labels.noun_cuts)}){WORD_END}", regex.I)

    @cached_property
    def aside_opening(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.cues.lib.labels.aside_openers)}){WORD_END}", regex.I)

    def _subject_of_next(self, stretch: str, full: str) -> bool:
        """Whether the stretch's last words run straight into the next figure, with no coordinator between."""
        if not _NUMBER_NEXT.match(full, len(stretch)):
            return False
        return not self.cues.lists.coordinator_tail.search(stretch.rstrip())

    def _names_more(self, segment: str) -> bool:
        """A segment that opens with a counted noun ("đội quần chúng bảo vệ rừng"; not "giúp nhiều gia đình
        thoát nghèo", "tạo việc làm")."""
        return bool(self.counted_noun_opening.match(segment))

    @cached_property
    def counted_noun_opening(self) -> regex.Pattern[str]:
        return compile_pattern(rf"{prefix_tree(self.cues.lib.units.count.nouns)}{WORD_END}", regex.I)

    def _opens_next_item(self, segment: str) -> bool:
        return bool(self.next_item.match(segment))

    @cached_property
    def next_item(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s*(?:{alternation(self.cues.lib.labels.next_item_openers)}){WORD_END}", regex.I)

    @staticmethod
    def _counts_again(segment: str, phrase: str) -> bool:
        """Whether the comma segment holds a number of the noun the phrase opens with: the next item of a list."""
        if not phrase.strip():
            return False
        head = phrase.split(maxsplit=1)[0].lower()
        words = PUNCT.split(segment, maxsplit=1)[0].lower().split()
        return any(noun == head and _NUMBER_NEXT.match(number) for number, noun in pairwise(words))

    def _opens_a_figure(self, segment: str) -> bool:
        """"..., làm chết 8 người": the next list item is a new figure's clause (a number before any stop)."""
        segment = PUNCT.split(segment, maxsplit=1)[0]
        stop = self.words.noun_stop.search(segment)
        if self.cues.qualified_number.search(segment):  # "…, khách quốc tế trên 300 nghìn lượt"
            return True
        if self.cues.verb_number.search(segment):  # "…, số người chết giảm 6 người": a clause of its own
            return True
        if self.cues.standing_verb.search(segment):  # "… 1.870 xe, huyện Đông Sơn xếp thứ ba với 960 xe": ranked
            return True
        return bool(DIGIT.search(segment, 0, stop.start() if stop else len(segment)))

    def object_of_change(self, text: str, mention: Mention, end: int) -> str | None:
        """"giảm ít nhất 5% số người chết do tai nạn ...": what the change is of, after it;
        "tăng 15,3% về số doanh nghiệp": after a preposition. The plan a change is measured
        against ("vượt 12% dự toán") is its reference, not its object."""
        cues = self.cues
        start = skip_blanks(text, mention.end, end)
        if bound := self.words.qualifier_after.match(text, start, end, HOLD_GIL):  # "giảm từ 5% trở lên số vụ cháy"
            start = skip_blanks(text, bound.end(), end)
        if about := cues.object_preposition.match(text, start, end, HOLD_GIL):
            start = about.end()
        elif cues.no_object_word.match(text, start, end, HOLD_GIL):
            return None  # "tăng 3,5% và là mức cao nhất": a new clause, not an object
        if start >= end or not text[start].isalpha():
            return None
        found = self.after(text, _noun_at(mention.kind, start), end)
        if found is None and about and (side := cues.dimension_noun.match(text, start, end)):
            return side.group()  # "giảm 12,4% về trị giá": a side that also opens a clause (", trị giá 787 triệu USD")
        reference = (mention.reference or "").lower()
        if found and reference and (found.lower().startswith(reference) or reference.startswith(found.lower())):
            return None
        return found

    def rank_topic(self, text: str, mention: Mention, sentence_end: int) -> str | None:
        """"... thứ 13 trong 63 tỉnh thành về mức độ chuyển đổi số": the topic after "về";
        "TOP 10 địa phương có chỉ số DTI cao nhất": what the top is measured on."""
        cues = self.cues
        clause_end = text.find(";", mention.end, sentence_end)  # "…, xếp thứ 9/63; riêng Chỉ số hài lòng về …"
        end = sentence_end if clause_end < 0 else clause_end
        match = cues.ranks.about.search(text, mention.end, end) or cues.ranks.top_topic.search(text, mention.end, end)
        if not match:
            return None
        topic = match["topic"]
        if scope := cues.ranks.scope_inside.search(topic):  # "về chuyển đổi số trong cả nước"
            topic = topic[: scope.start()]
        if field := cues.ranks.sized_field_inside.search(topic):  # "về tỷ lệ đúng giờ trong 6 hãng hàng không"
            topic = topic[: field.start()]
        if second := self.words.coordinated_predicate.search(topic):  # "về tỷ lệ tốt nghiệp và thuộc nhóm …"
            topic = topic[: second.start()]
        return " ".join(topic.split()) or None

    def index_before(self, text: str, start: int, mention: Mention, end: int) -> str | None:
        """"theo kết quả Chỉ số chuyển đổi số (DTI) năm 2024 …, tỉnh X xếp thứ 9/63": a rank whose
        subject is only a place is a rank on the index the sentence names before it."""
        window_start = max(start, mention.start - LOOKBACK)
        found = self.cues.ranks.index_noun_last.search(text, window_start, mention.start)
        if found is None:
            return None
        return self.after(text, _noun_at("rank", found.start()), end)


def _noun_at(kind: str, at: int) -> Mention:
    """A stand-in mention whose noun phrase starts at `at`."""
    return Mention(kind, 0, at, at, "", at, noun_start=at)


def stand_in(at: int) -> Mention:
    """A stand-in count whose noun phrase starts at `at`: the phrase read from there."""
    return _noun_at("count", at)
