"""People and roles: the programme admin's page (hosted mode) for who may sign in, as what and for which
areas, and whether areas are compared by name."""

import streamlit as st

from ui import resources, state
from ui.components import people_admin

store = resources.store()
st.title("People and roles")
if not state.access().admin:
    st.info(
        "Only a programme admin manages people and roles. Whoever runs the server can make someone admin "
        "with `python -m assessment users add EMAIL --role admin`."
    )
    st.stop()
people_admin.show(store)
