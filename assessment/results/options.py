"""A round's options appraisal and THE recommendation, as the options page, the workbook, the command
line and the Board paper read them.

The recommendation rule: the options are ranked on the Board's scores when the Board has scored any
option, otherwise on the room's median scores when participants scored. With no scores that can rank an
option, it says so plainly and names the readiest option instead (the option furthest along the
continuum whose success-factor prerequisites are all met; the status quo when none is), labelled
"readiness only".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assessment.appraisal import Recommendation, RoundAppraisal, ScoreSource, build_appraisal, ranked
from assessment.framework import Framework
from assessment.models import CostEstimate
from assessment.scoring import RoundResult
from assessment.storage import Store

READINESS_ONLY = "Readiness only (not an appraisal)"


def round_appraisal(
    store: Store,
    framework: Framework,
    round_id: int,
    result: RoundResult,
    source: ScoreSource = ScoreSource.BOARD,
) -> RoundAppraisal:
    """The round's appraisal (appraisal.build_appraisal) of its stored hybrids, scores and weights, for
    the round's result (the one every screen shows: the caller passes the one it has)."""
    return build_appraisal(
        framework,
        result,
        store.appraisal.hybrids(round_id),
        store.appraisal.scores_frame(round_id),
        store.appraisal.weights(round_id),
        source,
    )


@dataclass
class RoundOptions:
    """One round's appraisal as the workbook shows it: ranked on the Board's scores, and on the room's
    medians when participants scored; saved holds the weights saved for the round (empty: defaults), and
    estimates the partnership's cost estimates by option id."""

    board: RoundAppraisal
    room: RoundAppraisal | None
    saved: dict[str, float]
    estimates: dict[str, CostEstimate] = field(default_factory=dict)

    @property
    def ranking(self) -> RoundAppraisal | None:
        """The appraisal the recommendation rests on (the rule at the top of this module); None when
        nobody has scored the options."""
        if self.board.board.notna().any().any():
            return self.board
        return self.room

    def on(self, source: ScoreSource) -> RoundAppraisal:
        """The appraisal ranked on the Board's or the room's scores (the room's: the Board's appraisal
        when nobody in the room scored)."""
        return self.room if source == ScoreSource.ROOM and self.room is not None else self.board


def round_options(store: Store, framework: Framework, round_id: int, result: RoundResult) -> RoundOptions:
    """The round's appraisal on the Board's scores and, when participants scored, on the room's, with the
    round's cost estimates."""
    scores = store.appraisal.scores_frame(round_id)
    hybrids = store.appraisal.hybrids(round_id)
    saved = store.appraisal.weights(round_id)
    board = build_appraisal(framework, result, hybrids, scores, saved, ScoreSource.BOARD)
    room = (
        build_appraisal(framework, result, hybrids, scores, saved, ScoreSource.ROOM)
        if board.participants_scoring
        else None
    )
    return RoundOptions(board, room, saved, store.costs.for_round(round_id))


@dataclass(frozen=True)
class Recommended:
    """What is recommended for a round: the option (or the tie), what it rests on, the appraisal's advice
    (None for the readiness fallback), and label / value rows that explain it."""

    option: str
    basis: str
    rows: list[tuple[str, object]]
    advice: Recommendation | None = None  # the appraisal's headline, reasons, weights and caveats


def readiest_option(result: RoundResult, framework: Framework) -> tuple[str, str]:
    """The readiness fallback: the option furthest along the continuum whose success-factor
    prerequisites are all met, and why (the status quo when no other option is ready)."""
    ready = [o for o in result.options if o.readiness >= 1.0]
    best = max(ready, key=lambda o: o.stage or 0)
    if best.stage is None:
        return best.name, "No other option has all the success-factor scores it needs yet."
    step = "" if best.gap is None else f" It is a step change of {best.gap:.1f} stages from today's position."
    return best.name, f"It is the furthest option whose success-factor prerequisites are all met.{step}"


def recommendation(options: RoundOptions | None, result: RoundResult, framework: Framework) -> Recommended:
    """THE recommendation of a round (the rule at the top of this module): from the round's appraisal,
    or the labelled readiness fallback when no appraisal ranks an option."""
    appraisal = options.ranking if options else None
    if appraisal is None:
        return _fallback(
            "Nobody has scored the options against the appraisal criteria for this round.", result, framework
        )
    if appraisal.error:
        return _fallback(f"The weighted appraisal cannot rank the options: {appraisal.error}", result, framework)
    advice = appraisal.advice
    order = ranked(appraisal.table)
    if not order:
        return _fallback(f"{advice.headline} {' '.join(advice.caveats)}", result, framework)
    names = appraisal.names
    leaders = [names[o] for o in order if appraisal.table.loc[o, "rank"] == 1]
    basis = _basis(appraisal)
    rows: list[tuple[str, object]] = [
        ("Recommended option", " and ".join(leaders) if len(leaders) == 1 else "A tie: " + " and ".join(leaders)),
        ("Recommendation", advice.headline),
        ("Based on", f"{basis}, weighted as below."),
    ]
    rows += _listed("Why", advice.reasons)
    rows += _listed("What to weigh before deciding", advice.caveats)
    rows += [
        ("Weights it rests on", advice.weights.removeprefix("Weights: ")),
        ("Weights from", weights_source(options.saved, framework)),
    ]
    return Recommended(rows[0][1], basis, rows, advice)


def _basis(appraisal: RoundAppraisal) -> str:
    if appraisal.source == ScoreSource.ROOM:
        return f"The room's median scores ({appraisal.participants_scoring} participants scored; the Board has not)"
    return "The Board's scores"


def _fallback(reason: str, result: RoundResult, framework: Framework) -> Recommended:
    name, why = readiest_option(result, framework)
    rows = [
        ("Recommended option", "None from an appraisal yet"),
        ("Appraisal", reason),
        (READINESS_ONLY, name),
        ("Why (readiness only)", why),
    ]
    return Recommended(f"{name} (readiness only)", "Readiness only: no appraisal ranks the options", rows)


def _listed(label: str, lines: Iterable[str]) -> list[tuple[str, object]]:
    """Label on the first line only, one line per item."""
    return [(label if i == 0 else "", line) for i, line in enumerate(lines)]


def weights_source(saved: Mapping[str, float], framework: Framework) -> str:
    """Where the weights come from, in words. A criterion the round has no weight for whose suggested
    weight is 0 (one added to the framework after the weights were saved) does not count as suggested."""
    ids = {c.id for c in framework.criteria}
    if not ids & saved.keys():
        return "The framework's suggested weights (none are saved for this round)."
    if {c.id for c in framework.criteria if c.weight > 0} <= saved.keys():
        return "The weights saved for this round."
    return "The weights saved for this round, and the framework's suggested weight where none is saved."


def has_appraisal_scores(store: Store, round_id: int) -> bool:
    """True when the Board or a participant has scored any option in this round."""
    return not store.appraisal.scores_frame(round_id).empty
