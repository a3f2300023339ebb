"""Free text that looks like HTML, script, markdown links or images, or holds a web or email address, is
shown as text on every page of the app, in chart labels and in the Excel export: nothing a participant or
facilitator typed is interpreted, and no address they typed becomes a link."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from openpyxl import load_workbook

from assessment.access import Access
from assessment.accounts import Role
from assessment.models import (
    ActionInput,
    Answer,
    AppraisalScore,
    ConsensusEntry,
    HybridInput,
    ItemKind,
    RoundInput,
)
from tests.app_pages.apptest import ROOT, app
from ui import resources, state

# Each piece of user text carries the word "evil" so the checks can find where it is shown, and a web
# or email address (www., http://, https://, name@domain) that Markdown would make a link of.
AREA = "<b>evil</b> [evil](https://x.io) www.evil.example"
TITLE = "<script>alert('evil')</script> http://evil.example/title"
PRIORITY = "<img src=x> ![evil](x.png) someone@evil.example"
COMMENT = (
    "<script>alert(1)</script> [evil link](https://evil.example) ![evil image](https://evil.example/i.png) "
    "see www.evil.example/comment or https://evil.example/c"
)
RATIONALE = "<i>evil</i> rationale [click](javascript:alert(1)) (http://evil.example/why) ops@evil.example"
ACTION = "<a href='https://evil.example'>evil action</a> ![evil](x.png) WWW.EVIL.EXAMPLE/action"
OWNER = "evil owner owner@evil.example"
HYBRID = "<u>evil</u> hybrid [x](y) http://evil.example/h"
PIN = "8642"

ADMIN = Access(programme=True, account="admin@example.org", role=Role.ADMIN)
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))
LABELLED = ("radio", "selectbox", "multiselect", "checkbox", "toggle", "button", "text_input", "text_area")
MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
# In Markdown, these are the characters that start HTML, links and images; escaped they are preceded by "\".
UNESCAPED = re.compile(r"(?<!\\)[<\[\]]")
# Where Streamlit's renderer finds an address to link once it has undone the escapes: 'www.', a scheme's
# '://' (its colon escaped or not), an '@' just before a domain. ui.text.plain splits each with an empty
# ':small[]', which draws nothing.
LINKABLE = re.compile(r"www\.|\w\\?://|@[\w-]", re.IGNORECASE)
GAP = ":small[]"
RAW_IN_CHART = ("<script", "<img", "<a href", "<b>evil", "<i>evil", "<u>evil")


@pytest.fixture
def hostile_round(app_store, framework):
    """A round where every free-text field holds hostile text, after an earlier round of the same area."""
    earlier = RoundInput(area=AREA, held_on=dt.date(2025, 3, 10), title=TITLE, pin=PIN)
    app_store.rounds.open_round(earlier, framework.version)
    spec = RoundInput(area=AREA, held_on=dt.date(2026, 3, 10), title=TITLE, priority_areas=("camhs", PRIORITY), pin=PIN)
    round_row = app_store.rounds.open_round(spec, framework.version)
    for level in (1, 2, 3):
        participant, _code = app_store.responses.join(round_row.id, "council", role_title=TITLE)
        batch = [
            Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=level, comment=COMMENT)
            for f in framework.factors
            for s in f.statements
        ]
        batch += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=2, comment=COMMENT) for c in framework.components]
        batch += [Answer(kind=ItemKind.PRIORITY, item_id=p, value=3, comment=COMMENT) for p in round_row.priority_areas]
        app_store.responses.save_answers(participant.id, batch)
    factor = framework.factors[0].id
    app_store.consensus.record(
        round_row.id,
        ConsensusEntry(kind=ItemKind.STATEMENT, item_id=factor, value=2, rationale=RATIONALE),
        expected_revision=None,
    )
    app_store.plan.add(round_row.id, ActionInput(title=ACTION, owner=OWNER, factor_id=factor))
    hybrid = app_store.appraisal.add_hybrid(
        round_row.id, HybridInput(name=HYBRID, choices={d.id: "targeted" for d in framework.dimensions})
    )
    app_store.appraisal.save_scores(
        round_row.id,
        [
            AppraisalScore(option_id=option, criterion_id=c.id, value=2)
            for option in [*(o.id for o in framework.options), hybrid.option_id]
            for c in framework.criteria
        ],
    )
    resources.store.clear()
    return round_row


def markdown_shown(at) -> list[str]:  # noqa: ANN001
    """The Markdown source of every element and label the browser renders as Markdown: text elements,
    radio choices, and the labels and help of widgets, tabs, expanders and metrics."""
    values = [str(e.value) for kind in MARKDOWN_KINDS for e in getattr(at, kind)]
    values += [str(e.value) for e in at.sidebar.markdown]
    for radio in at.radio:
        values += [str(o) for o in radio.options]
    for kind in (*LABELLED, "tabs", "expander", "metric"):
        for element in at.get(kind):
            proto = element.proto
            values += [str(getattr(proto, field)) for field in ("label", "help") if hasattr(proto, field)]
    return values


def shown_as_text(at) -> list[str]:  # noqa: ANN001
    """Every Markdown-rendered value that shows user text with an unescaped HTML or link character, or an
    address the renderer would make a link of: [] when everything is shown as text."""
    problems = []
    for value in markdown_shown(at):
        if "evil" in value and (UNESCAPED.search(value.replace(GAP, "")) or LINKABLE.search(value)):
            problems.append(value)
    return problems


def raw_chart_labels(at) -> list[str]:  # noqa: ANN001
    """Every string in the page's plotly figures that still holds a hostile HTML tag."""
    found = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)

        def walk(node) -> None:  # noqa: ANN001
            if isinstance(node, str):
                if any(tag in node for tag in RAW_IN_CHART):
                    found.append(node)
            elif isinstance(node, dict):
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(spec)
    return found


