"""Article extraction from news pages: our HTML reader beside trafilatura, on tests/fixtures/news.

    python bench/news_readers.py            # needs `pip install trafilatura` for the second column

Per page: the article's figures kept in the text view, the figures of page furniture (related links,
sidebars, comments, footers, view and share counts) that extraction then emits, whether the title is
found, and whether the article's table survives as TAB-separated rows.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from vnreport_extract import extract
from vnreport_extract.read.text import html_to_text, read_text

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "news"


def ours(path: Path) -> str:
    """What vnextract reads: trafilatura's XML laid out as the view (read/html.py)."""
    return read_text(str(path), 10_000_000).text


def element_picker(path: Path) -> str:
    """The earlier reader: the <article>/<main> element, else <body>, less nav/header/footer/aside."""
    return html_to_text(path.read_text(encoding="utf-8"))


def trafilatura_view(path: Path) -> str:
    import trafilatura

    html = path.read_text(encoding="utf-8")
    result = trafilatura.bare_extraction(html, include_tables=True, include_comments=False, with_metadata=True)
    if result is None:
        return ""
    title = getattr(result, "title", None) or ""
    text = getattr(result, "text", None) or ""
    return f"{title}\n\n{text}" if title else text


def measure(reader: Callable[[Path], str], expected: dict) -> dict:
    totals = {"figures": 0, "kept": 0, "furniture_emitted": 0, "titles": 0, "tables": 0, "tables_kept": 0}
    for name, want in expected.items():
        text = reader(FIXTURES / f"{name}.html")
        document = extract(text, source=name)
        article = " ".join([want["title"], *want["figures"]])
        totals["figures"] += len(want["figures"])
        totals["kept"] += sum(1 for figure in want["figures"] if figure in text)
        furniture = [
            metric.text for metric in document.metrics if metric.text not in article
            and not any(metric.text in figure or figure in metric.text for figure in want["figures"])
        ]
        totals["furniture_emitted"] += len(furniture)
        if furniture and "-v" in sys.argv:
            print(name, furniture, file=sys.stderr)
        totals["titles"] += document.title == want["title"]
        if want["has_table"]:
            totals["tables"] += 1
            totals["tables_kept"] += any(line.count("\t") >= 2 for line in text.splitlines())
    return totals


def main() -> None:
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    readers: dict[str, Callable[[Path], str]] = {"<article>/<main> element (html_to_text)": element_picker}
    try:
        import trafilatura  # noqa: F401

        readers["trafilatura, its own text output"] = trafilatura_view
        readers["vnextract: trafilatura XML laid out as the view"] = ours
    except ImportError:
        print("trafilatura is not installed: only our reader is measured", file=sys.stderr)
    print(f"{len(expected)} pages\n")
    print("| reader | article figures kept | furniture figures emitted | titles found | tables as rows |")
    print("|---|---|---|---|---|")
    for label, reader in readers.items():
        t = measure(reader, expected)
        print(f"| {label} | {t['kept']}/{t['figures']} | {t['furniture_emitted']} | {t['titles']}/{len(expected)} "
              f"| {t['tables_kept']}/{t['tables']} |")


if __name__ == "__main__":
    main()
