"""Compare areas: partnerships side by side on the success factors and the continuum."""

import pandas as pd
import streamlit as st

from assessment.anonymity import ANONYMOUS_NOTE, naming_for
from assessment.charts import dashboard as charts
from assessment.compare import (
    PARTICIPANTS,
    PARTNER_TYPES,
    POSITION,
    percentile_display,
    select_areas,
    side_by_side,
    sort_and_filter,
)
from assessment.scoring import PERCENTILE_RULE, SCORE_RULE
from ui import cache, resources, state
from ui.components import access_gate, figure
from ui.text import plain

SECTIONS = ["Side by side", "Radar", "Heatmap", "On the continuum", "Benchmarks"]
LATEST = "Latest finalised round"
RANGE = "Finalised rounds in a date range"

framework = resources.framework()
store = resources.store()
access = access_gate.require_comparison(
    store,
    "Compare areas shows every partnership's results side by side, so it opens only with the programme "
    "passphrase. A facilitator PIN opens its own area's dashboard, which shows where the area sits among "
    "the others without naming them.",
)
factor_ids = [f.id for f in framework.factors]
factor_names = {f.id: f.short_name for f in framework.factors}

naming = naming_for(store, access)  # this session's own areas by name, others perhaps anonymously

st.title("Compare areas")
if naming.anonymised:
    st.caption(ANONYMOUS_NOTE)
rounds = cache.programme(store).rounds
area_names = naming.areas(rounds.finalised_areas())
if not area_names:
    st.info("No round is finalised yet. Areas can be compared once their rounds are finalised.")
    st.stop()

# -- what to compare ----------------------------------------------------------------------------------

pick, period = st.columns([3, 2])
every_area = pick.toggle(f"All {len(area_names)} areas", key=state.COMPARE_ALL)
picked = pick.multiselect(
    "Areas to compare (2 to 6)",
    list(area_names),
    default=list(area_names)[:3],
    format_func=area_names.get,
    max_selections=6,
    disabled=every_area,
    key=state.COMPARE_AREAS,
)
which = period.radio("Rounds", [LATEST, RANGE], horizontal=True, key=state.COMPARE_PERIOD)
start = end = None
if which == RANGE:
    first, last = rounds.held_between()
    dates = period.date_input(
        "Held from / to", value=(first, last), min_value=first, max_value=last, key=state.COMPARE_DATES
    )
    if isinstance(dates, tuple) and len(dates) == 2:
        start, end = dates
    else:
        period.caption("Pick the last date of the range too.")

if not every_area and len(picked) < 2:
    st.info("Pick at least two areas, or switch on 'All areas'.")
    st.stop()

everyone, percentiles = cache.comparison(store, start, end)
# The shared tables name every area: they are shown as this session may see them, and in that order.
if naming.anonymised:
    everyone = naming.table(everyone)
    percentiles = percentiles.assign(area=percentiles.index.map(naming.shown))
if everyone.empty:
    st.info("No finalised round with answers was held in this period.")
    st.stop()
table = select_areas(everyone, None if every_area else picked)
missing = [area_names[a] for a in picked if a not in set(table["area_id"])] if not every_area else []
if missing:
    st.warning("No finalised round in this period for: " + ", ".join(plain(m) for m in missing) + ".")

stages = {
    "Continuum position": figure.stage_column(),
    "Middle half from stage": figure.stage_column(),
    "to stage": figure.stage_column(),
}


def side_by_side_section(shown: pd.DataFrame) -> None:
    """Factor scores and continuum positions of the areas, one row each."""
    st.caption("Factor scores run from 0 (not in place) to 4 (embedded); positions from stage 1 to 6. " + SCORE_RULE)
    # One table drawn twice, so that each half fits a laptop's width: where each area's round stands,
    # then its eight factor scores.
    factors = list(factor_names.values())
    columns = stages | figure.factor_score_columns(framework)
    st.markdown("**Each area's round and continuum position**")
    st.dataframe(
        shown,
        hide_index=True,
        key="side_by_side",
        column_config=columns,
        column_order=[c for c in shown.columns if c not in factors],
        placeholder="-",
    )
    st.markdown("**Each area's factor scores**")
    st.dataframe(
        shown,
        hide_index=True,
        key="side_by_side_factors",
        column_config=columns,
        column_order=["Area", *factors],
        placeholder="-",
    )


