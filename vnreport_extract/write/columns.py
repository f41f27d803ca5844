"""Table columns derived from the pydantic models, for the columnar formats (Parquet, SQLite).

Input: `models.Document`, `models.InputError` and `models.Metric`. Output: the document columns (every
scalar field of a document; `error` too for SQLite) and the metric columns (every field of a metric), each with
one storage type. A field added to the models later becomes a column with no change here.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from vnreport_extract.run.batch import Outcome


class ColumnType(StrEnum):
    FLOAT = "float"  # any field that may hold a float: a 10^16 money value does not fit an int64
    INTEGER = "integer"
    BOOLEAN = "boolean"
    TEXT = "text"
    JSON = "json"  # lists, mappings and models: stored as their JSON text


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType


def column_type(annotation: Any) -> ColumnType:
    """The storage type of a field's annotation; `None` in a union only makes the column nullable.

    >>> [str(column_type(t)) for t in (int | float | None, int, bool | None, str, list[str])]
    ['float', 'integer', 'boolean', 'text', 'json']
    """
    members = _union_members(annotation) - {type(None)}
    if float in members:
        return ColumnType.FLOAT
    if members == {bool}:
        return ColumnType.BOOLEAN
    if members and all(_is_integer(member) for member in members):
        return ColumnType.INTEGER
    if members and all(member is str or _is_enum(member) for member in members):
        return ColumnType.TEXT
    return ColumnType.JSON


def _union_members(annotation: Any) -> set[Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return set(typing.get_args(annotation))
    return {annotation}


def _is_integer(member: Any) -> bool:
    return member is int or (isinstance(member, type) and issubclass(member, int) and member is not bool)


def _is_enum(member: Any) -> bool:
    return isinstance(member, type) and issubclass(member, Enum)


def _is_nested_list(annotation: Any) -> bool:
    """A list of models (a document's `metrics`): a table of its own, not a column."""
    if typing.get_origin(annotation) is not list:
        return False
    (item,) = typing.get_args(annotation) or (None,)
    return isinstance(item, type) and issubclass(item, BaseModel)


@cache
def document_columns() -> tuple[Column, ...]:
    """Every scalar field of a document (`source`, `title`, ...): the document's part of a metric row."""
    from vnreport_extract.models import Document

    return _scalar_columns(Document)


@cache
def record_columns() -> tuple[Column, ...]:
    """The document columns, then those of the error record written for an input that failed (`error`)."""
    from vnreport_extract.models import InputError

    names = {column.name for column in document_columns()}
    return document_columns() + tuple(column for column in _scalar_columns(InputError) if column.name not in names)


def _scalar_columns(model: type[BaseModel]) -> tuple[Column, ...]:
    return tuple(
        Column(name, column_type(field.annotation))
        for name, field in model.model_fields.items()
        if not _is_nested_list(field.annotation)
    )


@cache
def metric_columns() -> tuple[Column, ...]:
    """Every field of a metric, in the model's order."""
    from vnreport_extract.models import Metric

    return tuple(Column(name, column_type(field.annotation)) for name, field in Metric.model_fields.items())


def cell(value: Any, column: Column) -> Any:
    """A JSON value as stored in `column`: numbers converted to the column's type, JSON columns as text."""
    if value is None:
        return None
    if column.type is ColumnType.FLOAT:
        return float(value)
    if column.type is ColumnType.INTEGER:
        return int(value)
    if column.type is ColumnType.JSON:
        return json.dumps(value, ensure_ascii=False)
    return value


def document_cells(record: dict[str, Any], columns: tuple[Column, ...]) -> dict[str, Any]:
    """The document columns of a record (a document or an error record, in its JSON form)."""
    return {column.name: cell(record.get(column.name), column) for column in columns}


def metric_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One flat row per metric of a record: its document's columns, then the metric's.

    A document without metrics and an error record give no row.
    """
    documents, metrics = document_columns(), metric_columns()
    head = document_cells(record, documents)
    for metric in record.get("metrics") or ():
        yield head | {column.name: cell(metric.get(column.name), column) for column in metrics}


def outcome_record(outcome: Outcome) -> dict[str, Any]:
    """The JSON form of an outcome's record, whether the worker sent a document or its JSON line."""
    if outcome.line is not None:
        return json.loads(outcome.line)
    return outcome.record().model_dump(mode="json")
