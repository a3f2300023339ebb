"""The export, template and import commands."""

from __future__ import annotations

from assessment.__main__ import main
from tests.assessment.excel.conftest import fill_questionnaire, small_round


def test_export_template_and_import_from_the_command_line(sqlite_store, framework, tmp_path, capsys):
    small_round(sqlite_store, framework)
    url = sqlite_store.url
    assert main(["--database", url, "export", "Testford", "-o", str(tmp_path / "r.xlsx")]) == 0
    assert main(["--database", url, "template", "Testford", "2026-03-10", "-o", str(tmp_path / "q.xlsx")]) == 0
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(fill_questionnaire((tmp_path / "q.xlsx").read_bytes(), "Schools", {"leadership_1": 4}))
    assert main(["--database", url, "import", str(filled)]) == 0
    assert "Imported filled.xlsx: one Schools participant, 1 of 41 items answered" in capsys.readouterr().out


def test_import_problems_are_one_line_each_and_nothing_is_saved(sqlite_store, framework, tmp_path, capsys):
    small_round(sqlite_store, framework)
    bad = tmp_path / "bad.xlsm"
    bad.write_bytes(b"whatever")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert main(["--database", sqlite_store.url, "import", str(bad), str(empty)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0].startswith("error: bad.xlsm: This file is a macro-enabled workbook")
    assert lines[1] == "error: empty.xlsx: This file is empty (0 bytes)."
    assert lines[2] == "error: nothing was imported: 2 problems found"


def test_export_needs_an_area_or_all(sqlite_store, tmp_path, capsys):
    assert main(["--database", sqlite_store.url, "export", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert capsys.readouterr().err == "error: name an AREA or give --all, not both\n"


def test_export_of_an_unknown_area_is_one_clear_line(sqlite_store, tmp_path, capsys):
    assert main(["--database", sqlite_store.url, "export", "Nowhere", "-o", str(tmp_path / "x.xlsx")]) == 1
    assert capsys.readouterr().err == "error: no area called 'Nowhere'\n"


def test_a_missing_file_is_one_clear_line(sqlite_store, tmp_path, capsys):
    assert main(["--database", sqlite_store.url, "import", str(tmp_path / "gone.xlsx")]) == 1
    assert capsys.readouterr().err.startswith("error: cannot read ")


def test_three_hundred_problems_show_the_first_twenty_and_a_count_of_the_rest(
    sqlite_store, framework, tmp_path, capsys
):
    from tests.assessment.excel.test_upload_bounds import badly_filled_copies

    round_row = small_round(sqlite_store, framework)
    paths = []
    for name, data in badly_filled_copies(framework, round_row):
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    assert main(["--database", sqlite_store.url, "import", *paths]) == 1
    lines = capsys.readouterr().err.splitlines()
    # 4 files x 75 bad cells: the first 20 are rows 9 to 18 of the first file, answer then comment.
    assert len(lines) == 20 + 2
    assert lines[0].startswith("error: person-1.xlsx, sheet 'Questionnaire', row 9, Answer: 'perhaps' is not one of")
    assert (
        lines[19]
        == "error: person-1.xlsx, sheet 'Questionnaire', row 18, Comment: holds a formula; type plain text instead"
    )
    assert lines[20:] == ["error: ... and 280 more problems", "error: nothing was imported: 300 problems found"]
