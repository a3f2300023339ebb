"""Each option in the framework says what it needs in resources; a file without it is refused."""

from __future__ import annotations

import pytest
import yaml

from assessment.framework import DEFAULT_FRAMEWORK_PATH, FrameworkError, parse_framework


def test_every_option_names_its_resources_in_the_source_papers_terms(framework):
    words = {o.id: o.resources for o in framework.options}
    assert words["status_quo"].startswith("No new posts, agreements or legal work.")
    assert "joint commissioning manager post" in words["virtual"]  # Wirral's paper, section 10
    assert "matrix management" in words["targeted"] and "section 75" in words["targeted"]
    assert "job descriptions" in words["whole_system"] and "memorandum of understanding" in words["whole_system"]


@pytest.mark.parametrize(
    ("value", "problem"),
    [(None, "Field required"), ("   ", "String should have at least 1 character")],
)
def test_an_option_without_resources_is_reported_with_file_field_and_problem(value, problem):
    raw = yaml.safe_load(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"))
    if value is None:
        del raw["options"][2]["resources"]
    else:
        raw["options"][2]["resources"] = value
    with pytest.raises(FrameworkError) as refused:
        parse_framework(yaml.safe_dump(raw, sort_keys=False), "framework.yaml")
    assert str(refused.value) == f"framework.yaml: options[2] (targeted).resources: {problem}"
