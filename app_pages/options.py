"""Structural options: compare them, see how ready the partnership is for each, appraise them against
weighted criteria, mix and match a hybrid, and read the recommendation."""

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from assessment.appraisal import (
    AppraisalError,
    RoundAppraisal,
    ScoreSource,
    check_weights,
    contributions,
    criterion_short_names,
    hybrid_stage,
    preview_hybrid,
    ranked,
    readiness_words,
    suggested_hybrid_scores,
    whole_scores,
)
from assessment.charts.options import appraisal_figure, readiness_figure, sensitivity_figure, step_change_figure
from assessment.costs import NO_ESTIMATE, CostError, check_estimate, estimate_words
from assessment.models import AppraisalScore, CriterionWeight, HybridInput
from assessment.options_tables import (
    contributions_table,
    costs_table,
    prerequisite_table,
    ranking_table,
    readiness_table,
    room_scores_table,
    score_basis,
    sensitivity_table,
    short_name,
    stage_words,
    weights_table,
)
from assessment.results import recommendation
from assessment.rounding import PERCENT_FORMAT, percent_points
from assessment.scoring import SCORE_RULE
from assessment.storage import StoreError
from ui import cache, resources, state
from ui.components import (
    access_gate,
    cost_editor,
    decision_record,
    figure,
    paper_download,
    round_picker,
    score_grid,
    weights_editor,
)
from ui.text import plain as escape

PAGE = "options"
SECTIONS = [
    "Compare the options",
    "Readiness and step change",
    "Weighted appraisal",
    "Mix and match",
    "Recommendation",
    "The Board's decision",
]

framework = resources.framework()
store = resources.store()
round_row = round_picker.page(store, "Structural options", flash=PAGE)

options = cache.round_options(store, round_row.id)
appraisal: RoundAppraisal = options.on(state.score_source())
result = appraisal.result
names = appraisal.names
criterion_names = {c.id: c.name for c in framework.criteria}
short_criteria = criterion_short_names(framework)
factor_scores = {k: v for k, v in result.factors["score"].to_dict().items() if not pd.isna(v)}
st.caption(f"{result.respondents} {'participant' if result.respondents == 1 else 'participants'} answered.")
may_edit = state.access().may_change(round_row.area_id)


def short(option_id: str) -> str:
    """'Option 2: Targeted' for a framework option (Framework.option_label); a hybrid's own name."""
    return short_name(appraisal, framework, option_id)


if appraisal.unusable:
    st.warning(
        "These saved hybrids choose an option this framework version no longer has, so they are left out: "
        + ", ".join(escape(n) for n in appraisal.unusable)
    )


# -- compare -----------------------------------------------------------------------------------------
def compare_section() -> None:
    """Each option (and any hybrids chosen) described on the five dimensions, side by side."""
    st.caption(
        "Each option described on the same five dimensions, so that you can read across a row to see "
        "what changes from one option to the next. " + framework.notes.prerequisites
    )
    chosen = [o.id for o in framework.options]
    if appraisal.hybrids:
        chosen += st.multiselect(
            "Add hybrid options to the comparison",
            [h.option_id for h in appraisal.hybrids],
            format_func=names.get,
            key="options_compare_hybrids",
        )
    by_id = {o.id: o for o in appraisal.options}
    for column, option_id in zip(st.columns(len(chosen)), chosen, strict=True):
        option = by_id[option_id]
        needs = ", ".join(f"{framework.factor(f).short_name} {level}" for f, level in option.prerequisites.items())
        with column.container(border=True):
            st.markdown(f"**{escape(option.name)}**")
            # Two short lines in one caption; one element fewer per card keeps the tab quick.
            st.caption(
                escape(stage_words(framework, option.stage))
                + "  \n"
                + ("Needs success factors at: " + needs if needs else "Needs nothing new from the success factors")
            )
            st.markdown(escape(option.summary))
    for dimension in framework.dimensions:
        st.markdown(f"#### {dimension.name}")
        st.caption(dimension.question)
        for column, option_id in zip(st.columns(len(chosen)), chosen, strict=True):
            with column.container(border=True):
                st.markdown(f"**{escape(short(option_id))}**  \n{escape(by_id[option_id].dimensions[dimension.id])}")
    costs_section(chosen)


