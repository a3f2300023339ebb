"""Recording the room's consensus: the agreed score (factor, 0-4) or stage (component or priority area,
1-6) with its rationale, the room's median beside it, and a table of everything agreed so far."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from assessment.framework import Framework
from assessment.models import ConsensusEntry, ItemKind, RoundStatus
from assessment.scoring import RoundResult
from assessment.storage import ConsensusConflict, ConsensusRow, RoundRow, Store, StoreError
from assessment.workshop import ConsensusItem, consensus_items
from ui import state
from ui.text import plain

KIND_WORDS = {ItemKind.FACTOR: "Factor", ItemKind.COMPONENT: "Component", ItemKind.PRIORITY: "Priority area"}


def show(store: Store, framework: Framework, round_row: RoundRow, result: RoundResult, key: str = "consensus") -> None:
    """Draw the item picker, the consensus form for the chosen item and the table of agreed values."""
    items = consensus_items(result, framework, round_row)
    records = store.consensus.for_round(round_row.id)
    st.write(
        "For each factor and each part of the continuum, record what the room agrees after discussion, "
        "and a short reason or the evidence behind it. Factors where the room is split come first."
    )
    index = st.selectbox(
        "What is the room agreeing now?",
        range(len(items)),
        format_func=lambda i: _item_label(items[i], records.get((items[i].kind, items[i].item_id)), framework),
        key=f"{key}_item_{round_row.id}",
    )
    item = items[index]
    if round_row.status == RoundStatus.FINALISED:
        st.info("This round is finalised. Re-open it (on the 'Close and finalise' tab) to change what was agreed.")
    else:
        _form(store, framework, round_row, item, records.get((item.kind, item.item_id)), key)
    st.subheader("Agreed so far")
    st.dataframe(
        _agreed_table(items, store.consensus.for_round(round_row.id), framework), hide_index=True, placeholder="-"
    )


def _value_label(kind: ItemKind, value: float, framework: Framework) -> str:
    if kind == ItemKind.FACTOR:
        return f"{value:g} {framework.scale.label(int(value))}" if float(value).is_integer() else f"{value:g}"
    return f"{value:g} {framework.stage(int(value)).short_name}" if float(value).is_integer() else f"{value:g}"


def _item_label(item: ConsensusItem, record: ConsensusRow | None, framework: Framework) -> str:
    agreed = "not agreed yet" if record is None or record.value is None else "agreed"
    split = " · SPLIT" if item.split else ""
    return f"{KIND_WORDS[item.kind]}: {item.name}{split} ({agreed})"


def _median_text(item: ConsensusItem) -> str:
    return "-" if item.median is None else f"{item.median:.2f}".rstrip("0").rstrip(".")


def _form(
    store: Store, framework: Framework, round_row: RoundRow, item: ConsensusItem, record: ConsensusRow | None, key: str
) -> None:
    known, loaded = state.loaded_revision(round_row.id, item.kind.value, item.item_id)
    if not known:
        loaded = record.revision if record else None
        state.remember_revision(round_row.id, item.kind.value, item.item_id, loaded)
    left, right = st.columns([1, 2])
    left.metric("The room's median", _median_text(item), help="The middle person's score or stage.")
    if item.split:
        left.warning("Split: the room disagrees. Hear the different views before agreeing.")
    scale_word = "score (0-4)" if item.kind == ItemKind.FACTOR else "stage (1-6)"
    default = record.value if record and record.value is not None else item.median
    options = list(item.scale)
    start = options.index(_nearest(default, options)) if default is not None else None
    widget = f"{key}_{round_row.id}_{item.kind.value}_{item.item_id}"
    with right.form(f"{widget}_form"):
        value = st.radio(
            f"Agreed {scale_word}",
            options,
            index=start,
            format_func=lambda v: _value_label(item.kind, v, framework),
            key=f"{widget}_value",
        )
        rationale = st.text_area(
            "Why: the reason or evidence (optional)",
            value=record.rationale if record else "",
            max_chars=2000,
            key=f"{widget}_rationale",
        )
        saved = st.form_submit_button("Record the agreed value", type="primary")
    if saved:
        _save(store, round_row, item, value, rationale, loaded, right, framework)


def _save(
    store: Store,
    round_row: RoundRow,
    item: ConsensusItem,
    value: int | None,
    rationale: str,
    loaded: int | None,
    where,  # noqa: ANN001 - a streamlit container
    framework: Framework,
) -> None:
    if value is None:
        where.error("Choose the agreed value before recording it.")
        return
    try:
        entry = ConsensusEntry(kind=item.kind, item_id=item.item_id, value=float(value), rationale=rationale)
        row = store.consensus.record(round_row.id, entry, expected_revision=loaded, actor=state.access().actor)
    except ConsensusConflict:
        current = store.consensus.for_round(round_row.id).get((item.kind, item.item_id))
        state.forget_revision(round_row.id, item.kind.value, item.item_id)
        theirs = (
            "nothing" if current is None or current.value is None else _value_label(item.kind, current.value, framework)
        )
        where.error(
            "Someone else recorded this item after you opened it, so your value was NOT saved. "
            f"Their version: {theirs}"
            + (f", because: {plain(current.rationale)}." if current and current.rationale else ".")
            + " Your text is still in the form: record it again to replace theirs."
        )
        return
    except ValidationError:
        where.error("The agreed value or the rationale is not valid (the rationale can be up to 2,000 characters).")
        return
    except StoreError as problem:
        where.error(f"The agreed value could not be saved: {plain(problem)}")
        return
    state.remember_revision(round_row.id, item.kind.value, item.item_id, row.revision)
    where.success(f"Recorded: {plain(item.name)} = {_value_label(item.kind, value, framework)}.")


def _nearest(value: float, options: list[int]) -> int:
    """The option closest to value, the lower one on a tie (as the scoring rounds medians half down)."""
    return min(options, key=lambda option: (abs(option - value), option))


def _agreed_table(
    items: list[ConsensusItem], records: dict[tuple[ItemKind, str], ConsensusRow], framework: Framework
) -> pd.DataFrame:
    rows = []
    for item in items:
        record = records.get((item.kind, item.item_id))
        rows.append(
            {
                "Kind": KIND_WORDS[item.kind],
                "Item": item.name,
                "Room's median": item.median,
                "Split": "Split" if item.split else "",
                "Agreed": ""
                if record is None or record.value is None
                else _value_label(item.kind, record.value, framework),
                "Why": "" if record is None else record.rationale,
            }
        )
    return pd.DataFrame(rows)
