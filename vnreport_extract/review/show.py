"""Review view: how a person sees a Document's metrics, in the terminal (and the shared display helpers).

Input: a Document and the text it was extracted from (raw or already normalised: offsets index
`normalize(text)`). Output: Rich renderables printed to a console: the text with every metric span
highlighted in its kind's colour, a legend, and a table of the records. The kind -> colour mapping,
number formatting and span placement defined here are reused by `html_report`, so both views agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from vnreport_extract.extraction.normalize import normalize
from vnreport_extract.models import Document, Kind, Metric

# One colour per kind, used as the highlight background in the terminal and in the HTML page.
KIND_COLOURS: dict[str, str] = {
    Kind.COUNT: "#9bd0f5",
    Kind.MONEY: "#a7e3a1",
    Kind.PERCENT: "#ffe08a",
    Kind.RATIO: "#ffbf80",
    Kind.RATE: "#d7b9f0",
    Kind.RANK: "#ff9fbf",
    Kind.CHANGE: "#ff8f80",
    Kind.MULTIPLE: "#8fe3dc",
    Kind.MEASURE: "#d6c8a8",
}
FALLBACK_COLOUR = "#d0d0d0"


def kind_colour(kind: str) -> str:
    """The highlight colour of a kind (grey for an unknown one).

    >>> kind_colour("money")
    '#a7e3a1'
    """
    return KIND_COLOURS.get(kind, FALLBACK_COLOUR)


def format_number(value: float | None) -> str:
    """A number written the Vietnamese way: `.` groups thousands, `,` marks decimals.

    >>> format_number(2813000000000)
    '2.813.000.000.000'
    >>> format_number(103.5), format_number(-0.8), format_number(None)
    ('103,5', '-0,8', '')
    """
    if value is None:
        return ""
    whole, _, decimals = f"{abs(value):.4f}".rstrip("0").rstrip(".").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"


def format_value(metric: Metric) -> str:
    """Value (and upper end of a range) with its unit.

    >>> format_value(Metric(kind="percent", value=70, value_max=75, unit="%", text="", start=0, end=0,
    ...                     sentence=""))
    '70-75%'
    >>> format_value(Metric(kind="money", value=2.813e12, unit="VND", text="", start=0, end=0, sentence=""))
    '2.813.000.000.000 VND'
    """
    number = format_number(metric.value)
    if metric.value_max is not None:
        number += "-" + format_number(metric.value_max)
    if not metric.unit:
        return number
    return number + metric.unit if metric.unit == "%" else f"{number} {metric.unit}"


def format_change(metric: Metric) -> str:
    """Direction and reference of a change, e.g. `increase vs cùng kỳ`; empty when neither is set."""
    parts = [metric.direction or "", f"vs {metric.reference}" if metric.reference else ""]
    return " ".join(part for part in parts if part)


def format_total(metric: Metric) -> str:
    """Total and scope, e.g. `of 63 (toàn quốc)`; empty when neither is set."""
    parts = [f"of {format_number(metric.total)}" if metric.total is not None else "",
             f"({metric.scope})" if metric.scope else ""]
    return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class Placement:
    """Which metrics can be highlighted: `kept` indices in text order, `skipped` index -> reason."""

    kept: list[int]
    skipped: dict[int, str]


def place_spans(text: str, metrics: list[Metric]) -> Placement:
    """Order the spans by offset, skipping any that is out of range or overlaps an earlier kept one.

    >>> m = lambda s, e: Metric(kind="count", value=1, text="x", start=s, end=e, sentence="")
    >>> place_spans("abcdefghij", [m(4, 6), m(0, 2), m(1, 3), m(8, 20)])
    Placement(kept=[1, 0], skipped={2: 'overlap', 3: 'range'})
    """
    kept: list[int] = []
    skipped: dict[int, str] = {}
    reached = 0
    for i in sorted(range(len(metrics)), key=lambda i: (metrics[i].start, -metrics[i].end, i)):
        metric = metrics[i]
        if metric.end > len(text) or metric.start >= metric.end:
            skipped[i] = "range"
        elif metric.start < reached:
            skipped[i] = "overlap"
        else:
            kept.append(i)
            reached = metric.end
    return Placement(kept, dict(sorted(skipped.items())))


def highlighted_text(text: str, metrics: list[Metric]) -> Text:
    """The text with each placeable span highlighted in its kind's colour and followed by a dim [n]."""
    out = Text()
    cursor = 0
    for i in place_spans(text, metrics).kept:
        metric = metrics[i]
        out.append(text[cursor:metric.start])
        out.append(text[metric.start:metric.end], style=f"black on {kind_colour(metric.kind)}")
        out.append(f"[{i + 1}]", style="dim")
        cursor = metric.end
    out.append(text[cursor:])
    return out


