"""The pattern library: `patterns/*.toml` loaded, validated by pydantic and compiled once.

Input: the packaged `patterns/` folder plus any user folders (`--patterns DIR`), whose files of the
same name extend the packaged ones. Output: a `PatternLibrary` of lexicons and compiled regexes.
A broken file raises `PatternLibraryError` with one line per problem: file, entry, what is wrong.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from vnreport_extract.compiled import HOLD_GIL, compile_pattern
from vnreport_extract.errors import PatternLibraryError
from vnreport_extract.kept import keep, kept_file, read_kept, source_of

WORD_START = r"(?<![\p{L}\p{N}_])"
WORD_END = r"(?![\p{L}\p{N}_])"
# For patterns anchored at the end of a left context ("... ước đạt \Z"): searched from the end. They end
# in \Z, not $: a reversed search for $ tries every position of the window ($ also matches before a
# final newline), one for \Z only its end; the two agree when blanks (\s*, \s+) end the pattern.
BACKWARD = regex.IGNORECASE | regex.REVERSE
QUALIFIER_VALUES = {"exact", "approx", "more_than", "less_than", "at_least", "at_most"}


def _nfc_lower(words: Iterable[str]) -> list[str]:
    return [unicodedata.normalize("NFC", w).lower() for w in words]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WordList(_Strict):
    words: list[str] = Field(min_length=1)


class CountedDays(_Strict):
    day: str = ""
    subjects: list[str] = []
    followers: list[str] = []


class NumbersFile(_Strict):
    tail_only: WordList
    digits: dict[str, int]
    tens: dict[str, int]
    hundreds: dict[str, int]
    joiners: WordList
    scales: dict[str, int]
    suffix_scales: dict[str, int]
    glued_scales: dict[str, int] = {}
    halves: WordList
    negatives: WordList
    negative_in_text: list[str] = []
    not_scales: list[str] = []
    at_least_before: list[str] = []
    half_before_scale: list[str] = []
    glued_not_after: list[str] = []


class Currency(_Strict):
    code: str = Field(pattern=r"^[A-Z]{3}$")
    surfaces: list[str] = Field(min_length=1)


class Measure(_Strict):
    unit: str = Field(min_length=1)
    surfaces: list[str] = Field(min_length=1)
    signed: bool = False  # a minus written against the number makes it negative ("-4,2 độ C")


class CountNouns(_Strict):
    nouns: list[str] = Field(min_length=1)
    joined_before: list[str] = []
    number_of: list[str] = []


class ImpliedCurrency(_Strict):
    code: str = Field(pattern=r"^[A-Z]{3}$")
    nouns: list[str] = Field(min_length=1)
    verbs: list[str] = []
    verb_adverbs: list[str] = []
    price_per: list[str] = []


class Score(_Strict):
    unit: str = Field(min_length=1)
    nouns: list[str] = Field(min_length=1)
    followers: list[str] = []
    place_followers: list[str] = []
    place_leads: list[str] = []
    score_leads: list[str] = []
    index_nouns: list[str] = []


class UnitsFile(_Strict):
    implied_currency: ImpliedCurrency
    currency: list[Currency]
    measure: list[Measure]
    percent: WordList
    not_currency: list[str] = []
    quantity_words: list[str] = []
    next_word_measures: list[str] = []
    next_word_measure_objects: list[str] = []
    per_mille: dict[str, str] = {}
    per_mille_measures: list[str] = []
    per_mille_rates: list[str] = []
    count: CountNouns
    time: WordList
    counted_days: CountedDays = CountedDays()
    not_units: WordList
    score: Score


class QualifiersFile(_Strict):
    before: dict[str, str]
    after: dict[str, str]
    range: dict[str, list[str]]
    floor_kinds: list[str] = []
    floor_not_after: list[str] = []
    verbs_joined: list[str] = []
    offers_up_to: list[str] = []
    up_to: list[str] = []

    @field_validator("before", "after")
    @classmethod
    def _known_values(cls, table: dict[str, str]) -> dict[str, str]:
        for surface, value in table.items():
            if value not in QUALIFIER_VALUES:
                raise ValueError(f"{surface!r}: {value!r} is not one of {sorted(QUALIFIER_VALUES)}")
        return table


class StatusFile(_Strict):
    estimate: list[str]
    estimate_not_after: list[str] = []
    target: list[str]
    opening_plans: list[str] = []
    plan_document_marks: list[str] = []
    target_before_figure: list[str] = []
    purpose_plans: list[str] = []
    name_heads: list[str] = []
    plan_copulas: list[str] = []
    plan_totals: list[str] = []
    plan_change_subjects: list[str] = []
    plan_change_verbs: list[str] = []
    assigning: list[str] = []
    recipients: list[str] = []
    plan_done: list[str] = []
    horizon: list[str]
    future_plans: list[str] = []
    plan_paragraph: list[str]
    not_target_after: list[str]
    signed_before: list[str] = []
    indicator_nouns: list[str] = []
    noun_use_before: list[str] = []
    negations: list[str] = []
    indicator_results: list[str] = []
    realised: list[str] = []
    compared_before: list[str] = []
    result_joiners: list[str] = []
    raising: list[str] = []
    present_openers: list[str] = []
    plan_headings: list[str] = []
    result_headings: list[str] = []

    @property
    def targets(self) -> list[str]:
        """Every target cue: the plain ones and a plan as a purpose."""
        return [*self.target, *self.purpose_plans]


class ChangeFile(_Strict):
    increase: list[str]
    decrease: list[str]
    to_level: list[str]
    exceed: list[str]
    exceeded_levels: list[str] = []
    units: list[str]
    unit_canonical: dict[str, str]
    multiple: list[str]
    multiple_unit: str
    multiple_words: dict[str, float] = {}
    joiners: list[str] = []
    amount_joiners: list[str] = []
    nouns_ending_in_verb: list[str] = []
    negations: list[str] = []
    verb_noun_heads: list[str] = []
    adverbs: list[str] = []
    level_adverbs: list[str] = []
    comparatives_up: list[str] = []
    comparatives_down: list[str] = []
    shortfalls: list[str] = []
    comparative_copulas: list[str] = []
    above_level: list[str] = []
    below_level: list[str] = []
    alarm_levels: list[str] = []
    comparative_not_before: list[str] = []
    exceeded_plans: list[str] = []
    by_up: list[str] = []
    by_down: list[str] = []
    by_words: list[str] = []
    changed_nouns: list[str] = []
    changed_noun_not_last: list[str] = []
    loss: list[str] = []
    gain: list[str] = []

    @property
    def verbs(self) -> list[str]:
        """Every verb of a rise or a fall."""
        return [*self.increase, *self.decrease]

    @property
    def multiple_ends(self) -> set[str]:
        """The word that ends each multiple verb: "gấp" of "tăng gấp", "gần gấp"."""
        return {verb.split()[-1] for verb in self.multiple}

    def up_or_down(self) -> str:
        """A rise verb (group `up`) or a fall verb (group `down`), as a pattern."""
        inside = [" ".join(noun.split()[:-1]) for noun in self.nouns_ending_in_verb]
        return (
            rf"{not_after([*inside, *self.negations])}"
            rf"(?:(?P<up>{alternation(self.increase)})|(?P<down>{alternation(self.decrease)}))"
        )


class ReferencesFile(_Strict):
    comparison: list[str]
    plan_nouns: list[str]
    trailing: list[str]
    stops: list[str]
    stop_compounds: list[str] = []
    keep_head: list[str]
    set_by: list[str] = []
    set_by_leads: list[str] = []
    compared_level: list[str] = []
    equal_to: list[str] = []
    percent_verbs: list[str] = []
    whole_verbs: list[str] = []
    plans: list[str] = []
    since: list[str] = []
    period_starts: list[str] = []
    until_now: list[str] = []
    added: list[str] = []
    parallel_joiners: list[str] = []
    parallel_not_subject: list[str] = []


class ClausesFile(_Strict):
    openers: list[str]
    leading: list[str]
    predicates: list[str]
    restating: list[str]
    restating_joiners: list[str]
    parts: list[str]
    list_items: list[str]
    also: list[str] = []


class RatesFile(_Strict):
    per_one: list[str]
    connectors: list[str]
    denominators: list[str]
    population_sizes: list[str] = []
    population_nouns: list[str] = []
    ratio_words: list[str] = []
    every_words: list[str] = []
    every_links: list[str] = []
    every_part_nouns: list[str] = []
    fraction_followers: list[str] = []
    counted_time_words: list[str] = []
    named_count_per: list[str] = []

    @property
    def every_denominator(self) -> list[str]:
        """The denominators as listed, and each population size before each population noun."""
        sized = [f"{size} {noun}" for size in self.population_sizes for noun in self.population_nouns]
        return [*self.denominators, *sized]


class RankFile(_Strict):
    verbs: list[str]
    ordinal: list[str]
    spelled_ordinals: dict[str, int]
    topic_opener: list[str]
    superlatives: list[str]
    bare_verbs: list[str]
    top: list[str]
    bands: list[str] = []
    band_leads: list[str] = []
    total_cues: list[str]
    total_prefix: list[str]
    field_nouns: list[str]
    scopes: list[str]
    scope_prefixes: list[str]
    continuations: list[str] = []
    not_bare_after: list[str] = []
    open_total_cues: list[str] = []
    topic_leads: list[str] = []
    topic_words: int = 6
    field_ends: list[str] = []
    field_leads: list[str] = []
    field_heads: list[str] = []
    ordinal_adjectives: list[str] = []
    first_places: dict[str, int] = {}
    first_place_verbs: list[str] = []


class ExclusionsFile(_Strict):
    document_types: list[str]
    number_marker: list[str]
    named_by_number: list[str]
    number_word_not_name: list[str]
    verbs_not_names: list[str] = []
    distributives: list[str] = []
    name_suffixes: list[str]
    date_cues: list[str]
    ordinal_nouns: list[str]
    time_word_after: list[str] = []
    coordinates_after: list[str] = []
    match_score_cues: list[str] = []
    adjective_digits: dict[str, list[str]] = {}
    anaphora_after: list[str] = []
    listed_places: list[str] = []
    listed_places_after: list[str] = []
    page_counters: list[str] = []
    class_units: list[str] = []
    event_units: list[str] = []
    event_after: list[str] = []
    event_before: list[str] = []


class PeriodsFile(_Strict):
    year_words: list[str]
    month_words: list[str]
    day_words: list[str]
    month_marks: list[str] = []
    quarter_marks: list[str] = []
    half_marks: list[str] = []
    months_so_far_marks: list[str] = []
    day_list_leads: list[str] = []
    day_list_joiners: list[str] = []
    quarter_words: list[str]
    halves: dict[str, int]
    whole_year: list[str]
    as_of: list[str]
    as_of_day_leads: list[str] = []
    hour_words: list[str] = []
    first_months: list[str]
    first_quarters: list[str] = []
    first_days: list[str] = []
    last_months: list[str] = []
    span_words: list[str]
    seasons: list[str] = []
    crop_seasons: list[str] = []
    horizon_words: list[str]
    roman: dict[str, int]
    not_period_after: list[str]
    relative_years: dict[str, int] = {}
    relative_months: dict[str, int] = {}
    relative_quarters: dict[str, int] = {}
    precious_nouns: list[str] = []
    relative_not_before: list[str] = []
    relative_days: dict[str, int] = {}
    same_day: list[str] = []
    months_so_far_before: list[str] = []
    months_so_far_aspects: list[str] = []
    months_counted_after: list[str] = []
    named_quarters: dict[str, int] = {}
    duration_cues: list[str] = []
    months_so_far_leads: list[str] = []
    interval_from: list[str] = []
    interval_to: list[str] = []
    unresolved_times: list[str] = []
    undated_starts: list[str] = []
    present_openers: list[str] = []
    purpose_openers: list[str] = []
    today_parts: list[str] = []
    purpose_ends: list[str] = []
    compared_before: list[str] = []
    compared_after_number: list[str] = []
    spelled_months: dict[str, int] = {}
    span_from: list[str] = []
    span_to: list[str] = []
    month_pairs: list[str] = []
    other_times: list[str] = []
    on_day: list[str] = []
    parts_of_day: list[str] = []
    day_openers: list[str] = []
    day_copulas: list[str] = []
    weekdays: list[str] = []
    day_opener_leads: list[str] = []
    time_phrase_leads: list[str] = []
    event_words: list[str] = []
    statement_words: list[str] = []
    day_after_leads: list[str] = []
    occurrence_verbs: list[str] = []
    day_clause_openers: list[str] = []
    lunar_marks: list[str] = []
    writing_relative: list[str] = []
    year_start: list[str] = []
    week_words: list[str] = []
    month_start: list[str] = []
    until_now: list[str] = []
    from_now: list[str] = []
    period_ends: list[str] = []
    year_end_leads: list[str] = []
    source_openers: list[str] = []
    framework_before: list[str] = []
    conjuncts: list[str] = []
    own_time_after: list[str] = []
    day_ends: list[str] = []


class LabelsFile(_Strict):
    predicates: list[str]
    existential: list[str]
    measure_nouns: list[str]
    openers: list[str]
    opener_compounds: list[str] = []
    noun_stops: list[str]
    noun_cuts: list[str] = []
    noun_cut_after: int = Field(default=8, ge=1, le=60)
    subject_tail: list[str]
    generic_measures: list[str]
    rank_topic: list[str]
    object_prepositions: list[str]
    moved_non_openers: list[str] = []
    leading_predicates: list[str] = []
    verb_qualifiers: list[str] = []
    aside_continuations: list[str] = []
    caused_heads: list[str] = []
    ranking_links: list[str] = []
    ranking_nouns: list[str] = []
    ranking_bare_nouns: list[str] = []
    ranking_ends: list[str] = []
    ranking_change_units: list[str] = []
    collective_heads: list[str] = []
    kind_named_counts: list[str] = []
    money_object_verbs: list[str] = []
    allotting_verbs: list[str] = []
    allotted_to: list[str] = []
    source_count_links: list[str] = []
    rank_count_joiners: list[str] = []
    inverted_rank_copulas: list[str] = []
    inverted_rank_openers: list[str] = []
    owner_markers: list[str] = []
    owner_groups: list[str] = []
    next_item_openers: list[str] = []
    rank_topic_openers: list[str] = []
    share_whole_openers: list[str] = []
    dimension_nouns: list[str] = []
    naming_predicates: list[str] = []
    priced_with: list[str] = []
    sold_verbs: list[str] = []
    goods_sold_verbs: list[str] = []
    sold_places: list[str] = []
    event_verbs: list[str] = []
    event_joiners: list[str] = []
    team_words: list[str] = []
    holding_verbs: list[str] = []
    breakdown_openers: list[str]
    level_after_change: list[str] = []
    action_rate_nouns: list[str] = []
    plural_owner_markers: list[str] = []
    subject_cut_compounds: list[str] = []
    list_prepositions: list[str] = []
    exemplifiers: list[str] = []
    source_prepositions: list[str] = []
    source_funds: list[str] = []
    amount_nouns: list[str] = []
    stock_verbs: list[str] = []
    passive_markers: list[str] = []
    adversative_markers: list[str] = []
    agent_markers: list[str] = []
    passive_leads: list[str] = []
    passive_not_after: list[str] = []
    passive_not_before: list[str] = []
    unit_pairs: list[str] = []
    serving_verbs: list[str] = []
    noun_phrases_kept: list[str] = []
    index_nouns: list[str] = []
    possessive: list[str]
    count_subject_prefixes: list[str]
    new_subject_connectors: list[str]
    change_non_objects: list[str] = []
    result_connectives: list[str]
    result_not_after: list[str] = []
    subject_cuts: list[str]
    coverage_bases: list[str]
    quantity_heads: list[str]
    circumstance_openers: list[str]
    reporting_verbs: list[str] = []
    reporting_verbs_after_name: list[str] = []
    forecast_predicates: list[str] = []
    worth_verbs: list[str] = []
    object_articles: list[str] = []
    frame_heads: list[str] = []
    aspect_words: list[str] = []
    predicates_after_aspect: list[str] = []
    standing_verbs: list[str] = []
    leading_copulas: list[str] = []
    superlative_marks: list[str] = []
    list_leaders: list[str] = []
    copula_share_verbs: list[str] = []
    copula_non_subjects: list[str] = []
    standing_adverbs: list[str] = []
    period_glue: list[str] = []
    coordinators: list[str] = []
    not_labels: list[str] = []
    respectively: list[str] = []
    relative_times: list[str] = []
    occasions: list[str] = []
    occasion_leads: list[str] = []
    occasion_tails: list[str] = []
    dated_occasions: list[str] = []
    dated_occasion_joiners: list[str] = []
    holidays: list[str] = []
    holiday_leads: list[str] = []
    time_leads: list[str] = []
    class_bounds: list[str] = []
    clock_leads: list[str] = []
    example_markers: list[str] = []
    example_not_before: list[str] = []
    example_not_after: list[str] = []
    clock_tails: list[str] = []
    clock_minutes: list[str] = []
    modifier_units: list[str] = []
    object_verbs: list[str] = []
    change_adverbs: list[str] = []
    estimate_adverbs: list[str] = []
    place_prepositions: list[str] = []
    located_openers: list[str] = []
    remaining_predicates: list[str] = []
    whole_place_subjects: list[str] = []
    result_verbs: list[str] = []
    priced_by: list[str] = []
    verb_modified_heads: list[str] = []
    predicate_aspects: list[str] = []
    aside_boundaries: list[str] = []
    aside_openers: list[str] = []
    reaching_verbs: list[str] = []
    reached_not_first: list[str] = []
    count_sum_words: list[str] = []
    share_bases: list[str] = []
    share_base_names: list[str] = []
    edge_starts: list[str] = []
    edge_ends: list[str] = []
    edge_nouns: list[str] = []
    edge_inside: list[str] = []
    peel_compounds: list[str] = []
    noun_stop_compounds: list[str] = []
    change_verb_owners: list[str] = []
    price_object_compounds: list[str] = []
    list_ending_predicates: list[str] = []
    money_verb_not_after: list[str] = []
    causing_verbs: list[str] = []
    causing_not_after: list[str] = []
    caused_states: list[str] = []
    anaphors: list[str] = []
    agent_verbs: list[str] = []
    price_verbs: list[str] = []
    price_objects: list[str] = []
    price_verb_leads: list[str] = []
    agent_count_verbs: list[str] = []
    record_verbs: list[str] = []
    coordinated_verbs: list[str] = []
    cause_conjunctions: list[str] = []
    every_kind: list[str] = []
    agent_count_offers: list[str] = []
    classifier_units: list[str] = []
    agent_case_verbs: list[str] = []
    occurrence_verbs: list[str] = []
    extent_markers: list[str] = []
    beneficiary_markers: list[str] = []
    period_leads: list[str] = []
    period_edges: list[str] = []
    handling_verbs: list[str] = []
    causative_verbs: list[str] = []
    figure_verbs: list[str] = []
    organisation_heads: list[str] = []
    sequence_openers: list[str] = []
    plural_markers: list[str] = []
    time_nouns: list[str] = []
    figure_prepositions: list[str] = []
    max_syllables: int = Field(ge=3, le=60)


class OfficialHeader(_Strict):
    motto: list[str] = Field(min_length=1)
    number_prefixes: list[str] = Field(min_length=1)
    document_types: list[str] = Field(min_length=1)
    parent_agencies: list[str]
    agency_units: list[str]
    title_stops: list[str]


class DocumentFile(_Strict):
    navigation: list[str]
    province_prefixes: list[str]
    not_province_after: list[str]
    review_cues: list[str]
    abbreviations: list[str]
    location_aliases: dict[str, str]
    old_tone_marks: dict[str, str]
    official_header: OfficialHeader
    organization_words: list[str] = []
    organization_suffixes: list[str] = []
    name_breaks: list[str] = []
    agency_words: list[str] = []
    agency_breaks: list[str] = []
    not_unit_phrases: list[str] = []


class TableStatus(_Strict):
    target: list[str]
    estimate: list[str]
    actual: list[str]


class TableComparison(_Strict):
    percent: list[str]
    change: list[str]
    abbreviations: dict[str, str]


class TableRows(_Strict):
    sub_row_openers: list[str]


class TablesFile(_Strict):
    numbering_headings: list[str]
    label_headings: list[str]
    unit_headings: list[str]
    unit_spellings: dict[str, str]
    status: TableStatus
    comparison: TableComparison
    rows: TableRows


FILE_MODELS: dict[str, type[_Strict]] = {
    "numbers": NumbersFile,
    "units": UnitsFile,
    "qualifiers": QualifiersFile,
    "status": StatusFile,
    "change": ChangeFile,
    "references": ReferencesFile,
    "clauses": ClausesFile,
    "rates": RatesFile,
    "rank": RankFile,
    "exclusions": ExclusionsFile,
    "periods": PeriodsFile,
    "labels": LabelsFile,
    "document": DocumentFile,
    "tables": TablesFile,
}


def not_after(words: Iterable[str]) -> str:
    """A look-behind: not right after one of `words` and blanks ("" for no words), as in "tốc độ tăng" where
    "tăng" is a noun's, not a verb.

    >>> increase = not_after(["tốc độ"]) + "tăng"
    >>> bool(regex.search(increase, "tốc độ tăng")), bool(regex.search(increase, "doanh thu tăng")), not_after([])
    (False, True, '')
    """
    words = list(words)
    return rf"(?<!{WORD_START}(?:{alternation(words)})\s+)" if words else ""


def clock_time(lib: PatternLibrary) -> str:
    """A time of day, maybe after "lúc", "vào lúc": "lúc 13h", "9 giờ 30", "7 giờ 30 phút" (a pattern fragment)."""
    labels = lib.labels
    lead = rf"(?:(?:{alternation(labels.clock_leads)})\s+)?"
    minutes = rf"(?:\s*\d{{1,2}}(?:\s*(?:{alternation(labels.clock_minutes)}))?)?"
    return rf"{lead}\d{{1,2}}\s*(?:{alternation(lib.periods.hour_words)}){minutes}"


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first, each escaped; spaces match any run of blanks.

    >>> alternation(["tỷ", "nghìn tỷ"])
    '(?:nghìn\\\\s+tỷ|tỷ)'
    """
    unique = sorted(set(words), key=_longest_first)
    if not unique:
        return "(?!)"  # an empty lexicon matches nothing (not the empty string)
    return "(?:" + "|".join(map(_escaped_word, unique)) + ")"


