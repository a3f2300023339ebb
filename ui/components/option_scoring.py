"""One participant's scores of the structural options against the appraisal criteria, one option at a
time: choose the option, then a score (or 'not scored yet') per criterion, saved together. A list of
choices per criterion reads on a phone as well as on a laptop, where a grid of options by criteria
showed only the options' names. The options page ranks on the room's median when the facilitator
chooses to."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment.appraisal import SCORE_LABELS, score_matrix
from assessment.framework import Criterion, Framework
from assessment.models import AppraisalScore
from assessment.storage import Store, StoreError
from ui import state
from ui.text import plain as escape

NOT_SCORED = "Not scored yet"


def show(store: Store, framework: Framework, round_id: int, participant_id: int, *, page: str, key: str) -> None:
    """Draw the option chooser and the chosen option's scores as given so far, and save them when the
    participant presses the button. page: where the saved message is shown."""
    hybrids = store.appraisal.hybrids(round_id)
    names = {o.id: o.name for o in framework.options} | {h.option_id: h.name for h in hybrids}
    scores = store.appraisal.scores_frame(round_id)
    criteria = [c.id for c in framework.criteria]
    mine = score_matrix(scores[scores["scorer"] == f"p{participant_id}"], list(names), criteria)
    with st.expander("What do the options and criteria mean?"):
        for option in framework.options:
            st.markdown(f"**{escape(option.name)}.** {escape(option.summary)}")
        for criterion in framework.criteria:
            st.markdown(f"- **{escape(criterion.name)}**: {escape(criterion.description)}")
    scored = mine.notna().sum(axis=1)
    option = st.selectbox(
        "Option to score",
        list(names),
        format_func=lambda o: f"{names[o]} ({scored[o]} of {len(criteria)} scored)",
        key=f"{key}_option",
    )
    with st.form(f"{key}_{option}", border=True):
        st.markdown(f"**{escape(names[option])}**")
        chosen = {
            criterion.id: _score(criterion, mine.loc[option, criterion.id], key=f"{key}_{option}_{criterion.id}")
            for criterion in framework.criteria
        }
        pressed = st.form_submit_button("Save my scores", type="primary")
    if pressed:
        batch = [AppraisalScore(option_id=option, criterion_id=c, value=v) for c, v in chosen.items()]
        try:
            store.appraisal.save_scores(round_id, batch, participant_id=participant_id, actor="participant")
        except StoreError as error:
            st.error(escape(error))
        else:
            state.flash(
                page,
                f"Your scores for {names[option]} are saved. Choose another option above to score it; you can "
                "change your scores while the round is open.",
            )
            st.rerun()
    st.caption(f"{int(pd.notna(mine).sum().sum())} of {mine.size} scores given so far.")


def _score(criterion: Criterion, saved: float, key: str) -> int | None:
    """A criterion's score, 0 to 4, or None for 'not scored yet'."""
    choices = [None, *SCORE_LABELS]
    return st.selectbox(
        criterion.name,
        choices,
        index=0 if pd.isna(saved) else choices.index(int(saved)),
        format_func=lambda v: NOT_SCORED if v is None else f"{v} {SCORE_LABELS[v].lower()}",
        help=criterion.description,
        key=key,
    )
