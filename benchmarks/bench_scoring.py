"""Scoring a programme of 150 areas x 40 participants x 60 items, against a plain pandas groupby.

The baseline is what a person would write first: one groupby of the same rows by round and item
computing mean, median and count. The engine does more (respondent means per factor, medians,
quartiles, agreement, don't-know rates, continuum items, positions); the target is at most 2x.
"""

from __future__ import annotations

import statistics
import time

from assessment.framework import load_framework
from assessment.sample import programme_frame
from assessment.scoring import score_answers

AREAS, PARTICIPANTS, ITEMS = 150, 40, 60
REPEATS = 7
TARGET = 2.0


def _median_seconds(work) -> float:  # noqa: ANN001
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the engine's time as a ratio to the plain groupby's."""
    framework = load_framework()
    frame = programme_frame(framework, AREAS, PARTICIPANTS, items=ITEMS)
    assert frame.groupby("participant_id").size().eq(ITEMS).all()

    def baseline() -> None:
        frame.groupby(["round_id", "item_id"])["value"].agg(["mean", "median", "count"])

    def engine() -> None:
        score_answers(frame, framework)

    engine()  # warm caches and imports once before timing either
    base = _median_seconds(baseline)
    ours = _median_seconds(engine)
    print(f"rows: {len(frame):,} ({AREAS} areas x {PARTICIPANTS} participants x {ITEMS} items)")
    print(f"plain groupby: {base * 1000:.1f} ms; scoring engine: {ours * 1000:.1f} ms")
    print(f"scoring_programme: ratio {ours / base:.2f}x (target <= {TARGET:.0f}x)")


if __name__ == "__main__":
    main()
