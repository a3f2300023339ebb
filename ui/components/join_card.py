"""The join code and link of a round, as the facilitator reads them out or puts them on screen, with a QR
code of the link for phones to scan."""

from __future__ import annotations

import streamlit as st

from assessment.dates import round_name
from assessment.models import RoundStatus
from assessment.qr import qr_png
from assessment.settings import SettingError
from assessment.storage import RoundRow
from ui.text import app_link, is_local_link, plain

LOCAL_WARNING = (
    "This link begins with an address that only this computer can open (localhost), so participants' phones "
    "cannot use it. Whoever runs the app can set `ASSESSMENT_PUBLIC_URL` to an address the room's phones can "
    "reach: see 'Running a room' in the README."
)


def show(round_row: RoundRow) -> None:
    """Draw the round's join code in large type beside a QR code of its join link, the link to copy, and
    how participants use them."""
    with st.container(border=True):
        st.markdown(f"**{plain(round_row.area_name)}** · {plain(round_name(round_row))}")
        if round_row.status != RoundStatus.OPEN:
            st.info(f"This round is {round_row.status.value}, so participants cannot join or change answers.")
            return
        try:
            link, problem = app_link(join=round_row.join_code), None
        except SettingError as error:
            link, problem = None, str(error)
        scannable = link is not None and not link.startswith("?")
        if problem:
            st.error(plain(problem))
        elif scannable and is_local_link(link):
            st.warning(LOCAL_WARNING)
        code_column, qr_column = st.columns([3, 2], vertical_alignment="center")
        with code_column:
            st.caption("Join code")
            st.markdown(f"# {round_row.join_code}")
            scan = "scan the QR code, " if scannable else ""
            st.write(
                f"Participants {scan}open the link below, or open this app and type the join code. No name is needed."
            )
            if link is not None:
                st.code(link, language=None, wrap_lines=True)
        if scannable:
            # At its own size (about 370 pixels) a phone at the back of the room reads it off the projector.
            qr_column.image(qr_png(link), output_format="PNG", alt=f"QR code of the join link {link}")
