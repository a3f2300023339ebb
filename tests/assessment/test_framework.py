"""The framework file: what it holds, and how a malformed one is reported."""

import re
from pathlib import Path

import pytest
import yaml

from assessment.framework import DEFAULT_FRAMEWORK_PATH, FrameworkError, load_framework, parse_framework


def test_framework_holds_the_eight_success_factors_in_the_source_papers_order(framework):
    assert [f.id for f in framework.factors] == [
        "leadership",
        "governance",
        "understanding",
        "workforce",
        "roles",
        "contestability",
        "vision",
        "capacity",
    ]
    for factor in framework.factors:
        assert 3 <= len(factor.statements) <= 5
        assert sorted(factor.levels) == [0, 1, 2, 3, 4]
        for statement in factor.statements:
            assert sorted(statement.levels) == [0, 1, 2, 3, 4]


def test_scale_runs_from_not_in_place_to_embedded(framework):
    assert [level.label for level in framework.scale.levels] == [
        "Not in place",
        "Emerging",
        "Developing",
        "Established",
        "Embedded",
    ]
    assert framework.scale.dont_know == "Don't know"


def test_continuum_has_six_stages_from_silo_to_one_organisation(framework):
    assert [s.name for s in framework.stages] == [
        "Silo commissioning and information exchange",
        "Commissioners meeting to align plans",
        "Virtual joint commissioning",
        "Joint commissioning - targeted areas",
        "Joint commissioning - whole system",
        "One organisation",
    ]
    assert len(framework.components) >= 7
    for component in framework.components:
        assert sorted(component.stages) == [1, 2, 3, 4, 5, 6]


def test_options_are_status_quo_and_the_three_of_the_options_paper(framework):
    assert [(o.id, o.stage) for o in framework.options] == [
        ("status_quo", None),
        ("virtual", 3),
        ("targeted", 4),
        ("whole_system", 5),
    ]
    whole = framework.option("whole_system")
    assert whole.prerequisites["leadership"] == 3
    assert whole.prerequisites["capacity"] == 3


def test_criteria_weights_and_recommendation_rules_are_present(framework):
    assert sum(c.weight for c in framework.criteria) == 100
    assert any(r.when.component == "budgets" for r in framework.recommendations)
    assert {"send", "camhs", "early_help", "zero_nineteen"} <= {p.id for p in framework.priority_areas}


def test_partner_types_use_todays_names_and_say_what_they_replaced(framework):
    nhs = next(p for p in framework.partner_types if p.id == "nhs_commissioner")
    assert nhs.name == "NHS commissioner (ICB; formerly PCT or CCG)"
    assert nhs.former_names == ("NHS commissioner (ICB)",)


def test_suggested_owners_name_todays_bodies_and_give_the_old_ones_only_as_examples(framework):
    owners = {r.id: r.suggested_owner for r in framework.recommendations}
    assert owners["separate_roles"] == "The partnership's executive group (e.g. a Children's Trust Executive)"
    assert owners["agree_system_shape"] == (
        "The partnership board (e.g. a Children's Trust Board or Health and Wellbeing Board)"
    )
    for owner in owners.values():
        # A Children's Trust is named only as an example of today's partnership body.
        assert "Children's Trust" not in owner or "(e.g. a Children's Trust" in owner


def test_managers_with_both_roles_identify_their_commissioning_remit_as_the_wirral_paper_asks(framework):
    texts = [o.summary for o in framework.options] + [t for o in framework.options for t in o.dimensions.values()]
    assert not [t for t in texts if "give one up" in t]
    assert "identify their commissioning remit" in framework.option("whole_system").dimensions["commissioner_provider"]


def test_options_claim_nothing_the_options_paper_does_not_say(framework):
    # Wirral's paper gives option 1 no cost or speed, option 2 joint posts and management structures but
    # not pooled budgets, and option 3 the same gains as option 2 across all areas.
    everything = " ".join(
        [o.summary for o in framework.options] + [t for o in framework.options for t in o.dimensions.values()]
    )
    for claim in ("quick and cheap", "least disruption", "improve most", "takes time and effort", "give one up"):
        assert claim not in everything
    assert "pooled budgets" not in framework.option("targeted").summary


def test_the_notes_say_what_is_reconstructed_and_what_is_this_tools_default(framework):
    notes = framework.notes
    assert "Stages 4 and 5 are reconstructed from the names of the paper's options 2 and 3" in notes.continuum
    assert "did not survive" in notes.continuum
    assert "this tool's defaults, not the source papers'" in notes.weights
    assert "this tool's defaults, not the source papers'" in notes.prerequisites
    # The papers run from Wiltshire's in April 2009 to Barnet's in June 2013 and a later, undated one.
    assert "(April 2009)" in notes.sources and "(June 2013)" in notes.sources and "later, undated" in notes.sources


ROOT = Path(__file__).resolve().parents[2]


def test_no_text_people_read_calls_the_source_papers_seeds():
    files = [ROOT / "README.md", DEFAULT_FRAMEWORK_PATH, *(ROOT / "app_pages").glob("*.py")]
    files += [*(ROOT / "ui").rglob("*.py"), *(ROOT / "assessment" / "paper").glob("*.py")]
    said = [f.name for f in files if re.search(r"\bseeds?\b", f.read_text(encoding="utf-8"), re.IGNORECASE)]
    assert said == []


def test_the_readme_dates_the_papers_as_the_papers_do():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "between 2009 and 2013" not in readme
    assert "Barnet's in 2013 and a later, undated one" in readme


def _broken(mutate) -> str:
    raw = yaml.safe_load(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"))
    mutate(raw)
    return yaml.safe_dump(raw, sort_keys=False)


def test_a_missing_level_descriptor_is_reported_with_file_field_and_problem():
    def drop_level(raw):
        del raw["factors"][1]["levels"][3]

    with pytest.raises(FrameworkError) as error:
        parse_framework(_broken(drop_level), "framework.yaml")
    message = str(error.value)
    assert message.startswith("framework.yaml: factors[1] (governance).levels")
    assert "missing [3]" in message


def test_a_prerequisite_on_an_unknown_factor_is_refused():
    def bad_prerequisite(raw):
        raw["options"][2]["prerequisites"]["charisma"] = 2

    with pytest.raises(FrameworkError, match="unknown factors \\['charisma'\\]"):
        parse_framework(_broken(bad_prerequisite), "framework.yaml")


def test_a_score_level_out_of_range_names_the_field():
    def bad_level(raw):
        raw["options"][1]["prerequisites"]["leadership"] = 9

    with pytest.raises(FrameworkError, match=r"options\[1\] \(virtual\)\.prerequisites\.leadership"):
        parse_framework(_broken(bad_level), "framework.yaml")


def test_a_file_that_is_not_yaml_or_not_there_fails_with_its_name(tmp_path: Path):
    broken = tmp_path / "framework.yaml"
    broken.write_text("version: [unclosed", encoding="utf-8")
    with pytest.raises(FrameworkError, match=f"{broken}: not valid YAML"):
        load_framework(broken)
    with pytest.raises(FrameworkError, match="cannot read the framework file"):
        load_framework(tmp_path / "missing.yaml")


def test_each_option_schedules_the_implementation_steps_that_fit_it(framework):
    steps = {o.id: [s.step for s in o.implementation] for o in framework.options}
    assert steps["status_quo"] == ["six_monthly_review"]
    assert len(steps["virtual"]) == 4 and "section_75_agreement" not in steps["virtual"]
    assert {"section_75_agreement", "joint_posts", "commissioning_support_team"} <= set(steps["targeted"])
    # only the whole system changes posts widely enough to need consultation, and pools budgets
    assert set(steps["whole_system"]) - set(steps["targeted"]) == {"staff_consultation", "pooled_budgets"}
    assert framework.step("appoint_lead_commissioners").needs == ("leadership",)


def _option_schedule(raw, option_id: str) -> list[dict]:
    return next(o for o in raw["options"] if o["id"] == option_id)["implementation"]


def test_a_step_depending_on_a_step_its_option_does_not_schedule_is_refused():
    def stray(raw):
        _option_schedule(raw, "virtual")[0]["depends_on"] = ["section_75_agreement"]

    with pytest.raises(FrameworkError, match="option 'virtual', step 'standing_board_item' depends on "):
        parse_framework(_broken(stray), "framework.yaml")


def test_steps_that_depend_on_each_other_in_a_loop_are_refused():
    def loop(raw):
        schedule = _option_schedule(raw, "targeted")
        groups = next(s for s in schedule if s["step"] == "joint_commissioning_groups")
        groups["depends_on"] = ["section_75_agreement"]
        groups["weeks"] = 16  # not before what it depends on, so only the loop is wrong

    with pytest.raises(FrameworkError, match="loop: joint_commissioning_groups -> section_75_agreement -> joint"):
        parse_framework(_broken(loop), "framework.yaml")


def test_a_step_scheduled_before_what_it_depends_on_is_refused():
    def early(raw):
        next(s for s in _option_schedule(raw, "targeted") if s["step"] == "joint_posts")["weeks"] = 10

    with pytest.raises(FrameworkError, match="step 'joint_posts' comes 10 weeks after the decision, before"):
        parse_framework(_broken(early), "framework.yaml")


def test_a_step_needing_an_unknown_factor_or_unknown_step_is_refused():
    def unknown_factor(raw):
        raw["implementation_steps"][0]["needs"] = ["charisma"]

    def unknown_step(raw):
        _option_schedule(raw, "status_quo")[0]["step"] = "away_day"

    with pytest.raises(FrameworkError, match="step 'standing_board_item' needs unknown factors \\['charisma'\\]"):
        parse_framework(_broken(unknown_factor), "framework.yaml")
    with pytest.raises(FrameworkError, match="option 'status_quo', step 'away_day': no implementation step has"):
        parse_framework(_broken(unknown_step), "framework.yaml")


def test_each_option_is_labelled_by_its_number_and_the_stage_it_puts_the_partnership_at(framework):
    labels = [framework.option_label(o.id) for o in framework.options]
    assert labels == ["Status quo", "Option 1: Virtual", "Option 2: Targeted", "Option 3: Whole system"]
