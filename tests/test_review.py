"""The terminal review view and the display helpers it shares with the HTML page."""

import re
import unicodedata

import pytest
from rich.console import Console

from vnreport_extract.models import Document, Kind, Metric
from vnreport_extract.review.show import (
    KIND_COLOURS,
    format_change,
    format_number,
    format_total,
    format_value,
    highlighted_text,
    kind_colour,
    place_spans,
    records_table,
    show_document,
    write_html,
)

TEXT = (
    "Doanh thu dịch vụ viễn thông năm 2024 ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023. "
    "Hải Dương đứng thứ 7 toàn quốc; đã kết nối 9/17 hệ thống, tập huấn cho hơn 3.900 cán bộ."
)


def metric_at(text: str, surface: str, kind: str, value: float, **fields) -> Metric:
    """A hand-made metric whose offsets are those of the first `surface` in `text`."""
    start = text.index(surface)
    return Metric(kind=kind, value=value, text=surface, start=start, end=start + len(surface),
                  sentence=text, **fields)


def sample_document() -> Document:
    metrics = [
        metric_at(TEXT, "2.813 tỷ đồng", "money", 2813e9, unit="VND", status="estimate",
                  label="Doanh thu dịch vụ viễn thông", period="2024"),
        metric_at(TEXT, "18%", "change", 18, unit="%", direction="increase", reference="năm 2023"),
        metric_at(TEXT, "thứ 7", "rank", 7, scope="toàn quốc"),
        metric_at(TEXT, "9/17 hệ thống", "ratio", 9, total=17, unit="hệ thống"),
        metric_at(TEXT, "3.900 cán bộ", "count", 3900, unit="cán bộ", qualifier="more_than"),
    ]
    return Document(source="reports/hai-duong.txt", title="Tổng kết năm 2024", published="2025-01",
                    location="Hải Dương", metrics=metrics)


@pytest.mark.parametrize(("value", "expected"), [
    (2813000000000, "2.813.000.000.000"), (2813e9, "2.813.000.000.000"), (103.5, "103,5"),
    (17.25, "17,25"), (0.8, "0,8"), (-0.8, "-0,8"), (7, "7"), (1000, "1.000"), (4300000.0, "4.300.000"),
    (81.62, "81,62"), (None, ""),
])
def test_format_number_vietnamese_style(value, expected):
    assert format_number(value) == expected


def test_format_value_change_total():
    money, change, rank, ratio, count = sample_document().metrics
    assert format_value(money) == "2.813.000.000.000 VND"
    assert format_value(change) == "18%"
    assert format_change(change) == "increase vs năm 2023"
    assert format_total(rank) == "(toàn quốc)"
    assert format_total(ratio) == "of 17"
    assert format_value(count) == "3.900 cán bộ"
    assert format_change(count) == format_total(count) == ""


def test_one_colour_per_kind():
    assert set(KIND_COLOURS) == set(Kind)
    assert len(set(KIND_COLOURS.values())) == len(Kind)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in KIND_COLOURS.values())
    assert kind_colour("money") == KIND_COLOURS[Kind.MONEY]
    assert kind_colour("no-such-kind").startswith("#")


def test_place_spans_orders_and_skips_overlaps_and_out_of_range():
    doc = sample_document()
    first, second = doc.metrics[0], doc.metrics[1]
    overlapping = first.model_copy(update={"start": first.start + 2, "end": first.end + 2, "kind": "count"})
    outside = second.model_copy(update={"start": len(TEXT) - 1, "end": len(TEXT) + 5})
    metrics = [second, first, overlapping, outside]
    placement = place_spans(TEXT, metrics)
    assert placement.kept == [1, 0]
    assert placement.skipped == {2: "overlap", 3: "range"}


def test_highlighted_text_keeps_text_and_colours_each_span():
    doc = sample_document()
    out = highlighted_text(TEXT, doc.metrics)
    assert re.sub(r"\[\d+\]", "", out.plain) == TEXT
    for n, metric in enumerate(doc.metrics, start=1):
        spans = [s for s in out.spans if out.plain[s.start:s.end] == metric.text]
        assert spans, metric.text
        assert kind_colour(metric.kind) in str(spans[0].style)
        assert out.plain[spans[0].end:].startswith(f"[{n}]")


def test_records_table_has_a_row_per_metric_and_drops_empty_columns():
    doc = sample_document()
    table = records_table(doc.metrics)
    assert table.row_count == len(doc.metrics)
    headers = [column.header for column in table.columns]
    assert headers[:3] == ["#", "kind", "text"]
    only_count = records_table(doc.metrics[-1:])
    assert [c.header for c in only_count.columns] == ["#", "kind", "text", "value", "qualifier", "status"]
    narrow = records_table(doc.metrics[-1:], width=80)
    assert [c.header for c in narrow.columns] == ["#", "kind", "value", "qualifier", "status"]


def test_show_document_prints_header_text_legend_and_records():
    doc = sample_document()
    console = Console(record=True, width=200, color_system="truecolor", force_terminal=True)
    show_document(doc, TEXT, console)
    plain = console.export_text(clear=False)
    for needle in ("reports/hai-duong.txt", "Tổng kết năm 2024", "2025-01", "Hải Dương",
                   "2.813.000.000.000 VND", "increase vs năm 2023", "(toàn quốc)", "of 17", "more_than"):
        assert needle in plain, needle
    assert all(f" {kind} " in plain for kind in Kind)  # the legend
    assert "2.813 tỷ đồng[1]" in plain
    styled = console.export_html(inline_styles=True)
    assert KIND_COLOURS[Kind.MONEY] in styled


def test_show_document_normalises_raw_text_and_warns_about_skipped_spans():
    doc = sample_document()
    bad = doc.metrics[0].model_copy(update={"start": 0, "end": len(TEXT) + 10})
    doc = doc.model_copy(update={"metrics": [*doc.metrics, bad]})
    console = Console(record=True, width=200)
    show_document(doc, unicodedata.normalize("NFD", TEXT), console)
    plain = console.export_text()
    assert "thứ 7[3]" in plain
    assert "not highlighted: [6] range" in plain


def test_show_document_without_metrics():
    console = Console(record=True, width=120)
    show_document(Document(source="-"), "Không có số liệu.", console)
    plain = console.export_text()
    assert "Không có số liệu." in plain
    assert "no metrics" in plain


def test_write_html_writes_the_rendered_page(tmp_path):
    path = tmp_path / "review.html"
    write_html([(sample_document(), TEXT)], path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<mark ") == len(sample_document().metrics)
