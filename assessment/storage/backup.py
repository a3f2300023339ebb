"""Backup and restore: every table as one gzipped JSON file, read from one consistent snapshot.

The file is the same whichever database wrote it, so a backup of the embedded SQLite file restores
into PostgreSQL and back. Restore first checks every row (assessment/backup_rows.py), then writes
everything in one transaction: it lands whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from assessment.framework import Framework
from assessment.storage import Store, StoreError, metadata
from assessment.storage.backup_rows import check_backup
from assessment.storage.database import retry_conflicts

FORMAT = "joint-commissioning-assessment-backup"
FORMAT_VERSION = 1


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
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
    return document


@dataclass(frozen=True)
class Restored:
    """What a restore wrote: rows per table, and a note naming the ids the framework in use lacks
    (None when it has them all)."""

    counts: dict[str, int]
    note: str | None = None


@retry_conflicts
def restore(store: Store, path: Path | str, framework: Framework, *, replace: bool = False) -> Restored:
    """Check every row of a backup against the schema, the app's models and the framework in use, then
    load it in one transaction. Refuses a database that already has data unless replace is True (then
    everything in it is deleted first). A bad backup raises StoreError in one line and changes nothing."""
    document = _read(path)
    checked = check_backup(document.get("tables"), framework, str(path))
    counts: dict[str, int] = {}
    try:
        with store.database.write() as conn:
            existing = sum(conn.execute(select(func.count()).select_from(t)).scalar() for t in metadata.sorted_tables)
            if existing and not replace:
                raise StoreError("the database already holds data; restore with --replace to overwrite it")
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
            for table in metadata.sorted_tables:
                rows = checked.tables.get(table.name, [])
                if rows:
                    conn.execute(table.insert(), rows)
                counts[table.name] = len(rows)
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn)
    except SQLAlchemyError as exc:  # the checks should leave nothing for the database to refuse; if it does
        problem = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(f"{path}: the database refused the backup, and nothing was changed: {problem}") from exc
    return Restored(counts, checked.unknown_ids_line(framework))


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
