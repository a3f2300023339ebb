"""Backup and restore: every table as one gzipped JSON file, read from one consistent snapshot.

The file is the same whichever database wrote it, so a backup of the embedded SQLite file restores
into PostgreSQL and back. Restore writes everything in one transaction: it lands whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, func, select, text

from assessment.store import Store, StoreError, metadata

FORMAT = "joint-commissioning-assessment-backup"
FORMAT_VERSION = 1


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _decode(column, value: Any) -> Any:  # noqa: ANN001
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        parsed = dt.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    return value


def backup(store: Store, path: Path | str) -> dict[str, int]:
    """Write every table to a gzipped JSON file from one snapshot; returns the row count per table."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            for table in metadata.sorted_tables:
                rows = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings().all()
                tables[table.name] = [{key: _encode(value) for key, value in row.items()} for row in rows]
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "made_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": tables,
    }
    path = Path(path)
    temporary = path.with_name(path.name + ".partial")
    with gzip.open(temporary, "wt", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)
    temporary.replace(path)  # a reader never sees half a backup
    return {name: len(rows) for name, rows in tables.items()}


def _read(path: Path | str) -> dict[str, Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: not a backup made by this tool ({exc})") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StoreError(f"{path}: not a backup made by this tool")
    if document.get("format_version") != FORMAT_VERSION:
        raise StoreError(f"{path}: backup format version {document.get('format_version')} is not supported")
    unknown = set(document.get("tables", {})) - {t.name for t in metadata.sorted_tables}
    if unknown:
        raise StoreError(f"{path}: unknown tables {sorted(unknown)}")
    return document


def restore(store: Store, path: Path | str, *, replace: bool = False) -> dict[str, int]:
    """Load a backup into the store in one transaction; refuses a database that already has data
    unless replace is True (then everything in it is deleted first). Returns rows per table."""
    document = _read(path)
    counts: dict[str, int] = {}
    with store._write() as conn:  # noqa: SLF001 - restore is part of the storage layer
        existing = sum(conn.execute(select(func.count()).select_from(t)).scalar() for t in metadata.sorted_tables)
        if existing and not replace:
            raise StoreError("the database already holds data; restore with --replace to overwrite it")
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
        for table in metadata.sorted_tables:
            rows = document["tables"].get(table.name, [])
            columns = {c.name: c for c in table.columns}
            prepared = []
            for number, row in enumerate(rows, start=1):
                if set(row) - set(columns):
                    raise StoreError(
                        f"{path}: table {table.name}, row {number}: unknown columns {sorted(set(row) - set(columns))}"
                    )
                prepared.append({name: _decode(columns[name], value) for name, value in row.items()})
            if prepared:
                conn.execute(table.insert(), prepared)
            counts[table.name] = len(prepared)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
    return counts


def _reset_sequences(conn) -> None:  # noqa: ANN001
    """After inserting explicit ids, move each serial sequence past the largest id."""
    for table in metadata.sorted_tables:
        if "id" in table.columns and table.columns["id"].autoincrement is not False and table.columns["id"].primary_key:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def integrity_problems(store: Store) -> list[str]:
    """Problems the database itself reports (SQLite's integrity and foreign-key checks); [] when sound."""
    with store.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            return []
        problems = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check").all() if row[0] != "ok"]
        problems += [f"foreign key: {tuple(row)}" for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all()]
    return problems
