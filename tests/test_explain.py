"""`--explain`: each figure with its clause, its frame and the rule behind each field, on stdout in
place of the records; weak rules marked as the record's `review` says."""

from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from vnreport_extract.cli import app
from vnreport_extract.extraction.frames import WEAK_RULES
from vnreport_extract.extraction.pipeline import explain, extract
from vnreport_extract.review.explain import figure_tree

# A list whose second item leaves out its verb and comparison: it shares the frame of the first.
LIST = "Năm 2024, diện tích cà phê đạt 210.500 ha, tăng 1,8% so với năm trước; hồ tiêu 32.400 ha, giảm 4,2%."


def rendered(number: int, sentence: str) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(figure_tree(number, explain(sentence)[number - 1]))
    return console.export_text()


def test_each_field_names_its_rule_and_the_clause_it_was_read_in() -> None:
    shared = rendered(4, LIST)
    assert "clause  hồ tiêu 32.400 ha, giảm 4,2%." in shared
    assert "comparison=năm trước" in shared and "subject=hồ tiêu" in shared and "time=2024" in shared
    assert "reference năm trước  ← reference.shared_clause  (weak: check)" in shared
    assert "period    2024  ← period.shared_clause" in shared
    assert "review: reference" in shared


def test_a_field_no_rule_set_says_so() -> None:
    first = rendered(1, LIST)
    assert "reference —  ← reference.none" in first
    assert "?" not in first


def test_the_rules_shown_are_those_the_record_reports() -> None:
    for item in explain(LIST):
        weak = {name for name, rule in item.frame.rules.items() if rule in WEAK_RULES}
        assert set(item.metric.review) == weak
    assert [item.metric for item in explain(LIST)] == extract(LIST).metrics


def test_the_command_prints_the_explanation_instead_of_the_records(tmp_path: Path) -> None:
    report = tmp_path / "a.txt"
    report.write_text(LIST + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, [str(report), "--explain"])
    assert result.exit_code == 0, result.output
    assert "[4] 4,2%" in result.stdout and "reference.shared_clause" in result.stdout
    assert not result.stdout.lstrip().startswith("{")  # no JSON on stdout