def _longest_first(word: str) -> tuple[int, str]:
    return -len(word), word


@cache
def _escaped_word(word: str) -> str:
    """A word of a lexicon escaped, its blanks matching any run of blanks: once per process, as `_escaped`."""
    return r"\s+".join(map(_escaped, word.split()))


@cache
def _escaped(piece: str) -> str:
    """`regex.escape`, once per piece: every process builds its patterns' text again (the key of the cache of
    compiled patterns), and a word stands in many lexicons: 15,300 escapes of 1,230 pieces."""
    return regex.escape(piece)


_Tree = dict[str, "_Tree"]


def prefix_tree(words: Iterable[str]) -> str:
    """`alternation(words)` with the words' shared beginnings written once: the `regex` engine tries the
    alternatives of an alternation one by one, so a long lexicon tried at every blank or word costs far
    less as a tree. It tries the words that match in the same order (the longest first), going forwards
    only: keep `alternation` for a reversed pattern (BACKWARD) or a lookbehind. Where two words differ only
    in case at the same place, or a word holds other blanks than single spaces, it is `alternation`.

    >>> prefix_tree(["tỷ", "nghìn tỷ", "nghìn"])
    '(?:(?:nghìn(?:\\\\s+tỷ)?|tỷ))'
    """
    unique = set(words)
    if not unique or any(" ".join(w.split()) != w for w in unique):
        return alternation(unique)
    root: _Tree = {}
    for word in unique:
        node = root
        for unit in _units(word):
            node = node.setdefault(unit, {})
        node[""] = {}  # a word ends here
    tree = _branches(root)
    return alternation(unique) if tree is None else f"(?:{tree})"


