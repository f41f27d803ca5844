"""The vnextract command, run in-process with Typer's CliRunner: formats, inputs, errors, exit status."""

import codecs
import csv
import io
import json
import re
import sys
import types
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import vnreport_extract.review
from vnreport_extract.cli import app, parse_size
from vnreport_extract.models import Document, Metric
from vnreport_extract.write.outputs import CsvWriter

REPORT = "Doanh thu dịch vụ viễn thông năm 2024 ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023.\n"
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def run(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(app, ["-j", "1", *args], input=stdin)


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def error_lines(stderr: str) -> list[str]:
    """The per-input error lines (not the summary)."""
    lines = stderr.splitlines()
    return [line for line in lines if line.startswith("vnextract: ") and " metrics, " not in line]


def to_cp1258(text: str) -> bytes:
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in _TONES)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONES))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """A folder: two reports at the top, one in a subfolder, an HTML page, and files to ignore."""
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_text(REPORT, encoding="utf-8")
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / "sub" / "c.txt").write_text(REPORT, encoding="utf-8")
    (folder / "page.HTML").write_text(f"<article><p>{REPORT}</p></article>", encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    return folder


# --- Formats -----------------------------------------------------------------------------------


def test_one_file_gives_pretty_json(tmp_path: Path) -> None:
    path = tmp_path / "báo-cáo.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('{\n  "source": ')
    assert json.loads(result.stdout)["source"] == str(path)
    assert "báo-cáo.txt" in result.stdout  # not \u-escaped
    assert "Traceback" not in result.stderr


def test_folder_gives_json_lines_in_order(reports: Path) -> None:
    result = run(str(reports))
    assert result.exit_code == 0, result.output
    assert [r["source"] for r in records(result.stdout)] == [
        f"{reports}/a.txt", f"{reports}/b.txt", f"{reports}/page.HTML", f"{reports}/sub/c.txt",
    ]


def test_arguments_keep_their_order(reports: Path) -> None:
    result = run(str(reports / "b.txt"), str(reports / "a.txt"))
    assert [r["source"] for r in records(result.stdout)] == [f"{reports}/b.txt", f"{reports}/a.txt"]


def test_glob_pattern_is_expanded(reports: Path) -> None:
    result = run(f"{reports}/**/*.txt")
    assert result.exit_code == 0, result.output
    assert [r["source"] for r in records(result.stdout)] == [
        f"{reports}/a.txt", f"{reports}/b.txt", f"{reports}/sub/c.txt",
    ]


def test_glob_without_match_is_an_error(reports: Path) -> None:
    result = run(f"{reports}/*.pdf")
    assert result.exit_code == 1
    expected = {"source": f"{reports}/*.pdf", "error": "no file matches this pattern"}
    assert json.loads(result.stdout) == expected


def test_stdin(tmp_path: Path) -> None:
    result = run("-", stdin=REPORT)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"] == "-"


def test_stdin_among_files(reports: Path) -> None:
    result = run(str(reports / "a.txt"), "-", stdin=REPORT.encode("utf-16"))
    assert [(r["source"], r["encoding"]) for r in records(result.stdout)] == [
        (f"{reports}/a.txt", None), ("-", "utf-16-le"),
    ]


def test_json_format_for_a_folder_is_an_array(reports: Path) -> None:
    result = run(str(reports), "--format", "json")
    assert len(json.loads(result.stdout)) == 4


def test_csv_has_a_bom_and_parses(reports: Path) -> None:
    result = run(str(reports), "--format", "csv", str(reports / "missing.txt"))
    assert result.exit_code == 1
    assert result.stdout_bytes.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert list(rows[0])[:6] == ["source", "title", "published", "location", "encoding", "error"]
    assert set(Metric.model_fields) <= set(rows[0])
    assert set(Document.model_fields) - {"metrics"} <= set(rows[0])  # reader, agency, … too
    assert {row["reader"] for row in rows[:-1]} == {"text", "html"}
    assert [row["source"] for row in rows][-1] == f"{reports}/missing.txt"
    assert rows[-1]["error"] == "no such file"
    documents = records(run(str(reports), str(reports / "missing.txt")).stdout)
    assert len(rows) == sum(max(1, len(d.get("metrics", []))) for d in documents)  # no document is left out


def test_csv_writes_one_row_per_metric() -> None:
    metric = {"kind": "money", "value": 2813000000000.0, "unit": "VND", "text": "2.813 tỷ đồng", "start": 46,
              "end": 59, "sentence": REPORT.strip()}
    document = Document(source="a.txt", location="Hải Dương", metrics=[Metric(**metric), Metric(**metric)])
    sink = io.BytesIO()
    writer = CsvWriter(sink)
    outcome = types.SimpleNamespace(source="a.txt", document=document, error=None, record=lambda: document)
    writer.write(outcome)
    rows = list(csv.DictReader(io.StringIO(sink.getvalue().decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1]["location"] == "Hải Dương"
    assert rows[1]["value"] == "2813000000000"
    assert rows[1]["qualifier"] == "exact"
    assert rows[1]["value_max"] == ""


def test_table_format(reports: Path) -> None:
    result = run(str(reports / "a.txt"), "--format", "table")
    assert result.exit_code == 0, result.output
    assert "a.txt" in result.stdout


def test_output_file_for_one_input(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "doc.json"
    result = run(str(reports / "a.txt"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["source"] == f"{reports}/a.txt"


# --- Inputs that are not plain UTF-8 -----------------------------------------------------------


def test_legacy_unicode_and_html_inputs(tmp_path: Path) -> None:
    (tmp_path / "1258.txt").write_bytes(to_cp1258(REPORT * 3))
    (tmp_path / "u16.txt").write_bytes(REPORT.encode("utf-16"))
    (tmp_path / "crlf.txt").write_bytes(REPORT.replace("\n", "\r\n").encode("utf-8-sig"))
    (tmp_path / "page.htm").write_text(f"<nav>x</nav><article><h1>Tin</h1><p>{REPORT}</p></article>")
    result = run(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert [(Path(r["source"]).name, r["encoding"]) for r in records(result.stdout)] == [
        ("1258.txt", "windows-1258"), ("crlf.txt", None), ("page.htm", None), ("u16.txt", "utf-16-le"),
    ]


# --- Bad inputs --------------------------------------------------------------------------------


def test_bad_inputs_give_error_records_in_place(tmp_path: Path) -> None:
    (tmp_path / "1-good.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "2-empty.txt").write_bytes(b"")
    (tmp_path / "3-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "4-large.txt").write_text(REPORT * 50, encoding="utf-8")
    (tmp_path / "5-good.txt").write_text(REPORT, encoding="utf-8")
    missing = str(tmp_path / "missing.txt")
    result = run(str(tmp_path), missing, "--max-bytes", "2k")
    assert result.exit_code == 1
    got = records(result.stdout)
    assert [(Path(r["source"]).name, "error" in r) for r in got] == [
        ("1-good.txt", False), ("2-empty.txt", True), ("3-binary.txt", True), ("4-large.txt", True),
        ("5-good.txt", False), ("missing.txt", True),
    ]
    assert error_lines(result.stderr) == [
        f"vnextract: {tmp_path}/2-empty.txt: file is empty",
        f"vnextract: {tmp_path}/3-binary.txt: binary file (contains NUL bytes)",
        f"vnextract: {tmp_path}/4-large.txt: file is too large ({len(REPORT.encode()) * 50} bytes;"
        " the limit is 2000, see --max-bytes)",
        f"vnextract: {missing}: no such file",
    ]
    assert "Traceback" not in result.output


def test_summary_line(reports: Path) -> None:
    result = run(str(reports), str(reports / "x.txt"))
    metrics = sum(len(record.get("metrics", [])) for record in records(result.stdout))
    summary = result.stderr.splitlines()[-1]
    assert re.fullmatch(rf"vnextract: 5 files, {metrics} metrics, 1 failed, \d+\.\d s", summary)


def test_quiet_prints_nothing_on_stderr(reports: Path) -> None:
    result = run(str(reports), str(reports / "x.txt"), "--quiet")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert len(records(result.stdout)) == 5


def test_empty_folder(tmp_path: Path) -> None:
    result = run(str(tmp_path))
    assert result.exit_code == 1
    expected = {"source": str(tmp_path), "error": "folder has no .txt, .html, .htm, .pdf, .docx or .xlsx file"}
    assert records(result.stdout) == [expected]


# --- Options and usage errors ------------------------------------------------------------------


def test_schema_needs_no_path() -> None:
    result = run("--schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == Document.model_json_schema()


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"vnextract {vnreport_extract.__version__}"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["a.txt", "--resume"],
        ["a.txt", "-o", "x.csv", "--resume", "--format", "csv"],
        ["a.txt", "--format", "xml"],
        ["a.txt", "-j", "0"],
        ["a.txt", "--max-bytes", "lots"],
        ["a.txt", "--json"],
        ["a.txt", "--no-such-option"],
    ],
    ids=["no-path", "resume-without-o", "resume-csv", "bad-format", "jobs-0", "bad-size", "json-alone",
         "unknown-option"],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_bad_pattern_files_exit_2(tmp_path: Path, reports: Path) -> None:
    (tmp_path / "units.toml").write_text("this is = = not toml\n", encoding="utf-8")
    result = run(str(reports), "--patterns", str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("vnextract: ")
    assert "Traceback" not in result.output


def test_pattern_library_error_lines(monkeypatch: pytest.MonkeyPatch, reports: Path) -> None:
    from vnreport_extract.errors import PatternLibraryError
    from vnreport_extract.run import batch

    def broken(dirs: object = ()) -> None:
        raise PatternLibraryError(["a.toml: rule[1] x -> pattern: bad", "b.toml: not valid TOML"])

    monkeypatch.setattr(batch, "load_patterns", broken)
    result = run(str(reports))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "vnextract: a.toml: rule[1] x -> pattern: bad", "vnextract: b.toml: not valid TOML",
    ]


def test_a_path_is_never_a_subcommand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("help").write_text(REPORT, encoding="utf-8")
    result = run("help")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"] == "help"


def test_parse_size() -> None:
    assert parse_size("20MB") == 20_000_000
    assert parse_size("2KiB") == 2048


# --- Review hooks (issue 6), with stand-in modules ---------------------------------------------


@pytest.fixture
def fake_review(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    calls: dict[str, list] = {"show": [], "html": [], "evaluate": [], "print": [], "read": []}
    review = types.ModuleType("vnreport_extract.review.show")
    review.show_document = lambda document, text, console: calls["show"].append((document.source, text))
    review.write_html = lambda pairs, path: calls["html"].append(([(d.source, t) for d, t in pairs], path))
    evaluation = types.ModuleType("vnreport_extract.review.evaluation")

    def evaluate(gold: Path, predictions: list[dict]) -> tuple[dict, list[str]]:
        calls["evaluate"].append((gold, predictions))
        return {"f1": 1.0}, ["MISSED a.txt"]

    def print_result(result: dict, lines: list[str], console: object, verbose: bool, as_json: bool) -> None:
        calls["print"].append((result, lines, verbose, as_json))

    evaluation.evaluate, evaluation.print_result = evaluate, print_result
    evaluation.read_gold = lambda gold: calls["read"].append(gold)
    for name, module in (("show", review), ("evaluation", evaluation)):
        monkeypatch.setitem(sys.modules, f"vnreport_extract.review.{name}", module)
        monkeypatch.setattr(vnreport_extract.review, name, module, raising=False)
    return calls


def test_show_passes_normalised_text(fake_review: dict[str, list], tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(unicodedata.normalize("NFD", REPORT).encode())
    result = run(str(path), "--show")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # --show owns stdout
    assert fake_review["show"] == [(str(path), REPORT)]


def test_html_gets_every_document(fake_review: dict[str, list], reports: Path, tmp_path: Path) -> None:
    result = run(str(reports), "--html", str(tmp_path / "review.html"), str(reports / "x.txt"))
    assert result.exit_code == 1
    assert len(records(result.stdout)) == 5  # the records still go to stdout
    [(pairs, path)] = fake_review["html"]
    assert [Path(source).name for source, _ in pairs] == ["a.txt", "b.txt", "page.HTML", "c.txt"]
    assert path == tmp_path / "review.html"


def test_eval_wiring(fake_review: dict[str, list], reports: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{}\n", encoding="utf-8")
    result = run(str(reports), "--eval", str(gold), "--verbose", "--json")
    assert result.exit_code == 0, result.output
    [(gold_path, predictions)] = fake_review["evaluate"]
    assert gold_path == gold
    assert fake_review["read"] == [gold]  # read before the run, to refuse a gold file it cannot score
    assert predictions[0]["source"] == f"{reports}/a.txt"
    assert fake_review["print"] == [({"f1": 1.0}, ["MISSED a.txt"], True, True)]