# -- costs and resources -----------------------------------------------------------------------------
def costs_section(chosen: list[str]) -> None:
    """Each option's resource implications and the partnership's own estimate, then the estimates'
    form (for the round's facilitator) or table (for everyone else)."""
    table = costs_table(appraisal, options.estimates).set_index("Option ID")
    st.markdown("#### Costs and resources")
    st.caption(
        "What each option needs in posts, legal work and commissioning support, from the partnerships' papers "
        "the framework draws on, and this partnership's own estimate of what it would cost here."
    )
    for column, option_id in zip(st.columns(len(chosen)), chosen, strict=True):
        row = table.loc[option_id]
        with column.container(border=True):
            estimate = escape(row["The partnership's estimate"])
            st.markdown(
                f"**{escape(short(option_id))}**  \n{escape(row['Resource implications'])}\n\n**Estimate:** {estimate}"
            )
    st.markdown("**The partnership's estimates**")
    if not may_edit:
        st.caption(
            access_gate.read_only_note(
                store, round_row.area_id, "Entering or changing an estimate needs a facilitator PIN of this area."
            )
        )
        st.dataframe(table[["Option", "The partnership's estimate", "Note"]], hide_index=True, placeholder="-")
        return
    st.caption(
        "Your own figures for this partnership, as ranges in pounds and in posts (full-time equivalents). "
        "They are shown beside the options here, in the results workbook and in the Board paper."
    )
    entered = cost_editor.show(names, options.estimates, key="options_costs")
    if entered is not None:
        save_estimate(entered)


def save_estimate(entered: cost_editor.Entered) -> None:
    """Check and save one option's estimate; a wrong figure is named with its option and field."""
    try:
        estimate = check_estimate(names[entered.option_id], entered.option_id, entered.figures, entered.note)
        store.costs.save(round_row.id, [estimate], actor=state.access().actor)
    except (CostError, StoreError) as error:
        st.error(f"The estimate was not saved. {escape(error)}")
        return
    words = estimate_words(estimate)
    if estimate.empty:
        words = "removed"
    else:
        words = "saved: a note, no figures yet" if words == NO_ESTIMATE else f"saved: {words}"
    state.flash(PAGE, f"The estimate for {names[entered.option_id]} is {words}.")
    st.rerun()


# -- readiness ---------------------------------------------------------------------------------------
def readiness_section() -> None:
    """Where each option would put the partnership, and which success factors it still needs."""
    if result.respondents == 0:
        st.info("Nobody has answered this round yet, so readiness and step change cannot be worked out.")
        return
    st.write(result.sentence)
    st.caption(
        "Step change: how many continuum stages lie between where the partnership is now and where the "
        "option would put it. Readiness compares each success factor's score with the level the option needs. "
        + SCORE_RULE
    )
    assessed = [appraisal.assessments[o.id] for o in appraisal.options]
    figure.chart(
        step_change_figure(assessed, result.position, framework, {o.id: short(o.id) for o in appraisal.options}),
        key="step_change_chart",
    )
    for assessment, option in zip(assessed, appraisal.options, strict=True):
        st.markdown("- " + escape(readiness_words(assessment, option, framework, result.position)))
    # Which factors fall short is in the bullets above and, factor by factor, in the table under the
    # next chart: left out here so that this table fits a laptop's screen.
    figure.table(
        "readiness and step change",
        percent_points(
            readiness_table(framework, appraisal).drop(columns=["Kind", "Option ID", "Below what it needs"]),
            ["Prerequisites met"],
        ),
        **{
            "Step change (stages)": figure.change_column(
                "Step change", "Continuum stages from where the partnership is now"
            ),
            "Prerequisites met": st.column_config.ProgressColumn(format=PERCENT_FORMAT, min_value=0, max_value=100),
        },
    )
    st.markdown("#### Success factors each option relies on")
    st.caption(
        "Under each mark: the level the option needs / the factor's score now (0-4). " + framework.notes.prerequisites
    )
    staged = [o for o in appraisal.options if o.prerequisites]
    figure.chart(
        readiness_figure(framework, factor_scores, staged, {o.id: short(o.id) for o in staged}), key="readiness_chart"
    )
    figure.table("the success factors each option relies on", prerequisite_table(framework, appraisal))


