"""Process-wide resources shared by every session: the framework (read-only) and the database engine.

Nothing per-user is kept here; st.cache_resource holds only these two shared objects.
"""

from __future__ import annotations

import streamlit as st

from assessment.framework import Framework, load_framework
from assessment.storage import Store


@st.cache_resource(show_spinner=False)
def framework() -> Framework:
    """The validated framework file; raises FrameworkError when it is malformed."""
    return load_framework()


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The database, opened once per server process (the engine pools its connections)."""
    return Store()
