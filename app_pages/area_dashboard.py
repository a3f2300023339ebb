"""Area dashboard: where one partnership's round sits, how it compares, where the room disagrees."""

import streamlit as st

from assessment.charts import dashboard as charts
from assessment.dashboard import (
    SCORE_CAPTION,
    factor_table,
    partner_display,
    split_factors,
    spread_display,
    spread_table,
    stage_shares,
    strip_table,
    trend_display,
)
from assessment.dates import round_name
from assessment.disclosure import small_groups_sentence
from assessment.results import AreaDashboard
from assessment.scoring import PERCENTILE_RULE, SCORE_RULE
from ui import cache, resources, state
from ui.components import decision_record, figure, paper_download, round_picker
from ui.text import plain

SECTIONS = ["Success factors", "Continuum detail", "Agreement", "By partner type", "Trend"]

framework = resources.framework()
store = resources.store()
round_row = round_picker.show(store, rounds=cache.programme(store).rounds)

st.title("Area dashboard")
if round_row is None:
    st.stop()

board = cache.area_dashboard(store, round_row.id)
before = board.previous_round
st.caption(
    round_picker.round_line(round_row)
    + (f" · previous round: {plain(round_name(before))}" if before else " · the area's first round")
)
if not board.answered:
    st.info("Nobody has answered this round yet, so there is nothing to show.")
    st.stop()

result = board.result
factor_names = {f.id: f.short_name for f in framework.factors}


# -- headline ----------------------------------------------------------------------------------------

st.subheader(result.sentence)
decision_record.summary(board.decision)
# One horizontal row (a block of four metrics) draws quicker than four columns, and wraps on a phone.
headline = st.container(horizontal=True, gap="medium")
headline.metric("Participants", result.respondents)
previous_position = board.previous.position if board.previous else None
change = board.position_change
headline.metric(
    "Continuum position (1-6)",
    "-" if result.position is None else f"{result.position:.1f}",
    delta=None if change is None else f"{change:+.1f} on last round",
    delta_color="off",
)
headline.metric("Split factors", len(split_factors(result)), help="Factors where the room disagrees (see Agreement)")
headline.metric("Agreed scores", f"{int(result.factors['consensus'].notna().sum())} of {len(result.factors)}")

st.markdown("**Where the partnership sits on the continuum**")
agreed_position, agreed_items = board.consensus_position
markers = charts.strip_markers(
    framework, result.position, result.lower, result.upper, agreed_position, previous_position
)
figure.chart(charts.continuum_strip(framework, board.answer_shares, markers), key="continuum_strip")
st.caption(
    "Bars: the share of all continuum answers (every component and priority area) at each stage. "
    "Diamond: this round's position, with a bar over the middle half of its components and priority areas; "
    "circle: the last round's position. "
    + (
        f"Star: the stage the room agreed, averaged over the {agreed_items} components and priority areas "
        "it agreed a stage for. "
        if agreed_position is not None
        else "No agreed stages were recorded for this round. "
    )
    + "Options: the stage each structural option would put the partnership at."
)
figure.table("the continuum strip", strip_table(framework, board.answer_shares, markers))

strengths, gaps = board.strengths_and_gaps
st.markdown("**Strengths and gaps**")
st.text(strengths)
if gaps:
    st.text(gaps)

# -- sections ---------------------------------------------------------------------------------------


def factors_section(board: AreaDashboard) -> None:
    """The radar of the eight factors with the benchmark band, and the same as a sortable table."""
    result, previous, bench = board.result, board.previous, board.benchmark
    peers = int(bench["n_areas"].max()) if len(bench) else 0
    series = [charts.RadarSeries("This round", result.factors["score"].tolist(), style=0)]
    if previous is not None:
        series.append(charts.RadarSeries("Previous round", previous.factors["score"].tolist(), style=7, dashed=True))
    band = (bench["peer_q1"].tolist(), bench["peer_q3"].tolist()) if peers else None
    figure.chart(
        charts.factor_radar(framework, series, band, band_label=f"Middle half of {peers} other areas"),
        key="factor_radar",
    )
    st.caption(
        "Scores run from 0 (not in place) to 4 (embedded). "
        + SCORE_CAPTION
        + (
            " The shaded ring is the middle half of the other areas' latest finalised rounds. "
            + PERCENTILE_RULE
            + " Sort the table by any column."
            if peers
            else " No other area has a finalised round yet, so there is no benchmark band."
        )
    )
    number = st.column_config.NumberColumn(format="%.2f")
    st.dataframe(
        factor_table(result, bench),
        hide_index=True,
        key="factor_table",
        column_config={
            "Score": number,
            "Median": number,
            "Agreed": st.column_config.NumberColumn(format="%.1f"),
            "Middle half of scores": number,
            "Don't know": st.column_config.NumberColumn(format="percent"),
            "Previous round": number,
            "Change": st.column_config.NumberColumn(format="%+.2f"),
            "Other areas: lower quartile": number,
            "Other areas: median": number,
            "Other areas: upper quartile": number,
            "Percentile among other areas": st.column_config.NumberColumn(format="%.0f"),
        },
        placeholder="-",
    )


