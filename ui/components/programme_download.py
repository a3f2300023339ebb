"""A download button for the programme workbook: every area's latest finalised round side by side."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from assessment.disclosure import small_groups_sentence
from assessment.excel.export import programme_workbook
from assessment.framework import Framework
from assessment.models import RoundStatus
from assessment.storage import Store
from ui.components.results_download import XLSX, file_name


def show(store: Store, framework: Framework, key: str = "programme_download") -> None:
    """Draw the button, or say that no round has been finalised yet."""
    finalised = {r.area_id for r in store.rounds.list_rounds() if r.status == RoundStatus.FINALISED}
    if not finalised:
        st.info("No round has been finalised yet, so there is nothing to compare.")
        return
    areas = f"{len(finalised)} area{'s' if len(finalised) != 1 else ''}"
    st.caption(f"{areas} with a finalised round. Each area's latest finalised round is used.")
    st.caption(small_groups_sentence(framework))
    st.download_button(
        "Download all areas side by side (.xlsx)",
        data=lambda: programme_workbook(store, framework),
        file_name=file_name("all-areas", dt.date.today().isoformat()),
        mime=XLSX,
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )
