"""The rows of a backup checked before restore writes any of them.

Every table gets the checks its SQLAlchemy definition implies: known columns, types (whole numbers
within the column's range, finite numbers, text within the column's length, ISO dates and times,
true/false), required columns, primary-key and unique-constraint clashes, and foreign keys that must
name a row of the same backup. A table of the app then gets its own rules on top, through the models
the app writes with (assessment/models.py), so a value the app would never have saved is refused.
A table or a nullable column added later needs nothing here. The first problem is reported in one
line naming the table, the row (counted from 1 within the table) and the column.

Ids the framework in use lacks (a partner type, an item, a criterion) are kept and reported, not
refused: the app tolerates them and writes such ids itself (rounds keep their framework version and
imports bring their own ids), so refusing would make a backup the app made unrestorable. The one
exception is a hybrid option's choices, which the appraisal looks up in the framework and needs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.schema import sort_tables

from assessment.framework import Framework
from assessment.models import (
    COST_FIGURES,
    FIRST_PASS,
    MAX_RESCORES,
    ActionInput,
    Answer,
    AppraisalScore,
    AreaName,
    ConsensusEntry,
    CostEstimate,
    CriterionWeight,
    DecisionInput,
    HybridInput,
    ItemKind,
    Ratification,
    RoundInput,
    RoundStatus,
)
from assessment.storage import HybridRow, StoreError, appraisal_scorer, metadata

# Portable bounds: PostgreSQL's INTEGER is 32 bits even where SQLite would take more.
_INTEGER_BITS = ((BigInteger, 64), (SmallInteger, 16), (Integer, 32))


class _RowProblem(Exception):
    """What is wrong with one row, worded for the person restoring: '<column> <value> <problem>'."""


@dataclass(frozen=True)
class CheckedBackup:
    """A backup's rows ready to insert (every column present, dates decoded), per table name, and
    the framework ids it names that the framework in use lacks ('table.column' -> id -> rows)."""

    tables: dict[str, list[dict[str, Any]]]
    unknown_ids: dict[str, Counter]

    def unknown_ids_line(self, framework: Framework) -> str | None:
        """One line naming the ids the framework in use lacks, or None when there are none."""
        if not self.unknown_ids:
            return None
        parts = []
        for column, ids in self.unknown_ids.items():
            shown = ", ".join(_shown(value) for value in list(ids)[:3]) + (", ..." if len(ids) > 3 else "")
            rows = sum(ids.values())
            parts.append(f"{column} {shown} ({rows} row{'s' if rows != 1 else ''})")
        listed = "; ".join(parts)
        return f"ids the framework in use (version {framework.version}) does not have, kept as they are: {listed}"


def check_backup(tables: object, framework: Framework, source: str, schema: MetaData = metadata) -> CheckedBackup:
    """Check every row of a backup's 'tables' against the schema (the store's tables), the app's models
    and each other; returns the rows ready to insert, or raises StoreError in one line:
    '<source>: table T, row N: <column> <value> <problem>'."""
    if not isinstance(tables, Mapping):
        raise StoreError(f"{source}: 'tables' is not an object of tables")
    unknown = sorted(set(tables) - set(schema.tables))
    if unknown:
        raise StoreError(f"{source}: unknown tables {unknown}")
    rows = _Rows(framework)
    for table in _checking_order(schema):
        given = tables.get(table.name, [])
        if not isinstance(given, list):
            raise StoreError(f"{source}: table {table.name} is not a list of rows")
        _check_table(table, given, rows, source)
    return CheckedBackup({name: list(found.values()) for name, found in rows.tables.items()}, rows.unknown_ids)


# -- what every table gets ---------------------------------------------------------------------------


def _checking_order(schema: MetaData) -> list[Table]:
    """Parents before children, and a table after those its rules look into."""
    tables = schema.tables
    extra = [
        (tables[before], tables[name])
        for name, rule in _RULES.items()
        for before in rule.after
        if name in tables and before in tables
    ]
    return sort_tables(tables.values(), extra_dependencies=extra)


def _check_table(table: Table, given: list, rows: _Rows, source: str) -> None:
    found = rows.tables.setdefault(table.name, {})
    keys = _unique_keys(table)
    seen: dict[tuple, dict[tuple, int]] = {columns: {} for _label, columns in keys}
    own_references = [fk for fk in table.foreign_key_constraints if fk.referred_table is table]
    references = [fk for fk in table.foreign_key_constraints if fk.referred_table is not table]
    checked: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(given, start=1):
        try:
            row = _decoded(table, raw)
            for label, columns in keys:
                _check_unique(label, columns, row, seen[columns], number)
            _check_references(row, references, rows)
            rule = _RULES.get(table.name)
            if rule is not None:
                rule.check(row, rows)
        except _RowProblem as problem:
            raise StoreError(f"{source}: table {table.name}, row {number}: {problem}") from None
        found[_key_of(table, row, number)] = row
        checked.append((number, row))
    for number, row in checked:  # a table that refers to itself is complete only now
        try:
            _check_references(row, own_references, rows)
        except _RowProblem as problem:
            raise StoreError(f"{source}: table {table.name}, row {number}: {problem}") from None


def _decoded(table: Table, raw: object) -> dict[str, Any]:
    """Every column of the table with its value checked and decoded; a missing column takes its
    default, or None when it may be empty (a backup made before the column was added)."""
    if not isinstance(raw, Mapping):
        raise _RowProblem(f"is {_shown(raw)}, not an object of column values")
    extra = sorted(set(raw) - set(table.columns.keys()))
    if extra:
        raise _RowProblem(f"unknown columns {extra}")
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.name in raw:
            row[column.name] = _column_value(column, raw[column.name])
        elif column.default is not None and (column.default.is_scalar or column.default.is_callable):
            row[column.name] = column.default.arg if column.default.is_scalar else column.default.arg(None)
        elif column.nullable:
            row[column.name] = None
        else:
            raise _RowProblem(f"{column.name} is missing, and a value is required")
    return row


def _column_value(column: Column, value: Any) -> Any:
    """The value as the column stores it, or _RowProblem when it cannot hold it."""
    if value is None:
        if not column.nullable:
            raise _RowProblem(f"{column.name} is null, and a value is required")
        return None
    kind = column.type
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise _RowProblem(f"{column.name} {_shown(value)} is not true or false")
    elif isinstance(kind, Integer):
        bits = next(bits for integer, bits in _INTEGER_BITS if isinstance(kind, integer))
        if isinstance(value, bool) or not isinstance(value, int):
            raise _RowProblem(f"{column.name} {_shown(value)} is not a whole number")
        if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
            raise _RowProblem(f"{column.name} {value} is too large for the column")
    elif isinstance(kind, Numeric):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _RowProblem(f"{column.name} {_shown(value)} is not a number")
    elif isinstance(kind, DateTime):
        return _parsed(column, value, _datetime, "a date and time (YYYY-MM-DDTHH:MM:SS+00:00)")
    elif isinstance(kind, Date):
        return _parsed(column, value, dt.date.fromisoformat, "a date (YYYY-MM-DD)")
    elif isinstance(kind, String):
        _check_text(column, value)
    return value


def _check_text(column: Column, value: Any) -> None:
    if not isinstance(value, str):
        raise _RowProblem(f"{column.name} {_shown(value)} is not text")
    if "\x00" in value:
        raise _RowProblem(f"{column.name} {_shown(value)} contains a NUL character, which the database cannot store")
    length = getattr(column.type, "length", None)
    if length is not None and len(value) > length:
        raise _RowProblem(f"{column.name} {_shown(value)} is {len(value)} characters long; the most is {length}")
    if isinstance(column.type, Enum) and value not in column.type.enums:
        raise _RowProblem(f"{column.name} {_shown(value)} is not one of {', '.join(column.type.enums)}")


def _datetime(text: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)  # what we store is UTC


def _parsed(column: Column, value: Any, parse: Callable[[str], Any], what: str) -> Any:
    if isinstance(value, str):
        try:
            return parse(value)
        except ValueError:
            pass
    raise _RowProblem(f"{column.name} {_shown(value)} is not {what}")


def _unique_keys(table: Table) -> list[tuple[str, tuple[str, ...]]]:
    """The column sets whose values may not repeat: the primary key, unique constraints and indexes."""
    keys = [("primary key", tuple(c.name for c in table.primary_key.columns))]
    keys += [("unique", tuple(c.name for c in u.columns)) for u in table.constraints if isinstance(u, UniqueConstraint)]
    keys += [("unique", tuple(c.name for c in i.columns)) for i in table.indexes if i.unique]
    return [(label, columns) for label, columns in dict.fromkeys(keys) if columns]


def _check_unique(label: str, columns: tuple[str, ...], row: dict, seen: dict[tuple, int], number: int) -> None:
    value = tuple(row[name] for name in columns)
    if any(part is None for part in value):  # NULLs never clash, in SQLite or PostgreSQL
        return
    if value in seen:
        raise _RowProblem(f"{label} {_named(columns, value)} is already used by row {seen[value]}")
    seen[value] = number


def _check_references(row: dict, references: list[ForeignKeyConstraint], rows: _Rows) -> None:
    for fk in references:
        columns = tuple(fk.column_keys)
        value = tuple(row[name] for name in columns)
        if any(part is None for part in value):
            continue
        referred = tuple(element.column.name for element in fk.elements)
        if value not in rows.values_of(fk.referred_table.name, referred):
            raise _RowProblem(
                f"{_named(columns, value)} refers to a row of {fk.referred_table.name} that is not in the backup"
            )


def _key_of(table: Table, row: dict, number: int) -> object:
    columns = table.primary_key.columns
    if len(columns) == 1:
        return row[next(iter(columns)).name]
    return tuple(row[c.name] for c in columns) if columns else number


# -- what the app's tables get on top ----------------------------------------------------------------


class _Rows:
    """The rows checked so far, by table and primary key, and the framework ids found missing."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.tables: dict[str, dict[object, dict[str, Any]]] = {}
        self.unknown_ids: dict[str, Counter] = {}
        self._values: dict[tuple[str, tuple[str, ...]], set[tuple]] = {}

    def get(self, table: str, key: object) -> dict[str, Any]:
        """A checked row by primary key (its foreign key was checked, so it is there)."""
        return self.tables[table][key]

    def values_of(self, table: str, columns: tuple[str, ...]) -> set[tuple]:
        """Every value the rows of a table hold in these columns; asked only once the table is checked
        (the checking order puts a table after those it refers to)."""
        if (table, columns) not in self._values:
            found = self.tables.get(table, {}).values()
            self._values[(table, columns)] = {tuple(row[name] for name in columns) for row in found}
        return self._values[(table, columns)]

    @cached_property
    def hybrid_options(self) -> set[tuple[int, str]]:
        """(round id, option id) of every hybrid option; asked once hybrid_options is checked."""
        return {(row["round_id"], _hybrid_option_id(row)) for row in self.tables.get("hybrid_options", {}).values()}

    def known(self, table: str, column: str, value: str | None, ids: object) -> None:
        """Note a framework id the framework in use lacks (kept, reported once after the restore)."""
        if value is not None and value not in ids:
            self.unknown_ids.setdefault(f"{table}.{column}", Counter())[value] += 1


