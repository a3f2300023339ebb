"""Small groups: who may be shown by partner type, under which label, and which of their answers.

One function, decide, makes the decision for one round; every output that breaks results down by
partner type or lists a person's answers (the dashboard, the workbooks, the live view) calls it, so
no output can show what another hides.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.framework import Framework
from assessment.models import ItemKind

OTHER = "other"  # the framework's partner type that small groups are merged into
HIDDEN_LABEL = "Hidden to protect small groups"
WITHHELD_MEANING = "Withheld to protect a small group"

Item = tuple[str, str]  # (kind, item id): kind is "factor", "statement", "component" or "priority"


@dataclass(frozen=True)
class Disclosure:
    """What one round may show by partner type (see decide)."""

    k: int
    labels: Mapping[Hashable, str]  # participant id -> the group they are shown under; hidden people are absent
    people: Mapping[str, int]  # shown group -> its number of people
    hidden_people: int  # people not shown under any group
    withheld: Mapping[Item, frozenset[str]]  # item -> shown groups whose answers on it are withheld

    def label(self, participant_id: Hashable) -> str | None:
        """The group the participant is shown under, or None when they are hidden."""
        return self.labels.get(participant_id)

    def withholds(self, group: str, kind: str, item_id: str) -> bool:
        """True when the group's answers on the item are withheld."""
        return group in self.withheld.get((kind, item_id), frozenset())

    @property
    def withheld_cells(self) -> int:
        """How many (group, item) cells are withheld."""
        return sum(len(groups) for groups in self.withheld.values())


def small_groups_sentence(framework: Framework) -> str:
    """What every screen and workbook says about small groups, in one place."""
    return (
        f"Partner types with fewer than {framework.suppression_k} people are combined into "
        f"{framework.partner_name(OTHER)}, or hidden with the next smallest group, so no one can be picked out."
    )


def decide(answers: pd.DataFrame, framework: Framework) -> Disclosure:
    """Decide, for one round's answers (Store.answers_frame rows of one round), who is shown under which
    group and which groups' answers are withheld on which items. k is the framework's suppression_k.

    The rule. The round's participants (everyone with a saved answer) are grouped by partner type.
    Groups of k or more people are shown under their own partner type. The groups under k are put
    together with the real 'other' group, if there is one: if that merged group has k or more people it
    is shown as 'other' ("Other partner"); if not, it is hidden together with the next smallest group
    (fewest people, then framework order), so that the hidden set always has 0 or at least k people;
    when there is no other group, the whole breakdown is hidden (nothing is shown by partner type, so
    the room's own totals are all anyone sees).
    Then, for each item (a success factor, a statement, a continuum component or a priority area),
    count the people who answered it (a "don't know" is not an answer; for a factor, having a score)
    among the people it is not shown for: the hidden people and any group withheld on it. While that
    count is between 1 and k - 1, the shown group with the fewest people answering the item (then the
    fewest people) is withheld on that item too. A group withheld on a statement is withheld on its
    factor (its factor score could no longer be worked out from what is shown), and a group withheld
    on a factor is withheld on all its statements; this repeats until nothing changes. So the answers
    of fewer than k people can never be recovered by subtracting what is shown from the room's totals.

    Worked by hand, k = 3. Five council people, four from schools and one youth justice person:
    youth justice (1) is under 3 and there is no other small group or 'other' group to merge with, so
    it is hidden with the next smallest group, schools (4): the hidden set is 5 people and only the
    council's 5 are shown. Items: if two of the hidden five said "don't know" to every governance
    statement, 3 hidden people answered governance, which is at least 3, so nothing more is withheld.
    Had only one hidden person answered governance, the council's governance answers would be
    withheld too (1 + 5 = 6 answering people not shown), since the council is the only group shown.
    """
    k = framework.suppression_k
    people = answers.drop_duplicates("participant_id")
    sizes = people.groupby("partner_type", sort=False).size()
    group_of = _groups(sizes, framework, k)
    labels = {pid: group_of[pt] for pid, pt in zip(people["participant_id"], people["partner_type"], strict=True)}
    labels = {pid: group for pid, group in labels.items() if group is not None}
    shown_sizes: dict[str, int] = {}
    for group in labels.values():
        shown_sizes[group] = shown_sizes.get(group, 0) + 1
    withheld = _withheld(answers, framework, labels, shown_sizes, k)
    return Disclosure(k, labels, shown_sizes, len(people) - len(labels), withheld)


