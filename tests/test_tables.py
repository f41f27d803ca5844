"""Tables end to end (an HTML page through the CLI; cell offsets) and official document headers.

The rules for single tables are a corpus: tests/corpus/table.toml.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vnreport_extract import extract
from vnreport_extract.cli import app
from vnreport_extract.extraction.normalize import normalize

TABLE_CASES = tomllib.loads((Path(__file__).parent / "corpus" / "table.toml").read_text(encoding="utf-8"))["case"]

HTML_REPORT = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sở Y tế</title></head><body>
<nav>Trang chủ</nav>
<article>
<h1>Kết quả công tác y tế 9 tháng đầu năm 2024</h1>
<p>Trong 9 tháng, toàn ngành đã khám, chữa bệnh cho 1,2 triệu lượt người.</p>
<p>Đơn vị tính: người</p>
<table>
 <thead>
  <tr><th rowspan="2">STT</th><th rowspan="2">Chỉ tiêu</th><th rowspan="2">Năm 2023</th>
      <th colspan="2">Năm 2024</th><th rowspan="2">So sánh với cùng kỳ (%)</th></tr>
  <tr><th>Kế hoạch</th><th>Ước TH</th></tr>
 </thead>
 <tbody>
  <tr><td>1</td><td>Số bác sĩ</td><td>1.820</td><td>1.900</td><td>1.874</td><td>103,0</td></tr>
  <tr><td>2</td><td>Số dược sĩ đại học</td><td>312</td><td>330</td><td>-</td><td>-</td></tr>
 </tbody>
</table>
<p>Tỷ lệ bao phủ bảo hiểm y tế đạt 93,5%.</p>
</article></body></html>
"""


