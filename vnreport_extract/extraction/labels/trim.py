"""Trimming a phrase into a label: periods, places and openers off its ends, a bounded length."""

from __future__ import annotations

import regex

from vnreport_extract.extraction.labels.clauses import DIGIT
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.library import head_key

_LEADING_ASIDE = regex.compile(r"^\([^()]*\)")


class LabelTrimmer:
    def __init__(self, cues: LabelCues) -> None:
        self.cues = cues

    def subject(self, subject: str) -> str:
        """A subject without its period, its place, its openers, within the length bound."""
        cues = self.cues
        syllables = set(subject.split())
        # spans and "as of" dates ("giai đoạn 2021-2025", "đến 30/6/2024") always hold a digit
        if {s.lower() for s in syllables} & cues.period_syllables or DIGIT.search(subject):
            subject = cues.horizon_phrase.sub(" ", subject)
            subject = cues.period_phrase.sub(" ", cues.period_expression.sub(" ", subject))
        subject = " ".join(subject.split())
        subject = self.strip_openers(subject)
        if syllables & cues.location_syllables:
            subject = cues.leading_location.sub("", subject).strip(" ,")
            subject = cues.trailing_location.sub("", subject).strip(" ,")
            subject = self.strip_openers(subject)
        if subject.startswith("("):
            subject = _LEADING_ASIDE.sub("", subject).strip(" ,")
        return self.limit(subject.lstrip("-+•*· "))

    def strip_openers(self, subject: str) -> str:
        for _ in range(3):
            if head_key(subject) not in self.cues.opener_keys:
                break
            subject = self.cues.opener.sub("", subject).strip(" ,")
        return subject

    def limit(self, phrase: str) -> str:
        """A long subject is cut before a purpose or beneficiary word, then to its last syllables."""
        if len(phrase.split()) > 8 and (cut := self.cues.subject_cut.search(phrase)) and cut.start() > 0:
            phrase = phrase[: cut.start()]
        words = phrase.split()
        most = self.cues.lib.labels.max_syllables
        return " ".join(words[-most:] if len(words) > most else words)

    def limit_front(self, phrase: str) -> str:
        """A noun phrase after the figure keeps its first syllables."""
        return " ".join(phrase.split()[: self.cues.lib.labels.max_syllables])
