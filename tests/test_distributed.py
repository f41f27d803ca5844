"""Dask: the records from a cluster equal a local run's; URLs, part files, the Python API, Ctrl-C.

No cluster is needed: a `LocalCluster(n_workers=2, processes=True)` runs here, and inputs are `file://`
(and, in this process, `memory://`) URLs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import copy_reports

pytest.importorskip("distributed", reason="Dask is not installed (the [dask] extra)")
pytest.importorskip("fsspec", reason="fsspec is not installed (the [dask] extra)")

from distributed import Client, LocalCluster

from vnreport_extract import distributed as vd
from vnreport_extract.errors import ReadError
from vnreport_extract.read.urls import expand_url, read_url
from vnreport_extract.run.batch import Settings
from vnreport_extract.run.cluster import DaskRunner, expand_sources
from vnreport_extract.run.inputs import Task

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
COMMAND = [sys.executable, "-m", "vnreport_extract"]
REPORT = "Doanh thu dịch vụ viễn thông năm 2024 ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023.\n"


def vnextract(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*COMMAND, *args], capture_output=True, timeout=300, check=False)


def lines_of(data: bytes) -> list[dict[str, Any]]:
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.splitlines()]


def by_file_name(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records keyed by the file name of their source (a path locally, a URL on the cluster)."""
    keyed = {}
    for record in records:
        name = record["source"].rsplit("/", 1)[-1]
        keyed[name] = {key: value for key, value in record.items() if key != "source"}
    assert len(keyed) == len(records)
    return keyed


