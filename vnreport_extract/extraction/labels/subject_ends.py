"""The words that close a subject from the right, which a left context sheds before its subject: qualifiers,
predicates, verbs of change and their adverbs, measure nouns, aspect words ("Doanh thu … ước đạt khoảng" ->
"Doanh thu"), compiled once from `patterns/labels.toml` and its neighbours."""

from __future__ import annotations

from functools import cached_property

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.library import (
    BACKWARD,
    WORD_START,
    PatternLibrary,
    alternation,
    head_keys,
    phrase_keys,
    tail_key,
    tail_keys,
)


def ending_with(words: list[str] | set[str]) -> regex.Pattern[str]:
    """One of `words` ending a left context (searched from the end)."""
    return compile_pattern(rf"{WORD_START}(?P<w>{alternation(words)})\s*\Z", BACKWARD)


def endings_by_key(words: list[str]) -> dict[str, regex.Pattern[str]]:
    """`ending_with` of `words` by the last token (`tail_key`) they end with: a left context is tried only on
    the few words that end like it, not on all of them."""
    by_key: dict[str, list[str]] = {}
    for word in words:
        if (key := tail_key(word)) is not None:
            by_key.setdefault(key, []).append(word)
    return {key: ending_with(words) for key, words in by_key.items()}


class SubjectEnds:
    """Compiled words that close a subject from the right (each compiled on first use)."""

    def __init__(self, library: PatternLibrary) -> None:
        self.lib = library

    # ----- words that close a subject from the right ------------------------------------------
    # A tail pattern matches only a left context whose last token (`tail_key`) is a key of its words:
    # a context ending otherwise is told apart by a set lookup, without a scan.
    @cached_property
    def qualifier_tails(self) -> dict[str, regex.Pattern[str]]:
        return endings_by_key(self._qualifier_words)

    @cached_property
    def qualifier_keys(self) -> frozenset[str]:
        return tail_keys(self._qualifier_words)

    @property
    def _qualifier_words(self) -> list[str]:
        q = self.lib.qualifiers
        return [*q.before, *q.range["from"]]

    @cached_property
    def predicate_tails(self) -> dict[str, regex.Pattern[str]]:
        return endings_by_key(self._predicate_words)

    @cached_property
    def predicate_keys(self) -> frozenset[str]:
        return tail_keys(self._predicate_words)

    @property
    def _predicate_words(self) -> list[str]:
        lab, ch, rk = self.lib.labels, self.lib.change, self.lib.rank
        # a verb whose object names the figure ends a subject when the figure is that object: "Các doanh
        # nghiệp thu hút 65% số lao động"
        return [*lab.predicates, *lab.object_verbs, *ch.verbs, *ch.loss, *ch.multiple, *rk.verbs]

    @cached_property
    def change_adverb_tail(self) -> regex.Pattern[str]:
        """A degree adverb after a verb of change: "giảm mạnh", "tăng nhẹ" (the verb stays, peeled next)."""
        ch = self.lib.change
        verbs = alternation(ch.verbs)
        return compile_pattern(
            rf"(?<={WORD_START}{verbs})\s+(?:{alternation(self.lib.labels.change_adverbs)})\s*\Z", BACKWARD
        )

    @cached_property
    def estimate_adverb_tail(self) -> regex.Pattern[str]:
        """An adverb after an estimate word: "ước tính ban đầu", "dự kiến sơ bộ" (the word stays, peeled next)."""
        estimates = alternation(self.lib.status.estimate)
        adverbs = alternation(self.lib.labels.estimate_adverbs)
        return compile_pattern(rf"(?<={WORD_START}{estimates})\s+(?:{adverbs})\s*\Z", BACKWARD)

    @cached_property
    def estimate_adverb_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.labels.estimate_adverbs)

    @cached_property
    def measure_tail(self) -> regex.Pattern[str]:
        return ending_with(self.lib.labels.measure_nouns)

    @cached_property
    def measure_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.labels.measure_nouns)

    @cached_property
    def change_adverb_words(self) -> frozenset[str]:
        return phrase_keys(self.lib.labels.change_adverbs)

    @cached_property
    def change_adverb_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.labels.change_adverbs)

    @cached_property
    def compound_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.labels.peel_compounds)

    @cached_property
    def stretch_keys(self) -> frozenset[str]:
        """The first syllables of every word `SubjectReader._own_stretch` looks for."""
        lab = self.lib.labels
        words = [*lab.aspect_words, *lab.reporting_verbs, *lab.object_verbs, *lab.reporting_verbs_after_name]
        return head_keys([*words, *lab.existential])

    @cached_property
    def achieved_keys(self) -> frozenset[str]:
        """The words `SubjectReader._achieved` looks for: an agent's verbs, the last syllables of the verbs
        that name their figure."""
        lab = self.lib.labels
        return head_keys([*lab.agent_verbs, *lab.causative_verbs]) | tail_keys(lab.figure_verbs)

    @cached_property
    def existential_tail(self) -> regex.Pattern[str]:
        """"có", "với" ending a phrase: "2 máy xạ trị có (giá trị …)"."""
        return ending_with(self.lib.labels.existential)

    @cached_property
    def peel_compound(self) -> regex.Pattern[str]:
        """"cao điểm", "chất lượng cao": a word that ends like a measure noun or a verb but is none."""
        return ending_with(self.lib.labels.peel_compounds)

    @cached_property
    def bound_tail(self) -> regex.Pattern[str]:
        return ending_with(self.lib.qualifiers.after)

    @cached_property
    def bound_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.qualifiers.after)

    @cached_property
    def aspect_keys(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.lib.labels.aspect_words)

    @cached_property
    def estimate_keys(self) -> frozenset[str]:
        """First words of the estimate cues ("ước", "dự kiến" → "dự"): a predicate they open is the verb."""
        return frozenset(w.split()[0].lower() for w in self.lib.status.estimate)

    @cached_property
    def adverb_tail(self) -> regex.Pattern[str]:
        return ending_with(self.lib.labels.subject_tail)

    @cached_property
    def adverb_keys(self) -> frozenset[str]:
        return tail_keys(self.lib.labels.subject_tail)

    @cached_property
    def peel_keys(self) -> frozenset[str]:
        """Last tokens of every word a subject's right end may shed: a left context ending otherwise is kept."""
        words = self.qualifier_keys | self.predicate_keys | self.measure_keys
        return words | self.adverb_keys | self.change_adverb_keys | self.estimate_adverb_keys
