"""Whether a period or a date is on the calendar: a text may write a day its month lacks ("31/4", "30/2"), and a
record or a document field never carries one."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from vnreport_extract.compiled import compile_pattern

_DAY = compile_pattern(r"\d{4}-\d{2}-\d{2}")
_MONTH = compile_pattern(r"\d{4}-(?P<m>\d{2})")


@lru_cache(maxsize=4096)
def calendar_period(period: str) -> str | None:
    """`period`, or None when a day or a month of it is not on the calendar (a text's "31/4", "30/2", "tháng 13")."""
    return period if all(_on_calendar(part) for part in period.split("/")) else None


def _on_calendar(part: str) -> bool:
    if _DAY.fullmatch(part):
        try:
            date.fromisoformat(part)
        except ValueError:
            return False
        return True
    month = _MONTH.fullmatch(part)
    return month is None or 1 <= int(month["m"]) <= 12
