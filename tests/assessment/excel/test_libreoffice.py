"""A real spreadsheet program opens what we write: LibreOffice converts an exported workbook."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from assessment.__main__ import main
from assessment.excel import questionnaire
from assessment.excel.export import results_workbook
from assessment.excel.importer import import_files
from assessment.models import Answer, ItemKind
from tests.assessment.excel.conftest import fill_questionnaire, small_round
from tests.assessment.excel.test_response_identity import ADDED, REPLACED, answers_of_newcomers, outcome

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed here; CI installs libreoffice-calc-nogui"
)


def convert(path, target: str, outdir) -> bytes:  # noqa: ANN001
    profile = outdir / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (outdir / f"{path.stem}.{target}").read_bytes()


def test_libreoffice_opens_the_results_workbook_with_numbers_and_escaped_text_intact(sqlite_store, framework, tmp_path):
    round_row = small_round(sqlite_store, framework)
    person, _ = sqlite_store.responses.join(round_row.id, "voluntary")
    sqlite_store.responses.save_answers(
        person.id, [Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=1, comment="=1+1")]
    )
    source = tmp_path / "results.xlsx"
    source.write_bytes(results_workbook(sqlite_store, framework, round_row.id))
    ods = CalamineWorkbook.from_filelike(io.BytesIO(convert(source, "ods", tmp_path)))
    assert "Factor scores" in ods.sheet_names and "Responses" in ods.sheet_names
    scores = ods.get_sheet_by_name("Factor scores").to_python()
    header = next(i for i, r in enumerate(scores) if r and r[0] == "Factor ID")
    # Leadership scores 1 (the new voluntary sector answer), 2, 3 and 4: the median is 2.5.
    assert scores[header + 1][:4] == ["leadership", "Leadership", "Clear leadership", 2.5]
    comments = [r[-1] for r in ods.get_sheet_by_name("Responses").to_python()]
    assert "=1+1" in comments  # shown as the text typed, never calculated to 2


def test_libreoffice_opens_the_questionnaire(sqlite_store, framework, tmp_path):
    source = tmp_path / "questionnaire.xlsx"
    source.write_bytes(questionnaire.questionnaire_workbook(framework, small_round(sqlite_store, framework)))
    assert convert(source, "pdf", tmp_path).startswith(b"%PDF")


def test_a_questionnaire_filled_and_saved_by_libreoffice_imports(sqlite_store, framework, tmp_path):
    from assessment.excel.importer import plan_import

    round_row = small_round(sqlite_store, framework)
    template = questionnaire.questionnaire_workbook(framework, round_row)
    source = tmp_path / "filled.xlsx"
    source.write_bytes(fill_questionnaire(template, "Schools", {"leadership_1": "3 - Established", "send": 2}))
    saved = tmp_path / "saved"
    saved.mkdir()
    data = _resave(source, saved)
    plan = plan_import(sqlite_store, framework, [("saved.xlsx", data)])
    [person] = plan.additions[round_row.id]
    assert {(a.item_id, a.value) for a in person.answers} == {("leadership_1", 3), ("send", 2)}


def test_a_copy_resaved_by_libreoffice_replaces_its_earlier_import(sqlite_store, framework, tmp_path):
    round_row = small_round(sqlite_store, framework)
    copy = questionnaire.questionnaire_workbook(framework, round_row)
    first = fill_questionnaire(copy, "Schools", {"leadership_1": "3 - Established", "send": 2})
    import_files(sqlite_store, framework, [("first.xlsx", first)])
    changed = tmp_path / "changed.xlsx"
    changed.write_bytes(fill_questionnaire(copy, "Schools", {"leadership_1": "1 - Emerging", "send": 2}))
    (tmp_path / "saved").mkdir()
    data = _resave(changed, tmp_path / "saved")
    assert data != changed.read_bytes()
    # LibreOffice kept the response ID, still locked on a protected sheet.
    ws = load_workbook(io.BytesIO(data))[questionnaire.SHEET]
    assert ws["B7"].value == load_workbook(io.BytesIO(copy))[questionnaire.SHEET]["B7"].value
    assert ws.protection.sheet and ws["B7"].protection.locked

    plan = import_files(sqlite_store, framework, [("changed.xlsx", data)])
    assert outcome(plan.described[0]) == REPLACED
    assert len(sqlite_store.responses.participants_frame([round_row.id])) == 3 + 1
    assert answers_of_newcomers(sqlite_store, round_row.id) == {"school": {"leadership_1": 1, "send": 2}}


def test_the_command_line_replaces_a_copy_resaved_by_libreoffice(sqlite_store, framework, tmp_path, capsys):
    round_row = small_round(sqlite_store, framework)
    url = sqlite_store.url
    template = tmp_path / "q.xlsx"
    assert main(["--database", url, "template", "Testford", "2026-03-10", "-o", str(template)]) == 0
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(fill_questionnaire(template.read_bytes(), "Schools", {"leadership_1": 4}))
    assert main(["--database", url, "import", str(filled)]) == 0
    changed = tmp_path / "changed.xlsx"
    changed.write_bytes(fill_questionnaire(template.read_bytes(), "Schools", {"leadership_1": 2}))
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "changed.xlsx").write_bytes(_resave(changed, tmp_path / "saved"))
    assert main(["--database", url, "import", str(tmp_path / "saved" / "changed.xlsx")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        f"Imported filled.xlsx: one Schools participant, 1 of 41 items answered, for Testford, Workshop (10 March 2026): {ADDED}",
        f"Imported changed.xlsx: one Schools participant, 1 of 41 items answered, for Testford, Workshop (10 March 2026): "
        f"{REPLACED}",
    ]
    assert len(sqlite_store.responses.participants_frame([round_row.id])) == 3 + 1
    assert answers_of_newcomers(sqlite_store, round_row.id) == {"school": {"leadership_1": 2}}


def _resave(path, outdir) -> bytes:  # noqa: ANN001
    """The workbook opened and saved again as .xlsx by LibreOffice, as a participant using it would."""
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{outdir / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (outdir / path.name).read_bytes()
