"""The results workbook's Re-scoring sheet (only when the room re-scored a factor after discussion) and the
Summary's lines on re-scoring: each re-scored factor's passes side by side."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from assessment.excel.cells import NO, PERCENT_FORMAT, SCORE_FORMAT, YES, Column, SheetWriter, TableBlock, set_widths
from assessment.framework import Framework
from assessment.models import FIRST_PASS
from assessment.passes import (
    PASS_FIGURE_WORDS,
    UNCERTAIN_MEANING,
    pass_words,
    passes_side_by_side,
    rescored_sentence,
    uncertain_names,
)
from assessment.scoring import RoundResult


def rescored(result: RoundResult) -> bool:
    """True when a factor of the round's scores comes from a re-scoring pass."""
    return bool((result.factors["pass"] > FIRST_PASS).any())


def rescoring_pairs(result: RoundResult) -> list[tuple[str, str]]:
    """The Summary's lines on re-scoring: none when no factor was re-scored."""
    sentence = rescored_sentence(result.factors)
    if sentence is None:
        return []
    return [
        ("Re-scoring after discussion", sentence),
        ("Still split after re-scoring (uncertain)", "; ".join(uncertain_names(result.factors)) or "None"),
    ]


_PASS_FORMATS = {"median": SCORE_FORMAT, "at_median": PERCENT_FORMAT, "within_one": PERCENT_FORMAT}
_PASS_FIGURES = tuple((key, words, _PASS_FORMATS.get(key)) for key, words in PASS_FIGURE_WORDS.items())


def write_rescoring(book: Workbook, framework: Framework, result: RoundResult) -> None:
    """Each re-scored factor's passes side by side: a row per factor, a group of columns per pass."""
    ws = book.create_sheet("Re-scoring")
    factors = result.factors
    wide = passes_side_by_side(factors, result.passes)
    numbers = wide.columns.get_level_values("pass").unique().tolist()
    columns = [Column("Factor ID", 15), Column("Factor", 20)]
    for number in numbers:
        name = pass_words(number).capitalize()
        columns += [Column(f"{name}: {words}", 12, number_format) for _key, words, number_format in _PASS_FIGURES]
    columns.append(Column("Uncertain", 10))
    set_widths(ws, columns)
    ws.freeze_panes = "C5"
    sheet = SheetWriter(ws)
    sheet.title("Re-scoring after discussion")
    sheet.note(
        "Each factor the room re-scored, pass by pass: the median, how many people scored it, the share of "
        "scores at the median and within one level of it, and whether the room was split. " + UNCERTAIN_MEANING
    )
    sheet.blank()
    rows = []
    for factor_id, figures in wide.iterrows():
        row: list[object] = [factor_id, framework.factor(factor_id).short_name]
        for number in numbers:
            if pd.isna(figures[(number, "n")]):
                row += [None] * len(_PASS_FIGURES)
                continue
            row += [
                (YES if figures[(number, key)] else NO)
                if key == "split"
                else (int(figures[(number, key)]) if key == "n" else figures[(number, key)])
                for key, _words, _format in _PASS_FIGURES
            ]
        rows.append([*row, YES if factors.loc[factor_id, "uncertain"] else NO])
    sheet.table(TableBlock(name="Rescoring", columns=columns, rows=rows))
