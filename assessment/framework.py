"""The assessment framework as versioned data: pydantic models of data/framework.yaml and its loader.

The framework holds everything a workshop scores against: the eight critical success factors and
their statements, the maturity scale, the continuum stages and components, the priority areas,
the partner types, the structural options, the appraisal criteria and the recommendation rules.
Every round stores the framework ``version`` it was answered against.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

# libyaml's loader when PyYAML was built with it: it reads the framework file ten times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULT_FRAMEWORK_PATH = Path(__file__).resolve().parent.parent / "data" / "framework.yaml"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Level = Annotated[int, Field(ge=0, le=4)]
StageNumber = Annotated[int, Field(ge=1, le=6)]

LEVELS = (0, 1, 2, 3, 4)
STAGES = (1, 2, 3, 4, 5, 6)
DIMENSIONS = (
    "governance",
    "commissioner_provider",
    "lead_commissioner",
    "commissioning_officers",
    "commissioning_support",
)


class FrameworkError(ValueError):
    """A framework file that cannot be used; the message names the file, the field and the problem."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _require_keys(descriptors: dict[int, str], expected: tuple[int, ...], what: str) -> dict[int, str]:
    missing = [key for key in expected if key not in descriptors]
    extra = [key for key in descriptors if key not in expected]
    if missing or extra:
        raise ValueError(f"{what} must have exactly the keys {list(expected)}; missing {missing}, unexpected {extra}")
    return descriptors


class ScaleLevel(_Model):
    value: Level
    label: Text
    meaning: Text


class Scale(_Model):
    levels: tuple[ScaleLevel, ...]
    dont_know: Text = "Don't know"

    @model_validator(mode="after")
    def _five_levels_in_order(self) -> Scale:
        if tuple(level.value for level in self.levels) != LEVELS:
            raise ValueError("levels must be the values 0, 1, 2, 3, 4 in that order")
        return self

    def label(self, value: int) -> str:
        """Return the label of a level value, such as 'Developing' for 2."""
        return self.levels[value].label


class Statement(_Model):
    id: Identifier
    text: Text
    levels: dict[int, Text]

    @field_validator("levels")
    @classmethod
    def _every_level_described(cls, levels: dict[int, str]) -> dict[int, str]:
        return _require_keys(levels, LEVELS, "levels")


class Factor(_Model):
    id: Identifier
    name: Text
    short_name: Annotated[str, StringConstraints(min_length=1, max_length=24)]
    description: Text
    levels: dict[int, Text]
    statements: Annotated[tuple[Statement, ...], Field(min_length=3, max_length=5)]

    @field_validator("levels")
    @classmethod
    def _every_level_described(cls, levels: dict[int, str]) -> dict[int, str]:
        return _require_keys(levels, LEVELS, "levels")


class Stage(_Model):
    number: StageNumber
    id: Identifier
    name: Text
    short_name: Annotated[str, StringConstraints(min_length=1, max_length=24)]
    description: Text


class Component(_Model):
    id: Identifier
    name: Text
    description: Text
    stages: dict[int, Text]

    @field_validator("stages")
    @classmethod
    def _every_stage_described(cls, stages: dict[int, str]) -> dict[int, str]:
        return _require_keys(stages, STAGES, "stages")


class PriorityArea(_Model):
    id: Identifier
    name: Text
    description: Text


class PartnerType(_Model):
    id: Identifier
    name: Text
    in_governance: bool = True
    # Names this partner type had in earlier framework files: questionnaires and workbooks that carry one
    # still import.
    former_names: tuple[Text, ...] = ()


class Dimension(_Model):
    id: Literal[
        "governance",
        "commissioner_provider",
        "lead_commissioner",
        "commissioning_officers",
        "commissioning_support",
    ]
    name: Text
    question: Text


class ImplementationStep(_Model):
    """A step partnerships in the source papers took after their Board chose an option: what it is,
    whose it suggests it is, and what it needs from the partnership. When it happens is the option's."""

    id: Identifier
    title: Text
    why: Text
    suggested_owner: Text
    needs: tuple[Identifier, ...] = Field(
        default=(), description="Success factors the step needs: when one is weak, its action comes first."
    )
    covers: tuple[Identifier, ...] = Field(
        default=(), description="Recommendation rules the step carries out, proposed once as the step."
    )
    needs_executive: bool = Field(
        default=False, description="Proposed only where the partnership has an executive group (or may have)."
    )


