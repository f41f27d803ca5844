"""The HTML review page: structure checked with html.parser, rendering checked in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from vnreport_extract.extraction.normalize import normalize
from vnreport_extract.extraction.pipeline import extract
from vnreport_extract.models import Document, Kind, Metric
from vnreport_extract.review.html import render_html
from vnreport_extract.review.show import KIND_COLOURS, place_spans, write_html

SHARED = Path(__file__).resolve().parents[2] / "shared"
NO_SHARED = "../shared (corpus and gold) is not next to this checkout"

TEXT = (
    'Báo cáo <tổng kết> & "năm 2024" của <script>alert(1)</script> Sở\r\n\n'
    "Doanh thu dịch vụ viễn thông năm 2024 ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023. "
    "Hải Dương đứng thứ 7 toàn quốc; đã kết nối 9/17 hệ thống, tập huấn cho hơn 3.900 cán bộ, "
    "đạt 108 thuê bao trên 100 dân, gấp 1,5 lần, trên 2.100 ha & <b>95%</b> hồ sơ."
)


def metric_at(text: str, surface: str, kind: str, value: float, **fields) -> Metric:
    """A hand-made metric whose offsets are those of the first `surface` in `text`."""
    start = text.index(surface)
    return Metric(kind=kind, value=value, text=surface, start=start, end=start + len(surface),
                  sentence=text, **fields)


def sample_document(text: str = TEXT) -> Document:
    metrics = [
        metric_at(text, "2.813 tỷ đồng", "money", 2813e9, unit="VND", status="estimate",
                  label="Doanh thu <dịch vụ> \"viễn thông\"", period="2024"),
        metric_at(text, "18%", "change", 18, unit="%", direction="increase", reference="năm 2023"),
        metric_at(text, "thứ 7", "rank", 7, scope="toàn quốc"),
        metric_at(text, "9/17 hệ thống", "ratio", 9, total=17, unit="hệ thống"),
        metric_at(text, "3.900 cán bộ", "count", 3900, unit="cán bộ", qualifier="more_than"),
        metric_at(text, "108 thuê bao trên 100 dân", "rate", 108, unit="thuê bao/100 dân"),
        metric_at(text, "1,5 lần", "multiple", 1.5, unit="lần"),
        metric_at(text, "2.100 ha", "measure", 2100, unit="ha"),
        metric_at(text, "95%", "percent", 95, unit="%"),
    ]
    return Document(source='reports/<b>"hai-duong"</b>.txt', title="Tổng kết <năm> 2024 & 2025",
                    published="2025-01", location="Hải Dương", metrics=metrics)


# --- parsing the page ---------------------------------------------------------------------------------


@dataclass
class Mark:
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Section:
    attrs: dict[str, str]
    text: str = ""
    marks: list[Mark] = field(default_factory=list)


class PageParser(HTMLParser):
    """Collects sections, the text of each `div.text` (marks included), marks, scripts and record tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.scripts: list[str] = []
        self.record_ids: list[str] = []
        self.body: dict[str, str] = {}
        self.tags: list[str] = []
        self._in_text = 0
        self._mark: Mark | None = None
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "body":
            self.body = a
        elif tag == "section":
            self.sections.append(Section(a))
        elif tag == "div" and "text" in a.get("class", "").split():
            self._in_text = 1
        elif self._in_text and tag == "div":
            self._in_text += 1
        elif tag == "mark" and self._in_text:
            self._mark = Mark(a)
            self.sections[-1].marks.append(self._mark)
        elif tag == "script":
            self._in_script = True
            self.scripts.append("")
        elif tag == "table" and a.get("class") == "record":
            self.record_ids.append(a["id"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._mark = None
        elif tag == "div" and self._in_text:
            self._in_text -= 1
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        if self._in_text:
            self.sections[-1].text += data
        if self._mark is not None:
            self._mark.text += data


def parse_page(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def check_document(section: Section, document: Document, text: str) -> None:
    """The section shows the whole normalised text, and every placeable metric as a mark at its offsets."""
    text = normalize(text)
    assert section.text == text
    placement = place_spans(text, document.metrics)
    marks = {int(mark.attrs["data-i"]): mark for mark in section.marks}
    assert sorted(marks) == sorted(placement.kept)
    for i in placement.kept:
        metric, mark = document.metrics[i], marks[i]
        assert mark.text == metric.text == text[metric.start:metric.end]
        assert mark.attrs["class"].split()[0] == f"kind-{metric.kind}"
        assert (int(mark.attrs["data-start"]), int(mark.attrs["data-end"])) == (metric.start, metric.end)
        assert f"{metric.kind}:" in mark.attrs["title"]
    offsets = [int(mark.attrs["data-start"]) for mark in section.marks]
    assert offsets == sorted(offsets)


def check_page(page: str, documents: list[tuple[Document, str]]) -> PageParser:
    parsed = parse_page(page)
    assert len(parsed.sections) == len(documents)
    for section, (document, text) in zip(parsed.sections, documents, strict=True):
        check_document(section, document, text)
    expected = [f"rec-{d}-{i}" for d, (doc, _) in enumerate(documents) for i in range(len(doc.metrics))]
    assert parsed.record_ids == expected
    return parsed


# --- structure --------------------------------------------------------------------------------------


def test_every_metric_is_marked_at_its_offsets():
    document = sample_document()
    parsed = check_page(render_html([(document, TEXT)]), [(document, TEXT)])
    assert len(parsed.sections[0].marks) == len(document.metrics) == len(Kind)
    assert parsed.sections[0].attrs["data-metrics"] == str(len(document.metrics))


def test_text_and_fields_are_escaped():
    document = sample_document()
    page = render_html([(document, TEXT)])
    parsed = parse_page(page)
    assert len(parsed.scripts) == 1  # the text's <script> and <b> stay text
    assert "b" not in parsed.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "reports/&lt;b&gt;&quot;hai-duong&quot;&lt;/b&gt;.txt" in page
    assert "Tổng kết &lt;năm&gt; 2024 &amp; 2025" in page
    assert "Doanh thu &lt;dịch vụ&gt; &quot;viễn thông&quot;" in page


def test_page_is_standalone():
    page = render_html([(sample_document(), TEXT)])
    for forbidden in ("http://", "https://", "src=", "@import", "url(", "<link"):
        assert forbidden not in page, forbidden
    assert "Content-Security-Policy" in page


def test_legend_and_colours_come_from_the_shared_mapping():
    page = render_html([(sample_document(), TEXT)])
    for kind, colour in KIND_COLOURS.items():
        assert f"mark.kind-{kind}, .chip.kind-{kind} {{ background: {colour}; }}" in page
        assert f'data-kind="{kind}" title="toggle {kind}">{kind} 1<' in page


def test_record_table_holds_every_field():
    document = sample_document()
    page = render_html([(document, TEXT)])
    table = page[page.index('<table class="record" id="rec-0-0">'):]
    table = table[:table.index("</table>")]
    for name in Metric.model_fields:
        assert f"<th>{name}</th>" in table, name
    assert "<td>2.813.000.000.000 VND</td>" in table
    assert "<td>estimate</td>" in table


def test_overlapping_and_out_of_range_spans_are_skipped_and_recorded():
    document = sample_document()
    money = document.metrics[0]
    overlap = money.model_copy(update={"start": money.start + 6, "end": money.end + 3, "kind": "count"})
    outside = money.model_copy(update={"start": len(TEXT) - 2, "end": len(TEXT) + 4})
    document = document.model_copy(update={"metrics": [*document.metrics, overlap, outside]})
    page = render_html([(document, TEXT)])
    parsed = check_page(page, [(document, TEXT)])
    section = parsed.sections[0]
    assert section.attrs["data-skipped-overlap"] == str(len(document.metrics) - 2)
    assert section.attrs["data-skipped-range"] == str(len(document.metrics) - 1)
    assert "Not highlighted:" in page


def test_mismatched_text_is_flagged():
    document = sample_document()
    wrong = document.metrics[1].model_copy(update={"text": "19%"})
    document = document.model_copy(update={"metrics": [document.metrics[0], wrong]})
    page = render_html([(document, TEXT)])
    assert 'class="kind-change mismatch"' in page
    assert 'data-expected="19%"' in page


def test_raw_nfd_text_is_normalised_before_marking():
    document = sample_document()
    raw = "\ufeff" + unicodedata.normalize("NFD", TEXT)
    check_page(render_html([(document, raw)]), [(document, raw)])


def test_several_documents_and_empty_ones():
    documents = [(sample_document(), TEXT), (Document(source="-"), "Không có số liệu."),
                 (Document(source="x"), "")]
    page = render_html(documents)
    parsed = check_page(page, documents)
    assert [s.attrs["id"] for s in parsed.sections] == ["doc-0", "doc-1", "doc-2"]
    assert "3 documents, 9 metrics" in page


# --- real reports -----------------------------------------------------------------------------------


def shared_reports() -> list[tuple[str, str]]:
    """(file name, text) of every shared corpus report."""
    paths = sorted((SHARED / "corpus").glob("*.txt"))
    return [(path.name, path.read_text(encoding="utf-8")) for path in paths]


def gold_documents() -> list[tuple[Document, str]]:
    """Documents built from the shared gold annotations (hand-checked metrics at real offsets)."""
    texts = dict(shared_reports())
    documents = []
    for line in (SHARED / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        metrics = [Metric(**metric, sentence="") for metric in gold["metrics"]]
        documents.append((Document(source=gold["doc"], metrics=metrics), texts[gold["doc"]]))
    return documents


@pytest.mark.skipif(not SHARED.is_dir(), reason=NO_SHARED)
def test_real_reports_with_gold_metrics():
    documents = gold_documents()
    assert sum(len(document.metrics) for document, _ in documents) > 100
    check_page(render_html(documents), documents)


@pytest.mark.skipif(not SHARED.is_dir(), reason=NO_SHARED)
def test_real_reports_with_extracted_metrics():
    documents = [(extract(text, source=name), text) for name, text in shared_reports()]
    check_page(render_html(documents), documents)


# --- in a browser -----------------------------------------------------------------------------------


def chromium_binary() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = chromium_binary()
NO_CHROMIUM = "Chromium not installed (apt-get install -y chromium)"


def run_chromium(page_path: Path, profile: Path) -> subprocess.CompletedProcess[bytes]:
    """Load a page headless; stdout is the DOM after scripts ran, stderr has the console log."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom",
               page_path.as_uri()]
    return subprocess.run(command, capture_output=True, timeout=120, check=False)  # bytes: keep any \r


def console_errors(stderr: bytes) -> list[str]:
    """Page console messages (our page logs none) and uncaught errors from Chromium's log."""
    lines = stderr.decode("utf-8", errors="replace").splitlines()
    return [line for line in lines if ":CONSOLE" in line or "Uncaught" in line]


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_console_errors_are_detected(tmp_path):
    """The check below can fail: a page with a script error is caught."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>notDefined();</script>", encoding="utf-8")
    result = run_chromium(page, tmp_path / "profile")
    assert any("notDefined" in line for line in console_errors(result.stderr)), result.stderr


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_page_renders_in_chromium_without_errors(tmp_path):
    documents = [(sample_document(), TEXT)]
    if SHARED.is_dir():
        name, text = shared_reports()[0]
        documents += [(extract(text, source=name), text), *gold_documents()[1:3]]
    path = tmp_path / "review.html"
    write_html(documents, path)
    result = run_chromium(path, tmp_path / "profile")
    assert result.returncode == 0, result.stderr
    assert console_errors(result.stderr) == []
    dom = parse_page(result.stdout.decode("utf-8"))
    assert dom.body.get("data-ready") == "1"  # the page script ran to its end
    kept = sum(len(place_spans(normalize(text), doc.metrics).kept) for doc, text in documents)
    assert dom.body.get("data-marks") == str(kept)
    assert len(dom.sections) == len(documents)
    for section, (document, text) in zip(dom.sections, documents, strict=True):
        check_document(section, document, text)
