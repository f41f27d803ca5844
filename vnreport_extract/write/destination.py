"""Where records go: the `-o` file, held by one run at a time, or standard output; write errors as one line.

Input: the `-o` path (or none). Output: a binary stream to write records to. The `-o` file is opened without
being truncated, then locked (`fcntl.flock`, exclusive, on POSIX); only once the lock is held is it emptied,
or, with `--resume`, its kept content swapped in atomically, so a second run on the same file can never
wreck the first one's output: it stops with `OutputBusy`. Every OS error writing an output becomes an
`OutputError` naming the output and the reason (`cannot write out.jsonl: No space left on device`);
`BrokenPipeError` is left alone (the reader went away: the command ends quietly).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from vnreport_extract.errors import OutputBusy, OutputError

try:
    import fcntl
except ImportError:  # not POSIX: the -o file is not locked
    fcntl = None  # type: ignore[assignment]

STDOUT_NAME = "standard output"
_REOPEN_ATTEMPTS = 5


@contextmanager
def reporting(name: str) -> Iterator[None]:
    """Turn an OS error writing the output called `name` into one `OutputError` line."""
    try:
        yield
    except (BrokenPipeError, OutputError):
        raise
    except OSError as error:
        raise OutputError(f"cannot write {name}: {error.strerror or error}") from error


def standard_output() -> IO[bytes]:
    """Standard output's binary stream, flushed of any text written before."""
    if sys.stdout is None:
        raise OutputError(f"cannot write {STDOUT_NAME}: it is closed")
    with reporting(STDOUT_NAME):
        sys.stdout.flush()
    return sys.stdout.buffer


class LockedOutput:
    """The `-o` file, open for writing and locked by this run; `handle` is where records go."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with reporting(str(path)):
            _make_parent(path)
            self.handle = _open_locked(path)

    def empty(self) -> None:
        """Start the file afresh (a FIFO or a device is left as it is)."""
        with reporting(str(self.path)):
            if _is_regular(self.handle):
                self.handle.truncate(0)

    def content(self) -> bytes:
        """What the file holds now (read under the lock)."""
        with reporting(str(self.path)):
            return self.path.read_bytes() if _is_regular(self.handle) else b""

    def replace(self, content: bytes) -> None:
        """Make `content` the file's content, atomically, and append after it from now on.

        It is written to a locked temporary file that then takes the file's name, so a run that opens the
        name at any moment meets a locked file, and an interruption never leaves half a file.
        """
        temporary = self.path.with_name(f".{self.path.name}.resume-tmp")
        with reporting(str(self.path)):
            if not _is_regular(self.handle):
                return
            new = _open_locked(temporary)
            new.truncate(0)
            new.write(content)
            new.flush()
            os.replace(temporary, self.path)
            self.handle.close()
            self.handle = new

    def append_from_end(self) -> None:
        with reporting(str(self.path)):
            self.handle.seek(0, os.SEEK_END)

    def close(self) -> None:
        with reporting(str(self.path)):
            self.handle.close()  # the lock goes with it


@contextmanager
def locked_output(path: Path) -> Iterator[LockedOutput]:
    """The `-o` file, locked for the whole `with` block; raises `OutputBusy` when another run holds it."""
    output = LockedOutput(path)
    try:
        yield output
    finally:
        output.close()


@contextmanager
def locked_name(path: Path) -> Iterator[None]:
    """Hold the lock for an output that its writer creates and replaces by name (Parquet, SQLite).

    The data file itself cannot carry the lock, since its writer unlinks or renames it; a hidden
    `.NAME.lock` beside it does, and is removed at the end.
    """
    lock_path = path.with_name(f".{path.name}.lock")
    with reporting(str(path)):
        _make_parent(path)
        handle = _open_locked(lock_path, busy_name=path)
    try:
        yield
    finally:
        lock_path.unlink(missing_ok=True)  # before the lock goes: a run that opened it meanwhile retries
        handle.close()


def _open_locked(path: Path, busy_name: Path | None = None) -> IO[bytes]:
    """Open `path` for writing without truncating it, and lock it (regular files only)."""
    for _ in range(_REOPEN_ATTEMPTS):
        handle = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT, 0o666), "wb")
        if fcntl is None or not _is_regular(handle):
            return handle
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise OutputBusy(f"{busy_name or path}: another vnextract run is writing to this file") from None
        if _same_file(handle, path):
            return handle
        handle.close()  # another run replaced or removed it between the open and the lock: try again
    raise OutputBusy(f"{busy_name or path}: another vnextract run keeps replacing this file")


def _make_parent(path: Path) -> None:
    """Create the folders above `path` (when a file stands in the way, opening the path says so)."""
    if not os.path.lexists(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)


def _is_regular(handle: IO[bytes]) -> bool:
    return stat.S_ISREG(os.fstat(handle.fileno()).st_mode)


def _same_file(handle: IO[bytes], path: Path) -> bool:
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(handle.fileno())
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)
