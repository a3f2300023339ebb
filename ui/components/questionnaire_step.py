"""One step of the participant's questionnaire as a form: each item's choices (the written level or stage
descriptors, plus "Don't know"), an optional comment, and Back / Next."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assessment.framework import Framework
from assessment.models import Answer, ItemKind
from assessment.workshop import Step, terms_on_step
from ui.text import plain

DONT_KNOW = -1


@dataclass(frozen=True)
class StepOutcome:
    """What the participant did on the step: 'back', 'next' or None, with the answers they gave and
    the items that have a comment but no answer (refused, so a comment is never saved as "don't know")."""

    action: str | None
    answers: list[Answer]
    comment_without_answer: list[str]


def show(
    step: Step,
    framework: Framework,
    saved: dict[tuple[ItemKind, str], Answer],
    *,
    participant_id: int,
    is_first: bool,
    key: str = "question",
) -> StepOutcome:
    """Draw the step's form, filled in with the saved answers; returns what the participant did."""
    _introduction(step, framework)
    chosen: dict[str, tuple[int | None, str]] = {}
    with st.form(f"{key}_{participant_id}_{step.kind.value}_{step.key}", border=False):
        for number, item in enumerate(step.items, start=1):
            with st.container(border=True):
                chosen[item] = _item(step, item, number, framework, saved.get((step.kind, item)), participant_id, key)
        back, forward = st.columns(2)
        went_back = back.form_submit_button("Back", icon=":material/arrow_back:", disabled=is_first, width="stretch")
        went_on = forward.form_submit_button("Save and next", type="primary", width="stretch")
    action = "back" if went_back else "next" if went_on else None
    answers, orphans = [], []
    for item, (value, comment) in chosen.items():
        if value is None:
            if comment.strip():
                orphans.append(item)
            continue
        answer_value = None if value == DONT_KNOW else value
        answers.append(Answer(kind=step.kind, item_id=item, value=answer_value, comment=comment.strip()))
    return StepOutcome(action, answers, orphans)


def _introduction(step: Step, framework: Framework) -> None:
    if step.kind == ItemKind.STATEMENT:
        factor = framework.factor(step.key)
        st.header(factor.name)
        st.write(factor.description)
        st.caption("For each statement, choose the description that best fits your partnership today.")
    elif step.kind == ItemKind.COMPONENT:
        component = framework.component(step.key)
        st.header(f"Continuum: {component.name}")
        st.write(component.description)
        st.caption(
            "The continuum runs in six stages, from each body commissioning on its own (stage 1) to one "
            "organisation commissioning for all partners (stage 6). Which description fits best today?"
        )
    else:
        st.header("Continuum: your priority areas")
        st.write(
            "For each priority area chosen for this workshop, which stage of the continuum best describes "
            "how partners commission it today?"
        )
        with st.expander("What the six stages mean"):
            for stage in framework.stages:
                st.markdown(f"**{stage.number}. {stage.name}.** {stage.description}")
    terms = terms_on_step(step, framework)
    if terms:
        with st.expander("Words used on this page"):
            for term, meaning in terms:
                st.markdown(f"**{term.capitalize()}.** {meaning}")


def _item(
    step: Step,
    item: str,
    number: int,
    framework: Framework,
    saved: Answer | None,
    participant_id: int,
    key: str,
) -> tuple[int | None, str]:
    question, options, labels = _question(step, item, number, framework)
    options = [*options, DONT_KNOW]
    labels = {**labels, DONT_KNOW: framework.scale.dont_know}
    index = None if saved is None else options.index(DONT_KNOW if saved.value is None else saved.value)
    widget = f"{key}_{participant_id}_{step.kind.value}_{item}"
    value = st.radio(question, options, index=index, format_func=labels.get, key=f"{widget}_value")
    comment = st.text_input(
        "Comment (optional)",
        value=saved.comment if saved else "",
        max_chars=2000,
        key=f"{widget}_comment",
        placeholder="An example or evidence, if you like",
    )
    return value, comment


def _question(step: Step, item: str, number: int, framework: Framework) -> tuple[str, list[int], dict[int, str]]:
    """The question text, the choices and their labels for one item of a step."""
    if step.kind == ItemKind.STATEMENT:
        statement = next(s for s in framework.factor(step.key).statements if s.id == item)
        labels = {v: f"{v} {framework.scale.label(v)}: {text}" for v, text in statement.levels.items()}
        return f"**{number}. {plain(statement.text)}**", list(statement.levels), labels
    if step.kind == ItemKind.COMPONENT:
        component = framework.component(item)
        labels = {n: f"Stage {n}, {framework.stage(n).short_name}: {text}" for n, text in component.stages.items()}
        return f"**{plain(component.name)}**", list(component.stages), labels
    labels = {s.number: f"Stage {s.number}: {s.name}" for s in framework.stages}
    return f"**{plain(framework.priority_name(item))}**", [s.number for s in framework.stages], labels