def _units(word: str) -> list[str]:
    """A word's characters escaped, with a run of blanks between its pieces."""
    units: list[str] = []
    for piece in word.split():
        units += [r"\s+"] if units else []
        units += map(_escaped, piece)
    return units


def _branches(node: _Tree) -> str | None:
    """The regex of a tree node: its branches, then the end of a word (longer words first); None where
    two branches differ only in case (both would match in a case-blind pattern, in another order)."""
    units = sorted(unit for unit in node if unit)
    if len({unit.casefold() for unit in units}) < len(units):
        return None
    branches = []
    for unit in units:
        rest = _branches(node[unit])
        if rest is None:
            return None
        branches.append(unit + rest)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


_HEAD = compile_pattern(r"\s*([^\W\d_]+|[^\s\w])")
_TAIL = compile_pattern(r"([^\W\d_]+|[^\s\w])\s*\Z", regex.REVERSE)
# The characters whose class the keys read without a regex: `regex` costs thousands of instructions a call,
# and a key is read several times per figure. Python's `isalpha` agrees with `regex`'s letters (`[^\W\d_]`)
# over ASCII, the Latin supplements and the Vietnamese letters (U+1E00-U+1EFF); any other character (a
# combining mark, a superscript digit, a no-break space) is left to the regex.
_BLANKS = frozenset(" \t\n\r\x0b\x0c")
_LETTERS = frozenset(c for c in map(chr, [*range(0x250), *range(0x1E00, 0x1F00)]) if c.isalpha())
_SYMBOLS = frozenset(c for c in map(chr, range(0x21, 0x7F)) if not c.isalnum() and c != "_")  # `[^\s\w]`
_NO_KEY = frozenset("0123456789_")  # no key starts (or ends) with these
_KNOWN = _BLANKS | _LETTERS | _SYMBOLS | _NO_KEY  # where a run of letters is known to end