class ScheduledStep(_Model):
    """An implementation step as one option schedules it: weeks after the Board's decision, and the
    option's steps it waits for."""

    step: Identifier
    weeks: Annotated[int, Field(ge=0, le=260)]
    depends_on: tuple[Identifier, ...] = ()


class Option(_Model):
    id: Identifier
    name: Text
    summary: Text
    stage: StageNumber | None = Field(
        description="Continuum stage the option puts the partnership at; None for the status quo, "
        "which stays wherever the partnership is now."
    )
    dimensions: dict[str, Text]
    prerequisites: dict[str, Level] = Field(
        default_factory=dict, description="Factor id -> the median level the option needs."
    )
    resources: Text = Field(
        description="The option's resource implications in plain words (posts, legal work, commissioning "
        "support), saying only what the source papers support."
    )
    implementation: tuple[ScheduledStep, ...] = ()

    @field_validator("dimensions")
    @classmethod
    def _every_dimension_described(cls, dimensions: dict[str, str]) -> dict[str, str]:
        missing = [d for d in DIMENSIONS if d not in dimensions]
        extra = [d for d in dimensions if d not in DIMENSIONS]
        if missing or extra:
            raise ValueError(f"dimensions must describe {list(DIMENSIONS)}; missing {missing}, unexpected {extra}")
        return dimensions


class Criterion(_Model):
    id: Identifier
    name: Text
    description: Text
    weight: Annotated[float, Field(ge=0, le=100)]


class RuleTrigger(_Model):
    factor: Identifier | None = None
    component: Identifier | None = None
    below: float = Field(description="Fires when the factor median (0-4) or component stage (1-6) is below this.")

    @model_validator(mode="after")
    def _exactly_one_target(self) -> RuleTrigger:
        if (self.factor is None) == (self.component is None):
            raise ValueError("a trigger names exactly one of 'factor' or 'component'")
        low, high = (0, 4) if self.factor else (1, 6)
        if not low < self.below <= high + 1:
            raise ValueError(
                f"'below' must lie above {low} and at most {high + 1} for a {'factor' if self.factor else 'component'}"
            )
        return self


class RuleWording(_Model):
    action: Text
    why: Text
    suggested_owner: Text


class Recommendation(_Model):
    id: Identifier
    when: RuleTrigger
    action: Text
    why: Text
    suggested_owner: Text
    months: Annotated[int, Field(ge=1, le=36)] = 6
    without_executive: RuleWording | None = Field(
        default=None, description="What the rule proposes instead where the partnership has no executive group."
    )


class Notes(_Model):
    """What the source papers support and what this tool adds, in words for the screens."""

    sources: Text  # the papers the framework is written from
    continuum: Text  # which stages the papers name and which are reconstructed
    weights: Text  # the criteria weights are this tool's defaults
    prerequisites: Text  # the options' success-factor levels are this tool's defaults
    agreement: Text | None = None  # where the split rules come from


SplitRuleName = Literal["share", "count"]


class AgreementRule(_Model):
    """When the room is split on a factor (assessment.agreement applies it): ``share`` when more than
    ``max_outside_share`` of the scores lie over ``band`` levels from the median, ``count`` (the published
    Delphi rule) when at least ``min_outside`` scores do. Both rules' values are kept so that the About
    page can describe the one not in use."""

    rule: SplitRuleName = "share"
    band: Annotated[float, Field(gt=0, le=4)] = 1.0
    max_outside_share: Annotated[float, Field(ge=0, lt=1)] = 0.25
    min_outside: Annotated[int, Field(ge=1, le=100, strict=True)] = 4