def _groups(sizes: pd.Series, framework: Framework, k: int) -> dict[str, str | None]:
    """Partner type -> the group it is shown under (None: hidden)."""
    group: dict[str, str | None] = {t: t for t in sizes.index}
    merged = [t for t, n in sizes.items() if n < k]
    if not merged:
        return group
    if OTHER in sizes.index and OTHER not in merged:
        merged.append(OTHER)
    if sizes[merged].sum() >= k:
        return group | dict.fromkeys(merged, OTHER)
    order = {p.id: i for i, p in enumerate(framework.partner_types)}
    rest = [t for t in sizes.index if t not in merged]
    if not rest:
        return dict.fromkeys(sizes.index)
    merged.append(min(rest, key=lambda t: (sizes[t], order.get(t, len(order)), t)))
    return group | dict.fromkeys(merged)


def _answering(answers: pd.DataFrame, framework: Framework) -> dict[Item, set]:
    """Item -> the participants who answered it (don't know left out; a factor: any statement answered)."""
    known = answers[answers["value"].notna()]
    answering: dict[Item, set] = {}
    for kind, item_id, pid in zip(known["kind"], known["item_id"], known["participant_id"], strict=True):
        answering.setdefault((str(kind), str(item_id)), set()).add(pid)
        factor = framework.statement_factor.get(item_id) if kind == ItemKind.STATEMENT.value else None
        if factor is not None:
            answering.setdefault((ItemKind.FACTOR.value, factor), set()).add(pid)
    return answering


def _withheld(
    answers: pd.DataFrame, framework: Framework, labels: Mapping, sizes: Mapping[str, int], k: int
) -> dict[Item, frozenset[str]]:
    answering = _answering(answers, framework)
    statements_of = {f.id: [(ItemKind.STATEMENT.value, s.id) for s in f.statements] for f in framework.factors}
    withheld: dict[Item, set[str]] = {item: set() for item in answering}
    changed = True
    while changed:
        changed = False
        for item, who in answering.items():
            before = len(withheld[item])
            if item[0] == ItemKind.FACTOR.value:
                for statement in statements_of.get(item[1], []):
                    withheld[item] |= withheld.get(statement, set())
            elif item[0] == ItemKind.STATEMENT.value and item[1] in framework.statement_factor:
                withheld[item] |= withheld.get((ItemKind.FACTOR.value, framework.statement_factor[item[1]]), set())
            _complete(withheld[item], who, labels, sizes, k)
            changed |= len(withheld[item]) != before
    return {item: frozenset(groups) for item, groups in withheld.items() if groups}


def _complete(withheld: set[str], who: set, labels: Mapping, sizes: Mapping[str, int], k: int) -> None:
    """Withhold more groups on one item until the people answering it who are not shown are 0 or >= k."""
    by_group: dict[str, int] = {}
    for pid in who:
        group = labels.get(pid)
        if group is not None:
            by_group[group] = by_group.get(group, 0) + 1
    unseen = sum(1 for pid in who if labels.get(pid) is None or labels[pid] in withheld)
    while 0 < unseen < k:
        candidates = [g for g, n in by_group.items() if g not in withheld and n > 0]
        if not candidates:
            return
        group = min(candidates, key=lambda g: (by_group[g], sizes[g], g))
        withheld.add(group)
        unseen += by_group[group]


def shown_answers(answers: pd.DataFrame, disclosure: Disclosure) -> pd.DataFrame:
    """The answers of the people shown, with their group and whether each answer is withheld."""
    groups = answers["participant_id"].map(disclosure.labels)
    shown = answers[groups.notna()].copy()
    shown["group"] = groups[groups.notna()]
    shown["withheld"] = np.array(
        [
            disclosure.withholds(group, str(kind), str(item))
            for group, kind, item in zip(shown["group"], shown["kind"], shown["item_id"], strict=True)
        ],
        dtype=bool,
    )
    return shown


def shown_factor_scores(respondent_scores: pd.DataFrame, disclosure: Disclosure) -> pd.DataFrame:
    """Each shown person's factor scores (scoring.respondent_factor_scores rows) with their group,
    leaving out the hidden people and the factors withheld from their group."""
    groups = respondent_scores["participant_id"].map(disclosure.labels)
    scores = respondent_scores.assign(group=groups)[groups.notna()]
    keep = np.array(
        [
            not disclosure.withholds(group, ItemKind.FACTOR.value, str(factor))
            for group, factor in zip(scores["group"], scores["factor_id"], strict=True)
        ],
        dtype=bool,
    )
    return scores[keep].reset_index(drop=True)
