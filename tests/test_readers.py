"""Readers of PDF, Word and Excel files: the text view (paragraphs, tables one row a line), pages, bad files.

Every file is built here (tests/office_files.py); the PDFs need the DejaVu fonts (fonts-dejavu-core).
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from office_files import Filler, Ragged, Scan, Table, fonts_missing, make_docx, make_pdf, make_xlsx

from vnreport_extract.errors import ReadError
from vnreport_extract.extraction.normalize import normalize
from vnreport_extract.read import ocr
from vnreport_extract.read.text import read_text

needs_fonts = pytest.mark.skipif(fonts_missing() is not None, reason=str(fonts_missing()))

GDP = (
    "Tổng sản phẩm trên địa bàn tỉnh (GRDP) năm 2024 ước tăng 7,2% so với năm 2023, trong đó khu vực công "
    "nghiệp và xây dựng tăng 9,8%; khu vực dịch vụ tăng 6,1%. Thu ngân sách nhà nước đạt 12.450 tỷ đồng, "
    "bằng 104% dự toán."
)
TRADE = (
    "Kim ngạch xuất khẩu hàng hóa cả năm ước đạt 5.320 triệu USD, tăng 12,4% so với cùng kỳ; nhập khẩu đạt "
    "4.110 triệu USD, tăng 8,7%. Tổng vốn đầu tư toàn xã hội thực hiện đạt 98.500 tỷ đồng, tăng 10,2% so "
    "với năm trước, trong đó vốn đầu tư trực tiếp nước ngoài giải ngân đạt 1.150 triệu USD."
)
HEADER = "UBND TỈNH QUẢNG NINH - Báo cáo số 12/BC-UBND"
HEADING = ("STT", "Chỉ tiêu", "Năm 2023", "Năm 2024", "So sánh (%)")
PRODUCTS = [
    (str(i), f"Sản phẩm số {i}", f"{1000 + i * 37:,}".replace(",", "."), f"{1100 + i * 41:,}".replace(",", "."),
     f"{100 + i % 9},{i % 10}")
    for i in range(1, 60)
]
TWO_ROW_HEADING = [
    ("Chỉ tiêu", ("Năm 2023", 2), ("Năm 2024", 2)),
    ("", "Quý I", "Quý II", "Quý I", "Quý II"),
    ("Doanh thu (tỷ đồng)", "120,5", "130,2", "140,8", "151,0"),
]
SCANNED = ["BÁO CÁO NHANH", "Sản lượng lúa đạt 1.250 nghìn tấn, tăng 3,5%.", "Doanh thu du lịch đạt 4.820 tỷ đồng."]


def view(path: Path, ocr_pages: bool = False) -> str:
    return read_text(str(path), 10_000_000, ocr=ocr_pages).text


def run_cli(*arguments: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "vnreport_extract", *arguments]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four pages: a paragraph, a 59-row table over pages 1-2 (heading repeated), a paragraph cut by the
    break from page 3 to page 4; a running header and `Trang n/4` footers on every page."""
    if fonts_missing():
        pytest.skip(fonts_missing())
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    return make_pdf(path, [GDP, Table([HEADING, *PRODUCTS], widths=(10, 60, 30, 30, 30)), Filler(255), TRADE],
                    header=HEADER)


# --- PDF -----------------------------------------------------------------------------------------


def test_pdf_paragraph_lines_are_joined(report_pdf: Path) -> None:
    text = view(report_pdf)
    assert text.startswith(GDP + "\n\n")


def test_pdf_running_header_and_page_numbers_are_left_out(report_pdf: Path) -> None:
    text = view(report_pdf)
    assert "UBND" not in text and "Trang" not in text
    assert not any(line.strip().isdigit() for line in text.splitlines())


def test_pdf_table_is_one_row_a_line_continued_over_the_page_without_its_repeated_heading(report_pdf: Path) -> None:
    text = view(report_pdf)
    rows = ["\t".join(row) for row in [HEADING, *PRODUCTS]]
    table = "\n".join(rows)
    assert table in text
    assert text.count("Năm 2023") == 1


