"""Completion on the Import screen: paths a directory at a time, list names whatever the case."""

from __future__ import annotations

from pathlib import Path

from koretui.widgets.import_inputs import NameSuggester, complete_path


def test_a_path_completes_to_the_file_and_a_directory_gets_a_slash(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "crm-july.csv").write_text("phone\n")
    (tmp_path / "notes.md").write_text("")
    assert complete_path("exp", cwd=tmp_path) == "exports/"
    assert complete_path("exports/c", cwd=tmp_path) == "exports/crm-july.csv"
    assert complete_path(f"{tmp_path}/exports/crm", cwd=Path("/")) == f"{tmp_path}/exports/crm-july.csv"
    assert complete_path("exports/crm-july.csv", cwd=tmp_path) is None  # complete already
    assert complete_path("missing/x", cwd=tmp_path) is None


def test_importable_files_come_first_and_hidden_ones_only_after_a_dot(tmp_path: Path) -> None:
    (tmp_path / "leads.pdf").write_text("")
    (tmp_path / "leads.xlsx").write_text("")
    (tmp_path / ".leads.csv").write_text("")
    assert complete_path("lea", cwd=tmp_path) == "leads.xlsx"
    assert complete_path(".lea", cwd=tmp_path) == ".leads.csv"


async def test_a_list_name_completes_in_its_own_spelling_and_dnc_names_after_a_comma() -> None:
    names = ["Default Global DNC", "Payment Reminder - Q3", "Renewal Due - July 2025"]
    assert await NameSuggester(names).get_suggestion("pay") == "Payment Reminder - Q3"
    assert await NameSuggester(names).get_suggestion("Renewal Due - July 2025") is None
    dnc = NameSuggester(names, separator=",")
    assert await dnc.get_suggestion("Payment Reminder - Q3, def") == "Payment Reminder - Q3, Default Global DNC"
    assert await dnc.get_suggestion("Payment Reminder - Q3, ") is None
