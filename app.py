"""Router: page config, navigation and the shared sidebar; no logic."""

import streamlit as st

from assessment.framework import FrameworkError
from ui import resources
from ui.components import sidebar_navigation

st.set_page_config(page_title="Joint commissioning self-assessment", page_icon=":material/hub:", layout="wide")

try:
    framework = resources.framework()
    resources.store()
except FrameworkError as error:
    st.error("The assessment framework file could not be loaded, so the app cannot start.")
    st.code(str(error), language=None)
    st.stop()

sections = {
    "Results": [
        st.Page("pages/area_dashboard.py", title="Area dashboard", icon=":material/insights:", default=True),
        st.Page("pages/compare_areas.py", title="Compare areas", icon=":material/compare_arrows:"),
        st.Page("pages/options.py", title="Structural options", icon=":material/account_tree:"),
        st.Page("pages/development_plan.py", title="Development plan", icon=":material/checklist:"),
    ],
    "Workshop": [
        st.Page("pages/score_options.py", title="Score the options", icon=":material/how_to_vote:"),
    ],
    "Help": [
        st.Page("pages/about.py", title="About the assessment", icon=":material/info:"),
    ],
}
# Streamlit's own menu nests list items in a way that fails WCAG checks, so we draw links ourselves.
navigation = st.navigation(sections, position="hidden")
sidebar_navigation.show(sections)
st.sidebar.caption(f"Framework version {framework.version}")
navigation.run()