def head_key(text: str, pos: int = 0, end: int | None = None) -> str | None:
    """The first token at `pos` (a run of letters or one symbol), lower case: a cheap dispatch key.

    >>> head_key("  Tỷ đồng"), head_key("%"), head_key("m2"), head_key(" 12"), head_key("x\u0301y")
    ('tỷ', '%', 'm', None, 'x\u0301y')
    """
    end = len(text) if end is None else end
    at = pos
    while at < end and text[at] in _BLANKS:
        at += 1
    first = text[at] if at < end else ""
    if first in _LETTERS:
        stop = at + 1
        while stop < end and text[stop] in _LETTERS:
            stop += 1
        if stop == end or text[stop] in _KNOWN:
            return text[at:stop].lower()
    elif not first or first in _NO_KEY:
        return None
    elif first in _SYMBOLS:
        return first
    match = _HEAD.match(text, pos, end)
    return match.group(1).lower() if match else None


def tail_key(text: str, start: int = 0, pos: int | None = None) -> str | None:
    """The last token before `pos`, lower case: the key for patterns that end a left context.

    >>> tail_key("Tỷ lệ  "), tail_key("đạt 12%"), tail_key("năm 2024 "), tail_key("x\u0301y")
    ('lệ', '%', None, 'x\u0301y')
    """
    pos = len(text) if pos is None else pos
    at = pos
    while at > start and text[at - 1] in _BLANKS:
        at -= 1
    last = text[at - 1] if at > start else ""
    if last in _LETTERS:
        stop = at - 1
        while stop > start and text[stop - 1] in _LETTERS:
            stop -= 1
        if stop == start or text[stop - 1] in _KNOWN:
            return text[stop:at].lower()
    elif not last or last in _NO_KEY:
        return None
    elif last in _SYMBOLS:
        return last
    match = _TAIL.search(text, start, pos)
    return match.group(1).lower() if match else None


