"""The output contract (shared/spec/metrics.md) as pydantic models: the single source of the schema.

Fields may be added to these models, never renamed or dropped.
"""

from __future__ import annotations

from enum import StrEnum
from operator import attrgetter

from pydantic import BaseModel, ConfigDict, Field


class _Choice(StrEnum):
    """A `StrEnum` whose `.value` is read in C: the records' validator reads it for each enum field of each
    record (`use_enum_values`), and `Enum.value` runs two Python frames a read."""

    value = property(attrgetter("_value_"))  # type: ignore[assignment]


class Kind(_Choice):
    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    RATIO = "ratio"
    RATE = "rate"
    RANK = "rank"
    CHANGE = "change"
    MULTIPLE = "multiple"
    MEASURE = "measure"


class Qualifier(_Choice):
    EXACT = "exact"
    APPROX = "approx"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Status(_Choice):
    ACTUAL = "actual"
    ESTIMATE = "estimate"
    TARGET = "target"


class Direction(_Choice):
    INCREASE = "increase"
    DECREASE = "decrease"


class PeriodSource(_Choice):
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    DOCUMENT = "document"
    TABLE = "table"  # a table's column heading


class Metric(BaseModel):
    """One metric mention, with its meaning and the exact span it came from."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    kind: Kind
    value: int | float
    value_max: int | float | None = None
    total: int | float | None = None
    unit: str | None = None
    qualifier: Qualifier = Qualifier.EXACT
    status: Status = Status.ACTUAL
    direction: Direction | None = None
    reference: str | None = None
    scope: str | None = None
    label: str | None = None
    period: str | None = None
    period_source: PeriodSource | None = Field(
        default=None, description="Where `period` was read: the sentence, its paragraph or the document."
    )
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: str
    rule: str | None = Field(default=None, description="Id of the pattern rule that recognised the mention.")
    page: int | None = Field(
        default=None, description="The page (from 1) of a paged input (PDF) that the mention starts on."
    )
    review: list[str] = Field(
        default_factory=list,
        description="The fields set by a weak rule (a guess, a frame shared across a list, a label with no "
        "clear subject): check these. Empty when every field came from a firm rule.",
    )


class Document(BaseModel):
    """One input report and every metric found in it, in text order."""

    model_config = ConfigDict(extra="forbid")

    source: str
    title: str | None = None
    published: str | None = None
    location: str | None = None
    agency: str | None = Field(
        default=None, description="An official document's issuing agency, as written in its header."
    )
    document_number: str | None = Field(
        default=None, description="An official document's number (\"Số: 125/BC-UBND\" -> \"125/BC-UBND\")."
    )
    encoding: str | None = Field(
        default=None, description="The input's encoding, when it was not UTF-8."
    )
    reader: str | None = Field(
        default=None,
        description='The reader that laid out the text: "text", "html", "pdf", "pdf+ocr" (scanned pages '
        'recognised by OCR), "docx" or "xlsx".',
    )
    metrics: list[Metric] = Field(default_factory=list)


class InputError(BaseModel):
    """The record written in place of a document whose input could not be read."""

    model_config = ConfigDict(extra="forbid")

    source: str
    error: str
