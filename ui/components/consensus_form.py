"""Recording the room's consensus, one item after another: the agreed score (factor, 0-4) or stage
(component or priority area, 1-6) with its rationale, the room's median and the participants' comments
beside it, how many items are agreed, and a table of everything agreed so far."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from assessment.disclosure import decide
from assessment.framework import Framework
from assessment.models import ItemKind, RoundStatus
from assessment.passes import UNCERTAIN_MEANING
from assessment.scoring import RoundResult
from assessment.storage import ConsensusConflict, ConsensusRow, RoundRow, Store, StoreError
from assessment.workshop import (
    ConsensusItem,
    ItemComment,
    consensus_entry,
    consensus_items,
    item_comments,
    next_unagreed,
    scale_figure,
    unagreed_items,
)
from ui import state
from ui.text import plain

KIND_WORDS = {ItemKind.FACTOR: "Factor", ItemKind.COMPONENT: "Component", ItemKind.PRIORITY: "Priority area"}
UNCERTAIN_QUESTION = "Why is the room still uncertain?"

Records = dict[tuple[ItemKind, str], ConsensusRow]


def show(store: Store, framework: Framework, round_row: RoundRow, result: RoundResult, key: str = "consensus") -> None:
    """Draw how many items are agreed, the item picker with Previous and Next, the chosen item's form and
    comments, and the table of agreed values."""
    items = consensus_items(result, framework, round_row)
    if not items:
        st.info("There is nothing to agree yet.")
        return
    records = store.consensus.for_round(round_row.id)
    st.write(
        "Go through the items one by one: for each, record what the room agrees after discussion, and a "
        "short reason or the evidence behind it. Factors where the room is split come first."
    )
    done = len(items) - len(unagreed_items(items, records))
    st.progress(done / len(items), text=f"{done} of {len(items)} agreed")
    message = state.pop_flash(_flash_page(key, round_row.id))
    if message:
        st.success(message)
    index = _picker(items, records, framework, round_row.id, key)
    item = items[index]
    answers = store.responses.answers_frame([round_row.id])
    comments = item_comments(answers, framework, decide(answers, framework), item.kind, item.item_id)
    form_side, comment_side = st.columns([3, 2], gap="large")
    with form_side:
        if round_row.status == RoundStatus.FINALISED:
            st.info("This round is finalised. Re-open it (on the 'Close and finalise' tab) to change what was agreed.")
        else:
            _form(store, framework, round_row, items, index, records, key)
    with comment_side:
        _comments(comments)
    st.subheader("Agreed so far")
    st.table(_agreed_table(items, records, framework), hide_index=True)


def _item_key(item: ConsensusItem) -> str:
    return f"{item.kind.value}/{item.item_id}"


def _flash_page(key: str, round_id: int) -> str:
    return f"{key}_{round_id}"


def _picker(items: list[ConsensusItem], records: Records, framework: Framework, round_id: int, key: str) -> int:
    """The item picker between Previous and Next; returns the position of the chosen item."""
    keys = [_item_key(item) for item in items]
    state.apply_consensus_move(key, round_id, keys)
    by_key = dict(zip(keys, items, strict=True))
    row = st.container(horizontal=True, vertical_alignment="bottom")
    with row:
        chosen = st.selectbox(
            "What is the room agreeing now?",
            keys,
            format_func=lambda k: _item_label(by_key[k], records.get((by_key[k].kind, by_key[k].item_id)), framework),
            key=state.consensus_item_key(key, round_id),
            width=560,
        )
    index = keys.index(chosen)
    with row:
        st.button(
            "Previous",
            icon=":material/arrow_back:",
            disabled=index == 0,
            on_click=state.move_consensus_to,
            args=(key, round_id, keys[max(index - 1, 0)]),
            key=f"{key}_previous_{round_id}",
        )
        st.button(
            "Next",
            icon=":material/arrow_forward:",
            disabled=index == len(keys) - 1,
            on_click=state.move_consensus_to,
            args=(key, round_id, keys[min(index + 1, len(keys) - 1)]),
            key=f"{key}_next_{round_id}",
        )
    st.caption(f"Item {index + 1} of {len(items)}")
    return index


def _value_label(kind: ItemKind, value: float, framework: Framework) -> str:
    if not float(value).is_integer():
        return scale_figure(value)
    word = framework.scale.label(int(value)) if kind == ItemKind.FACTOR else framework.stage(int(value)).short_name
    return f"{int(value)} {word}"


def _item_label(item: ConsensusItem, record: ConsensusRow | None, framework: Framework) -> str:
    agreed = (
        "not agreed yet"
        if record is None or record.value is None
        else f"agreed: {_value_label(item.kind, record.value, framework)}"
    )
    split = " · UNCERTAIN" if item.uncertain else " · SPLIT" if item.split else ""
    return f"{KIND_WORDS[item.kind]}: {item.name}{split} ({agreed})"


def _form(
    store: Store,
    framework: Framework,
    round_row: RoundRow,
    items: list[ConsensusItem],
    index: int,
    records: Records,
    key: str,
) -> None:
    item = items[index]
    record = records.get((item.kind, item.item_id))
    known, loaded = state.loaded_revision(round_row.id, item.kind.value, item.item_id)
    if not known:
        loaded = record.revision if record else None
        state.remember_revision(round_row.id, item.kind.value, item.item_id, loaded)
    st.metric(
        "The room's median",
        scale_figure(item.median),
        help="The middle person's score or stage, to one decimal place (the answers are whole numbers).",
    )
    if item.uncertain:
        st.warning(UNCERTAIN_MEANING)
    elif item.split:
        st.warning("Split: the room disagrees. Hear the different views before agreeing.")
    scale_word = "score (0-4)" if item.kind == ItemKind.FACTOR else "stage (1-6)"
    default = record.value if record and record.value is not None else item.median
    options = list(item.scale)
    start = options.index(_nearest(default, options)) if default is not None else None
    widget = f"{key}_{round_row.id}_{item.kind.value}_{item.item_id}"
    with st.form(f"{widget}_form"):
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
        uncertain_reason = ""
        if item.uncertain:
            uncertain_reason = st.text_area(
                f"{UNCERTAIN_QUESTION} (required)",
                value=record.uncertain_reason if record else "",
                max_chars=2000,
                key=f"{widget}_uncertain",
            )
        saved = st.form_submit_button("Record the agreed value", type="primary")
    if saved:
        _save(store, round_row, items, index, (value, rationale, uncertain_reason), loaded, framework, key)


def _save(
    store: Store,
    round_row: RoundRow,
    items: list[ConsensusItem],
    index: int,
    typed: tuple[int | None, str, str],
    loaded: int | None,
    framework: Framework,
    key: str,
) -> None:
    item = items[index]
    value, rationale, uncertain_reason = typed
    if value is None:
        st.error("Choose the agreed value before recording it.")
        return
    try:
        entry = consensus_entry(item, value, rationale, uncertain_reason)
        row = store.consensus.record(round_row.id, entry, expected_revision=loaded, actor=state.access().actor)
    except ValidationError:
        st.error("The agreed value or the rationale is not valid (the rationale can be up to 2,000 characters).")
        return
    except ValueError as problem:
        st.error(plain(problem))
        return
    except ConsensusConflict:
        _conflict(store, round_row, item, framework)
        return
    except StoreError as problem:
        st.error(f"The agreed value could not be saved: {plain(problem)}")
        return
    state.remember_revision(round_row.id, item.kind.value, item.item_id, row.revision)
    following = next_unagreed(items, store.consensus.for_round(round_row.id), index)
    recorded = f"Recorded {plain(item.name)}: {_value_label(item.kind, value, framework)}."
    if following is None:
        state.flash(_flash_page(key, round_row.id), f"{recorded} Every item is now agreed.")
    else:
        state.flash(_flash_page(key, round_row.id), f"{recorded} Next: {plain(items[following].name)}.")
        state.move_consensus_to(key, round_row.id, _item_key(items[following]))
    st.rerun()


def _conflict(store: Store, round_row: RoundRow, item: ConsensusItem, framework: Framework) -> None:
    current = store.consensus.for_round(round_row.id).get((item.kind, item.item_id))
    state.forget_revision(round_row.id, item.kind.value, item.item_id)
    theirs = (
        "nothing" if current is None or current.value is None else _value_label(item.kind, current.value, framework)
    )
    st.error(
        "Someone else recorded this item after you opened it, so your value was NOT saved. "
        f"Their version: {theirs}"
        + (f", because: {plain(current.rationale)}." if current and current.rationale else ".")
        + " Your text is still in the form: record it again to replace theirs."
    )


def _comments(comments: list[ItemComment]) -> None:
    """The participants' comments on the item, as typed, under the statement each was left on."""
    count = len(comments)
    st.markdown(f"**What participants wrote** ({count} comment{'' if count == 1 else 's'})")
    if not comments:
        st.caption("No one left a comment on this.")
        return
    box = st.container(height=480 if count > 4 else "content", border=False)
    about = None
    for comment in comments:
        if comment.about is not None and comment.about != about:
            about = comment.about
            box.caption(f"On the statement: {plain(about)}")
        card = box.container(border=True)
        card.text(comment.text)
        if comment.group:
            card.caption(f"A participant from {plain(comment.group)}")


def _nearest(value: float, options: list[int]) -> int:
    """The option closest to value, the lower one on a tie (as the scoring rounds medians half down)."""
    return min(options, key=lambda option: (abs(option - value), option))


def _agreed_table(items: list[ConsensusItem], records: Records, framework: Framework) -> pd.DataFrame:
    """Every item with the room's median and what was agreed, as text shown as typed (the table renders
    Markdown), so that the long columns wrap rather than being cut off."""
    rows = []
    for item in items:
        record = records.get((item.kind, item.item_id))
        row = {
            "Item": f"{KIND_WORDS[item.kind]}: {plain(item.name)}",
            "Room's median": scale_figure(item.median),
            "Room": "Uncertain" if item.uncertain else "Split" if item.split else "",
            "Agreed": ""
            if record is None or record.value is None
            else _value_label(item.kind, record.value, framework),
            "Why": "" if record is None else plain(record.rationale),
        }
        if any(i.uncertain for i in items):
            row["Why still uncertain"] = "" if record is None else plain(record.uncertain_reason)
        rows.append(row)
    return pd.DataFrame(rows)
