"""How the review flag's label readings do on text the code had not seen: each batch of bench/unseen is read
again by the commit that first scored it (bench/unseen/README.md names them), before any rule was written from
it. Among the records that commit left unflagged, those a reading of today's flag would mark (a label ending more
than 40 characters before its figure, `label.far`; a percent or change named in its own clause by a bare
two-syllable noun, `label.bare`) are counted right in every field the gold sets (the scorer's `complete`) or not,
against the rest. Usage (from the repository's root; each commit is taken with `git archive`):

    python bench/first_scored.py            # batches 20-31
    python bench/first_scored.py 28 29      # some of them
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from review_honesty import _scorer
from versions import export

ROOT = Path(__file__).resolve().parents[1]
UNSEEN = ROOT / "bench" / "unseen"
FIRST_SCORED = {  # batch -> main when the batch was first scored (bench/unseen/README.md)
    20: "0467b97", 21: "6b55406", 22: "67bd9e7", 23: "358989d", 24: "e220e0d", 25: "8596a8a",
    26: "ef89545", 27: "029ebee", 28: "0023eb1", 29: "9f56b82", 30: "709913e", 31: "dbdaa06",
}
OWN, PREVIOUS = "label.own", "label.previous_figure"


def batch_docs(batch: int) -> list[str]:
    """The documents of a batch: 24 each from u49 (batch 5)."""
    first = 49 + 24 * (batch - 5)
    return [f"u{n:02d}.txt" for n in range(first, first + 24)]


def worker(tree: str, docs: list[str]) -> None:
    """Print each document's records as the package in `tree` reads them, with the rule behind each label and the
    offset of each record's figure in its sentence."""
    sys.path.insert(0, tree)
    pipeline = importlib.import_module("vnreport_extract.extraction.pipeline")
    normalize = importlib.import_module("vnreport_extract.extraction.normalize").normalize
    for doc in docs:
        text = (UNSEEN / "corpus" / doc).read_text(encoding="utf-8")
        normalised = normalize(text)
        records = []
        for item in pipeline.explain(text):
            metric = item.metric.model_dump()
            metric["label_rule"] = item.frame.rules.get("label") if item.frame else "table.heading"
            metric["in_sentence"] = _in_sentence(normalised, metric)
            records.append(metric)
        print(json.dumps({"doc": doc, "metrics": records}, ensure_ascii=False))


def _in_sentence(normalised: str, metric: dict[str, Any]) -> int | None:
    """Where the figure stands in its sentence (the sentence found back in the text, ending after the figure)."""
    sentence, start = metric.get("sentence") or "", metric["start"]
    at = normalised.rfind(sentence[:30], 0, start + 1)
    return start - at if sentence and at >= 0 and normalised.startswith(sentence, at) else None


def reading(metric: dict[str, Any]) -> str:
    """Which of today's label readings would flag an unflagged record: "far", "bare", or "rest"."""
    # imported here, not at the top: a worker imports this file before the tree it reads
    from vnreport_extract.extraction.labels.guesses import FAR, is_bare

    rule, label, at = metric["label_rule"], metric.get("label") or "", metric["in_sentence"]
    if rule in (OWN, PREVIOUS) and label and at is not None:
        found = metric["sentence"].rfind(label, 0, at)
        if found >= 0 and at - (found + len(label)) > FAR:
            return "far"
    if rule == OWN and metric["kind"] in ("percent", "change") and is_bare(label):
        return "bare"
    return "rest"


def tally(batch: int, gold: dict[str, Any], score: Any, counts: dict[str, Counter[bool]]) -> None:
    """Count a batch's unflagged records, as the commit that first scored it reads them, by the reading that
    would flag them now."""
    with tempfile.TemporaryDirectory() as folder:
        tree = export(FIRST_SCORED[batch], Path(folder))
        run = [sys.executable, __file__, "--worker", str(tree), *batch_docs(batch)]
        lines = subprocess.run(run, capture_output=True, text=True, check=True, cwd="/").stdout.splitlines()
    for line in lines:
        predicted = json.loads(line)
        pairs, _, extra = score.match(gold[predicted["doc"]], predicted)
        judged = [(p, all(score.field_right(n, g, p) for n in score.scored_fields(g))) for g, p in pairs]
        for p, right in [*judged, *((p, False) for p in extra)]:
            if not p.get("review"):
                counts[reading(p)][right] += 1


def main(argv: list[str]) -> None:
    if argv[:1] == ["--worker"]:
        worker(argv[1], argv[2:])
        return
    batches = [int(a) for a in argv] or sorted(FIRST_SCORED)
    lines = (UNSEEN / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    gold = {doc["doc"]: doc for doc in map(json.loads, lines)}
    score, counts = _scorer(), {name: Counter() for name in ("far", "bare", "rest")}
    for batch in batches:
        tally(batch, gold, score, counts)
    print(f"batches {', '.join(map(str, batches))}, each read by the commit that first scored it; unflagged records:")
    for name, count in counts.items():
        total = count[True] + count[False]
        print(f"  {name:<5} right {count[True] / total:.3f} of {total}" if total else f"  {name:<5} none")


if __name__ == "__main__":
    main(sys.argv[1:])