def head_keys(words: Iterable[str]) -> frozenset[str]:
    return frozenset(key for w in words if (key := head_key(w)) is not None)


def tail_keys(words: Iterable[str]) -> frozenset[str]:
    return frozenset(key for w in words if (key := tail_key(w)) is not None)


def phrase_keys(words: Iterable[str]) -> frozenset[str]:
    """`words` as a phrase is looked up: lower case, single spaces."""
    return frozenset(" ".join(w.lower().split()) for w in words)


class Required:
    """Literal pieces, one of which every match of a pattern contains: a cheap test that lets a
    sentence skip a costly scan. Built from the pattern's lexicons, so user words are covered too.

    >>> ranks = Required(["xếp hạng", "thứ"])
    >>> ranks.absent("Doanh thu tăng 18%"), ranks.absent("Tỉnh đứng THỨ 7")
    (True, False)
    >>> ranks.absent_in("Tỉnh đứng THỨ 7", 0, 9), ranks.absent_in("Tỉnh đứng THỨ 7", 10, 15)
    (True, False)
    """

    def __init__(self, *lexicons: Iterable[str]) -> None:
        pieces = {max(w.lower().split(), key=len) for words in lexicons for w in words if w.strip()}
        self.pieces = tuple(p for p in pieces if not any(q != p and q in p for q in pieces))
        # one `re` alternation of literals: faster than a substring test per piece, and it needs no slice of the text
        longest_first = sorted(self.pieces, key=len, reverse=True)
        self._search = re.compile("|".join(map(re.escape, longest_first)) or "(?!)").search

    def absent(self, text: str, start: int = 0, end: int | None = None) -> bool:
        return self._search(text[start:end].lower()) is None

    def absent_in(self, text: str, start: int, end: int) -> bool:
        """`absent` for a window of a whole text, lower-cased once for all the windows asked of it (called some 600
        times a report: the test is written out here, not called)."""
        lowered = _lower_case(text)
        if lowered is None:
            return self.absent(text, start, end)
        return self._search(lowered, start, end) is None


