"""One step of the participant's questionnaire as a form: each item's choices (the written level or stage
descriptors, plus "Don't know"), an optional comment, and Back / Next."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assessment.framework import Framework
from assessment.models import MAX_COMMENT, Answer, ItemKind
from assessment.workshop import Step, fit_comment, terms_on_step
from ui.text import plain

DONT_KNOW = -1


@dataclass(frozen=True)
class StepOutcome:
    """What the participant did on the step: 'back', 'next' or None, with the answers they gave, the
    items that have a comment but no answer (refused, so a comment is never saved as "don't know"), and
    the comments cut to the limit: where each was and how long it was ("statement 2 (2,345 characters)"),
    with the keys of their boxes (forget_box shows the cut text in them)."""

    action: str | None
    answers: list[Answer]
    comment_without_answer: list[str]
    cut: tuple[str, ...] = ()
    cut_boxes: tuple[str, ...] = ()


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
    answers, orphans, cut, cut_boxes = [], [], [], []
    for number, (item, (value, typed)) in enumerate(chosen.items(), start=1):
        comment, length = fit_comment(typed)
        if value is None:
            if comment:
                orphans.append(item)
            continue
        if length > MAX_COMMENT:
            cut.append(f"{_where(step, item, number, framework)} ({length:,} characters)")
            cut_boxes.append(_box(key, participant_id, step, item))
        answer_value = None if value == DONT_KNOW else value
        answers.append(Answer(kind=step.kind, item_id=item, value=answer_value, comment=comment))
    return StepOutcome(action, answers, orphans, tuple(cut), tuple(cut_boxes))


def forget_box(box: str) -> None:
    """Let a cut comment's box show what was saved (the first MAX_COMMENT characters) when the step is
    drawn again, instead of the longer text typed."""
    st.session_state.pop(box, None)


def _where(step: Step, item: str, number: int, framework: Framework) -> str:
    """Where an item is on its step, in the words the page uses: 'statement 2', or the item's name."""
    if step.kind == ItemKind.STATEMENT:
        return f"statement {number}"
    if step.kind == ItemKind.COMPONENT:
        return framework.component(item).name
    return framework.priority_name(item)


def _box(key: str, participant_id: int, step: Step, item: str) -> str:
    """The widget key of an item's comment box."""
    return f"{key}_{participant_id}_{step.kind.value}_{item}_comment"


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
    question, options, labels = choices(step, item, number, framework)
    index = None if saved is None else options.index(DONT_KNOW if saved.value is None else saved.value)
    widget = f"{key}_{participant_id}_{step.kind.value}_{item}"
    value = st.radio(question, options, index=index, format_func=labels.get, key=f"{widget}_value")
    kept = saved.comment if saved else ""
    box = _box(key, participant_id, step, item)
    if box not in st.session_state:
        # Given through the box's state rather than value=, so that after forget_box the browser
        # shows the saved text instead of keeping what was typed.
        st.session_state[box] = kept
    # No max_chars: the browser would drop a paste that goes over it without a word; a longer comment is
    # cut to the limit when the step is saved, and the page says so.
    comment = st.text_area("Comment (optional)", key=box, placeholder="An example or evidence, if you like", height=96)
    st.caption(_room_left(kept))
    return value, comment


def _room_left(saved: str) -> str:
    """How much a comment box can still take, counted from the saved comment."""
    if not saved:
        return f"Up to {MAX_COMMENT:,} characters."
    return f"{MAX_COMMENT - len(saved):,} of {MAX_COMMENT:,} characters left."


def choices(step: Step, item: str, number: int, framework: Framework) -> tuple[str, list[int], dict[int, str]]:
    """The question text, the choices (the last is DONT_KNOW) and their labels for one item of a step: what
    a re-score of a statement asks too."""
    question, options, labels = _question(step, item, number, framework)
    return question, [*options, DONT_KNOW], {**labels, DONT_KNOW: framework.scale.dont_know}


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
