"""Start the real app under AppTest."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.access import Access
from ui import state

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def app(timeout: float = 60) -> AppTest:
    """The whole app (router, sidebar and default page), not yet run."""
    return AppTest.from_file(APP, default_timeout=timeout)


def signed_in(at: AppTest, *area_ids: int) -> AppTest:
    """The session as one that gave the PIN of these areas, or (no areas named) the programme passphrase."""
    at.session_state[state.ACCESS] = Access(programme=not area_ids, area_ids=frozenset(area_ids))
    return at