# Pages drawing only their open tab: the session-state key of the open tab, and every tab.
TABS = {
    "area_dashboard.py": (
        state.DASHBOARD_SECTION,
        ["Success factors", "Continuum detail", "Agreement", "By partner type", "Trend"],
    ),
    "compare_areas.py": (state.COMPARE_SECTION, ["Side by side", "Radar", "Heatmap", "On the continuum", "Benchmarks"]),
    "options.py": (
        state.OPTIONS_SECTION,
        ["Compare the options", "Readiness and step change", "Weighted appraisal", "Mix and match", "Recommendation"],
    ),
}


def test_every_page_shows_hostile_text_as_text(hostile_round):
    at = app()
    at.session_state[state.AREA_ID] = hostile_round.area_id
    at.session_state[state.ROUND_ID] = hostile_round.id
    # A programme admin's account: every page opens, compare areas and People and roles too.
    at.session_state[state.ACCESS] = ADMIN
    at.run()
    visited = []
    for path in PAGES:
        if path.endswith("workshop_participant.py"):
            continue
        at.switch_page(path).run()
        key, tabs = TABS.get(path.rsplit("/", 1)[-1], (None, [None]))
        for tab in tabs:  # only a page's open tab is drawn: open each in turn
            if key is not None:
                at.session_state[key] = tab
                at.run()
            assert not at.exception, (path, tab, [e.value for e in at.exception])
            assert shown_as_text(at) == [], (path, tab)
            assert raw_chart_labels(at) == [], (path, tab)
        visited.append(path)
    assert len(visited) == len(PAGES) - 1


def test_the_user_text_really_is_on_the_pages_it_belongs_to(hostile_round):
    """Guards the sweep above: the hostile text is shown (escaped), so the sweep checks something."""
    at = app()
    at.session_state[state.AREA_ID] = hostile_round.area_id
    at.session_state[state.ROUND_ID] = hostile_round.id
    at.session_state[state.ACCESS] = Access(programme=True)  # every page opens, compare areas too
    at.run()
    at.switch_page("app_pages/workshop_facilitator.py").run()
    text = " ".join(str(e.value) for kind in MARKDOWN_KINDS for e in getattr(at, kind))
    assert r"\<b\>evil\</b\>" in text
    at.switch_page("app_pages/options.py")
    at.session_state[state.OPTIONS_SECTION] = "Weighted appraisal"
    at.run()
    labels = json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")])
    assert "&lt;u&gt;evil&lt;/u&gt;" in labels  # the hybrid's name on the appraisal chart, escaped
    at.switch_page("app_pages/development_plan.py").run()
    assert any(ACTION in d.value.to_string() for d in at.dataframe) or ACTION in str(
        [e.value for e in at.get("arrow_data_frame")]
    )


def test_the_participant_page_shows_hostile_text_as_text(hostile_round, app_store):
    participant, code = app_store.responses.join(hostile_round.id, "council")
    app_store.responses.save_answers(
        participant.id,
        [Answer(kind=ItemKind.STATEMENT, item_id="x", value=1, comment=COMMENT)],
    )
    at = app()
    at.query_params["join"] = hostile_round.join_code
    at.query_params["resume"] = code
    at.run()
    assert not at.exception
    assert shown_as_text(at) == []


def test_the_excel_export_keeps_hostile_text_as_plain_cell_text(hostile_round, app_store, framework):
    from assessment.excel.export import results_workbook

    data = results_workbook(app_store, framework, hostile_round.id)
    workbook = load_workbook(io.BytesIO(data))
    cells = [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "evil" in cell.value
    ]
    assert cells, "the export shows the user text somewhere"
    for value in cells:
        assert not value.startswith(("=", "+", "-", "@"))
    assert any(COMMENT in value for value in cells)
    assert any(AREA in value for value in cells)


def test_a_hybrid_name_in_the_options_page_messages_is_shown_as_text(hostile_round):
    """The refusal of a name already taken, and the message after saving, both repeat the name typed."""
    at = app()
    at.session_state[state.AREA_ID] = hostile_round.area_id
    at.session_state[state.ROUND_ID] = hostile_round.id
    at.session_state[state.ACCESS] = Access(programme=True)
    at.session_state[state.OPTIONS_SECTION] = "Mix and match"
    at.run()
    at.switch_page("app_pages/options.py").run()
    at.text_input(key="options_hybrid_name_0").input(HYBRID)
    at.button(key="options_hybrid_save").click()
    at.run()
    assert any("already has an option called" in e.value for e in at.error)
    assert shown_as_text(at) == []
    at.text_input(key="options_hybrid_name_0").input("evil two www.evil.example/two")
    at.button(key="options_hybrid_save").click()
    at.run()
    assert any("evil two" in s.value and "saved with the round" in s.value for s in at.success)
    assert shown_as_text(at) == []


def test_every_step_of_the_participant_questionnaire_shows_hostile_text_as_text(hostile_round, app_store):
    _participant, code = app_store.responses.join(hostile_round.id, "council", role_title=TITLE)
    at = app()
    at.query_params["join"] = hostile_round.join_code
    at.query_params["resume"] = code
    at.run()
    seen = []
    for step in range(100):  # every step up to the last, "Check and submit"
        at.query_params["step"] = str(step + 1)
        at.run()
        assert not at.exception, step
        assert shown_as_text(at) == [], step
        seen += markdown_shown(at)
        if "Check and submit" in [h.value for h in at.header]:
            break
    assert step >= 8 + 1 + 1  # the eight factors, at least one component and the priority areas came first
    assert any("someone@" in value for value in seen)  # the priority area the facilitator typed was shown