def test_pdf_sentence_cut_by_a_page_break_is_joined(report_pdf: Path) -> None:
    assert "\n\n" + TRADE in view(report_pdf)


def test_pdf_metrics_carry_their_page(report_pdf: Path) -> None:
    done = run_cli(str(report_pdf))
    document = json.loads(done.stdout)
    text = normalize(view(report_pdf))
    pages = {metric["text"]: metric["page"] for metric in document["metrics"]}
    assert document["reader"] == "pdf"
    assert pages["7,2%"] == 1
    assert pages["5.320 triệu USD"] == 3  # the cut sentence starts on page 3 ...
    assert pages["1.150 triệu USD"] == 4  # ... and ends on page 4
    assert all(text[metric["start"]:metric["end"]] == metric["text"] for metric in document["metrics"])


def test_pdf_exported_by_libreoffice_from_word() -> None:
    """A committed Word export (tests/fixtures/pdf/make_libreoffice_report.py says how it was made)."""
    fixtures = Path(__file__).parent / "fixtures" / "pdf"
    maker = importlib.util.spec_from_file_location("maker", fixtures / "make_libreoffice_report.py")
    made = importlib.util.module_from_spec(maker)
    maker.loader.exec_module(made)
    spec = {"HEADER": made.HEADER, "PARAGRAPHS": made.PARAGRAPHS}
    read = read_text(str(fixtures / "libreoffice-report.pdf"), 10_000_000)
    blocks = read.text.split("\n\n")
    assert blocks[0] == "\n".join("\t".join(pair) for pair in spec["HEADER"])
    assert blocks[1:3] == ["BÁO CÁO", "Tình hình kinh tế - xã hội 11 tháng năm 2024"]
    paragraphs = [block for block in blocks[3:] if "\t" not in block]
    assert paragraphs == spec["PARAGRAPHS"] * 4  # indented, justified, bold starts, cut by page breaks
    (table,) = [block for block in blocks if block.startswith("Chỉ tiêu\t")]
    rows = table.split("\n")
    assert rows[:2] == ["Chỉ tiêu\tNăm 2023\t\tNăm 2024\t", "\tKH\tTH\tKH\tƯớc TH"]
    assert rows[2:] == [
        f"Chỉ tiêu kinh tế số {n + 1} có tên khá dài để xuống dòng\t{1000 + n * 13}\t{1010 + n * 13}\t"
        f"{1100 + n * 17}\t{1120 + n * 17}"
        for n in range(45)
    ]  # six-line labels one cell, rows cut by page breaks whole, the repeated heading dropped
    assert "Trang" not in read.text
    assert len(read.pages) == 9 and read.pages == tuple(sorted(read.pages))


@needs_fonts
def test_pdf_bold_runs_tight_lines_and_list_items(tmp_path: Path) -> None:
    from fpdf import FPDF
    from office_files import BOLD, FONT

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(BOLD))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    styled = ("**Về công nghiệp**, chỉ số sản xuất toàn ngành ước tăng **9,3%** so với cùng kỳ; giá trị sản xuất "
              "đạt **41.200 tỷ đồng**, trong đó công nghiệp chế biến chiếm 82,5%.")
    pdf.multi_cell(0, 4.2, styled, markdown=True, align="J")  # line height barely above the font size
    pdf.ln(2)
    items = ["- Sản lượng điện đạt 2.140 triệu kWh, tăng 6,8%.", "- Xi măng đạt 3,6 triệu tấn.",
             "+ Trong đó xi măng xuất khẩu 1,2 triệu tấn, chiếm 33,3% tổng sản lượng, tiêu thụ chủ yếu ở thị "
             "trường Philippines và Bangladesh."]
    pdf.multi_cell(0, 4.2, "\n".join(items))
    pdf.output(str(tmp_path / "styled.pdf"))
    plain = styled.replace("**", "")
    assert view(tmp_path / "styled.pdf") == "\n\n".join([plain, *items])


