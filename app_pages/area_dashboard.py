"""Area dashboard: where one partnership's round sits, how it compares, where the room disagrees."""

from collections.abc import Callable
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from assessment.charts import dashboard as charts
from assessment.dashboard import (
    area_trend,
    partner_table,
    split_factors,
    spread_table,
    stage_shares,
)
from assessment.disclosure import small_groups_sentence
from ui import resources, scores, state
from ui.components import round_picker
from ui.text import plain

SECTIONS = ["Success factors", "Continuum detail", "Agreement", "By partner type", "Trend"]

framework = resources.framework()
store = resources.store()
rounds = scores.programme_rounds(store)
round_row = round_picker.show(store, rounds=rounds)

st.title("Area dashboard")
if round_row is None:
    st.stop()

st.caption(f"{plain(round_row.area_name)} · {plain(round_row.label)} · status: {round_row.status.value}")
view = scores.area_view(store, framework, rounds, round_row)
if view.board is None:
    st.info("Nobody has answered this round yet, so there is nothing to show.")
    st.stop()

board = view.board
result = board.result
factor_names = {f.id: f.short_name for f in framework.factors}


def chart(view: scores.AreaView, name: str, build: Callable[[], go.Figure]) -> None:
    """Draw the figure build returns, built once per view (see scores.of_view) and shared."""
    st.plotly_chart(scores.of_view(view, f"figure {name}", build), config={"displayModeBar": False}, key=name)


def table_view(title: str, frame: pd.DataFrame | pa.Table, **column_config: object) -> None:
    """The chart's numbers as a table, for screen readers and for copying."""
    with st.expander(f"Table: {title}"):
        st.dataframe(frame, hide_index=True, column_config=column_config or None, placeholder="-")


def strip_table(view: scores.AreaView, markers: list[charts.StripMarker]) -> pd.DataFrame:
    """The continuum strip's numbers: the share of answers at each stage, then each marker's stage."""
    return pd.DataFrame(
        {
            "Line": ["Share of answers"] * 6 + [m.row for m in markers],
            "Stage": [f"{s.number} {s.name}" for s in framework.stages] + [m.label for m in markers],
            "Value": [round(float(v), 3) for v in view.board.answer_shares]
            + [round(float(m.stage), 2) for m in markers],
        }
    )


# -- headline ----------------------------------------------------------------------------------------

st.subheader(result.sentence)
# One horizontal row (a block of four metrics) draws quicker than four columns, and wraps on a phone.
headline = st.container(horizontal=True, gap="medium")
headline.metric("Participants", result.respondents)
previous_position = board.previous.position if board.previous else None
change = None
if result.position is not None and previous_position is not None:
    change = round(result.position - previous_position, 2)
headline.metric(
    "Continuum position (1-6)",
    "-" if result.position is None else f"{result.position:.1f}",
    delta=None if change is None else f"{change:+.1f} on last round",
    delta_color="off",
)
split = scores.of_view(view, "split", partial(split_factors, result))
headline.metric("Split factors", len(split), help="Factors where the room disagrees (see Agreement)")
agreed = scores.of_view(view, "agreed", lambda: int(result.factors["consensus"].notna().sum()))
headline.metric("Agreed scores", f"{agreed} of {len(result.factors)}")

st.markdown("**Where the partnership sits on the continuum**")
markers = charts.strip_markers(
    framework, result.position, result.lower, result.upper, board.consensus_position, previous_position
)
chart(view, "continuum_strip", lambda: charts.continuum_strip(framework, board.answer_shares, markers))
st.caption(
    "Bars: the share of all continuum answers (every component and priority area) at each stage. "
    "Diamond: this round's position, with a bar over the middle half of its components and priority areas; "
    "circle: the last round's position. "
    + (
        f"Star: the stage the room agreed, averaged over {board.consensus_items} items. "
        if board.consensus_position is not None
        else "No agreed stages were recorded for this round. "
    )
    + "Options: the stage each structural option would put the partnership at."
)
table_view("the continuum strip", scores.table_of_view(view, "continuum_strip", partial(strip_table, view, markers)))

st.markdown("**Strengths and gaps**")
st.text(board.strengths)
if board.gaps:
    st.text(board.gaps)

# -- sections ---------------------------------------------------------------------------------------


def factors_section(view: scores.AreaView) -> None:
    """The radar of the eight factors with the benchmark band, and the same as a sortable table."""
    result, previous, bench = view.board.result, view.board.previous, view.benchmark
    peers = scores.of_view(view, "peers", lambda: int(bench["n_areas"].max()) if len(bench) else 0)

    def radar() -> go.Figure:
        series = [charts.RadarSeries("This round", result.factors["median"].tolist(), style=0)]
        if previous is not None:
            series.append(
                charts.RadarSeries("Previous round", previous.factors["median"].tolist(), style=7, dashed=True)
            )
        band = (bench["peer_q1"].tolist(), bench["peer_q3"].tolist()) if peers else None
        return charts.factor_radar(framework, series, band, band_label=f"Middle half of {peers} other areas")

    chart(view, "factor_radar", radar)
    st.caption(
        "Scores run from 0 (not in place) to 4 (embedded). The shaded ring is the middle half of the other "
        "areas' latest finalised rounds. Sort the table by any column."
        if peers
        else "No other area has a finalised round yet, so there is no benchmark band."
    )
    factor_rows = scores.table_of_view(
        view,
        "factor_table",
        lambda: pd.DataFrame(
            {
                "Factor": result.factors["name"],
                "Median": result.factors["median"],
                "Middle half (IQR)": result.factors["iqr"],
                "n": result.factors["n"],
                "Don't know": result.factors["dont_know"],
                "Consensus": result.factors["consensus"],
                "Previous round": bench["previous"],
                "Change": bench["change"],
                "Other areas: lower quartile": bench["peer_q1"],
                "Other areas: median": bench["peer_median"],
                "Other areas: upper quartile": bench["peer_q3"],
                "Percentile among other areas": bench["percentile"],
            }
        ),
    )
    number = st.column_config.NumberColumn(format="%.2f")
    st.dataframe(
        factor_rows,
        hide_index=True,
        key="factor_table",
        column_config={
            "Median": number,
            "Middle half (IQR)": number,
            "Don't know": st.column_config.NumberColumn(format="percent"),
            "Consensus": st.column_config.NumberColumn(format="%.1f"),
            "Previous round": number,
            "Change": st.column_config.NumberColumn(format="%+.2f"),
            "Other areas: lower quartile": number,
            "Other areas: median": number,
            "Other areas: upper quartile": number,
            "Percentile among other areas": st.column_config.NumberColumn(format="%.0f"),
        },
        placeholder="-",
    )


