"""A download button for a round's offline questionnaire (.xlsx)."""

from __future__ import annotations

import streamlit as st

from assessment.excel.questionnaire import questionnaire_workbook
from assessment.framework import Framework
from assessment.models import RoundStatus
from assessment.storage import RoundRow
from ui.components.results_download import XLSX, file_name


def show(framework: Framework, round_row: RoundRow, key: str = "questionnaire_download") -> None:
    """Draw the button with a line on how the questionnaire is used."""
    st.caption(
        f"For partners who cannot answer online. The file carries this round's code ({round_row.join_code}), "
        "so it can only be imported back into this round. Each download is one person's copy: download one "
        "for each person. Importing a copy again replaces that person's earlier answers."
    )
    if round_row.status != RoundStatus.OPEN:
        st.warning("This round is not open: re-open it before importing filled questionnaires.")
    st.download_button(
        "Download the offline questionnaire (.xlsx)",
        data=lambda: questionnaire_workbook(framework, round_row),
        file_name=file_name(round_row.area_name, round_row.held_on.isoformat(), "questionnaire"),
        mime=XLSX,
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )
