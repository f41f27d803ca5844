"""Trimming a phrase into a label: periods, places and openers off its ends, a bounded length."""

from __future__ import annotations

from functools import cached_property, lru_cache
from string import digits

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.labels.clauses import DIGIT
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.library import WORD_END, WORD_START, Required, alternation, head_key, head_keys, not_after

_LEADING_ASIDE = compile_pattern(r"^\([^()]*\)")
_OWNER_WORDS = 4  # syllables of an owner's name long enough to outweigh the head it owns
_SUBJECTS_KEPT = 4096  # trimmed subjects remembered: a sentence's figures read the same left contexts again


class LabelTrimmer:
    def __init__(self, cues: LabelCues) -> None:
        self.cues = cues
        self.subject = lru_cache(maxsize=_SUBJECTS_KEPT)(self._subject)  # a pure function of the phrase
        self.without_owners = lru_cache(maxsize=_SUBJECTS_KEPT)(self._without_owners)  # and so is this one

    def _subject(self, subject: str) -> str:
        """A subject without its period, its place, its openers, within the length bound."""
        cues = self.cues
        subject = subject.strip()
        if not subject:
            return ""  # a figure right after a comma or a colon: no subject of its own, nothing to trim
        if subject.startswith("(") and ")" not in subject:
            subject = subject[1:]  # "(cùng kỳ 2019: …": the topic of an aside
        if cues.frame_head.match(subject):
            return ""  # "so với cùng kỳ", "ở khu vực miền núi": a frame of the figure, not what it measures
        if cues.plan_subject.fullmatch(subject):
            return ""  # "Mục tiêu của ngành": a plan and its owner name no figure, what it plans does
        example = None if self.example_words.absent(subject) else self.example.search(subject)
        if example and not cues.quantity_head.match(subject):
            subject = subject[example.end() :]  # "Một số sản phẩm tăng cao như xi măng": the example
        unframed = subject
        syllables = set(subject.split())
        # spans and "as of" dates ("giai đoạn 2021-2025", "đến 30/6/2024") always hold a digit
        timed = set(subject.lower().split()) & cues.time_place.period_syllables or DIGIT.search(subject)
        relative = not self.relative_words.absent(subject) and cues.time_place.relative_time.search(subject)
        if timed or relative or not self.occasion_words.absent(subject):
            subject = self.beside_periods(subject)
        subject = " ".join(subject.split())
        subject = self.strip_openers(subject)
        priced = self.priced(subject)
        changed = None if priced or self.change_verbs.absent(subject) else self.changed_noun.search(subject)
        if priced:  # "Mực ống tăng giá": the goods that got dearer
            subject = priced["goods"]
        elif changed:  # "đặt chỉ tiêu giảm tỷ lệ hộ nghèo": what changes
            subject = subject[changed.start("noun") :]
        subject = self._price_before_passive(subject)
        places = syllables & cues.time_place.location_syllables
        if places and cues.time_place.places.fullmatch(subject):
            return self.limit(subject)  # "Hà Nội và Đà Nẵng chiếm 45% số khách": places that name the figure together
        if places:
            subject = cues.time_place.leading_location.sub("", subject).strip(" ,")
            subject = cues.time_place.trailing_location.sub("", subject).strip(" ,")
            subject = self.strip_openers(subject)
        if subject.startswith("("):
            subject = _LEADING_ASIDE.sub("", subject).strip(" ,")
        framed = subject != unframed and cues.frame_head.match(subject)  # the same test on what is left
        if framed or cues.reference_tail_only.fullmatch(subject):
            return ""  # what is left of "trong khi mục tiêu đề ra" names no figure
        return self.limit(self.without_owner(subject.lstrip("-+•*· ")))

    def without_owner(self, subject: str) -> str:
        """"điện thương phẩm của Công ty Điện lực Nghệ An" -> "điện thương phẩm": a long capitalised owner cut."""
        if self.owner_words.absent(subject):
            return subject
        owner = self.long_owner.search(subject)
        return subject[: owner.start()] if owner else subject

    def _without_owners(self, subject: str) -> str:
        """"công suất phòng của các khách sạn ven biển" -> "công suất phòng": the many owners or places a
        quantity is measured over are no part of its name, unless the quantity is a bare noun that names
        nothing without them ("Doanh thu của các chủ thể OCOP")."""
        if self.plural_owner_words.absent(subject) or not self.cues.quantity_opening.match(subject):
            return subject
        owners = self.plural_owner.search(subject)
        if owners is None or " ".join(subject[: owners.start()].lower().split()) in self.cues.bare_quantities:
            return subject
        return subject[: owners.start()]

    @cached_property
    def plural_owner_words(self) -> Required:
        return Required(self.cues.lib.labels.plural_markers)

    @cached_property
    def plural_owner(self) -> regex.Pattern[str]:
        """A marker of owners or places after a head of two syllables or more, then a plural marker."""
        labels = self.cues.lib.labels
        markers, plural = alternation(labels.plural_owner_markers), alternation(labels.plural_markers)
        return compile_pattern(rf"(?<=\w+\s+\w+)\s+(?:{markers})\s+(?:{plural}){WORD_END}", regex.I)

    def _owner_alone(self, phrase: str) -> bool:
        """"của thành phố" after a time: an owner whose noun is before the time."""
        return head_key(phrase) in self.owner_keys and bool(self.cues.owner_phrase.fullmatch(phrase.strip(" ,")))

    @cached_property
    def owner_keys(self) -> frozenset[str]:
        return head_keys(self.cues.lib.labels.owner_markers)

    @cached_property
    def owner_words(self) -> Required:
        return Required(self.cues.lib.labels.owner_markers)

    @cached_property
    def long_owner(self) -> regex.Pattern[str]:
        """An owner marker after a head of two syllables or more, then a name that opens with a capital and runs
        `_OWNER_WORDS` syllables or more ("Ngân hàng Chính sách xã hội chi nhánh tỉnh")."""
        markers = alternation(self.cues.lib.labels.owner_markers)
        name = rf"\p{{Lu}}\w*(?:\s+\w+){{{_OWNER_WORDS - 1},}}"
        return compile_pattern(rf"(?<=\w+\s+\w+)\s+(?:{markers})\s+(?={name})")  # case-sensitive: a name

    def beside_periods(self, subject: str) -> str:
        """The stretch before the first period of a subject, or the first one after it that names
        something: a label is one unbroken stretch ("Doanh thu năm 2024 của ngành" -> "Doanh thu")."""
        cues = self.cues
        # a pattern added here needs its words in `period_words`
        matches: list[regex.Match[str]] = []  # none can match: a subject of figures alone ("1% 1% 1%")
        if not self.period_words.absent(subject):
            patterns = (cues.time_place.period_phrase,)
            patterns += () if self.horizon_words.absent(subject) else (cues.time_place.horizon_phrase,)
            patterns += () if self.relative_words.absent(subject) else (cues.time_place.relative_time,)
            matches = [*cues.time_place.period_scan.finditer(subject, 0, len(subject))]
            matches += [m for pattern in patterns for m in pattern.finditer(subject)]
        if cues.time_place.clock_hint.search(subject):
            matches += cues.time_place.clock_time.finditer(subject)
        matches = [m for m in matches if not self._bounds_a_class(subject, m)]
        occasions = [] if self.occasion_words.absent(subject) else [*cues.time_place.occasion.finditer(subject)]
        if DIGIT.search(subject):  # "dịp 14/2", "lễ 30/4": an occasion or a holiday with its day and month
            if not self.dated_occasion_words.absent(subject):
                occasions += cues.time_place.dated_occasion.finditer(subject)
            if not self.holiday_words.absent(subject):
                occasions += cues.time_place.dated_holiday.finditer(subject)
        named = self._named_pieces(subject, matches + occasions)
        if not named and occasions:
            named = self._named_pieces(subject, matches)  # "riêng các ngày cuối tuần": an occasion alone names it
        if not named:
            return ""
        return self._quantity_after_time(named) or named[0]

    def _named_pieces(self, subject: str, matches: list[regex.Match[str]]) -> list[str]:
        """The stretches of a subject between the times matched that name something."""
        pieces, at = [], 0
        for start, end in sorted(m.span() for m in matches):
            if start > at:
                pieces.append(self._without_time_lead(subject[at:start], subject, end))
            at = max(at, end)
        pieces.append(subject[at:])
        return [piece for piece in pieces if self._names_something(piece)]

    def _without_time_lead(self, piece: str, subject: str, time_end: int) -> str:
        """"Số ca cấp cứu trong" before "dịp 2/9": the lead goes with the time; not before a bound, which makes the
        time a class of the noun ("nợ từ 3 tháng trở lên")."""
        if self.cues.noun_phrase.qualifier_after.match(subject, time_end):
            return piece
        return self.cues.time_place.time_lead_tail.sub("", piece)

    def _bounds_a_class(self, subject: str, time: regex.Match[str]) -> bool:
        """"nợ từ 3 tháng trở lên", "kỳ hạn dưới 6 tháng": a bounded length of time is a class of the noun before
        it, not the time of the figure."""
        start, end = time.span()
        if not subject[start].isdigit() or not self.cues.time_place.bare_length.fullmatch(time.group()):
            return False
        time_place = self.cues.time_place
        if time_place.class_bound_before.search(subject, 0, start):
            return True
        bound = time_place.range_from_before.search(subject, 0, start)
        return bool(bound and self.cues.noun_phrase.qualifier_after.match(subject, end))

    def _quantity_after_time(self, named: list[str]) -> str:
        """"Mùa mưa năm nay lượng mưa": past a time, a stretch that opens with a quantity noun is what the figure
        measures, not the topic before the time (unless that topic names a quantity itself: "Giá phòng dịp Tết
        mức …")."""
        if len(named) < 2 or self.cues.quantity_opening.match(named[0].strip(" ,")):
            return ""
        quantity = self.cues.quantity_head
        return next((piece for piece in named[1:] if quantity.match(piece.strip(" ,"))), "")

    @cached_property
    def changed_noun(self) -> regex.Pattern[str]:
        """A change verb inside a subject, then the measure it changes: "giảm tỷ lệ hộ nghèo"."""
        ch = self.cues.lib.change
        verbs = alternation(ch.verbs)
        nouns = alternation(ch.changed_nouns)
        heads = not_after(ch.verb_noun_heads)  # after a rate's head the verb is a noun: "tốc độ tăng trưởng …"
        return compile_pattern(rf"{WORD_START}{heads}(?:{verbs})\s+(?P<noun>(?:{nouns}){WORD_END})", regex.I)

    def _price_before_passive(self, subject: str) -> str:
        """"Giá lúa tươi được thương lái thu mua tại ruộng ở mức …": a price ends before the passive verb of who set,
        paid or changed it (16 of 16 such prices of the read gold)."""
        nouns = self.cues.noun_phrase
        if nouns.passive_words.absent(subject) or not self.price_head.match(subject):
            return subject
        cut = nouns.passive.search(subject)
        return subject[: cut.start()] if cut and cut.start() > 0 else subject

    @cached_property
    def price_head(self) -> regex.Pattern[str]:
        """A price noun opening a subject ("Giá lúa tươi …"), not a noun it opens ("Giá trị sản xuất …")."""
        lab = self.cues.lib.labels
        compounds = alternation(lab.price_object_compounds)
        return compile_pattern(rf"(?!(?:{compounds}){WORD_END})(?:{alternation(lab.price_objects)}){WORD_END}", regex.I)

    def priced(self, phrase: str) -> regex.Match[str] | None:
        """`priced_goods` matched on the whole phrase, or None (told without a scan where no price noun stands)."""
        return None if self.price_words.absent(phrase) else self.priced_goods.fullmatch(phrase)

    @cached_property
    def price_words(self) -> Required:
        return Required(self.cues.lib.labels.price_objects)

    @cached_property
    def priced_goods(self) -> regex.Pattern[str]:
        """"Mực ống tăng giá mạnh", "Khoai tây gần như giữ giá": the goods (group `goods`), then a verb whose object is
        a bare price noun, with its adverbs."""
        lab = self.cues.lib.labels
        leads = alternation([*lab.subject_tail, *lab.price_verb_leads])
        verbs, nouns = alternation(lab.price_verbs), alternation(lab.price_objects)
        adverbs = alternation(self.cues.lib.change.adverbs)
        return compile_pattern(
            rf"(?P<goods>.*?\S)(?:\s+(?:{leads}))*\s+(?:{verbs})\s+(?:{nouns})(?:\s+(?:{adverbs}))*\s*", regex.I
        )

    @cached_property
    def example_words(self) -> Required:
        return Required(self.cues.lib.labels.example_markers)

    @cached_property
    def example(self) -> regex.Pattern[str]:
        """The last example marker with words after it: "… như xi măng"."""
        markers = alternation(self.cues.lib.labels.example_markers)
        other = alternation(self.cues.lib.labels.example_not_before)
        adverb = not_after(self.cues.lib.labels.example_not_after)  # "gần như": almost
        last = rf"(?!.*{WORD_START}(?:{markers})\s)"
        return compile_pattern(
            rf"{WORD_START}{adverb}(?:{markers})\s+(?=\p{{L}})(?!(?:{other}){WORD_END}){last}", regex.I
        )

    @cached_property
    def change_verbs(self) -> Required:
        return Required(self.cues.lib.change.verbs)

    @cached_property
    def horizon_words(self) -> Required:
        return Required(self.cues.lib.periods.horizon_words)

    @cached_property
    def occasion_words(self) -> Required:
        return Required(self.cues.lib.labels.occasions)

    @cached_property
    def dated_occasion_words(self) -> Required:
        return Required(self.cues.lib.labels.dated_occasions)

    @cached_property
    def holiday_words(self) -> Required:
        return Required(self.cues.lib.labels.holidays)

    @cached_property
    def relative_words(self) -> Required:
        return Required(self.cues.lib.labels.relative_times)

    @cached_property
    def period_words(self) -> Required:
        """Every match of the period patterns holds one of these words."""
        p = self.cues.lib.periods
        return Required(*self._calendar_lexicons, p.seasons, p.crop_seasons)

    @cached_property
    def calendar_words(self) -> Required:
        """The words of the calendar times: a school or crop year's ("thu" of "hè thu") are left out, common words
        ("truy thu") that are no sign of a time where no year follows."""
        return Required(*self._calendar_lexicons)

    @property
    def _calendar_lexicons(self) -> tuple[list[str], ...]:
        p = self.cues.lib.periods
        return (
            p.year_words, p.month_words, p.quarter_words, p.halves, p.whole_year, p.as_of, p.first_months,
            p.span_words, p.horizon_words, p.relative_years, self.cues.lib.labels.relative_times,
            self._shorthand_pieces,
        )

    @property
    def _shorthand_pieces(self) -> list[str]:
        """What every shorthand of a time holds: its mark with a digit after it ("T10/2025") or before it ("9T")."""
        p = self.cues.lib.periods
        led = [f"{mark}{digit}" for mark in [*p.month_marks, *p.quarter_marks, *p.half_marks] for digit in digits]
        return led + [f"{digit}{mark}" for mark in p.months_so_far_marks for digit in digits]

    def _names_something(self, piece: str) -> bool:
        piece = self.strip_openers(" ".join(piece.split()).strip(" ,"))
        if piece and set(piece.split()) & self.cues.time_place.location_syllables:
            piece = self.cues.time_place.leading_location.sub("", piece).strip(" ,")
        if self.cues.plan_subject.fullmatch(piece):
            return False  # "kế hoạch năm 2022 đặt chỉ tiêu giảm …": the plan names no figure
        if self._owner_alone(piece):
            return False  # "Kế hoạch năm 2025 của thành phố": an owner after a time owns the noun before it
        return any(word.lower() not in self.cues.time_place.period_glue for word in piece.split())

    def strip_openers(self, subject: str) -> str:
        for _ in range(3):
            if head_key(subject) not in self.cues.opener_keys:
                break
            if (unit := self.place_unit.match(subject)) and subject[unit.end() : unit.end() + 1].isupper():
                break  # "huyện Quỳnh Lưu": the word for a place's unit opens its name, not a clause
            stripped = self.cues.opener.sub("", subject).strip(" ,")
            if stripped == subject:
                break  # no opener: another try would read the same
            subject = stripped
        return subject

    @cached_property
    def place_unit(self) -> regex.Pattern[str]:
        return compile_pattern(rf"(?:{alternation(self.cues.time_place.place_units)})\s+", regex.I)

    def limit(self, phrase: str) -> str:
        """A long subject is cut before a purpose or beneficiary word, then to its first syllables."""
        words = phrase.split()
        if len(words) > 8 and (cut := self.cues.subject_cut.search(phrase)) and cut.start() > 0:
            phrase = phrase[: cut.start()]
            words = phrase.split()
        most = self.cues.lib.labels.max_syllables
        if len(words) <= most:
            return " ".join(words)
        # a subject's head comes first: keep its first syllables, never half an aside
        kept = " ".join(words[:most])
        return kept[: kept.rfind("(")].rstrip(" ,") if kept.rfind("(") > kept.rfind(")") else kept

    def limit_front(self, phrase: str) -> str:
        """A noun phrase after the figure keeps its first syllables; a long one ends before a relative
        clause ("hộ gia đình đang sử dụng dịch vụ …")."""
        labels = self.cues.lib.labels
        words = phrase.split()
        if len(words) > labels.noun_cut_after and (cut := self.noun_cut.search(phrase)):
            head = phrase[: cut.start()].split()
            words = head if len(head) > 1 else words  # "25 xã đã đạt chuẩn …": one syllable names nothing alone
        return " ".join(words[: labels.max_syllables])

    @cached_property
    def noun_cut(self) -> regex.Pattern[str]:
        return compile_pattern(rf"\s(?:{alternation(self.cues.lib.labels.noun_cuts)}){WORD_END}", regex.I)
