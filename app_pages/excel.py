"""Excel import and export: the results workbook, the offline questionnaire and importing either back."""

import streamlit as st

from assessment.anonymity import naming_for
from ui import cache, resources, state
from ui.components import (
    access_gate,
    programme_download,
    questionnaire_download,
    results_download,
    round_picker,
    workbook_upload,
)

framework = resources.framework()
store = resources.store()
round_row = round_picker.page(store, "Excel import and export")

st.subheader("Results workbook for the Board")
st.write(
    "Scores, the continuum, options and the development plan for this round, with charts, ready to send. "
    "Answers are listed by partner type, without names, except where that would single someone out. "
    "Anyone you send it to can read it: send it only to people who may see this area's results."
)
results_download.show(store, framework, round_row, cache.round_result(store, round_row.id).respondents)

st.subheader("All areas side by side")
access = state.access()
if access.programme or access.account is not None:
    programme_download.show(store, framework, naming_for(store, access))
else:
    st.caption(
        "The workbook of every area's latest finalised round opens only with the programme passphrase, "
        "since it shows every partnership's results."
    )

st.subheader("Offline questionnaire")
questionnaire_download.show(framework, round_row)

st.subheader("Import")
st.write(
    "Upload filled questionnaires of this round (as many as you like)"
    + (
        " or a results workbook exported earlier, which brings back the rounds it holds."
        if state.access().programme
        else ". Importing a results workbook, which adds whole rounds, needs the programme passphrase."
    )
    + " Every file is checked first: if any has a problem, nothing is imported and you see every problem at once."
    + " A round rebuilt from a results workbook holds only the people that workbook shows."
)
if state.access().may_change(round_row.area_id):
    workbook_upload.show(store, framework, round_row)
else:
    st.info(access_gate.viewer_refusal(store, round_row.area_id))
