"""Scoring: predicted documents against gold annotations (the logic of shared/eval/score.py).

Input: a gold JSONL file (one `{"doc", "metrics", "ignore"}` line per document) and predicted documents as
dicts (`Document.model_dump(mode="json")`). Output: the same result dict as score.py's `score()`, key for
key and value for value, plus the WRONG / MISSED / EXTRA report lines. Per-kind figures ride along as the
`per_kind` attribute of the result (a dict subclass), so the dict itself, and its JSON, stay identical.

Levels:
- found: a predicted mention whose [start, end) overlaps a gold mention's, one to one. Predictions
  overlapping an `ignore` span are neither right nor wrong.
- strict: found, and value, kind, unit, qualifier, total and direction all right.
- complete: found, and every field the gold sets right (strict, plus status, reference, and label,
  period, scope, value_max where gold has them): a record an analyst can use as it is.
Field accuracies are over found pairs where the gold field is set (label, period, scope, value_max:
only where gold has them).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from vnreport_extract.errors import GoldError
from vnreport_extract.models import Kind
from vnreport_extract.review.show import kind_colour

SYLLABLE_MATCH = 0.5
STRICT = ("value", "kind", "unit", "qualifier", "total", "direction")
FIELDS = ("value", "kind", "unit", "qualifier", "status", "total", "value_max", "direction",
          "reference", "scope", "label", "period")
LEVELS = ("found", "strict", "complete")
OPTIONAL = ("label", "period", "scope", "value_max")
NUMERIC = ("value", "total", "value_max")
TEXTUAL = ("reference", "scope", "label")
LOOSE_UNIT_KINDS = ("count", "ratio", "change")

Pair = tuple[dict, dict]
KIND_RULE = "a found pair counts under its gold kind, an extra under its own"


# --- field comparison -------------------------------------------------------------------------------


def words(text: str | None) -> list[str]:
    """Lower-case NFC words; every character but letters, digits, `%` and `/` separates.

    >>> words("Doanh thu (VND/người)")
    ['doanh', 'thu', 'vnd/người']
    """
    text = unicodedata.normalize("NFC", text or "").lower()
    kept = "".join(ch if ch.isalnum() or ch in "%/" else " " for ch in text)
    return kept.split()


def overlap_f1(gold: str | None, pred: str | None) -> float:
    """Word-overlap F1 of two phrases (0.0 when either is empty).

    >>> round(overlap_f1("năm 2023", "so với năm 2023"), 4)
    0.6667
    """
    g, p = words(gold), words(pred)
    if not g or not p:
        return 0.0
    common = sum(min(g.count(w), p.count(w)) for w in set(g))
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def same_number(a: object, b: object) -> bool:
    """Equal within a relative 1e-6; both None also counts as equal.

    >>> same_number(2813000000000, 2.813e12), same_number(None, 0)
    (True, False)
    """
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _unit_words(unit: object) -> str:
    """A unit as space-joined words, with spaces around `/` removed first."""
    return " ".join(words(str(unit).replace(" /", "/").replace("/ ", "/")))


def same_unit(gold: object, pred: object, kind: str) -> bool:
    """Units agree; for counted nouns (count, ratio, change) the shorter one need only be a prefix.

    >>> same_unit("trạm", "trạm thu phát sóng", "count"), same_unit("VND", "USD", "money")
    (True, False)
    """
    if gold is None or pred is None:
        return gold is None and pred is None
    g, p = _unit_words(gold), _unit_words(pred)
    if kind in LOOSE_UNIT_KINDS and g != "%":
        gw, pw = g.split(), p.split()
        shorter = min(len(gw), len(pw))
        return shorter > 0 and gw[:shorter] == pw[:shorter]
    return g == p


def field_right(name: str, gold: dict, pred: dict) -> bool:
    """Whether the predicted value of one field is right for the gold metric."""
    g, p = gold.get(name), pred.get(name)
    if name in NUMERIC:
        return same_number(g, p)
    if name == "unit":
        return same_unit(g, p, gold["kind"])
    if name in TEXTUAL:
        if g is None:
            return p is None
        return p is not None and overlap_f1(g, p) >= SYLLABLE_MATCH
    return g == p


def scored_fields(gold: dict) -> Iterator[str]:
    """The fields a found pair is judged on: optional ones only where gold sets them."""
    for name in FIELDS:
        if name in OPTIONAL and gold.get(name) is None:
            continue
        yield name


# --- matching ---------------------------------------------------------------------------------------


def overlaps(a: dict, b: dict) -> bool:
    """Whether two [start, end) spans share at least one character."""
    return a["start"] < b["end"] and b["start"] < a["end"]


def index_predictions(predictions: list[dict]) -> dict[str, dict]:
    """Predicted documents by the base name of their source (a later one replaces an earlier one)."""
    return {Path(str(doc.get("source", ""))).name: doc for doc in predictions
            if isinstance(doc, dict) and "metrics" in doc}


def read_gold(gold_path: str | Path) -> list[dict]:
    """The gold documents, one per non-blank JSON line, each with its `doc` and its `metrics`."""
    try:
        lines = Path(gold_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"{gold_path}: {getattr(error, 'strerror', None) or error}") from error
    documents = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            documents.append(_gold_document(line, f"{gold_path}: line {number}"))
    return documents


def _gold_document(line: str, where: str) -> dict:
    try:
        document = json.loads(line)
    except json.JSONDecodeError as error:
        raise GoldError(f"{where}: not JSON ({error.msg})") from error
    if not isinstance(document, dict) or not isinstance(document.get("doc"), str):
        raise GoldError(f'{where}: no "doc" (each line is one document: {{"doc": "name.txt", "metrics": [...]}})')
    metrics = document.get("metrics")
    if not isinstance(metrics, list) or not all(isinstance(m, dict) for m in metrics):
        raise GoldError(f'{where}: "metrics" is not a list of records')
    return document


@dataclass
class DocumentMatch:
    """Gold/prediction pairs, gold left unmatched, and predictions left unmatched outside ignore spans."""

    pairs: list[Pair]
    missed: list[dict]
    extra: list[dict]


def _candidates(gold: list[dict], preds: list[dict]) -> list[tuple[int, int, int, int]]:
    """Overlapping (gold, pred) index pairs, best first: same value, then most shared characters."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            if overlaps(g, p):
                shared = min(g["end"], p["end"]) - max(g["start"], p["start"])
                candidates.append((-int(same_number(g["value"], p.get("value"))), -shared, gi, pi))
    return sorted(candidates)


def match(gold_doc: dict, pred_doc: dict) -> DocumentMatch:
    """Pair gold and predicted metrics one to one, greedily in candidate order."""
    gold = gold_doc["metrics"]
    preds = [p for p in pred_doc.get("metrics", [])
             if isinstance(p.get("start"), int) and isinstance(p.get("end"), int)]
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[Pair] = []
    for _, _, gi, pi in _candidates(gold, preds):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], preds[pi]))
    missed = [g for gi, g in enumerate(gold) if gi not in used_g]
    extra = [p for pi, p in enumerate(preds) if pi not in used_p
             and not any(overlaps(p, ig) for ig in gold_doc.get("ignore", []))]
    return DocumentMatch(pairs, missed, extra)


# --- tallies ----------------------------------------------------------------------------------------


def prf(right: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1, each rounded to 4 places.

    >>> prf(3, 4, 6)
    (0.75, 0.5, 0.6)
    """
    precision = right / predicted if predicted else 0.0
    recall = right / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)


@dataclass
class Counts:
    """Mention counts at the three levels."""

    gold: int = 0
    predicted: int = 0
    found: int = 0
    strict: int = 0
    complete: int = 0

    def figures(self) -> dict[str, float]:
        """The counts with precision, recall and F1 of each level, keys in score.py's order."""
        found = prf(self.found, self.predicted, self.gold)
        strict = prf(self.strict, self.predicted, self.gold)
        complete = prf(self.complete, self.predicted, self.gold)
        return {"gold": self.gold, "predicted": self.predicted, "found": self.found, "strict": self.strict,
                "found_precision": found[0], "found_recall": found[1], "found_f1": found[2],
                "strict_precision": strict[0], "strict_recall": strict[1], "strict_f1": strict[2],
                "complete": self.complete,
                "complete_precision": complete[0], "complete_recall": complete[1], "complete_f1": complete[2]}


@dataclass
class Tally:
    """Everything counted over the documents, overall and per kind."""

    total: Counts = field(default_factory=Counts)
    per_kind: dict[str, Counts] = field(default_factory=dict)
    field_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    field_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def kind(self, metric: dict) -> Counts:
        """The per-kind counts a metric falls under."""
        return self.per_kind.setdefault(str(metric.get("kind")), Counts())


class ScoreResult(dict):
    """score.py's result dict, unchanged; `per_kind` holds the per-kind figures for the human view."""

    per_kind: dict[str, dict[str, float]]


def _wrong_fields(tally: Tally, gold: dict, pred: dict) -> list[str]:
    """Count one found pair's scored fields and return the wrong ones."""
    wrong = []
    for name in scored_fields(gold):
        tally.field_total[name] += 1
        if field_right(name, gold, pred):
            tally.field_right[name] += 1
        else:
            wrong.append(name)
    return wrong


def _wrong_line(doc: str, gold: dict, pred: dict, wrong: list[str]) -> str:
    """score.py's WRONG report line."""
    details = "; ".join(f"{name} gold={gold.get(name)!r} got={pred.get(name)!r}" for name in wrong)
    return f"{doc}: WRONG {gold['text']!r}: " + details


def _score_pairs(tally: Tally, doc: str, pairs: list[Pair], report: list[str]) -> None:
    """Judge the found pairs; a pair counts under its gold kind."""
    for gold, pred in pairs:
        wrong = _wrong_fields(tally, gold, pred)
        strict = not any(name in STRICT for name in wrong)
        for counts in (tally.total, tally.kind(gold)):
            counts.predicted += 1
            counts.found += 1
            counts.strict += strict
            counts.complete += not wrong
        if wrong:
            report.append(_wrong_line(doc, gold, pred, wrong))


def _score_document(tally: Tally, gold_doc: dict, pred_doc: dict, report: list[str]) -> None:
    """Add one document's pairs, misses and extras to the tally and the report."""
    doc = gold_doc["doc"]
    result = match(gold_doc, pred_doc)
    for gold in gold_doc["metrics"]:
        tally.total.gold += 1
        tally.kind(gold).gold += 1
    _score_pairs(tally, doc, result.pairs, report)
    for pred in result.extra:
        tally.total.predicted += 1
        tally.kind(pred).predicted += 1
    report += [f"{doc}: MISSED {g['text']!r} ({g['kind']}) at {g['start']}" for g in result.missed]
    report += [f"{doc}: EXTRA {p.get('text')!r} ({p.get('kind')}) at {p.get('start')}" for p in result.extra]


def _per_kind(tally: Tally) -> dict[str, dict[str, float]]:
    """Per-kind figures, contract kinds first in their order, then anything else predicted."""
    order = [str(kind) for kind in Kind] + sorted(set(tally.per_kind) - {str(kind) for kind in Kind})
    return {kind: tally.per_kind[kind].figures() for kind in order if kind in tally.per_kind}


def _result(tally: Tally, documents: int, missing_docs: list[str]) -> ScoreResult:
    """The result dict, keys in score.py's order."""
    figures = tally.total.figures()
    result = ScoreResult({"documents": documents, "documents_without_prediction": missing_docs})
    result.update(figures)
    result["field_accuracy"] = {f: round(tally.field_right[f] / tally.field_total[f], 4)
                                for f in FIELDS if tally.field_total[f]}
    result["field_counts"] = {f: tally.field_total[f] for f in FIELDS if tally.field_total[f]}
    result.per_kind = _per_kind(tally)
    return result


def evaluate(gold_path: str | Path, predictions: list[dict]) -> tuple[ScoreResult, list[str]]:
    """Score predicted documents against the gold file: score.py's result and its verbose report lines."""
    gold_docs = read_gold(gold_path)
    preds = index_predictions(predictions)
    tally, missing_docs, report = Tally(), [], []
    for gold_doc in gold_docs:
        pred_doc = preds.get(gold_doc["doc"])
        if pred_doc is None:
            missing_docs.append(gold_doc["doc"])
            pred_doc = {"metrics": []}
        _score_document(tally, gold_doc, pred_doc, report)
    return _result(tally, len(gold_docs), missing_docs), report


# --- presentation -----------------------------------------------------------------------------------


def _level_table(result: dict) -> Table:
    """Precision, recall and F1 of each level: found, strict, complete."""
    table = Table(title="mentions", box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0))
    for header in ("level", "right", "precision", "recall", "F1"):
        table.add_column(header, justify="left" if header == "level" else "right")
    for level in LEVELS:
        table.add_row(level, str(result[level]), f"{result[level + '_precision']:.3f}",
                      f"{result[level + '_recall']:.3f}", f"{result[level + '_f1']:.3f}")
    return table


