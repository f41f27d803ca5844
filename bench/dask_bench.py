"""vnextract on a local Dask cluster beside its own worker processes, on the same reports.

    .venv/bin/python bench/dask_bench.py [--docs N] [--quick] [--write-readme]

Builds (or reuses) the N-report corpus of bench/corpus.py, then measures, each command in its own process
behind bench.py's wrapper (wall time, CPU time, peak RSS):

- `vnextract DIR -j 2 -o j2.jsonl`: the local baseline;
- `vnextract file://DIR/ --dask local:2 -o parts/`: the workers read the `file://` URLs and write the parts;
- `vnextract DIR --dask local:2 > /dev/null`: the records come back here in order (stdout, like -j 2);
- start-up: the median wall time of `vnextract REPORT --dask local:2` less that of `vnextract REPORT`, i.e.
  what starting and stopping a local cluster of two workers adds to a run;
- whether the parts hold the same records as the `-j 2` file (documents matched by file name).

Needs the `[dask]` extra. Prints a Markdown table; `--write-readme` puts it in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from datetime import datetime
from pathlib import Path

import corpus

from bench import OUT, README, VNEXTRACT, Run, log, measure

START, END = "<!-- dask:start -->", "<!-- dask:end -->"
STARTUP_REPEATS = 3


def records_by_name(data: bytes) -> dict[str, dict]:
    """JSON Lines records keyed by the file name of their source, without the source itself."""
    keyed = {}
    for line in data.splitlines():
        record = json.loads(line)
        keyed[record.pop("source").rsplit("/", 1)[-1]] = record
    return keyed


def seconds_of(run: Run) -> str:
    return f"{run.wall:.1f} s"


def rate(run: Run, n_docs: int, megabytes: float) -> str:
    return f"{n_docs / run.wall:.0f} docs/s, {megabytes / run.wall:.2f} MB/s"


def busy_share(run: Run) -> str:
    return f"{100 * run.other_cpu / run.wall:.0f}%"


def startup_cost(report: Path) -> tuple[float, float]:
    """Median wall times of one report without and with a local cluster of two workers."""
    plain = [measure([VNEXTRACT, str(report), "-q"]).wall for _ in range(STARTUP_REPEATS)]
    dask = [measure([VNEXTRACT, str(report), "-q", "--dask", "local:2"]).wall for _ in range(STARTUP_REPEATS)]
    return statistics.median(plain), statistics.median(dask)


def benchmark(n_docs: int) -> dict:
    folder = OUT / f"corpus-{n_docs}"
    paths = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if len(paths) != n_docs:
        log(f"building {n_docs} reports in {folder}")
        paths = corpus.build(folder, n_docs)
    megabytes = corpus.total_bytes(paths) / 1e6
    local_file, parts = OUT / "dask-bench-j2.jsonl", OUT / "dask-bench-parts"
    log("-j 2")
    local = measure([VNEXTRACT, str(folder), "-q", "-j", "2", "-o", str(local_file)])
    log("--dask local:2 -o parts/ over file:// URLs")
    dask_parts = measure([VNEXTRACT, f"file://{folder.resolve()}/", "-q", "--dask", "local:2", "-o", str(parts)])
    log("--dask local:2 to stdout")
    dask_stream = measure([VNEXTRACT, str(folder), "-q", "--dask", "local:2"])
    log("start-up")
    plain, with_cluster = startup_cost(paths[0])
    part_files = sorted(parts.glob("part-*.jsonl"))
    same = records_by_name(b"".join(path.read_bytes() for path in part_files)) == records_by_name(
        local_file.read_bytes()
    )
    return {
        "n_docs": n_docs, "megabytes": megabytes, "local": local, "dask_parts": dask_parts,
        "dask_stream": dask_stream, "plain_startup": plain, "cluster_startup": with_cluster,
        "parts": len(part_files), "same_records": same,
    }


def markdown(r: dict) -> str:
    local, parts, stream = r["local"], r["dask_parts"], r["dask_stream"]
    startup = r["cluster_startup"] - r["plain_startup"]
    work = parts.wall - startup
    lines = [
        f"Run {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {r['n_docs']:,} reports, {r['megabytes']:.1f} MB "
        f"(bench/corpus.py). Share of a core that other processes kept busy: {busy_share(local)} during `-j 2`, "
        f"{busy_share(parts)} during `--dask local:2 -o parts/`.",
        "",
        "| Run | Wall time | Throughput | Dask / `-j 2` |",
        "|---|---|---|---|",
        f"| `vnextract DIR -j 2 -o j2.jsonl` | {seconds_of(local)} | {rate(local, r['n_docs'], r['megabytes'])} "
        "| 1 |",
        f"| `vnextract file://DIR/ --dask local:2 -o parts/` ({r['parts']} parts) | {seconds_of(parts)} | "
        f"{rate(parts, r['n_docs'], r['megabytes'])} | {parts.wall / local.wall:.2f} |",
        f"| `vnextract DIR --dask local:2` (records back in order, to stdout) | {seconds_of(stream)} | "
        f"{rate(stream, r['n_docs'], r['megabytes'])} | {stream.wall / local.wall:.2f} |",
        f"| start-up: `vnextract REPORT --dask local:2` less `vnextract REPORT` (median of {STARTUP_REPEATS}) | "
        f"{startup:.1f} s | {r['cluster_startup']:.1f} s against {r['plain_startup']:.1f} s | |",
        f"| `--dask local:2 -o parts/` less its start-up | {work:.1f} s | "
        f"{r['n_docs'] / work:.0f} docs/s | {work / local.wall:.2f} |",
        "",
        f"Same records in the parts as in the `-j 2` file (documents matched by file name): "
        f"**{'yes' if r['same_records'] else 'NO'}**.",
    ]
    return "\n".join(lines)


def write_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text:
        raise SystemExit(f"{README} has no {START} … {END} block")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000, help="reports in the corpus (default 2000)")
    parser.add_argument("--quick", action="store_true", help="300 reports")
    parser.add_argument("--write-readme", action="store_true", help="put the table in bench/README.md")
    arguments = parser.parse_args(argv)
    table = markdown(benchmark(300 if arguments.quick else arguments.docs))
    print(table)
    if arguments.write_readme:
        write_readme(table)


if __name__ == "__main__":
    main(sys.argv[1:])
