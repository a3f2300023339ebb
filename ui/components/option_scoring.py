"""One participant's scores of the structural options against the appraisal criteria: the grid they fill
in, saved together; the options page ranks on the room's median when the facilitator chooses to."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment.appraisal import criterion_short_names, score_matrix
from assessment.framework import Framework
from assessment.storage import Store, StoreError
from ui import state
from ui.components import score_grid
from ui.text import plain as escape


def show(store: Store, framework: Framework, round_id: int, participant_id: int, *, page: str, key: str) -> None:
    """Draw the participant's score grid with what they have given so far, and save it when they press
    the button (nothing is saved if any cell is wrong). page: where the saved message is shown."""
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
    edited = score_grid.show(
        names, framework.criteria, mine, key=key, button="Save my scores", headers=criterion_short_names(framework)
    )
    if edited is not None:
        batch, problems = score_grid.to_scores(edited, names, {c.id: c.name for c in framework.criteria})
        if problems:
            st.error("Nothing was saved. Please correct:\n\n" + "\n".join(f"- {escape(p)}" for p in problems))
        else:
            try:
                store.appraisal.save_scores(round_id, batch, participant_id=participant_id, actor="participant")
            except StoreError as error:
                st.error(escape(error))
            else:
                state.flash(page, "Your scores are saved. You can change them while the round is open.")
                st.rerun()
    st.caption(f"{int(pd.notna(mine).sum().sum())} of {mine.size} scores given so far.")