def continuum_section(board: AreaDashboard) -> None:
    """Heatmaps of the share of answers at each stage, per component and per priority area."""
    for kind, title in (("component", "Components"), ("priority", "Priority areas")):
        shares = stage_shares(board.result.items, kind)
        st.markdown(f"**{title}: share of answers at each stage**")
        if shares.empty:
            st.info(f"No answers on {title.lower()} in this round.")
            continue
        figure.chart(charts.share_heatmap(framework, shares), key=f"heatmap_{kind}")
        shown = shares.rename(columns={s.number: f"{s.number} {s.short_name}" for s in framework.stages})
        figure.table(
            f"{title.lower()} by stage",
            shown.rename(columns={"name": title[:-1] if kind == "component" else "Priority area"}),
            **{f"{s.number} {s.short_name}": st.column_config.NumberColumn(format="percent") for s in framework.stages},
        )


def agreement_section(board: AreaDashboard) -> None:
    """Which factors the room is split on, with each factor's spread."""
    result = board.result
    split = split_factors(result)
    if split:
        st.warning("The room is split on: " + "; ".join(split) + ". Discuss these before agreeing a score.")
    else:
        st.success("The room broadly agrees on every factor.")
    spread = spread_table(result)
    figure.chart(charts.agreement_chart(framework, spread), key="agreement")
    st.caption(
        "Each bar spans the middle half of the room's scores; the marker is the median. A factor is split when "
        "more than a quarter of the scores lie over one level from the median."
    )
    figure.table(
        "agreement",
        spread_display(spread),
        **{"Share over a level away": st.column_config.NumberColumn(format="percent")},
    )


def partners_section(board: AreaDashboard) -> None:
    """Factor medians per partner type, as assessment.disclosure decides: small groups combined or hidden."""
    partners = board.partners
    factor_ids = [f.id for f in framework.factors]
    if partners.empty:
        st.info("No answers in this round yet.")
        return
    labels = [f"{name} ({people})" for name, people in zip(partners["name"], partners["people"], strict=True)]
    figure.chart(charts.score_heatmap(framework, labels, partners[factor_ids].to_numpy(dtype=float)), key="partners")
    st.caption(
        "Median score per partner type; the number of people is in brackets. "
        + small_groups_sentence(framework)
        + " A blank cell is withheld so that the answers of fewer than "
        f"{framework.suppression_k} people cannot be worked out from the others."
    )
    figure.table(
        "medians by partner type",
        partner_display(partners, framework),
        **{name: st.column_config.NumberColumn(format="%.2f") for name in factor_names.values()},
    )


def trend_section(board: AreaDashboard) -> None:
    """Each factor and the continuum position over the area's rounds."""
    trend = board.trend
    if len(trend) < 2:
        st.info("This is the area's first round with answers, so there is no trend yet.")
    else:
        figure.chart(charts.trend_chart(framework, trend), key="trend")
        st.caption(
            "Each small chart is one factor's score (0-4) per round: "
            + SCORE_RULE[0].lower()
            + SCORE_RULE[1:]
            + " The last chart is the continuum position (1-6)."
        )
    figure.table("trend across rounds", trend_display(trend, framework))


# A fragment: opening another section reruns only the sections, not the picker, scores and headline
# above (their values are the arguments the page passed on its last full run).
@st.fragment
def sections(board: AreaDashboard) -> None:
    """Draw the open section (tab) of the dashboard; the others are not built."""
    tabs = st.tabs(SECTIONS, key=state.DASHBOARD_SECTION, on_change="rerun")
    for tab, draw in zip(
        tabs, (factors_section, continuum_section, agreement_section, partners_section, trend_section), strict=True
    ):
        if tab.open:
            with tab:
                draw(board)


sections(board)

st.divider()
paper_download.show(store, framework, round_row, result.respondents, key="dashboard_paper")
