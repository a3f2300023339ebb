"""The illustrative sample: fictional partnerships with made-up scores that tell a story.

Every area here is invented and flagged ``illustrative``; none is a real place. The patterns:
Ashvale is split on governance (council and NHS see it very differently), Brookmere is far along
the continuum, Calderwick improves round after round, Dunmoor mirrors the benchmark of Wirral Children's
Trust's options paper, Elmridge answers "don't know" a lot, Fernhollow is close to one organisation.
Dunmoor's Board has scored the structural options (option 2 leads narrowly, as Wirral chose), Ashvale's
participants have scored them in the open workshop, and every area's earlier plans show progress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from assessment.access import PASSPHRASE_SETTING
from assessment.agreement import fewest_outside_to_split
from assessment.framework import Framework
from assessment.models import (
    COST_FIGURES,
    ActionInput,
    ActionStatus,
    Answer,
    AppraisalScore,
    ConsensusEntry,
    CostEstimate,
    DecisionInput,
    ItemKind,
    Ratification,
    RatificationStatus,
    RoundInput,
    RoundStatus,
)
from assessment.plan import proposed_actions
from assessment.signin import has_passphrase, set_passphrase
from assessment.storage import Store, hash_pin, new_pin, verify_secret

SEED = 20100319  # the date of the Wirral options paper's Board meeting
SAMPLE_PIN = "2468"  # the facilitator PIN of every illustrative round, given in the README
SAMPLE_PASSPHRASE = "illustrative programme"  # the sample's programme passphrase, given in the README


@dataclass(frozen=True)
class Profile:
    """How one fictional partnership tends to answer."""

    name: str
    factor_levels: dict[str, float]  # typical level 0-4 per factor
    component_stages: dict[str, float]  # typical stage 1-6 per component
    priority_stages: dict[str, float]
    improvement: float = 0.0  # levels gained per round
    noise: float = 0.6
    dont_know: float = 0.05
    partner_offsets: dict[str, dict[str, float]] = field(default_factory=dict)  # partner -> factor -> shift
    partners: dict[str, float] = field(default_factory=dict)  # partner mix (weights)
    participants: tuple[int, ...] = (14, 18, 22)
    dates: tuple[str, ...] = ("2024-03-12", "2025-03-11", "2026-03-10")


def _levels(base: float, **overrides: float) -> dict[str, float]:
    factors = (
        "leadership",
        "governance",
        "understanding",
        "workforce",
        "roles",
        "contestability",
        "vision",
        "capacity",
    )
    return {f: overrides.get(f, base) for f in factors}


def _stages(base: float, **overrides: float) -> dict[str, float]:
    components = ("budgets", "governance_decisions", "management", "support", "data", "separation", "planning", "voice")
    return {c: overrides.get(c, base) for c in components}


DEFAULT_PARTNERS = {
    "council": 4,
    "nhs_commissioner": 3,
    "public_health": 1.5,
    "school": 1.5,
    "voluntary": 1.5,
    "parent_carer": 1,
    "provider": 1.5,
    "youth_justice": 0.5,
    "nhs_england": 0.5,
}

PROFILES: tuple[Profile, ...] = (
    Profile(
        name="Ashvale",
        factor_levels=_levels(2.0, governance=2.0, contestability=1.4),
        component_stages=_stages(2.6, budgets=2.0, governance_decisions=3.0),
        priority_stages={"send": 3.0, "camhs": 2.5, "early_help": 2.5},
        noise=0.45,
        partner_offsets={"council": {"governance": 1.6}, "nhs_commissioner": {"governance": -1.6}},
        participants=(20, 26),
        dates=("2025-02-04", "2026-02-03"),
    ),
    Profile(
        name="Brookmere",
        factor_levels=_levels(3.1, capacity=2.8, contestability=2.7, workforce=2.6),
        component_stages=_stages(4.4, budgets=4.8, management=4.6, voice=3.8),
        priority_stages={"send": 5.0, "camhs": 4.6, "speech_language": 4.8, "placements": 4.4},
        noise=0.5,
        participants=(16, 22, 24),
    ),
    Profile(
        name="Calderwick",
        factor_levels=_levels(1.2, leadership=1.6, vision=1.0),
        component_stages=_stages(1.8, budgets=1.4, data=2.2),
        priority_stages={"early_help": 2.2, "zero_nineteen": 2.6, "complex_needs": 1.8},
        improvement=0.75,
        participants=(12, 18, 25),
        dates=("2024-01-23", "2025-01-21", "2026-01-20"),
    ),
    Profile(
        name="Dunmoor",
        factor_levels=_levels(1.3, understanding=1.0, roles=1.6, governance=1.8),
        component_stages=_stages(1.5, planning=2.0, governance_decisions=2.0, data=1.8),
        priority_stages={"complex_needs": 1.6, "early_help": 1.8, "zero_nineteen": 3.0, "camhs": 3.0},
        noise=0.45,
        participants=(24, 30),
        dates=("2025-01-28", "2026-01-27"),
    ),
    Profile(
        name="Elmridge",
        factor_levels=_levels(2.2, workforce=1.5, contestability=1.7),
        component_stages=_stages(2.8, separation=2.2),
        priority_stages={"send": 3.0, "speech_language": 3.4, "placements": 2.6},
        dont_know=0.28,
        participants=(10, 15),
        dates=("2025-06-10", "2026-06-09"),
    ),
    Profile(
        name="Fernhollow",
        factor_levels=_levels(3.4, contestability=3.0, workforce=3.0),
        component_stages=_stages(5.4, voice=4.6, separation=5.0),
        priority_stages={"send": 5.6, "camhs": 5.4, "early_help": 5.2},
        noise=0.4,
        partners={"council": 3, "nhs_commissioner": 3, "public_health": 1, "voluntary": 1, "parent_carer": 0.6},
        participants=(8, 11, 13),
    ),
)


def simulate_round(
    profile: Profile, framework: Framework, participants: int, round_index: int, rng: np.random.Generator
) -> list[tuple[str, list[Answer]]]:
    """Answers for one round of a profile: a list of (partner type, answers) per participant."""
    mix = profile.partners or DEFAULT_PARTNERS
    partner_ids = list(mix)
    weights = np.array([mix[p] for p in partner_ids], dtype=float)
    chosen = rng.choice(partner_ids, size=participants, p=weights / weights.sum())
    lift = profile.improvement * round_index
    people = []
    for partner in chosen:
        offsets = profile.partner_offsets.get(partner, {})
        batch: list[Answer] = []
        for factor in framework.factors:
            centre = (
                profile.factor_levels[factor.id] + lift + offsets.get(factor.id, 0.0) + rng.normal(0, profile.noise)
            )
            for statement in factor.statements:
                value = None if rng.random() < profile.dont_know else _clip(centre + rng.normal(0, 0.45), 0, 4)
                batch.append(Answer(kind=ItemKind.STATEMENT, item_id=statement.id, value=value))
        for component in framework.components:
            centre = profile.component_stages[component.id] + lift * 0.6
            value = None if rng.random() < profile.dont_know else _clip(centre + rng.normal(0, 0.6), 1, 6)
            batch.append(Answer(kind=ItemKind.COMPONENT, item_id=component.id, value=value))
        for area_id, stage in profile.priority_stages.items():
            value = None if rng.random() < profile.dont_know else _clip(stage + lift * 0.6 + rng.normal(0, 0.6), 1, 6)
            batch.append(Answer(kind=ItemKind.PRIORITY, item_id=area_id, value=value))
        people.append((str(partner), batch))
    return people


def _clip(value: float, low: int, high: int) -> int:
    return int(min(high, max(low, round(value))))


def _set_sample_passphrase(store: Store) -> None:
    """Give the programme the sample's passphrase, when it has none and holds nothing but the sample:
    a published passphrase must never open real partnerships' results."""
    if has_passphrase(store) or any(not area.illustrative for area in store.rounds.list_areas()):
        return
    set_passphrase(store, SAMPLE_PASSPHRASE, actor="sample loader")


