"""Excel benchmarks: export of a 150-area programme against plain pandas, and import of 40 questionnaires.

1. The programme workbook (python -m assessment export --all) for 150 areas of 20 participants each,
   timed end to end (reading the database, scoring, writing), against pandas DataFrame.to_excel
   (openpyxl engine) writing exactly the same cells, read back from our workbook, in the same run.
2. Import of 40 filled offline questionnaires: the time to check and plan the batch with each reader
   (python-calamine and openpyxl), and the time of a full import into the database.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from assessment.excel import questionnaire
from assessment.excel.export import programme_workbook
from assessment.excel.importer import import_files, plan_import
from assessment.framework import Framework, load_framework
from assessment.models import Answer, ItemKind, RoundInput, RoundStatus
from assessment.sample import programme_frame
from assessment.storage import ImportedParticipant, ImportedRound, Store

AREAS = 150
PARTICIPANTS = 20
QUESTIONNAIRES = 40
EXPORT_TARGET = 1.2


def programme_store(framework: Framework, folder: Path) -> Store:
    """A database of AREAS finalised rounds, written in one batch from the generated programme."""
    store = Store(f"sqlite:///{folder / 'programme.db'}")
    frame = programme_frame(framework, areas=AREAS, participants=PARTICIPANTS)
    rounds = []
    for round_id, answers in frame.groupby("round_id", sort=True):
        people = []
        for _pid, rows in answers.groupby("participant_id", sort=True):
            batch = tuple(
                Answer(kind=ItemKind(k), item_id=i, value=None if pd.isna(v) else int(v))
                for k, i, v in zip(rows["kind"], rows["item_id"], rows["value"], strict=True)
            )
            people.append(ImportedParticipant(str(rows["partner_type"].iloc[0]), batch))
        spec = RoundInput(pin="2468", area=f"Area {round_id:03d}", held_on=dt.date(2026, 3, 1), title="Workshop")
        rounds.append(ImportedRound(spec, framework.version, RoundStatus.FINALISED, tuple(people)))
    store.imports.import_batch(rounds)
    return store


def pandas_same_cells(data: bytes) -> float:
    """Seconds for pandas to_excel (openpyxl engine) to write every cell of our workbook."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    frames = {name: pd.DataFrame(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names}
    start = time.perf_counter()
    with pd.ExcelWriter(io.BytesIO(), engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False, header=False)
    return time.perf_counter() - start


def bench_export(framework: Framework, folder: Path) -> None:
    store = programme_store(framework, folder)
    start = time.perf_counter()
    data = programme_workbook(store, framework)
    ours = time.perf_counter() - start
    baseline = pandas_same_cells(data)
    ratio = ours / baseline
    print(f"excel export of {AREAS} areas ({PARTICIPANTS} participants each): ours {ours:.1f}s, pandas {baseline:.1f}s")
    print(f"excel_export_programme: ratio {ratio:.2f}x (target <= {EXPORT_TARGET}x)")
    store.dispose()


def filled_questionnaires(framework: Framework, store: Store) -> list[tuple[str, bytes]]:
    """QUESTIONNAIRES questionnaires of one open round, each person's own copy answered at random."""
    round_row = store.rounds.open_round(
        RoundInput(pin="2468", area="Benchmark", held_on=dt.date(2026, 3, 1)), framework.version
    )
    items = questionnaire.questionnaire_items(framework, round_row)
    rng = np.random.default_rng(40)
    files = []
    for n in range(QUESTIONNAIRES):
        book = load_workbook(io.BytesIO(questionnaire.questionnaire_workbook(framework, round_row)))
        ws = book[questionnaire.SHEET]
        ws[questionnaire.PARTNER_CELL] = framework.partner_types[n % len(framework.partner_types)].name
        for row, (kind, *_rest) in enumerate(items, start=questionnaire.HEADER_ROW + 1):
            choices = questionnaire.answer_choices(framework, kind)
            ws[f"{questionnaire.ANSWER_COLUMN}{row}"] = choices[int(rng.integers(len(choices)))][0]
        buffer = io.BytesIO()
        book.save(buffer)
        files.append((f"participant-{n + 1:02d}.xlsx", buffer.getvalue()))
    return files


def bench_import(framework: Framework, folder: Path) -> None:
    store = Store(f"sqlite:///{folder / 'questionnaires.db'}")
    files = filled_questionnaires(framework, store)
    timings = {}
    for engine in ("calamine", "openpyxl"):
        start = time.perf_counter()
        plan_import(store, framework, files, engine=engine)
        timings[engine] = time.perf_counter() - start
    start = time.perf_counter()
    import_files(store, framework, files)
    full = time.perf_counter() - start
    print(
        f"excel import of {QUESTIONNAIRES} questionnaires: check with python-calamine {timings['calamine']:.2f}s, "
        f"with openpyxl {timings['openpyxl']:.2f}s; full import (calamine, one transaction) {full:.2f}s"
    )
    ratio = timings["calamine"] / timings["openpyxl"]
    print(f"excel_import_calamine_vs_openpyxl: ratio {ratio:.2f}x (report only; below 1 means calamine is faster)")
    store.dispose()


def main() -> None:
    """Run both benchmarks and print their lines."""
    framework = load_framework()
    with tempfile.TemporaryDirectory() as folder:
        bench_import(framework, Path(folder))
        bench_export(framework, Path(folder))


if __name__ == "__main__":
    main()
