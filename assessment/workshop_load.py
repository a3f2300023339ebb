"""A simulated workshop burst: many participants joining and saving at once, through the Store calls
the participant pages make. Used by the reliability tests and by `make bench`."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from assessment.framework import Framework
from assessment.models import Answer, ItemKind
from assessment.storage import Store


@dataclass
class BurstResult:
    """What a burst left behind: participant ids, save latencies in seconds, and any errors raised."""

    participant_ids: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def participant_steps(framework: Framework, person: int) -> list[list[Answer]]:
    """One participant's questionnaire as the pages save it: one batch per factor, then the continuum."""
    steps = [
        [
            Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=(person + i) % 5, comment=f"person {person}")
            for i, s in enumerate(factor.statements)
        ]
        for factor in framework.factors
    ]
    steps.append([Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=1 + person % 6) for c in framework.components])
    return steps


def run_burst(store: Store, framework: Framework, round_id: int, people: int = 40) -> BurstResult:
    """Start `people` threads at the same moment; each joins, saves every step and submits."""
    result = BurstResult()
    lock = threading.Lock()
    start = threading.Barrier(people)

    def participant(person: int) -> None:
        try:
            start.wait()
            joined, _code = store.responses.join(round_id, "council" if person % 2 else "nhs_commissioner")
            for batch in participant_steps(framework, person):
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