# -- appraisal ---------------------------------------------------------------------------------------
def save_weights(entered: dict[str, float]) -> None:
    """Check and save the weights; an all-zero set is refused with the reason."""
    try:
        check_weights(entered)
        store.appraisal.save_weights(
            round_row.id,
            [CriterionWeight(criterion_id=c, weight=w) for c, w in entered.items()],
            actor=state.access().actor,
        )
    except (AppraisalError, ValidationError) as error:
        st.error(f"The weights were not saved. {escape(error)}")
        return
    state.flash(PAGE, "Weights saved.")
    st.rerun()


def save_board_scores(edited: pd.DataFrame) -> None:
    """Check every cell and save the Board's scores together; nothing is saved if any cell is wrong."""
    batch, problems = score_grid.to_scores(edited, names, criterion_names)
    if problems:
        st.error("The scores were not saved. Please correct:\n\n" + "\n".join(f"- {escape(p)}" for p in problems))
        return
    store.appraisal.save_scores(round_row.id, batch, actor=state.access().actor)
    state.flash(PAGE, "The Board's scores are saved.")
    st.rerun()


def scores_and_weights() -> None:
    """The weights, whose scores to rank on, and the Board's (and the room's) scores."""
    st.caption(
        "Score each option against each criterion from 0 (very poor) to 4 (very good). Each option's weighted "
        "score is the weighted average of its scores, so it also runs from 0 to 4. "
        + framework.notes.weights
        + " Cost of change (a high score means a low cost) starts at 0, so it counts only once the Board "
        "gives it a weight."
    )
    if may_edit:
        entered = weights_editor.show(framework, appraisal.weights, key="options_weights")
        if entered is not None:
            save_weights(entered)
    else:
        st.markdown("**Weights** (0 to 100 points each; only the proportions matter)")
        st.dataframe(
            percent_points(weights_table(framework, appraisal), ["Share"]),
            hide_index=True,
            placeholder="-",
            column_config={"Share": figure.percent_column(help="The criterion's share of all the weights")},
        )
    room_label = f"The room's median ({appraisal.participants_scoring} participants scored)"
    st.radio(
        "Rank the options on",
        list(ScoreSource),
        format_func={ScoreSource.BOARD: "The Board's scores", ScoreSource.ROOM: room_label}.get,
        horizontal=True,
        key=state.SCORE_SOURCE,
    )
    if appraisal.participants_scoring == 0:
        st.caption(
            "No participant has scored the options in this round yet. Each participant can score them on "
            "their own device once they have submitted their answers."
        )
    st.markdown("**The Board's scores**")
    if may_edit:
        edited = score_grid.show(
            names,
            framework.criteria,
            appraisal.board,
            key="options_board_scores",
            button="Save the Board's scores",
            criteria_as_rows=True,
            option_headers={o.id: short(o.id) for o in appraisal.options},
        )
        if edited is not None:
            save_board_scores(edited)
    else:
        board = appraisal.board.reindex(index=list(names), columns=[c.id for c in framework.criteria])
        board = board.rename(index=short, columns=short_criteria).rename_axis("Option")
        st.dataframe(board.reset_index(), hide_index=True, placeholder="-")
    if appraisal.participants_scoring:
        with st.expander("The room's scores (median of participants)"):
            st.dataframe(
                room_scores_table(framework, appraisal),
                hide_index=True,
                placeholder="-",
                column_config={
                    "Median": figure.score_column(),
                    "Lower quartile": figure.score_column("Middle half from", "Lower quartile of the room's scores"),
                    "Upper quartile": figure.score_column("to", "Upper quartile of the room's scores"),
                    "People scored": st.column_config.NumberColumn("People", help="People who scored it"),
                },
            )