@dataclass(frozen=True)
class _Rule:
    check: Callable[[dict[str, Any], _Rows], None]
    after: tuple[str, ...] = ()  # tables the rule looks into besides those the foreign keys name


def _model(model: type[BaseModel], **values: Any) -> BaseModel:
    try:
        return model(**values)
    except ValidationError as exc:
        raise _RowProblem(_pydantic_problem(exc.errors()[0])) from None


_ROUND_STATUS = TypeAdapter(RoundStatus)


def _areas(row: dict, _rows: _Rows) -> None:
    _model(AreaName, name=row["name"])


def _rounds(row: dict, rows: _Rows) -> None:
    try:
        _ROUND_STATUS.validate_python(row["status"])
    except ValidationError as exc:
        raise _RowProblem(_pydantic_problem(exc.errors()[0], "status")) from None
    area = rows.get("areas", row["area_id"])
    _model(
        RoundInput,
        area=area["name"],
        held_on=row["held_on"],
        title=row["title"],
        board=row["board"] or "",
        has_executive=row["has_executive"],
        priority_areas=row["priority_areas"],
    )


def _participants(row: dict, rows: _Rows) -> None:
    rows.known("participants", "partner_type", row["partner_type"], {p.id for p in rows.framework.partner_types})


def _item_ids(framework: Framework, kind: ItemKind, round_row: dict) -> set[str]:
    """The ids an answer or consensus of this kind may name in this round."""
    if kind == ItemKind.STATEMENT:
        return set(framework.statement_factor)
    if kind == ItemKind.FACTOR:
        return {f.id for f in framework.factors}
    if kind == ItemKind.COMPONENT:
        return {c.id for c in framework.components}
    return {p.id for p in framework.priority_areas} | set(round_row["priority_areas"])


