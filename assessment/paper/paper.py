"""The Board paper of one round, in the order a Board reads it: title block, Purpose and
Recommendations, Background, Findings, Options, Development plan, Implications and an Appendix on the
method. Every number comes from the results service (see gather.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import plotly.graph_objects as go
from docx.document import Document

from assessment.agreement import rule_sentence
from assessment.charts.png import png_images
from assessment.dates import british_date
from assessment.disclosure import small_groups_sentence
from assessment.framework import Framework
from assessment.paper import document as doc
from assessment.paper.decision import decision_asks, write_decision
from assessment.paper.findings import charts, write_findings
from assessment.paper.gather import DRAFT, PaperData, gather
from assessment.paper.options import write_implications, write_options, write_plan
from assessment.scoring import PERCENTILE_RULE, SCORE_RULE
from assessment.storage import Store

Renderer = Callable[[Sequence[go.Figure]], list[bytes]]
AUTHORS = "The facilitator of the self-assessment, for the partnership executive"


def board_paper(
    store: Store,
    framework: Framework,
    round_id: int,
    status: str | None = None,
    *,
    renderer: Renderer | None = png_images,
) -> Document:
    """The round's Board paper as a python-docx Document; EmptyRound when nobody has answered. status:
    draft or final (default: final once the round is finalised). renderer draws the charts as PNG
    (None: the paper without chart images, their figures' tables still in place)."""
    data = gather(store, framework, round_id, status)
    round_row = data.board.round
    document = doc.new_document(f"Joint commissioning self-assessment: {round_row.area_name}")
    chart_list = charts(framework, data)
    images = {}
    if renderer is not None:
        images = dict(zip([c.name for c in chart_list], renderer([c.figure for c in chart_list]), strict=True))
    _title_block(document, framework, data)
    doc.add_contents(document)
    _purpose(document, data)
    _background(document, framework, data)
    write_findings(document, framework, data, images)
    write_options(document, framework, data)
    write_decision(document, data)
    write_plan(document, framework, data)
    write_implications(document, framework)
    _appendix(document, framework, data)
    return document


def _title_block(document: Document, framework: Framework, data: PaperData) -> None:
    round_row = data.board.round
    document.add_paragraph(doc.plain(f"Joint commissioning self-assessment: {round_row.area_name}"), style="Title")
    doc.paragraph(document, data.to[0].upper() + data.to[1:], label="To")
    doc.paragraph(document, british_date(round_row.held_on), label="Meeting date")
    doc.paragraph(document, AUTHORS, label="Prepared by")
    doc.paragraph(document, "Draft" if data.status == DRAFT else "Final", label="Status")
    doc.paragraph(document, f"{framework.title}, version {round_row.framework_version}", label="Framework")
    if round_row.title:
        doc.paragraph(document, round_row.title, label="Round")


def recommendations(data: PaperData) -> list[str]:
    """What the Board is asked to do, one numbered paragraph each: note the findings, decide on the
    recommended option (or have the options appraised first; or, once the Board has decided, note its
    decision and the ratification still to come), and agree the development plan."""
    result, verdict, plan = data.board.result, data.verdict, data.plan
    asks = [f"note the findings of the self-assessment: {result.sentence.rstrip('.')}"]
    decided = decision_asks(data)
    if decided:
        asks += decided
    elif verdict.advice is None:
        ready = dict(verdict.rows).get("Readiness only (not an appraisal)", verdict.option)
        asks.append(
            "note that no weighted appraisal ranks the structural options yet, and that on readiness alone the "
            f"furthest option the partnership is ready for is {ready}; and instruct the executive to appraise "
            "the options against the agreed criteria before the Board chooses a preferred model"
        )
    elif verdict.option.startswith("A tie: "):
        tied = verdict.option.removeprefix("A tie: ")
        asks.append(
            f"choose a preferred model between {tied}, which the weighted appraisal ranks equal, and instruct "
            "the executive to develop the implementation plan"
        )
    else:
        asks.append(
            f"identify {verdict.option} as the preferred model for joint commissioning, and instruct the "
            "executive to develop the implementation plan"
        )
    if plan.actions:
        asks.append(f"agree the development plan of {len(plan.actions)} actions in the Development plan section")
    else:
        asks.append("instruct the executive to draw up a development plan from the actions the framework proposes")
    return [ask[0].upper() + ask[1:] + ("." if i == len(asks) - 1 else ";") for i, ask in enumerate(asks)]


def _purpose(document: Document, data: PaperData) -> None:
    round_row = data.board.round
    document.add_heading("Purpose", level=1)
    doc.paragraph(
        document,
        f"This paper reports the joint commissioning self-assessment of {round_row.area_name}, held on "
        f"{british_date(round_row.held_on)}, and the structural options for joint commissioning it points to.",
    )
    document.add_heading("Recommendations", level=1)
    doc.paragraph(document, "The Board is asked to:")
    doc.numbered(document, recommendations(data))


def _background(document: Document, framework: Framework, data: PaperData) -> None:
    board = data.board
    result = board.result
    document.add_heading("Background", level=1)
    doc.paragraph(
        document,
        "The self-assessment asks the partners who commission children's services together to score eight "
        "critical success factors for joint commissioning from 0 (not in place) to 4 (embedded), and to place "
        "each component of their commissioning and each priority area on a continuum of six stages, from silo "
        "commissioning to one organisation. The room then discusses where it disagrees and agrees scores.",
    )
    doc.paragraph(
        document,
        f"It was held on {british_date(board.round.held_on)}. {result.respondents} "
        f"{'person' if result.respondents == 1 else 'people'} answered.",
    )
    partners = board.partners
    doc.table(document, ("Partner type", "People"), [[r["name"], int(r["people"])] for _i, r in partners.iterrows()])
    doc.caption(document, f"Who took part, by partner type. {small_groups_sentence(framework)}")


def _appendix(document: Document, framework: Framework, data: PaperData) -> None:
    document.add_heading("Appendix: the method", level=1)
    document.add_heading("The scale", level=2)
    doc.table(
        document,
        ("Score", "Level", "Meaning"),
        [[level.value, level.label, level.meaning] for level in framework.scale.levels],
    )
    doc.caption(document, f"'{framework.scale.dont_know}' counts as no score.")
    document.add_heading("How the scores are worked out", level=2)
    doc.bullets(
        document,
        [
            "A participant's factor score is the mean of their answers to its statements; the room's result is "
            "the median, the middle participant's score.",
            SCORE_RULE,
            rule_sentence(framework.agreement),
            "A component's or priority area's stage is the median of the room's answers, rounded half down; the "
            "continuum position is the mean of the items' medians (1 to 6).",
            "Other areas: the latest finalised round of every other area. " + PERCENTILE_RULE,
            small_groups_sentence(framework),
            f"Framework: {framework.title}, version {data.board.round.framework_version}.",
        ],
    )
    document.add_heading("The success factors and their statements", level=2)
    for factor in framework.factors:
        document.add_heading(factor.name, level=3)
        doc.paragraph(document, factor.description)
        doc.bullets(document, [s.text for s in factor.statements])
