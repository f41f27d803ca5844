"""vnextract: structured, validated metrics from Vietnamese reports."""

from .extract import extract
from .models import Document, Metric
from .numbers import parse_number

__version__ = "0.1.0"
__all__ = ["Document", "Metric", "__version__", "extract", "parse_number"]