def sample_passphrase_is_set(store: Store) -> bool:
    """True when the programme's passphrase is the sample's published one."""
    stored = store.access.setting(PASSPHRASE_SETTING)
    return stored is not None and verify_secret(stored, SAMPLE_PASSPHRASE)


def load_sample(store: Store, framework: Framework, *, seed: int = SEED) -> list[int]:
    """Write the illustrative sample into the store; returns the new round ids.

    Every round but the newest of Ashvale is finalised with consensus on the split and low factors
    and development-plan actions from the framework's rules (marked done, in progress or agreed in every
    round but the newest); Ashvale's newest round stays open, as a workshop in progress."""
    rng = np.random.default_rng(seed)
    pin_hash = hash_pin(SAMPLE_PIN)
    _set_sample_passphrase(store)
    round_ids = []
    for profile in PROFILES:
        store.rounds.ensure_area(profile.name, illustrative=True)
        for index, (held_on, size) in enumerate(zip(profile.dates, profile.participants, strict=True)):
            spec = RoundInput(
                area=profile.name,
                held_on=dt.date.fromisoformat(held_on),
                title=f"Self-analysis workshop {index + 1}",
                priority_areas=tuple(profile.priority_stages),
            )
            row = store.rounds.open_round(spec, framework.version, actor="sample loader", pin_hash=pin_hash)
            for partner, batch in simulate_round(profile, framework, size, index, rng):
                store.responses.add_response(row.id, partner, batch)
            round_ids.append(row.id)
            is_newest = index == len(profile.dates) - 1
            if profile.name == "Ashvale" and is_newest:
                continue
            _agree_and_finalise(store, framework, row.id)
        _show_progress(store, profile.name)
    _board_appraisal(store, framework, "Dunmoor")
    _cost_estimates(store, "Dunmoor")
    _board_decision(store, framework, "Dunmoor")
    _room_appraisal(store, framework, "Ashvale", np.random.default_rng(seed + 1))
    _rescore_split_factors(store, framework, store.rounds.list_rounds(store.rounds.find_area("Ashvale").id)[-1].id)
    return round_ids


