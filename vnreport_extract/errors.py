"""The package's exceptions: one base class, so callers can catch everything vnextract raises."""

from __future__ import annotations


class VnextractError(Exception):
    """Base class of every error vnextract raises on purpose."""


class ReadError(VnextractError):
    """An input could not be read as text; the message says why, in a few words (`file is empty`)."""


class PatternLibraryError(VnextractError):
    """The pattern library is invalid; `problems` holds one line per problem (`file: rule -> field: msg`)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems) or "invalid pattern library")


class GoldError(VnextractError):
    """The gold file of `--eval` is not one JSON document a line with `doc` and `metrics`; the message
    names the file and the line."""


class OutputError(VnextractError):
    """An output (`-o FILE`, `--html FILE`, standard output) cannot be written; the message names it and says why."""


class OutputBusy(OutputError):
    """Another run holds the lock on the `-o` file."""
