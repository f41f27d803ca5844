"""Throughput, start-up and memory of vnextract, side by side with two baselines, on the same texts.

    .venv/bin/python bench/bench.py [--docs N] [--quick] [--json] [--write-readme]

Builds N reports of about 10 KB (bench/corpus.py) under bench/out/, then measures, each command in
its own subprocess behind a small wrapper that reports that command's wall time, CPU time and peak
RSS (the largest single process of its tree):

- vnextract end to end with -j 1 and -j 2 (documents/s, MB/s, peak RSS, speed-up);
- baseline A: underthesea `word_tokenize`, sentence by sentence, over the same documents;
- baseline B: one compiled regex scan for numbers over the same documents;
- start-up: median wall time of `vnextract REPORT`, `vnextract --help`, `vnextract --schema`;
- memory: peak RSS of `-j 1` over N/10, N and (when the time budget allows) 10×N documents;
- density: figures found per KB in the corpus and in each source set, and, when ../shared/corpus is
  there, vnextract `-j 1` and baseline A once more on N/2 reports built from the real reports only.

Targets are printed beside the figures as PASS/MISS; nothing is asserted. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
README = HERE / "README.md"
VNEXTRACT = str(Path(sys.executable).parent / "vnextract")
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
MB = 1_000_000
STARTUP_REPEATS = 5

# Runs one command and prints, as JSON, its wall time and the rusage of its process tree. Being a
# fresh process, the wrapper's RUSAGE_CHILDREN covers that command alone (and its workers).
WRAPPER = """
import json, resource, subprocess, sys, time
capture, cmd = sys.argv[1] == "1", sys.argv[2:]
began = time.perf_counter()
done = subprocess.run(cmd, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                      stderr=subprocess.PIPE, check=False)
wall = time.perf_counter() - began
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss,
           "rc": done.returncode, "stdout": done.stdout.decode() if capture else "",
           "stderr": done.stderr.decode(errors="replace")[-2000:]}, sys.stdout)