def _rescore_split_factors(store: Store, framework: Framework, round_id: int) -> None:
    """After discussion the room re-scores the factors it is split on, in one pass that then closes. Per
    factor, people over the agreement band from the median move each answer a level towards it (in the
    order they joined), but only as many come within the band as leave the room still split (council and
    NHS still see Ashvale's governance very differently, so it ends uncertain); every other person within
    the band but off the median moves their answers over a level from it a level towards it. Of everyone
    else, two in three say they keep their answers and the rest do not answer the pass."""
    from assessment.results import score_round  # results imports sample-free modules only

    result = score_round(store, framework, round_id)
    split = result.factors.index[result.factors["agreement"] == "split"].tolist()
    if not split:
        return
    found = store.rescores.open(round_id, split, actor="sample loader", framework=framework)
    answers = store.responses.answers_frame([round_id])
    people = result.respondent_scores.dropna(subset=["score"])
    band = framework.agreement.band
    moved: set[int] = set()
    for factor_id in split:
        median = float(result.factors.loc[factor_id, "median"])
        scores = people[people["factor_id"] == factor_id].sort_values("participant_id")
        outside = scores[(scores["score"] - median).abs() > band]
        may_enter = len(outside) - (fewest_outside_to_split(len(scores), framework.agreement) or len(outside))
        statements = set(found.statements[factor_id])
        inside = scores[((scores["score"] - median).abs() <= band) & (scores["score"] != median)]
        for participant_id in [*outside["participant_id"].astype(int), *inside["participant_id"].astype(int)[::2]]:
            own = answers[(answers["participant_id"] == participant_id) & answers["item_id"].isin(statements)]
            values = own["value"].dropna()
            closer = values - np.sign(values - median) * ((values - median).abs() >= 1)
            enters = participant_id in outside["participant_id"].to_numpy() and abs(closer.mean() - median) <= band
            if enters and may_enter <= 0:
                continue
            may_enter -= int(enters)
            batch = [
                Answer(kind=ItemKind.STATEMENT, item_id=item_id, value=int(value))
                for item_id, value in zip(own.loc[closer.index, "item_id"], closer, strict=True)
            ]
            store.rescores.save_answers(participant_id, found.number, batch)
            moved.add(participant_id)
    for number, participant_id in enumerate(sorted(set(people["participant_id"].astype(int)) - moved)):
        if number % 3:
            store.rescores.keep(participant_id, found.number)
    store.rescores.close(round_id, actor="sample loader")