def legend(metrics: list[Metric]) -> Text:
    """One coloured chip per kind, with how many metrics of that kind there are."""
    out = Text("kinds: ", style="bold")
    for kind in Kind:
        count = sum(metric.kind == kind for metric in metrics)
        out.append(f" {kind} {count} ", style=f"black on {kind_colour(kind)}")
        out.append(" ")
    return out


RECORD_COLUMNS = ("#", "kind", "text", "label", "value", "qualifier", "status", "change", "total / scope",
                  "period")
_NO_WRAP = ("#", "kind", "qualifier", "status")
WIDE = 120  # console columns from which the records table also shows `text`


def record_row(n: int, metric: Metric) -> list[Text]:
    """The cells of one record, in RECORD_COLUMNS order; as Text, so the report's words are never markup."""
    cells = [str(n), metric.kind, metric.text, metric.label or "", format_value(metric), metric.qualifier,
             metric.status, format_change(metric), format_total(metric), metric.period or ""]
    row = [Text(cell) for cell in cells]
    row[1].stylize(f"black on {kind_colour(metric.kind)}")
    return row


def records_table(metrics: list[Metric], width: int | None = None) -> Table:
    """The records, numbered as the [n] markers in the text.

    Columns empty in every row are left out, and so is `text` on a console narrower than WIDE.
    """
    rows = [record_row(n, metric) for n, metric in enumerate(metrics, start=1)]
    used = [c for c, name in enumerate(RECORD_COLUMNS) if name in ("#", "kind", "text", "value")
            or any(str(row[c]) for row in rows)]
    if width is not None and width < WIDE:
        used.remove(RECORD_COLUMNS.index("text"))
    table = Table(title=f"{len(metrics)} metrics", box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0))
    for c in used:
        name = RECORD_COLUMNS[c]
        fixed = name in _NO_WRAP
        table.add_column(name, overflow="fold", no_wrap=fixed, min_width=len(name) if fixed else 6)
    for row in rows:
        table.add_row(*(row[c] for c in used))
    return table


def document_header(document: Document) -> Text:
    """Source in bold, then title, published date and location where known."""
    out = Text(document.source, style="bold")
    for name in ("title", "published", "location", "encoding"):
        value = getattr(document, name)
        if value:
            out.append(f"\n{name}: ", style="dim")
            out.append(value)
    return out


def skipped_note(placement: Placement) -> Text | None:
    """A warning naming the metrics that could not be highlighted, or None."""
    if not placement.skipped:
        return None
    listed = ", ".join(f"[{i + 1}] {reason}" for i, reason in placement.skipped.items())
    return Text(f"not highlighted: {listed}", style="yellow")


def show_document(document: Document, text: str, console: Console) -> None:
    """Print the normalised text with every metric highlighted in place, a legend and the records table."""
    text = normalize(text)
    parts = [document_header(document), Text(), highlighted_text(text, document.metrics), Text(),
             legend(document.metrics)]
    note = skipped_note(place_spans(text, document.metrics))
    if note is not None:
        parts.append(note)
    console.print(Group(*parts))
    if document.metrics:
        console.print(records_table(document.metrics, console.width))
    else:
        console.print(Text("no metrics", style="dim"))


def write_html(documents: list[tuple[Document, str]], path: Path) -> None:
    """Write one standalone HTML review page for the documents (see `html_report`)."""
    from vnreport_extract.review.html import render_html  # review.html imports this module's helpers

    Path(path).write_text(render_html(documents), encoding="utf-8")
