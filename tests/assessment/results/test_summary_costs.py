"""summary --json gives each option's cost estimate beside its step change and readiness."""

from __future__ import annotations

from assessment.models import CostEstimate
from assessment.results import summary
from tests.assessment.excel.conftest import small_round


def test_each_option_carries_the_partnerships_estimate_or_none(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    sqlite_store.costs.save(
        round_row.id,
        [
            CostEstimate(
                option_id="targeted",
                one_off_low=40_000,
                one_off_high=60_000,
                posts_low=2,
                posts_high=3,
                note="Two joint posts.",
            )
        ],
    )
    options = {o["id"]: o for o in summary(sqlite_store, framework, "Testford", round_row.id)["options"]}
    assert options["targeted"]["estimate"] == {
        "one_off": [40_000, 60_000],
        "recurring": None,
        "posts": [2.0, 3.0],
        "note": "Two joint posts.",
        "words": "£40,000-£60,000 one-off; 2-3 posts",
    }
    assert options["status_quo"]["estimate"] is None