# The Dunmoor Board's scores (0-4) per option on these criteria. Like Wirral in 2010, option 2 leads
# narrowly because whole-system change is judged hard to achieve from where the partnership is. The
# Board has not scored the cost of change, which carries no weight until a Board gives it one.
DUNMOOR_CRITERIA = ("outcomes", "boundaries", "transparency", "resources", "feasibility", "fragmentation")
DUNMOOR_BOARD = {
    "status_quo": (0, 0, 1, 1, 4, 1),
    "virtual": (1, 1, 1, 1, 4, 1),
    "targeted": (3, 3, 3, 4, 3, 3),
    "whole_system": (4, 4, 4, 3, 0, 2),
}


def _board_appraisal(store: Store, framework: Framework, area: str) -> None:
    """Give the newest round of an area the Board's appraisal scores."""
    newest = store.rounds.list_rounds(store.rounds.find_area(area).id)[-1]
    store.appraisal.save_scores(
        newest.id,
        [
            AppraisalScore(option_id=option_id, criterion_id=criterion_id, value=value)
            for option_id, values in DUNMOOR_BOARD.items()
            for criterion_id, value in zip(DUNMOOR_CRITERIA, values, strict=True)
        ],
        actor="sample loader",
    )


# The Dunmoor partnership's own estimates (illustrative figures): one-off cost and cost a year in pounds and
# posts (full-time equivalents), each from low to high, with what they cover.
DUNMOOR_COSTS = {
    "virtual": (5_000, 10_000, None, None, None, None, "Officers' time to set up joint discussions at the executive."),
    "targeted": (
        40_000,
        60_000,
        120_000,
        150_000,
        2,
        3,
        "Legal advice on a section 75 agreement to pool budgets in two priority areas; two joint lead posts.",
    ),
    "whole_system": (
        150_000,
        250_000,
        300_000,
        400_000,
        6,
        8,
        "A section 75 agreement and memorandum of understanding, new job descriptions and recruitment, and a "
        "central commissioning support team.",
    ),
}


def _cost_estimates(store: Store, area: str) -> None:
    """Give the newest round of an area the partnership's cost estimates."""
    newest = store.rounds.list_rounds(store.rounds.find_area(area).id)[-1]
    store.costs.save(
        newest.id,
        [
            CostEstimate(option_id=option_id, note=figures[-1], **dict(zip(COST_FIGURES, figures[:-1], strict=True)))
            for option_id, figures in DUNMOOR_COSTS.items()
        ],
        actor="sample loader",
    )