@lru_cache(maxsize=1)
def _lower_case(text: str) -> str | None:
    """`text` in lower case when that keeps each character at its offset (else None). A pure function:
    the one text kept is the one whose windows are being tested, never an answer for another."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


_FOLDED_WHOLE = 2000  # characters from which a text is case-folded whole, once for all the stretches scanned


@lru_cache(maxsize=1)
def _case_folded(text: str) -> str | None:
    """`text` case-folded, when that keeps each character at its offset (each folds on its own, so a stretch
    of it is the folded stretch), else None. The sentences of a report are scanned by several `WordScan`s."""
    folded = text.casefold()
    return folded if len(folded) == len(text) else None


def next_words(words: Iterable[str]) -> regex.Pattern[str]:
    """Matches one of `words` as a whole word at a position, after any blanks (use `.match`)."""
    return compile_pattern(rf"\s*(?:{prefix_tree(words)}){WORD_END}", regex.IGNORECASE)


def last_words(words: Iterable[str], gap: str = r"\s*") -> regex.Pattern[str]:
    """Matches one of `words` ending a left context, then `gap` (use `.search`, it runs backwards)."""
    return compile_pattern(rf"{WORD_START}(?:{alternation(words)}){gap}\Z", BACKWARD)


def words_before_figure(words: Iterable[str], qualifiers: Iterable[str]) -> regex.Pattern[str]:
    """One of `words` ending a left context, then maybe a qualifier: the words right before a
    figure ("gấp khoảng", "chỉ bằng khoảng", "hơn mức"); use `.search`, it runs backwards."""
    return compile_pattern(rf"{WORD_START}{alternation(words)}\s+(?:{alternation(qualifiers)}\s+)?\Z", BACKWARD)


def words_regex(words: Iterable[str]) -> regex.Pattern[str]:
    """A case-insensitive regex matching any of `words` as whole words."""
    return compile_pattern(WORD_START + alternation(words) + WORD_END, regex.IGNORECASE)


class WordScan:
    """A search pattern tried only where a word that may open a match starts. The `regex` engine tries a
    long alternation of cue words at every word of a text; finding the few words that may open one first
    costs far less. Every match of `pattern` must start a word (`WORD_START`) with the first word of one
    of `openers` (in any case), or where a branch of `opening` matches (on the case-folded text: a character
    of the `re` class `[first]`, then the `re` pattern `rest`, for each `(first, rest)`), and must not be
    empty. With `phrases`, every match must open with a whole phrase of `openers`, its words apart by blanks
    (as `alternation` writes them): "cao" alone, with no "hơn" after it, is then not tried for "cao hơn".

    >>> scan = WordScan(words_regex(["quý", "cả năm"]), [["quý"], ["cả năm"]], phrases=True)
    >>> [m.group() for m in scan.finditer("Quý II và CẢ NĂM, quýt, cả nước", 0, 31)]
    ['Quý', 'CẢ NĂM']
    """

    def __init__(
        self,
        pattern: regex.Pattern[str],
        openers: Iterable[Iterable[str]],
        opening: Sequence[tuple[str, str]] = (),
        phrases: bool = False,
    ) -> None:
        self.pattern = pattern
        opener = (lambda w: " ".join(w.split())) if phrases else (lambda w: w.split()[0])
        words = {opener(w).casefold() for lexicon in openers for w in lexicon if w.strip()}
        # Python's `re` on the case-folded text finds plain words several times faster than a case-blind `regex`
        tree = _prefix_tree(words)
        if opening:
            led = [f"[{first}]" + (f"(?={rest})" if rest else "") for first, rest in opening]
            branches = "|".join(led + _firsts(tree))
            self.opener = re.compile(f"(?:{branches})")  # at a position
            # `re` skips to the characters that end a word (a table of them: no class test per character), then tries
            # the branches after each; the look-behind, tried where they match, checks one beyond the table's plane
            self._after_break: re.Pattern[str] | None = re.compile(f"[{_word_breaks()}](?={branches})(?<![^\\W_])")
        else:
            self.opener, self._after_break = _opener(tree), None
        words = _tree_words(tree)
        self._first_words = tuple(sorted({word.split(" ")[0] for word in words}))
        self._phrased = any(" " in word for word in words)

    def starts(self, folded: str) -> Iterator[int]:
        """Where a word that may open a match starts in `folded` (a stretch of the case-folded text), in order."""
        if self._after_break is not None:
            return self._starts_after_breaks(folded)
        if self._first_words and len(folded) >= _FIND_PER_WORD * len(self._first_words):
            return iter(self._found_words(folded))
        return map(re.Match.start, self.opener.finditer(folded))

    def _found_words(self, folded: str) -> list[int]:
        """`starts` on a long stretch: each first word of an opener looked for with `str.find` (which skips along
        a text far faster than `re` tries a class of first characters at each one), kept where it starts a word
        and, for phrases, where a whole phrase follows."""
        found = set()  # (a first word of a phrase may start another: "kế", "kết")
        for word in self._first_words:
            at = folded.find(word)
            while at >= 0:
                if at == 0 or not folded[at - 1].isalnum():  # `isalnum` is `re`'s `[^\\W_]`
                    found.add(at)
                at = folded.find(word, at + 1)
        if self._phrased:
            return sorted(at for at in found if self.opener.match(folded, at))
        return sorted(found)

    def _starts_after_breaks(self, folded: str) -> Iterator[int]:
        if self.opener.match(folded):
            yield 0
        yield from map(re.Match.end, self._after_break.finditer(folded))  # a match is the character before the word

    def finditer(self, text: str, start: int, end: int) -> Iterator[regex.Match[str]]:
        """`pattern.finditer(text, start, end)`."""
        whole = _case_folded(text) if len(text) >= _FOLDED_WHOLE else None
        folded = text[start:end].casefold() if whole is None else whole[start:end]
        if len(folded) != end - start:  # a letter folds to several ("ß"): offsets would shift
            yield from self.pattern.finditer(text, start, end)
            return
        match_end = start
        for offset in self.starts(folded):
            at = start + offset
            if at >= match_end and (match := self.pattern.match(text, at, end, HOLD_GIL)):
                yield match
                match_end = match.end()

    def search(self, text: str, start: int, end: int) -> regex.Match[str] | None:
        """`pattern.search(text, start, end)`."""
        return next(self.finditer(text, start, end), None)

    def match(self, text: str, pos: int = 0, end: int | None = None) -> regex.Match[str] | None:
        """`pattern.match(text, pos, end)`, tried only where a word that may open a match stands at `pos`."""
        end = len(text) if end is None else end
        whole = _case_folded(text) if len(text) >= _FOLDED_WHOLE else None
        folded = text[pos:end].casefold() if whole is None else whole[pos:end]
        if len(folded) == end - pos and not self.opener.match(folded):
            return None
        return self.pattern.match(text, pos, end, HOLD_GIL)

    def sub(self, replacement: str, text: str) -> str:
        """`pattern.sub(replacement, text)`, `replacement` taken as it is written."""
        pieces, at = [], 0
        for match in self.finditer(text, 0, len(text)):
            pieces += [text[at : match.start()], replacement]
            at = match.end()
        return "".join(pieces) + text[at:]


_Prefixes = dict[str, "_Prefixes"]
# Characters of a stretch per first word of `WordScan`'s openers from which `str.find` looks for each word, rather than
# `re` trying the first characters: the whole text for the spelled numbers, not a sentence for most scans
_FIND_PER_WORD = 50


def _prefix_tree(words: Iterable[str]) -> _Prefixes:
    """The words as a tree of their characters; a node where a word ends has no children (that word is a
    prefix of all the longer ones, and an opener only needs a prefix)."""
    root: _Prefixes = {}
    for word in sorted(words, key=len):
        node = root
        for char in word:
            if char in node and not node[char]:
                break  # a shorter word ends here
            node = node.setdefault(char, {})
        else:
            node.clear()
    return root


def _branches_re(node: _Prefixes) -> str:
    """The words below `node` as a regex of Python's `re` that tries one branch per character."""
    branches = [_char_re(char) + _branches_re(child) for char, child in sorted(node.items())]
    if len(branches) < 2:
        return "".join(branches)
    return "(?:" + "|".join(branches) + ")"


