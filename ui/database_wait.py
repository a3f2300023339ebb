"""While the database is not answering (stopped, restarting, unreachable at start-up): say so plainly,
log it once per outage, and carry on by themselves when it is back, with no traceback and no reload.

Imported by ui.startup only once a page needs it: it imports the storage layer."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn, ParamSpec

import streamlit as st

from assessment.settings import database_url
from assessment.storage import DatabaseUnavailable, StoreError
from assessment.storage.database import describe_database
from ui import resources

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

RETRY_SECONDS = 5  # how often a page waiting for the database tries it again
VIEW_AWAY = (
    "The database is not answering, so this view cannot be brought up to date just now. It tries again "
    "by itself and carries on when the database is back."
)
P = ParamSpec("P")


def run(page: StreamlitPage) -> None:
    """Run the page; when the database stops answering during it, say so and wait for it."""
    try:
        page.run()
    except DatabaseUnavailable as problem:
        wait(problem)


def wait(problem: StoreError) -> NoReturn:
    """Say plainly that the database is not answering (which one, never its password), log it once, and
    try again every RETRY_SECONDS: the page carries on by itself when the database answers."""
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
        if _answers():
            st.rerun(scope="app")

    retry()
    st.stop()


def refreshing(draw: Callable[P, None]) -> Callable[P, None]:
    """`draw` for a fragment that refreshes itself (run_every): while the database is not answering,
    the fragment says so instead of failing, and draws again on its next tick once it is back. Keeps
    draw's name, so the fragment is the same one it was."""

    @functools.wraps(draw)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            draw(*args, **kwargs)
        except DatabaseUnavailable as problem:
            resources.DATABASE.failed(problem)
            st.warning(VIEW_AWAY, icon=":material/cloud_off:")
            return
        resources.DATABASE.answered()

    return guarded


def _answers() -> bool:
    """Open the database (when it never was) and read from it; True when it answered."""
    try:
        resources.store().stamps.programme()
    except StoreError as problem:
        resources.DATABASE.failed(problem)
        return False
    resources.DATABASE.answered()
    return True
