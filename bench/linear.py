"""Does time per MB stay flat as one input grows? Generated texts at ~1 MB and ~10 MB (issue #10).

    .venv/bin/python bench/linear.py [--sizes 0.3,1] [--quick] [--only NAME,...] [--cap S] [--write-readme]

Each generator repeats one pattern until the file reaches the size (in UTF-8 bytes): a sentence
dense in figures, '1% ', '-1', a run of digits, '1/2/3/…', ranks in a row, a long word with an
@ in the text, ordinary reports run together on one line, and ordinary reports (bench/corpus.py)
as one single file, beside the same reports as 10 KB files. Every input is run as `vnextract FILE
--format jsonl -j 1 -o /dev/null --quiet` in its own process (bench.py's wrapper: CPU time, wall
time, peak RSS). MB/s is computed from CPU time less one start-up, because the machine is shared
and wall time moves with the other processes. A run longer than --cap seconds is stopped and shown
with the speed as an upper bound. The growth columns are the CPU time per MB and the peak RSS of the largest size
over the smallest: 1.0 is linear.

Nothing is asserted; tests/test_linear.py checks the structure (every rule reads a window).
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import corpus

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "linear"
README = HERE / "README.md"
VNEXTRACT = str(Path(sys.executable).parent / "vnextract")
START, END = "<!-- linear:start -->", "<!-- linear:end -->"
MB = 1_000_000

# One command in its own process: wall time, CPU time and peak RSS of that command alone.
WRAPPER = """
import json, resource, subprocess, sys, time
cap, cmd = float(sys.argv[1]), sys.argv[2:]
began = time.perf_counter()
try:
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=cap).returncode
except subprocess.TimeoutExpired:
    rc = None
wall = time.perf_counter() - began
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss, "rc": rc}, sys.stdout)
"""


@dataclass(frozen=True)
class Generator:
    name: str
    make: Callable[[int], str]  # text of about that many UTF-8 bytes
    folder: bool = False  # run as 10 KB files in a folder rather than one file


def repeat(unit: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        return unit * math.ceil(size / len(unit.encode()))

    return make


def counting_slashes(size: int) -> str:
    parts, total, i = [], 0, 1
    while total < size:
        parts.append(str(i))
        total += len(parts[-1]) + 1
        i += 1
    return "/".join(parts)


def long_word(size: int) -> str:
    return "a" * size + " so@tinh.gov.vn có 5 xã."


def reports(size: int) -> str:
    """Ordinary reports run together: bench/corpus.py's 10 KB documents, one after another."""
    paths = corpus.build(OUT / "reports-source", math.ceil(size / corpus.TARGET_BYTES) + 1)
    text = "\n".join(path.read_text(encoding="utf-8") for path in paths)
    return text[: _chars_for(text, size)]


def one_line(size: int) -> str:
    """The same reports with no line break and no full stop: one sentence cut into pieces."""
    return re.sub(r"[.\n]+\s*", ", ", reports(size))


def _chars_for(text: str, size: int) -> int:
    encoded = text.encode()[:size]
    return len(encoded.decode(errors="ignore"))


GENERATORS = [
    Generator("figure sentence ×N", repeat("Doanh thu đạt 2.813 tỷ đồng, tăng 18% so với năm 2023. ")),
    Generator("'1% ' ×N", repeat("1% ")),
    Generator("'-1' ×N", repeat("-1")),
    Generator("digit run", repeat("1234567890")),
    Generator("'1/2/3/…'", counting_slashes),
    Generator("ranks ×N", repeat("Tỉnh xếp thứ 5/63 cả nước, ")),
    Generator("long word, then an @", long_word),
    Generator("reports on one line", one_line),
    Generator("reports, one file", reports),
    Generator("reports, 10 KB files", reports, folder=True),
]


def write_input(generator: Generator, size: int) -> Path:
    text = generator.make(size)
    slug = re.sub(r"\W+", "-", generator.name).strip("-").lower()
    if not generator.folder:
        path = OUT / f"{slug}-{size}.txt"
        path.write_text(text, encoding="utf-8")
        return path
    folder = OUT / f"{slug}-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    corpus.build(folder, math.ceil(size / corpus.TARGET_BYTES))
    return folder


def measure(path: Path, cap: float) -> dict:
    cmd = [VNEXTRACT, str(path), "--format", "jsonl", "-j", "1", "-o", "/dev/null", "--quiet"]
    done = subprocess.run([sys.executable, "-c", WRAPPER, str(cap), *cmd], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def input_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.iterdir()) if path.is_dir() else path.stat().st_size


