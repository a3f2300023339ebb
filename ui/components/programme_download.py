"""A download button for the programme workbook: every area's latest finalised round side by side
(other areas anonymised for a session that may not name them)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from assessment.accounts import AuditEvent
from assessment.anonymity import ANONYMOUS_NOTE, AreaNaming
from assessment.disclosure import small_groups_sentence
from assessment.excel.export import programme_workbook
from assessment.framework import Framework
from assessment.models import RoundStatus
from assessment.storage import Store
from ui import state
from ui.components.download_audit import audited
from ui.components.results_download import XLSX, file_name


def show(store: Store, framework: Framework, naming: AreaNaming | None = None, key: str = "programme_download") -> None:
    """Draw the button, or say that no round has been finalised yet. naming: how areas are shown to the
    session (None: every area by name)."""
    finalised = {r.area_id for r in store.rounds.list_rounds() if r.status == RoundStatus.FINALISED}
    if not finalised:
        st.info("No round has been finalised yet, so there is nothing to compare.")
        return
    areas = f"{len(finalised)} area{'s' if len(finalised) != 1 else ''}"
    st.caption(f"{areas} with a finalised round. Each area's latest finalised round is used.")
    st.caption(small_groups_sentence(framework))
    anonymised = naming is not None and naming.anonymised
    if anonymised:
        st.caption(ANONYMOUS_NOTE + " Their development plans and responses are left out.")
    st.download_button(
        "Download all areas side by side (.xlsx)",
        data=audited(
            lambda: programme_workbook(store, framework, naming),
            store,
            actor=state.access().actor,
            event=AuditEvent.WORKBOOK_DOWNLOADED,
            detail="programme workbook" + (" (anonymised)" if anonymised else ""),
        ),
        file_name=file_name("all-areas", dt.date.today().isoformat()),
        mime=XLSX,
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )
