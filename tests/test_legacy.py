"""Legacy Vietnamese 8-bit text (TCVN3 / ABC, VNI-Windows): detected, converted to Unicode, never garbage."""

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from vnreport_extract.read.legacy import detect_legacy, from_legacy, is_vietnamese_word, to_legacy
from vnreport_extract.read.text import decode

COMMAND = [sys.executable, "-m", "vnreport_extract"]
_TONES = "\u0300\u0301\u0303\u0309\u0323"

# Sentences written for these tests, from several sectors, with every vowel, tone and đ.
SENTENCES = [
    "Năm 2024, sản lượng lúa của huyện ước đạt 125.400 tấn, tăng 3,2% so với cùng kỳ.",
    "Toàn tỉnh có 412 trường học đạt chuẩn quốc gia, chiếm 68,5% tổng số trường.",
    "Bệnh viện đa khoa đã khám chữa bệnh cho hơn 96 nghìn lượt người, giảm nhẹ so với năm trước.",
    "Kim ngạch xuất khẩu thủy sản quý I đạt gần 1,2 tỷ USD; giá trị sản xuất công nghiệp tăng khoảng 9%.",
    "Dự án nâng cấp quốc lộ dài 27 km với tổng vốn đầu tư 1.850 tỷ đồng sẽ hoàn thành vào tháng 6.",
    "Người dân ở xã vùng sâu được hỗ trợ 50 con bò giống; tỷ lệ hộ nghèo còn 4,1%, giảm 1,3 điểm phần trăm.",
    "Khuya, thuyền về bến; chuyện ngoằn ngoèo, khuỷu tay, quyển truyện, giường, người, rượu, ướt, ỷ, ỹ, ỵ.",
]
TEXT = "\n".join(SENTENCES)
CAPITALS = "BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI QUÝ III NĂM 2024 CỦA TỈNH ĐẮK LẮK"
TITLE_CASE = "Sở Nông nghiệp và Phát triển Nông thôn Đồng Tháp; Ủy ban Nhân dân; Ông Ấn"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- the tables: round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
@pytest.mark.parametrize("text", [TEXT, CAPITALS, TEXT.lower(), nfc(unicodedata.normalize("NFD", TEXT))])
def test_round_trip(encoding: str, text: str) -> None:
    legacy = to_legacy(text, encoding)
    assert legacy != text
    assert all(ord(char) < 0x100 for char in legacy)  # one byte each in Windows-1252
    assert from_legacy(legacy, encoding) == nfc(text)


def test_vni_round_trip_keeps_every_capital() -> None:
    assert from_legacy(to_legacy(TITLE_CASE, "VNI"), "VNI") == TITLE_CASE


def test_tcvn3_toned_capitals_in_lowercase_words_are_its_documented_limit() -> None:
    """TCVN3 has codes for Ă Â Ê Ô Ơ Ư Đ only; a toned capital was a glyph of the .VnTimeH font."""
    back = from_legacy(to_legacy(TITLE_CASE, "TCVN3"), "TCVN3")
    assert back == "Sở Nông nghiệp và Phát triển Nông thôn Đồng Tháp; ủy ban Nhân dân; Ông ấn"
    assert back.lower() == TITLE_CASE.lower()


def test_every_vietnamese_letter_has_a_code() -> None:
    letters = {nfc(base + tone) for base in "aăâeêioôơuưy" for tone in ["", *_TONES]} | {"đ"}
    for encoding in ("TCVN3", "VNI"):
        for letter in letters:
            assert from_legacy(to_legacy(letter, encoding), encoding) == letter, (encoding, letter)
            assert from_legacy(to_legacy(letter.upper(), encoding), encoding).lower() == letter


def test_known_legacy_spellings() -> None:
    """Spellings as they appear in old documents, independent of the inverse tables."""
    assert from_legacy("ViÖt Nam", "TCVN3") == "Việt Nam"
    assert from_legacy("Thµnh phè Hå ChÝ Minh", "TCVN3") == "Thành phố Hồ Chí Minh"
    assert from_legacy("TP. Hå ChÝ Minh; HUYÖN Hå TRUNG; Dù ¸N", "TCVN3") == "TP. Hồ Chí Minh; HUYỆN HỒ TRUNG; DỰ ÁN"
    assert from_legacy("Vieät Nam", "VNI") == "Việt Nam"
    assert from_legacy("Thaønh phoá Hoà Chí Minh", "VNI") == "Thành phố Hồ Chí Minh"
    assert from_legacy("ÑAØ NAÜNG, Ñaø Naüng", "VNI") == "ĐÀ NẴNG, Đà Nẵng"
    assert from_legacy("Aù", "VNI") == "Á"  # a capital base with a lowercase mark


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError, match="not a legacy Vietnamese encoding"):
        from_legacy("x", "VISCII")


