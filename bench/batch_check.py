"""Scale check of batch runs (not a unit test): 1,000 reports with 20 bad files among them.

    .venv/bin/python bench/batch_check.py [--reports 1000] [--bad 20] [--keep DIR]

1. `vnextract DIR -o out.jsonl`: every good report exactly once, an error record for every bad file,
   every line parses, exit status 1.
2. A run stopped with SIGINT about halfway, then `--resume`: exit 130, only complete lines, and after
   the resume every input exactly once.
3. `-j 1` against `-j 2`: the speed-up, and whether the outputs are byte-identical.
Prints the figures and exits 1 if a check fails.
"""

from __future__ import annotations

import argparse
import codecs
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "samples", ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus"))
COMMAND = [sys.executable, "-m", "vnreport_extract"]
MAX_BYTES = "200k"  # so that an "over-large" bad file need not be 20 MB
_TONES = "\u0300\u0301\u0303\u0309\u0323"

failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"  [{'ok' if ok else 'FAILED'}] {what}")
    if not ok:
        failures.append(what)


# --- Building the folder -----------------------------------------------------------------------


def base_texts() -> list[str]:
    texts: list[str] = []
    for folder in SOURCES:
        if folder.is_dir():
            texts += [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
    if not texts:
        sys.exit("no sample reports found in samples/ or shared/corpus/")
    return list(dict.fromkeys(texts))


def vary(text: str, i: int, rng: random.Random) -> str:
    """A different report: paragraphs shuffled after the header, and a closing paragraph with new figures."""
    paragraphs = text.split("\n\n")
    head, body = paragraphs[:2], paragraphs[2:]
    rng.shuffle(body)
    closing = (
        f"Tính đến hết năm {2015 + i % 10}, toàn tỉnh có {100 + i} doanh nghiệp, "
        f"doanh thu ước đạt {i % 900 + 10}.{i % 1000:03d} tỷ đồng, tăng {i % 30},{i % 10}% so với cùng kỳ."
    )
    return "\n\n".join([*head, *body, closing]) + "\n"


def to_cp1258(text: str) -> bytes:
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in _TONES)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONES))
        out.append((base + tones).encode("cp1258", errors="replace"))
    return b"".join(out)


def encoded(text: str, i: int) -> tuple[str, bytes]:
    """The file suffix and bytes of report `i`: mostly UTF-8, some HTML, UTF-16, Windows-1258, CRLF."""
    if i % 50 == 7:
        paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        page = f"<html><body><nav>Trang chủ</nav><article>{paragraphs}</article></body></html>"
        return ".html", page.encode()
    if i % 50 == 13:
        return ".txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if i % 50 == 29:
        return ".txt", to_cp1258(text)
    if i % 50 == 31:
        return ".txt", text.replace("\n", "\r\n").encode("utf-8-sig")
    return ".txt", text.encode()


def bad_file(k: int, rng: random.Random) -> tuple[str, bytes]:
    kinds = [
        ("empty", b""),
        ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(500))),
        ("undecodable", bytes(rng.randrange(128, 256) for _ in range(3000))),
        ("blank", b" \r\n\t\r\n"),
        ("large", b"Doanh thu 5 ty dong.\n" * 12_000),
    ]
    return kinds[k % len(kinds)]


def build(folder: Path, n_reports: int, n_bad: int) -> tuple[list[str], list[str]]:
    """Write the folder; return the good and the bad sources, as vnextract will name them."""
    rng = random.Random(1258)
    texts = base_texts()
    bad_at = set(rng.sample(range(n_reports), n_bad))
    good, bad = [], []
    for i in range(n_reports):
        sub = folder / f"part-{i // 250}"
        sub.mkdir(parents=True, exist_ok=True)
        if i in bad_at:
            kind, data = bad_file(len(bad), rng)
            path = sub / f"report-{i:04d}-{kind}.txt"
            bad.append(str(path))
        else:
            suffix, data = encoded(vary(texts[i % len(texts)], i, rng), i)
            path = sub / f"report-{i:04d}{suffix}"
            good.append(str(path))
        path.write_bytes(data)
    return good, bad