def _answers(row: dict, rows: _Rows) -> None:
    answer = _model(Answer, kind=row["kind"], item_id=row["item_id"], value=row["value"], comment=row["comment"])
    round_row = rows.get("rounds", rows.get("participants", row["participant_id"])["round_id"])
    rows.known("answers", "item_id", answer.item_id, _item_ids(rows.framework, answer.kind, round_row))


def _consensus(row: dict, rows: _Rows) -> None:
    entry = _model(
        ConsensusEntry,
        kind=row["kind"],
        item_id=row["item_id"],
        value=row["value"],
        rationale=row["rationale"],
        uncertain_reason=row.get("uncertain_reason") or "",
    )
    round_row = rows.get("rounds", row["round_id"])
    rows.known("consensus", "item_id", entry.item_id, _item_ids(rows.framework, entry.kind, round_row))


def _actions(row: dict, rows: _Rows) -> None:
    fields = ("title", "owner", "due_on", "status", "factor_id", "component_id", "rule_id", "step_id", "priority")
    action = _model(ActionInput, **{name: row[name] for name in fields}, depends_on=row["depends_on"] or ())
    framework = rows.framework
    rows.known("actions", "factor_id", action.factor_id, {f.id for f in framework.factors})
    rows.known("actions", "component_id", action.component_id, {c.id for c in framework.components})
    rows.known("actions", "rule_id", action.rule_id, {r.id for r in framework.recommendations})
    rows.known("actions", "step_id", action.step_id, {s.id for s in framework.implementation_steps})


