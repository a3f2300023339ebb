"""No page, component or module passes text to the browser as raw HTML: user text is shown as text.

The app's st.html calls load static stylesheets, files in the repository: ui/style.css on every page, and
ui/presentation.css in presentation mode."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
SOURCES += sorted((ROOT / "assessment").rglob("*.py"))


def test_no_source_file_allows_raw_html():
    found = [str(path.relative_to(ROOT)) for path in SOURCES if "unsafe_allow_html" in path.read_text(encoding="utf-8")]
    assert found == []


def test_the_only_html_drawn_is_the_static_stylesheet():
    calls = [
        (str(path.relative_to(ROOT)), call)
        for path in SOURCES
        for call in re.findall(r"st\.html\(([^)]*)\)", path.read_text(encoding="utf-8"))
    ]
    assert calls == [("app.py", "startup.STYLESHEET"), ("ui/components/slide_deck.py", "STYLESHEET")]
    for name in ("style.css", "presentation.css"):
        stylesheet = (ROOT / "ui" / name).read_text(encoding="utf-8")
        assert "<script" not in stylesheet.lower() and "{{" not in stylesheet  # plain CSS, no template