def ranking() -> None:
    """The ranking on the chosen scores, and how firm it is."""
    table = appraisal.table
    order = ranked(table)
    st.markdown("#### Ranking")
    rests_on = options.ranking
    if rests_on is not None and rests_on.source != appraisal.source:
        st.caption(
            f"This ranking is on {score_basis(appraisal)}, for comparison. The recommendation rests on "
            f"{score_basis(rests_on)}, because the Board has scored the options."
        )
    if not order:
        st.info("No option is scored on every criterion that has a weight yet. Fill in the grid above.")
    else:
        parts = contributions(appraisal.matrix.loc[order], appraisal.weights)
        figure.chart(
            appraisal_figure(parts, table.loc[order], {o: short(o) for o in order}, short_criteria),
            key="appraisal_chart",
        )
        st.dataframe(
            ranking_table(framework, appraisal),
            hide_index=True,
            column_config={"Weighted score (0-4)": st.column_config.NumberColumn(format="%.2f")},
            placeholder="-",
        )
        figure.table("what each criterion contributes", contributions_table(framework, appraisal))
    unscored = [o for o in table.index if not table.loc[o, "complete"]]
    if unscored:
        st.caption(
            "Not ranked until scored on every criterion with a weight: " + ", ".join(escape(short(o)) for o in unscored)
        )
    if len(order) >= 2 and appraisal.sensitivities:
        st.markdown("#### How firm is the ranking?")
        st.caption(
            f"On {score_basis(appraisal)}: for each criterion, with the other weights held where they are, the range "
            "of weights over which the ranking stays exactly as it is. At either end of the bar two options tie; "
            "beyond it they swap."
        )
        figure.chart(sensitivity_figure(appraisal.sensitivities, short_criteria), key="sensitivity_chart")
        # The weights where the ranking changes are numbers or "never (...)": shown as text, one type a column.
        moves = ["Ranking changes if lowered to", "Ranking changes if raised to"]
        st.dataframe(
            sensitivity_table(framework, appraisal).astype(dict.fromkeys(moves, str)), hide_index=True, placeholder="-"
        )


def appraisal_section() -> None:
    """The weighted appraisal: weights, scores, ranking and its sensitivity."""
    scores_and_weights()
    if appraisal.error:
        st.error(escape(appraisal.error))
    elif appraisal.table is not None:
        ranking()


# -- mix and match -----------------------------------------------------------------------------------
def save_hybrid(editing, name: str, choices: dict[str, str]) -> None:  # noqa: ANN001
    """Save a new hybrid, or changes to the one being edited."""
    try:
        spec = HybridInput(name=name, choices=choices)
        if editing:
            store.appraisal.update_hybrid(editing.id, spec, actor=state.access().actor)
        else:
            store.appraisal.add_hybrid(round_row.id, spec, actor=state.access().actor)
    except ValidationError:
        st.error("Give the hybrid a name (up to 80 characters) before saving it.")
    except StoreError as error:
        st.error(escape(error))
    else:
        state.flash(PAGE, f"Hybrid '{spec.name}' saved with the round. Score it in the weighted appraisal.")
        st.rerun()


def suggested_scores(editing) -> None:  # noqa: ANN001
    """A starting point for the Board's scores of a saved hybrid, and a button to use it."""
    suggested = suggested_hybrid_scores(framework, editing.choices, appraisal.board)
    st.markdown("**A starting point for the Board's scores**")
    st.caption(
        "Per criterion, the average of the Board's scores for the options this hybrid draws on, each counted "
        "once per dimension it supplies (rounded to whole scores when you use them). Adjust them in the weighted "
        "appraisal."
    )
    st.dataframe(
        pd.DataFrame({"Criterion": [criterion_names[c] for c in suggested.index], "Suggested score": suggested}),
        hide_index=True,
        column_config={"Suggested score": figure.score_column()},
        placeholder="-",
    )
    counting = [c for c, weight in appraisal.weights.items() if weight > 0]
    if (
        may_edit
        and suggested[counting].notna().all()
        and st.button("Use these as the Board's scores for this hybrid", key="options_hybrid_suggest")
    ):
        batch = [
            AppraisalScore(option_id=editing.option_id, criterion_id=c, value=v)
            for c, v in whole_scores(suggested).items()
        ]
        store.appraisal.save_scores(round_row.id, batch, actor=state.access().actor)
        state.flash(PAGE, f"Scores for '{editing.name}' saved.")
        st.rerun()