def _appraisal_weights(row: dict, rows: _Rows) -> None:
    weight = _model(CriterionWeight, criterion_id=row["criterion_id"], weight=row["weight"])
    rows.known("appraisal_weights", "criterion_id", weight.criterion_id, {c.id for c in rows.framework.criteria})


def _appraisal_scores(row: dict, rows: _Rows) -> None:
    score = _model(AppraisalScore, option_id=row["option_id"], criterion_id=row["criterion_id"], value=row["value"])
    participant_id = row["participant_id"]
    if row["scorer"] != appraisal_scorer(participant_id):
        raise _RowProblem(
            f"scorer {_shown(row['scorer'])} does not match participant_id {_shown(participant_id)}; "
            f"it should be {appraisal_scorer(participant_id)!r}"
        )
    if participant_id is not None and rows.get("participants", participant_id)["round_id"] != row["round_id"]:
        raise _RowProblem(f"participant_id {participant_id} is a participant of another round")
    framework = rows.framework
    if (row["round_id"], score.option_id) not in rows.hybrid_options:
        rows.known("appraisal_scores", "option_id", score.option_id, {o.id for o in framework.options})
    rows.known("appraisal_scores", "criterion_id", score.criterion_id, {c.id for c in framework.criteria})


def _hybrid_option_id(hybrid: Mapping[str, Any]) -> str:
    return HybridRow(hybrid["id"], hybrid["round_id"], hybrid["name"], {}).option_id


def _hybrid_options(row: dict, rows: _Rows) -> None:
    hybrid = _model(HybridInput, name=row["name"], choices=row["choices"])
    options = {o.id for o in rows.framework.options}
    for dimension, option_id in hybrid.choices.items():
        if option_id not in options:
            raise _RowProblem(
                f"choices[{dimension!r}] {option_id!r} is not an option of the framework in use "
                f"(version {rows.framework.version})"
            )


def _decisions(row: dict, rows: _Rows) -> None:
    fields = ("option_id", "decided_on", "meeting", "resolution", "conditions")
    decision = _model(DecisionInput, **{name: row[name] for name in fields})
    if (row["round_id"], decision.option_id) not in rows.hybrid_options:
        rows.known("decisions", "option_id", decision.option_id, {o.id for o in rows.framework.options})
    earlier = row["supersedes"]
    if earlier is not None and rows.get("decisions", earlier)["round_id"] != row["round_id"]:
        raise _RowProblem(f"supersedes {earlier} is a decision of another round")


