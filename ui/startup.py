"""The app's first page on a fresh server: open the framework and the database, as cheaply as possible.

The router draws its menu before calling load_resources, so the browser fetches the menu's code while
the database and scoring libraries are imported.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from assessment.access import Access
from ui import state

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

# Rules for WCAG 2.2 target size and visible focus that no theme option sets; a static file, never user text.
STYLESHEET = Path(__file__).with_name("style.css")


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
            from ui import database_wait

            database_wait.wait(problem)
        resources.DATABASE.answered()
    finally:
        if first:
            gc.freeze()
            gc.enable()
    return framework.version


def run(page: StreamlitPage) -> None:
    """Run the page; when the database stops answering during it, say so and wait for it (no traceback)."""
    from ui import database_wait

    database_wait.run(page)


def show_sign_in_status() -> None:
    """Say in the sidebar what this session has opened (imported here, after load_resources, for the
    reason given there)."""
    from assessment.storage import DatabaseUnavailable
    from ui import database_wait, resources
    from ui.components import access_gate

    try:
        access_gate.sidebar_status(resources.store())
    except DatabaseUnavailable as problem:
        database_wait.wait(problem)


def session_access() -> Access:
    """What this session may open, for the menu: in hosted mode the signed-in account's (resolved now, so
    that the first page after signing in shows the right menu); in workshop mode what it has given."""
    from ui import auth

    hosted = auth.settings()
    if hosted is None:
        return state.access()
    from assessment.storage import DatabaseUnavailable
    from ui import database_wait, resources
    from ui.components import account_gate

    load_resources()
    try:
        return account_gate.current(resources.store(), hosted) or state.ANONYMOUS
    except DatabaseUnavailable as problem:
        database_wait.wait(problem)


def pages_for_session(
    sections: dict[str, list[st.Page]], access: Access, *, facilitator: list[st.Page], public: list[st.Page]
) -> dict[str, list[st.Page]]:
    """The menu's sections with the pages this session may use: in hosted mode before sign-in only the
    public pages; for a viewer all but the facilitator's; otherwise every page (in workshop mode each
    page asks for its own PIN). The pages left out still answer their addresses, with the sign-in or a refusal."""
    from ui import auth

    if auth.is_hosted() and access.account is None:
        hidden = [page for pages in sections.values() for page in pages if not any(page is p for p in public)]
    else:
        hidden = facilitator if access.read_only else []
    shown = {heading: [p for p in pages if not any(p is h for h in hidden)] for heading, pages in sections.items()}
    return {heading: pages for heading, pages in shown.items() if pages}
