"""Round results: where one partnership's round sits, factor by factor, and what each option asks."""

import pandas as pd
import streamlit as st

from assessment.results import score_round
from ui import resources
from ui.components import round_picker

framework = resources.framework()
store = resources.store()
round_row = round_picker.show(store)

st.title("Round results")
if round_row is None:
    st.stop()

result = score_round(store, framework, round_row.id)
st.caption(
    f"{round_row.area_name} · {round_row.label} · status: {round_row.status.value} · "
    f"framework {round_row.framework_version}"
)
if result.respondents == 0:
    st.info("Nobody has answered this round yet.")
    st.stop()

left, middle, right = st.columns(3)
left.metric("Participants", result.respondents)
middle.metric("Continuum position (1-6)", "-" if result.position is None else f"{result.position:.1f}")
split = int((result.factors["agreement"] == "split").sum())
right.metric("Factors where the room is split", split)
st.subheader("Where the partnership sits on the continuum")
st.write(result.sentence)

st.subheader("Critical success factors")
st.caption(
    "Scores run from 0 (not in place) to 4 (embedded). The median is the middle participant's score; "
    "'split' means more than a quarter of the room scored over one level away from it."
)
factors = result.factors.rename(
    columns={
        "name": "Factor",
        "median": "Median",
        "mean": "Mean",
        "iqr": "IQR",
        "n": "n",
        "dont_know": "Don't know",
        "agreement": "Agreement",
        "consensus": "Consensus",
    }
)[["Factor", "Median", "Mean", "IQR", "n", "Don't know", "Agreement", "Consensus"]]
st.dataframe(
    factors,
    hide_index=True,
    column_config={
        "Median": st.column_config.NumberColumn(format="%.2f"),
        "Mean": st.column_config.NumberColumn(format="%.2f"),
        "IQR": st.column_config.NumberColumn(format="%.2f"),
        "Don't know": st.column_config.NumberColumn(format="percent"),
        "Consensus": st.column_config.NumberColumn(format="%.1f"),
    },
)

st.subheader("Continuum by component and priority area")
items = result.items.reset_index()
items["Kind"] = items["kind"].map({"component": "Component", "priority": "Priority area"})
items["Stage"] = items["stage"].map(lambda s: "-" if pd.isna(s) else framework.stage(int(s)).short_name)
st.dataframe(
    items[["Kind", "name", "median", "Stage", "n"]].rename(columns={"name": "Item", "median": "Median stage"}),
    hide_index=True,
    column_config={"Median stage": st.column_config.NumberColumn(format="%.1f")},
)

st.subheader("Structural options")
st.caption("Step change: how many continuum stages the option lies beyond today's position.")
options = pd.DataFrame(
    {
        "Option": [o.name for o in result.options],
        "Stage": [framework.stage(o.stage).short_name if o.stage else "Where we are now" for o in result.options],
        "Step change": [o.gap for o in result.options],
        "Prerequisites met": [o.readiness for o in result.options],
        "Factors below what it needs": [
            ", ".join(framework.factor(f).short_name for f, _need, _have in o.shortfalls) or "None"
            for o in result.options
        ],
    }
)
st.dataframe(
    options,
    hide_index=True,
    column_config={
        "Step change": st.column_config.NumberColumn(format="%.1f"),
        "Prerequisites met": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1),
    },
)
