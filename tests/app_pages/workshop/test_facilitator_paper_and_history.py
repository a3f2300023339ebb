"""The facilitator page, behind the PIN: the offline questionnaire out, filled questionnaires in, and the
round's history of changes (who by role, what, when)."""

from __future__ import annotations

from assessment.excel.importer import import_files
from assessment.excel.questionnaire import questionnaire_workbook
from assessment.models import ItemKind
from tests.app_pages.workshop.helpers import button, page
from tests.app_pages.workshop.test_workshop_facilitator import FACILITATOR, facilitator_session, room
from tests.assessment.excel.conftest import fill_questionnaire
from ui import state


def history(at):  # noqa: ANN001, ANN201
    """The History tab's table."""
    return next(d.value for d in at.dataframe if "Who (role)" in d.value.columns)


def test_the_paper_tab_offers_the_questionnaire_and_the_import(open_round):
    at = facilitator_session(open_round)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.label for t in at.tabs] == [
        "Live results",
        "Agree scores",
        "Close and finalise",
        "Paper questionnaires",
        "History",
    ]
    downloads = [d.proto.label for d in at.get("download_button")]
    assert "Download the offline questionnaire (.xlsx)" in downloads
    assert any(open_round.join_code in c.value for c in at.caption)
    go = at.button(key="facilitator_upload_go")
    assert go.label == "Check and import" and go.disabled  # waits for files


def test_nothing_of_the_paper_tab_or_history_shows_without_the_pin(open_round):
    at = page(FACILITATOR)
    at.session_state[state.AREA_ID] = open_round.area_id
    at.session_state[state.ROUND_ID] = open_round.id
    at.run()
    assert not at.get("download_button")
    assert not [d for d in at.dataframe if "Who (role)" in d.value.columns]
    assert "History" not in [t.label for t in at.tabs]
    assert at.title[0].value == "Sign in"


def test_the_history_shows_the_round_consensus_and_imports_by_role_newest_first(open_round, app_store, framework):
    room(app_store, framework, open_round)
    template = questionnaire_workbook(framework, open_round)
    statement = framework.factors[0].statements[0].id
    filled = fill_questionnaire(template, framework.partner_name("school"), {statement: 3})
    import_files(app_store, framework, [("paper.xlsx", filled)], round_id=open_round.id, actor="facilitator")

    at = facilitator_session(open_round)
    key = f"consensus_{open_round.id}_factor_governance"
    at.radio(key=f"{key}_value").set_value(2)
    button(at, "Record the agreed value").click().run()
    assert app_store.consensus.for_round(open_round.id)[(ItemKind.FACTOR, "governance")].value == 2.0

    trail = history(at)
    assert list(trail.columns) == ["When", "Who (role)", "What", "Detail"]
    assert trail["What"].tolist() == ["consensus recorded", "answers imported", "round opened"]
    # The change made on the page names how its maker got in: with a PIN of the area.
    assert trail["Who (role)"].tolist() == ["facilitator (PIN)", "facilitator", "facilitator"]
    assert trail["When"].is_monotonic_decreasing
    assert trail.equals(
        app_store.audit.for_round(open_round.id).rename(
            columns={"at": "When", "actor": "Who (role)", "event": "What", "detail": "Detail"}
        )
    )
