"""The About page says in words when the room is split: the rule the framework file names, and the other."""

from tests.app_pages.apptest import app
from ui import resources


def _about_text(at) -> str:  # noqa: ANN001
    at.switch_page("app_pages/about.py").run()
    assert not at.exception
    return " ".join(m.value for m in at.markdown)


def test_about_page_says_the_share_rule_is_in_use_and_describes_the_count_rule(sample_app_env):
    text = _about_text(app().run())
    assert (
        "In use, the share rule:** The room is split on a factor when more than 25% of the people scoring it are "
        "over one level away from the median (the middle score)." in text
    )
    assert (
        "Not in use, the count rule:** The room is split on a factor when at least 4 people scoring it are over "
        "one level away from the median (the middle score), however many people scored it." in text
    )
    # share needs floor(n / 4) + 1 people far from the median, the count rule 4: the same for 12 to 15 people.
    assert "With 12 to 15 people scoring, the two rules agree" in text


def test_about_page_says_where_the_count_rule_comes_from(sample_app_env):
    at = app().run()
    at.switch_page("app_pages/about.py").run()
    captions = " ".join(c.value for c in at.caption)
    assert "SCIROCCO Exchange maturity assessment's Delphi" in captions
    assert "at least four ratings fall outside the three-point band around the median" in captions


def test_about_page_follows_a_framework_file_that_names_the_count_rule(sample_app_env, framework, monkeypatch):
    counting = framework.model_copy(
        update={"agreement": framework.agreement.model_copy(update={"rule": "count", "min_outside": 5})}
    )
    monkeypatch.setattr(resources, "framework", lambda: counting)
    text = _about_text(app().run())
    assert "In use, the count rule:** The room is split on a factor when at least 5 people scoring it" in text
    assert "Not in use, the share rule:** The room is split on a factor when more than 25%" in text
    # share needs floor(n / 4) + 1 people: 5 for 16 to 19 people.
    assert "With 16 to 19 people scoring, the two rules agree: both call a split once 5 of them" in text
