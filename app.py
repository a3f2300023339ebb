"""Router: page config, navigation and the shared sidebar; no logic."""

import streamlit as st

from ui import auth, startup, state
from ui.components import sidebar_navigation

st.set_page_config(page_title="Joint commissioning self-assessment", page_icon=":material/hub:", layout="wide")
st.html(startup.STYLESHEET)
auth.stop_if_misconfigured()

join_page = st.Page(
    "app_pages/workshop_participant.py", title="Join a workshop", icon=":material/how_to_reg:", url_path="join"
)
if state.is_participant_session() or "join" in st.query_params or "resume" in st.query_params:
    # A participant sees the questionnaire only: no facilitator page, no results, no menu.
    startup.load_resources()
    startup.run(st.navigation([join_page], position="hidden"))
    st.stop()

facilitator_pages = [
    st.Page("app_pages/workshop_setup.py", title="Set up a workshop", icon=":material/add_circle:"),
    st.Page("app_pages/workshop_facilitator.py", title="Run the workshop", icon=":material/monitoring:"),
    st.Page("app_pages/workshop_presentation.py", title="Presentation mode", icon=":material/slideshow:"),
]
about_page = st.Page("app_pages/about.py", title="About the assessment", icon=":material/info:")
accessibility_page = st.Page(
    "app_pages/accessibility.py", title="Accessibility statement", icon=":material/accessibility:"
)
sections = {
    "Workshop": [*facilitator_pages, join_page],
    "Results": [
        st.Page("app_pages/area_dashboard.py", title="Area dashboard", icon=":material/insights:"),
        st.Page("app_pages/compare_areas.py", title="Compare areas", icon=":material/compare_arrows:"),
        st.Page("app_pages/options.py", title="Structural options", icon=":material/account_tree:"),
        st.Page("app_pages/development_plan.py", title="Development plan", icon=":material/checklist:"),
        st.Page("app_pages/excel.py", title="Excel import and export", icon=":material/table_view:"),
    ],
    "Help": [about_page, accessibility_page],
}
# Roles (hosted mode): a programme admin manages people and roles (the page refuses anyone else signed
# in); a viewer has no workshop to run, so the menu leaves those pages out (their addresses refuse).
access = startup.session_access()
if access.account is not None:
    sections["Programme"] = [st.Page("app_pages/people.py", title="People and roles", icon=":material/group:")]
menu = startup.pages_for_session(
    sections, access, facilitator=facilitator_pages, public=[join_page, about_page, accessibility_page]
)
if not access.admin:
    menu.pop("Programme", None)
# Streamlit's own menu nests list items in a way that fails WCAG checks, so we draw links ourselves.
# The bare address goes on to the dashboard's own, so every page has an address that can be typed.
home = st.Page("app_pages/home.py", title="Area dashboard", default=True)
navigation = st.navigation({**sections, "Start": [home]}, position="hidden")
sidebar_navigation.show(menu)  # drawn first: the browser loads the menu's code during the next line
st.sidebar.caption(f"Framework version {startup.load_resources()}")
startup.show_sign_in_status()
startup.run(navigation)
