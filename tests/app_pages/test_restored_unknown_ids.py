"""A backup naming ids the framework in use lacks is restored with a note rather than refused; this
checks that judgement: every page draws such a round without an exception or an error box."""

from __future__ import annotations

import gzip
import json

from assessment.models import ActionInput, ConsensusEntry, ItemKind
from assessment.storage.backup import backup, restore
from tests.app_pages.apptest import app
from tests.app_pages.conftest import answered_round, as_facilitator, board_scores
from tests.app_pages.test_hostile_text import ADMIN, PAGES, TABS
from ui import resources, state


def test_every_page_draws_a_restored_round_whose_ids_the_framework_lacks(app_store, framework, tmp_path):
    round_id = answered_round(app_store, framework)
    entry = ConsensusEntry(kind=ItemKind.FACTOR, item_id=framework.factors[0].id, value=2, rationale="")
    app_store.consensus.record(round_id, entry, expected_revision=None)
    app_store.plan.add(round_id, ActionInput(title="Pool the budgets", factor_id=framework.factors[0].id))
    board_scores(app_store, framework, round_id)
    path = tmp_path / "backup.json.gz"
    backup(app_store, path)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    tables = document["tables"]
    tables["participants"][0]["partner_type"] = "wizard"
    tables["answers"][0]["item_id"] = "retired_statement"
    tables["consensus"][0]["item_id"] = "retired_factor"
    tables["actions"][0].update(factor_id="retired_factor", component_id="retired_component", rule_id="retired_rule")
    tables["appraisal_scores"][0]["option_id"] = "retired_option"
    tables["appraisal_scores"][1]["criterion_id"] = "retired_criterion"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(document, handle)

    restored = restore(app_store, path, framework, replace=True)
    assert restored.note is not None and restored.note.count("retired_") == 7 and "'wizard'" in restored.note
    resources.store.clear()

    at = as_facilitator(app(), app_store)
    at.session_state[state.AREA_ID] = app_store.rounds.get_round(round_id).area_id
    at.session_state[state.ROUND_ID] = round_id
    at.run()
    for page in PAGES:
        if page.endswith("workshop_participant.py"):
            continue
        if page.endswith("people.py"):  # a programme admin's page: registered for an admin's account only
            at.session_state[state.ACCESS] = ADMIN
            at.run()
        at.switch_page(page).run()
        key, tabs = TABS.get(page.rsplit("/", 1)[-1], (None, [None]))
        for tab in tabs:
            if key is not None:
                at.session_state[key] = tab
                at.run()
            assert not at.exception, (page, tab, [e.value for e in at.exception])
            assert not at.error, (page, tab, [e.value for e in at.error])
