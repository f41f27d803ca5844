"""Command line (stub, to be replaced by the batch CLI)."""

import json
import sys
from pathlib import Path

from .extract import extract


def main() -> None:
    path = sys.argv[1]
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    print(json.dumps(extract(text, path).model_dump(mode="json"), ensure_ascii=False, indent=2))
