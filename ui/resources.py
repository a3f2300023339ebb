"""Process-wide resources shared by every session: the framework (read-only) and the database engine.

Nothing per-user is kept here; st.cache_resource holds only these two shared objects.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assessment.framework import Framework, load_framework
from assessment.store import Store

# Size rules for WCAG 2.2 target size that no theme option sets; a static file, never user text.
STYLESHEET = Path(__file__).with_name("style.css")


@st.cache_resource(show_spinner=False)
def framework() -> Framework:
    """The validated framework file; raises FrameworkError when it is malformed."""
    return load_framework()


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The database, opened once per server process (the engine pools its connections)."""
    return Store()
