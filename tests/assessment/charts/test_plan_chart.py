"""The plan's progress by month as stacked bars: done, open not yet due, overdue."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from assessment.charts.plan import progress_by_month_figure


def test_each_month_stacks_done_open_and_overdue_to_the_actions_due():
    table = pd.DataFrame(
        {
            "month": [dt.date(2010, 4, 1), dt.date(2010, 7, 1)],
            "due": [2, 3],
            "done": [1, 1],
            "open": [1, 2],
            "overdue": [1, 2],
        }
    )
    figure = progress_by_month_figure(table)
    assert [t.name for t in figure.data] == ["Done", "Open, not yet due", "Open and overdue"]
    assert list(figure.data[0].customdata) == ["Apr 2010", "Jul 2010"]
    # On a date axis, in the middle of each month: May and June, with nothing due, show as a gap.
    assert list(figure.data[0].x) == ["2010-04-15", "2010-07-15"]
    assert figure.layout.xaxis.type == "date"
    # April: 1 done + 0 on time + 1 overdue = 2 due; July: 1 + 0 + 2 = 3
    assert [list(t.y) for t in figure.data] == [[1, 1], [0, 0], [1, 2]]
    assert figure.layout.barmode == "stack" and figure.data[2].marker.pattern.shape == "/"
