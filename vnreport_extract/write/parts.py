"""Partitioned outputs: a folder (local or any fsspec URL) of `part-00000.jsonl` or `part-00000.parquet` files.

Input: the records of one partition (documents or error records, in their JSON form), in order. Output:
one part file, written by the worker that computed the partition; part numbers follow the input order, so
reading the parts in name order gives the records in input order. A folder is written whole: the parts
of that format from an earlier run are removed first (`clear_parts`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vnreport_extract.write.columns import outcome_record

if TYPE_CHECKING:
    from vnreport_extract.run.batch import Outcome

PART_FORMATS = ("jsonl", "parquet")


@dataclass(frozen=True)
class Tally:
    """What a part holds about one input, for the progress bar and the error lines (an `Outcome`'s counts)."""

    source: str
    error: str | None = None
    metric_count: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.error is not None


def part_name(index: int, output_format: str) -> str:
    """
    >>> part_name(3, "jsonl")
    'part-00003.jsonl'
    """
    return f"part-{index:05d}.{output_format}"


def part_url(folder: str, index: int, output_format: str) -> str:
    return folder.rstrip("/") + "/" + part_name(index, output_format)


def clear_parts(folder: str, output_format: str, storage_options: dict[str, Any] | None = None) -> None:
    """Create `folder` if needed, and remove the part files of this format an earlier run left in it."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(folder, **(storage_options or {}))
    fs.makedirs(path, exist_ok=True)
    for old in fs.glob(path.rstrip("/") + f"/part-*.{output_format}"):
        fs.rm(old)


def write_part(
    items: Iterable[Outcome | dict[str, Any]],
    url: str,
    output_format: str,
    storage_options: dict[str, Any] | None = None,
) -> list[Tally]:
    """Write one part file at `url` from outcomes or records; return a tally per input.

    JSON Lines: one record a line, every line ending in a newline; an outcome's own line (written by the
    worker, as in a local run) is used as it is.
    """
    import fsspec

    items = list(items)
    records = [item if isinstance(item, dict) else outcome_record(item) for item in items]
    with fsspec.open(url, "wb", **(storage_options or {})) as handle:
        if output_format == "jsonl":
            handle.write(b"".join(_line(item, record) for item, record in zip(items, records, strict=True)))
        elif output_format == "parquet":
            from vnreport_extract.write.parquet import write_table

            write_table(records, handle)
        else:
            raise ValueError(f"no part format {output_format!r} (one of {', '.join(PART_FORMATS)})")
    return [tally(item, record) for item, record in zip(items, records, strict=True)]


def _line(item: Outcome | dict[str, Any], record: dict[str, Any]) -> bytes:
    if not isinstance(item, dict) and item.line is not None:
        return item.line
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def tally(item: Outcome | dict[str, Any], record: dict[str, Any]) -> Tally:
    warnings = () if isinstance(item, dict) else item.warnings
    return Tally(record["source"], record.get("error"), len(record.get("metrics") or ()), warnings)
