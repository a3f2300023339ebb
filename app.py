"""Router: page config, navigation and the shared sidebar; no logic."""

import streamlit as st

from assessment.framework import FrameworkError
from ui import resources, state

st.set_page_config(page_title="Joint commissioning self-assessment", page_icon=":material/hub:", layout="wide")

try:
    framework = resources.framework()
    resources.store()
except FrameworkError as error:
    st.error("The assessment framework file could not be loaded, so the app cannot start.")
    st.code(str(error), language=None)
    st.stop()

join_page = st.Page(
    "pages/workshop_participant.py", title="Join a workshop", icon=":material/how_to_reg:", url_path="join"
)
if state.is_participant_session() or "join" in st.query_params or "resume" in st.query_params:
    # A participant sees the questionnaire only: no facilitator page, no results, no menu.
    st.navigation([join_page], position="hidden").run()
    st.stop()

navigation = st.navigation(
    {
        "Workshop": [
            st.Page("pages/workshop_setup.py", title="Set up a workshop", icon=":material/add_circle:"),
            st.Page("pages/workshop_facilitator.py", title="Run the workshop", icon=":material/monitoring:"),
            st.Page("pages/workshop_presentation.py", title="Presentation mode", icon=":material/slideshow:"),
            join_page,
        ],
        "Results": [
            st.Page("pages/results.py", title="Round results", icon=":material/insights:", default=True),
        ],
        "Help": [
            st.Page("pages/about.py", title="About the assessment", icon=":material/info:"),
        ],
    }
)
st.sidebar.caption(f"Framework version {framework.version}")
navigation.run()