# --- the detector --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
@pytest.mark.parametrize("text", [*SENTENCES[:6], CAPITALS, TITLE_CASE])
def test_each_legacy_sentence_is_detected(encoding: str, text: str) -> None:
    assert detect_legacy(to_legacy(text, encoding)) == encoding


@pytest.mark.parametrize("text", [TEXT, CAPITALS, TITLE_CASE, TEXT.upper(), unicodedata.normalize("NFD", TEXT)])
def test_unicode_vietnamese_is_never_converted(text: str) -> None:
    assert detect_legacy(text) is None


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese software writes it: base letters with separate tone marks."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in _TONES)
        base = nfc("".join(mark for mark in decomposed if mark not in _TONES))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def test_windows_1258_is_not_taken_for_legacy() -> None:
    assert detect_legacy(to_cp1258(TEXT).decode("cp1252")) is None
    text, encoding = decode(to_cp1258(TEXT * 3))
    assert (nfc(text), encoding) == (nfc(TEXT * 3), "windows-1258")


@pytest.mark.parametrize("text", [
    "Le café coûte 3 € à Paris; élève, garçon, être, hôtel, naïve, Noël, œuvre, déjà vu.",
    "Grüße aus München: Bücher, Öl, Straße, Mädchen, schön, fünf, Äpfel, Übung, weiß.",
    "El niño comió piña en España; año, señor, mañana, acción, también, árbol, ¿qué?",
    "Temperatura 25 °C ± 0,5; diện tích 12 m² · giá ½ triệu © 2024 ®",
])
def test_other_languages_and_symbols_are_not_taken_for_legacy(text: str) -> None:
    assert detect_legacy(text) is None


def test_a_few_words_are_not_enough() -> None:
    assert detect_legacy("®¹t") is None
    assert detect_legacy("") is None


def test_vietnamese_words() -> None:
    assert all(map(is_vietnamese_word, ["nghiêng", "khuỷu", "Quyển", "GIƯỜNG", "ĐẮC", "oẳn", "ngoằn"]))
    assert not any(map(is_vietnamese_word, ["café", "Straße", "aâ", "tiếnng", "ñaït", "hoọi"]))


# --- reading files -------------------------------------------------------------------------------------------


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, "-f", "jsonl", *args], capture_output=True, text=True, timeout=120,
                          check=False, cwd=cwd)


def test_legacy_files_give_the_same_metrics_as_unicode(tmp_path: Path) -> None:
    (tmp_path / "unicode.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "tcvn3.txt").write_bytes(to_legacy(TEXT, "TCVN3").encode("cp1252"))
    (tmp_path / "vni.txt").write_bytes(to_legacy(TEXT, "VNI").encode("cp1252"))
    (tmp_path / "tcvn3-utf8.txt").write_text(to_legacy(TEXT, "TCVN3"), encoding="utf-8")  # a .VnTime doc saved
    result = run(".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    documents = {Path(doc["source"]).stem: doc for doc in map(json.loads, result.stdout.splitlines())}
    assert {name: doc["encoding"] for name, doc in documents.items()} == {
        "unicode": None, "tcvn3": "TCVN3", "vni": "VNI", "tcvn3-utf8": "TCVN3"}
    expected = [(m["value"], m["unit"], m["label"], m["text"]) for m in documents["unicode"]["metrics"]]
    assert len(expected) >= 10
    for name in ("tcvn3", "vni", "tcvn3-utf8"):
        assert [(m["value"], m["unit"], m["label"], m["text"]) for m in documents[name]["metrics"]] == expected


def test_a_vni_file_is_not_read_as_hp_roman8(tmp_path: Path) -> None:
    """What main did before: exit 0, encoding hp-roman8, mangled labels."""
    (tmp_path / "vni.txt").write_bytes(to_legacy(SENTENCES[0], "VNI").encode("cp1252"))
    document = json.loads(run("vni.txt", cwd=tmp_path).stdout)
    assert document["encoding"] == "VNI"
    assert document["metrics"][0]["sentence"] == SENTENCES[0]