def _field_table(result: dict) -> Table:
    """Accuracy of each field over the found pairs it is scored on."""
    table = Table(title="field accuracy", caption="over found pairs", box=box.SIMPLE_HEAD,
                  padding=(0, 1, 0, 0))
    for header in ("field", "accuracy", "of"):
        table.add_column(header, justify="left" if header == "field" else "right")
    for name, accuracy in result["field_accuracy"].items():
        table.add_row(name, f"{accuracy:.3f}", str(result["field_counts"][name]))
    return table


def _kind_table(per_kind: dict[str, dict[str, float]]) -> Table:
    """Per-kind counts and scores; a found pair counts under its gold kind, an extra under its own."""
    table = Table(title="per kind (P R F1 of the count on their left)", box=box.SIMPLE_HEAD,
                  padding=(0, 1, 0, 0), caption=KIND_RULE)
    for header in ("kind", "gold", "pred", "found", "P", "R", "F1", "strict", "P", "R", "F1"):
        table.add_column(header, justify="left" if header == "kind" else "right", no_wrap=True)
    for kind, row in per_kind.items():
        cells = [str(row["gold"]), str(row["predicted"])]
        for level in ("found", "strict"):
            cells += [str(row[level]), *(f"{row[f'{level}_{s}']:.3f}" for s in ("precision", "recall", "f1"))]
        table.add_row(Text(kind, style=f"black on {kind_colour(kind)}"), *cells)
    return table


