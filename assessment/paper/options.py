"""The Options, Development plan and Implications sections: the options side by side, readiness, the
weighted appraisal and THE recommendation (all from assessment.options_tables and results.options),
the plan's actions, and what the framework says the options would mean."""

from __future__ import annotations

import pandas as pd
from docx.document import Document

from assessment.appraisal import ranked
from assessment.dates import british_date
from assessment.framework import Framework
from assessment.options_tables import costs_table, ranking_table, readiness_table, sensitivity_table, weights_table
from assessment.paper import document as doc
from assessment.paper.findings import number
from assessment.paper.gather import PaperData
from assessment.plan import linked_to
from assessment.results.options import weights_source

# What the Implications section gathers from the framework's own words about the options, the stages
# and the recommendations: each heading with the phrases that mark a passage for it.
IMPLICATIONS = (
    ("Legal", ("section 75",)),
    ("Staffing and consultation", ("consultation", "matrix management")),
    ("Resources", ("resources", "pooled budgets")),
)
# The sensitivity table's headers as the paper prints them: short, so no column breaks a word.
SENSITIVITY_HEADERS = {
    "Weight now": "Weight",
    "Ranking changes if lowered to": "Lowered to",
    "Ranking changes if raised to": "Raised to",
    "Smallest move that changes the ranking": "Smallest move",
}


def write_options(document: Document, framework: Framework, data: PaperData) -> None:
    """Options: the five dimensions, readiness and step change, the weighted appraisal and the
    recommendation with its reasons."""
    document.add_heading("Options", level=1)
    document.add_heading("The options on five dimensions", level=2)
    doc.paragraph(document, "Read across a row to see what changes from the status quo to each option.")
    doc.table(
        document,
        ("Dimension", *[framework.option_label(o.id) for o in framework.options]),
        [[d.name, *[o.dimensions[d.id] for o in framework.options]] for d in framework.dimensions],
    )
    doc.caption(document, "; ".join(o.name for o in framework.options) + ".")
    board = data.options.board
    document.add_heading("Readiness and step change", level=2)
    readiness = readiness_table(framework, board)
    doc.table(
        document,
        ("Option", "Stage", "Step change", "Needs met", "Below what it needs"),
        [
            [
                r["Option"],
                r["Stage"],
                number(r["Step change (stages)"], 1),
                f"{r['Prerequisites met']:.0%}",
                r["Below what it needs"],
            ]
            for _i, r in readiness.iterrows()
        ],
    )
    doc.caption(
        document,
        "Step change: how many continuum stages the option lies beyond today's position. Needs met: "
        "the share of the success-factor levels the option needs that the factors' scores reach.",
    )
    _costs(document, data)
    _appraisal(document, framework, data)
    document.add_heading("The recommendation", level=2)
    for label, value in data.verdict.rows:
        doc.paragraph(document, str(value), label=label or None, style=None if label else "List Bullet")


def _costs(document: Document, data: PaperData) -> None:
    """Each option's resource implications, then the partnership's estimates (options_tables.costs_table):
    two tables, so that the long descriptions get the page's width."""
    document.add_heading("Costs and resources", level=2)
    table = costs_table(data.options.board, data.options.estimates)
    doc.table(document, ("Option", "What it needs"), table[["Option", "Resource implications"]].itertuples(index=False))
    doc.caption(document, "What each option needs, as the partnerships' papers behind the framework describe it.")
    notes = table["Note"].str.strip().astype(bool).any()
    columns = ["Option", "The partnership's estimate", *(["Note"] if notes else [])]
    doc.table(document, ("Option", "Estimate", *(["Note"] if notes else [])), table[columns].itertuples(index=False))
    doc.caption(
        document,
        "The partnership's own estimates for this round: the one-off cost, the cost a year and the posts "
        "(full-time equivalents), each from low to high.",
    )


