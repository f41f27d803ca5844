"""SQLite output: a `documents` table and a `metrics` table, in one database file analysts query directly.

Input: `Outcome`s, in order. Output: one row in `documents` per input (an error record has its `error`
set) and one row in `metrics` per metric, `metrics.document_id` referencing `documents.id`. The columns
come from the models (`write.columns`), so a field added later is a column too. Each document is one
transaction, so an interrupted run leaves whole documents, and `--resume` continues into the database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vnreport_extract.write.columns import (
    Column,
    ColumnType,
    cell,
    document_cells,
    metric_columns,
    outcome_record,
    record_columns,
)
from vnreport_extract.write.outputs import uninterrupted

if TYPE_CHECKING:
    from vnreport_extract.run.batch import Outcome

_SQL_TYPES = {
    ColumnType.FLOAT: "REAL",
    ColumnType.INTEGER: "INTEGER",
    ColumnType.BOOLEAN: "INTEGER",
    ColumnType.TEXT: "TEXT",
    ColumnType.JSON: "TEXT",
}
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _definitions(columns: tuple[Column, ...]) -> list[str]:
    return [f"{_quote(column.name)} {_SQL_TYPES[column.type]}" for column in columns]


def create_tables(connection: sqlite3.Connection) -> None:
    """Create the tables and indexes, or add the columns an older database lacks."""
    documents = ["id INTEGER PRIMARY KEY", *_definitions(record_columns())]
    metrics = ["document_id INTEGER NOT NULL REFERENCES documents(id)", *_definitions(metric_columns())]
    connection.execute(f"CREATE TABLE IF NOT EXISTS documents ({', '.join(documents)})")
    connection.execute(f"CREATE TABLE IF NOT EXISTS metrics ({', '.join(metrics)})")
    _add_missing_columns(connection, "documents", record_columns())
    _add_missing_columns(connection, "metrics", metric_columns())
    connection.execute("CREATE INDEX IF NOT EXISTS documents_source ON documents(source)")
    connection.execute("CREATE INDEX IF NOT EXISTS metrics_kind ON metrics(kind)")
    connection.execute("CREATE INDEX IF NOT EXISTS metrics_document ON metrics(document_id)")


def _add_missing_columns(connection: sqlite3.Connection, table: str, columns: tuple[Column, ...]) -> None:
    present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
    for column in columns:
        if column.name not in present:
            connection.execute(f"ALTER TABLE {table} ADD COLUMN {_quote(column.name)} {_SQL_TYPES[column.type]}")


def open_database(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), with the tables in place."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")  # a commit per document stays cheap
    connection.execute("PRAGMA synchronous=NORMAL")
    create_tables(connection)
    return connection


def prepare_resume(path: Path) -> set[str]:
    """Sources already done in the database at `path`; its error records are removed, to be retried.

    Raises `sqlite3.DatabaseError` when the file is not a SQLite database.
    """
    if not path.exists():
        return set()
    connection = open_database(path)
    try:
        with connection:
            connection.execute("BEGIN")
            failed = "SELECT id FROM documents WHERE error IS NOT NULL"
            connection.execute(f"DELETE FROM metrics WHERE document_id IN ({failed})")
            connection.execute("DELETE FROM documents WHERE error IS NOT NULL")
        return {source for (source,) in connection.execute("SELECT source FROM documents")}
    finally:
        _close(connection)


def _close(connection: sqlite3.Connection) -> None:
    """Close, leaving a single file behind (no -wal or -shm file beside it)."""
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()


class SqliteWriter:
    """Writes each outcome as one transaction: its `documents` row and its `metrics` rows."""

    def __init__(self, path: Path, resume: bool = False) -> None:
        if not resume:
            for name in (path.name, *(path.name + suffix for suffix in _SIDE_FILES)):
                path.with_name(name).unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = open_database(path)
        self.documents = record_columns()
        self.metrics = metric_columns()
        self._insert_document = _insert("documents", [column.name for column in self.documents])
        self._insert_metric = _insert("metrics", ["document_id", *(column.name for column in self.metrics)])

    def write(self, outcome: Outcome) -> None:
        record = outcome_record(outcome)
        with uninterrupted(), self.connection:
            self.connection.execute("BEGIN")
            cursor = self.connection.execute(self._insert_document, _values(document_cells(record, self.documents)))
            rows = [
                (cursor.lastrowid, *(cell(metric.get(column.name), column) for column in self.metrics))
                for metric in record.get("metrics") or ()
            ]
            self.connection.executemany(self._insert_metric, rows)

    def close(self) -> None:
        _close(self.connection)

    def abort(self) -> None:
        """After an interruption: the documents written so far stay (for `--resume`)."""
        self.close()


def _insert(table: str, names: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(map(_quote, names))}) VALUES ({', '.join('?' * len(names))})"


def _values(cells: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(cells.values())