def _report_line(line: str) -> Text:
    """One WRONG / MISSED / EXTRA line, its tag coloured, its text unchanged."""
    out = Text(line)
    for tag, style in ((": WRONG ", "yellow"), (": MISSED ", "red"), (": EXTRA ", "magenta")):
        at = line.find(tag)
        if at >= 0:
            out.stylize(style, at + 2, at + len(tag) - 1)
            break
    return out


def _summary(result: dict) -> Text:
    """Document and mention totals, and any gold document without a prediction."""
    out = Text(f"documents {result['documents']}  gold {result['gold']}  predicted {result['predicted']}")
    if result["documents_without_prediction"]:
        missing = ", ".join(result["documents_without_prediction"])
        out.append(f"\nno prediction for: {missing}", style="yellow")
    return out


def print_result(result: dict, report: list[str], console: Console, verbose: bool, as_json: bool) -> None:
    """Show a score: with `as_json`, exactly score.py's JSON line on stdout; else Rich tables.

    With `verbose` the WRONG / MISSED / EXTRA lines come first, as in score.py: on stderr with `as_json`
    (so stdout stays one JSON line), else on the console.
    """
    if as_json:
        if verbose:
            sys.stderr.write("".join(line + "\n" for line in report))
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    if verbose:
        for line in report:
            console.print(_report_line(line), soft_wrap=True)
    console.print(_summary(result))
    console.print(_level_table(result))
    if result["field_accuracy"]:
        console.print(_field_table(result))
    per_kind = getattr(result, "per_kind", None)
    if per_kind:
        console.print(_kind_table(per_kind))