def continuum_section(view: scores.AreaView) -> None:
    """Heatmaps of the share of answers at each stage, per component and per priority area."""
    for kind, title in (("component", "Components"), ("priority", "Priority areas")):
        shares = scores.of_view(view, f"shares_{kind}", partial(stage_shares, view.board.result.items, kind))
        st.markdown(f"**{title}: share of answers at each stage**")
        if shares.empty:
            st.info(f"No answers on {title.lower()} in this round.")
            continue
        chart(view, f"heatmap_{kind}", partial(charts.share_heatmap, framework, shares))
        shown = shares.rename(columns={s.number: f"{s.number} {s.short_name}" for s in framework.stages})
        table_view(
            f"{title.lower()} by stage",
            shown.rename(columns={"name": title[:-1] if kind == "component" else "Priority area"}),
            **{f"{s.number} {s.short_name}": st.column_config.NumberColumn(format="percent") for s in framework.stages},
        )


def agreement_section(view: scores.AreaView) -> None:
    """Which factors the room is split on, with each factor's spread."""
    result = view.board.result
    split = split_factors(result)
    if split:
        st.warning("The room is split on: " + "; ".join(split) + ". Discuss these before agreeing a score.")
    else:
        st.success("The room broadly agrees on every factor.")
    spread = spread_table(result)
    chart(view, "agreement", partial(charts.agreement_chart, framework, spread))
    st.caption(
        "Each bar spans the middle half of the room's scores; the marker is the median. A factor is split when "
        "more than a quarter of the scores lie over one level from the median."
    )
    table_view(
        "agreement",
        spread.rename(
            columns={
                "name": "Factor",
                "median": "Median",
                "q1": "Lower quartile",
                "q3": "Upper quartile",
                "iqr": "Spread (IQR)",
                "outside_share": "Share over a level away",
                "agreement": "Agreement",
            }
        ),
        **{"Share over a level away": st.column_config.NumberColumn(format="percent")},
    )


def partners_section(view: scores.AreaView, round_id: int) -> None:
    """Factor medians per partner type, as assessment.disclosure decides: small groups combined or hidden."""
    partners = scores.of_view(
        view, "partners", lambda: partner_table(store.responses.answers_frame([round_id]), framework)
    )
    factor_ids = [f.id for f in framework.factors]
    if partners.empty:
        st.info("No answers in this round yet.")
        return
    labels = [f"{name} ({people})" for name, people in zip(partners["name"], partners["people"], strict=True)]
    chart(view, "partners", lambda: charts.score_heatmap(framework, labels, partners[factor_ids].to_numpy(dtype=float)))
    st.caption(
        "Median score per partner type; the number of people is in brackets. "
        + small_groups_sentence(framework)
        + " A blank cell is withheld so that the answers of fewer than "
        f"{framework.suppression_k} people cannot be worked out from the others."
    )
    shown = partners.drop(columns=["partner_type", "hidden"]).rename(
        columns={"name": "Partner type", "people": "People"} | factor_names
    )
    table_view(
        "medians by partner type",
        shown,
        **{name: st.column_config.NumberColumn(format="%.2f") for name in factor_names.values()},
    )


def trend_section(view: scores.AreaView, rounds: pd.DataFrame, round_id: int) -> None:
    """Each factor and the continuum position over the area's rounds."""
    trend = scores.of_view(view, "trend", partial(area_trend, view.programme, rounds, framework, round_id))
    if len(trend) < 2:
        st.info("This is the area's first round with answers, so there is no trend yet.")
    else:
        chart(view, "trend", partial(charts.trend_chart, framework, trend))
        st.caption("Each small chart is one factor's median (0-4) per round; the last is the continuum position (1-6).")
    table_view(
        "trend across rounds",
        trend.drop(columns=["round_id"]).rename(
            columns={"held_on": "Round held on", "status": "Status", "position": "Continuum position"} | factor_names
        ),
    )


# A fragment: opening another section reruns only the sections, not the picker, scores and headline
# above (their values are the arguments the page passed on its last full run).
@st.fragment
def sections(view: scores.AreaView, rounds: pd.DataFrame, round_id: int) -> None:
    """Draw the open section (tab) of the dashboard; the others are not built."""
    tabs = st.tabs(SECTIONS, key=state.DASHBOARD_SECTION, on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            factors_section(view)
    if tabs[1].open:
        with tabs[1]:
            continuum_section(view)
    if tabs[2].open:
        with tabs[2]:
            agreement_section(view)
    if tabs[3].open:
        with tabs[3]:
            partners_section(view, round_id)
    if tabs[4].open:
        with tabs[4]:
            trend_section(view, rounds, round_id)


sections(view, rounds.frame, round_row.id)
