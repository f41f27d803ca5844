"""Inputs named by fsspec URLs (`file://`, `s3://`, `gcs://`, `https://`, `memory://`): listed and read.

Needs fsspec (the `[dask]` extra), plus the filesystem's own package for remote stores (s3fs, gcsfs).
Input: a URL as given on the command line, which may name a file, a folder or a glob pattern. Output: the
URLs of the report files it names (a folder searched recursively for the suffixes a local folder is
searched for, hidden files skipped, sorted by path), and a file's bytes. Every problem reading one file
is a `ReadError`.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

from vnreport_extract.errors import ReadError, VnextractError
from vnreport_extract.read.text import check_size
from vnreport_extract.run.inputs import INPUT_SUFFIXES, NO_FILE_IN_FOLDER, NO_MATCH

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_GLOB_CHARS = frozenset("*?[")


class UrlError(VnextractError):
    """A URL argument cannot be listed at all (no filesystem package for it, an unreachable store)."""


def is_url(argument: str) -> bool:
    """Whether a PATH argument is a URL rather than a local path.

    >>> is_url("s3://bucket/reports/"), is_url("file:///tmp/a.txt"), is_url("reports/a.txt"), is_url("C:/x")
    (True, True, False, False)
    """
    return bool(_URL.match(argument))


def _filesystem(url: str) -> tuple[AbstractFileSystem, str]:
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as error:  # fsspec names the package to install
        raise UrlError(f"{url}: {error}") from None


def expand_url(url: str) -> list[tuple[str, str | None]]:
    """The (URL, problem) pairs a URL argument names, in order; a problem when it names no report file.

    Raises `UrlError` when the URL's filesystem cannot be used at all.
    """
    fs, path = _filesystem(url)
    try:
        if _GLOB_CHARS & set(path) and not fs.exists(path):
            return _expand_glob(fs, url, path)
        if fs.isdir(path):
            found = [_join(url, relative) for relative in _report_files(fs, path)]
            return [(source, None) for source in found] or [(url, NO_FILE_IN_FOLDER)]
    except (OSError, ValueError) as error:
        raise UrlError(f"{url}: cannot list: {error}") from None
    return [(url, None)]


def _expand_glob(fs: AbstractFileSystem, url: str, path: str) -> list[tuple[str, str | None]]:
    matches = sorted(fs.glob(path))
    if not matches:
        return [(url, NO_MATCH)]
    found: list[tuple[str, str | None]] = []
    for match in matches:
        match_url = fs.unstrip_protocol(match)
        if fs.isdir(match):
            found.extend((_join(match_url, relative), None) for relative in _report_files(fs, match))
        else:
            found.append((match_url, None))
    return found


def _report_files(fs: AbstractFileSystem, folder: str) -> list[str]:
    """The report files under `folder`, as paths relative to it, sorted by their parts."""
    root = folder.rstrip("/")
    relatives = [found[len(root):].lstrip("/") for found in fs.find(root)]
    kept = [
        relative.split("/")
        for relative in relatives
        if posixpath.splitext(relative)[1].lower() in INPUT_SUFFIXES
        and not any(part.startswith(".") for part in relative.split("/"))
    ]
    return ["/".join(parts) for parts in sorted(kept)]


def _join(url: str, relative: str) -> str:
    return url.rstrip("/") + "/" + relative


def read_url(url: str, max_bytes: int) -> bytes:
    """All bytes of the file at `url`, refusing files over `max_bytes`."""
    try:
        fs, path = _filesystem(url)
        info: dict[str, Any] = fs.info(path)
        if info.get("type") == "directory":
            raise IsADirectoryError(path)
        if info.get("size") is not None:
            check_size(int(info["size"]), max_bytes)
        with fs.open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except IsADirectoryError:
        raise ReadError("is a directory, not a file") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except (OSError, ValueError, UrlError) as error:
        raise ReadError(f"cannot read: {error}") from None
    check_size(len(data), max_bytes)
    return data
