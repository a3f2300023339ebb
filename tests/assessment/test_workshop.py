"""The workshop logic: the participant's steps and progress, the round's priority areas, the wait
after wrong codes, the facilitator's counts, discussion order and consensus items."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from assessment.models import Answer, ItemKind, RoundStatus
from assessment.scoring import round_result, score_answers
from assessment.storage import RoundRow
from assessment.workshop import (
    answered_count,
    consensus_items,
    continuum_counts,
    continuum_headline,
    discussion_order,
    factor_spread_table,
    first_open_step,
    fit_comment,
    join_wait_seconds,
    partner_counts,
    progress,
    questionnaire_steps,
    round_priority_areas,
    seconds_to_wait,
    server_wait_seconds,
    step_to_show,
    terms_on_step,
    unanswered_steps,
)


def a_round(priority_areas: tuple[str, ...] = ("camhs", "Short breaks")) -> RoundRow:
    return RoundRow(
        id=7,
        area_id=1,
        area_name="Testshire",
        title="Spring",
        held_on=dt.date(2026, 3, 10),
        status=RoundStatus.OPEN,
        framework_version="2026.1",
        join_code="ABC234",
        priority_areas=priority_areas,
        has_pin=True,
    )


def answer(kind: ItemKind, item: str, value: int | None = 1) -> tuple[tuple[ItemKind, str], Answer]:
    return (kind, item), Answer(kind=kind, item_id=item, value=value)


def test_the_questionnaire_is_eight_factors_then_each_component_then_the_priority_areas(framework):
    steps = questionnaire_steps(framework, a_round())
    assert [s.key for s in steps[:8]] == [f.id for f in framework.factors]
    assert [s.key for s in steps[8:16]] == [c.id for c in framework.components]
    assert (steps[16].kind, steps[16].items) == (ItemKind.PRIORITY, ("camhs", "Short breaks"))
    assert len(steps) == 17
    assert len(questionnaire_steps(framework, a_round(()))) == 16


def test_progress_counts_dont_know_as_an_answer(framework):
    steps = questionnaire_steps(framework, a_round())
    total = sum(len(f.statements) for f in framework.factors) + len(framework.components) + 2
    answers = dict(
        [
            answer(ItemKind.STATEMENT, framework.factors[0].statements[0].id, None),
            answer(ItemKind.COMPONENT, "budgets", 3),
            answer(ItemKind.PRIORITY, "Short breaks", 2),
        ]
    )
    assert progress(steps, answers) == pytest.approx(3 / total)
    assert progress(steps, {}) == 0.0


def test_the_answered_count_counts_questions_not_pages(framework):
    # 8 factors x 4 statements, 8 components and the round's 2 priority areas: 42 questions on 17 pages.
    steps = questionnaire_steps(framework, a_round())
    leadership = dict(answer(ItemKind.STATEMENT, s.id, 2) for s in framework.factor("leadership").statements)
    assert answered_count(steps, {}) == (0, 42)
    assert answered_count(steps, leadership | dict([answer(ItemKind.COMPONENT, "budgets", 3)])) == (5, 42)


def test_a_comment_over_the_limit_keeps_its_first_2000_characters():
    assert fit_comment("  a short note \n") == ("a short note", 12)
    exact = "x" * 2000
    assert fit_comment(exact) == (exact, 2000)
    # 1,990 + 25 = 2,015 characters: the first 2,000 are kept, up to "then " (10 characters after the y's)
    assert fit_comment("y" * 1990 + " and then some more words") == ("y" * 1990 + " and then ", 2015)


def test_a_returning_participant_starts_at_the_first_step_not_fully_answered(framework):
    steps = questionnaire_steps(framework, a_round())
    leadership = dict(answer(ItemKind.STATEMENT, s.id, 2) for s in framework.factor("leadership").statements)
    assert first_open_step(steps, {}) == 0
    assert first_open_step(steps, leadership) == 1
    assert len(unanswered_steps(steps, leadership)) == 16
    everything = {(step.kind, item): Answer(kind=step.kind, item_id=item) for step in steps for item in step.items}
    assert first_open_step(steps, everything) == 17  # the review step
    assert unanswered_steps(steps, everything) == []


def test_a_resumed_participant_sees_the_first_open_step_and_a_chosen_step_stays_in_range(framework):
    steps = questionnaire_steps(framework, a_round())  # 17 steps, the review step is 17
    leadership = dict(answer(ItemKind.STATEMENT, s.id, 2) for s in framework.factor("leadership").statements)
    assert step_to_show(None, steps, leadership) == 1  # leadership answered: the next factor
    assert step_to_show(0, steps, leadership) == 0  # went back on purpose: stays there
    assert step_to_show(40, steps, {}) == 17
    assert step_to_show(-3, steps, {}) == 0


def test_a_rounds_own_priority_areas_follow_the_chosen_ones_without_repeats(framework):
    areas = round_priority_areas(
        ["send", "camhs"], "Short breaks\n\n  short   breaks \nChildren's mental health (CAMHS)\nYouth work", framework
    )
    assert areas == ("send", "camhs", "Short breaks", "Youth work")


def test_a_too_long_own_priority_area_is_named_by_its_line(framework):
    with pytest.raises(ValueError, match="Line 2 of your own priority areas is 81 characters long"):
        round_priority_areas([], "Short breaks\n" + "x" * 81, framework)


def test_an_unknown_framework_priority_area_is_refused(framework):
    with pytest.raises(ValueError, match="unknown priority areas: nonsense"):
        round_priority_areas(["nonsense"], "", framework)


def test_wrong_codes_are_free_three_times_then_the_wait_doubles_up_to_five_minutes():
    assert [join_wait_seconds(n) for n in range(8)] == [0, 0, 0, 5, 10, 20, 40, 80]
    assert join_wait_seconds(20) == 300


def test_the_session_waits_whole_seconds_rounded_up_and_never_less_than_nothing():
    assert seconds_to_wait(1000.0, 995.2) == 5  # 4.8 seconds left
    assert seconds_to_wait(1000.0, 1000.0) == 0
    assert seconds_to_wait(0.0, 1000.0) == 0  # never blocked


def test_a_busy_server_names_at_least_one_second_rounded_up():
    until = dt.datetime(2026, 3, 10, 10, 1, tzinfo=dt.UTC)
    assert server_wait_seconds(until, until - dt.timedelta(seconds=29.5)) == 30
    assert server_wait_seconds(until, until - dt.timedelta(seconds=60)) == 60
    assert server_wait_seconds(until, until) == 1  # the lock ends just as it refuses: still one second


def test_partner_counts_count_joined_answering_and_submitted(framework):
    participants = pd.DataFrame(
        {
            "participant_id": [1, 2, 3, 4],
            "round_id": [7, 7, 7, 7],
            "partner_type": ["school", "council", "council", "nhs_commissioner"],
            "complete": [True, True, False, False],
        }
    )
    answers = pd.DataFrame({"participant_id": [1, 1, 2, 3], "value": [1.0, 2.0, 3.0, np.nan]})
    counts = partner_counts(participants, answers, framework)
    assert counts.index.tolist() == ["council", "nhs_commissioner", "school", "total"]  # framework order
    assert counts["partner"].tolist() == [
        "Council children's services",
        "NHS commissioner (ICB; formerly PCT or CCG)",
        "Schools",
        "Total",
    ]
    assert counts["joined"].tolist() == [2, 1, 1, 4]
    assert counts["answering"].tolist() == [2, 0, 1, 3]
    assert counts["submitted"].tolist() == [1, 0, 1, 2]


def test_partner_counts_of_an_empty_round_are_all_zero(framework):
    empty = pd.DataFrame(columns=["participant_id", "round_id", "partner_type", "complete"])
    counts = partner_counts(empty, pd.DataFrame(columns=["participant_id"]), framework)
    assert counts.loc["total", ["joined", "answering", "submitted"]].tolist() == [0, 0, 0]


def test_split_factors_come_first_then_the_widest_spread_then_the_lowest_median():
    factors = pd.DataFrame(
        {
            "median": [2.0, 3.0, 1.0, 2.5, np.nan, 1.5],
            "iqr": [0.5, 1.0, 0.5, 2.0, np.nan, 0.5],
            "outside_share": [0.0, 0.3, 0.0, 0.5, np.nan, 0.0],
            "agreement": ["agreement", "split", "agreement", "split", "no answers", "agreement"],
        },
        index=["a", "b", "c", "d", "e", "f"],
    )
    # d and b are split (d wider); a, c, f tie on spread so the lowest median (c 1.0, f 1.5, a 2.0)
    # comes first; e has no scores
    assert discussion_order(factors) == ["d", "b", "c", "f", "a", "e"]


def scored_round(framework, rows: list[tuple[int, str, str, str, float | None]]):  # noqa: ANN001, ANN201
    """A RoundResult of round 7 from (participant, partner, kind, item, value) rows."""
    answers = pd.DataFrame(
        [
            {
                "round_id": 7,
                "participant_id": p,
                "partner_type": partner,
                "complete": True,
                "kind": kind,
                "item_id": item,
                "value": np.nan if value is None else float(value),
                "comment": "",
            }
            for p, partner, kind, item, value in rows
        ]
    )
    return round_result(score_answers(answers, framework), 7, framework, priority_areas=("Short breaks",))


def test_the_spread_table_gives_each_factors_lowest_and_highest_person(framework):
    governance = [s.id for s in framework.factor("governance").statements]
    rows = []
    for person, values in ((1, [0, 0, 0, 0]), (2, [4, 4, 4, 4]), (3, [4, 4, 3, 3])):
        rows += [(person, "council", "statement", item, v) for item, v in zip(governance, values, strict=False)]
    result = scored_round(framework, rows)
    order = discussion_order(result.factors)
    table = factor_spread_table(result, order, result.respondent_scores).set_index("Factor")
    row = table.loc["Effective governance"]
    # scores 0, 4 and 3.5: median 3.5, lowest 0, highest 4; 0 is 3.5 away, a third of the room: split
    assert (row["Median"], row["Lowest"], row["Highest"], row["People scored"]) == (3.5, 0.0, 4.0, 3)
    assert row["Room"] == "Split: discuss"
    assert order[0] == "governance"
    assert table.loc["Clear leadership", "Room"] == "No scores yet"
    assert "Lowest" not in factor_spread_table(result, order).columns  # presentation mode: the room's only


def test_continuum_counts_turn_shares_back_into_people(framework):
    rows = [
        (1, "council", "component", "budgets", 1),
        (2, "council", "component", "budgets", 2),
        (3, "school", "component", "budgets", 2),
        (4, "school", "component", "budgets", None),
        (1, "council", "priority", "Short breaks", 4),
    ]
    result = scored_round(framework, rows)
    counts = continuum_counts(result, ItemKind.COMPONENT).loc["budgets"]
    assert counts[[1, 2, 3, 4, 5, 6]].tolist() == [1, 2, 0, 0, 0, 0]
    assert (counts["n"], counts["median"]) == (3, 2.0)
    priorities = continuum_counts(result, ItemKind.PRIORITY)
    assert priorities.loc["Short breaks", 4] == 1
    assert priorities.loc["Short breaks", "name"] == "Short breaks"


def test_consensus_items_are_factors_to_discuss_first_then_components_then_priority_areas(framework):
    governance = [s.id for s in framework.factor("governance").statements]
    rows = [(p, "council", "statement", governance[0], v) for p, v in ((1, 0), (2, 4), (3, 4))]
    rows.append((1, "council", "priority", "camhs", 3))
    result = scored_round(framework, rows)
    items = consensus_items(result, framework, a_round())
    assert (items[0].item_id, items[0].split, items[0].median, items[0].scale) == (
        "governance",
        True,
        4.0,
        (0, 1, 2, 3, 4),
    )
    assert [i.kind for i in items].count(ItemKind.FACTOR) == 8
    assert [i.item_id for i in items if i.kind == ItemKind.COMPONENT] == [c.id for c in framework.components]
    camhs, own = items[-2], items[-1]
    assert (camhs.name, camhs.median, camhs.scale) == ("Children's mental health (CAMHS)", 3.0, (1, 2, 3, 4, 5, 6))
    assert (own.name, own.median) == ("Short breaks", None)


def test_the_source_papers_terms_are_explained_on_the_steps_that_use_them(framework):
    steps = {s.key: s for s in questionnaire_steps(framework, a_round())}
    assert "lead commissioner" in dict(terms_on_step(steps["leadership"], framework))
    assert "contestability" in dict(terms_on_step(steps["contestability"], framework))
    assert "section 75" in dict(terms_on_step(steps["budgets"], framework))
    assert "section 75" in dict(terms_on_step(steps["priority"], framework))  # the stage 6 description


def counts_of(medians: dict[str, float | None]) -> pd.DataFrame:
    """continuum_counts' shape with only the medians filled in (the headline reads nothing else)."""
    return pd.DataFrame({"name": list(medians), "median": [np.nan if m is None else m for m in medians.values()]})


def test_the_continuum_headline_names_the_furthest_and_least_far_items_with_ties_together():
    counts = counts_of({"SEND": 3.0, "CAMHS": 3.0, "Early help": 2.0, "0-19": 2.5, "Short breaks": None})
    assert continuum_headline(counts, "priority area") == (
        "Furthest along: SEND and CAMHS (stage 3). Least far: Early help (stage 2)."
    )


def test_the_continuum_headline_when_every_item_sits_at_one_stage_or_none_is_placed():
    assert continuum_headline(counts_of({"Budgets": 2.5, "Posts": 2.5}), "component") == (
        "Every component sits at stage 2.5 (the median answer)."
    )
    assert continuum_headline(counts_of({"Budgets": None}), "component") == (
        "No component has been placed on the continuum yet."
    )
