"""Refusing an oversized upload: the outsider's 49,000 x 40 workbook sent as a questionnaire.

Before sheets were bounded by what a file claims to be, this legal 8 MB upload was read in full: 37 s,
270 MB and 49,268 problems listed. Now the Questionnaire sheet's XML walk stops at the first cell past
the questionnaire's bounds, so refusing it costs the safety checks' one pass over the archive (every
part unpacked once, looking for DOCTYPE and ENTITY declarations) and almost nothing else.

The baseline, timed in the same run on the same bytes, is unpacking every part of the zip once with
the standard library: the least any check that looks inside the file can cost. For scale it also
prints the time to open the zip and list its parts, which unpacks nothing.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

from assessment.excel.importer import plan_import
from assessment.excel.problems import ImportRefused
from assessment.framework import load_framework
from assessment.storage import Store
from tests.assessment.excel.conftest import oversized_workbook

ROWS, COLUMNS = 49_000, 40
REPEATS = 5
TARGET = 1.5


def _median_seconds(work: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the refusal's time as a ratio to unpacking the same zip once."""
    framework = load_framework()
    data = oversized_workbook(ROWS, COLUMNS)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bound.db'}")

        def refuse() -> str:
            try:
                plan_import(store, framework, [("probe.xlsx", data)])
            except ImportRefused as refused:
                return str(refused.problems[0])
            raise AssertionError("the oversized workbook was not refused")

        def unpack() -> None:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.infolist():
                    archive.read(member)

        def list_parts() -> None:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                archive.infolist()

        print(f"refused: {refuse()}")
        base = _median_seconds(unpack)
        ours = _median_seconds(refuse)
        listing = _median_seconds(list_parts)
        tracemalloc.start()
        refuse()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        store.dispose()
    print(
        f"upload of {len(data) / 1e6:.1f} MB ({ROWS:,} x {COLUMNS}): refused in {ours * 1000:.0f} ms; unpacking "
        f"every part once {base * 1000:.0f} ms; listing the parts {listing * 1000:.2f} ms; peak Python memory "
        f"while refusing {peak / 1e6:.1f} MB"
    )
    print(f"upload_bound_refusal: ratio {ours / base:.2f}x (target <= {TARGET}x)")


if __name__ == "__main__":
    main()
