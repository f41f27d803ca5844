"""The rule corpus: every case of tests/corpus/<family>.toml, phrase -> expected records.

A case reads like a line of shared/gold and is judged by the shared scorer's rules: kind, value,
unit, qualifier (default exact), status (default actual), total and direction (default null) are
always compared; text, label, period, scope, value_max, reference and review (the list of fields
flagged for review) only where the case sets them. A count's unit may name the head noun only or the
head with its modifier ("hộ" / "hộ nghèo"), as the scorer allows, and its text then ends accordingly.
label/reference/scope pass when they share at least half their words with the expected phrase, or
exactly where the case sets `exact = true` (for rules about where a phrase starts and ends).
`no_period = true` expects no period, `no_reference = true` no reference, `no_label = true` no label (TOML has no
null).
`xfail = "why"` marks a known failure (strict: it turns red once it passes).
"""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from vnreport_extract import extract, parse_number

CORPUS = Path(__file__).parent / "corpus"
ALWAYS = {"kind": None, "value": None, "unit": None, "qualifier": "exact", "status": "actual",
          "total": None, "direction": None}
WHEN_SET = ("period", "value_max", "review")
PREFIX_UNIT_KINDS = ("count", "ratio", "change")
OVERLAP = ("label", "reference", "scope")


def _cases(kind: str) -> list[Any]:
    params = []
    for path in sorted(CORPUS.glob("*.toml")):
        is_numbers = path.stem == "numbers"
        if (kind == "numbers") != is_numbers:
            continue
        cases = tomllib.loads(path.read_text(encoding="utf-8")).get("case", [])
        for i, case in enumerate(cases, 1):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
            params.append(pytest.param(case, id=f"{path.name}#{i}: {case['text'][:40]}", marks=marks))
    return params


def _words(text: str | None) -> list[str]:
    text = unicodedata.normalize("NFC", text or "").lower()
    return "".join(ch if ch.isalnum() or ch in "%/" else " " for ch in text).split()


def _overlap(expected: str, got: str | None) -> bool:
    e, g = _words(expected), _words(got)
    common = sum(min(e.count(w), g.count(w)) for w in set(e))
    if not common:
        return False
    precision, recall = common / len(g), common / len(e)
    return 2 * precision * recall / (precision + recall) >= 0.5


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return abs(expected - got) <= 1e-6 * max(1.0, abs(expected))
    return expected == got


def _same_unit(expected: str | None, got: str | None, kind: str) -> bool:
    if expected is None or got is None or kind not in PREFIX_UNIT_KINDS or expected == "%":
        return expected == got
    e, g = _words(expected), _words(got)
    shorter = min(len(e), len(g))
    return shorter > 0 and e[:shorter] == g[:shorter]


def _same_text(expected: str, got: str) -> bool:
    return got.startswith(expected) or (expected.startswith(got) and len(got) > len(expected) // 2)


def _mismatches(expected: dict[str, Any], got: dict[str, Any], exact: bool = False) -> list[str]:
    problems = []
    if "text" in expected and not _same_text(expected["text"], got["text"]):
        problems.append(f"text: expected {expected['text']!r}, got {got['text']!r}")
    for field, default in ALWAYS.items():
        want = expected.get(field, default)
        if field == "unit" and _same_unit(want, got.get(field), expected.get("kind", "")):
            continue
        if not _same(want, got.get(field)):
            problems.append(f"{field}: expected {want!r}, got {got.get(field)!r}")
    for field in WHEN_SET:
        if field in expected and not _same(expected[field], got.get(field)):
            problems.append(f"{field}: expected {expected[field]!r}, got {got.get(field)!r}")
    if expected.get("no_period") and got.get("period") is not None:  # TOML writes no null
        problems.append(f"period: expected none, got {got.get('period')!r}")
    if expected.get("no_reference") and got.get("reference") is not None:
        problems.append(f"reference: expected none, got {got.get('reference')!r}")
    if expected.get("no_label") and got.get("label") is not None:
        problems.append(f"label: expected none, got {got.get('label')!r}")
    for field in OVERLAP:
        if field not in expected:
            continue
        if not (expected[field] == got.get(field) if exact else _overlap(expected[field], got.get(field))):
            problems.append(f"{field}: expected {expected[field]!r}, got {got.get(field)!r}")
    return problems


@pytest.mark.parametrize("case", _cases("records"))
def test_case(case: dict[str, Any]) -> None:
    got = [m.model_dump(mode="json") for m in extract(case["text"]).metrics]
    expected = case.get("expect", [])
    summary = [(m["kind"], m["value"], m["text"]) for m in got]
    assert len(got) == len(expected), f"expected {len(expected)} metrics, got {summary}"
    exact = case.get("exact", False)
    pairs = enumerate(zip(expected, got, strict=True))
    problems = [f"#{i} {p}" for i, (e, g) in pairs for p in _mismatches(e, g, exact)]
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("case", _cases("numbers"))
def test_number(case: dict[str, Any]) -> None:
    assert _same(case.get("value"), parse_number(case["text"]))
