"""Presentation mode for the projector: one slide at a time filling the screen, in large type, with no
menu, no other area's name and no individual answers. Moved with the arrow keys, a clicker's Page Up
and Page Down, or the buttons."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from assessment.charts import workshop as charts
from assessment.dashboard import agreed_sentence, split_factors, strengths_and_gaps_sentences
from assessment.dates import round_name
from assessment.models import ItemKind, RoundStatus
from assessment.passes import movement, movement_sentence
from assessment.workshop import (
    continuum_counts,
    continuum_headline,
    discussion_order,
    factor_spread_table,
    movement_table,
    partner_counts,
)
from ui import cache, database_wait, resources
from ui.components import access_gate, live_results, round_picker, slide_deck
from ui.components.slide_deck import Slide
from ui.text import plain

LIVE_REFRESH_SECONDS = 5
COUNT_COLUMNS = {"partner": "Partner type", "joined": "Joined", "submitted": "Submitted"}
AGREED_COLUMNS = {"name": "Factor", "consensus": "Agreed score", "median": "Room's median"}

framework = resources.framework()
store = resources.store()
# The round chosen on the other pages, without the sidebar picker: a projector shows no other area's name.
access_gate.require_change(store, "Presentation mode")  # a viewer is refused before anything of the round is drawn
round_row = round_picker.current(store)
access_gate.require_change(store, "Presentation mode", round_row.area_id if round_row is not None else None)

if round_row is None:
    st.title("Presentation mode")
    st.info("There is no round to present yet. Set up a workshop first.")
    st.stop()


def who_has_answered() -> None:
    counts = partner_counts(
        store.responses.participants_frame([round_row.id]), store.responses.answers_frame([round_row.id]), framework
    )
    total = counts.loc["total"]
    st.header(f"{int(total['submitted'])} of {int(total['joined'])} people have submitted their answers")
    chart(charts.partner_bars(counts, large=True, title=""))
    same_as_table(counts.drop(columns=["answering"]).rename(columns=COUNT_COLUMNS))


def success_factors() -> None:
    result = cache.round_result(store, round_row.id)
    order = discussion_order(result.factors)
    split = [framework.factor(f).short_name for f in order if result.factors.loc[f, "agreement"] == "split"]
    st.header(f"Discuss first: {', '.join(split)}" if split else "The room broadly agrees on every factor")
    chart(charts.factor_spread(result.factors, order, framework, large=True, title=""))
    st.caption("Diamond: the middle score of the room. Bar: the middle half of the room. SPLIT: the room disagrees.")
    # Without the people's own scores the table leaves out the lowest and highest: the room's only.
    same_as_table(factor_spread_table(result, order))


def continuum(kind: ItemKind) -> None:
    result = cache.round_result(store, round_row.id)
    counts = continuum_counts(result, kind)
    if kind == ItemKind.COMPONENT:
        st.header(result.sentence)
    else:
        st.header(plain(continuum_headline(counts, "priority area")))
    if counts.empty:
        st.write("This round has no priority areas." if kind == ItemKind.PRIORITY else "No continuum answers yet.")
        return
    chart(charts.continuum_distribution(counts, framework, large=True, title=""))
    same_as_table(live_results.continuum_table(counts))


def how_the_room_moved() -> None:
    result = cache.round_result(store, round_row.id)
    moved = movement(result.factors, result.passes)
    sentence = movement_sentence(moved)
    if sentence is None:
        st.header("The room has not re-scored any factor in this round.")
        st.write("After discussing the split factors, the room can score them again.")
        return
    st.header(sentence)
    chart(charts.rescore_movement(moved, large=True))
    st.caption(
        "Bar: the share of the room within one level of the middle score, before and after re-scoring. "
        "Uncertain: still split after its last re-score."
    )
    same_as_table(movement_table(moved))


def agreed_scores() -> None:
    result = cache.round_result(store, round_row.id)
    st.header(agreed_sentence(result))
    chart(charts.agreed_scores(result.factors, framework, large=True))
    same_as_table(result.factors[list(AGREED_COLUMNS)].rename(columns=AGREED_COLUMNS))


def summary() -> None:
    result = cache.round_result(store, round_row.id)
    strengths, gaps = strengths_and_gaps_sentences(result)
    split = split_factors(result)
    moved = movement_sentence(movement(result.factors, result.passes))
    lines = [
        result.sentence,
        strengths,
        gaps,
        agreed_sentence(result),
        moved,
        f"The room's own scores were split on {', '.join(split)}."
        if split
        else "The room's own scores broadly agreed on every factor.",
    ]
    st.markdown("\n".join(f"- {plain(line)}" for line in lines if line))


def chart(figure: go.Figure) -> None:
    """The slide's chart, as tall as the screen leaves room for."""
    with st.container(key="slide_chart"):
        st.plotly_chart(figure, theme=None, config={"displayModeBar": False}, height="stretch")


def same_as_table(table: pd.DataFrame) -> None:
    """The chart's numbers as a table, folded away, for screen readers and for copying."""
    with st.expander("The same as a table"):
        st.dataframe(table, hide_index=True, placeholder="-")


# Another slide is one more entry here: a title and a function that draws it.
SLIDES = [
    Slide("Who has answered", who_has_answered),
    Slide("The success factors", success_factors),
    Slide("The continuum by component", lambda: continuum(ItemKind.COMPONENT)),
    Slide("The continuum by priority area", lambda: continuum(ItemKind.PRIORITY)),
    # Always in the deck, saying so when nobody re-scored: the deck keeps its length while the workshop
    # runs, so opening a re-score never moves the facilitator's clicker onto another slide.
    Slide("How the room moved", how_the_room_moved),
    Slide("The agreed scores", agreed_scores),
    Slide("Summary", summary),
]

index = slide_deck.show(SLIDES, f"{plain(round_row.area_name)} · {plain(round_name(round_row))}")


def show_slide(index: int) -> None:
    """Draw one slide from the round's current answers."""
    with st.container(key="slide"):
        st.title(SLIDES[index].title)
        if index > 0 and cache.round_result(store, round_row.id).respondents == 0:
            st.header("No answers yet.")
            return
        SLIDES[index].draw()


refresh = LIVE_REFRESH_SECONDS if round_row.status == RoundStatus.OPEN else None
st.fragment(database_wait.refreshing(show_slide), run_every=refresh)(index)
