"""`--explain`: each figure of a document with its clause, its frame and the rule behind each field.

Input: a document's text. Output: a Rich tree per figure on the console, like Duckling's debug
tree: what the figure is, the clause it was read in, the frame (predicate, subject, comparison,
time, status) and, for each field, the rule that set it; fields set by a weak rule are marked, as
in the record's `review` field.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.text import Text
from rich.tree import Tree

from vnreport_extract.extraction.frames import WEAK_RULES
from vnreport_extract.extraction.pipeline import Explanation, explain
from vnreport_extract.models import Document, Metric
from vnreport_extract.review.show import format_value, kind_colour

_FIELDS = ("status", "reference", "period", "label")


def explain_document(document: Document, text: str, console: Console) -> None:
    """Print the explanation of one document (its text as the reader laid it out)."""
    header = Text(document.source, style="bold")
    if document.title:
        header.append(f"  {document.title}", style="dim")
    console.print(header)
    explanations = explain(text)  # extracted again with its frames: only --explain pays for them
    if not explanations:
        console.print(Text("  no metrics", style="dim"))
    for number, item in enumerate(explanations, 1):
        console.print(figure_tree(number, item))
    console.print()


def figure_tree(number: int, item: Explanation) -> Tree:
    """One figure: the head line, its clause, its frame and the rule behind each field."""
    metric = item.metric
    head = Text(f"[{number}] ", style="dim")
    head.append(metric.text, style=f"bold {kind_colour(metric.kind)}")
    head.append(f"  {metric.kind}  {format_value(metric)}")
    if metric.review:
        head.append(f"  review: {', '.join(metric.review)}", style="yellow")
    tree = Tree(head)
    tree.add(Group(Text("clause  ", style="dim") + Text(item.clause)))
    tree.add(_frame_line(metric))
    fields = tree.add(Text("fields", style="dim"))
    fields.add(_field_line("kind", metric.kind, metric.rule or "?"))
    rules = item.frame.rules if item.frame else {}
    for name in _FIELDS:
        fallback = "table.heading" if item.frame is None else f"{name}.none"  # no rule set it
        fields.add(_field_line(name, getattr(metric, name), rules.get(name, fallback)))
    return tree


def _frame_line(metric: Metric) -> Text:
    line = Text("frame   ", style="dim")
    parts = (
        ("subject", metric.label),
        ("comparison", metric.reference),
        ("time", metric.period),
        ("status", metric.status),
        ("direction", metric.direction),
    )
    for name, value in parts:
        line.append(f"{name}=", style="dim")
        line.append(f"{value if value is not None else '—'}  ")
    return line


def _field_line(name: str, value: object, rule: str) -> Text:
    line = Text(f"{name:<10}", style="bold")
    line.append(f"{value if value is not None else '—'}")
    line.append("  ← ", style="dim")
    line.append(rule, style="yellow" if rule in WEAK_RULES else "cyan")
    if rule in WEAK_RULES:
        line.append("  (weak: check)", style="yellow")
    return line