def _char_re(char: str) -> str:
    """A character of a word or phrase: the space between a phrase's words stands for any run of blanks."""
    return r"\s+" if char == " " else re.escape(char)


def _opener(tree: _Prefixes) -> re.Pattern[str]:
    """Where a word of `tree` starts a word. `re` cannot skip ahead in a pattern that opens with a look-around,
    so the word's first character is matched (one literal branch per character: `re` skips to those
    characters), then the start of the word checked behind it."""
    if not tree:
        return re.compile(r"(?<![^\W_])")
    return re.compile(rf"(?:{'|'.join(_firsts(tree))})(?<![^\W_][\s\S])")


def _tree_words(tree: _Prefixes) -> list[str]:
    """The words of a tree (none is a prefix of another)."""
    return [char + rest for char, node in tree.items() for rest in (_tree_words(node) if node else [""])]


def _firsts(tree: _Prefixes) -> list[str]:
    """A branch per first character of the words of `tree`: the character, then the rest of a word ahead."""
    return [re.escape(char) + (f"(?={_branches_re(rest)})" if rest else "") for char, rest in sorted(tree.items())]


@cache
def _word_breaks() -> str:
    """The characters of the Basic Multilingual Plane that `re` reads as no letter or digit (`[\\W_]`: Python's
    `isalnum` is `re`'s), and every character beyond it, as the body of a class of `re`."""
    breaks = [c for c in range(0x10000) if not chr(c).isalnum()]
    ranges: list[list[int]] = []
    for c in breaks:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    ranges.append([0x10000, 0x10FFFF])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


