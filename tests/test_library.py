"""The pattern library: every packaged file loads, broken user files are reported, not raised."""

from __future__ import annotations

import ast
import json
from functools import cached_property
from pathlib import Path

import pytest

from vnreport_extract import library as pattern_library
from vnreport_extract.errors import PatternLibraryError
from vnreport_extract.extraction.mentions import MentionFinder
from vnreport_extract.extraction.pipeline import extract
from vnreport_extract.library import FILE_MODELS, load_library, packaged_patterns_dir

PACKAGE = Path(__file__).resolve().parents[1] / "vnreport_extract"


def test_every_packaged_file_loads_and_is_known() -> None:
    library = load_library()
    stems = {p.stem for p in packaged_patterns_dir().glob("*.toml")}
    assert stems == set(FILE_MODELS)
    assert library.currency_by_surface["đồng"] == "VND"
    assert library.measure_by_surface["ha"] == "ha"


def test_no_surface_maps_to_two_units() -> None:
    library = load_library()
    currencies, measures = library.units.currency, library.units.measure
    seen: dict[str, str] = {}
    for surface, unit in [(s, c.code) for c in currencies for s in c.surfaces] + [
        (s, m.unit) for m in measures for s in m.surfaces
    ]:
        assert seen.setdefault(surface.lower(), unit) == unit, f"{surface!r} maps to {seen[surface.lower()]} and {unit}"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_extends_the_library(tmp_path: Path) -> None:
    _write(tmp_path, "units.toml", '[[currency]]\ncode = "THB"\nsurfaces = ["bạt"]\n')
    library = load_library([tmp_path])
    doc = extract("Kim ngạch nhập khẩu đạt 500 triệu bạt.", library=library)
    assert [(m.kind, m.value, m.unit) for m in doc.metrics] == [("money", 500_000_000, "THB")]


def test_user_words_pass_the_scan_prefilters(tmp_path: Path) -> None:
    """A sentence skips the rank and status scans when it holds none of their words: user words count."""
    _write(tmp_path, "rank.toml", 'bare_verbs = ["chiếm ngôi"]\n')
    _write(tmp_path, "status.toml", 'estimate = ["phỏng đoán"]\n')
    library = load_library([tmp_path])
    doc = extract("Huyện chiếm ngôi 3 trong 12 huyện. Sản lượng phỏng đoán 200 tấn.", library=library)
    assert [(m.kind, m.value, m.status) for m in doc.metrics] == [("rank", 3, "actual"), ("measure", 200, "estimate")]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("units.toml", '[[currency]]\ncode = "baht"\nsurfaces = ["bạt"]\n', "currency[1].code"),
        ("qualifiers.toml", '[before]\n"chừng chừng" = "roughly"\n', "before"),
        ("status.toml", "estimate = 3\n", "estimate"),
        ("labels.toml", "max_syllables = 1\n", "max_syllables"),
        ("units.toml", "[[currency]\n", "not valid TOML"),
        ("unknown.toml", "x = 1\n", "unknown pattern file"),
    ],
)
def test_broken_user_file_names_file_entry_and_problem(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(PatternLibraryError) as caught:
        load_library([tmp_path])
    problems = caught.value.problems
    assert problems, "a broken file must give at least one problem line"
    assert all("\n" not in line for line in problems)
    assert any(str(path) in line and expected in line for line in problems), problems


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PatternLibraryError, match="not a folder"):
        load_library([tmp_path / "nowhere"])


def _non_ascii_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        literal = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        if literal and any(ord(ch) > 127 and ch.isalpha() for ch in node.value):
            found.append(f"{path.name}:{node.lineno}: {node.value[:40]!r}")
    return found


RULE_MODULES = [f"extraction/{name}" for name in ("numbers", "exclusions", "semantics", "periods", "document", "records", "tables", "table_metrics", "official")]
RULE_MODULES += [
    f"extraction/{package}/{path.stem}"
    for package in ("labels", "mentions", "frames")
    for path in sorted((PACKAGE / "extraction" / package).glob("*.py"))
]


@pytest.mark.parametrize("module", RULE_MODULES)
def test_no_vietnamese_word_in_rule_code(module: str) -> None:
    """Cue words live in patterns/, where users can extend them; the rule code holds none."""
    assert _non_ascii_literals(PACKAGE / f"{module}.py") == []


def test_warm_up_reaches_every_mention_reader() -> None:
    """`warm_up` compiles the patterns of `MentionFinder.readers`: every part holding patterns is listed."""
    finder = MentionFinder(load_library())
    parts = [
        part for part in vars(finder).values()
        if type(part).__module__.startswith("vnreport_extract.extraction")
        and any(isinstance(attribute, cached_property) for attribute in vars(type(part)).values())
    ]
    assert len(parts) >= 10
    assert {id(part) for part in parts} <= {id(reader) for reader in finder.readers}


def test_packaged_files_are_parsed_once_while_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parse of a packaged pattern file is kept in the cache folder and read back while the file's path,
    size and time are the same; a kept parse of another version of the file is not used."""
    monkeypatch.setenv("VNEXTRACT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("VNEXTRACT_NO_CACHE", raising=False)
    path = packaged_patterns_dir() / "rank.toml"
    fresh = pattern_library._parse_toml(path)
    assert pattern_library._read_packaged(path) == fresh
    kept = pattern_library._parse_file(path)
    assert kept is not None and kept.exists()
    assert pattern_library._read_packaged(path) == fresh
    stale = json.loads(kept.read_text(encoding="utf-8"))
    stale["source"][1] += 1  # the file was another size when it was kept
    stale["data"] = {"rank": {}}
    kept.write_text(json.dumps(stale), encoding="utf-8")
    assert pattern_library._read_packaged(path) == fresh
    kept.write_text("not json", encoding="utf-8")
    assert pattern_library._read_packaged(path) == fresh