def startup_cpu(cap: float) -> float:
    tiny = OUT / "tiny.txt"  # one sentence that loads everything a report needs, the word segmenter too
    tiny.write_text("Doanh thu đạt 5 tỷ đồng, tăng 3%; có 12 hợp tác xã mới.", encoding="utf-8")
    return min(measure(tiny, cap)["cpu"] for _ in range(3))


def run(generators: list[Generator], sizes: list[float], cap: float) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    startup = startup_cpu(cap)
    rows = []
    for generator in generators:
        row = {"name": generator.name, "runs": []}
        for size_mb in sizes:
            path = write_input(generator, int(size_mb * MB))
            result = measure(path, cap)
            result["bytes"] = input_bytes(path)
            work = max(result["cpu"] - startup, 1e-6)
            result["mb_per_s"] = result["bytes"] / MB / work
            result["stopped"] = result["rc"] is None
            row["runs"].append(result)
            shown = f"{result['mb_per_s']:.3f} MB/s" + (" (stopped)" if result["stopped"] else "")
            print(f"  {generator.name} at {result['bytes'] / MB:.1f} MB: {shown}, CPU {result['cpu']:.1f} s, "
                  f"peak RSS {result['rss_kb'] / 1024:.0f} MB", file=sys.stderr, flush=True)
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        rows.append(row)
    return {"machine": machine(), "startup_cpu": startup, "sizes": sizes, "rows": rows, "cap": cap,
            "seconds": time.perf_counter() - began}


def machine() -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE)
    return {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "python": platform.python_version(),
            "commit": commit.stdout.strip() or "?"}


def markdown(result: dict) -> str:
    sizes = result["sizes"]
    m = result["machine"]
    head = ["Input"] + [f"MB/s at {s:g} MB" for s in sizes] + [f"peak RSS at {s:g} MB" for s in sizes]
    head += ["time per MB, largest / smallest", "peak RSS, largest / smallest"]
    lines = [
        f"Run {m['when']}, Python {m['python']}, commit {m['commit']}; {result['seconds']:.0f} s in all. "
        f"MB/s from CPU time less one start-up ({result['startup_cpu']:.2f} s); `<` marks a run stopped "
        f"at the cap of {result['cap']:g} s (the speed is below the figure).",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for row in result["rows"]:
        runs = row["runs"]
        speeds = [_speed(r, result["startup_cpu"]) for r in runs]
        rss = [f"{r['rss_kb'] / 1024:.0f} MB" for r in runs]
        first, last = runs[0], runs[-1]
        measured = all(not r["stopped"] and r["cpu"] - result["startup_cpu"] >= TOO_SHORT for r in (first, last))
        growth = first["mb_per_s"] / last["mb_per_s"] if measured else math.nan
        rss_growth = last["rss_kb"] / first["rss_kb"] if not last["stopped"] else math.nan
        lines.append("| " + " | ".join([row["name"], *speeds, *rss, _ratio(growth), _ratio(rss_growth)]) + " |")
    return "\n".join(lines)


TOO_SHORT = 0.05  # seconds of CPU beyond the start-up: less is noise, shown as such


def _speed(run: dict, startup: float) -> str:
    if run["stopped"]:
        return f"<{run['mb_per_s']:.3g}"
    if run["cpu"] - startup < TOO_SHORT:
        return "start-up only"
    return f"{run['mb_per_s']:.3g}"


def _ratio(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f}×"


def write_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    block = f"{START}\n{table}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n## Linear growth (bench/linear.py)\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.3,1", help="sizes in MB, comma-separated (default 0.3,1; the "
                        "table in bench/README.md is of 1,10)")
    parser.add_argument("--quick", action="store_true", help="sizes 0.1 and 0.3 MB")
    parser.add_argument("--only", default="", help="generators whose name contains one of these words")
    parser.add_argument("--cap", type=float, default=300.0, help="seconds one run may take (default 300)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--write-readme", action="store_true", help="replace the table in bench/README.md")
    parser.add_argument("--from-json", type=Path, help="show (or write) the table of an earlier --json run")
    args = parser.parse_args(argv)
    if args.from_json:
        result = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        sizes = [0.1, 0.3] if args.quick else [float(s) for s in args.sizes.split(",")]
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        generators = [g for g in GENERATORS if not wanted or any(w in g.name for w in wanted)]
        result = run(generators, sizes, args.cap)
    table = markdown(result)
    print(json.dumps(result, indent=2) if args.json else table)
    if args.write_readme:
        write_readme(table)


if __name__ == "__main__":
    main(sys.argv[1:])
