"""The shared caches of the results pages: what they hand out equals what they were given."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import plotly.io
import plotly.tools

from assessment.models import RoundInput
from assessment.results import rounds_frame
from ui import scores


def test_a_frozen_figure_hands_out_the_same_data_without_copying_it_each_time():
    figure = go.Figure(data=[go.Bar(x=[1, 2], y=[3, 4], text=["a", "b"])], layout={"height": 300})

    frozen = scores.FrozenFigure(figure)

    assert frozen.to_dict() == figure.to_dict()
    assert frozen.to_dict() is frozen.to_dict()
    # What Streamlit's st.plotly_chart does with a figure: the same JSON as the original's.
    plain = plotly.tools.return_figure_from_figure_or_data(frozen, validate_figure=True)
    assert plotly.io.to_json(plain, validate=False) == plotly.io.to_json(figure, validate=False)


def test_programme_rounds_are_the_stores_rounds_read_again_only_when_a_round_is_added(store, framework):
    store.rounds.open_round(RoundInput(pin="2468", area="Ashvale", held_on=dt.date(2025, 1, 1)), framework.version)
    before = scores.programme_rounds(store)
    assert before.frame.equals(rounds_frame(store))

    area = store.rounds.find_area("Ashvale")
    store.rounds.open_round(RoundInput(pin="2468", area="Ashvale", held_on=dt.date(2026, 1, 1)), framework.version)
    after = scores.programme_rounds(store)

    assert after.digest != before.digest
    assert [r.id for r in after.of_area(area.id)] == [r.id for r in store.rounds.list_rounds(area.id)]
    assert after.frame.equals(rounds_frame(store))
    assert list(after.areas) == store.rounds.list_areas()
    assert scores.programme_rounds(store) is after  # nothing changed: shared, not read again
