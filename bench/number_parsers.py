"""parse_number beside vietnam-number's w2n on Duckling's Vietnamese Numeral corpus.

    python bench/number_parsers.py [--peers ../shared/peers/duckling-vi.jsonl]

vietnam-number is GPL-3.0: vnextract never imports it. This script installs it into a throwaway
virtual environment under bench/out/ (the first run needs the package registry) and runs it in
that interpreter, so the comparison never puts it beside the project's own code.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import venv
from pathlib import Path

from vnreport_extract import parse_number

HERE = Path(__file__).resolve().parent
DEFAULT_PEERS = HERE.parent.parent / "shared" / "peers" / "duckling-vi.jsonl"
W2N_ENV = HERE / "out" / "w2n-venv"
W2N_RUNNER = """
import json, sys
from vietnam_number import w2n
out = []
for text in json.load(sys.stdin):
    try:
        out.append(float(w2n(text)))
    except Exception:
        out.append(None)
print(json.dumps(out))
"""


def numeral_cases(path: Path) -> list[tuple[str, float]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], float(r["value"])) for r in rows if r["dimension"] == "Numeral"]


def w2n_python() -> Path:
    python = W2N_ENV / "bin" / "python"
    if not python.exists():
        venv.create(W2N_ENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "vietnam-number"], check=True)
    return python


def w2n_values(texts: list[str]) -> list[float | None]:
    run = subprocess.run(
        [str(w2n_python()), "-c", W2N_RUNNER], input=json.dumps(texts), capture_output=True, text=True, check=True
    )
    return json.loads(run.stdout)


def right(got: float | None, want: float) -> bool:
    return got is not None and abs(got - want) <= 1e-6 * max(1.0, abs(want))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", type=Path, default=DEFAULT_PEERS)
    args = parser.parse_args()
    cases = numeral_cases(args.peers)
    texts = [text for text, _ in cases]
    ours = [parse_number(text) for text in texts]
    theirs = w2n_values(texts)
    ours_right = sum(right(got, want) for got, (_, want) in zip(ours, cases, strict=True))
    theirs_right = sum(right(got, want) for got, (_, want) in zip(theirs, cases, strict=True))
    n = len(cases)
    print("| parser | right | of | accuracy |\n|---|---|---|---|")
    print(f"| vnextract parse_number | {ours_right} | {n} | {ours_right / n:.1%} |")
    print(f"| vietnam-number w2n | {theirs_right} | {n} | {theirs_right / n:.1%} |")
    for (text, want), got, other in zip(cases, ours, theirs, strict=True):
        if right(got, want) and right(other, want):
            continue
        print(f"  {text!r}: expected {want:g}, parse_number {got}, w2n {other}", file=sys.stderr)


if __name__ == "__main__":
    main()
