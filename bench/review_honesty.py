"""How honest the `review` flag is: records with an empty `review` against the flagged ones.

For each gold file, every predicted record is put in one of two groups by its `review` field and
counted right when it is found and right in every field the gold sets (the scorer's `complete`);
an extra record is wrong. Usage:

    python bench/review_honesty.py                  # the shared gold files and bench/unseen
    python bench/review_honesty.py GOLD CORPUS ...  # other pairs
"""

from __future__ import annotations

import collections
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT = [
    (SHARED / "gold" / "seeds.jsonl", SHARED / "corpus"),
    (SHARED / "gold" / "dev.jsonl", SHARED / "corpus"),
    (ROOT / "bench" / "unseen" / "gold.jsonl", ROOT / "bench" / "unseen" / "corpus"),
]


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def honesty(gold: Path, corpus: Path, score) -> dict[str, object]:
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
        subprocess.run(["vnextract", str(corpus), "-f", "jsonl", "-q", "-o", out.name], check=False)
        predictions = score.load_predictions([out.name])
    groups = {"empty": [0, 0], "flagged": [0, 0]}
    wrong_fields: collections.Counter[str] = collections.Counter()
    for line in gold.read_text(encoding="utf-8").splitlines():
        gold_doc = json.loads(line)
        pairs, _, extra = score.match(gold_doc, predictions.get(gold_doc["doc"], {"metrics": []}))
        for g, p in pairs:
            wrong = [name for name in score.scored_fields(g) if not score.field_right(name, g, p)]
            group = groups["flagged" if p.get("review") else "empty"]
            group[0] += not wrong
            group[1] += 1
            if not p.get("review"):
                wrong_fields.update(wrong)
        for p in extra:
            groups["flagged" if p.get("review") else "empty"][1] += 1
    return {
        name: (right / total if total else None, total) for name, (right, total) in groups.items()
    } | {"unflagged errors by field": dict(wrong_fields.most_common())}


def main(argv: list[str]) -> None:
    pairs = [(Path(a), Path(b)) for a, b in zip(argv[::2], argv[1::2], strict=True)] or DEFAULT
    score = _scorer()
    print(f"{'gold':<28} {'empty review: right':>22} {'flagged: right':>18}")
    for gold, corpus in pairs:
        if not gold.is_file():
            continue
        result = honesty(gold, corpus, score)
        (empty, n_empty), (flagged, n_flagged) = result["empty"], result["flagged"]
        rate = lambda value: f"{value:.3f}" if value is not None else "-"  # noqa: E731
        name = f"{gold.parent.name}/{gold.name}"
        print(f"{name:<28} {rate(empty):>9} of {n_empty:<10} {rate(flagged):>7} of {n_flagged}")
        print(f"{'':<28} unflagged errors: {result['unflagged errors by field']}")


if __name__ == "__main__":
    main(sys.argv[1:])
