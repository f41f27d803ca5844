"""HTML review page: documents and their metrics as one standalone page (inline CSS and JS only).

Input: (Document, text) pairs, the text raw or normalised (offsets index `normalize(text)`).
Output: an HTML string. Per document: a header (source, title, published, location), the text with
every metric at its exact offsets as `<mark class="kind-..." data-i="...">`, and its records. Hovering
a mark shows its record as a tooltip; clicking it shows every field in a side panel. A span that
overlaps an earlier one (or lies outside the text) is not highlighted and is listed in the section's
`data-skipped-overlap` / `data-skipped-range` attributes.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from vnreport_extract.extraction.normalize import normalize
from vnreport_extract.models import Document, Kind, Metric
from vnreport_extract.review.show import (
    format_change,
    format_number,
    format_total,
    format_value,
    kind_colour,
    place_spans,
)

_CSS = """
:root { --panel: 380px; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       background: #fafafa; }
main { position: fixed; inset: 0 var(--panel) 0 0; overflow: auto; padding: 0 1.5rem 3rem; }
h1 { font-size: 1.3rem; margin: 0; padding: 1rem 0 .5rem; }
h2 { font-size: 1.1rem; margin: 0 0 .3rem; word-break: break-all; }
.legend { position: sticky; top: 0; z-index: 2; background: #fafafa; padding: .4rem 0;
          border-bottom: 1px solid #ddd; }
.chip { display: inline-block; border: 1px solid #0002; border-radius: 4px; padding: 0 .45rem;
        margin: .1rem .2rem .1rem 0; font-size: .85rem; cursor: pointer; user-select: none; }
.chip.off { opacity: .35; text-decoration: line-through; }
.doc { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 1rem 0; padding: 1rem; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 .8rem; margin: 0 0 .5rem;
        font-size: .9rem; }
.meta dt { color: #666; }
.meta dd { margin: 0; }
.warn { color: #8a5a00; font-size: .9rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border-top: 1px solid #eee; padding-top: .6rem; }
mark { color: inherit; border-radius: 3px; padding: 0 1px; cursor: pointer; scroll-margin-top: 35vh; }
mark:hover, mark:focus { outline: 2px solid #333; }
mark.active { outline: 2px solid #000; box-shadow: 0 0 0 4px #0003; }
mark.mismatch { outline: 2px dashed #c00; }
body.hide-kind mark.off { background: transparent !important; text-decoration: underline dotted #999; }
details.records { margin-top: .8rem; font-size: .85rem; }
table { border-collapse: collapse; }
.records td, .records th, .record td, .record th { border-bottom: 1px solid #eee; padding: .15rem .4rem;
  text-align: left; vertical-align: top; }
.record { width: 100%; table-layout: fixed; }
.record th { color: #555; font-weight: 600; width: 7.5rem; }
.record td { overflow-wrap: anywhere; }
aside { position: fixed; top: 0; right: 0; width: var(--panel); height: 100vh; overflow: auto;
        background: #fff; border-left: 1px solid #ccc; padding: 1rem; font-size: .9rem; }
aside h2 { font-size: 1rem; }
aside .hint { color: #777; }
.store { display: none; }
"""

_JS = """
(function () {
  "use strict";
  var panelBody = document.getElementById("panel-body");
  var active = null;
  function show(mark) {
    var record = document.getElementById("rec-" + mark.dataset.doc + "-" + mark.dataset.i);
    if (!record) { return; }
    if (active) { active.classList.remove("active"); }
    active = mark;
    mark.classList.add("active");
    panelBody.replaceChildren(record.cloneNode(true));
  }
  function showHash() {  // the browser scrolls to the anchor itself
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.matches("mark[data-i]")) { show(target); }
  }
  function toggleKind(chip) {
    var kind = chip.dataset.kind;
    var off = chip.classList.toggle("off");
    document.body.classList.add("hide-kind");
    document.querySelectorAll("mark.kind-" + kind).forEach(function (m) { m.classList.toggle("off", off); });
  }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-i]");
    if (mark) { show(mark); return; }
    var chip = event.target.closest(".chip[data-kind]");
    if (chip) { toggleKind(chip); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("mark[data-i]")) { show(event.target); }
  });
  window.addEventListener("hashchange", showHash);
  showHash();
  document.body.dataset.marks = String(document.querySelectorAll("mark[data-i]").length);
  document.body.dataset.ready = "1";
})();
"""


# Standalone: nothing may be fetched; only the page's own inline style and script run.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def _text(value: str) -> str:
    """Text content, escaped; a carriage return as a reference, which HTML parsing would otherwise drop."""
    return escape(value, quote=False).replace("\r", "&#13;")


def _attr(value: object) -> str:
    """An attribute value, escaped (quotes included)."""
    return escape(str(value), quote=True)


def _field_value(value: object) -> str:
    """A field as shown in the record table: null as an empty cell, floats Vietnamese-style."""
    if value is None:
        return ""
    return format_number(value) if isinstance(value, float) else str(value)


def record_table(doc_index: int, index: int, metric: Metric) -> str:
    """Every field of one metric as a hidden table, cloned into the side panel on click."""
    rows = [("#", str(index + 1)), ("display", format_value(metric))]
    rows += [(name, _field_value(value)) for name, value in metric.model_dump(mode="json").items()]
    cells = "".join(f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>" for name, value in rows)
    return f'<table class="record" id="rec-{doc_index}-{index}">{cells}</table>'


def tooltip(index: int, metric: Metric) -> str:
    """A short multi-line summary of a record for the mark's title attribute."""
    lines = [f"[{index + 1}] {metric.kind}: {format_value(metric)}",
             f"qualifier: {metric.qualifier}, status: {metric.status}"]
    for name, value in (("change", format_change(metric)), ("total/scope", format_total(metric)),
                        ("label", metric.label), ("period", metric.period), ("rule", metric.rule)):
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def mark(doc_index: int, index: int, metric: Metric, text: str) -> str:
    """One highlighted span: `<mark class="kind-..." data-i=...>` around the exact text at its offsets."""
    surface = text[metric.start:metric.end]
    classes = f"kind-{metric.kind}" + ("" if surface == metric.text else " mismatch")
    expected = "" if surface == metric.text else f' data-expected="{_attr(metric.text)}"'
    return (f'<mark class="{classes}" id="m-{doc_index}-{index}" data-doc="{doc_index}" '
            f'data-i="{index}" data-kind="{_attr(metric.kind)}" data-start="{metric.start}" '
            f'data-end="{metric.end}" tabindex="0" title="{_attr(tooltip(index, metric))}"{expected}>'
            f"{_text(surface)}</mark>")


def marked_text(doc_index: int, text: str, metrics: list[Metric], kept: list[int]) -> str:
    """The escaped text with a mark around each kept span."""
    pieces, cursor = [], 0
    for i in kept:
        metric = metrics[i]
        pieces.append(_text(text[cursor:metric.start]))
        pieces.append(mark(doc_index, i, metric, text))
        cursor = metric.end
    pieces.append(_text(text[cursor:]))
    return "".join(pieces)


def document_meta(document: Document) -> str:
    """The header's definition list: title, published, location (and encoding when not UTF-8)."""
    rows = [(name, getattr(document, name)) for name in ("title", "published", "location", "encoding")]
    items = "".join(f"<dt>{name}</dt><dd>{escape(value or '-')}</dd>" for name, value in rows
                    if value or name != "encoding")
    return f'<dl class="meta">{items}</dl>'


def records_list(doc_index: int, metrics: list[Metric], skipped: dict[int, str]) -> str:
    """A collapsible table of all records; each row links to its mark."""
    rows = []
    for i, metric in enumerate(metrics):
        link = (f'<a href="#m-{doc_index}-{i}">{escape(metric.text)}</a>' if i not in skipped
                else f"{escape(metric.text)} <em>(not highlighted: {escape(skipped[i])})</em>")
        cells = [str(i + 1), escape(metric.kind), link, escape(metric.label or ""),
                 escape(format_value(metric)), escape(metric.qualifier), escape(metric.status),
                 escape(format_change(metric)), escape(format_total(metric)), escape(metric.period or "")]
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th>{name}</th>" for name in ("#", "kind", "text", "label", "value", "qualifier",
                                                     "status", "change", "total / scope", "period"))
    return (f'<details class="records"><summary>{len(metrics)} records</summary>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></details>")


def skipped_attributes(skipped: dict[int, str]) -> str:
    """`data-skipped-<reason>="i j"` attributes for the spans that were not highlighted."""
    reasons = sorted(set(skipped.values()))
    return "".join(
        f' data-skipped-{reason}="{" ".join(str(i) for i, r in skipped.items() if r == reason)}"'
        for reason in reasons
    )


def skipped_warning(skipped: dict[int, str]) -> str:
    """A visible note listing metrics that could not be highlighted; empty when none."""
    if not skipped:
        return ""
    listed = ", ".join(f"#{i + 1} ({reason})" for i, reason in skipped.items())
    return f'<p class="warn">Not highlighted: {escape(listed)}</p>'


def document_section(doc_index: int, document: Document, text: str) -> str:
    """One document: header, highlighted text, records list and the hidden record tables."""
    text = normalize(text)
    metrics = document.metrics
    placement = place_spans(text, metrics)
    store = "".join(record_table(doc_index, i, metric) for i, metric in enumerate(metrics))
    return (
        f'<section class="doc" id="doc-{doc_index}" data-doc="{doc_index}" data-metrics="{len(metrics)}"'
        f"{skipped_attributes(placement.skipped)}>"
        f"<header><h2>{escape(document.source)}</h2>{document_meta(document)}"
        f"<div>{len(metrics)} metrics</div>{skipped_warning(placement.skipped)}</header>"
        f'<div class="text" lang="vi">{marked_text(doc_index, text, metrics, placement.kept)}</div>'
        f"{records_list(doc_index, metrics, placement.skipped)}"
        f'<div class="store">{store}</div></section>'
    )


def kind_css() -> str:
    """One background rule per kind, from the shared kind -> colour mapping."""
    return "".join(f"mark.kind-{kind}, .chip.kind-{kind} {{ background: {kind_colour(kind)}; }}\n"
                   for kind in Kind)


def legend(documents: list[tuple[Document, str]]) -> str:
    """Chips for every kind with its count over all documents; clicking one toggles its highlight."""
    counts = Counter(metric.kind for document, _ in documents for metric in document.metrics)
    chips = "".join(f'<span class="chip kind-{kind}" data-kind="{kind}" title="toggle {kind}">'
                    f"{kind} {counts.get(kind, 0)}</span>" for kind in Kind)
    return f'<div class="legend">{chips}</div>'


def render_html(documents: list[tuple[Document, str]]) -> str:
    """The whole standalone review page for the documents."""
    total = sum(len(document.metrics) for document, _ in documents)
    sections = "\n".join(document_section(i, document, text) for i, (document, text) in enumerate(documents))
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>vnextract review: {len(documents)} documents, {total} metrics</title>\n"
        f"<style>{_CSS}{kind_css()}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>vnextract review: {len(documents)} documents, {total} metrics</h1>\n"
        f"{legend(documents)}\n{sections}\n</main>\n"
        '<aside id="panel"><h2>Record</h2><div id="panel-body">'
        '<p class="hint">Click a highlighted figure to see its record.</p></div></aside>\n'
        f"<script>{_JS}</script>\n</body>\n</html>\n"
    )
