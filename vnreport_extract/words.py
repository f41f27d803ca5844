"""Vietnamese word boundaries from underthesea, only for the short stretches that need them.

Input: a short fragment of text. Output: its first word ("dịch vụ công trực tuyến" -> "dịch vụ").
underthesea is imported on first use, so runs that never need it never pay its start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

_tokenizer: Callable[[str], list[str]] | None = None


def _word_tokenize() -> Callable[[str], list[str]]:
    global _tokenizer
    if _tokenizer is None:
        from underthesea import word_tokenize

        _tokenizer = word_tokenize
    return _tokenizer


@lru_cache(maxsize=4096)
def first_word(fragment: str) -> str | None:
    """The first word of `fragment` as underthesea segments it, or None when it has none."""
    fragment = fragment.strip()
    if not fragment:
        return None
    tokens = _word_tokenize()(fragment)
    return tokens[0] if tokens else None
