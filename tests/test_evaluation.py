"""Scoring: evaluate() must give exactly what shared/eval/score.py gives for the same predictions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from vnreport_extract.extraction.pipeline import extract
from vnreport_extract.review.evaluation import evaluate, print_result

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "eval" / "score.py"
GOLD = SHARED / "gold" / "seeds.jsonl"
NO_SHARED = "../shared (score.py, gold and corpus) is not next to this checkout"
needs_shared = pytest.mark.skipif(not (SCORER.is_file() and GOLD.is_file()), reason=NO_SHARED)


def metric(kind: str, value: float, start: int, end: int, text: str, **fields) -> dict:
    """A metric as gold and predictions hold it: every contract field present, defaults filled in."""
    record = {"kind": kind, "value": value, "value_max": None, "total": None, "unit": None,
              "qualifier": "exact", "status": "actual", "direction": None, "reference": None,
              "scope": None, "label": None, "period": None, "text": text, "start": start, "end": end}
    return record | fields


def write_jsonl(path: Path, items: list) -> Path:
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    return path


# --- a small case worked out by hand (needs nothing outside this repo) -------------------------------


@pytest.fixture
def small_gold(tmp_path: Path) -> Path:
    doc_a = {"doc": "a.txt", "metrics": [
        metric("count", 3, 0, 9, "3 văn bản", unit="văn bản", label="văn bản quy phạm"),
        metric("percent", 18, 20, 23, "18%", unit="%"),
        metric("rank", 7, 30, 35, "thứ 7", scope="toàn quốc"),
    ], "ignore": [{"text": "3 năm", "start": 40, "end": 45}]}
    doc_b = {"doc": "b.txt", "metrics": [metric("money", 5e9, 0, 9, "5 tỷ đồng", unit="VND")], "ignore": []}
    return write_jsonl(tmp_path / "gold.jsonl", [doc_a, doc_b])


SMALL_PREDICTIONS = [{"source": "in/a.txt", "metrics": [
    metric("count", 3, 0, 9, "3 văn bản", unit="văn bản quy phạm", label="văn bản quy phạm pháp luật"),
    metric("percent", 18, 21, 23, "8%", unit="%", qualifier="approx"),
    metric("count", 3, 41, 44, "3 n"),  # inside an ignore span: neither right nor wrong
    metric("count", 52, 50, 52, "52"),
]}]


def test_small_case_by_hand(small_gold):
    result, report = evaluate(small_gold, SMALL_PREDICTIONS)
    assert result == {
        "documents": 2, "documents_without_prediction": ["b.txt"],
        "gold": 4, "predicted": 3, "found": 2, "strict": 1,
        "found_precision": 0.6667, "found_recall": 0.5, "found_f1": 0.5714,
        "strict_precision": 0.3333, "strict_recall": 0.25, "strict_f1": 0.2857,
        "complete": 1, "complete_precision": 0.3333, "complete_recall": 0.25, "complete_f1": 0.2857,
        "field_accuracy": {"value": 1.0, "kind": 1.0, "unit": 1.0, "qualifier": 0.5, "status": 1.0,
                           "total": 1.0, "direction": 1.0, "reference": 1.0, "label": 1.0},
        "field_counts": {"value": 2, "kind": 2, "unit": 2, "qualifier": 2, "status": 2, "total": 2,
                         "direction": 2, "reference": 2, "label": 1},
    }
    assert report == [
        "a.txt: WRONG '18%': qualifier gold='exact' got='approx'",
        "a.txt: MISSED 'thứ 7' (rank) at 30",
        "a.txt: EXTRA '52' (count) at 50",
        "b.txt: MISSED '5 tỷ đồng' (money) at 0",
    ]
    assert result.per_kind["count"] == {
        "gold": 1, "predicted": 2, "found": 1, "strict": 1, "found_precision": 0.5, "found_recall": 1.0,
        "found_f1": 0.6667, "strict_precision": 0.5, "strict_recall": 1.0, "strict_f1": 0.6667,
        "complete": 1, "complete_precision": 0.5, "complete_recall": 1.0, "complete_f1": 0.6667}
    assert list(result.per_kind) == ["count", "money", "percent", "rank"]
    assert result.per_kind["percent"]["strict"] == 0


def test_matching_prefers_same_value_then_larger_overlap(small_gold):
    predictions = [{"source": "a.txt", "metrics": [
        metric("count", 4, 0, 9, "3 văn bản"),       # full overlap, wrong value
        metric("count", 3, 2, 9, "văn bản"),          # partial overlap, right value: wins
        metric("percent", 18, 19, 22, " 18"),
        metric("percent", 18, 20, 23, "18%", unit="%"),  # same value, larger overlap: wins
        metric("rank", 7, "30", 35, "thứ 7"),         # start not an int: dropped
    ]}]
    result, report = evaluate(small_gold, predictions)
    assert (result["found"], result["predicted"]) == (2, 4)
    assert "a.txt: EXTRA '3 văn bản' (count) at 0" in report
    assert "a.txt: EXTRA ' 18' (percent) at 19" in report
    assert "a.txt: MISSED 'thứ 7' (rank) at 30" in report


def test_predictions_by_base_name_later_wins_non_documents_ignored(small_gold):
    predictions = [{"source": "x/a.txt", "metrics": []}, "not a document", {"source": "b.txt"},
                   {"source": "y/a.txt", "metrics": SMALL_PREDICTIONS[0]["metrics"]}]
    result, _ = evaluate(small_gold, predictions)
    assert result["found"] == 2
    assert result["documents_without_prediction"] == ["b.txt"]


def test_print_result_json_is_one_line_on_stdout(small_gold, capsys):
    result, report = evaluate(small_gold, SMALL_PREDICTIONS)
    print_result(result, report, Console(), verbose=True, as_json=True)
    out, err = capsys.readouterr()
    assert out == json.dumps(result, ensure_ascii=False) + "\n"
    assert "per_kind" not in out
    assert err.splitlines() == report


def test_print_result_human_view(small_gold):
    result, report = evaluate(small_gold, SMALL_PREDICTIONS)
    console = Console(record=True, width=160)
    print_result(result, report, console, verbose=False, as_json=False)
    text = console.export_text(clear=False)
    assert "documents 2  gold 4  predicted 3" in text
    assert "no prediction for: b.txt" in text
    assert "0.667" in text and "0.286" in text
    assert any(line.split()[:2] == ["complete", "1"] for line in text.splitlines())
    assert "field accuracy" in text and "qualifier" in text
    assert "per kind" in text and "money" in text
    assert "MISSED" not in text
    console = Console(record=True, width=200)
    print_result(result, report, console, verbose=True, as_json=False)
    lines = console.export_text().splitlines()
    assert all(line in lines for line in report)


def test_empty_predictions(small_gold):
    result, report = evaluate(small_gold, [])
    assert result["predicted"] == result["found"] == 0
    assert result["found_f1"] == 0.0
    assert result["field_accuracy"] == {} == result["field_counts"]
    assert len(report) == 4
    print_result(result, report, Console(record=True), verbose=False, as_json=False)


# --- identical to shared/eval/score.py ----------------------------------------------------------------


def run_scorer(gold: Path, predictions: Path, *flags: str) -> list[str]:
    """score.py's stdout lines."""
    command = [sys.executable, str(SCORER), str(gold), str(predictions), "--json", *flags]
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=True, timeout=120)
    return done.stdout.splitlines()


