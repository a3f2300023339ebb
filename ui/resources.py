"""Process-wide resources shared by every session: the framework (read-only) and the database engine.

Nothing per-user is kept here; st.cache_resource holds only these two shared objects. A Store that could
not be opened is not cached (Streamlit caches only a value returned), so the next call tries again.
"""

from __future__ import annotations

import logging
import threading

import streamlit as st

from assessment.framework import Framework, load_framework
from assessment.settings import database_url
from assessment.storage import Store, StoreError
from assessment.storage.database import describe_database

LOG = logging.getLogger("assessment.database")
if not LOG.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False


@st.cache_resource(show_spinner=False)
def framework() -> Framework:
    """The validated framework file; raises FrameworkError when it is malformed."""
    return load_framework()


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The database, opened once per server process (the engine pools its connections)."""
    return Store()


class DatabaseWatch:
    """Whether this process last found the database answering: the log gets one line when it stops
    answering and one when it answers again, however many sessions meet the outage. Process state
    shared by every session, never a user's."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._down = False

    def failed(self, problem: StoreError) -> None:
        """Note a failure to reach the database; logged once per outage, without a traceback."""
        with self._lock:
            if self._down:
                return
            self._down = True
        where, said = describe_database(database_url()), str(problem)
        LOG.error("%s; retrying", said if where in said else f"{where}: {said}")

    def answered(self) -> None:
        """Note that the database answered; logged when it had not been answering."""
        with self._lock:
            if not self._down:
                return
            self._down = False
        LOG.info("%s answers again", describe_database(database_url()))


DATABASE = DatabaseWatch()
