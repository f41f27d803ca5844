"""Compiled patterns kept between runs.

The `regex` module compiles a pattern in Python: vnextract's few hundred patterns (long
alternations of cue words, units and place names) take about a third of a second to compile in
every new process, longer than extracting a short report. A compiled pattern pickles to its
finished program (`regex` supports that), which loads in about a hundredth of that time. So every
pattern is compiled through `compile_pattern`, and the compiled ones are kept in a file in the
user's cache folder, read on first use and rewritten when a run compiled new ones.

Where: `$VNEXTRACT_CACHE_DIR`, else `$XDG_CACHE_HOME/vnextract`, else `~/.cache/vnextract`;
`VNEXTRACT_NO_CACHE=1` turns it off. A missing, unreadable or foreign file is ignored (the
patterns are compiled as without a cache), and a folder that cannot be written is left alone.
The file is per `regex` and Python version, and only `regex`'s own compile function may be
called while loading it.
"""

from __future__ import annotations

import atexit
import os
import pickle
import sys
import tempfile
from pathlib import Path

import regex

FORMAT = 1
MAX_PATTERNS = 5000  # several user pattern libraries side by side; beyond that, start afresh

Key = tuple[str, int]


def cache_file() -> Path | None:
    """The cache file of this `regex` and Python, or None when caching is off."""
    if os.environ.get("VNEXTRACT_NO_CACHE"):
        return None
    folder = os.environ.get("VNEXTRACT_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = Path(base) / "vnextract"
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return Path(folder) / f"patterns-v{FORMAT}-regex{regex.__version__}-py{python}.pickle"


class _RegexOnly(pickle.Unpickler):
    """Unpickles compiled patterns and nothing else: a tampered file cannot run code."""

    def find_class(self, module: str, name: str) -> object:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a compiled pattern")


class PatternCache:
    """Compiled patterns by (pattern, flags), loaded from and saved to one file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._patterns: dict[Key, regex.Pattern] | None = None
        self._unsaved = 0

    def compile(self, pattern: str, flags: int = 0) -> regex.Pattern:
        patterns = self._loaded()
        key = (pattern, int(flags))
        found = patterns.get(key)
        if found is None:
            found = patterns[key] = regex.compile(pattern, flags)
            self._unsaved += 1
        return found

    def save(self) -> None:
        """Write the patterns if this run compiled new ones; never fails the run."""
        if not self._unsaved or self.path is None or self._patterns is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, delete=False) as out:
                pickle.dump(self._patterns, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(out.name, self.path)  # readers see the old file or the new one, never half
            self._unsaved = 0
        except OSError:
            return

    def _loaded(self) -> dict[Key, regex.Pattern]:
        if self._patterns is None:
            self._patterns = self._read()
        return self._patterns

    def _read(self) -> dict[Key, regex.Pattern]:
        if self.path is None:
            return {}
        try:
            with self.path.open("rb") as stream:
                patterns = _RegexOnly(stream).load()
        except Exception:  # missing, truncated, foreign or tampered: compile afresh
            return {}
        if not isinstance(patterns, dict) or len(patterns) > MAX_PATTERNS:
            return {}
        return patterns


_cache = PatternCache(cache_file())
atexit.register(_cache.save)


# The `concurrent` argument of `regex`'s match, search and fullmatch (their fourth, given by position: by keyword it
# costs more than it saves). On a `str` `regex` releases the GIL around every call by default, which costs about a
# third of a short call; a call that passes False keeps it (the other threads wait, as for any Python code).
HOLD_GIL = False


def compile_pattern(pattern: str, flags: int = 0) -> regex.Pattern:
    """`regex.compile`, from the cache of compiled patterns when it holds this one."""
    return _cache.compile(pattern, flags)


def save_compiled() -> None:
    """Save newly compiled patterns now (a worker process may end without running atexit)."""
    _cache.save()
