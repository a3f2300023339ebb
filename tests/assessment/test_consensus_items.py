"""The rules of the consensus form, worked by hand: figures as precise as the scales, the next item to
agree, the reason an uncertain factor needs, and the comments shown beside an item."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from assessment.disclosure import decide
from assessment.models import ItemKind
from assessment.workshop import ConsensusItem, consensus_entry, item_comments, next_unagreed, scale_figure


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1.7917, "1.8"),  # a factor's median of averaged statements: 1.79 rounds up to 1.8
        (2.25, "2.3"),  # a half of a tenth goes up
        (2.24, "2.2"),
        (3.5, "3.5"),  # a stage median between two stages
        (4.0, "4"),  # whole numbers without '.0'
        (0.04, "0"),
        (None, "-"),
        (float("nan"), "-"),
    ],
)
def test_a_figure_keeps_one_decimal_at_most(value, shown):
    assert scale_figure(value) == shown


def items(*agreed_flags: bool) -> tuple[list[ConsensusItem], dict[tuple[ItemKind, str], SimpleNamespace]]:
    """Items and their records: an agreed item's record has a value, another's was saved with none."""
    made = [ConsensusItem(ItemKind.FACTOR, f"f{i}", f"Factor {i}", 2.0, False) for i in range(len(agreed_flags))]
    return made, {
        (item.kind, item.item_id): SimpleNamespace(value=3.0 if done else None)
        for item, done in zip(made, agreed_flags, strict=True)
    }


def test_the_next_item_is_the_first_not_agreed_after_this_one_wrapping_to_the_top():
    listed, agreed = items(False, True, True, False)
    assert next_unagreed(listed, agreed, 0) == 3  # items 1 and 2 are agreed
    assert next_unagreed(listed, agreed, 3) == 0  # from the last, back to the top
    listed, agreed = items(True, True, False)
    assert next_unagreed(listed, agreed, 2) is None  # every other item is agreed


def test_an_uncertain_factor_needs_the_reason_and_others_keep_none():
    uncertain = ConsensusItem(ItemKind.FACTOR, "vision", "Shared vision", 2.0, True, uncertain=True)
    with pytest.raises(ValueError, match="Say why the room is still uncertain about Shared vision"):
        consensus_entry(uncertain, 2, "", "   ")
    entry = consensus_entry(uncertain, 2, "Heard both sides", " Schools absent ")
    assert (entry.value, entry.rationale, entry.uncertain_reason) == (2.0, "Heard both sides", "Schools absent")
    settled = ConsensusItem(ItemKind.FACTOR, "governance", "Governance", 3.0, False)
    assert consensus_entry(settled, 3, "", "left over from another item").uncertain_reason == ""


def answers(rows: list[tuple[int, str, str, str, str]]) -> pd.DataFrame:
    """Store.answers_frame rows from (participant, partner type, kind, item, comment)."""
    return pd.DataFrame(
        [
            {
                "round_id": 7,
                "participant_id": p,
                "partner_type": partner,
                "complete": True,
                "kind": kind,
                "item_id": item,
                "value": 2.0,
                "comment": comment,
            }
            for p, partner, kind, item, comment in rows
        ]
    )


def test_a_factors_comments_come_from_its_statements_with_a_partner_type_only_for_a_shown_group(framework):
    first, second = (s.id for s in framework.factor("governance").statements[:2])
    # Council 3 people (shown, k = 3), one school person (under 3, no 'other' group: hidden with the
    # next smallest group, the council: so no one is shown by partner type).
    small = answers(
        [
            (1, "council", "statement", second, "Zebra minutes"),
            (2, "council", "statement", first, "Board terms unclear"),
            (3, "council", "statement", first, "  "),
            (4, "school", "statement", first, "Never consulted"),
            (4, "school", "component", "budgets", "Not about governance"),
        ]
    )
    comments = item_comments(small, framework, decide(small, framework), ItemKind.FACTOR, "governance")
    assert [(c.text, c.group) for c in comments] == [
        ("Board terms unclear", None),  # first statement's comments first, in alphabetical order
        ("Never consulted", None),
        ("Zebra minutes", None),
    ]
    assert comments[0].about == framework.factor("governance").statements[0].text
    # Three council people and three school people: both groups shown under their own partner type.
    larger = answers(
        [(p, "council", "component", "budgets", f"c{p}") for p in (1, 2, 3)]
        + [(p, "school", "component", "budgets", "") for p in (4, 5, 6)]
    )
    comments = item_comments(larger, framework, decide(larger, framework), ItemKind.COMPONENT, "budgets")
    assert [(c.text, c.about, c.group) for c in comments] == [
        (f"c{p}", None, framework.partner_name("council")) for p in (1, 2, 3)
    ]
