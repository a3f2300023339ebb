"""Run the workshop: the live results of an open round and its re-scores after discussion, the room's
consensus, closing the round, paper (offline) questionnaires in and out, and the round's history of changes.
Everything here needs a facilitator PIN of the area (or the programme passphrase), once per browser session."""

import streamlit as st

from assessment.models import RoundStatus
from ui import cache, database_wait, resources
from ui.components import (
    access_gate,
    consensus_form,
    join_card,
    live_results,
    paper_download,
    questionnaire_download,
    rescore_control,
    round_picker,
    round_status,
    workbook_upload,
)

LIVE_REFRESH_SECONDS = 5

framework = resources.framework()
store = resources.store()
access_gate.require_change(store, "Run the workshop")  # a viewer is refused before anything of the round is drawn
round_row = round_picker.show(store, title="Run the workshop")
access_gate.require_change(store, "Run the workshop", round_row.area_id if round_row is not None else None)
if round_row is None:
    st.info("There is no round yet. Open one first.")
    st.page_link("app_pages/workshop_setup.py", label="Set up a workshop", icon=":material/add_circle:")
    st.stop()
access_gate.unlock_control(store, store.rounds.find_area(round_row.area_name), key="facilitator")

is_open = round_row.status == RoundStatus.OPEN
st.caption(round_picker.round_line(round_row) + (f" · join code **{round_row.join_code}**" if is_open else ""))
if is_open:
    with st.expander("Show the join code large, and the join link"):
        join_card.show(round_row)

live, agree, close, paper, history = st.tabs(
    ["Live results", "Agree scores", "Close and finalise", "Paper questionnaires", "History"]
)
with live:
    refresh = LIVE_REFRESH_SECONDS if is_open else None
    with st.container():  # one element however the control changes, so the live results below keep their place
        rescore_control.show(store, framework, round_row, cache.round_result(store, round_row.id))
    if refresh:
        st.caption(f"Updates by itself every {refresh} seconds while the round is open.")
    st.fragment(database_wait.refreshing(live_results.show), run_every=refresh)(store, framework, round_row.id)
with agree:
    consensus_form.show(store, framework, round_row, cache.round_result(store, round_row.id))
with close:
    round_status.show(store, framework, round_row)
    if round_row.status == RoundStatus.FINALISED:
        st.divider()
        paper_download.show(store, framework, round_row, cache.round_result(store, round_row.id).respondents)
with paper:
    st.subheader("Offline questionnaire")
    questionnaire_download.show(framework, round_row, key="facilitator_questionnaire")
    st.subheader("Import filled questionnaires")
    st.write(
        "Upload filled questionnaires (as many as you like). Every file is checked first: if any has a "
        "problem, nothing is imported and you see every problem at once."
    )
    workbook_upload.show(store, framework, round_row, key="facilitator_upload")
with history:
    st.caption("Who changed what and when in this round, newest first. People are recorded by role, never by name.")
    trail = store.audit.for_round(round_row.id)
    st.dataframe(
        trail.rename(columns={"at": "When", "actor": "Who (role)", "event": "What", "detail": "Detail"}),
        hide_index=True,
        column_config={"When": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")},
        key="facilitator_audit",
        placeholder="-",
    )