"""


@dataclass
class Run:
    """One measured command."""

    wall: float
    cpu: float
    maxrss_kb: int
    rc: int
    stdout: str = field(repr=False)
    stderr: str = field(repr=False)
    other_cpu: float = 0.0  # CPU seconds that other processes used on the machine meanwhile


@dataclass
class Settings:
    docs: int
    quick: bool
    budget: float  # seconds for the whole run; decides whether the 10×N memory run fits
    baseline_seconds: float  # cap on baseline A's work (it runs over a prefix of the corpus)
    full_memory: bool


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def busy_seconds() -> float:
    """CPU seconds spent so far by the whole machine, all processes (0 where /proc/stat is missing)."""
    stat = Path("/proc/stat")
    if not stat.exists():
        return 0.0
    ticks = [int(value) for value in stat.read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measure(cmd: list[str], capture: bool = False) -> Run:
    """Run `cmd` behind the wrapper; its stdout is discarded unless `capture`."""
    wrapped = [sys.executable, "-c", WRAPPER, "1" if capture else "0", *cmd]
    busy = busy_seconds()
    done = subprocess.run(wrapped, capture_output=True, text=True, check=True)
    run = Run(**json.loads(done.stdout))
    run.other_cpu = max(0.0, busy_seconds() - busy - run.cpu)
    if run.rc != 0:
        log(f"warning: exit status {run.rc} from {' '.join(cmd[:4])}…: {run.stderr.strip()[-300:]}")
    return run


# --- Baselines (run as `bench.py --baseline KIND LIST`, in their own process) -----------------


SENTENCE = re.compile(r"(?<=[.!?…;:])\s+|\n+")


def tokenize_baseline() -> Callable[[str], int]:
    from underthesea import word_tokenize

    def work(text: str) -> int:
        return sum(len(word_tokenize(s)) for s in SENTENCE.split(text) if s.strip())

    return work


def regex_baseline() -> Callable[[str], int]:
    import regex

    number = regex.compile(r"\d+(?:[.,]\d+)*")
    return lambda text: sum(1 for _ in number.finditer(text))


def run_baseline(kind: str, list_file: Path, seconds: float) -> None:
    """Process the listed files in order (read + decode + work) until done or `seconds` have passed."""
    began = time.perf_counter()
    work = tokenize_baseline() if kind == "tokenize" else regex_baseline()
    loaded = time.perf_counter()
    docs = size = items = 0
    for name in list_file.read_text().splitlines():
        data = Path(name).read_bytes()
        items += work(data.decode("utf-8"))
        docs, size = docs + 1, size + len(data)
        if time.perf_counter() - loaded > seconds:
            break
    result = {"import": loaded - began, "work": time.perf_counter() - loaded, "docs": docs, "bytes": size}
    print(json.dumps({**result, "items": items}))


def baseline(kind: str, paths: list[Path], seconds: float) -> dict:
    list_file = OUT / f"{kind}-inputs.txt"
    list_file.write_text("".join(f"{path}\n" for path in paths))
    run = measure([sys.executable, __file__, "--baseline", kind, str(list_file), str(seconds)], capture=True)
    result = json.loads(run.stdout)
    result.update(wall=run.wall, maxrss_kb=run.maxrss_kb, of_docs=len(paths))
    result.update(docs_s=result["docs"] / result["work"], mb_s=result["bytes"] / MB / result["work"])
    return result


# --- vnextract -------------------------------------------------------------------------------


def end_to_end(folder: Path, n_docs: int, size: int, jobs: int) -> dict:
    cmd = [VNEXTRACT, str(folder), "--format", "jsonl", "-j", str(jobs), "-o", os.devnull, "--quiet"]
    run = measure(cmd)
    return {
        "jobs": jobs, "docs": n_docs, "bytes": size, "wall": run.wall, "cpu": run.cpu,
        "docs_s": n_docs / run.wall, "mb_s": size / MB / run.wall, "maxrss_mb": run.maxrss_kb / 1024,
        "rc": run.rc, "other_load": run.other_cpu / run.wall,
    }


def startup(report: Path) -> dict:
    """Median wall time of three short commands, after one unmeasured warm-up run of each."""
    commands = {"one_report": [VNEXTRACT, str(report)], "help": [VNEXTRACT, "--help"],
                "schema": [VNEXTRACT, "--schema"]}
    result = {}
    for name, cmd in commands.items():
        measure(cmd)
        result[name] = statistics.median(measure(cmd).wall for _ in range(STARTUP_REPEATS))
    return result


def memory(paths: list[Path], at_n: dict, settings: Settings, began: float) -> dict:
    """Peak RSS of -j 1 over N/10, N (the -j 1 run already made) and, if it fits, 10×N documents."""
    size = corpus.total_bytes(paths)
    tenth = paths[: max(1, len(paths) // 10)]
    small = corpus.replicate(tenth, OUT / "mem-tenth", 1)
    runs = {"tenth": end_to_end(small, len(tenth), corpus.total_bytes(tenth), 1), "n": at_n}
    projected = at_n["wall"] * 10
    remaining = settings.budget - (time.monotonic() - began)
    if settings.full_memory or projected <= remaining:
        log(f"memory: 10×N = {10 * len(paths)} documents (about {projected:.0f} s)")
        many = corpus.replicate(paths, OUT / "mem-10x", 10)
        runs["ten_n"] = end_to_end(many, 10 * len(paths), 10 * size, 1)
    else:
        log(f"memory: 10×N skipped, about {projected:.0f} s and {remaining:.0f} s left (--full-memory)")
    return {key: {"docs": run["docs"], "maxrss_mb": run["maxrss_mb"]} for key, run in runs.items()}


def memory_ratio(mem: dict) -> tuple[str, float]:
    """Peak RSS at 10× the documents over that at 1×: N→10×N when measured, else N/10→N."""
    low, high = ("n", "ten_n") if "ten_n" in mem else ("tenth", "n")
    span = f"{mem[low]['docs']:,} → {mem[high]['docs']:,} docs"
    return span, mem[high]["maxrss_mb"] / mem[low]["maxrss_mb"]


# --- Density: how many figures a KB of text holds ----------------------------------------------

DENSITY_SAMPLE = 100  # documents read to count figures per KB


def figures_per_kb(paths: list[Path]) -> float:
    """Metrics vnextract finds per 1,000 bytes of the first DENSITY_SAMPLE documents of `paths`."""
    sample = paths[:DENSITY_SAMPLE]
    done = subprocess.run([VNEXTRACT, *map(str, sample), "--format", "jsonl", "--quiet", "-j", "1"],
                          capture_output=True, text=True, check=False)
    figures = sum(len(json.loads(line).get("metrics", [])) for line in done.stdout.splitlines())
    return figures / (corpus.total_bytes(sample) / 1000)


def density(paths: list[Path], settings: Settings) -> dict:
    """Figures per KB of the corpus and of its sources; the real reports' own run, if present."""
    result: dict = {"corpus": figures_per_kb(paths)}
    for name, folder in (("samples", corpus.SAMPLES), ("real", corpus.REAL)):
        if folder.is_dir():
            result[name] = figures_per_kb(sorted(folder.glob("*.txt")))
    if not corpus.REAL.is_dir():
        return result
    n_docs = max(100, len(paths) // 2)
    log(f"real reports only: {n_docs} documents from {corpus.REAL}")
    real = corpus.build(OUT / f"corpus-real-{n_docs}", n_docs, sources=(corpus.REAL,))
    size = corpus.total_bytes(real)
    result["real_corpus"] = figures_per_kb(real)
    result["real_j1"] = end_to_end(real[0].parent, n_docs, size, 1)
    result["real_a"] = baseline("tokenize", real, settings.baseline_seconds / 3)
    return result


# --- The run ---------------------------------------------------------------------------------


def build_corpus(n_docs: int) -> list[Path]:
    folder = OUT / f"corpus-{n_docs}"
    log(f"building {n_docs} documents in {folder.relative_to(ROOT)}")
    return corpus.build(folder, n_docs)


def machine() -> dict:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else ""
    version = subprocess.run([VNEXTRACT, "--version"], capture_output=True, text=True, check=False)
    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                            capture_output=True, text=True, check=False)
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "nproc": os.cpu_count(),
        "cpu": model or platform.processor(), "python": platform.python_version(),
        "vnextract": version.stdout.strip(), "commit": commit.stdout.strip()
    }