class Framework(_Model):
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    title: Text
    scale: Scale
    agreement: AgreementRule = AgreementRule()
    suppression_k: Annotated[int, Field(ge=1, le=50)] = 3
    notes: Notes
    factors: Annotated[tuple[Factor, ...], Field(min_length=8, max_length=8)]
    stages: Annotated[tuple[Stage, ...], Field(min_length=6, max_length=6)]
    components: Annotated[tuple[Component, ...], Field(min_length=7)]
    priority_areas: Annotated[tuple[PriorityArea, ...], Field(min_length=1)]
    partner_types: Annotated[tuple[PartnerType, ...], Field(min_length=2)]
    dimensions: Annotated[tuple[Dimension, ...], Field(min_length=5, max_length=5)]
    options: Annotated[tuple[Option, ...], Field(min_length=2)]
    criteria: Annotated[tuple[Criterion, ...], Field(min_length=1)]
    recommendations: tuple[Recommendation, ...] = ()
    implementation_steps: tuple[ImplementationStep, ...] = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> Framework:
        if tuple(stage.number for stage in self.stages) != STAGES:
            raise ValueError("stages must be numbered 1 to 6 in order")
        if {d.id for d in self.dimensions} != set(DIMENSIONS):
            raise ValueError(f"dimensions must be exactly {list(DIMENSIONS)}")
        item_ids = [s.id for f in self.factors for s in f.statements]
        for kind, ids in (
            ("factor", [f.id for f in self.factors]),
            ("statement", item_ids),
            ("component", [c.id for c in self.components]),
            ("priority area", [p.id for p in self.priority_areas]),
            ("partner type", [p.id for p in self.partner_types]),
            ("option", [o.id for o in self.options]),
            ("criterion", [c.id for c in self.criteria]),
            ("recommendation", [r.id for r in self.recommendations]),
            ("implementation step", [s.id for s in self.implementation_steps]),
        ):
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(f"{kind} ids must be unique; repeated: {duplicates}")
        factor_ids = {f.id for f in self.factors}
        component_ids = {c.id for c in self.components}
        for option in self.options:
            unknown = sorted(set(option.prerequisites) - factor_ids)
            if unknown:
                raise ValueError(f"option '{option.id}' has prerequisites for unknown factors {unknown}")
        for rule in self.recommendations:
            if rule.when.factor and rule.when.factor not in factor_ids:
                raise ValueError(f"recommendation '{rule.id}' names unknown factor '{rule.when.factor}'")
            if rule.when.component and rule.when.component not in component_ids:
                raise ValueError(f"recommendation '{rule.id}' names unknown component '{rule.when.component}'")
        self._check_implementation(factor_ids)
        return self

    def _check_implementation(self, factor_ids: set[str]) -> None:
        """Steps name known factors and rules; each option schedules known steps once, after the steps
        they depend on, which it also schedules; and no chain of steps, in any option or mix of them, loops."""
        rule_ids = {r.id for r in self.recommendations}
        steps = {s.id: s for s in self.implementation_steps}
        for step in self.implementation_steps:
            if step.id in rule_ids:
                raise ValueError(f"implementation step '{step.id}' has the id of a recommendation rule")
            unknown = sorted(set(step.needs) - factor_ids)
            if unknown:
                raise ValueError(f"implementation step '{step.id}' needs unknown factors {unknown}")
            unknown = sorted(set(step.covers) - rule_ids)
            if unknown:
                raise ValueError(f"implementation step '{step.id}' covers unknown recommendations {unknown}")
        for option in self.options:
            scheduled = {s.step: s for s in option.implementation}
            if len(scheduled) < len(option.implementation):
                raise ValueError(f"option '{option.id}' schedules an implementation step twice")
            for entry in option.implementation:
                where = f"option '{option.id}', step '{entry.step}'"
                if entry.step not in steps:
                    raise ValueError(f"{where}: no implementation step has this id")
                for before in entry.depends_on:
                    if before not in scheduled:
                        raise ValueError(f"{where} depends on '{before}', which the option does not schedule")
                    if scheduled[before].weeks > entry.weeks:
                        raise ValueError(f"{where} comes {entry.weeks} weeks after the decision, before '{before}'")
        loop = _first_loop(self.step_dependencies())
        if loop:
            raise ValueError(f"implementation steps depend on each other in a loop: {' -> '.join(loop)}")

    def step_dependencies(self) -> dict[str, set[str]]:
        """Every step id -> the steps it waits for in any option: those it depends on, and a step that
        carries out the rule of a factor it needs. A plan's dependencies are a part of these."""
        covering: dict[str, set[str]] = {}  # factor id -> the steps that carry out one of its rules
        for step in self.implementation_steps:
            for rule in self.recommendations:
                if rule.id in step.covers and rule.when.factor:
                    covering.setdefault(rule.when.factor, set()).add(step.id)
        graph = {
            s.id: {t for f in s.needs for t in covering.get(f, ()) if t != s.id} for s in self.implementation_steps
        }
        for option in self.options:
            for entry in option.implementation:
                graph.setdefault(entry.step, set()).update(entry.depends_on)
        return graph

    @cached_property
    def statement_factor(self) -> dict[str, str]:
        """Map every statement id to the id of the factor it belongs to."""
        return {s.id: f.id for f in self.factors for s in f.statements}

    def factor(self, factor_id: str) -> Factor:
        """Return the factor with this id."""
        return next(f for f in self.factors if f.id == factor_id)

    def stage(self, number: int) -> Stage:
        """Return the continuum stage numbered 1 to 6."""
        return self.stages[number - 1]

    def component(self, component_id: str) -> Component:
        """Return the continuum component with this id."""
        return next(c for c in self.components if c.id == component_id)

    def option(self, option_id: str) -> Option:
        """Return the structural option with this id."""
        return next(o for o in self.options if o.id == option_id)

    def option_number(self, option_id: str) -> str:
        """'Option 1' from 'Option 1: Virtual joint commissioning'; 'Status quo' likewise. Only where the
        stage's name is written beside it already (a chart's marker over its stage); else option_label."""
        return self.option(option_id).name.split(":")[0]

    def option_label(self, option_id: str) -> str:
        """The option's short name everywhere it is listed: its number and the short name of the stage it
        puts the partnership at ('Option 1: Virtual'), or 'Status quo' for the option without a stage."""
        option = self.option(option_id)
        number = self.option_number(option_id)
        return number if option.stage is None else f"{number}: {self.stage(option.stage).short_name}"

    def step(self, step_id: str) -> ImplementationStep:
        """Return the implementation step with this id."""
        return next(s for s in self.implementation_steps if s.id == step_id)

    def partner_name(self, partner_id: str) -> str:
        """Return the display name of a partner type id (the id itself when unknown)."""
        return next((p.name for p in self.partner_types if p.id == partner_id), partner_id)

    def priority_name(self, area_id: str) -> str:
        """Return the display name of a priority area id (the id itself for a round's own areas)."""
        return next((p.name for p in self.priority_areas if p.id == area_id), area_id)

    def item_names(self, round_priority_areas: Iterable[str] = ()) -> dict[str, str]:
        """The names of the continuum items: every component and priority area of the framework, and a
        round's own priority areas (their id is their name)."""
        names = {c.id: c.name for c in self.components} | {p.id: p.name for p in self.priority_areas}
        return names | {area: self.priority_name(area) for area in round_priority_areas}


