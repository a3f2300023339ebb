"""A download button for a round's results workbook (.xlsx), made when the button is clicked."""

from __future__ import annotations

import re

import streamlit as st

from assessment.accounts import AuditEvent
from assessment.disclosure import small_groups_sentence
from assessment.excel.export import results_workbook
from assessment.framework import Framework
from assessment.storage import RoundRow, Store
from ui import state
from ui.components.download_audit import audited

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_name(*parts: str, extension: str = "xlsx") -> str:
    """A safe file name from an area, a date and a kind, such as 'Ashvale-2026-02-03-results.xlsx'."""
    text = "-".join(re.sub(r"[^A-Za-z0-9]+", "-", part).strip("-") for part in parts if part)
    return f"{text or 'workbook'}.{extension}"


def show(
    store: Store, framework: Framework, round_row: RoundRow, respondents: int, key: str = "results_download"
) -> None:
    """Draw the button, or say why there is nothing to download yet."""
    if respondents == 0:
        st.info("Nobody has answered this round yet, so there are no results to download.")
        return
    st.caption(small_groups_sentence(framework))
    st.download_button(
        "Download the results workbook (.xlsx)",
        data=audited(
            lambda: results_workbook(store, framework, round_row.id),
            store,
            actor=state.access().actor,
            event=AuditEvent.WORKBOOK_DOWNLOADED,
            detail="results workbook",
            round_id=round_row.id,
        ),
        file_name=file_name(round_row.area_name, round_row.held_on.isoformat(), "results"),
        mime=XLSX,
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )
