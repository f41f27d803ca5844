"""How honest the `review` flag is: records with an empty `review` against the flagged ones.

For each gold file, every predicted record is put in one of two groups by its `review` field and
counted right when it is found and right in every field the gold sets (the scorer's `complete`);
an extra record is wrong. Usage:

    python bench/review_honesty.py                  # the shared gold files and bench/unseen
    python bench/review_honesty.py GOLD CORPUS ...  # other pairs
    python bench/review_honesty.py --list ...       # also each unflagged wrong record, with its rules
    python bench/review_honesty.py --rules ...      # also each rule's accuracy on the field it sets

The documents are extracted in this process (as `vnextract` does) so that the rule behind each field
(`--explain`'s) is at hand.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT = [
    (SHARED / "gold" / "seeds.jsonl", SHARED / "corpus"),
    (SHARED / "gold" / "dev.jsonl", SHARED / "corpus"),
    (ROOT / "bench" / "unseen" / "gold.jsonl", ROOT / "bench" / "unseen" / "corpus"),
]
_FRAME_FIELDS = ("status", "reference", "period", "label")
_MAX_BYTES = 50_000_000


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Honesty:
    """One gold file's records split by their review flag, and what each rule got right."""

    groups: dict[str, list[int]] = field(default_factory=lambda: {"empty": [0, 0], "flagged": [0, 0]})
    wrong_fields: collections.Counter[str] = field(default_factory=collections.Counter)
    unflagged_wrong: list[str] = field(default_factory=list)
    rules: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (field, rule) -> [right, total]


def _readings(path: Path) -> list[tuple[dict[str, Any], dict[str, str]]]:
    """Each record of a document with the rule behind each of its fields."""
    from vnreport_extract.extraction.pipeline import explain
    from vnreport_extract.read.text import read_text

    out = []
    for item in explain(read_text(str(path), _MAX_BYTES).text):
        rules = dict(item.frame.rules) if item.frame else {name: "table.heading" for name in _FRAME_FIELDS}
        rules["kind"] = item.metric.rule or "?"
        out.append((item.metric.model_dump(), rules))
    return out


def honesty(gold: Path, corpus: Path, score: Any) -> Honesty:
    result = Honesty()
    for line in gold.read_text(encoding="utf-8").splitlines():
        gold_doc = json.loads(line)
        path = corpus / gold_doc["doc"]
        readings = _readings(path) if path.is_file() else []
        rules_of = {id(record): rules for record, rules in readings}
        pairs, _, extra = score.match(gold_doc, {"metrics": [record for record, _ in readings]})
        for g, p in pairs:
            wrong = [name for name in score.scored_fields(g) if not score.field_right(name, g, p)]
            group = result.groups["flagged" if p.get("review") else "empty"]
            group[0] += not wrong
            group[1] += 1
            _count_rules(result, g, rules_of[id(p)], wrong)
            if not p.get("review") and wrong:
                result.wrong_fields.update(wrong)
                result.unflagged_wrong.append(_describe(gold_doc["doc"], g, p, wrong, rules_of[id(p)]))
        for p in extra:
            result.groups["flagged" if p.get("review") else "empty"][1] += 1
            if not p.get("review"):
                result.unflagged_wrong.append(f"{gold_doc['doc']}: EXTRA {p['text']!r} ({p['kind']}) rule={p['rule']}")
    return result


def _count_rules(result: Honesty, gold: dict[str, Any], rules: dict[str, str], wrong: list[str]) -> None:
    """Each frame field's rule, counted right or wrong where the gold judges that field."""
    for name in _FRAME_FIELDS:
        if name in ("label", "period") and gold.get(name) is None:
            continue
        tally = result.rules.setdefault((name, rules.get(name, "?")), [0, 0])
        tally[0] += name not in wrong
        tally[1] += 1


def _describe(doc: str, gold: dict[str, Any], pred: dict[str, Any], wrong: list[str], rules: dict[str, str]) -> str:
    parts = "; ".join(
        f"{name} gold={gold.get(name)!r} got={pred.get(name)!r} [{rules.get(name, rules['kind'])}]" for name in wrong
    )
    return f"{doc}: {gold['text']!r}: {parts}\n    {' '.join(pred['sentence'].split())[:300]}"


def main(argv: list[str]) -> None:
    flags = {a for a in argv if a.startswith("--")}
    args = [a for a in argv if not a.startswith("--")]
    pairs = [(Path(a), Path(b)) for a, b in zip(args[::2], args[1::2], strict=True)] or DEFAULT
    score = _scorer()
    print(f"{'gold':<28} {'empty review: right':>22} {'flagged: right':>18} {'flagged share':>14}")
    for gold, corpus in pairs:
        if not gold.is_file():
            continue
        result = honesty(gold, corpus, score)
        (e_right, n_empty), (f_right, n_flagged) = result.groups["empty"], result.groups["flagged"]
        rate = lambda right, n: f"{right / n:.3f}" if n else "-"  # noqa: E731
        name = f"{gold.parent.name}/{gold.name}"
        empty, flagged = rate(e_right, n_empty), rate(f_right, n_flagged)
        share = rate(n_flagged, n_empty + n_flagged)
        print(f"{name:<28} {empty:>9} of {n_empty:<10} {flagged:>7} of {n_flagged:<8} {share:>8}")
        print(f"{'':<28} unflagged errors: {dict(result.wrong_fields.most_common())}")
        if "--list" in flags:
            print("\n".join(f"  {line}" for line in result.unflagged_wrong))
        if "--rules" in flags:
            for (name, rule), (right, total) in sorted(result.rules.items()):
                print(f"  {name:<10} {rule:<32} {right / total:.3f} of {total}")


if __name__ == "__main__":
    main(sys.argv[1:])
