"""The last check on a label: never a bare unit, a verb or function word, a reference, a list
marker or a number fragment ("điểm", "tăng", "cùng kỳ", "a)", "ngày 22-")."""

from __future__ import annotations

from functools import cached_property, lru_cache

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.labels.clauses import DIGIT, LETTER
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.library import alternation, phrase_keys

_EDGE_PUNCTUATION = " ,;:–+•*·/-"
_LIST_MARKER = compile_pattern(r"\(?(?:\p{L}|\d{1,2}|[ivxIVX]{1,4})[.)]")
_LIST_MARKER_MAX = 6  # characters: a longer label is no list marker
# read from the end: one try at the label's end, not one at each character
_DANGLING_NUMBER = compile_pattern(r"\s*\d*\s*[-–/]\s*\Z", regex.REVERSE)
_DANGLING_ENDS = ("-", "–", "/")  # what a label that ends in a dangling number ends with
_SEEN_MAX = 4096


class LabelCheck:
    def __init__(self, cues: LabelCues) -> None:
        self.cues = cues
        self._edges_seen: dict[str, bool] = {}  # labels repeat down a table's rows and across a report
        self._clean = lru_cache(maxsize=_SEEN_MAX)(self._cleaned)  # a pure function of the label, kind and unit

    def clean(self, label: str | None, mention: Mention) -> str | None:
        """`label` without punctuation at its ends, or None when it names nothing."""
        return self._clean(label, mention.kind, mention.unit) if label else None

    def _cleaned(self, label: str, kind: str, unit: str | None) -> str | None:
        if label.rstrip().endswith(_DANGLING_ENDS):
            label = _DANGLING_NUMBER.sub("", label)
        label = label.strip(_EDGE_PUNCTUATION)
        if DIGIT.search(label) and (joined := self.joined_figure.search(label)) is not None:
            label = label[: joined.start()]  # "quy mô tổng tài sản và thứ 6 về …": the next figure's own words
        if not (label[:1].isalpha() or LETTER.search(label)):
            return None
        if len(label) <= _LIST_MARKER_MAX and _LIST_MARKER.fullmatch(label):
            return None
        if self.rank_alone.fullmatch(label):
            return None  # "thứ 3": a rank, the figure's place in a list, never what it measures
        key = " ".join(label.lower().split())
        if self._opens_a_passive(key):
            return None  # "trong đó 97% được thu gom, xử lý": what was done, not what was measured
        counted = key in self.count_nouns or (kind != "change" and key == (unit or "").lower())
        if kind in ("count", "ratio", "change") and counted:
            return label  # "2.035 vị trí", "35.000 khán giả": a bare counted noun names what is counted
        if key in self.sides:
            return label  # "giảm 12,4% về trị giá": a side a change is measured on, though "trị giá" is a verb too
        if key in self.not_labels or self._own_unit(key, unit):
            return None
        if key in self.cues.lib.currency_by_surface and unit == "%":
            return label  # "đô la Mỹ giảm 0,3%": a currency's own value moves by a percent
        if key in self.unit_words and (key not in self.measure_nouns or kind != "percent"):
            return None  # "tấn", "Mbit/s"; but "điểm" names the score a percent is of
        return label

    @cached_property
    def rank_alone(self) -> regex.Pattern[str]:
        rank = self.cues.lib.rank
        ordinals = rf"(?:{alternation(rank.spelled_ordinals)}|\d+)"
        return compile_pattern(rf"(?:{alternation(rank.ordinal)})\s+{ordinals}", regex.I)

    def open_edge(self, label: str) -> bool:
        """Whether a label starts or ends with a word no noun phrase starts or ends with (`edge_starts`,
        `edge_ends`, a verb of change and its adverb) or holds a verb of status (`edge_inside`): it ran
        past its noun phrase, a guess."""
        seen = self._edges_seen
        if (known := seen.get(label)) is not None:
            return known
        if len(seen) > _SEEN_MAX:
            seen.clear()
        seen[label] = found = self._open_edge(label)
        return found

    def _open_edge(self, label: str) -> bool:
        words = label.lower().split()
        if not words:
            return False
        starts, ends, nouns, inside = self.edges
        heads = (words[0], " ".join(words[:2]), " ".join(words[:3]))
        tails = (words[-1], " ".join(words[-2:]), " ".join(words[-3:]))
        if not starts.isdisjoint(heads) and nouns.isdisjoint(heads):
            return True
        if not ends.isdisjoint(tails) and nouns.isdisjoint(tails):
            return True
        if self.inside_heads.isdisjoint(words):
            return False
        return any(" ".join(words[i : i + n]) in inside for i in range(len(words)) for n in (1, 2, 3))

    @cached_property
    def joined_figure(self) -> regex.Pattern[str]:
        """A joiner, then a lower-case word or none, then a number: a label that ran on into the next figure
        ("… và thứ 6 về …"), not a name with digits ("Đài Thơm 8 và Jasmine 85")."""
        return compile_pattern(rf"\s*(?:{alternation(self.cues.lib.change.joiners)})\s+(?:\p{{Ll}}+\s+)?\d")

    @cached_property
    def edges(self) -> tuple[frozenset[str], ...]:
        lab, ch = self.cues.lib.labels, self.cues.lib.change
        moved = [f"{verb} {adverb}" for verb in ch.verbs for adverb in lab.change_adverbs]
        phrases = (lab.edge_starts, [*lab.edge_ends, *moved], lab.edge_nouns, lab.edge_inside)
        return tuple(phrase_keys(words) for words in phrases)

    @cached_property
    def inside_heads(self) -> frozenset[str]:
        return frozenset(phrase.split()[0] for phrase in self.edges[3])

    def _opens_a_passive(self, key: str) -> bool:
        words = key.split(maxsplit=2)
        lab = self.cues.lib.labels
        return words[0] in self.passive_markers and (len(words) < 2 or words[1] not in lab.passive_not_before)

    @cached_property
    def passive_markers(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.cues.lib.labels.passive_markers)

    def _own_unit(self, key: str, unit: str | None) -> bool:
        """Whether `key` is a surface of the mention's own unit: "0,5123 điểm" is not labelled "điểm"."""
        unit = (unit or "").lower()
        return key == unit or key in self.surfaces.get(unit, ())

    @cached_property
    def not_labels(self) -> frozenset[str]:
        """Verbs, adverbs, prepositions, connectors and references: each alone names no figure (but the nouns
        written like one of them, `edge_nouns`, do)."""
        lib = self.cues.lib
        lab, ch, q, refs = lib.labels, lib.change, lib.qualifiers, lib.references
        words = [
            *lab.predicates, *lab.subject_tail, *lab.openers, *lab.noun_stops, *lab.frame_heads,
            *lab.coordinators, *lab.new_subject_connectors, *lab.reporting_verbs, *lab.aspect_words,
            *lab.possessive, *lab.period_glue, *lab.not_labels,
            *ch.verbs, *ch.to_level, *lib.rank.verbs,
            *q.before, *q.after, *q.range["from"], *lib.units.not_units.words,
            *refs.plan_nouns, *refs.comparison, *refs.trailing,
        ]
        return phrase_keys(words) - phrase_keys(lab.edge_nouns)  # "tăng trưởng" is a verb, and a noun alone

    @cached_property
    def sides(self) -> frozenset[str]:
        return phrase_keys(self.cues.lib.labels.dimension_nouns)

    @cached_property
    def surfaces(self) -> dict[str, frozenset[str]]:
        units = self.cues.lib.units
        by_unit = {m.unit.lower(): m.surfaces for m in units.measure}
        by_unit |= {c.code.lower(): c.surfaces for c in units.currency}
        by_unit["%"] = units.percent.words
        by_unit[units.score.unit.lower()] = units.score.nouns
        return {unit: frozenset(s.lower() for s in surfaces) for unit, surfaces in by_unit.items()}

    @cached_property
    def measure_nouns(self) -> frozenset[str]:
        return frozenset(noun.lower() for noun in self.cues.lib.labels.measure_nouns)

    @cached_property
    def unit_words(self) -> frozenset[str]:
        units = self.cues.lib.units
        surfaces = [s for m in units.measure for s in m.surfaces] + [s for c in units.currency for s in c.surfaces]
        surfaces += [*units.percent.words, *units.score.nouns]
        return frozenset(s.lower() for s in surfaces)

    @cached_property
    def count_nouns(self) -> frozenset[str]:
        return frozenset(noun.lower() for noun in self.cues.lib.units.count.nouns)
