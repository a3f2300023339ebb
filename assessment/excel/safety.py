"""Checks on an untrusted spreadsheet file, made before anything parses it.

In order: the name ends in .xlsx; the file is not empty and not over the size limit; it is a zip
archive and not an encrypted (OLE) file, an old .xls or a renamed text file; the archive has a sane
number of members, a sane total unpacked size and no member that inflates suspiciously (a zip bomb);
it holds no macros; no member is encrypted; every XML member is free of DOCTYPE and ENTITY
declarations (the billion-laughs attack), and unpacks to exactly the size it declares, which the
zip CRC check confirms. Every XML this package parses goes through defusedxml as well.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

from assessment.excel.problems import ImportProblem

MAX_FILE_BYTES = 10 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
MAX_MEMBERS = 300
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # a real workbook's XML compresses 10 to 30 times; a zip bomb a thousand
RATIO_CHECK_FROM = 1024 * 1024  # tiny members may compress well without being a danger
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
MACRO_MARKERS = ("vbaproject.bin", "vbaprojectsignature.bin")
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
_CHUNK = 1024 * 1024


class UnsafeFile(ValueError):
    """The file was refused before parsing; the message says why in plain words."""


# What unpacking a broken archive can raise (found by fuzzing damaged workbooks).
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, KeyError)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_name(filename: str) -> None:
    """Refuse any name that does not end in .xlsx, with a message for the usual mistakes."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        return
    if lower.endswith((".xlsm", ".xltm", ".xlam")):
        raise UnsafeFile("is a macro-enabled workbook; macros are never accepted. Save it as .xlsx and try again")
    if lower.endswith((".xls", ".xlsb")):
        raise UnsafeFile("is an old or binary Excel format; open it in Excel and save it as .xlsx")
    if lower.endswith(".csv"):
        raise UnsafeFile("is a CSV file; use the .xlsx questionnaire or results workbook instead")
    raise UnsafeFile("is not an .xlsx workbook; only .xlsx files can be imported")


def check_bytes(data: bytes) -> zipfile.ZipFile:
    """Refuse an unsafe or broken workbook before any spreadsheet parser sees it; returns the open
    archive for the reader."""
    if not data:
        raise UnsafeFile("is empty (0 bytes)")
    if len(data) > MAX_FILE_BYTES:
        raise UnsafeFile(f"is {_mb(len(data))}; the largest file accepted is {_mb(MAX_FILE_BYTES)}")
    if data.startswith(OLE_SIGNATURE):
        raise UnsafeFile(
            "is password-protected (encrypted) or an old-style Excel file; remove the password and save it as .xlsx"
        )
    if not data.startswith(ZIP_SIGNATURE):
        kind = "a text or CSV file renamed to .xlsx" if _looks_like_text(data) else "not an Excel workbook"
        raise UnsafeFile(f"is {kind}; only workbooks saved by Excel or LibreOffice as .xlsx can be imported")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.LargeZipFile, *DAMAGED) as exc:
        raise UnsafeFile(f"is damaged and cannot be opened ({exc})") from exc
    _check_members(members)
    try:
        _check_xml(archive, members)
    except UnsafeFile:
        raise
    except DAMAGED as exc:
        raise UnsafeFile(f"is damaged and cannot be unpacked ({exc})") from exc
    return archive


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise UnsafeFile(f"holds {len(members)} parts; a workbook has far fewer (the limit is {MAX_MEMBERS})")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnsafeFile(f"would unpack to {_mb(total)}; the limit is {_mb(MAX_UNCOMPRESSED_BYTES)}")
    names = {m.filename for m in members}
    for member in members:
        lower = member.filename.lower()
        if lower.rsplit("/", 1)[-1] in MACRO_MARKERS:
            raise UnsafeFile("contains macros (a VBA project); macros are never accepted. Save it as .xlsx")
        if member.flag_bits & 0x1:
            raise UnsafeFile("is encrypted; remove the password and save it again")
        if member.file_size > RATIO_CHECK_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise UnsafeFile(
                f"has a part ({member.filename}) that inflates {member.file_size // max(member.compress_size, 1)} "
                "times: refused as a possible zip bomb"
            )
    missing = [name for name in REQUIRED_MEMBERS if name not in names]
    if missing:
        raise UnsafeFile(f"is a zip archive but not an Excel workbook (it has no {', '.join(missing)})")


def _check_xml(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Unpack every XML member once: no DTD may appear, and each must unpack to its declared size."""
    for member in members:
        is_xml = member.filename.lower().endswith((".xml", ".rels", ".vml"))
        with archive.open(member) as stream:
            tail = b""
            while chunk := stream.read(_CHUNK):
                window = tail + chunk
                if is_xml and (b"<!DOCTYPE" in window or b"<!ENTITY" in window):
                    raise UnsafeFile(
                        f"has a part ({member.filename}) with a DOCTYPE or ENTITY declaration, which "
                        "workbooks never need: refused"
                    )
                tail = chunk[-16:]
        if "macroenabled" in member.filename.lower():
            raise UnsafeFile("contains macros; macros are never accepted. Save it as .xlsx")
    content_types = archive.read("[Content_Types].xml").lower()
    if b"macroenabled" in content_types or b"vbaproject" in content_types:
        raise UnsafeFile("is a macro-enabled workbook; macros are never accepted. Save it as .xlsx")


def safe_iterparse(stream: io.BufferedIOBase, events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Element]]:
    """Parse XML with defusedxml: DTDs, entity declarations and external references all raise."""
    return iterparse(stream, events=events, forbid_dtd=True, forbid_entities=True, forbid_external=True)


def check_file(filename: str, data: bytes) -> tuple[zipfile.ZipFile | None, ImportProblem | None]:
    """Run every check; returns the open archive, or the problem that refused the file."""
    try:
        check_name(filename)
        return check_bytes(data), None
    except UnsafeFile as exc:
        return None, ImportProblem(filename, f"This file {exc}.")
