"""vnextract in your own Dask pipeline (the `[dask]` extra; Parquet also needs the `[parquet]` extra).

    from distributed import Client
    from vnreport_extract import distributed as vd

    client = Client("tcp://scheduler:8786")
    docs = vd.documents(["s3://archive/2024/", "reports/*.html"])    # a dask.bag of records, in input order
    vd.to_jsonl(docs, "s3://results/metrics-jsonl/")                 # part-00000.jsonl, part-00001.jsonl, ...
    vd.to_parquet(docs, "s3://results/metrics-parquet/")             # one row per metric, explicit schema
    money = vd.metric_rows(docs).filter(lambda row: row["kind"] == "money")

A record is a document in its JSON form (the `vnextract --format jsonl` line, parsed), or
`{"source": ..., "error": ...}` for an input that could not be read. Each document is processed by
`run.batch.process`, the function a local `vnextract` run uses, so the records are the same.
Inputs are local paths (which must exist on the workers), glob patterns and fsspec URLs (`file://`,
`s3://` with s3fs, `gcs://` with gcsfs, `https://`); a folder is searched for .txt/.html/.htm files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vnreport_extract.run.batch import Settings
from vnreport_extract.run.cluster import PART_SIZE, expand_sources, process_partition
from vnreport_extract.run.inputs import Task
from vnreport_extract.write.columns import metric_rows as _record_metric_rows
from vnreport_extract.write.columns import outcome_record
from vnreport_extract.write.parts import clear_parts, part_url, write_part

if TYPE_CHECKING:
    import dask.bag
    from dask.delayed import Delayed

__all__ = ["documents", "metric_rows", "sources", "to_jsonl", "to_parquet"]

DEFAULT_MAX_BYTES = 20_000_000


def sources(urls: Iterable[str]) -> list[str]:
    """The inputs that `urls` name, in the order `documents` processes them (folders and globs expanded)."""
    return [task.source for task in expand_sources(urls)]


def documents(
    urls: Iterable[str],
    *,
    partition_size: int = PART_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    patterns: Iterable[str | Path] = (),
) -> dask.bag.Bag:
    """A bag of one record per input, in input order; `partition_size` inputs per partition.

    `patterns` are extra pattern folders (as `--patterns`), which must exist on the workers.
    """
    import dask.bag

    settings = Settings(max_bytes, tuple(Path(folder) for folder in patterns))
    tasks = expand_sources(urls)
    return dask.bag.from_sequence(tasks, partition_size=partition_size).map_partitions(_records, settings)


def _records(tasks: Iterable[Task], settings: Settings) -> list[dict[str, Any]]:
    return [outcome_record(outcome) for outcome in process_partition(tasks, settings)]


def metric_rows(records: dask.bag.Bag) -> dask.bag.Bag:
    """One flat row per metric: its document's fields (`source`, `title`, ...), then every metric field."""
    return records.map(_rows).flatten()


def _rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    return list(_record_metric_rows(record))


def to_jsonl(
    records: dask.bag.Bag, folder: str, *, compute: bool = True, storage_options: dict[str, Any] | None = None
) -> list[str] | list[Delayed]:
    """Write one `part-NNNNN.jsonl` per partition in `folder` (a path or URL); return the part URLs.

    Every line ends in a newline; reading the parts in name order gives the records in input order. The
    parts of an earlier run in `folder` are removed first. With `compute=False`, the delayed writes.
    """
    return _write_parts(records, folder, "jsonl", compute, storage_options)


def to_parquet(
    records: dask.bag.Bag, folder: str, *, compute: bool = True, storage_options: dict[str, Any] | None = None
) -> list[str] | list[Delayed]:
    """Write one `part-NNNNN.parquet` per partition of the records: their metric rows, explicit schema.

    `pandas.read_parquet(folder)` and `duckdb` (`FROM 'folder/*.parquet'`) read the folder as one table.
    """
    return _write_parts(records, folder, "parquet", compute, storage_options)


def _write_parts(
    records: dask.bag.Bag, folder: str, output_format: str, compute: bool, storage_options: dict[str, Any] | None
) -> list[str] | list[Delayed]:
    import dask
    from dask import delayed

    clear_parts(folder, output_format, storage_options)
    urls = [part_url(folder, index, output_format) for index in range(records.npartitions)]
    writes = [
        delayed(write_part)(part, url, output_format, storage_options)
        for part, url in zip(records.to_delayed(), urls, strict=True)
    ]
    if not compute:
        return writes
    dask.compute(*writes)
    return urls
