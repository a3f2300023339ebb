"""Presentation mode for the projector: large type, one chart at a time, and no individual answers."""

import pandas as pd
import streamlit as st

from assessment.charts import workshop as charts
from assessment.dates import round_name
from assessment.models import ItemKind, RoundStatus
from assessment.workshop import continuum_counts, discussion_order, factor_spread_table, partner_counts
from ui import cache, resources, state
from ui.components import live_results, round_picker
from ui.text import plain

LIVE_REFRESH_SECONDS = 5
COUNT_COLUMNS = {"partner": "Partner type", "joined": "Joined", "submitted": "Submitted"}
SLIDES = ("Who has answered", "The success factors", "The continuum by component", "The continuum by priority area")

framework = resources.framework()
store = resources.store()
round_row = round_picker.show(store)

if round_row is None:
    st.title("Presentation mode")
    st.info("There is no round yet.")
    st.stop()

slide = min(state.presentation_slide(), len(SLIDES) - 1)
back, where, forward = st.columns([1, 2, 1], vertical_alignment="center")
if back.button("Previous", icon=":material/arrow_back:", disabled=slide == 0, width="stretch"):
    state.set_presentation_slide(slide - 1)
    st.rerun()
if forward.button("Next", icon=":material/arrow_forward:", disabled=slide == len(SLIDES) - 1, width="stretch"):
    state.set_presentation_slide(slide + 1)
    st.rerun()
where.caption(f"Chart {slide + 1} of {len(SLIDES)} · {plain(round_row.area_name)} · {plain(round_name(round_row))}")


def show_slide(index: int) -> None:
    """Draw one chart in large type from the round's current answers."""
    result = cache.round_result(store, round_row.id)
    st.title(SLIDES[index])
    if index == 0:
        counts = partner_counts(
            store.responses.participants_frame([round_row.id]), store.responses.answers_frame([round_row.id]), framework
        )
        total = counts.loc["total"]
        st.header(f"{int(total['submitted'])} of {int(total['joined'])} people have submitted their answers")
        st.plotly_chart(charts.partner_bars(counts, large=True, title=""), theme=None, config={"displayModeBar": False})
        same_as_table(counts.drop(columns=["answering"]).rename(columns=COUNT_COLUMNS))
        return
    if result.respondents == 0:
        st.header("No answers yet.")
        return
    if index == 1:
        order = discussion_order(result.factors)
        split = [framework.factor(f).short_name for f in order if result.factors.loc[f, "agreement"] == "split"]
        st.header(f"Discuss first: {', '.join(split)}" if split else "The room broadly agrees on every factor")
        st.plotly_chart(
            charts.factor_spread(result.factors, order, framework, large=True, title=""),
            theme=None,
            config={"displayModeBar": False},
        )
        st.caption("Diamond: the median. Bar: the middle half of the room. SPLIT: the room disagrees.")
        # Without the people's own scores the table leaves out the lowest and highest: the room's only.
        same_as_table(factor_spread_table(result, order))
        return
    kind = ItemKind.COMPONENT if index == 2 else ItemKind.PRIORITY
    st.header(result.sentence)
    counts = continuum_counts(result, kind)
    if counts.empty:
        st.write("This round has no priority areas." if kind == ItemKind.PRIORITY else "No continuum answers yet.")
        return
    figure = charts.continuum_distribution(counts, framework, large=True, title="")
    st.caption("Each bar: how many people placed that part of the partnership at each stage (S1 to S6).")
    st.plotly_chart(figure, theme=None, config={"displayModeBar": False})
    same_as_table(live_results.continuum_table(counts))


def same_as_table(table: pd.DataFrame) -> None:
    """The chart's numbers as a table, folded away, for screen readers and for copying."""
    with st.expander("The same as a table"):
        st.dataframe(table, hide_index=True, placeholder="-")


refresh = LIVE_REFRESH_SECONDS if round_row.status == RoundStatus.OPEN else None
st.fragment(show_slide, run_every=refresh)(slide)
