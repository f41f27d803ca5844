"""The last check on a label (extraction/labels/check.py): what never names a figure alone."""

from __future__ import annotations

import pytest

from vnreport_extract.extraction.labels.check import LabelCheck
from vnreport_extract.extraction.labels.cues import LabelCues
from vnreport_extract.extraction.mentions import Mention
from vnreport_extract.library import default_library

CHECK = LabelCheck(LabelCues(default_library(), []))


def _mention(kind: str, unit: str | None) -> Mention:
    return Mention(kind, 1.0, 0, 1, "test", 0, unit=unit)


@pytest.mark.parametrize(
    ("kind", "unit", "label", "expected"),
    [
        # a bare unit: the figure's own, or any measure unit
        ("measure", "điểm", "điểm", None),
        ("measure", "Mbit/s", "Mbit/s", None),
        ("measure", "tấn", "tấn", None),
        ("money", "VND", "đồng", None),
        # a verb, an adverb, a connector or a reference alone
        ("change", "%", "tăng", None),
        ("percent", "%", "cũng", None),
        ("percent", "%", "trong khi", None),
        ("change", "%", "cùng kỳ", None),
        ("change", "%", "kỳ", None),
        ("percent", "%", "CK", None),
        # a list marker or a number fragment
        ("money", "VND", "a)", None),
        ("money", "VND", "2.", None),
        ("percent", "%", "22-", None),
        # punctuation at the ends goes, the phrase stays
        ("percent", "%", "tỷ lệ đặt chỗ trong những ngày 22-", "tỷ lệ đặt chỗ trong những ngày"),
        ("change", "ha", "tập trung ruộng đất,", "tập trung ruộng đất"),
        # a counted noun names a count; a measure noun names the score a percent is of
        ("count", "vị trí", "vị trí", "vị trí"),
        ("ratio", "thôn", "thôn", "thôn"),
        ("change", "hộ nghèo", "hộ nghèo", "hộ nghèo"),
        ("percent", "%", "điểm", "điểm"),
        ("measure", "điểm", "HNX-Index", "HNX-Index"),
    ],
)
def test_label_check(kind: str, unit: str | None, label: str, expected: str | None) -> None:
    assert CHECK.clean(label, _mention(kind, unit)) == expected