@needs_fonts
def test_pdf_heading_over_two_rows_keeps_its_columns_and_a_wrapped_cell_is_one_cell(tmp_path: Path) -> None:
    text = view(make_pdf(tmp_path / "t.pdf", [Table(TWO_ROW_HEADING, heading_rows=2)], footer=False))
    assert text.splitlines() == [
        "Chỉ tiêu\tNăm 2023\t\tNăm 2024\t",
        "\tQuý I\tQuý II\tQuý I\tQuý II",
        "Doanh thu (tỷ đồng)\t120,5\t130,2\t140,8\t151,0",
    ]


@needs_fonts
def test_pdf_scanned_page_is_refused_in_words_naming_the_page(tmp_path: Path) -> None:
    mixed = make_pdf(tmp_path / "mixed.pdf", ["Doanh thu tăng 5%.", Scan(SCANNED)])
    read = read_text(str(mixed), 10_000_000)
    assert read.text == "Doanh thu tăng 5%."
    assert read.warnings == ("page 2: no text layer: scanned page? use --ocr",)
    scan = make_pdf(tmp_path / "scan.pdf", [Scan(SCANNED)], footer=False)
    with pytest.raises(ReadError, match=r"^page 1: no text layer: scanned page\? use --ocr$"):
        read_text(str(scan), 10_000_000)
    done = run_cli(str(mixed), str(scan), "-q", "--format", "jsonl")
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records[1] == {"source": str(scan), "error": "page 1: no text layer: scanned page? use --ocr"}
    loud = run_cli(str(mixed), str(scan), "--format", "jsonl")
    assert f"vnextract: {mixed}: page 2: no text layer: scanned page? use --ocr" in loud.stderr.splitlines()


@needs_fonts
@pytest.mark.skipif(not ocr.available(), reason=f"tesseract with Vietnamese data is not installed ({ocr.INSTALL})")
def test_pdf_scanned_page_is_read_with_ocr(tmp_path: Path) -> None:
    scan = make_pdf(tmp_path / "scan.pdf", [Scan(SCANNED)], footer=False)
    read = read_text(str(scan), 10_000_000, ocr=True)
    assert read.reader == "pdf+ocr" and read.warnings == ()
    for figure in ("1.250 nghìn tấn", "3,5%", "4.820 tỷ đồng"):
        assert figure in read.text
    document = json.loads(run_cli(str(scan), "--ocr").stdout)
    assert document["reader"] == "pdf+ocr"
    assert {"3,5%", "4.820 tỷ đồng"} <= {metric["text"] for metric in document["metrics"]}


@needs_fonts
def test_bad_pdfs_are_one_error_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    from fpdf import FPDF

    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.output(str(tmp_path / "a-locked.pdf"))
    good = make_pdf(tmp_path / "b-good.pdf", [GDP])
    (tmp_path / "c-cut.pdf").write_bytes(good.read_bytes()[:300])
    (tmp_path / "d-empty.pdf").write_bytes(b"")
    (tmp_path / "e-fake.pdf").write_bytes(b"Doanh thu 5%")
    done = run_cli(str(tmp_path), "--format", "jsonl")
    records = {Path(record["source"]).name: record for record in map(json.loads, done.stdout.splitlines())}
    assert records["a-locked.pdf"]["error"] == "encrypted PDF: it needs a password"
    assert records["c-cut.pdf"]["error"] == "corrupt PDF: cannot be opened"
    assert records["d-empty.pdf"]["error"] == "file is empty"
    assert records["e-fake.pdf"]["error"] == "not a PDF file (no %PDF header)"
    assert records["b-good.pdf"]["metrics"]
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 5  # four error lines and the summary


