"""Orchestration only: text -> Document. (Engine under construction; stub returns no metrics.)"""

from __future__ import annotations

from .models import Document
from .normalize import normalize


def extract(text: str, source: str = "-", library: object | None = None) -> Document:
    """Extract every metric of one report. `text` is the decoded input; offsets index normalize(text)."""
    normalize(text)
    return Document(source=source)
