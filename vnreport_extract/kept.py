"""What a run reads from a large or slow file, kept for the next run.

Some inputs cost a share of a short run to read: underthesea's map of every ward (5 MB of JSON, for the
province names) and the packaged pattern files (TOML). What is read from such a file is kept as JSON in
the folder of the cache of compiled patterns (`compiled.cache_file`), with the file's path, size and
modification time, and read back while those are unchanged. Caching off (`VNEXTRACT_NO_CACHE`), a
missing, unreadable or foreign kept file, or a folder that cannot be written: the file is read as
without a cache.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from vnreport_extract.compiled import cache_file

Source = list[object]  # a file's path, size and modification time


def source_of(path: Path) -> Source | None:
    """What says `path` is unchanged, or None when it cannot be read (left to its reader to report)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return [str(path), stat.st_size, stat.st_mtime_ns]


def kept_file(name: str) -> Path | None:
    """Where a value named `name` is kept, or None when caching is off."""
    patterns = cache_file()
    return None if patterns is None else patterns.parent / name


def read_kept(kept: Path | None, source: Source, field: str) -> Any | None:
    """The value kept under `field` in `kept` from `source`, or None if none is kept or it is from another file."""
    if kept is None:
        return None
    try:
        stored = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("source") != source:
        return None
    return stored.get(field)


def keep(kept: Path | None, source: Source, field: str, value: Any) -> None:
    """Write `value` for the next run; one JSON cannot hold (a TOML date) or a folder that cannot be written
    is left alone."""
    if kept is None:
        return
    try:
        text = json.dumps({"source": source, field: value}, ensure_ascii=False)
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=kept.parent, delete=False) as out:
            out.write(text)
        os.replace(out.name, kept)  # readers see the old file or the new one, never half
    except (OSError, TypeError, ValueError):
        return