def assert_same_as_scorer(gold: Path, predictions: list, tmp_path: Path) -> dict:
    path = write_jsonl(tmp_path / "predictions.jsonl", predictions)
    result, report = evaluate(gold, predictions)
    plain = run_scorer(gold, path)
    assert plain == [json.dumps(result, ensure_ascii=False)]
    assert json.loads(plain[0]) == result
    verbose = run_scorer(gold, path, "--verbose")
    assert verbose[:-1] == report
    return result


def gold_documents() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def perturb(k: int, gold: dict) -> list[dict]:
    """Predictions for one gold metric, by its index: dropped, right, or wrong in some way."""
    same = dict(gold)
    variants = [
        [],
        [same],
        [same | {"value": gold["value"] + 1, "label": "khác hẳn"}],
        [same | {"start": gold["start"] + 1, "end": gold["end"] + 2, "unit": f"{gold['unit'] or ''} mới x"}],
        [same | {"kind": "measure", "qualifier": "approx", "status": "target", "reference": "cùng kỳ"}],
        [same | {"value": -1.0}, same | {"start": gold["start"] + 1}],
        [same | {"label": None, "period": None, "unit": None, "scope": "cả nước", "total": 63}],
        [same | {"start": float(gold["start"])}, same | {"value_max": 9, "direction": "increase"}],
    ]
    return variants[k % len(variants)]


def hand_made_predictions() -> list:
    """Predictions made from the gold: right, wrong, shifted, doubled, dropped, extra and in ignore spans."""
    documents: list = ["not a document", {"source": "corpus/001_90f5884eeaaab9de.txt", "metrics": []}]
    for d, gold_doc in enumerate(gold_documents()[:-1]):  # the last document gets no prediction
        metrics = [p for k, gold in enumerate(gold_doc["metrics"]) for p in perturb(k + d, gold)]
        ignored = gold_doc.get("ignore", [])
        metrics += [metric("count", 1, ig["start"], ig["end"], ig["text"]) for ig in ignored]
        metrics += [metric("count", 2, 0, 3, "abc"), metric("percent", 5, 10**6, 10**6 + 2, "5%")]
        documents.append({"source": f"corpus/{gold_doc['doc']}", "metrics": metrics})
    return documents


@needs_shared
def test_same_as_scorer_on_hand_made_predictions(tmp_path):
    result = assert_same_as_scorer(GOLD, hand_made_predictions(), tmp_path)
    assert 0 < result["complete"] < result["strict"] < result["found"] < result["gold"]
    assert result["documents_without_prediction"]
    assert len(result["field_accuracy"]) == 12


@needs_shared
def test_same_as_scorer_on_gold_itself(tmp_path):
    predictions = [{"source": g["doc"], "metrics": g["metrics"]} for g in gold_documents()]
    result = assert_same_as_scorer(GOLD, predictions, tmp_path)
    assert result["strict_f1"] == 1.0


@needs_shared
def test_same_as_scorer_on_real_extraction(tmp_path):
    corpus = sorted((SHARED / "corpus").glob("*.txt"))
    predictions = [extract(path.read_text(encoding="utf-8"), source=path.name).model_dump(mode="json")
                   for path in corpus]
    assert_same_as_scorer(GOLD, predictions, tmp_path)


@needs_shared
def test_same_as_scorer_on_the_small_case(small_gold, tmp_path):
    assert_same_as_scorer(small_gold, SMALL_PREDICTIONS, tmp_path)