# The Dunmoor Board's decision on its newest round (held 27 January 2026), worded like Wirral's in 2010, and
# where its ratification and the first implementation steps had got to.
DUNMOOR_DECISION = {
    "decided_on": dt.date(2026, 2, 24),
    "meeting": "Partnership board, 24 February 2026",
    "resolution": (
        "The Board is in agreement with the suggested step change in commissioning, and Option 2, joint "
        "commissioning in targeted areas, was agreed."
    ),
    "conditions": "A report to go to the council's cabinet and the ICB's board for ratification.",
}
DUNMOOR_RATIFIED = (
    ("Council cabinet", RatificationStatus.RATIFIED, dt.date(2026, 3, 12)),
    ("NHS board (ICB)", RatificationStatus.PENDING, None),
)
DUNMOOR_STEPS_DONE = 2  # the first implementation steps, in priority order, are done
DUNMOOR_STEPS_WAITING = 3  # the last steps are still proposals the facilitator has not yet accepted


def _board_decision(store: Store, framework: Framework, area: str) -> None:
    """Record the Board's choice of option 2 on the newest round of an area, and accept the implementation
    steps it proposes into the plan (the first done, the next agreed, the last few left as proposals)."""
    from assessment.decisions import record_decision
    from assessment.results import read_programme, round_plan, score_round

    newest = store.rounds.list_rounds(store.rounds.find_area(area).id)[-1]
    ratifications = tuple(Ratification(body=body, status=status, on=on) for body, status, on in DUNMOOR_RATIFIED)
    decision = DecisionInput(option_id="targeted", ratifications=ratifications, **DUNMOOR_DECISION)
    record_decision(store, framework, newest, decision, actor="sample loader")
    plan = round_plan(
        store, framework, newest, read_programme(store, framework).rounds, score_round(store, framework, newest.id)
    )
    steps = [p for p in plan.not_yet_in_plan if p.step_id][:-DUNMOOR_STEPS_WAITING]
    for index, proposal in enumerate(steps):
        status = ActionStatus.DONE if index < DUNMOOR_STEPS_DONE else ActionStatus.AGREED
        store.plan.add(newest.id, proposal.as_input(status), actor="sample loader")


def _room_appraisal(store: Store, framework: Framework, area: str, rng: np.random.Generator) -> None:
    """Let every participant of an area's open round score the options around the Dunmoor Board's view."""
    newest = store.rounds.list_rounds(store.rounds.find_area(area).id)[-1]
    for participant_id in store.responses.participants_frame([newest.id])["participant_id"]:
        batch = [
            AppraisalScore(
                option_id=option_id, criterion_id=criterion_id, value=_clip(value + rng.normal(0, 0.8), 0, 4)
            )
            for option_id, values in DUNMOOR_BOARD.items()
            for criterion_id, value in zip(DUNMOOR_CRITERIA, values, strict=True)
        ]
        store.appraisal.save_scores(newest.id, batch, participant_id=int(participant_id), actor="sample loader")


def _show_progress(store: Store, area: str) -> None:
    """Mark progress on every round's actions but the newest: in turn done, in progress and still agreed."""
    cycle = (ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.AGREED)
    for round_row in store.rounds.list_rounds(store.rounds.find_area(area).id)[:-1]:
        for index, action in enumerate(store.plan.for_round(round_row.id)):
            values = {
                "title": action.title,
                "owner": action.owner,
                "due_on": action.due_on,
                "status": cycle[index % len(cycle)],
                "factor_id": action.factor_id,
                "component_id": action.component_id,
                "rule_id": action.rule_id,
                "step_id": action.step_id,
                "depends_on": action.depends_on,
                "priority": action.priority,
            }
            store.plan.update(action.id, ActionInput(**values), actor="sample loader")


def _agree_and_finalise(store: Store, framework: Framework, round_id: int) -> None:
    from assessment.results import score_round  # results imports sample-free modules only

    result = score_round(store, framework, round_id)
    for factor_id, row in result.factors.iterrows():
        if pd.isna(row["median"]):
            continue
        agreed = float(np.floor(row["median"]))
        why = "The room agreed the lower score after discussion." if row["agreement"] == "split" else ""
        entry = ConsensusEntry(kind=ItemKind.FACTOR, item_id=factor_id, value=agreed, rationale=why)
        store.consensus.record(round_id, entry, expected_revision=None, actor="sample loader")
    held_on = store.rounds.get_round(round_id).held_on
    for proposal in proposed_actions(framework, result, held_on):
        store.plan.add(round_id, proposal.as_input(ActionStatus.AGREED), actor="sample loader")
    store.rounds.set_status(round_id, RoundStatus.CLOSED, actor="sample loader")
    store.rounds.set_status(round_id, RoundStatus.FINALISED, actor="sample loader")