def read_parts(folder: Path, suffix: str) -> list[bytes]:
    parts = sorted(folder.glob(f"part-*.{suffix}"))
    assert [part.name for part in parts] == [f"part-{i:05d}.{suffix}" for i in range(len(parts))]
    return [part.read_bytes() for part in parts]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A few hundred reports, and the JSON Lines of a local run with -j 2."""
    folder = tmp_path_factory.mktemp("dask") / "reports"
    copy_reports(folder, 8)
    done = vnextract(str(folder), "-j", "2", "-q")
    assert done.returncode == 1  # the empty file
    return folder, done.stdout


@pytest.fixture(scope="module")
def reports(local_run: tuple[Path, bytes]) -> tuple[Path, list[dict[str, Any]]]:
    folder, output = local_run
    return folder, lines_of(output)


# --- The bar: a cluster gives the local records --------------------------------------------------


def test_cluster_parts_equal_the_local_run(client: Client, reports: tuple[Path, list[dict]], tmp_path: Path) -> None:
    folder, local = reports
    assert len(local) > 200
    address = client.scheduler.address
    out = tmp_path / "parts"
    done = vnextract(f"file://{folder}/", "--dask", address, "-o", str(out))
    assert done.returncode == 1
    parts = read_parts(out, "jsonl")
    assert len(parts) > 1 and all(part.endswith(b"\n") for part in parts)
    records = lines_of(b"".join(parts))
    assert [record["source"] for record in records] == [f"file://{record['source']}" for record in local]
    assert by_file_name(records) == by_file_name(local)
    assert done.stderr.decode().splitlines()[0] == f"vnextract: file://{folder}/empty.txt: file is empty"


def test_cluster_stream_is_byte_identical_to_the_local_run(client: Client, local_run: tuple[Path, bytes]) -> None:
    folder, output = local_run
    done = vnextract(str(folder), "--dask", client.scheduler.address, "-q")
    assert done.returncode == 1
    assert done.stdout == output


def test_python_api_parquet_equals_the_local_metric_rows(
    client: Client, reports: tuple[Path, list[dict]], tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (the [parquet] extra)")
    from vnreport_extract.write.columns import metric_rows

    folder, local = reports
    docs = vd.documents([f"file://{folder}"], partition_size=50).persist()
    urls = vd.to_parquet(docs, f"file://{tmp_path}/parquet")
    assert len(urls) == docs.npartitions > 1
    rows = pq.read_table(tmp_path / "parquet").to_pylist()
    expected = [row for record in local for row in metric_rows(record)]
    assert len(rows) == len(expected)
    for row in rows:
        row["source"] = row["source"].removeprefix("file://")
    assert rows == expected
    assert vd.metric_rows(docs).count().compute() == len(expected)


def test_python_api_records_in_input_order_with_errors_in_place(client: Client, tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "sub/c.html"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(REPORT if name.endswith("txt") else f"<p>{REPORT}</p>", encoding="utf-8")
    urls = [f"file://{tmp_path}/", f"file://{tmp_path}/missing.txt", str(tmp_path / "b.txt")]
    records = vd.documents(urls, partition_size=1).compute()
    names = [record["source"].removeprefix(f"file://{tmp_path}/") for record in records]
    assert names == ["a.txt", "b.txt", "sub/c.html", "missing.txt", str(tmp_path / "b.txt")]
    assert records[3] == {"source": f"file://{tmp_path}/missing.txt", "error": "no such file"}
    assert [len(record.get("metrics", [])) for record in records] == [2, 2, 2, 0, 2]
    written = vd.to_jsonl(vd.documents(urls, partition_size=2), str(tmp_path / "out"))
    assert [Path(url).name for url in written] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert lines_of(b"".join(read_parts(tmp_path / "out", "jsonl"))) == records


def test_dask_runner_keeps_order_with_small_chunks(client: Client, tmp_path: Path) -> None:
    for i in range(7):
        (tmp_path / f"{i}.txt").write_text(REPORT if i != 3 else "", encoding="utf-8")
    tasks = expand_sources([str(tmp_path), "-"])
    tasks[-1] = Task("-", data=REPORT.encode())
    with DaskRunner(Settings(1000), client.scheduler.address, chunk_size=2) as runner:
        runner.start()
        outcomes = list(runner.map(tasks))
    assert [outcome.source for outcome in outcomes] == [task.source for task in tasks]
    assert [outcome.error for outcome in outcomes].count("file is empty") == 1
    assert outcomes[-1].metric_count == 2


# --- The command line ----------------------------------------------------------------------------


def test_dask_local_cluster_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "in" / f"{name}.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    done = vnextract(f"file://{tmp_path}/in/*.txt", "--dask", "local:2", "-f", "parquet", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().splitlines() == [done.stderr.decode().splitlines()[-1]]  # only the summary
    assert "3 files, 6 metrics, 0 failed" in done.stderr.decode()
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (the [parquet] extra)")
    assert pq.read_table(out).num_rows == 6


def test_rerun_replaces_the_parts(client: Client, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for i in range(5):
        (out / f"part-{i:05d}.jsonl").write_text("old\n", encoding="utf-8")
    (out / "notes.txt").write_text("kept", encoding="utf-8")
    assert vnextract(str(tmp_path / "a.txt"), "--dask", client.scheduler.address, "-o", str(out)).returncode == 0
    assert sorted(path.name for path in out.iterdir()) == ["notes.txt", "part-00000.jsonl"]


@pytest.mark.parametrize(
    "args",
    [
        ["--dask", "nowhere"],
        ["--dask", "local:0"],
        ["--dask", "local", "-o", "DIR", "--resume"],
        ["--dask", "local", "-o", "DIR", "--show"],
        ["-o", "DIR"],
    ],
    ids=["bad-address", "no-workers", "resume-parts", "show-parts", "folder-without-dask"],
)
def test_dask_usage_errors(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "DIR").mkdir()
    args = [str(tmp_path / arg) if arg == "DIR" else arg for arg in args]
    done = vnextract(str(tmp_path / "a.txt"), *args)
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"Traceback" not in done.stderr


def test_ctrl_c_cancels_the_cluster_work(client: Client, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(2000):
        (folder / f"{i:04d}.txt").write_text(REPORT * 20, encoding="utf-8")
    process = subprocess.Popen(
        [*COMMAND, str(folder), "--dask", client.scheduler.address], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # the cluster is up and working
    assert first.endswith(b"\n"), process.stderr.read() if process.stderr else b""
    assert json.loads(first)["source"] == f"{folder}/0000.txt"
    process.send_signal(signal.SIGINT)
    began = time.monotonic()
    rest = process.stdout.read()  # not communicate(): it would skip what readline() buffered
    assert process.stderr is not None
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 130, stderr
    assert time.monotonic() - began < 30
    assert rest.endswith(b"\n") or not rest, (len(first), len(rest), stderr)  # only whole records
    assert all(json.loads(line) for line in rest.splitlines())
    assert stderr.decode().splitlines()[-1].startswith("vnextract: interrupted after ")
    assert b"Traceback" not in stderr
    deadline = time.monotonic() + 20
    while any(client.processing().values()) and time.monotonic() < deadline:  # a running chunk ends
        time.sleep(0.2)
    assert not any(client.processing().values())


# --- URLs (memory:// is seen by this process only, so no cluster here) ---------------------------


@pytest.fixture
def memory_reports() -> Iterator[str]:
    import fsspec

    fs = fsspec.filesystem("memory")
    root = f"/vnextract-{os.getpid()}-{time.monotonic_ns()}"
    for name, data in {"b.txt": REPORT, "a/x.HTM": f"<p>{REPORT}</p>", "a/.hidden.txt": "x", "notes.md": "x",
                       "big.txt": "x" * 5000}.items():
        fs.pipe(f"{root}/{name}", data.encode())
    yield f"memory://{root}"
    fs.rm(root, recursive=True)


def test_url_folders_and_globs_are_expanded_in_order(memory_reports: str) -> None:
    assert expand_url(memory_reports + "/") == [
        (f"{memory_reports}/a/x.HTM", None), (f"{memory_reports}/b.txt", None), (f"{memory_reports}/big.txt", None),
    ]
    assert expand_url(f"{memory_reports}/b*.txt") == [
        (f"{memory_reports}/b.txt", None), (f"{memory_reports}/big.txt", None),
    ]
    assert expand_url(f"{memory_reports}/*.pdf") == [(f"{memory_reports}/*.pdf", "no file matches this pattern")]
    assert expand_url(f"{memory_reports}/nothing.txt") == [(f"{memory_reports}/nothing.txt", None)]


def test_reading_urls(memory_reports: str) -> None:
    assert read_url(f"{memory_reports}/b.txt", 1000) == REPORT.encode()
    with pytest.raises(ReadError, match="no such file"):
        read_url(f"{memory_reports}/nothing.txt", 1000)
    with pytest.raises(ReadError, match="file is too large"):
        read_url(f"{memory_reports}/big.txt", 1000)
    with pytest.raises(ReadError, match="is a directory"):
        read_url(f"{memory_reports}/a", 1000)


def test_a_filesystem_without_its_package_is_a_usage_error(tmp_path: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("s3fs") is not None:
        pytest.skip("s3fs is installed: the missing-package message cannot be seen")
    done = vnextract("s3://bucket/reports/", "--dask", "local:1")
    assert done.returncode == 2
    assert done.stderr.decode().startswith("vnextract: s3://bucket/reports/: ")
    assert b"s3fs" in done.stderr


def test_a_cluster_out_of_reach_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from vnreport_extract import cli
    from vnreport_extract.run import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(cli.app, [str(tmp_path / "a.txt"), "--dask", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("vnextract: cannot reach the Dask cluster at tcp://127.0.0.1:1: ")
    assert len(result.stderr.splitlines()) == 1
