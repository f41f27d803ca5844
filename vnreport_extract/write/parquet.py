"""Parquet output (needs pyarrow, the `[parquet]` extra): one row per metric, with its document's fields.

Input: `Outcome`s (or record dicts), in order. Output: a Parquet file whose schema is explicit and comes
from the models (`write.columns`): numbers that may be floats are float64 (a 10^16 money value fits no
integer-or-float union), integers int64, the rest strings. Documents without metrics and error records
give no row. The file is written whole: under a temporary name, renamed when complete.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from vnreport_extract.write.columns import ColumnType, document_columns, metric_columns, metric_rows, outcome_record

if TYPE_CHECKING:
    import pyarrow

    from vnreport_extract.run.batch import Outcome

ROWS_PER_GROUP = 50_000


def metric_schema() -> pyarrow.Schema:
    """The Arrow schema of a metric row: the document columns, then the metric columns."""
    import pyarrow as pa

    types = {
        ColumnType.FLOAT: pa.float64(),
        ColumnType.INTEGER: pa.int64(),
        ColumnType.BOOLEAN: pa.bool_(),
        ColumnType.TEXT: pa.string(),
        ColumnType.JSON: pa.string(),
    }
    columns = (*document_columns(), *metric_columns())
    return pa.schema([pa.field(column.name, types[column.type]) for column in columns])


def metric_table(records: Iterable[dict[str, Any]]) -> pyarrow.Table:
    """The metric rows of some records, as an Arrow table with `metric_schema()`."""
    import pyarrow as pa

    rows = [row for record in records for row in metric_rows(record)]
    return pa.Table.from_pylist(rows, schema=metric_schema())


def write_table(records: Iterable[dict[str, Any]], sink: str | IO[bytes]) -> int:
    """Write the metric rows of `records` as one Parquet file; return the number of rows."""
    import pyarrow.parquet as pq

    table = metric_table(records)
    pq.write_table(table, sink)
    return table.num_rows


class ParquetWriter:
    """Streams metric rows into a Parquet file, a row group at a time; the file appears when complete."""

    def __init__(self, path: Path, rows_per_group: int = ROWS_PER_GROUP) -> None:
        import pyarrow.parquet as pq

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.temporary = path.with_name(f".{path.name}.part")
        self.rows_per_group = rows_per_group
        self.schema = metric_schema()
        self.pending: list[dict[str, Any]] = []
        self.writer = pq.ParquetWriter(str(self.temporary), self.schema)

    def write(self, outcome: Outcome) -> None:
        self.pending.extend(metric_rows(outcome_record(outcome)))
        if len(self.pending) >= self.rows_per_group:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.pending:
            self.writer.write_table(pa.Table.from_pylist(self.pending, schema=self.schema))
            self.pending = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
        os.replace(self.temporary, self.path)

    def abort(self) -> None:
        """After an interruption: no file, rather than a partial one."""
        self.writer.close()
        self.temporary.unlink(missing_ok=True)