def programme_frame(
    framework: Framework, areas: int = 150, participants: int = 40, *, items: int | None = None, seed: int = SEED
) -> pd.DataFrame:
    """A large generated programme as a long answers table (one round per area), for benchmarks.

    With ``items`` larger than the framework's own count, each round adds local priority areas of
    its own (as a round may) until every participant answers that many items. Vectorised so that
    generating it takes a fraction of the time of scoring it."""
    rng = np.random.default_rng(seed)
    statements = [(s.id, i) for i, f in enumerate(framework.factors) for s in f.statements]
    components = [c.id for c in framework.components]
    priorities = [p.id for p in framework.priority_areas]
    own_count = len(statements) + len(components) + len(priorities)
    priorities += [f"Local priority {n}" for n in range(1, max(0, (items or 0) - own_count) + 1)]
    people = areas * participants
    round_of = np.repeat(np.arange(1, areas + 1), participants)
    area_level = rng.uniform(0.5, 3.5, size=(areas, len(framework.factors)))
    person_shift = rng.normal(0, 0.6, size=(people, len(framework.factors)))
    factor_index = np.array([i for _s, i in statements])
    centre = area_level[round_of - 1][:, factor_index] + person_shift[:, factor_index]
    statement_values = np.clip(np.rint(centre + rng.normal(0, 0.45, size=centre.shape)), 0, 4)
    stage_items = components + priorities
    area_stage = rng.uniform(1.2, 5.5, size=(areas, 1))
    stage_values = np.clip(
        np.rint(area_stage[round_of - 1] + rng.normal(0, 0.8, size=(people, len(stage_items)))), 1, 6
    )
    values = np.concatenate([statement_values, stage_values], axis=1)
    values[rng.random(values.shape) < 0.05] = np.nan
    item_ids = [s for s, _i in statements] + stage_items
    kinds = [ItemKind.STATEMENT.value] * len(statements) + [ItemKind.COMPONENT.value] * len(components)
    kinds += [ItemKind.PRIORITY.value] * len(priorities)
    partner_ids = [p.id for p in framework.partner_types]
    partners = rng.choice(partner_ids, size=people)
    width = len(item_ids)
    return pd.DataFrame(
        {
            "round_id": np.repeat(round_of, width),
            "participant_id": np.repeat(np.arange(1, people + 1), width),
            "partner_type": np.repeat(partners, width),
            "complete": True,
            "kind": np.tile(kinds, people),
            "item_id": np.tile(item_ids, people),
            "value": values.reshape(-1),
            "comment": "",
        }
    )


def load_programme(
    store: Store, framework: Framework, areas: int = 150, participants: int = 40, *, seed: int = SEED
) -> list[int]:
    """Bulk-load a generated programme (programme_frame: one finalised round per area, areas named
    'Generated area 001' ...) into the store; returns the new round ids."""
    frame = programme_frame(framework, areas, participants, seed=seed)
    keys = np.arange(1, areas + 1)
    specs = pd.DataFrame(
        {
            "key": keys,
            "area": [f"Generated area {key:03d}" for key in keys],
            "held_on": [dt.date(2025, 1, 1) + dt.timedelta(days=int(key) % 365) for key in keys],
            "status": RoundStatus.FINALISED.value,
            "title": "Generated round",
        }
    )
    # The generated rounds get a PIN nobody is told: only the programme passphrase opens them.
    return store.imports.bulk_load(specs, frame, framework.version, illustrative=True, pin_hash=hash_pin(new_pin()))
