"""Start the real app under AppTest."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def app(timeout: float = 60) -> AppTest:
    """The whole app (router, sidebar and default page), not yet run."""
    return AppTest.from_file(APP, default_timeout=timeout)
