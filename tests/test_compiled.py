"""The cache of compiled patterns: the same patterns with or without it, never a failed run."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import regex

from vnreport_extract.compiled import PatternCache, cache_file

WORDS = r"(?<![\p{L}\p{N}_])(?:tăng\s+trưởng|tăng)\s+(?P<n>\d+(?:,\d+)?)\s*%"
TEXT = "Doanh thu tăng 18% so với năm 2023; lợi nhuận tăng trưởng 7,5%."


def test_a_saved_pattern_loads_and_finds_what_a_fresh_one_finds(tmp_path: Path) -> None:
    path = tmp_path / "patterns.pickle"
    first = PatternCache(path)
    fresh = first.compile(WORDS, regex.IGNORECASE)
    first.save()
    loaded = PatternCache(path).compile(WORDS, regex.IGNORECASE)
    assert path.exists()
    assert [m.group("n") for m in loaded.finditer(TEXT)] == [m.group("n") for m in fresh.finditer(TEXT)] == ["18", "7,5"]
    assert loaded.flags == fresh.flags


def test_flags_are_part_of_the_key(tmp_path: Path) -> None:
    cache = PatternCache(tmp_path / "patterns.pickle")
    assert cache.compile("tăng").search("TĂNG") is None
    assert cache.compile("tăng", regex.IGNORECASE).search("TĂNG") is not None


def test_nothing_is_written_when_nothing_new_was_compiled(tmp_path: Path) -> None:
    path = tmp_path / "patterns.pickle"
    first = PatternCache(path)
    first.compile(WORDS)
    first.save()
    written = path.stat().st_mtime_ns
    again = PatternCache(path)
    again.compile(WORDS)
    os.utime(path, ns=(written - 10**9, written - 10**9))
    again.save()
    assert path.stat().st_mtime_ns == written - 10**9


def test_a_broken_cache_file_is_ignored_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "patterns.pickle"
    path.write_bytes(b"\x80\x04not a pickle at all")
    cache = PatternCache(path)
    assert cache.compile(WORDS).search(TEXT).group("n") == "18"
    cache.save()
    assert PatternCache(path).compile(WORDS).pattern == WORDS


def test_a_cache_file_that_would_run_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "patterns.pickle"
    marker = tmp_path / "ran"
    path.write_bytes(pickle.dumps(_Exploit(marker)))
    cache = PatternCache(path)
    assert cache.compile(WORDS).search(TEXT) is not None
    assert not marker.exists()


class _Exploit:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (os.system, (f"touch {self.marker}",))


def test_an_unwritable_folder_leaves_the_run_alone(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    cache = PatternCache(blocked / "patterns.pickle")
    assert cache.compile(WORDS).search(TEXT) is not None
    cache.save()  # must not raise


def test_the_environment_chooses_the_folder_or_turns_caching_off(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VNEXTRACT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("VNEXTRACT_NO_CACHE", raising=False)
    assert cache_file().parent == tmp_path
    assert regex.__version__ in cache_file().name
    monkeypatch.setenv("VNEXTRACT_NO_CACHE", "1")
    assert cache_file() is None


def test_a_run_fills_the_cache_and_the_next_run_gives_the_same_output(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("Doanh thu năm 2024 ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023.\n", encoding="utf-8")
    environment = {**os.environ, "VNEXTRACT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "vnreport_extract", str(report), "--format", "jsonl"]
    cold = subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
    saved = list((tmp_path / "cache").glob("patterns-*.pickle"))
    warm = subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
    assert len(saved) == 1 and saved[0].stat().st_size > 10_000
    assert warm.stdout == cold.stdout
    assert [metric["value"] for metric in json.loads(warm.stdout)["metrics"]] == [2.813e12, 18]


def test_every_pattern_of_the_package_compiles_through_the_cache() -> None:
    package = Path(__file__).resolve().parents[1] / "vnreport_extract"
    direct = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if path.name != "compiled.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "regex.compile(" in line
    ]
    assert direct == []


def test_province_names_are_kept_for_the_next_run_and_read_back_the_same(tmp_path: Path, monkeypatch) -> None:
    from vnreport_extract.extraction import document

    monkeypatch.setenv("VNEXTRACT_CACHE_DIR", str(tmp_path))
    document.province_names.cache_clear()
    try:
        parsed = document.province_names()
        kept = tmp_path / "province-names-v1.json"
        assert kept.exists() == bool(parsed)
        document.province_names.cache_clear()
        assert document.province_names() == parsed
    finally:
        document.province_names.cache_clear()


def test_province_names_kept_from_another_file_are_not_read(tmp_path: Path, monkeypatch) -> None:
    from vnreport_extract.extraction import document

    monkeypatch.setenv("VNEXTRACT_CACHE_DIR", str(tmp_path))
    (tmp_path / "province-names-v1.json").write_text(json.dumps({"source": ["other.json", 1, 2], "names": ["Atlantis"]}))
    document.province_names.cache_clear()
    try:
        assert "Atlantis" not in document.province_names()
    finally:
        document.province_names.cache_clear()
