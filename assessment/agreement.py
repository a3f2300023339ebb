"""When the room is split: the framework's split rule, once, for every score that says "split".

Both rules count the scores that lie more than the framework's band (one level on the 0-4 scale) from
the median, and then:

* ``share`` (this tool's rule, the default): the room is split when more than ``max_outside_share``
  (a quarter) of the scores lie outside the band;
* ``count`` (the rule published for the SCIROCCO Exchange Delphi, International Journal of Integrated
  Care 2024): the room is split when at least ``min_outside`` scores (four) lie outside the band,
  however many people scored.

``is_split`` applies the rule in use to many factors at once; the sentences say the rules in words for
the About page, the dashboard, the workbook and the Board paper.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from assessment.framework import AgreementRule

SPLIT, AGREEMENT = "split", "agreement"
RULE_NAMES = {"share": "the share rule", "count": "the count rule"}


def is_split(n: npt.ArrayLike, outside: npt.ArrayLike, rule: AgreementRule) -> np.ndarray:
    """Per group, True where the room is split under the framework's rule: ``n`` people scored and
    ``outside`` of them lie over the band away from the median. A group with no scores is never split."""
    n = np.asarray(n, dtype=float)
    outside = np.asarray(outside, dtype=float)
    if rule.rule == "count":
        return (n > 0) & (outside >= rule.min_outside)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (n > 0) & (outside / n > rule.max_outside_share)


def fewest_outside_to_split(n: int, rule: AgreementRule) -> int | None:
    """The fewest scores over the band from the median that make a room of ``n`` split, or None when no
    number of them would (the count rule in a room smaller than its number)."""
    outside = np.arange(n + 1)
    split = np.flatnonzero(is_split(np.full(n + 1, n), outside, rule))
    return int(split[0]) if len(split) else None


def other_rule(rule: AgreementRule) -> AgreementRule:
    """The same values with the other rule in use: what the About page describes as the alternative."""
    return rule.model_copy(update={"rule": "count" if rule.rule == "share" else "share"})


def rule_sentence(rule: AgreementRule) -> str:
    """The rule in words: 'The room is split on a factor when more than 25% of the people scoring it ...'."""
    away = f"over {_levels(rule.band)} away from the median (the middle score)"
    if rule.rule == "count":
        people = "1 person scoring it is" if rule.min_outside == 1 else f"{rule.min_outside} people scoring it are"
        return f"The room is split on a factor when at least {people} {away}, however many people scored it."
    return f"The room is split on a factor when more than {rule.max_outside_share:.0%} of the people scoring it are {away}."


def rooms_where_rules_agree(rule: AgreementRule, largest: int = 100) -> tuple[int, int] | None:
    """The smallest and largest room (up to ``largest`` people) in which both rules need the same number of
    people far from the median to call a split, or None when there is no such room."""
    share, count = (rule, other_rule(rule)) if rule.rule == "share" else (other_rule(rule), rule)
    same = [n for n in range(1, largest + 1) if fewest_outside_to_split(n, share) == fewest_outside_to_split(n, count)]
    return (same[0], same[-1]) if same else None


def comparison_sentence(rule: AgreementRule, largest: int = 100) -> str:
    """Where the two rules differ, in words: in which rooms they agree, and which calls a split sooner."""
    rooms = rooms_where_rules_agree(rule, largest)
    if rooms is None:
        return "The two rules never need the same number of people to call a split."
    smallest, biggest = rooms
    needed = fewest_outside_to_split(smallest, rule)
    size = f"{smallest} people" if smallest == biggest else f"{smallest} to {biggest} people"
    sentences = [
        f"With {size} scoring, the two rules agree: both call a split once {needed} of them are far from the median."
    ]
    if smallest > 1:
        sentences.append(
            "In a smaller room the share rule calls a split sooner, with fewer people far from the median."
        )
    if biggest < largest:
        sentences.append("In a larger room the count rule calls it sooner.")
    return " ".join(sentences)


def split_label(outside_share: float, n: int, rule: AgreementRule) -> str:
    """A split factor's label on a chart: the share far from the median, or under the count rule how many."""
    if rule.rule == "count":
        return f"split: {round(outside_share * n)} of {n} scored over a level away"
    return f"split: {outside_share:.0%} scored over a level away"


def _levels(band: float) -> str:
    return "one level" if band == 1 else f"{band:g} levels"
