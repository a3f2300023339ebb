"""The criteria weights of an options appraisal: one number per criterion, saved together."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from assessment.framework import Framework
from assessment.models import MAX_WEIGHT


def show(framework: Framework, weights: Mapping[str, float], key: str = "weights") -> dict[str, float] | None:
    """Draw a form of weights (0-100 points each); returns the new weights when the facilitator saves,
    the framework's weights when they reset, otherwise None."""
    with st.form(key, border=True):
        st.markdown("**Weights** (0 to 100 points each; only the proportions matter)")
        entered = {}
        columns = st.columns(3)
        for index, criterion in enumerate(framework.criteria):
            entered[criterion.id] = columns[index % 3].number_input(
                criterion.name,
                min_value=0.0,
                max_value=MAX_WEIGHT,
                value=float(weights[criterion.id]),
                step=5.0,
                format="%g",
                help=criterion.description,
                key=f"{key}_{criterion.id}",
            )
        save, reset, _space = st.columns([1, 1, 1])
        saved = save.form_submit_button("Save weights", type="primary", width="stretch")
        restored = reset.form_submit_button("Reset to the framework's weights", width="stretch")
    if restored:
        for criterion in framework.criteria:
            st.session_state.pop(f"{key}_{criterion.id}", None)
        return {c.id: float(c.weight) for c in framework.criteria}
    return entered if saved else None
