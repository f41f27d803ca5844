"""Inputs: command-line PATHs -> ordered tasks, one per real file, without ever blocking or looping.

Input: the PATH arguments (files, folders, quoted glob patterns, `-`). Output: `Task`s in argument order;
within a folder or a glob, sorted by path. A folder and a glob are expanded by the same walk:
- it lists each folder once with `os.scandir`, so symbolic-link loops cannot make it loop;
- symlinks met on the way are not followed unless `follow` (`-L`), and then each real file is taken once
  and each real folder entered once;
- a FIFO, socket or device is never opened: it is skipped with a warning (opening a FIFO blocks);
- a folder it cannot list (no permission, a name too long) becomes an error task, never silence.
A PATH named on the command line is read as given, symlink or not.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from vnreport_extract.read.formats import DOCUMENT_SUFFIXES
from vnreport_extract.read.text import TEXT_SUFFIXES, too_large

STDIN = "-"
GLOB_CHARS = frozenset("*?[")
INPUT_SUFFIXES = TEXT_SUFFIXES | DOCUMENT_SUFFIXES
NO_FILE_IN_FOLDER = "folder has no .txt, .html, .htm, .pdf, .docx or .xlsx file"
NO_MATCH = "no file matches this pattern"
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))

Warn = Callable[[str], None]
Identity = tuple[int, int]  # (device, inode): one real file or folder


@dataclass(frozen=True)
class Task:
    """One input to process: its `source` (the path as given or found), stdin's bytes, or a known problem."""

    source: str
    data: bytes | None = None
    problem: str | None = None


def _ignore(message: str) -> None:
    pass


def expand_inputs(arguments: Iterable[str], follow: bool = False, warn: Warn = _ignore) -> list[Task]:
    """Tasks for the PATH arguments, in order: folders walked, globs expanded, each real file once.

    `warn` receives one line per skipped FIFO, socket or device.
    """
    expansion = _Expansion(follow, warn)
    for argument in arguments:
        expansion.add(argument)
    return expansion.tasks


def folder_files(folder: str, follow: bool = False) -> list[str]:
    """Every input file (.txt/.html/.htm/.pdf/.docx/.xlsx) under `folder`, recursively, sorted by path parts,
    as `folder/...` paths."""
    return [task.source for task in _Walk(folder, _Pattern(()), follow).run() if task.problem is None]


def attach_stdin(tasks: list[Task], max_bytes: int) -> list[Task]:
    """Read stdin once, in this process, into the `-` task (workers cannot share stdin).

    Reading stops one byte past `max_bytes`: a larger input is refused without being read whole.
    """
    if all(task.source != STDIN for task in tasks):
        return tasks
    stdin_task = read_stdin(max_bytes)
    return [stdin_task if task.source == STDIN else task for task in tasks]