def test_an_html_table_through_the_cli(tmp_path: Path) -> None:
    page = tmp_path / "y-te.html"
    page.write_text(HTML_REPORT, encoding="utf-8")
    result = CliRunner().invoke(app, ["-j", "1", str(page), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout.splitlines()[0])
    got = [(m["kind"], m["value"], m["unit"], m["status"], m["period"], m["label"], m["text"], m["reference"])
           for m in doc["metrics"]]
    sentence_labels_unchecked = [m["rule"].startswith("table.") for m in doc["metrics"]]
    got = [g if table else (*g[:5], None, *g[6:]) for g, table in zip(got, sentence_labels_unchecked, strict=True)]
    assert got == [
        ("count", 1200000, "lượt người", "actual", "2024-01/2024-09", None, "1,2 triệu lượt người", None),
        ("count", 1820, "người", "actual", "2023", "Số bác sĩ", "1.820", None),
        ("count", 1900, "người", "target", "2024", "Số bác sĩ", "1.900", None),
        ("count", 1874, "người", "estimate", "2024", "Số bác sĩ", "1.874", None),
        ("percent", 103, "%", "estimate", "2024", "Số bác sĩ", "103,0", "cùng kỳ"),
        ("count", 312, "người", "actual", "2023", "Số dược sĩ đại học", "312", None),
        ("count", 330, "người", "target", "2024", "Số dược sĩ đại học", "330", None),
        ("percent", 93.5, "%", "actual", "2024", None, "93,5%", None),
    ]
    assert doc["title"] == "Kết quả công tác y tế 9 tháng đầu năm 2024"


@pytest.mark.parametrize("case", TABLE_CASES, ids=[c["text"][:30] for c in TABLE_CASES])
def test_a_cell_is_found_at_its_offsets_and_its_sentence_is_its_row(case: dict) -> None:
    text = normalize(case["text"])
    lines = text.split("\n")
    for metric in extract(case["text"]).metrics:
        assert text[metric.start : metric.end] == metric.text
        if metric.rule and metric.rule.startswith("table."):
            assert metric.sentence in lines and ("\t" in metric.sentence or "|" in metric.sentence)
            assert metric.start >= text.index(metric.sentence)


def test_tabs_change_nothing_in_text_without_a_row_of_figures() -> None:
    prose = "Năm 2024, thu ngân sách đạt 5.200 tỷ đồng.\nSố doanh nghiệp mới là 1.240 doanh nghiệp, tăng 8%."
    tabbed = prose.replace(" đạt", "\tđạt").replace(" là", "\tlà")
    indented = "\t" + prose.replace("\n", "\n\t")
    plain = [(m.kind, m.value, m.unit, m.status, m.period) for m in extract(prose).metrics]
    for variant in (tabbed, indented):
        assert [(m.kind, m.value, m.unit, m.status, m.period) for m in extract(variant).metrics] == plain
    assert len(plain) == 3


# --- official documents ------------------------------------------------------------------------------

TWO_COLUMN_HEADER = """UBND TỈNH HẢI DƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ THÔNG TIN VÀ TRUYỀN THÔNG\tĐộc lập - Tự do - Hạnh phúc
Số: 125/BC-STTTT\tHải Dương, ngày 15 tháng 12 năm 2024

BÁO CÁO
Tình hình phát triển bưu chính, viễn thông năm 2024
và phương hướng, nhiệm vụ năm 2025

Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2024 của UBND tỉnh, Sở báo cáo như sau:
Năm 2024, doanh thu bưu chính, viễn thông đạt 5.230 tỷ đồng, tăng 9,5% so với năm 2023.
"""

STACKED_HEADER = """ỦY BAN NHÂN DÂN
TỈNH NINH BÌNH
-------
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
---------------
Số: 87/BC-UBND
Ninh Bình, ngày 20 tháng 6 năm 2025
BÁO CÁO
KẾT QUẢ SẢN XUẤT NÔNG NGHIỆP 6 THÁNG ĐẦU NĂM 2025
(Tài liệu phục vụ kỳ họp thứ 22 HĐND tỉnh)
I. KẾT QUẢ ĐẠT ĐƯỢC
Tổng diện tích lúa vụ đông xuân đạt 38.500 ha.
"""

MERGED_LINES_HEADER = """BỘ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
CỤC QUẢN LÝ KHÁM, CHỮA BỆNH Độc lập - Tự do - Hạnh phúc
Số: 1520/KCB-NV Hà Nội, ngày 03 tháng 10 năm 2024
KẾ HOẠCH
Kiểm tra chất lượng bệnh viện năm 2024
Thực hiện chỉ đạo của Bộ trưởng, Cục xây dựng kế hoạch kiểm tra 120 bệnh viện.
"""

DRAFT_HEADER = """SỞ CÔNG THƯƠNG TỈNH BẮC NINH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
\tĐộc lập - Tự do - Hạnh phúc
Số:      /BC-SCT\tBắc Ninh, ngày      tháng 11 năm 2024
DỰ THẢO
BÁO CÁO
Tình hình sản xuất công nghiệp 10 tháng năm 2024
Chỉ số sản xuất công nghiệp tăng 7,2% so với cùng kỳ.
"""


@pytest.mark.parametrize(
    ("text", "expected", "figures"),
    [
        (
            TWO_COLUMN_HEADER,
            ("BÁO CÁO Tình hình phát triển bưu chính, viễn thông năm 2024 và phương hướng, nhiệm vụ năm 2025",
             "2024-12-15", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "125/BC-STTTT"),
            ["5.230 tỷ đồng", "9,5%"],
        ),
        (
            STACKED_HEADER,
            ("BÁO CÁO KẾT QUẢ SẢN XUẤT NÔNG NGHIỆP 6 THÁNG ĐẦU NĂM 2025", "2025-06-20",
             "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", "87/BC-UBND"),
            ["38.500 ha"],
        ),
        (
            MERGED_LINES_HEADER,
            ("KẾ HOẠCH Kiểm tra chất lượng bệnh viện năm 2024", "2024-10-03", "CỤC QUẢN LÝ KHÁM, CHỮA BỆNH",
             "1520/KCB-NV"),
            ["120 bệnh viện"],
        ),
        (
            DRAFT_HEADER,
            ("BÁO CÁO Tình hình sản xuất công nghiệp 10 tháng năm 2024", "2024-11", "SỞ CÔNG THƯƠNG TỈNH BẮC NINH",
             "/BC-SCT"),
            ["7,2%"],
        ),
    ],
    ids=["two-column", "stacked", "merged-lines", "draft"],
)
def test_official_header(text: str, expected: tuple, figures: list[str]) -> None:
    doc = extract(text)
    assert (doc.title, doc.published, doc.agency, doc.document_number) == expected
    assert [m.text for m in doc.metrics] == figures  # the number line and the date are no figures


def test_a_news_text_naming_the_republic_is_no_official_document() -> None:
    text = (
        "Kỷ niệm 79 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam\n"
        "Ngày 2/9/2024, tỉnh tổ chức lễ mít tinh với hơn 2.000 người tham dự.\n"
    )
    doc = extract(text)
    assert (doc.agency, doc.document_number) == (None, None)
    assert doc.title == "Kỷ niệm 79 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam"


# --- tables through the Word, PDF and Excel readers ----------------------------------------------------

AGRICULTURE = [
    ("STT", "Chỉ tiêu", "ĐVT", ("Năm 2024", 2), "So sánh (%)"),
    ("^", "^", "^", "Kế hoạch", "Ước TH", "^"),
    ("1", "Sản lượng lúa", "nghìn tấn", "612", "618,4", "101,0"),
    ("", "Trong đó: lúa chất lượng cao", "nghìn tấn", "350", "372,5", "106,4"),
    ("2", "Diện tích cây ăn quả", "ha", "21.500", "-", "-"),
]
AGRICULTURE_EXPECTED = [
    ("measure", 612000, "tấn", "target", "2024", "Sản lượng lúa", "612", None),
    ("measure", 618400, "tấn", "estimate", "2024", "Sản lượng lúa", "618,4", None),
    ("percent", 101, "%", "estimate", "2024", "Sản lượng lúa", "101,0", "Kế hoạch"),
    ("measure", 350000, "tấn", "target", "2024", "lúa chất lượng cao", "350", None),
    ("measure", 372500, "tấn", "estimate", "2024", "lúa chất lượng cao", "372,5", None),
    ("percent", 106.4, "%", "estimate", "2024", "lúa chất lượng cao", "106,4", "Kế hoạch"),
    ("measure", 21500, "ha", "target", "2024", "Diện tích cây ăn quả", "21.500", None),
]


def _table_records(path: Path) -> list[tuple]:
    result = CliRunner().invoke(app, ["-j", "1", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout.splitlines()[0])
    return [(m["kind"], m["value"], m["unit"], m["status"], m["period"], m["label"], m["text"], m["reference"])
            for m in doc["metrics"] if m["rule"].startswith("table.")]


def test_a_word_table_with_merged_heading_cells(tmp_path: Path) -> None:
    pytest.importorskip("docx", reason="python-docx is not installed (the docx extra)")
    from office_files import Table, make_docx

    path = make_docx(tmp_path / "nong-nghiep.docx", ["Kết quả sản xuất nông nghiệp năm 2024", Table(AGRICULTURE, 2)])
    assert _table_records(path) == AGRICULTURE_EXPECTED


def test_a_pdf_table_over_two_pages_repeats_its_heading_and_is_read_once(tmp_path: Path) -> None:
    from office_files import Table, fonts_missing, make_pdf

    if fonts_missing():
        pytest.skip(fonts_missing())
    heading = ("STT", "Chỉ tiêu", "ĐVT", "Năm 2023", "Năm 2024")
    rows = [(str(i), f"Số trạm BTS khu vực {i}", "trạm", str(100 + i), str(120 + i)) for i in range(1, 46)]
    intro = "Số trạm thu phát sóng di động (BTS) theo khu vực:"
    path = make_pdf(tmp_path / "vien-thong.pdf", [intro, Table([heading, *rows], widths=(12, 70, 25, 30, 30))])
    records = _table_records(path)
    assert len(records) == 2 * len(rows)  # the heading repeated on page 2 gives no figure
    assert records[0] == ("count", 101, "trạm", "actual", "2023", "Số trạm BTS khu vực 1", "101", None)
    assert records[-1] == ("count", 165, "trạm", "actual", "2024", "Số trạm BTS khu vực 45", "165", None)


def test_an_excel_sheet_with_a_unit_note_and_a_merged_heading(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl", reason="openpyxl is not installed (the xlsx extra)")
    from office_files import make_xlsx

    rows = [
        ["Đơn vị tính: tỷ đồng"],
        [],
        ["Chỉ tiêu", "Năm 2024", None, "Tăng/giảm (%)"],
        [None, "Dự toán", "Thực hiện", None],
        ["Chi đầu tư phát triển", 4200, 4515.5, 7.5],
        ["Chi thường xuyên", 6100, 5980, -2],
    ]
    path = make_xlsx(tmp_path / "ngan-sach.xlsx", {"Chi NS": rows}, merged=["B3:C3", "A3:A4", "D3:D4"])
    assert _table_records(path) == [
        ("money", 4200000000000, "VND", "target", "2024", "Chi đầu tư phát triển", "4200", None),
        ("money", 4515500000000, "VND", "actual", "2024", "Chi đầu tư phát triển", "4515,5", None),
        ("change", 7.5, "%", "actual", "2024", "Chi đầu tư phát triển", "7,5", "Dự toán"),
        ("money", 6100000000000, "VND", "target", "2024", "Chi thường xuyên", "6100", None),
        ("money", 5980000000000, "VND", "actual", "2024", "Chi thường xuyên", "5980", None),
        ("change", 2, "%", "actual", "2024", "Chi thường xuyên", "-2", "Dự toán"),
    ]


def test_the_agency_and_number_are_columns_of_the_csv(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.txt"
    path.write_text(TWO_COLUMN_HEADER, encoding="utf-8")
    result = CliRunner().invoke(app, ["-j", "1", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert {(row["agency"], row["document_number"]) for row in rows} == {("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "125/BC-STTTT")}
    assert len(rows) == 2