def _appraisal(document: Document, framework: Framework, data: PaperData) -> None:
    ranking = data.options.ranking
    document.add_heading("The weighted appraisal", level=2)
    shown = ranking or data.options.board
    weights = weights_table(framework, shown)
    doc.table(
        document,
        ("Criterion", "Weight", "Share"),
        [[r["Criterion"], number(r["Weight"], 0), f"{r['Share']:.0%}"] for _i, r in weights.iterrows()],
    )
    doc.caption(document, f"The weights used. {weights_source(data.options.saved, framework)}")
    if ranking is None or ranking.error or not ranked(ranking.table):
        doc.paragraph(document, data.verdict.rows[1][1])
        return
    table = ranking_table(framework, ranking)
    doc.table(
        document,
        ("Rank", "Option", "Score (0-4)", "Tied"),
        [[r["Rank"], r["Option"], number(r["Weighted score (0-4)"]), r["Tied"]] for _i, r in table.iterrows()],
    )
    doc.caption(document, f"The options ranked on {data.verdict.basis[0].lower()}{data.verdict.basis[1:]}.")
    sensitivity = sensitivity_table(framework, ranking)
    if len(sensitivity) and len(ranked(ranking.table)) >= 2:
        doc.table(
            document,
            [SENSITIVITY_HEADERS.get(c, c) for c in sensitivity.columns],
            [["-" if pd.isna(v) else v for v in r] for r in sensitivity.itertuples(index=False, name=None)],
        )
        doc.caption(
            document,
            "How far each weight can move before the ranking changes: the ranking changes if the weight is "
            "lowered to, or raised to, the value shown; the smallest move is the nearer of the two.",
        )


def write_plan(document: Document, framework: Framework, data: PaperData) -> None:
    """Development plan: the actions with owner, due date and status, then what the framework's rules
    propose that is not yet in it."""
    document.add_heading("Development plan", level=1)
    plan = data.plan
    if plan.actions:
        doc.table(
            document,
            ("Action", "Owner", "Due", "Status", "Linked to"),
            [
                [a.title, a.owner, british_date(a.due_on) or None, a.status, linked_to(a, framework)]
                for a in plan.actions
            ],
        )
        doc.caption(document, "The actions agreed for this round, as the facilitator last recorded them.")
    else:
        doc.paragraph(document, "No actions have been added to the plan yet.")
    if plan.not_yet_in_plan:
        lead = "The framework's rules also propose, from this round's scores"
        if plan.steps:
            lead += ", with the steps of the option the Board chose, in order of priority"
        doc.paragraph(document, f"{lead}:")
        doc.bullets(document, [f"{p.title} (suggested owner: {p.owner})" for p in plan.not_yet_in_plan])


def implication_passages(framework: Framework) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per heading of IMPLICATIONS, the framework's passages (where from, text) that speak to it; each
    passage under the first heading it matches."""
    passages = [(f"Stage {s.number}: {s.name}", s.description) for s in framework.stages]
    for option in framework.options:
        passages.append((option.name, option.summary))
        passages += [(f"{option.name}: {d.name}", option.dimensions[d.id]) for d in framework.dimensions]
    passages += [(f"Proposed action: {r.id.replace('_', ' ')}", r.action) for r in framework.recommendations]
    used: set[int] = set()
    found = []
    for heading, phrases in IMPLICATIONS:
        mine = [
            i for i, (_where, text) in enumerate(passages) if i not in used and any(p in text.lower() for p in phrases)
        ]
        used.update(mine)
        found.append((heading, [passages[i] for i in mine]))
    return found


def write_implications(document: Document, framework: Framework) -> None:
    """Implications: the framework's own words on the legal, staffing and resource side of the options."""
    document.add_heading("Implications", level=1)
    doc.paragraph(document, "What the framework says the options would mean, in its own words.")
    for heading, passages in implication_passages(framework):
        document.add_heading(heading, level=2)
        if not passages:
            doc.paragraph(document, "The framework says nothing specific; see the options on five dimensions.")
        for where, text in passages:
            doc.paragraph(document, text, label=where)
