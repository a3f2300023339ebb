"""Overlong text (10,000 characters) is refused before storage with the limit stated; text within the
limit with right-to-left marks, emoji and HTML is stored exactly (see test_store.py for that half)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from assessment.models import MAX_COMMENT, MAX_NAME, ActionInput, Answer, ConsensusEntry, ItemKind, RoundInput

TEN_THOUSAND = "\u202e🙂" + "x" * 9998


@pytest.mark.parametrize(
    ("build", "limit"),
    [
        (lambda: Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=1, comment=TEN_THOUSAND), MAX_COMMENT),
        (
            lambda: ConsensusEntry(kind=ItemKind.FACTOR, item_id="governance", value=2, rationale=TEN_THOUSAND),
            MAX_COMMENT,
        ),
        (lambda: ActionInput(title=TEN_THOUSAND), MAX_COMMENT),
        (lambda: RoundInput(pin="2468", area=TEN_THOUSAND, held_on=dt.date(2026, 3, 10)), MAX_NAME),
    ],
)
def test_ten_thousand_characters_are_refused_with_the_limit_stated(build, limit):
    with pytest.raises(ValidationError, match=f"at most {limit} characters"):
        build()


def test_text_at_the_limit_is_kept_exactly():
    text = "\u202e🙂<b>" + "x" * (MAX_COMMENT - 5)
    assert len(text) == MAX_COMMENT
    assert Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=1, comment=text).comment == text
