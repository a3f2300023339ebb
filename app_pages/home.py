"""The app's bare address: the area dashboard, moved to its own address so that the address a reload or
a link keeps names it (Streamlit gives its default page no address of its own, and answers a typed one
with 'Page not found'). The area and round asked for go along."""

import streamlit as st

st.switch_page("app_pages/area_dashboard.py", query_params=st.query_params.to_dict())