def benchmark(settings: Settings) -> dict:
    began = time.monotonic()
    OUT.mkdir(exist_ok=True)
    paths = build_corpus(settings.docs)
    folder, size = paths[0].parent, corpus.total_bytes(paths)
    pool = corpus.load_pool()
    results: dict = {"machine": machine(), "corpus": {
        "docs": len(paths), "bytes": size, "sources": pool.n_sources, "paragraphs": len(pool.paragraphs),
        "seed": corpus.SEED, "folder": str(folder.relative_to(ROOT))}}
    log("start-up (median of 5)")
    results["startup"] = startup(paths[0])
    for jobs in (1, 2):
        log(f"vnextract -j {jobs}: {len(paths)} documents, {size / MB:.1f} MB")
        results[f"j{jobs}"] = end_to_end(folder, len(paths), size, jobs)
    log(f"baseline A: underthesea word_tokenize (at most {settings.baseline_seconds:.0f} s)")
    results["a"] = baseline("tokenize", paths, settings.baseline_seconds)
    log("baseline B: regex number scan")
    results["b"] = baseline("regex", paths, settings.baseline_seconds)
    log("density")
    results["density"] = density(paths, settings)
    log("memory")
    results["memory"] = memory(paths, results["j1"], settings, began)
    results["elapsed"] = time.monotonic() - began
    return results


# --- Report ----------------------------------------------------------------------------------


