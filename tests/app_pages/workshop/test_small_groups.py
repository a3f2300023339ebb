"""Small-group suppression on the pages: the facilitator's live view counts people by partner type but
never shows a partner type's scores, and both Excel downloads always protect small groups (no switch).
(The dashboard's 'By partner type' section is covered in tests/app_pages/test_area_dashboard.py.)"""

from __future__ import annotations

from assessment.disclosure import small_groups_sentence
from assessment.models import Answer, ItemKind, RoundStatus
from tests.app_pages.apptest import signed_in
from tests.app_pages.workshop.helpers import page
from tests.app_pages.workshop.test_workshop_facilitator import facilitator_session
from ui import state


def answered(app_store, framework, round_row) -> None:  # noqa: ANN001
    """One council person and one NHS commissioner answer everything (both groups are under k)."""
    for partner, level in (("council", 0), ("nhs_commissioner", 4)):
        person, _code = app_store.responses.join(round_row.id, partner)
        app_store.responses.save_answers(
            person.id,
            [
                Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=level)
                for f in framework.factors
                for s in f.statements
            ],
        )


def test_the_live_view_counts_people_by_partner_type_but_shows_no_scores_by_partner(open_round, app_store, framework):
    answered(app_store, framework, open_round)
    at = facilitator_session(open_round)
    assert not at.exception
    by_partner = [d.value for d in at.dataframe if "Partner type" in d.value.columns]
    assert len(by_partner) == 1
    assert list(by_partner[0].columns) == ["Partner type", "Joined", "Answering", "Submitted"]
    for d in at.dataframe:
        if "Partner type" not in d.value.columns:
            partner_names = {framework.partner_name(p.id) for p in framework.partner_types}
            assert not partner_names & set(d.value.astype(str).to_numpy().ravel())


def test_both_excel_downloads_always_protect_small_groups_with_no_switch_to_untick(open_round, app_store, framework):
    answered(app_store, framework, open_round)
    app_store.rounds.set_status(open_round.id, RoundStatus.CLOSED)
    app_store.rounds.set_status(open_round.id, RoundStatus.FINALISED)
    at = signed_in(page("app_pages/excel.py"))
    at.session_state[state.AREA_ID] = open_round.area_id
    at.session_state[state.ROUND_ID] = open_round.id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [c for c in at.checkbox if "partner type" in c.label.lower()]
    sentence = small_groups_sentence(framework)
    assert [c.value for c in at.caption].count(sentence) == 2  # under both download buttons