# --- Running -----------------------------------------------------------------------------------


def vnextract(*args: str) -> tuple[int, float, str]:
    started = time.monotonic()
    result = subprocess.run([*COMMAND, *args], capture_output=True, text=True, check=False)
    return result.returncode, time.monotonic() - started, result.stderr


def read_records(path: Path) -> tuple[list[dict], bool]:
    """The records of a JSON Lines file, and whether every line was complete and parsed."""
    data = path.read_bytes()
    records, ok = [], data.endswith(b"\n")
    for line in data.splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            ok = False
    return records, ok


def check_output(path: Path, good: list[str], bad: list[str]) -> None:
    records, complete = read_records(path)
    check(complete, f"every line of {path.name} is complete and parses ({len(records)} lines)")
    counts = Counter(record["source"] for record in records)
    check(all(counts[source] == 1 for source in good + bad), "every input appears exactly once")
    check(set(counts) == set(good + bad), "no other source appears")
    errors = {record["source"] for record in records if "error" in record}
    check(errors == set(bad), f"an error record for each of the {len(bad)} bad files, and only for them")


def first_run(folder: Path, out: Path, good: list[str], bad: list[str]) -> None:
    print(f"\n1. vnextract DIR -o {out.name}")
    status, seconds, stderr = vnextract(str(folder), "-o", str(out), "--max-bytes", MAX_BYTES)
    print(f"  {seconds:.1f} s; stderr ends: {stderr.strip().splitlines()[-1] if stderr.strip() else ''}")
    check(status == 1, f"exit status 1 (got {status})")
    check(len([line for line in stderr.splitlines() if ": " in line]) == len(bad) + 1,
          "one stderr line per bad file, plus the summary")
    check("Traceback" not in stderr, "no traceback")
    check_output(out, good, bad)


def interrupted_run(folder: Path, out: Path, good: list[str], bad: list[str]) -> None:
    print("\n2. SIGINT about halfway, then --resume")
    total = len(good) + len(bad)
    process = subprocess.Popen(
        [*COMMAND, str(folder), "-o", str(out), "--max-bytes", MAX_BYTES], stderr=subprocess.PIPE, text=True
    )
    while process.poll() is None and (not out.exists() or out.read_bytes().count(b"\n") < total // 2):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate()
    records, complete = read_records(out)
    print(f"  stopped with {len(records)} of {total} lines; stderr: {stderr.strip().splitlines()[-1:]}")
    check(process.returncode == 130, f"exit status 130 (got {process.returncode})")
    check(complete, "only complete lines after the interruption")
    check("Traceback" not in stderr, "no traceback")
    status, seconds, stderr = vnextract(str(folder), "-o", str(out), "--resume", "--max-bytes", MAX_BYTES)
    print(f"  resume: {seconds:.1f} s; stderr ends: {stderr.strip().splitlines()[-1]}")
    check(status == 1, f"resume exit status 1 (got {status})")
    check_output(out, good, bad)


def timed_runs(folder: Path, work: Path) -> None:
    print("\n3. -j 1 against -j 2")
    outs, times = [], []
    for jobs in ("1", "2"):
        out = work / f"j{jobs}.jsonl"
        status, seconds, _ = vnextract(str(folder), "-o", str(out), "-j", jobs, "--max-bytes", MAX_BYTES)
        outs.append(out.read_bytes())
        times.append(seconds)
        print(f"  -j {jobs}: {seconds:.1f} s (exit {status})")
    print(f"  speed-up: {times[0] / times[1]:.2f}x")
    check(outs[0] == outs[1], "outputs of -j 1 and -j 2 are byte-identical")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--bad", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="vnextract-batch-"))
    folder = work / "reports"
    shutil.rmtree(folder, ignore_errors=True)
    good, bad = build(folder, args.reports, args.bad)
    print(f"{len(good)} good and {len(bad)} bad reports in {folder}")
    try:
        first_run(folder, work / "out.jsonl", good, bad)
        interrupted_run(folder, work / "resumed.jsonl", good, bad)
        timed_runs(folder, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'all checks passed' if not failures else f'{len(failures)} checks FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
