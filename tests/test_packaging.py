"""The wheel carries the pattern library, so an installed copy works without the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_every_pattern_file(tmp_path: Path) -> None:
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", str(ROOT), "-w", str(tmp_path)]
    subprocess.run(build, check=True, capture_output=True)
    wheel = next(tmp_path.glob("vnreport_extract-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for pattern_file in (ROOT / "patterns").glob("*.toml"):
        assert f"vnreport_extract/patterns/{pattern_file.name}" in names
    assert "vnreport_extract/extraction/pipeline.py" in names
    assert "vnreport_extract/read/legacy_tables.json" in names  # TCVN3 and VNI conversion tables