def read_stdin(max_bytes: int) -> Task:
    """The `-` task: stdin's bytes, or why they cannot be had (closed, too large, a read error)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return Task(STDIN, problem="standard input is closed")
    try:
        data = _read_at_most(stream, max_bytes + 1)
    except (OSError, ValueError) as error:  # ValueError: the stream was closed
        return Task(STDIN, problem=f"cannot read standard input: {getattr(error, 'strerror', None) or error}")
    if len(data) > max_bytes:
        return Task(STDIN, problem=too_large(max_bytes))
    return Task(STDIN, data=data)


def _read_at_most(stream: object, limit: int) -> bytes:
    """Up to `limit` bytes, however the stream hands them out (a pipe gives a little at a time)."""
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = stream.read(min(remaining, 1 << 20))  # type: ignore[attr-defined]
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class _Expansion:
    """The tasks so far, and what has been taken already (by source and by real file)."""

    def __init__(self, follow: bool, warn: Warn) -> None:
        self.follow, self.warn = follow, warn
        self.tasks: list[Task] = []
        self._sources: set[str] = set()
        self._files: set[Identity] = set()

    def add(self, argument: str) -> None:
        for task in self._expand(argument):
            if task.source in self._sources or self._seen_file(task):
                continue
            self._sources.add(task.source)
            self.tasks.append(task)

    def _seen_file(self, task: Task) -> bool:
        """Whether this task's file was taken under another name (a link, `./a.txt` and `a.txt`)."""
        if task.source == STDIN or task.problem is not None:
            return False
        try:
            status = os.stat(task.source)
        except (OSError, ValueError):
            return False  # reading it will report why
        if not stat.S_ISREG(status.st_mode):
            return False
        identity = (status.st_dev, status.st_ino)
        if identity in self._files:
            return True
        self._files.add(identity)
        return False

    def _expand(self, argument: str) -> list[Task]:
        if argument == STDIN:
            return [Task(STDIN)]
        if os.path.isdir(argument):
            found = _Walk(argument, _Pattern(()), self.follow, self.warn).run()
            return found or [Task(argument, problem=NO_FILE_IN_FOLDER)]
        if not os.path.lexists(argument) and GLOB_CHARS & set(argument):
            base, pattern = _Pattern.split(argument)
            found = _Walk(base, pattern, self.follow, self.warn).run() if os.path.isdir(base or ".") else []
            return found or [Task(argument, problem=NO_MATCH)]
        return [Task(argument)]


@dataclass(frozen=True)
class _Pattern:
    """The magic part of a glob pattern, one entry per path component; `**` matches any number of folders.

    The walk feeds it names one at a time and keeps the set of positions reached (a small automaton),
    so it needs no backtracking and never lists a folder twice. As in `glob`, a wildcard does not match
    a name starting with `.`; an empty pattern matches nothing (a plain folder walk).
    """

    parts: tuple[str, ...]

    @staticmethod
    def split(text: str) -> tuple[str, _Pattern]:
        """The folder to start from (the leading components without wildcards) and the rest.

        >>> _Pattern.split("reports/2024/**/*.txt")
        ('reports/2024', _Pattern(parts=('**', '*.txt')))
        >>> _Pattern.split("*.htm*")
        ('', _Pattern(parts=('*.htm*',)))
        """
        components = text.split(os.sep)
        literal = 0
        while literal < len(components) - 1 and not GLOB_CHARS & set(components[literal]):
            literal += 1
        base = os.sep.join(components[:literal]) or (os.sep if text.startswith(os.sep) else "")
        rest = [part for part in components[literal:] if part]  # `a//b` and a trailing `/`
        collapsed = [part for i, part in enumerate(rest) if not (part == "**" and rest[i - 1:i] == ["**"])]
        return base, _Pattern(tuple(collapsed))

    def start(self) -> frozenset[int]:
        return self._closure({0}) if self.parts else frozenset()

    def step(self, states: frozenset[int], name: str) -> frozenset[int]:
        """The positions reached after one more path component called `name`."""
        reached = set()
        for i in states:
            if i == len(self.parts):
                continue
            part = self.parts[i]
            if part == "**":
                if not name.startswith("."):
                    reached.add(i)
            elif (part.startswith(".") or not name.startswith(".")) and fnmatchcase(name, part):
                reached.add(i + 1)
        return self._closure(reached)

    def complete(self, states: frozenset[int]) -> bool:
        return len(self.parts) in states

    def _closure(self, states: set[int]) -> frozenset[int]:
        """Add the positions after each `**`, which may match no component at all."""
        pending = list(states)
        while pending:
            i = pending.pop()
            if i < len(self.parts) and self.parts[i] == "**" and i + 1 not in states:
                states.add(i + 1)
                pending.append(i + 1)
        return frozenset(states)


