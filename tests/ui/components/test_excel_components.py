"""The Excel components on their own: download buttons and the all-or-nothing upload."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessment.excel.problems import ImportProblem, ImportRefused
from ui.components.results_download import file_name
from ui.components.workbook_upload import one_line, problem_lines


def test_file_names_are_safe_and_readable():
    assert file_name("Ashvale / North", "2026-02-03", "results") == "Ashvale-North-2026-02-03-results.xlsx"


def test_problems_are_listed_with_user_text_escaped():
    refused = ImportRefused([ImportProblem("a.xlsx", "'*x*' is not one of 1, 2", "Questionnaire", 12, "Answer")])
    assert (
        problem_lines(refused)
        == "- a.xlsx, sheet 'Questionnaire', row 12, Answer\\::small[] '\\*x\\*' is not one of 1, 2"
    )
    assert one_line("[link](http://x.org)\nwww.y.org") == r"\[link\](http\::small[]//x.org) www:small[].y.org"


def _results_app(database: str) -> None:
    from assessment.framework import load_framework
    from assessment.storage import Store
    from ui.components import results_download

    store = Store(database)
    round_row = store.rounds.list_rounds()[0]
    results_download.show(store, load_framework(), round_row, respondents=3)


def _empty_app(database: str) -> None:
    from assessment.framework import load_framework
    from assessment.storage import Store
    from ui.components import results_download

    store = Store(database)
    results_download.show(store, load_framework(), store.rounds.list_rounds()[0], respondents=0)


def _questionnaire_app(database: str) -> None:
    from assessment.framework import load_framework
    from assessment.storage import Store
    from ui.components import questionnaire_download

    questionnaire_download.show(load_framework(), Store(database).rounds.list_rounds()[0])


def _upload_app(database: str) -> None:
    from assessment.framework import load_framework
    from assessment.storage import Store
    from ui.components import workbook_upload

    store = Store(database)
    workbook_upload.show(store, load_framework(), store.rounds.list_rounds()[0])


def _run(function, store) -> AppTest:  # noqa: ANN001
    app = AppTest.from_function(function, args=(store.url,), default_timeout=60)
    return app.run()


def test_results_download_offers_the_workbook_and_says_small_groups_are_always_protected(sqlite_store, framework):
    from tests.assessment.excel.conftest import small_round

    small_round(sqlite_store, framework)
    app = _run(_results_app, sqlite_store)
    assert not app.exception
    assert not app.checkbox  # nothing lets anyone switch the protection off
    assert app.caption[0].value == (
        "Partner types with fewer than 3 people are combined into Other partner, or hidden with the next "
        "smallest group, so no one can be picked out."
    )
    assert app.get("download_button")[0].proto.label == "Download the results workbook (.xlsx)"


def test_results_download_explains_an_empty_round(sqlite_store, framework):
    from tests.assessment.excel.conftest import small_round

    small_round(sqlite_store, framework)
    app = _run(_empty_app, sqlite_store)
    assert app.info[0].value == "Nobody has answered this round yet, so there are no results to download."
    assert not app.get("download_button")


def test_questionnaire_download_names_the_round_code(sqlite_store, framework):
    from tests.assessment.excel.conftest import small_round

    round_row = small_round(sqlite_store, framework)
    app = _run(_questionnaire_app, sqlite_store)
    assert round_row.join_code in app.caption[0].value
    assert app.get("download_button")[0].proto.label == "Download the offline questionnaire (.xlsx)"


def test_the_import_button_waits_for_files(sqlite_store, framework):
    from tests.assessment.excel.conftest import small_round

    small_round(sqlite_store, framework)
    app = _run(_upload_app, sqlite_store)
    assert not app.exception
    assert app.button[0].label == "Check and import"
    assert app.button[0].disabled


def _programme_app(database: str) -> None:
    from assessment.framework import load_framework
    from assessment.storage import Store
    from ui.components import programme_download

    programme_download.show(Store(database), load_framework())


def test_programme_download_counts_the_areas_with_a_finalised_round(sqlite_store, framework):
    from assessment.models import RoundStatus
    from tests.assessment.excel.conftest import small_round

    first = small_round(sqlite_store, framework, area="First")
    small_round(sqlite_store, framework, area="Second")
    sqlite_store.rounds.set_status(first.id, RoundStatus.FINALISED)
    app = _run(_programme_app, sqlite_store)
    assert app.caption[0].value == "1 area with a finalised round. Each area's latest finalised round is used."
    assert app.get("download_button")[0].proto.label == "Download all areas side by side (.xlsx)"
