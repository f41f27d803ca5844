"""Parquet and SQLite outputs: columns derived from the models, read back and compared with JSON Lines."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import copy_reports
from typer.testing import CliRunner

from vnreport_extract.cli import app
from vnreport_extract.models import Document, Metric
from vnreport_extract.run.batch import Outcome
from vnreport_extract.write.columns import ColumnType, column_type, document_columns, metric_columns, record_columns

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
COMMAND = [sys.executable, "-m", "vnreport_extract"]
REPORT = "Doanh thu dịch vụ viễn thông năm 2024 ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023.\n"


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["-j", "1", *args])


def jsonl_records(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.splitlines()]


def flat_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The metric rows JSON Lines records give: document fields, then metric fields (no error, no empty doc)."""
    names = [column.name for column in document_columns()]
    return [
        {name: record.get(name) for name in names} | metric
        for record in records
        for metric in record.get("metrics") or ()
    ]


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    """A metric row as JSON Lines has it: JSON columns (lists such as `review`) decoded."""
    json_columns = {column.name for column in metric_columns() if column.type is ColumnType.JSON}
    fields = {key: value for key, value in row.items() if key != "document_id"}
    return {key: json.loads(value) if key in json_columns and value is not None else value for key, value in fields.items()}


def sqlite_records(path: Path) -> list[dict[str, Any]]:
    """The records of a vnextract SQLite database, rebuilt in the JSON Lines form."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    records = []
    for document in connection.execute("SELECT * FROM documents ORDER BY id"):
        fields = dict(document)
        del fields["id"]
        if fields["error"] is not None:
            records.append({"source": fields["source"], "error": fields["error"]})
            continue
        del fields["error"]
        metrics = connection.execute(
            "SELECT * FROM metrics WHERE document_id = ? ORDER BY rowid", (document["id"],)
        )
        fields["metrics"] = [_decoded(dict(row)) for row in metrics]
        records.append(fields)
    connection.close()
    return records


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """A few hundred reports and their records from `-j 2` as JSON Lines."""
    folder = tmp_path_factory.mktemp("columnar") / "reports"
    copy_reports(folder, 8)
    output = folder.parent / "local.jsonl"
    done = subprocess.run([*COMMAND, str(folder), "-j", "2", "-q", "-o", str(output)], check=False)
    assert done.returncode == 1  # the empty file failed
    return folder, jsonl_records(output)


# --- Columns come from the models --------------------------------------------------------------


def test_every_model_field_is_a_column() -> None:
    assert [column.name for column in metric_columns()] == list(Metric.model_fields)
    document_fields = [name for name in Document.model_fields if name != "metrics"]
    assert [column.name for column in document_columns()] == document_fields
    assert [column.name for column in record_columns()] == [*document_fields, "error"]


def test_column_types() -> None:
    types = {column.name: column.type for column in metric_columns()}
    assert types["value"] == types["value_max"] == types["total"] == ColumnType.FLOAT
    assert types["start"] == types["end"] == ColumnType.INTEGER
    assert types["kind"] == types["label"] == ColumnType.TEXT


def test_fields_added_later_get_a_type() -> None:
    from pydantic import create_model

    extended = create_model("Extended", __base__=Metric, page=(int | None, None), review=(bool, False),
                            notes=(list[str], []))
    types = {name: column_type(field.annotation) for name, field in extended.model_fields.items()}
    assert types["page"] is ColumnType.INTEGER
    assert types["review"] is ColumnType.BOOLEAN
    assert types["notes"] is ColumnType.JSON


# --- SQLite ------------------------------------------------------------------------------------


def test_sqlite_holds_the_same_records_as_json_lines(batch: tuple[Path, list[dict]], tmp_path: Path) -> None:
    folder, expected = batch
    database = tmp_path / "metrics.sqlite"
    result = run(str(folder), "-f", "sqlite", "-o", str(database), "-q")
    assert result.exit_code == 1
    assert len(expected) > 200
    records = sqlite_records(database)
    assert len(records) == len(expected)
    assert records == expected
    connection = sqlite3.connect(database)
    metric_count = connection.execute("SELECT count(*) FROM metrics").fetchone()[0]
    assert metric_count == sum(len(record.get("metrics", ())) for record in expected)
    indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"documents_source", "metrics_kind"} <= indexes
    assert not list(tmp_path.glob("*-wal")) and not list(tmp_path.glob("*-shm"))


def test_sqlite_numbers_are_real(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    database = tmp_path / "m.sqlite"
    assert run(str(tmp_path / "a.txt"), "-f", "sqlite", "-o", str(database)).exit_code == 0
    connection = sqlite3.connect(database)
    types = set(connection.execute("SELECT typeof(value), typeof(start) FROM metrics").fetchall())
    assert types == {("real", "integer")}


def test_sqlite_rerun_replaces_and_resume_continues(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(REPORT, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    database = tmp_path / "m.sqlite"
    assert run(str(folder), "-f", "sqlite", "-o", str(database), "-q").exit_code == 1
    assert run(str(folder), "-f", "sqlite", "-o", str(database), "-q").exit_code == 1  # replaced, not doubled
    assert [record.get("error") for record in sqlite_records(database)] == [None, "file is empty", None]

    (folder / "b.txt").write_text(REPORT, encoding="utf-8")
    (folder / "d.txt").write_text(REPORT, encoding="utf-8")
    assert run(str(folder), "-f", "sqlite", "-o", str(database), "--resume", "-q").exit_code == 0
    records = sqlite_records(database)
    assert sorted(Path(record["source"]).name for record in records) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert all("error" not in record and len(record["metrics"]) == 2 for record in records)


def test_sqlite_resume_adds_columns_an_older_database_lacks(tmp_path: Path) -> None:
    database = tmp_path / "old.sqlite"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, source TEXT, error TEXT)")
    connection.execute("CREATE TABLE metrics (document_id INTEGER, kind TEXT, value REAL)")
    connection.commit()
    connection.close()
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    assert run(str(tmp_path / "a.txt"), "-f", "sqlite", "-o", str(database), "--resume").exit_code == 0
    assert sqlite_records(database)[0]["metrics"][0]["sentence"] == REPORT.strip()


def test_sqlite_resume_of_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "out.jsonl").write_text('{"source": "x"}\n' * 200, encoding="utf-8")
    result = run(str(tmp_path / "a.txt"), "-f", "sqlite", "-o", str(tmp_path / "out.jsonl"), "--resume")
    assert result.exit_code == 2
    assert "cannot resume" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("output_format", ["sqlite", "parquet"])
def test_file_formats_need_an_output_file(output_format: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    result = run(str(tmp_path / "a.txt"), "-f", output_format)
    assert result.exit_code == 2
    assert "needs -o FILE" in result.stderr


# --- Parquet -----------------------------------------------------------------------------------


def test_parquet_holds_the_metric_rows_of_json_lines(batch: tuple[Path, list[dict]], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (the [parquet] extra)")
    folder, expected = batch
    output = tmp_path / "metrics.parquet"
    assert run(str(folder), "-f", "parquet", "-o", str(output), "-q").exit_code == 1
    table = pq.read_table(output)
    assert table.column_names == [column.name for column in (*document_columns(), *metric_columns())]
    rows = [_decoded(row) for row in table.to_pylist()]
    expected_rows = flat_rows(expected)
    assert len(rows) == len(expected_rows) > 1000
    assert rows == expected_rows
    assert not list(tmp_path.glob(".*.part"))


def test_parquet_schema_is_explicit(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed (the [parquet] extra)")
    import pyarrow.parquet as pq

    from vnreport_extract.write.parquet import ParquetWriter

    huge = Metric(kind="money", value=10**16, unit="VND", text="10 triệu tỷ đồng", start=0, end=16, sentence="x")
    small = huge.model_copy(update={"value": 3, "kind": "count", "unit": None})
    document = Document(source="a.txt", metrics=[huge, small])
    output = tmp_path / "m.parquet"
    writer = ParquetWriter(output, rows_per_group=1)
    writer.write(Outcome("a.txt", document=document))
    writer.write(Outcome("b.txt", error="file is empty"))
    writer.write(Outcome("c.txt", document=Document(source="c.txt")))
    writer.close()
    table = pq.read_table(output)
    assert table.schema.field("value").type == pa.float64()
    assert table.schema.field("start").type == pa.int64()
    assert table.column("value").to_pylist() == [1e16, 3.0]
    assert table.column("source").to_pylist() == ["a.txt", "a.txt"]


def test_parquet_abort_leaves_no_file(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="pyarrow is not installed (the [parquet] extra)")
    from vnreport_extract.write.parquet import ParquetWriter

    output = tmp_path / "m.parquet"
    writer = ParquetWriter(output)
    writer.write(Outcome("c.txt", document=Document(source="c.txt")))
    writer.abort()
    assert list(tmp_path.iterdir()) == []