# --- Word ----------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_body_order_merged_cells_read_once(tmp_path: Path) -> None:
    units = Table([("Chỉ tiêu", "ĐVT", "2024"), ("Lúa", "nghìn tấn", "1.250"), ("^", "tấn/ha", "6,1")])
    path = make_docx(tmp_path / "r.docx", ["BÁO CÁO", GDP, Table(TWO_ROW_HEADING), units, TRADE], header=HEADER)
    read = read_text(str(path), 10_000_000)
    assert read.reader == "docx"
    assert read.text == "\n\n".join([
        "BÁO CÁO",
        GDP,
        "Chỉ tiêu\tNăm 2023\t\tNăm 2024\t\n\tQuý I\tQuý II\tQuý I\tQuý II\n"
        "Doanh thu (tỷ đồng)\t120,5\t130,2\t140,8\t151,0",
        "Chỉ tiêu\tĐVT\t2024\nLúa\tnghìn tấn\t1.250\n\ttấn/ha\t6,1",
        TRADE,
    ])


def test_bad_word_files_are_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (tmp_path / "cut.docx").write_bytes(make_docx(tmp_path / "x.docx", [GDP]).read_bytes()[:200])
    with pytest.raises(ReadError, match=r"^old binary Word \.doc file: convert it to \.docx"):
        read_text(str(tmp_path / "old.doc"), 10_000)
    with pytest.raises(ReadError, match=r"^corrupt Word file"):
        read_text(str(tmp_path / "cut.docx"), 10_000)
    with pytest.raises(ReadError, match=r"^no text in the Word file$"):
        read_text(str(make_docx(tmp_path / "blank.docx", [""])), 100_000)


# --- Excel ---------------------------------------------------------------------------------------


def test_xlsx_sheets_and_their_tables(tmp_path: Path) -> None:
    sheets = {
        "Biểu 01": [
            ("Biểu 01: Sản xuất nông nghiệp",), ("Đơn vị tính: nghìn tấn",), (),
            ("Chỉ tiêu", "Năm 2024", None, "Tỷ lệ"), (None, "Kế hoạch", "Thực hiện"), ("Lúa", 1200, 1250.5, 0.042),
        ],
        "Biểu 02": [(None, "Chỉ tiêu", "2024"), (None, "Khách", 4820)],
    }
    path = make_xlsx(tmp_path / "r.xlsx", sheets, merged=["B4:C4"], percent_cells=["D6"])
    read = read_text(str(path), 10_000_000)
    assert read.reader == "xlsx"
    assert read.text == "\n\n".join([
        "Biểu 01", "Biểu 01: Sản xuất nông nghiệp", "Đơn vị tính: nghìn tấn",
        "Chỉ tiêu\tNăm 2024\t\tTỷ lệ\n\tKế hoạch\tThực hiện\t\nLúa\t1200\t1250,5\t4,2%",
        "Biểu 02", "Chỉ tiêu\t2024\nKhách\t4820",
    ])


# --- Every format --------------------------------------------------------------------------------


@needs_fonts
def test_every_format_offsets_index_the_view_printed_by_text(tmp_path: Path) -> None:
    files = [
        make_pdf(tmp_path / "a.pdf", [GDP, TRADE]),
        make_docx(tmp_path / "b.docx", [GDP, Table(TWO_ROW_HEADING), TRADE]),
        make_xlsx(tmp_path / "c.xlsx", {"Tóm tắt": [(GDP,), (TRADE,)]}),
    ]
    for path in files:
        printed = run_cli(str(path), "--text").stdout
        document = json.loads(run_cli(str(path)).stdout)
        assert len(document["metrics"]) >= 8, path
        for metric in document["metrics"]:
            assert printed[metric["start"]:metric["end"]] == metric["text"]


@needs_fonts
def test_documents_on_stdin_are_recognised_by_their_bytes(tmp_path: Path) -> None:
    for path in (make_pdf(tmp_path / "a.pdf", [GDP]), make_docx(tmp_path / "b.docx", [GDP])):
        assert read_text("-", 10_000_000, data=path.read_bytes()).text == GDP


# --- News pages ----------------------------------------------------------------------------------

NEWS = Path(__file__).parent / "fixtures" / "news"
NEWS_PAGES = json.loads((NEWS / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(NEWS_PAGES))
def test_news_page_gives_only_the_article(name: str) -> None:
    from vnreport_extract import extract

    want = NEWS_PAGES[name]
    read = read_text(str(NEWS / f"{name}.html"), 1_000_000)
    assert read.reader == "html"
    assert all(figure in read.text for figure in want["figures"])
    assert not any(item in read.text for item in want["furniture"])
    assert not any(word in read.text for word in ("lượt xem", "Bình luận", "Giấy phép", "Hotline", "Thích"))
    assert extract(read.text, source=name).title == want["title"]
    if want["has_table"]:
        assert sum(1 for line in read.text.splitlines() if line.count("\t") == 2) >= 3


# --- The view read further: official headers, --show --------------------------------------------


@needs_fonts
def test_official_header_of_a_pdf_is_laid_out_in_two_columns_and_read(tmp_path: Path) -> None:
    from fpdf import FPDF
    from office_files import BOLD, FONT

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(BOLD))
    pdf.add_page()
    header = [("SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("TỈNH BÌNH ĐỊNH", "Độc lập - Tự do - Hạnh phúc"),
              ("Số: 1184/BC-SCT", "Bình Định, ngày 15 tháng 11 năm 2024")]
    for left, right in header:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(70, 6, left, align="C")
        pdf.cell(0, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for line in ("BÁO CÁO", "Tình hình sản xuất công nghiệp 10 tháng năm 2024"):
        pdf.cell(0, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, "Chỉ số sản xuất công nghiệp 10 tháng ước tăng 8,4% so với cùng kỳ; giá trị sản xuất "
                   "đạt 62.300 tỷ đồng, bằng 83% kế hoạch năm.", align="J")
    pdf.output(str(tmp_path / "bao-cao.pdf"))
    assert view(tmp_path / "bao-cao.pdf").startswith("\n".join("\t".join(pair) for pair in header) + "\n\n")
    document = json.loads(run_cli(str(tmp_path / "bao-cao.pdf")).stdout)
    assert document["published"] == "2024-11-15"
    assert {"8,4%", "62.300 tỷ đồng", "83%"} <= {metric["text"] for metric in document["metrics"]}


def test_show_and_eval_read_word_files(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "r.docx", [GDP, Table(TWO_ROW_HEADING)])
    shown = run_cli(str(path), "--show")
    assert "Doanh thu (tỷ đồng)" in shown.stdout and "12.450 tỷ đồng[4]" in shown.stdout
    document = json.loads(run_cli(str(path)).stdout)
    gold = tmp_path / "gold.jsonl"
    record = {"doc": path.name, "metrics": document["metrics"]}
    gold.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    scored = json.loads(run_cli(str(path), "--eval", str(gold), "--json").stdout)
    assert scored["found_f1"] == 1.0


# --- Legacy fonts --------------------------------------------------------------------------------


@needs_fonts
@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_files_typed_in_legacy_fonts_are_converted(tmp_path: Path, encoding: str) -> None:
    from vnreport_extract.read.legacy import to_legacy

    legacy = [to_legacy(text, encoding) for text in (GDP, TRADE)]
    document = make_docx(tmp_path / "r.docx", [legacy[0], Table([[to_legacy("Chỉ tiêu", encoding), "2024"]]),
                                               legacy[1]])
    read = read_text(str(document), 10_000_000)
    assert read.encoding == encoding
    assert read.text == f"{GDP}\n\nChỉ tiêu\t2024\n\n{TRADE}"
    pdf = make_pdf(tmp_path / "r.pdf", [Ragged(legacy[0]), Filler(255), Ragged(legacy[1])])
    read = read_text(str(pdf), 10_000_000)
    assert (read.text, read.encoding) == (f"{GDP}\n\n{TRADE}", encoding)
    # page starts follow the conversion (a VNI letter is up to two codes): page 2 starts with its paragraph,
    # page 3 (the paragraph's last line or two) at a word
    assert read.text[read.pages[1]:].startswith("Kim ngạch") and len(read.pages) == 3
    assert read.text[read.pages[2] - 1] == " " and TRADE.endswith(read.text[read.pages[2]:])
    metrics = json.loads(run_cli(str(pdf)).stdout)["metrics"]
    pages = {metric["text"]: metric["page"] for metric in metrics}
    assert pages["12.450 tỷ đồng"] == 1 and pages["5.320 triệu USD"] == 2


def test_html_table_spans_keep_their_columns(tmp_path: Path) -> None:
    lead = "Kim ngạch xuất khẩu nông sản 9 tháng đạt 40 tỷ USD, tăng 20% so với cùng kỳ năm trước, theo Bộ Nông nghiệp."
    page = (
        "<html><head><title>Xuất khẩu nông sản</title></head><body><nav>Trang chủ | Kinh tế 24h</nav><article>"
        f"<h1>Xuất khẩu nông sản 9 tháng tăng mạnh</h1><p>{lead}</p><table>"
        "<tr><th rowspan=2>Mặt hàng</th><th colspan=2>Năm 2023</th><th colspan=2>Năm 2024</th></tr>"
        "<tr><th>Quý I</th><th>Quý II</th><th>Quý I</th><th>Quý II</th></tr>"
        "<tr><td>Gạo</td><td>1,2</td><td>1,3</td><td>1,5</td><td>1,6</td></tr></table>"
        "<p>Giá gạo xuất khẩu bình quân đạt 620 USD/tấn, tăng 8%, mức cao nhất trong nhiều năm.</p></article></body></html>"
    )
    text = view(Path(write_file(tmp_path / "a.html", page.encode())))
    assert "\n\nMặt hàng\tNăm 2023\t\tNăm 2024\t\n\tQuý I\tQuý II\tQuý I\tQuý II\nGạo\t1,2\t1,3\t1,5\t1,6\n\n" in text
    assert text.startswith(f"Xuất khẩu nông sản 9 tháng tăng mạnh\n\n{lead}")


def test_bad_excel_files_are_refused_in_one_line(tmp_path: Path) -> None:
    good = make_xlsx(tmp_path / "good.xlsx", {"Biểu": [("Chỉ tiêu", "2024"), ("Lúa", 1250)]})
    write_file(tmp_path / "cut.xlsx", good.read_bytes()[:300])
    write_file(tmp_path / "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(ReadError, match=r"^corrupt Excel file"):
        read_text(str(tmp_path / "cut.xlsx"), 10_000)
    with pytest.raises(ReadError, match=r"^old binary Excel \.xls file: convert it to \.xlsx"):
        read_text(str(tmp_path / "old.xls"), 10_000)


def write_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_word_file_mixing_unicode_and_legacy_fonts(tmp_path: Path) -> None:
    import docx

    from vnreport_extract.read.legacy import to_legacy

    document = docx.Document()
    for text, font in [("báo cáo nhanh", ".VnTimeH"), (GDP, None), (TRADE, ".VnTime"),
                       ("Sản lượng điện đạt 2.140 triệu kWh, tăng 6,8%.", "VNI-Times")]:
        encoding = {".VnTimeH": "TCVN3", ".VnTime": "TCVN3", "VNI-Times": "VNI"}.get(font or "")
        run = document.add_paragraph().add_run(to_legacy(text, encoding) if encoding else text)
        if font:
            run.font.name = font
    document.save(str(tmp_path / "mixed.docx"))
    read = read_text(str(tmp_path / "mixed.docx"), 10_000_000)
    assert read.text == "\n\n".join(["BÁO CÁO NHANH", GDP, TRADE, "Sản lượng điện đạt 2.140 triệu kWh, tăng 6,8%."])
