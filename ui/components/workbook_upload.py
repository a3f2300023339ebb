"""Upload filled questionnaires or results workbooks; check them all, then import all or nothing."""

from __future__ import annotations

import streamlit as st

from assessment.excel.importer import import_files
from assessment.excel.problems import ImportRefused
from assessment.excel.safety import MAX_FILE_BYTES
from assessment.framework import Framework
from assessment.storage import RoundRow, Store, StoreError
from ui import state
from ui.text import plain


def one_line(text: str) -> str:
    """User text (file names, cell values) as plain text on one line of a Markdown bullet list."""
    return plain(" ".join(str(text).splitlines()))


def problem_lines(refused: ImportRefused) -> str:
    """The first problems as escaped Markdown bullets (file, sheet, row, column, then what is wrong),
    then how many more there are, if any."""
    bullets = "\n".join(f"- {one_line(str(problem))}" for problem in refused.first())
    more = refused.more()
    return bullets if more is None else f"{bullets}\n\n{one_line(more)}"


def show(store: Store, framework: Framework, round_row: RoundRow, key: str = "workbook_upload") -> None:
    """Draw the uploader and the import button; report what was saved or every problem found."""
    report = state.import_report()
    if report:
        st.success("Imported:\n" + "\n".join(f"- {one_line(line)}" for line in report))
        state.set_import_report(None)
    files = st.file_uploader(
        "Filled questionnaires or results workbooks (.xlsx)",
        type=["xlsx"],
        accept_multiple_files=True,
        key=f"{key}_{state.import_generation()}",
        help=f"Up to {MAX_FILE_BYTES // (1024 * 1024)} MB each. Questionnaires go into the round chosen in the "
        "sidebar; a results workbook brings back the rounds it holds.",
    )
    if not st.button("Check and import", disabled=not files, type="primary", key=f"{key}_go"):
        return
    batch = [(f.name, f.getvalue()) for f in files]
    try:
        plan = import_files(
            store,
            framework,
            batch,
            round_id=round_row.id,
            actor=state.access().actor,
            may_add_rounds=state.access().programme,
        )
    except ImportRefused as refused:
        st.error(
            f"Nothing was imported. Fix {'these problems' if refused.count > 1 else 'this problem'} and upload again:"
        )
        st.markdown(problem_lines(refused))
        return
    except StoreError as error:
        st.error(f"Nothing was imported: {plain(error)}")
        return
    pins = [f"New round {line}. Write it down: it is not shown again." for line in plan.pins]
    state.set_import_report(plan.described + pins)
    state.clear_upload()
    st.rerun()
