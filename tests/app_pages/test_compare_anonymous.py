"""The compare page for an area lead or viewer: their own areas by name, every other area as Area A, B ...
in label order, and no other area's name anywhere in the page (unless named comparison is agreed)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.accounts import Account, Role, access_for, set_named_comparison
from assessment.anonymity import ANONYMOUS_NOTE, naming_for
from tests.app_pages.results_data import point_app_at
from tests.assessment.test_anonymity import LEVELS, _programme
from ui import state

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "compare_areas.py")
SECTIONS = ["Side by side", "Radar", "Heatmap", "On the continuum", "Benchmarks"]


def _open(store, monkeypatch, access, section: str = "Side by side") -> AppTest:  # noqa: ANN001
    point_app_at(store, monkeypatch)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[state.ACCESS] = access
    at.session_state[state.COMPARE_ALL] = True
    at.session_state[state.COMPARE_SECTION] = section
    at.run()
    assert not at.exception, at.exception
    return at


def _everything(at: AppTest) -> str:
    """Every element of the page as the browser is sent it (text, tables, charts, widget options)."""
    return str(at._tree) + " ".join(json.dumps(df.value.astype(str).to_dict()) for df in at.dataframe)


def test_a_lead_sees_the_others_only_by_label_on_every_section(sqlite_store, framework, monkeypatch):
    ids = _programme(sqlite_store, framework)
    lead = access_for(Account("lead@barnet.gov.uk", Role.LEAD, frozenset({ids["Barnet"]})))
    naming = naming_for(sqlite_store, lead)
    for section in SECTIONS:
        at = _open(sqlite_store, monkeypatch, lead, section)
        page = _everything(at)
        for other in ("Wirral", "Croydon", "Dorset"):
            assert other not in page, (section, other)
        assert "Barnet" in page
    at = _open(sqlite_store, monkeypatch, lead)
    assert ANONYMOUS_NOTE in [c.value for c in at.caption]
    shown = next(df.value for df in at.dataframe if "Partner types" in df.value.columns)
    others = sorted((naming.name(ids[a]) for a in ("Wirral", "Croydon", "Dorset")), key=lambda t: (len(t), t))
    # Sorted by the name shown (the page's default): the labels in their order, Barnet where its name falls.
    assert shown["Area"].tolist() == [*others, "Barnet"]
    factor = framework.factors[0].short_name
    assert dict(zip(shown["Area"], shown[factor], strict=True)) == {
        naming.name(ids[area]): float(level) for area, level in LEVELS.items()
    }


def test_a_viewer_under_named_comparison_sees_every_name(sqlite_store, framework, monkeypatch):
    ids = _programme(sqlite_store, framework)
    set_named_comparison(sqlite_store, True, actor="admin@x.org")
    viewer = access_for(Account("board@barnet.gov.uk", Role.VIEWER, frozenset({ids["Barnet"]})), named_comparison=True)
    at = _open(sqlite_store, monkeypatch, viewer)
    shown = next(df.value for df in at.dataframe if "Partner types" in df.value.columns)
    assert shown["Area"].tolist() == ["Barnet", "Croydon", "Dorset", "Wirral"]
    assert ANONYMOUS_NOTE not in [c.value for c in at.caption]
