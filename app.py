"""Router: page config, navigation and the shared sidebar; no logic."""

import streamlit as st

from assessment.framework import FrameworkError
from ui import resources

st.set_page_config(page_title="Joint commissioning self-assessment", page_icon=":material/hub:", layout="wide")

try:
    framework = resources.framework()
    resources.store()
except FrameworkError as error:
    st.error("The assessment framework file could not be loaded, so the app cannot start.")
    st.code(str(error), language=None)
    st.stop()

navigation = st.navigation(
    {
        "Results": [
            st.Page("pages/results.py", title="Round results", icon=":material/insights:", default=True),
            st.Page("pages/excel.py", title="Excel import and export", icon=":material/table_view:"),
        ],
        "Help": [
            st.Page("pages/about.py", title="About the assessment", icon=":material/info:"),
        ],
    }
)
st.sidebar.caption(f"Framework version {framework.version}")
navigation.run()