def _mode(entry: os.DirEntry[str], follow: bool) -> int:
    """The entry's file type bits; from the folder listing itself (no system call) for plain files and
    folders, from a `stat` for links and anything else."""
    if not entry.is_symlink():
        if entry.is_dir(follow_symlinks=False):
            return stat.S_IFDIR
        if entry.is_file(follow_symlinks=False):
            return stat.S_IFREG
    return entry.stat(follow_symlinks=follow).st_mode


@dataclass
class _Frame:
    """A folder to list: its path parts below the base, the pattern positions reached, and whether it is
    inside a folder the pattern matched (or the folder argument itself), where every text file is taken."""

    parts: tuple[str, ...]
    states: frozenset[int]
    inside: bool


@dataclass
class _Walk:
    """One walk from `base`: the files the pattern matches (any suffix), and every non-hidden input file
    (.txt/.html/.htm/.pdf/.docx/.xlsx) under a folder it matches (or under `base` itself, for an empty pattern)."""

    base: str
    pattern: _Pattern
    follow: bool = False
    warn: Warn = _ignore
    _found: list[tuple[tuple[str, ...], Task | str]] = field(default_factory=list)  # str: a warning
    _entered: set[Identity] = field(default_factory=set)

    def run(self) -> list[Task]:
        root = _Frame((), self.pattern.start(), inside=not self.pattern.parts)
        if self._first_entry(self.base or "."):
            pending = [root]
            while pending:
                pending.extend(self._list(pending.pop()))
        tasks = []
        for _, found in sorted(self._found, key=lambda item: item[0]):
            if isinstance(found, Task):
                tasks.append(found)
            else:
                self.warn(found)  # in path order, whatever order the folders were listed in
        return tasks

    def _path(self, parts: tuple[str, ...]) -> str:
        return os.path.join(self.base, *parts) if self.base else os.path.join(*parts)

    def _first_entry(self, path: str) -> bool:
        """Note a folder as entered; False when it was entered already (a link loop under -L)."""
        try:
            status = os.stat(path)
        except OSError:
            return True  # os.scandir will say why
        identity = (status.st_dev, status.st_ino)
        if identity in self._entered:
            return False
        self._entered.add(identity)
        return True

    def _list(self, frame: _Frame) -> list[_Frame]:
        """Take the files of one folder; return its sub-folders to list."""
        path = self._path(frame.parts) if frame.parts else (self.base or ".")
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)  # warnings in a fixed order
        except OSError as error:
            self._problem(frame.parts, path, f"cannot open folder: {error.strerror or error}")
            return []
        return [sub for entry in entries if (sub := self._visit(frame, entry)) is not None]

    def _visit(self, frame: _Frame, entry: os.DirEntry[str]) -> _Frame | None:
        parts = (*frame.parts, entry.name)
        states = self.pattern.step(frame.states, entry.name)
        matched = self.pattern.complete(states)
        inside = frame.inside and not entry.name.startswith(".")
        if not (matched or inside or states):
            return None
        if entry.is_symlink() and not self.follow:
            return None  # as ripgrep: links met on a walk are followed only with -L
        try:
            mode = _mode(entry, self.follow)
        except OSError as error:
            self._problem(parts, entry.path, f"cannot read: {error.strerror or error}")
            return None
        if stat.S_ISDIR(mode):
            wanted = matched or inside or states - {len(self.pattern.parts)}
            if wanted and self._first_entry(entry.path):
                return _Frame(parts, states, inside or matched)
            return None
        if matched or (inside and os.path.splitext(entry.name)[1].lower() in INPUT_SUFFIXES):
            self._take(parts, mode)
        return None

    def _take(self, parts: tuple[str, ...], mode: int) -> None:
        path = self._path(parts)
        if stat.S_ISREG(mode):
            self._found.append((parts, Task(path)))
            return
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        self._found.append((parts, f"{path}: skipped, {kind} is not read inside a folder or a glob"))

    def _problem(self, parts: tuple[str, ...], path: str, problem: str) -> None:
        self._found.append((parts, Task(path, problem=problem)))
