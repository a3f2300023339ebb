"""The round results page shows the scoring engine's numbers for the chosen round."""

from assessment.results import score_round
from assessment.store import Store
from tests.pages.apptest import app as _app


def test_results_page_shows_the_engines_numbers_for_the_newest_round(sample_app_env, framework):
    at = _app().run()
    assert not at.exception
    store = Store(sample_app_env)
    area = store.list_areas()[0]
    newest = store.list_rounds(area.id)[-1]
    result = score_round(store, framework, newest.id)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Participants"] == str(result.respondents)
    assert metrics["Continuum position (1-6)"] == f"{result.position:.1f}"
    assert metrics["Factors where the room is split"] == str(int((result.factors["agreement"] == "split").sum()))
    assert result.sentence in [m.value for m in at.markdown]
    factors = at.dataframe[0].value
    assert factors["Median"].round(6).tolist() == result.factors["median"].round(6).tolist()


def test_choosing_another_area_and_round_updates_the_page(sample_app_env, framework):
    at = _app().run()
    store = Store(sample_app_env)
    dunmoor = store.find_area("Dunmoor")
    first = store.list_rounds(dunmoor.id)[0]
    at.sidebar.selectbox[0].select(dunmoor.id).run()
    at.sidebar.selectbox[1].select(first.id).run()
    assert not at.exception
    result = score_round(store, framework, first.id)
    assert {m.label: m.value for m in at.metric}["Participants"] == str(result.respondents)
    assert result.sentence in [m.value for m in at.markdown]


def test_about_page_lists_the_scale_and_the_stages(sample_app_env, framework):
    at = _app().run()
    at.switch_page("pages/about.py").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    for stage in framework.stages:
        assert stage.name in text


def test_an_empty_database_says_how_to_load_the_sample(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    from ui import resources

    resources.store.clear()
    at = _app().run()
    assert not at.exception
    assert "No areas yet" in at.sidebar.info[0].value
    resources.store.clear()
