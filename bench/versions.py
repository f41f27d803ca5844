"""Two versions of vnextract side by side: each one's speed against underthesea `word_tokenize`
(baseline A of `bench.py`), in one run over the same texts (project issue #11: the clause and
frame reading may not lower that ratio).

    .venv/bin/python bench/versions.py                     # this tree against 70546b0 (main before #11)
    .venv/bin/python bench/versions.py --rev abc1234 --docs 300 --rounds 3

The other version is taken from git (`git archive REV`) into a temporary folder. Each version runs
in its own process with the same Python and packages, importing the package from its tree; it
reads every file of the corpus, extracts it and serialises the document to JSON, as the command
does, and reports the CPU time of that work (the import excluded, as for baseline A; patterns
compiled on first use included). Baseline A splits each text into sentences and segments them with
`word_tokenize`, also measured in CPU time. Each corpus (the benchmark corpus of `bench.py` and,
when it is there, `../shared/corpus`) is read once by each to fill the cache of compiled patterns (as
any run after a user's first; `--cold` turns the cache off), then `--rounds` times by each, in turns;
a figure is its best round (the machine is shared: the best round is the one least disturbed). A ratio above 1
means vnextract is faster than `word_tokenize`; the last column divides this tree's by the other's.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import MB, OUT, ROOT, SENTENCE, build_corpus, log

BEFORE = "70546b0"  # main before the clauses and frames of issue #11


def export(rev: str, folder: Path) -> Path:
    """The tree of `rev`, unpacked into `folder`."""
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _extractor(tree: str):
    """`extract` of the package in `tree` (its pipeline moved into extraction/ over time)."""
    sys.path.insert(0, tree)
    for name in ("vnreport_extract.extraction.pipeline", "vnreport_extract.pipeline"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if not module.__file__.startswith(tree):
            raise SystemExit(f"imported {module.__file__}, not the tree {tree}")
        return module.extract
    raise SystemExit(f"no pipeline in {tree}")


def _tokenizer():
    from underthesea import word_tokenize

    return lambda text: sum(len(word_tokenize(s)) for s in SENTENCE.split(text) if s.strip())


def work(kind: str, tree: str, list_file: str) -> None:
    """One measured worker: read, then process every listed file; print the CPU time of the work."""
    if kind == "tokenize":
        process = _tokenizer()
    else:
        extract = _extractor(tree)

        def process(text: str) -> int:
            return len(extract(text).model_dump_json())

    paths = Path(list_file).read_text().splitlines()
    began, size = time.process_time(), 0
    for name in paths:
        data = Path(name).read_bytes()
        process(data.decode("utf-8"))
        size += len(data)
    print(json.dumps({"cpu": time.process_time() - began, "bytes": size}))


def measured(kind: str, tree: Path, list_file: Path, cache: dict[str, str]) -> dict:
    cmd = [sys.executable, __file__, "--work", kind, str(tree), str(list_file)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, env={**os.environ, **cache})
    result = json.loads(done.stdout)
    return {**result, "mb_s": result["bytes"] / MB / result["cpu"]}


def compare(corpus: Path, paths: list[Path], trees: dict[str, Path], rounds: int, cache: dict[str, str]) -> dict:
    list_file = OUT / "versions-inputs.txt"
    list_file.write_text("".join(f"{path}\n" for path in paths))
    runners = {"word_tokenize": ("tokenize", ROOT), **{n: ("extract", t) for n, t in trees.items()}}
    for kind, tree in runners.values():  # a run before the rounds fills the cache of compiled patterns
        measured(kind, tree, list_file, cache)
    best: dict[str, dict] = {}
    for _ in range(rounds):
        for name, (kind, tree) in runners.items():
            run = measured(kind, tree, list_file, cache)
            if name not in best or run["cpu"] < best[name]["cpu"]:
                best[name] = run
    base = best.pop("word_tokenize")
    out = {"corpus": str(corpus), "docs": len(paths), "mb": base["bytes"] / MB, "baseline_mb_s": base["mb_s"]}
    for name, run in best.items():
        out[name] = {**run, "ratio": run["mb_s"] / base["mb_s"]}
    return out


def table(results: list[dict], names: list[str]) -> str:
    head = "| corpus | word_tokenize MB/s | " + " | ".join(f"{n}: MB/s, ratio" for n in names) + " | this / other |"
    lines = [head, "|" + "---|" * (len(names) + 3)]
    for r in results:
        cells = [f"{r[n]['mb_s']:.3f}, {r[n]['ratio']:.2f}×" for n in names]
        quotient = r[names[0]]["ratio"] / r[names[1]]["ratio"]
        where = f"{Path(r['corpus']).name} ({r['docs']} docs, {r['mb']:.2f} MB)"
        lines.append(f"| {where} | {r['baseline_mb_s']:.3f} | " + " | ".join(cells) + f" | {quotient:.2f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--work"]:
        work(*argv[1:4])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", default=BEFORE, help=f"the other version, a git revision [{BEFORE}]")
    parser.add_argument("--docs", type=int, default=300, help="documents in the benchmark corpus [300]")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each version per corpus [3]")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--cold", action="store_true", help="no cache of compiled patterns: every run compiles")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    corpora = [(OUT / f"corpus-{args.docs}", build_corpus(args.docs))]
    shared = ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        corpora.append((shared, sorted(shared.glob("*.txt"))))
    with tempfile.TemporaryDirectory() as tmp:
        names = ["this tree", args.rev]
        trees = {names[0]: ROOT, names[1]: export(args.rev, Path(tmp) / "tree")}
        cache = {"VNEXTRACT_NO_CACHE": "1"} if args.cold else {"VNEXTRACT_CACHE_DIR": str(Path(tmp) / "cache")}
        results = []
        for folder, paths in corpora:
            log(f"{folder.name}: word_tokenize and each version, {args.rounds} rounds")
            results.append(compare(folder, paths, trees, args.rounds, cache))
    print(json.dumps(results, indent=2) if args.json else table(results, names))


if __name__ == "__main__":
    main(sys.argv[1:])
