"""The join code and link of a round, as the facilitator reads them out or puts them on screen."""

from __future__ import annotations

import streamlit as st

from assessment.dates import round_name
from assessment.models import RoundStatus
from assessment.storage import RoundRow
from ui.text import app_link, plain


def show(round_row: RoundRow) -> None:
    """Draw the round's join code in large type, its join link to copy, and how participants use them."""
    with st.container(border=True):
        st.markdown(f"**{plain(round_row.area_name)}** · {plain(round_name(round_row))}")
        if round_row.status != RoundStatus.OPEN:
            st.info(f"This round is {round_row.status.value}, so participants cannot join or change answers.")
            return
        st.caption("Join code")
        st.markdown(f"# {round_row.join_code}")
        st.write("Participants open the link below, or open this app and type the join code. No name is needed.")
        st.code(app_link(join=round_row.join_code), language=None, wrap_lines=True)
