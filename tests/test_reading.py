"""reading.py: bytes -> text, for every encoding and kind of bad input the batch meets."""

import codecs
import os
import random
import unicodedata
from pathlib import Path

import pytest

from vnreport_extract.errors import ReadError, VnextractError
from vnreport_extract.read.text import decode, html_to_text, is_html, read_text

TEXT = (
    "Doanh thu dịch vụ viễn thông năm 2024 ước đạt 2.813 tỷ đồng, tăng 18% so với năm 2023.\n"
    "Tổng số thuê bao Internet băng thông rộng đạt hơn 3.900 thuê bao; tỉnh đứng thứ 7 toàn quốc.\n"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese software writes them: base letter, then a combining tone mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in _TONES)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONES))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- Encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode(), None),
        (codecs.BOM_UTF8 + TEXT.encode(), None),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.replace("\n", "\r\n").encode(), None),
        (unicodedata.normalize("NFD", TEXT).encode(), None),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "crlf", "decomposed"],
)
def test_decodes_unicode_encodings(data: bytes, encoding: str | None) -> None:
    text, found = decode(data)
    assert found == encoding
    assert nfc(text).replace("\r\n", "\n") == TEXT


def test_decodes_windows_1258() -> None:
    text, encoding = decode(to_cp1258(TEXT))
    assert encoding == "windows-1258"
    assert nfc(text) == TEXT


def test_nul_bytes_are_binary() -> None:
    with pytest.raises(ReadError, match="binary"):
        decode(b"\x7fELF\x02\x01\x01\x00\x00\x00")


def test_random_bytes_are_undecodable() -> None:
    rng = random.Random(4)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))
    with pytest.raises(ReadError, match="cannot decode"):
        decode(data)


def test_control_characters_are_not_text() -> None:
    with pytest.raises(ReadError, match="cannot decode"):
        decode(bytes(range(1, 32)) * 50 + b"\xff")


def test_read_error_is_a_vnextract_error() -> None:
    assert issubclass(ReadError, VnextractError)


# --- Bad files ---------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="file is empty"):
        read_text(write(tmp_path, "a.txt", b""), 1000)


def test_white_space_only(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="white space"):
        read_text(write(tmp_path, "a.txt", b" \r\n\t\n"), 1000)


def test_too_large(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"too large \(200 bytes; the limit is 100"):
        read_text(write(tmp_path, "a.txt", b"x" * 200), 100)


def test_stdin_too_large() -> None:
    with pytest.raises(ReadError, match="too large"):
        read_text("-", 10, data=b"x" * 11)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_text(str(tmp_path / "nope.txt"), 1000)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="is a directory"):
        read_text(str(tmp_path), 1000)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"abc")
    os.chmod(path, 0)
    with pytest.raises(ReadError, match="permission denied"):
        read_text(path, 1000)


def test_reads_file_and_stdin(tmp_path: Path) -> None:
    assert read_text(write(tmp_path, "a.txt", TEXT.encode()), 10_000).text == TEXT
    assert read_text("-", 10_000, data=to_cp1258(TEXT)).encoding == "windows-1258"


# --- HTML --------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Trang tin - Báo</title><style>p {color: red}</style>
<script>var x = "2.813 tỷ đồng";</script></head>
<body><header><nav><a href="/">Trang chủ</a> <a href="/kt">Kinh tế</a></nav></header>
<aside>Tin liên quan: 99% người đọc</aside>
<article><h1>Hải Dương:  doanh thu
  tăng</h1><p>Doanh thu <b>ước đạt</b> 2.813&nbsp;tỷ đồng.</p><p>Tăng 18%<br>so với năm 2023.</p>
<table><tr><td>Thuê bao</td><td>3.900</td></tr></table>
<div class="share"><button>Chia sẻ</button></div></article>
<footer>Bản quyền 2024</footer></body></html>"""


def test_html_keeps_article_text_only() -> None:
    text = html_to_text(PAGE)
    assert text.split("\n\n") == [
        "Hải Dương: doanh thu tăng",
        "Doanh thu ước đạt 2.813\xa0tỷ đồng.",
        "Tăng 18%",
        "so với năm 2023.",
        "Thuê bao\t3.900",
    ]


def test_html_without_article_uses_body_and_title() -> None:
    page = "<html><head><title>Tiêu đề</title></head><body><nav>Menu</nav><p>Đạt 95%.</p></body></html>"
    assert html_to_text(page) == "Tiêu đề\n\nĐạt 95%."


def test_html_prefers_main() -> None:
    page = "<body><div>Quảng cáo 50%</div><main><p>Đạt 95%.</p></main></body>"
    assert html_to_text(page) == "Đạt 95%."


def test_html_file_declared_legacy_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1258"></head><body><p>' + TEXT + "</p></body></html>"
    read = read_text(write(tmp_path, "a.html", to_cp1258(page)), 100_000)
    assert read.encoding == "windows-1258"
    assert nfc(read.text) == " ".join(TEXT.split())


def test_html_without_text(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no article text"):
        read_text(write(tmp_path, "a.htm", b"<html><script>x</script></html>"), 1000)


def test_stdin_html_is_sniffed() -> None:
    assert is_html("-", b"\n<!doctype html><p>x</p>")
    assert not is_html("-", TEXT.encode())
    assert read_text("-", 1000, data=b"<html><p>Xin chao</p></html>").text == "Xin chao"
