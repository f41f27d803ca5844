"""Records: a mention and its meaning -> a validated `Metric` of the output contract."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import regex

from vnreport_extract.compiled import compile_pattern
from vnreport_extract.extraction.dates import calendar_period
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.extraction.segment import Sentence
from vnreport_extract.library import WORD_END, PatternLibrary, alternation
from vnreport_extract.models import Direction, Kind, Metric, PeriodSource, Qualifier, Status


def build_metric(
    normalised: str,
    sentence: Sentence,
    mention: Mention,
    status: str,
    label: str | None,
    period: str | None,
    period_source: str | None,
    review: Sequence[str] = (),
    sentence_text: str | None = None,
) -> Metric:
    """`sentence_text`: the sentence as written, when the caller holds it already; the metrics of one
    sentence then share one string instead of a copy each (a dense table holds thousands)."""
    value_max, total = mention.value_max, mention.total  # most figures have neither
    if period is not None and calendar_period(period) is None:
        period = period_source = None  # "đến ngày 31/4": no such day, and no period to give
    return _metric({
        "kind": mention.kind,
        "value": _whole(mention.value),
        "value_max": value_max if value_max is None else _whole(value_max),
        "total": total if total is None else _whole(total),
        "unit": mention.unit,
        "qualifier": mention.qualifier,
        "status": status,
        "direction": mention.direction,
        "reference": mention.reference,
        "scope": mention.scope,
        "label": label,
        "period": period,
        "period_source": period_source,
        "text": normalised[mention.start : mention.end],
        "start": mention.start,
        "end": mention.end,
        "sentence": normalised[sentence.start : sentence.end] if sentence_text is None else sentence_text,
        "rule": mention.rule,
        "page": None,
        "review": list(review),
    })


# The values of the choice fields, and the fields a record built here sets (all but `page`)
_KINDS = frozenset(Kind)
_QUALIFIERS = frozenset(Qualifier)
_STATUSES = frozenset(Status)
_DIRECTIONS = frozenset([*Direction, None])
_SOURCES = frozenset([*PeriodSource, None])
_SET_FIELDS = frozenset(Metric.model_fields) - {"page"}
_NUMBER = (int, float)
_new_object = object.__new__
_set = object.__setattr__


def _metric(fields: dict[str, Any]) -> Metric:
    """The record of `fields` (in the model's field order, with the default `page`) as validation builds it,
    without validation's cost (a third of the cost of a figure's record): the fields come from typed code, so
    only what a rule writes as a string and the number are checked, and a record that fails the check is
    validated, to raise the error validation raises."""
    f = fields
    valid = f["kind"] in _KINDS and f["qualifier"] in _QUALIFIERS and f["status"] in _STATUSES
    valid = valid and f["direction"] in _DIRECTIONS and f["period_source"] in _SOURCES
    if not (valid and type(f["value"]) in _NUMBER and f["start"] >= 0 and f["end"] >= 0):
        return Metric.__pydantic_validator__.validate_python(fields)
    metric = _new_object(Metric)
    _set(metric, "__dict__", fields)
    _set(metric, "__pydantic_fields_set__", set(_SET_FIELDS))
    _set(metric, "__pydantic_extra__", None)
    _set(metric, "__pydantic_private__", None)
    return metric


def _whole(value: float | None) -> int | float | None:
    """2813000000000.0 -> 2813000000000: whole numbers are written as integers."""
    return int(value) if value is not None and float(value).is_integer() else value


def derive_count_unit(mention: Mention, label: str | None, library: PatternLibrary) -> None:
    """A bare count takes its unit from a "Số X ..." subject: "Số thuê bao ... là 1.883.522"."""
    if mention.kind != "count" or mention.unit is not None or not label:
        return
    match = _count_subject(library).match(label)
    if match:
        mention.unit = " ".join(match["noun"].lower().split())


@lru_cache(maxsize=8)
def _count_subject(library: PatternLibrary) -> regex.Pattern[str]:
    """"Số thuê bao …", "Tổng số hộ …": a subject that names the counted noun."""
    prefixes = alternation(library.labels.count_subject_prefixes)
    nouns = alternation(library.count_nouns)
    return compile_pattern(rf"{prefixes}\s+(?P<noun>{nouns}){WORD_END}", regex.I)
