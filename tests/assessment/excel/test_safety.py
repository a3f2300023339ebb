"""Untrusted files are refused before parsing, with a message that says why: a hostile corpus built here."""

from __future__ import annotations

import io
import zipfile

import defusedxml
import openpyxl
import pytest
from openpyxl import Workbook

from assessment.excel import safety
from assessment.excel.reader import MAX_COLUMNS, MAX_ROWS, open_untrusted
from assessment.excel.safety import UnsafeFile, check_bytes, check_name, safe_iterparse

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def workbook_bytes(fill=None) -> bytes:  # noqa: ANN001
    """A genuine small workbook, optionally changed by fill(worksheet) first."""
    book = Workbook()
    book.active["A1"] = "hello"
    if fill:
        fill(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The same workbook with members replaced or added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def refused(data: bytes) -> str:
    with pytest.raises(UnsafeFile) as caught:
        check_bytes(data)
    return str(caught.value)


def test_a_genuine_workbook_passes():
    assert check_bytes(workbook_bytes()).namelist()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("answers.xlsm", "macro-enabled"),
        ("answers.XLTM", "macro-enabled"),
        ("answers.xls", "old or binary"),
        ("answers.xlsb", "old or binary"),
        ("answers.csv", "CSV"),
        ("answers.pdf", "only .xlsx"),
        ("answers", "only .xlsx"),
    ],
)
def test_only_xlsx_names_are_accepted(name, says):
    with pytest.raises(UnsafeFile, match=says):
        check_name(name)
    check_name("Answers.XLSX")


def test_an_empty_file_is_refused():
    assert "empty" in refused(b"")


def test_a_renamed_csv_is_refused_as_text():
    assert "text or CSV file renamed" in refused(b"ID,Answer\nleadership_1,3\n")


def test_random_bytes_are_refused():
    assert "not an Excel workbook" in refused(bytes(range(256)) * 4)


def test_an_encrypted_workbook_is_refused_by_its_ole_signature():
    assert "password-protected" in refused(safety.OLE_SIGNATURE + b"\x00" * 4000)


def test_a_corrupt_zip_is_refused():
    assert "damaged" in refused(b"PK\x03\x04" + b"\x00garbage" * 100)


def test_a_truncated_workbook_is_refused():
    data = workbook_bytes()
    assert "damaged" in refused(data[: len(data) // 2])


def test_a_file_over_the_size_limit_is_refused():
    assert "largest file accepted" in refused(b"PK\x03\x04" + b"\x00" * safety.MAX_FILE_BYTES)


def test_a_zip_bomb_is_refused_before_unpacking():
    bomb = rezip(workbook_bytes(), add={"xl/media/padding.xml": b"\x00" * (20 * 1024 * 1024)})
    assert "zip bomb" in refused(bomb)


def test_a_workbook_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 10_000)
    assert "would unpack to" in refused(workbook_bytes(lambda ws: ws.append(["x" * 20_000])))


def test_too_many_members_are_refused():
    crowded = rezip(workbook_bytes(), add={f"xl/extra/{n}.xml": b"<a/>" for n in range(safety.MAX_MEMBERS)})
    assert "parts" in refused(crowded)


def test_a_vba_project_is_refused_even_in_an_xlsx():
    assert "macros" in refused(rezip(workbook_bytes(), add={"xl/vbaProject.bin": b"\x00" * 100}))


def test_a_macro_enabled_content_type_is_refused():
    data = workbook_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
        )
    assert "macro" in refused(rezip(data, replace={"[Content_Types].xml": types}))


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in refused(out.getvalue())


def test_billion_laughs_is_refused_before_any_parser_sees_it():
    bomb = rezip(workbook_bytes(), replace={"xl/worksheets/sheet1.xml": BILLION_LAUGHS})
    assert "DOCTYPE or ENTITY" in refused(bomb)


def test_our_xml_parser_forbids_entity_expansion():
    with pytest.raises(defusedxml.DefusedXmlException):
        for _event, _element in safe_iterparse(io.BytesIO(BILLION_LAUGHS)):
            pass


def test_our_xml_parser_forbids_entities_even_without_the_doctype_check():
    entity = b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'
    with pytest.raises(defusedxml.DefusedXmlException):
        list(safe_iterparse(io.BytesIO(entity)))


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_rows_beyond_the_hard_limit_are_refused_whatever_the_sheet_claims():
    data = workbook_bytes(lambda ws: ws.cell(row=MAX_ROWS + 1, column=1, value="far down"))
    book = open_untrusted(check_bytes(data), data)
    with pytest.raises(UnsafeFile, match="rows"):
        book.sheet("Sheet")


def test_columns_beyond_the_hard_limit_are_refused():
    data = workbook_bytes(lambda ws: ws.cell(row=1, column=MAX_COLUMNS + 1, value="far right"))
    book = open_untrusted(check_bytes(data), data)
    with pytest.raises(UnsafeFile, match="column"):
        book.sheet("Sheet")


def test_a_lying_dimension_does_not_change_what_is_read():
    data = workbook_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    lying = sheet.replace(b'<dimension ref="A1:A1"/>', b'<dimension ref="A1:XFD1048576"/>')
    assert lying != sheet
    data = rezip(data, replace={"xl/worksheets/sheet1.xml": lying})
    assert open_untrusted(check_bytes(data), data).sheet("Sheet").rows == [["hello"]]


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_formulas_are_found_and_never_evaluated(engine):
    data = workbook_bytes(lambda ws: ws.__setitem__("B2", "=1+1"))
    sheet = open_untrusted(check_bytes(data), data, engine).sheet("Sheet")
    assert sheet.formulas == {(2, 2)}
    assert sheet.value(2, 2) in (None, 0)  # openpyxl saves no cached result: nothing was calculated


def test_our_size_limit_matches_the_servers_upload_limit():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[3] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == safety.MAX_FILE_BYTES