def _ratifications(row: dict, rows: _Rows) -> None:
    _model(Ratification, body=row["body"], status=row["status"], on=row["decided_on"])


def _option_costs(row: dict, rows: _Rows) -> None:
    figures = {name: row[name] for name in COST_FIGURES}
    estimate = _model(CostEstimate, option_id=row["option_id"], note=row["note"], **figures)
    if (row["round_id"], estimate.option_id) not in rows.hybrid_options:
        rows.known("option_costs", "option_id", estimate.option_id, {o.id for o in rows.framework.options})


_PASS_NUMBERS = range(FIRST_PASS + 1, FIRST_PASS + MAX_RESCORES + 1)


def _id_list(row: dict, column: str) -> list[str]:
    value = row[column]
    if not isinstance(value, list) or not value or not all(isinstance(part, str) and part for part in value):
        raise _RowProblem(f"{column} {_shown(value)} is not a list of ids")
    return value


def _rescores(row: dict, rows: _Rows) -> None:
    if row["number"] not in _PASS_NUMBERS:
        raise _RowProblem(f"number {row['number']} is not a re-scoring pass (2, 3 or 4)")
    for factor_id in _id_list(row, "factor_ids"):
        rows.known("rescores", "factor_ids", factor_id, {f.id for f in rows.framework.factors})
    statements = row["statements"]
    if not isinstance(statements, dict) or set(statements) != set(row["factor_ids"]):
        raise _RowProblem(f"statements {_shown(statements)} does not give the statements of each of its factors")
    for factor_id in statements:
        for statement_id in _id_list(statements, factor_id):
            rows.known("rescores", "statements", statement_id, set(rows.framework.statement_factor))


def _rescore_answers(row: dict, rows: _Rows) -> None:
    answer = _model(Answer, kind=row["kind"], item_id=row["item_id"], value=row["value"])
    round_id = rows.get("participants", row["participant_id"])["round_id"]
    found = rows.tables.get("rescores", {}).get((round_id, row["number"]))
    if found is None:
        raise _RowProblem(f"number {row['number']} is not a re-scoring pass of the participant's round")
    if answer.kind != ItemKind.STATEMENT or not any(answer.item_id in ids for ids in found["statements"].values()):
        raise _RowProblem(f"item_id {answer.item_id!r} is not a statement re-scored in pass {row['number']}")


_RULES: dict[str, _Rule] = {
    "areas": _Rule(_areas),
    "rounds": _Rule(_rounds),
    "participants": _Rule(_participants),
    "answers": _Rule(_answers),
    "consensus": _Rule(_consensus),
    "actions": _Rule(_actions),
    "appraisal_weights": _Rule(_appraisal_weights),
    "appraisal_scores": _Rule(_appraisal_scores, after=("hybrid_options",)),
    "hybrid_options": _Rule(_hybrid_options),
    "decisions": _Rule(_decisions, after=("hybrid_options",)),
    "ratifications": _Rule(_ratifications),
    "option_costs": _Rule(_option_costs, after=("hybrid_options",)),
    "rescores": _Rule(_rescores),
    "rescore_answers": _Rule(_rescore_answers, after=("rescores",)),
}


# -- wording -----------------------------------------------------------------------------------------


def _pydantic_problem(error: Mapping[str, Any], column: str = "") -> str:
    """A model's first error as '<column> <value> <problem>'."""
    path = (column, *error["loc"]) if column else tuple(error["loc"]) or ("value",)
    location = str(path[0]) + "".join(f"[{part!r}]" for part in path[1:])
    value = error.get("input")
    if error["type"] == "enum":
        expected = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        return f"{location} {_shown(value)} is not one of {', '.join(expected)}"
    if error["type"] == "string_too_long":
        return f"{location} {_shown(value)} is {len(value)} characters long; the most is {error['ctx']['max_length']}"
    return f"{location} {_shown(value)}: {error['msg'].removeprefix('Value error, ')}"


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 42 else text[:40] + "…" + text[-1]


def _named(columns: tuple[str, ...], value: tuple) -> str:
    if len(columns) == 1:
        return f"{columns[0]} {_shown(value[0])}"
    return f"({', '.join(columns)}) ({', '.join(_shown(part) for part in value)})"