class PatternLibrary:
    """Validated lexicons plus the regexes compiled from them (compiled lazily, once)."""

    def __init__(self, files: dict[str, Any]) -> None:
        self.numbers: NumbersFile = files["numbers"]
        self.units: UnitsFile = files["units"]
        self.qualifiers: QualifiersFile = files["qualifiers"]
        self.status: StatusFile = files["status"]
        self.change: ChangeFile = files["change"]
        self.references: ReferencesFile = files["references"]
        self.clauses: ClausesFile = files["clauses"]
        self.rates: RatesFile = files["rates"]
        self.rank: RankFile = files["rank"]
        self.exclusions: ExclusionsFile = files["exclusions"]
        self.periods: PeriodsFile = files["periods"]
        self.labels: LabelsFile = files["labels"]
        self.document: DocumentFile = files["document"]
        self.tables: TablesFile = files["tables"]

    @cached_property
    def currency_by_surface(self) -> dict[str, str]:
        return {s: c.code for c in self.units.currency for s in _nfc_lower(c.surfaces)}

    @cached_property
    def measure_by_surface(self) -> dict[str, str]:
        return {s: m.unit for m in self.units.measure for s in _nfc_lower(m.surfaces)}

    @cached_property
    def count_nouns(self) -> set[str]:
        return set(_nfc_lower(self.units.count.nouns))

    @cached_property
    def scale_values(self) -> dict[str, int]:
        return {" ".join(k.split()): v for k, v in self.numbers.scales.items()}

    @cached_property
    def negative_words(self) -> frozenset[str]:
        """Last words of the phrases that make a number negative: most numbers skip the check."""
        return frozenset(w.split()[-1].lower() for w in self.numbers.negative_in_text if w.strip())

    @cached_property
    def number_words(self) -> set[str]:
        n = self.numbers
        single = [*n.digits, *n.tens, *n.hundreds, *n.joiners.words, *n.halves.words]
        return set(single) | {w for scale in n.scales for w in scale.split()}



def packaged_patterns_dir() -> Path:
    """The library shipped with the package, or the repository's `patterns/` in a source checkout."""
    shipped = resources.files("vnreport_extract") / "patterns"
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parent.parent / "patterns"


_PARSED_FORMAT = 1


def _read_packaged(path: Path) -> dict[str, Any]:
    """A packaged pattern file, parsed. `tomllib` takes about 9 ms for the packaged library, a share of a
    short run: the parse is kept for the next run (`kept`, as JSON: a tenth of that to read). A user's files
    are parsed each time: one rewritten within the same tick of the file clock, at the same size, would
    look unchanged."""
    source = source_of(path)
    if source is None:
        return _parse_toml(path)
    kept_at = _parse_file(path)
    kept = read_kept(kept_at, source, "data")
    if isinstance(kept, dict):
        return kept
    data = _parse_toml(path)
    keep(kept_at, source, "data", data)
    return data


def _parse_file(path: Path) -> Path | None:
    """Where the parse of `path` is kept, or None when caching is off."""
    name = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:16]
    return kept_file(f"parsed-v{_PARSED_FORMAT}/{path.stem}-{name}.json")


def _parse_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise PatternLibraryError([f"{path}: not valid TOML: {error}"]) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise PatternLibraryError([f"{path}: not valid TOML: nested too deeply"]) from None
    except OSError as error:
        raise PatternLibraryError([f"{path}: cannot read: {error.strerror}"]) from None


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """User data extends packaged data: lists are appended, tables are merged key by key."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, list) and isinstance(value, list):
            merged[key] = [*old, *value]
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = _merge(old, value)
        else:
            merged[key] = value
    return merged


def _problems(path: Path, error: ValidationError) -> list[str]:
    """One line per problem: the file, the entry (lists counted from 1) and what is wrong."""
    lines = []
    for problem in error.errors():
        where = ""
        for part in problem["loc"]:
            where += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if where else str(part)
        lines.append(f"{path}: {where or '(file)'}: {problem['msg']}")
    return lines


@cache
def _partial(model: type[_Strict]) -> type[_Strict]:
    """The file model with every top-level key optional: a user file may give only some of them."""
    fields: dict[str, Any] = {name: (info.annotation | None, None) for name, info in model.model_fields.items()}
    return create_model(f"Partial{model.__name__}", __base__=_Strict, **fields)


def _check_user_file(path: Path, data: dict[str, Any]) -> list[str]:
    """Validate a user's file on its own, so that problems point at its own entries."""
    try:
        _partial(FILE_MODELS[path.stem]).model_validate(data)
    except ValidationError as error:
        return _problems(path, error)
    return []


def _raw_files(folders: Sequence[Path]) -> tuple[dict[str, dict[str, Any]], dict[str, Path]]:
    raw: dict[str, dict[str, Any]] = {}
    origin: dict[str, Path] = {}
    problems: list[str] = []
    for number, folder in enumerate(folders):
        if not folder.is_dir():
            raise PatternLibraryError([f"{folder}: not a folder of pattern files"])
        for path in sorted(folder.glob("*.toml")):
            if path.stem not in FILE_MODELS:
                problems.append(f"{path}: unknown pattern file (expected one of: {', '.join(FILE_MODELS)})")
                continue
            data = _read_packaged(path) if number == 0 else _parse_toml(path)
            if number > 0:
                problems.extend(_check_user_file(path, data))
            raw[path.stem] = _merge(raw.get(path.stem, {}), data)
            origin[path.stem] = path
    if problems:
        raise PatternLibraryError(problems)
    return raw, origin


def load_library(extra_dirs: Sequence[Path | str] = ()) -> PatternLibrary:
    """Load and validate the packaged library extended by `extra_dirs`."""
    raw, origin = _raw_files([packaged_patterns_dir(), *map(Path, extra_dirs)])
    files: dict[str, Any] = {}
    problems: list[str] = []
    for stem, model in FILE_MODELS.items():
        if stem not in raw:
            problems.append(f"{packaged_patterns_dir() / (stem + '.toml')}: missing pattern file")
            continue
        try:
            files[stem] = model.model_validate(raw[stem])
        except ValidationError as error:
            problems.extend(_problems(origin[stem], error))
    if problems:
        raise PatternLibraryError(problems)
    return PatternLibrary(files)


@lru_cache(maxsize=1)
def default_library() -> PatternLibrary:
    """The packaged library, loaded once per process."""
    return load_library()
