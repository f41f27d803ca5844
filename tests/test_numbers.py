"""parse_number against Duckling's Vietnamese Numeral corpus (shared/peers) and a table of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnreport_extract import parse_number
from vnreport_extract.extraction.numbers import find_numbers

PEERS = Path(__file__).resolve().parents[2] / "shared" / "peers" / "duckling-vi.jsonl"

TABLE = [
    ("3.000.000", 3_000_000),
    ("1,2", 1.2),
    ("08", 8),
    ("2.113.013", 2_113_013),
    ("103,5", 103.5),
    ("1.234,5", 1234.5),
    ("4,3 triệu", 4_300_000),
    ("4,1 tỷ", 4_100_000_000),  # exact, not 4099999999.9999995
    ("3,5 nghìn tỷ", 3_500_000_000_000),
    ("2 tỷ rưỡi", 2_500_000_000),
    ("hai mươi lăm", 25),
    ("một trăm linh năm", 105),
    ("ba triệu hai trăm nghìn", 3_200_000),
    ("hai mươi mốt nghìn không trăm mười một", 21011),
    ("mười lăm", 15),
    ("chín mươi tư", 94),
    ("1,2 triệu tỷ", 1_200_000_000_000_000),
]


def _close(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


@pytest.mark.parametrize(("text", "value"), TABLE, ids=[t for t, _ in TABLE])
def test_table(text: str, value: float) -> None:
    assert _close(parse_number(text), value)


EXACT = [("8,2 tỷ", 8_200_000_000), ("274,6 tỷ", 274_600_000_000), ("128,3 tỷ", 128_300_000_000),
         ("4,1 tỷ", 4_100_000_000), ("0,000123 tỷ", 123_000), ("1,15 triệu", 1_150_000)]


@pytest.mark.parametrize(("text", "value"), EXACT, ids=[t for t, _ in EXACT])
def test_scaled_values_are_exact(text: str, value: int) -> None:
    """A decimal times a scale word is the amount written, with no binary rounding left in the JSON."""
    assert parse_number(text) == value
    assert json.dumps(parse_number(text)) == f"{value}.0"


@pytest.mark.parametrize("text", ["doanh thu", "", "năm nay", "5 gờ", "hai bên"])
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.skipif(not PEERS.is_file(), reason="shared/peers is not beside this checkout")
def test_duckling_numeral_corpus() -> None:
    rows = [json.loads(line) for line in PEERS.read_text(encoding="utf-8").splitlines() if line.strip()]
    numerals = [r for r in rows if r["dimension"] == "Numeral"]
    wrong = [(r["text"], r["value"], parse_number(r["text"])) for r in numerals if not _close(parse_number(r["text"]), r["value"])]
    assert len(numerals) >= 50
    assert len(wrong) / len(numerals) <= 0.05, wrong


def test_find_numbers_offsets_cover_scale_words() -> None:
    text = "đạt 4,3 triệu thẻ và hai mươi lăm xã"
    spans = [(text[n.start : n.end], n.value) for n in find_numbers(text)]
    assert ("4,3 triệu", 4_300_000) in spans
    assert ("hai mươi lăm", 25) in spans
