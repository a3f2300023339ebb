"""A load generator (not part of the product): a simulated workshop burst, many participants joining and
saving at once through the storage calls the participant pages make. Used by the reliability tests and
by `make bench`."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from assessment.framework import Framework
from assessment.models import Answer, ItemKind
from assessment.storage import RoundRow, Store
from assessment.workshop import questionnaire_steps


@dataclass
class BurstResult:
    """What a burst left behind: participant ids, save latencies in seconds, and any errors raised."""

    participant_ids: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def participant_steps(framework: Framework, round_row: RoundRow, person: int) -> list[list[Answer]]:
    """One participant's questionnaire as the pages save it (one batch per step of
    workshop.questionnaire_steps), with made-up answers that differ from person to person."""
    batches = []
    for step in questionnaire_steps(framework, round_row):
        if step.kind == ItemKind.STATEMENT:
            values = [(person + i) % 5 for i in range(len(step.items))]
        else:
            values = [1 + (person + i) % 6 for i in range(len(step.items))]
        comment = f"person {person}" if step.kind == ItemKind.STATEMENT else ""
        batches.append(
            [
                Answer(kind=step.kind, item_id=item, value=v, comment=comment)
                for item, v in zip(step.items, values, strict=True)
            ]
        )
    return batches


def run_burst(store: Store, framework: Framework, round_id: int, people: int = 40) -> BurstResult:
    """Start `people` threads at the same moment; each joins, saves every step and submits."""
    result = BurstResult()
    round_row = store.rounds.get_round(round_id)
    lock = threading.Lock()
    start = threading.Barrier(people)

    def participant(person: int) -> None:
        try:
            start.wait()
            joined, _code = store.responses.join(round_id, "council" if person % 2 else "nhs_commissioner")
            for batch in participant_steps(framework, round_row, person):
                began = time.perf_counter()
                store.responses.save_answers(joined.id, batch)
                with lock:
                    result.latencies.append(time.perf_counter() - began)
            store.responses.set_complete(joined.id)
            with lock:
                result.participant_ids.append(joined.id)
        except BaseException as exc:  # every failure is reported by the caller
            with lock:
                result.errors.append(exc)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result