def _first_loop(graph: dict[str, set[str]]) -> list[str]:
    """A chain of ids that comes back to its start, such as ['a', 'b', 'a']; [] when there is none."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        for after in sorted(graph.get(node, ())):
            loop = visit(after, [*path, node])
            if loop:
                return loop
        done.add(node)
        return []

    for start in sorted(graph):
        loop = visit(start, [])
        if loop:
            return loop
    return []


def _field_path(location: tuple[object, ...], raw: object) -> str:
    """Turn a pydantic error location into a readable path such as factors[2] (governance).levels."""
    parts: list[str] = []
    node = raw
    for key in location:
        if isinstance(key, int):
            label = ""
            if isinstance(node, list) and 0 <= key < len(node) and isinstance(node[key], dict):
                ident = node[key].get("id")
                label = f" ({ident})" if ident else ""
            parts[-1:] = [f"{parts[-1] if parts else ''}[{key}]{label}"]
            node = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts) or "(top level)"


def parse_framework(text: str, source: str = "<framework>") -> Framework:
    """Parse and validate framework YAML; raise FrameworkError naming the source, field and problem."""
    try:
        raw = yaml.load(text, Loader=_YAML_LOADER)  # a safe loader: plain data only
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise FrameworkError(f"{source}: the file must hold a mapping with a 'version' field at the top")
    try:
        return Framework.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        # A list that is short only because one of its entries failed is noise beside that entry's error.
        errors = [
            err
            for err in errors
            if not (
                err["type"] == "too_short"
                and any(o["loc"][: len(err["loc"])] == err["loc"] and o is not err for o in errors)
            )
        ]
        problems = [
            f"{source}: {_field_path(err['loc'], raw)}: {err['msg'].removeprefix('Value error, ')}" for err in errors
        ]
        raise FrameworkError("\n".join(problems)) from exc


def load_framework(path: Path | str | None = None) -> Framework:
    """Load and validate the framework file (data/framework.yaml by default)."""
    path = Path(path) if path else DEFAULT_FRAMEWORK_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot read the framework file: {exc.strerror}") from exc
    return parse_framework(text, str(path))
