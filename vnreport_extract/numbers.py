"""Number recognition (stub)."""


def parse_number(text: str) -> float | None:
    return None
