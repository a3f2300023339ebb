"""One factor of a re-score on a participant's device: how the room scored it before (counts of people
per level, never anyone's own answer), each statement with their own earlier answer and the same choices
as the first time (filled in with their answer), and Keep my answer / Save and next."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assessment.framework import Framework
from assessment.models import Answer, ItemKind
from assessment.results.rescoring import KEPT, LEVELS, RESCORED, FactorToRescore, RescoreView, RoomSpread
from assessment.workshop import Step
from ui.components.questionnaire_step import DONT_KNOW, choices
from ui.text import plain

STATUS_WORDS = {RESCORED: "re-scored", KEPT: "kept your answer"}


@dataclass(frozen=True)
class RescoreOutcome:
    """What the participant did on the step: 'back', 'keep', 'next' or None, with the answers chosen."""

    action: str | None
    answers: list[Answer]


def show(
    factor: FactorToRescore,
    framework: Framework,
    *,
    participant_id: int,
    number: int,
    is_first: bool,
    key: str = "rescore",
) -> RescoreOutcome:
    """Draw the factor's re-score form, filled in with this pass's answers so far (else the earlier
    ones); returns what the participant did."""
    st.header(factor.name)
    st.write(
        "After the discussion, score this factor again, or keep your answer. Only you see your answers; "
        "the room sees them only put together."
    )
    _room(factor.room, framework)
    step = Step(ItemKind.STATEMENT, factor.factor_id, factor.name, tuple(s.id for s in factor.statements))
    chosen: dict[str, int | None] = {}
    with st.form(f"{key}_{participant_id}_{number}_{factor.factor_id}", border=False):
        for n, statement in enumerate(factor.statements, start=1):
            with st.container(border=True):
                chosen[statement.id] = _statement(factor, step, statement.id, n, framework, participant_id, number, key)
        keep, save = st.columns(2)
        kept = keep.form_submit_button("Keep my answer", icon=":material/check:", width="stretch")
        saved = save.form_submit_button("Save and next", type="primary", width="stretch")
        went_back = st.form_submit_button("Back", icon=":material/arrow_back:", disabled=is_first)
    action = "keep" if kept else "next" if saved else "back" if went_back else None
    answers = [
        Answer(kind=ItemKind.STATEMENT, item_id=item, value=None if value == DONT_KNOW else value)
        for item, value in chosen.items()
        if value is not None
    ]
    return RescoreOutcome(action, answers)


def done(view: RescoreView) -> None:
    """The page after the last factor: the thanks, and what they did with each factor."""
    st.header("Re-score saved")
    st.success("Thank you, your re-score is saved.")
    for factor in view.asked:
        st.markdown(f"- **{plain(factor.name)}**: {STATUS_WORDS.get(factor.status, 'not done yet')}")
    st.caption("You can still change it with Back until the facilitator closes the re-score.")


def _room(room: RoomSpread, framework: Framework) -> None:
    """How many people's scores for the factor were at each level before this re-score, and the median."""
    people = f"{room.people} {'person' if room.people == 1 else 'people'}"
    median = "" if room.median is None else f", middle score {room.median:g}"
    with st.container(border=True):
        st.markdown(f"**How the room scored it before** ({people}{median})")
        st.markdown(
            "\n".join(
                f"- {level} {plain(framework.scale.label(level))}: {count} {'person' if count == 1 else 'people'}"
                for level, count in zip(reversed(LEVELS), reversed(room.counts), strict=True)
            )
        )
        st.caption("Each person's score is the average of their answers to the statements, to the nearest level.")


def _statement(
    factor: FactorToRescore,
    step: Step,
    item: str,
    n: int,
    framework: Framework,
    participant_id: int,
    number: int,
    key: str,
) -> int | None:
    """One statement's choices, filled in with this pass's answer or else the earlier one; with the
    earlier answer said beneath."""
    question, options, labels = choices(step, item, n, framework)
    missing = object()
    current = factor.answers.get(item, factor.earlier.get(item, missing))
    index = None if current is missing else options.index(DONT_KNOW if current is None else current)
    value = st.radio(
        question, options, index=index, format_func=labels.get, key=f"{key}_{participant_id}_{number}_{item}"
    )
    earlier = factor.earlier.get(item, missing)
    if earlier is missing:
        st.caption("You did not answer this statement before.")
    else:
        before = framework.scale.dont_know if earlier is None else f"{earlier} {framework.scale.label(earlier)}"
        st.caption(f"Your answer before: {plain(before)}")
    return value
