"""The app's first page on a fresh server: open the framework and the database, as cheaply as possible.

The router draws its menu before calling load_resources, so the browser fetches the menu's code while
the database and scoring libraries are imported.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import streamlit as st

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

# Rules for WCAG 2.2 target size and visible focus that no theme option sets; a static file, never user text.
STYLESHEET = Path(__file__).with_name("style.css")
RETRY_SECONDS = 5  # how often a page waiting for the database tries it again


def load_resources() -> str:
    """Open the framework and the database (once per server process); returns the framework version,
    or shows why the app cannot start and stops. ui.resources is imported here, not at the top: the
    database and scoring libraries take half a second to import on a fresh server.

    On that first import the garbage collector is paused and what the import made is then frozen (set
    aside from later collections): otherwise full collections run over and over during the import and
    once more after it, a fifth of the server's first page. Modules, classes and the framework live as
    long as the process, so setting them aside frees nothing less, and every later full collection
    has less to scan."""
    first = "ui.resources" not in sys.modules
    if first:
        gc.disable()
    try:
        from assessment.framework import FrameworkError
        from assessment.storage import StoreError
        from ui import resources

        try:
            framework = resources.framework()
        except FrameworkError as error:
            st.error("The assessment framework file could not be loaded, so the app cannot start.")
            st.code(str(error), language=None)
            st.stop()
        try:
            resources.store()
        except StoreError as problem:
            wait_for_database(problem)
        resources.DATABASE.answered()
    finally:
        if first:
            gc.freeze()
            gc.enable()
    return framework.version


def run(page: StreamlitPage) -> None:
    """Run the page; when the database stops answering during it, say so and wait for it (no traceback)."""
    from assessment.storage import DatabaseUnavailable

    try:
        page.run()
    except DatabaseUnavailable as problem:
        wait_for_database(problem)


def wait_for_database(problem: Exception) -> NoReturn:
    """Say plainly that the database is not answering (which one, never its password), log it once, and
    try again every RETRY_SECONDS: the page carries on by itself when the database answers."""
    from assessment.settings import database_url
    from assessment.storage.database import describe_database
    from ui import resources

    resources.DATABASE.failed(problem)
    st.title("Waiting for the database")
    st.warning(
        f"The app cannot reach its database ({describe_database(database_url())}): it is not answering. "
        f"It tries again every {RETRY_SECONDS} seconds, and this page carries on by itself when the "
        "database is back: there is no need to reload it. Nothing saved before is lost.",
        icon=":material/cloud_off:",
    )
    failed_at = time.monotonic()

    @st.fragment(run_every=RETRY_SECONDS)
    def retry() -> None:
        if time.monotonic() - failed_at < 1:
            return  # the run that just failed: wait the interval before trying again
        st.caption(f"Retrying... last tried at {time.strftime('%H:%M:%S')}.")
        if _database_answers():
            st.rerun(scope="app")

    retry()
    st.stop()


def _database_answers() -> bool:
    """Open the database (when it never was) and read from it; True when it answered."""
    from assessment.storage import StoreError
    from ui import resources

    try:
        resources.store().stamps.programme()
    except StoreError as problem:
        resources.DATABASE.failed(problem)
        return False
    resources.DATABASE.answered()
    return True


def show_sign_in_status() -> None:
    """Say in the sidebar what this session has opened (imported here, after load_resources, for the
    reason given there)."""
    from assessment.storage import DatabaseUnavailable
    from ui import resources
    from ui.components import access_gate

    try:
        access_gate.sidebar_status(resources.store())
    except DatabaseUnavailable as problem:
        wait_for_database(problem)