def status(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def faster(ratio: float, other: str) -> str:
    if ratio >= 1:
        return f"{ratio:.1f}× (vnextract faster)"
    return f"{ratio:.2f}× ({other} {1 / ratio:.1f}× faster)"


def rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(measure, figure, target, status) rows of the results table."""
    j1, j2, a, b, up = r["j1"], r["j2"], r["a"], r["b"], r["startup"]
    span, mem_ratio = memory_ratio(r["memory"])
    out = [
        ("vnextract `-j 1`, end to end",
         f"{j1['docs_s']:.1f} docs/s, {j1['mb_s']:.2f} MB/s, peak RSS {j1['maxrss_mb']:.0f} MB "
         f"(wall {j1['wall']:.1f} s, CPU {j1['cpu']:.1f} s; "
         f"{j1['bytes'] / MB / max(j1['wall'] - up['one_report'], 1e-3):.2f} MB/s less one start-up)",
         "≥ 1 MB/s per core", status(j1["mb_s"] >= 1)),
        ("vnextract `-j 2`, end to end",
         f"{j2['docs_s']:.1f} docs/s, {j2['mb_s']:.2f} MB/s ({j2['mb_s'] / 2:.2f} per core), "
         f"peak RSS {j2['maxrss_mb']:.0f} MB, largest process (wall {j2['wall']:.1f} s, CPU {j2['cpu']:.1f} s)",
         "≥ 1 MB/s per core", status(j2["mb_s"] / 2 >= 1)),
        ("speed-up `-j 2` / `-j 1`", f"{j2['mb_s'] / j1['mb_s']:.2f}×", "", ""),
        ("baseline A: underthesea `word_tokenize`",
         f"{a['docs_s']:.1f} docs/s, {a['mb_s']:.3f} MB/s ({a['docs']:,} of {a['of_docs']:,} docs; "
         f"import {a['import']:.2f} s excluded)", "", ""),
        ("baseline B: regex number scan",
         f"{b['mb_s']:.1f} MB/s ({b['docs']:,} docs; import {b['import']:.2f} s excluded)", "", ""),
        ("vnextract `-j 1` / baseline A", faster(j1["mb_s"] / a["mb_s"], "A"), "≥ 15×",
         status(j1["mb_s"] / a["mb_s"] >= 15)),
        ("vnextract `-j 1` / baseline B", faster(j1["mb_s"] / b["mb_s"], "B"), "", ""),
        ("start-up: `vnextract REPORT` (10 KB)", f"{up['one_report']:.2f} s", "≤ 0.6 s",
         status(up["one_report"] <= 0.6)),
        ("start-up: `vnextract --help`", f"{up['help']:.2f} s", "≤ 0.3 s", status(up["help"] <= 0.3)),
        ("start-up: `vnextract --schema`", f"{up['schema']:.2f} s", "", ""),
    ]
    for key, label in (("tenth", "N/10"), ("n", "N"), ("ten_n", "10×N")):
        if key in r["memory"]:
            m = r["memory"][key]
            out.append((f"peak RSS `-j 1`, {label} = {m['docs']:,} docs", f"{m['maxrss_mb']:.0f} MB", "", ""))
    out.append((f"peak RSS growth, {span}", f"{mem_ratio:.2f}×", "≤ 1.10×", status(mem_ratio <= 1.10)))
    return out + density_rows(r["density"])


def density_rows(d: dict) -> list[tuple[str, str, str, str]]:
    sources = ", ".join(f"{name} {d[key]:.1f}" for key, name in (("samples", "`samples/`"),
                        ("real", "`../shared/corpus`")) if key in d)
    out = [("figures per KB", f"this corpus {d['corpus']:.1f}; {sources}", "", "")]
    if "real_j1" in d:
        j1, a = d["real_j1"], d["real_a"]
        out += [
            (f"real reports only, {j1['docs']:,} docs ({d['real_corpus']:.1f} figures per KB): vnextract `-j 1`",
             f"{j1['mb_s']:.2f} MB/s (wall {j1['wall']:.1f} s)", "≥ 1 MB/s per core", status(j1["mb_s"] >= 1)),
            ("real reports only: baseline A", f"{a['mb_s']:.3f} MB/s ({a['docs']:,} of {a['of_docs']:,} docs)", "", ""),
            ("real reports only: vnextract `-j 1` / baseline A", faster(j1["mb_s"] / a["mb_s"], "A"), "≥ 15×",
             status(j1["mb_s"] / a["mb_s"] >= 15)),
        ]
    return out


def markdown(r: dict) -> str:
    m, c = r["machine"], r["corpus"]
    lines = [
        f"Run {m['date']} on {m['nproc']} × {m['cpu']}, Python {m['python']}, {m['vnextract']} "
        f"(commit {m['commit']}); {c['docs']:,} documents, {c['bytes'] / MB:.1f} MB "
        f"(mean {c['bytes'] / c['docs'] / 1000:.1f} KB) from {c['sources']} source reports; "
        f"benchmark took {r['elapsed']:.0f} s. Other processes kept {r['j1']['other_load']:.0%} "
        f"of a core busy during the `-j 1` run, {r['j2']['other_load']:.0%} during `-j 2`.",
        "",
        "| Measure | Figure | Target | |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c_} | {d} |" for a, b, c_, d in rows(r)]
    return "\n".join(lines) + "\n"


def write_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{README} has no {START} … {END} markers")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    README.write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")
    log(f"results written to {README.relative_to(ROOT)}")


# --- Command line ----------------------------------------------------------------------------


def parse(argv: list[str]) -> tuple[argparse.Namespace, Settings]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, help="documents in the corpus [2000; --quick: 300]")
    parser.add_argument("--quick", action="store_true", help="a smaller run (about a minute)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--write-readme", action="store_true", help="rewrite the table in bench/README.md")
    parser.add_argument("--budget", type=float, help="seconds for the whole run [360; --quick: 75]")
    parser.add_argument("--baseline-seconds", type=float, help="cap on baseline A's work [45; --quick: 10]")
    parser.add_argument("--full-memory", action="store_true", help="run 10×N even if over the budget")
    parser.add_argument("--baseline", nargs=3, metavar=("KIND", "LIST", "SECONDS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    quick = args.quick
    settings = Settings(
        docs=args.docs or (300 if quick else 2000),
        quick=quick,
        budget=args.budget or (75.0 if quick else 360.0),
        baseline_seconds=args.baseline_seconds or (10.0 if quick else 45.0),
        full_memory=args.full_memory,
    )
    return args, settings


def main(argv: list[str]) -> None:
    args, settings = parse(argv)
    if args.baseline:
        kind, list_file, seconds = args.baseline
        run_baseline(kind, Path(list_file), float(seconds))
        return
    results = benchmark(settings)
    table = markdown(results)
    print(json.dumps(results, indent=2, ensure_ascii=False) if args.json else table)
    if args.write_readme:
        write_readme(table)


if __name__ == "__main__":
    main(sys.argv[1:])
