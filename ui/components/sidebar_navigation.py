"""The app's menu in the sidebar: a heading per section and a link per page."""

from __future__ import annotations

import streamlit as st


def show(sections: dict[str, list[st.Page]]) -> None:
    """Draw one bold heading per section and a page link per page, in order."""
    with st.sidebar:
        for heading, pages in sections.items():
            st.markdown(f"**{heading}**")
            for page in pages:
                st.page_link(page)
