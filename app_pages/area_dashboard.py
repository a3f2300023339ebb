"""Area dashboard: where one partnership's round sits, how it compares, where the room disagrees."""

import streamlit as st

from assessment.agreement import rule_sentence
from assessment.charts import dashboard as charts
from assessment.dashboard import (
    SCORE_CAPTION,
    agreed_factors,
    factor_table,
    partner_breakdown_missing,
    partner_display,
    passes_display,
    split_factors,
    spread_display,
    spread_table,
    stage_shares,
    strip_table,
    trend_display,
)
from assessment.dates import round_name
from assessment.disclosure import small_groups_sentence
from assessment.passes import UNCERTAIN_MEANING, rescored_sentence, uncertain_names
from assessment.results import AreaDashboard
from assessment.rounding import change_text, percent_points, stage_text
from assessment.scoring import PERCENTILE_RULE, SCORE_RULE
from ui import cache, resources, state
from ui.components import decision_record, figure, paper_download, round_picker
from ui.text import plain

SECTIONS = ["Success factors", "Continuum detail", "Agreement", "By partner type", "Trend"]

framework = resources.framework()
store = resources.store()
round_row = round_picker.show(store, rounds=cache.programme(store).rounds, title="Area dashboard")
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
    stage_text(result.position),
    delta=None if change is None else f"{change_text(change)} on last round",
    delta_color="off",
)
headline.metric("Split factors", len(split_factors(result)), help="Factors where the room disagrees (see Agreement)")
headline.metric("Agreed scores", "{} of {}".format(*agreed_factors(result)))
rescored = rescored_sentence(result.factors)
if rescored:
    uncertain = uncertain_names(result.factors)
    st.info(
        "Re-scored after discussion: "
        + rescored
        + (f" Still split after re-scoring, so uncertain: {'; '.join(uncertain)}." if uncertain else "")
    )
    st.markdown("**Each re-scored factor, pass by pass**")
    history = passes_display(result)
    st.dataframe(
        history,
        hide_index=True,
        key="passes_table",
        column_config={
            "Median": st.column_config.NumberColumn(format="%.1f"),
            "At the median": st.column_config.NumberColumn(format="%d%%"),
            "Within one level": st.column_config.NumberColumn(format="%d%%"),
        },
        placeholder="-",
    )
    st.caption(
        "Each pass: the room's scores as they stood after it, with the share at the median and within one "
        "level of it. " + UNCERTAIN_MEANING
    )

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
        (
            "Star: the stage the room agreed for the one component or priority area it agreed a stage for. "
            if agreed_items == 1
            else f"Star: the stage the room agreed, averaged over the {agreed_items} components and priority "
            "areas it agreed a stage for. "
        )
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
    # One table of the factors, drawn twice so that each half fits a laptop's width: this round's
    # scores, then the same factors against the last round and the other areas.
    table = percent_points(factor_table(result, bench), ["Don't know"])
    # The second half names the factors by their short names, so that its figures fit beside them.
    table["Short name"] = table["Factor"].map({f.name: f.short_name for f in framework.factors})
    columns = {
        "Short name": st.column_config.TextColumn("Factor"),
        "Score": figure.score_column(),
        "Median": figure.score_column(),
        "Agreed": figure.score_column(),
        "Spread of the middle half": figure.score_column(
            "Spread", "Spread of the middle half of the room's scores: upper quartile minus lower quartile."
        ),
        "People scored": st.column_config.NumberColumn("People", help="People who scored the factor"),
        "Don't know": figure.percent_column(help="Share of people who answered 'don't know'"),
        "Previous round": figure.score_column("Last round", "The factor's score at the area's previous round"),
        "Change": figure.change_column(help="This round's score minus the last round's"),
        "Other areas: lower quartile": figure.score_column(
            "Others from", "Other areas: lower quartile (a quarter of them score below this)"
        ),
        "Other areas: median": figure.score_column("Others' median", "Other areas: median"),
        "Other areas: upper quartile": figure.score_column(
            "Others to", "Other areas: upper quartile (a quarter of them score above this)"
        ),
        "Percentile among other areas": st.column_config.NumberColumn(
            "Percentile", help="Percentile among other areas", format="%.0f"
        ),
    }
    # Which answers a re-scored factor's score uses goes with the second half, where there is room for it.
    passes = [c for c in ("Answers used", "Uncertain") if c in table.columns]
    comparison = [*passes, "Previous round", "Change", *[c for c in table.columns if c.startswith("Other areas")]]
    comparison.append("Percentile among other areas")
    this_round = [c for c in table.columns if c not in [*comparison, "Short name"]]
    st.markdown("**This round's scores**")
    st.dataframe(
        table, hide_index=True, key="factor_table", column_config=columns, column_order=this_round, placeholder="-"
    )
    st.markdown(
        "**"
        + ("Re-scoring, the last round and the other areas" if passes else "Against the last round and the other areas")
        + "**"
    )
    st.dataframe(
        table,
        hide_index=True,
        key="factor_comparison",
        column_config=columns,
        column_order=["Short name", *comparison],
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
        stages = [f"{s.number} {s.short_name}" for s in framework.stages]
        shown = shares.rename(columns=dict(zip([s.number for s in framework.stages], stages, strict=True)))
        figure.table(
            f"{title.lower()} by stage",
            percent_points(shown, stages).rename(
                columns={"name": title[:-1] if kind == "component" else "Priority area"}
            ),
            n=st.column_config.NumberColumn("People", help="People who answered"),
            **{
                stage: figure.percent_column(f"Stage {s.number}", f"Stage {s.number}: {s.name}")
                for stage, s in zip(stages, framework.stages, strict=True)
            },
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
        "Each bar spans the middle half of the room's scores; the marker is the median. "
        + rule_sentence(framework.agreement)
    )
    figure.table(
        "agreement",
        percent_points(spread_display(spread), ["Share over a level away"]).replace(
            {"Factor": {f.name: f.short_name for f in framework.factors}}
        ),
        **{name: figure.score_column() for name in ("Median", "Lower quartile", "Upper quartile")},
        **{
            "Spread (middle half)": figure.score_column(
                "Spread", "Spread of the middle half: upper minus lower quartile"
            ),
            "Share over a level away": figure.percent_column(
                "Over a level away", "Share of people who scored over a level away from the median"
            ),
            "n": st.column_config.NumberColumn("People", help="People who scored the factor"),
        },
    )


def partners_section(board: AreaDashboard) -> None:
    """Factor medians per partner type, as assessment.disclosure decides: small groups combined or hidden."""
    partners = board.partners
    factor_ids = [f.id for f in framework.factors]
    if partners.empty:
        st.info("No answers in this round yet.")
        return
    missing = partner_breakdown_missing(partners, framework)
    if missing:
        st.info(missing)
        st.caption(small_groups_sentence(framework))
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
        # Narrow enough for the eight factors beside it; a long name shows in full when its cell is clicked.
        **{"Partner type": st.column_config.TextColumn(width=210)},
        **figure.factor_score_columns(framework),
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
    figure.table(
        "trend across rounds",
        trend_display(trend, framework),
        **{"Round held on": st.column_config.Column("Held on", help="Round held on")},
        **figure.factor_score_columns(framework),
        **{"Continuum position": figure.stage_column("Position", "Continuum position (1-6)")},
    )


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
