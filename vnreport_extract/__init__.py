"""vnextract: structured, validated metrics from Vietnamese reports.

The public names are imported on first use, so that `vnextract --help` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Document", "Metric", "__version__", "extract", "parse_number"]

_LAZY = {
    "extract": ".extraction.pipeline",
    "Document": ".models",
    "Metric": ".models",
    "parse_number": ".extraction.numbers",
}

if TYPE_CHECKING:
    from vnreport_extract.extraction.numbers import parse_number
    from vnreport_extract.extraction.pipeline import extract
    from vnreport_extract.models import Document, Metric


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
