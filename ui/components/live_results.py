"""The facilitator's live view of one round: who has answered, each factor's spread with the median and
the split flag (on each person's latest answers, after any re-score), and the continuum distribution
with its sentence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment.agreement import rule_sentence
from assessment.charts import workshop as charts
from assessment.disclosure import decide, shown_factor_scores, small_groups_sentence
from assessment.framework import Framework
from assessment.models import ItemKind
from assessment.passes import rescored_sentence, uncertain_names
from assessment.rounding import PERCENT_FORMAT, SCORE_FORMAT, percent_points
from assessment.scoring import RoundResult
from assessment.storage import Store
from assessment.workshop import continuum_counts, discussion_order, factor_spread_table, partner_counts
from ui import cache


def show(store: Store, framework: Framework, round_id: int, key: str = "live") -> None:
    """Draw the live results of the round from what the store holds now."""
    result = cache.round_result(store, round_id)
    answers = store.responses.answers_frame([round_id])
    counts = partner_counts(store.responses.participants_frame([round_id]), answers, framework)
    _counts(counts, key)
    if result.respondents == 0:
        st.info("Nobody has saved an answer yet. Share the join code; this view updates by itself.")
        return
    people = shown_factor_scores(result.respondent_scores, decide(answers, framework))
    _factors(result, people, framework, key)
    _continuum(result, framework, key)


def _counts(counts: pd.DataFrame, key: str) -> None:
    total = counts.loc["total"]
    row = st.container(horizontal=True, gap="medium")
    row.metric("Joined", int(total["joined"]))
    row.metric("Answering", int(total["answering"]), help="Saved at least one answer.")
    row.metric("Submitted", int(total["submitted"]))
    with st.expander("Who has answered, by partner type", expanded=False):
        st.dataframe(
            counts.rename(
                columns={
                    "partner": "Partner type",
                    "joined": "Joined",
                    "answering": "Answering",
                    "submitted": "Submitted",
                }
            ),
            hide_index=True,
            key=f"{key}_counts",
            placeholder="-",
        )


def _factors(result: RoundResult, people: pd.DataFrame, framework: Framework, key: str) -> None:
    st.subheader("Critical success factors")
    order = discussion_order(result.factors)
    split = [framework.factor(f).name for f in order if result.factors.loc[f, "agreement"] == "split"]
    if split:
        st.warning(
            f"The room is split on {len(split)} of {len(order)} factors: {', '.join(split)}. Discuss these first."
        )
    else:
        st.success("The room broadly agrees on every factor scored so far.")
    rescored = rescored_sentence(result.factors)
    if rescored:
        uncertain = uncertain_names(result.factors)
        still = f" Still split after their last re-score: {', '.join(uncertain)}." if uncertain else ""
        st.info(f"Re-scored after discussion: {rescored}{still}")
    st.caption(
        "Each dot is one person's score for the factor (the average of their answers to its statements, "
        "0 = not in place to 4 = embedded). The blue bar is the median of everyone. "
        + rule_sentence(framework.agreement)
        + " Talk these through first."
    )
    st.caption(
        small_groups_sentence(framework) + " The people hidden are counted in the median and the spread but get "
        "no dot, nor do those whose score would let a hidden person's be worked out."
    )
    figure = charts.factor_strip(result.factors, people, order, framework)
    st.plotly_chart(figure, key=f"{key}_strip", theme=None, config={"displayModeBar": False})
    with st.expander("The same as a table"):
        # The factors by their short names (the full names are in the chart above), so the table fits a laptop.
        table = percent_points(factor_spread_table(result, order, people), ["Don't know"])
        table["Factor"] = table["Factor"].map({f.name: f.short_name for f in framework.factors})
        st.dataframe(
            table,
            hide_index=True,
            key=f"{key}_strip_table",
            column_config={
                "Median": st.column_config.NumberColumn(format=SCORE_FORMAT),
                "Lowest": st.column_config.NumberColumn(format=SCORE_FORMAT),
                "Highest": st.column_config.NumberColumn(format=SCORE_FORMAT),
                "Don't know": st.column_config.NumberColumn(format=PERCENT_FORMAT),
                "People scored": st.column_config.NumberColumn("People", help="People who scored the factor"),
            },
            placeholder="-",
        )


def _continuum(result: RoundResult, framework: Framework, key: str) -> None:
    st.subheader("The joint commissioning continuum")
    st.info(result.sentence)
    st.caption(
        "Six stages, from 1 (each body commissions alone) to 6 (one organisation commissions for all). "
        "Each bar shows how many people placed that part of the partnership at each stage."
    )
    for kind, title in ((ItemKind.COMPONENT, "By component"), (ItemKind.PRIORITY, "By priority area")):
        counts = continuum_counts(result, kind)
        if counts.empty:
            continue
        figure = charts.continuum_distribution(counts, framework, title=f"{title}: how many people chose each stage")
        st.plotly_chart(figure, key=f"{key}_{kind.value}", theme=None, config={"displayModeBar": False})
        with st.expander(f"{title}: the same as a table"):
            st.dataframe(continuum_table(counts), hide_index=True, key=f"{key}_{kind.value}_table", placeholder="-")


def continuum_table(counts: pd.DataFrame) -> pd.DataFrame:
    """The continuum counts with readable column names for st.dataframe."""
    table = counts.rename(columns={"name": "Item", "median": "Median stage", "n": "People"})
    table = table.rename(columns={stage: f"Stage {stage}" for stage in range(1, 7)})
    return table
