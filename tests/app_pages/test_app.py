"""The app as a whole: the menu, the default page, the about page and an empty database."""

from assessment.results import score_round
from assessment.storage import Store
from tests.app_pages.apptest import app, signed_in


def test_default_page_asks_an_anonymous_visitor_to_sign_in(sample_app_env):
    at = app().run()
    assert at.title[0].value == "Sign in"
    assert not at.subheader and not at.metric
    assert not [s for s in at.selectbox if s.label in {"Area", "Round"}]


def test_default_page_is_the_area_dashboard_with_the_engines_sentence(sample_app_env, framework):
    at = signed_in(app()).run()
    assert not at.exception
    store = Store(sample_app_env)
    newest = store.rounds.list_rounds(store.rounds.list_areas()[0].id)[-1]
    sentence = score_round(store, framework, newest.id).sentence
    assert sentence in [s.value for s in at.subheader]


def test_menu_links_every_page(sample_app_env):
    at = app().run()
    labels = [link.label for link in at.sidebar.get("page_link")]
    assert {"Set up a workshop", "Run the workshop", "Area dashboard", "Compare areas"} <= set(labels)
    assert "About the assessment" in labels


def test_about_page_lists_the_scale_and_the_stages(sample_app_env, framework):
    at = app().run()
    at.switch_page("app_pages/about.py").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    for stage in framework.stages:
        assert stage.name in text


def test_about_page_says_which_stages_are_reconstructed_and_which_figures_are_defaults(sample_app_env, framework):
    at = app().run()
    at.switch_page("app_pages/about.py").run()
    captions = [c.value for c in at.caption]
    assert any("Stages 4 and 5 are reconstructed" in c for c in captions)  # under the stages
    text = " ".join(m.value for m in at.markdown)
    assert "The suggested criteria weights are this tool's defaults" in text
    assert "The success-factor levels each option needs are this tool's defaults" in text
    assert "Wirral Children's Trust's options paper 'Developing Commissioning'" in text


def test_an_empty_database_says_how_to_load_the_sample(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    from ui import resources

    resources.store.clear()
    at = app().run()
    assert "No programme passphrase is set on this server" in at.info[0].value
    at = signed_in(app()).run()
    assert not at.exception
    assert any("No areas yet" in i.value for i in at.info)
    resources.store.clear()


def test_accessibility_statement_gives_the_wcag_status_how_to_report_and_the_date(sample_app_env):
    at = app().run()
    assert "Accessibility statement" in [link.label for link in at.sidebar.get("page_link")]
    at.switch_page("app_pages/accessibility.py").run()
    assert not at.exception
    headers = [h.value for h in at.header]
    assert "Compliance status" in headers
    assert "Reporting a problem or asking for another format" in headers
    text = " ".join(m.value for m in at.markdown)
    assert "WCAG" in text and "2.2 AA" in text
    assert "prepared on 25 November 2026" in text