def mix_section() -> None:
    """Choose an arrangement per dimension, see what the mix implies, and save it with the round."""
    st.caption(
        "Choose, for each dimension, which option's arrangement to adopt. The hybrid's stage is the median "
        "of the five chosen arrangements' stages (rounded down at a half; the status quo counts as where the "
        "partnership is now). It needs every chosen option's success factors, at the highest level any of them needs."
    )
    hybrids = {h.id: h for h in appraisal.hybrids}
    target = st.selectbox(
        "Hybrid to work on",
        [0, *hybrids],
        format_func=lambda i: "A new hybrid" if i == 0 else hybrids[i].name,
        key="options_hybrid_target",
    )
    editing = hybrids.get(target)
    framework_ids = [o.id for o in framework.options]
    name = st.text_input(
        "Name of the hybrid",
        value=editing.name if editing else "",
        max_chars=80,
        placeholder="for example: Targeted areas with a whole-system support team",
        key=f"options_hybrid_name_{target}",
    )
    choices = {}
    for dimension in framework.dimensions:
        default = editing.choices[dimension.id] if editing else "targeted"
        choices[dimension.id] = st.selectbox(
            dimension.name,
            framework_ids,
            index=framework_ids.index(default) if default in framework_ids else 0,
            format_func=lambda o: framework.option(o).name,
            key=f"options_hybrid_{target}_{dimension.id}",
        )
        st.caption(escape(framework.option(choices[dimension.id]).dimensions[dimension.id]))
    option, assessment = preview_hybrid(framework, choices, name, factor_scores, result.position)
    with st.container(border=True):
        st.markdown("**What this mix implies**")
        st.write(escape(stage_words(framework, hybrid_stage(framework, choices, result.position))))
        if result.respondents:
            st.write(escape(readiness_words(assessment, option, framework, result.position)))
    save_col, delete_col = st.columns(2)
    if not may_edit:
        st.caption(
            access_gate.read_only_note(
                store, round_row.area_id, "Saving, changing or deleting a hybrid needs a facilitator PIN of this area."
            )
        )
    elif save_col.button(
        "Save this hybrid" if not editing else "Save changes", type="primary", key="options_hybrid_save"
    ):
        save_hybrid(editing, name, choices)
    if may_edit and editing and delete_col.button("Delete this hybrid", key="options_hybrid_delete"):
        store.appraisal.delete_hybrid(editing.id, actor=state.access().actor)
        state.flash(PAGE, f"Hybrid '{editing.name}' deleted.")
        st.rerun()
    if editing:
        suggested_scores(editing)


# -- recommendation ----------------------------------------------------------------------------------
def recommendation_section() -> None:
    """THE recommendation, then the Board paper that carries it with the findings and the plan."""
    recommendation_text()
    st.divider()
    paper_download.show(store, framework, round_row, result.respondents, key="options_paper")


def recommendation_text() -> None:
    """THE recommendation (results.recommendation), as the workbook and the command line give it."""
    recommended = recommendation(options, result, framework)
    advice = recommended.advice
    if advice is None:
        st.subheader(escape(recommended.option))
        st.caption(recommended.basis + ".")
        for label, value in recommended.rows[1:]:
            st.markdown(f"- **{escape(label)}:** {escape(value)}")
        return
    st.subheader(escape(advice.headline))
    st.caption(f"Based on {escape(recommended.basis[0].lower() + recommended.basis[1:])}, and the weights below.")
    for reason in advice.reasons:
        st.markdown("- " + escape(reason))
    st.markdown("**What to weigh before deciding**")
    for caveat in advice.caveats:
        st.markdown("- " + escape(caveat))
    st.info(escape(advice.weights))


# -- the Board's decision ----------------------------------------------------------------------------
def decision_section() -> None:
    """What the Board decided, who must ratify it, and (for the facilitator) the forms that record them."""
    recommended = recommendation(options, result, framework).option
    decision_record.show(store, framework, round_row, may_edit=may_edit, recommended=recommended, page=PAGE)


# Only the open tab is drawn: opening another reruns the page (the appraisal is shared, so that is quick).
tabs = st.tabs(SECTIONS, key=state.OPTIONS_SECTION, on_change="rerun")
for tab, section in zip(
    tabs,
    (compare_section, readiness_section, appraisal_section, mix_section, recommendation_section, decision_section),
    strict=True,
):
    if tab.open:
        with tab:
            section()