def radar_section(table: pd.DataFrame, shown: pd.DataFrame) -> None:
    """The eight factors of up to three of the areas on one radar."""
    names = table["area"].tolist()
    on_radar = names[:3]
    if len(names) > 3:
        on_radar = st.multiselect(
            "Areas on the radar (up to 3)", names, default=names[:3], max_selections=3, key=state.COMPARE_RADAR
        )
    values = table.set_index("area").loc[on_radar, factor_ids].to_numpy(dtype=float)
    series = [
        charts.RadarSeries(area, row.tolist(), style=index)
        for index, (area, row) in enumerate(zip(on_radar, values, strict=True))
    ]
    figure.chart(charts.factor_radar(framework, series), key="compare_radar")
    figure.table(
        "the areas on the radar",
        shown.loc[shown["Area"].isin(on_radar), ["Area", *factor_names.values()]],
        **figure.factor_score_columns(framework),
    )


def heatmap_section(table: pd.DataFrame, shown: pd.DataFrame) -> None:
    """Every area x factor scores as a heatmap."""
    heatmap = charts.score_heatmap(framework, table["area"].tolist(), table[factor_ids].to_numpy(dtype=float))
    figure.chart(heatmap, key="compare_heatmap")
    st.caption("Darker cells are higher scores (0-4); the numbers are written in the cells and in the table.")
    figure.table("areas by factor", shown[["Area", *factor_names.values()]], **figure.factor_score_columns(framework))


def strip_section(table: pd.DataFrame, shown: pd.DataFrame) -> None:
    """The areas placed on one continuum strip."""
    figure.chart(charts.areas_strip(framework, table), key="areas_strip")
    st.caption("Diamond: the area's position; bar: the middle half of its components and priority areas.")
    figure.table(
        "areas on the continuum",
        shown[["Area", "Continuum position", "Middle half from stage", "to stage"]],
        **stages,
    )


def benchmarks_section(everyone: pd.DataFrame, table: pd.DataFrame) -> None:
    """Each area's percentile per factor among all areas."""
    st.caption(
        f"Each area's percentile per factor among all {len(everyone)} areas with a round in this period. "
        + PERCENTILE_RULE
    )
    st.dataframe(
        percentile_display(percentiles.loc[table["area_id"]], framework),
        hide_index=True,
        key="percentiles",
        column_config={
            f.short_name: st.column_config.ProgressColumn(
                f.short_name, help=f.name, format="%.0f", min_value=0, max_value=100, width=figure.FACTOR_WIDTH + 15
            )
            for f in framework.factors
        },
        placeholder="-",
    )


def sorted_areas(everyone: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The chosen areas sorted, and filtered to the range, by the column the user picks."""
    metrics = {
        "area": "Area name",
        POSITION: "Continuum position",
        PARTICIPANTS: "Participants",
        PARTNER_TYPES: "Partner types taking part",
    } | {f.id: f"Factor: {f.short_name}" for f in framework.factors}
    sort_col, range_col = st.columns([2, 3])
    by = sort_col.selectbox("Sort and filter by", list(metrics), format_func=metrics.get, key=state.COMPARE_SORT)
    low = high = None
    if by != "area":
        values = everyone[by].dropna()
        scale = (1.0, 6.0) if by == POSITION else (0.0, 4.0) if by in factor_ids else (0.0, float(values.max() or 1))
        chosen_range = range_col.slider(
            f"Show areas with {metrics[by].lower()} from / to",
            min_value=scale[0],
            max_value=scale[1],
            value=scale,
            step=0.1 if by == POSITION or by in factor_ids else 1.0,
            key=state.compare_range_key(by),
        )
        if chosen_range != scale:
            low, high = chosen_range
    return sort_and_filter(table, by, low, high, descending=by != "area")


# A fragment: sorting, filtering and opening another section rerun only this part, not the area and
# period pickers above (its arguments are the values the page passed on its last full run).
@st.fragment
def results(everyone: pd.DataFrame, table: pd.DataFrame, which: str) -> None:
    """Sort and filter the chosen areas, then draw the open section (tab)."""
    table = sorted_areas(everyone, table)
    if table.empty:
        st.info("No area is in that range. Widen the range to see areas.")
        return
    st.caption(
        f"{len(table)} areas · "
        + (
            "each area's latest finalised round"
            if which == LATEST
            else "each area's latest finalised round in the range"
        )
    )

    shown = side_by_side(table, framework)
    tabs = st.tabs(SECTIONS, key=state.COMPARE_SECTION, on_change="rerun")
    draw = (
        lambda: side_by_side_section(shown),
        lambda: radar_section(table, shown),
        lambda: heatmap_section(table, shown),
        lambda: strip_section(table, shown),
        lambda: benchmarks_section(everyone, table),
    )
    for tab, section in zip(tabs, draw, strict=True):
        if tab.open:
            with tab:
                section()


results(everyone, table, which)
