"""The outsider's probe, tried on every output: five council people, four from schools and one youth
justice person. The lone person's answers and comment must appear nowhere, and what an attacker can
work out by subtraction (the room's mean x n, less what the output shows) is the mean of at least k
people, never theirs.

Worked by hand. Every statement: council 3 (factor score 3), schools 2 (score 2), youth justice
1, 0, 0, 0 (score 0.25, appearing nowhere else). Each factor's mean is (5 x 3 + 4 x 2 + 0.25) / 10 =
2.325 with n = 10. The rule hides the lone person with the next smallest group, the schools: 5 hidden,
the council's 5 shown. So the attacker gets 23.25 - 5 x 3 = 8.25 over 10 - 5 = 5 people: a mean of
1.65 of five people (four 2s and the 0.25), never the 0.25 itself.
"""

from __future__ import annotations

import io
import json
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from assessment.__main__ import main
from assessment.excel.export import programme_workbook, results_workbook
from assessment.models import Answer, ItemKind, RoundStatus
from assessment.results import summary
from tests.app_pages.apptest import signed_in
from tests.app_pages.results_data import point_app_at
from tests.app_pages.workshop.helpers import ROOT
from tests.app_pages.workshop.test_workshop_facilitator import facilitator_session
from ui import state

K = 3
LONE_COMMENT = "Only the youth justice lead would say this"
LONE_SCORE = 0.25
HIDDEN_PEOPLE, HIDDEN_MEAN = 5, 1.65  # (4 x 2 + 0.25) / 5
COUNCIL_SCORE = 3.0


@pytest.fixture
def probe(app_store, open_round, framework):  # noqa: ANN001, ANN201
    """The probe's round, still open: council 5, schools 4, youth justice 1."""
    assert framework.suppression_k == K
    for partner, people, statement_values, stage, comment in (
        ("council", 5, (3, 3, 3, 3), 3, ""),
        ("school", 4, (2, 2, 2, 2), 2, ""),
        ("youth_justice", 1, (1, 0, 0, 0), 6, LONE_COMMENT),
    ):
        for _ in range(people):
            person, _code = app_store.responses.join(open_round.id, partner)
            batch = [
                Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=v, comment=comment)
                for f in framework.factors
                for s, v in zip(f.statements, statement_values, strict=True)
            ]
            batch += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=stage) for c in framework.components]
            app_store.responses.save_answers(person.id, batch)
            app_store.responses.set_complete(person.id)
    return open_round


def finalise(store, round_row) -> None:  # noqa: ANN001
    store.rounds.set_status(round_row.id, RoundStatus.CLOSED)
    store.rounds.set_status(round_row.id, RoundStatus.FINALISED)


def every_cell(data: bytes, leave_out: tuple[str, ...] = ()) -> list[object]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    sheets = [sheet for sheet in book.worksheets if sheet.title not in leave_out]
    return [value for sheet in sheets for row in sheet.iter_rows(values_only=True) for value in row]


def table(data: bytes, sheet: str, first_header: str) -> pd.DataFrame:
    """The table on a sheet whose header row starts with first_header."""
    rows = list(load_workbook(io.BytesIO(data), read_only=True)[sheet].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    return pd.DataFrame([r for r in rows[start + 1 :] if any(v is not None for v in r)], columns=rows[start])


def attack(means: dict[str, tuple[float, int]], responses: pd.DataFrame, framework) -> dict[str, tuple[float, int]]:  # noqa: ANN001
    """Per factor: the room's mean x n less the factor scores of the people the Responses sheet shows
    (each the mean of their statement answers listed), as (hidden sum, hidden people with a score)."""
    factor_of = framework.statement_factor
    listed = responses[(responses["Kind"] == "Statement") & responses["Answer"].notna()].copy()
    listed["factor"] = listed["Item ID"].map(factor_of)
    keys = [c for c in ("Area", "Round date") if c in listed] + ["Participant", "factor"]
    shown = listed.groupby(keys)["Answer"].mean().groupby("factor")
    sums, counts = shown.sum(), shown.size()
    return {f: (mean * n - sums.get(f, 0.0), n - int(counts.get(f, 0))) for f, (mean, n) in means.items()}


def assert_only_a_group_mean_is_recovered(recovered: dict[str, tuple[float, int]]) -> None:
    for factor, (hidden_sum, hidden_people) in recovered.items():
        assert hidden_people == HIDDEN_PEOPLE >= K, factor
        assert hidden_sum / hidden_people == pytest.approx(HIDDEN_MEAN), factor
        assert not math.isclose(hidden_sum / hidden_people, LONE_SCORE)


def assert_workbook_holds_nothing_of_the_lone_person(data: bytes, framework) -> None:  # noqa: ANN001
    cells = every_cell(data)
    assert not [c for c in cells if isinstance(c, str) and LONE_COMMENT in c]
    # The Options sheet's readiness shares are quarters of the prerequisites met, not anyone's score.
    assert LONE_SCORE not in [c for c in every_cell(data, ("Options",)) if isinstance(c, float)]
    assert framework.partner_name("youth_justice") not in cells
    assert framework.partner_name("school") not in cells  # hidden with the lone person


def workbook_attack(data: bytes, framework, first: str = "Factor ID") -> None:  # noqa: ANN001
    factors = table(data, "Factor scores", first)
    means = {row["Factor ID"]: (row["Mean"], int(row["n"])) for _, row in factors.iterrows()}
    assert all(n == 10 for _mean, n in means.values())
    responses = table(data, "Responses", "Area" if first == "Area" else "Participant")
    assert set(responses["Partner type"]) == {framework.partner_name("council")}
    assert responses["Participant"].nunique() == 5
    assert set(responses["Answer"].dropna()) == {3}  # the council's answers only
    assert_only_a_group_mean_is_recovered(attack(means, responses, framework))
    assert_workbook_holds_nothing_of_the_lone_person(data, framework)


def test_the_results_workbook_gives_the_subtraction_only_a_mean_of_five(probe, app_store, framework):
    workbook_attack(results_workbook(app_store, framework, probe.id), framework)


def test_the_programme_workbook_gives_the_subtraction_only_a_mean_of_five(probe, app_store, framework):
    finalise(app_store, probe)
    workbook_attack(programme_workbook(app_store, framework), framework, first="Area")


def test_the_command_line_export_always_hides_and_has_no_switch(probe, app_store, framework, tmp_path, capsys):
    out = tmp_path / "results.xlsx"
    assert main(["--database", app_store.url, "export", "Testshire", "-o", str(out)]) == 0
    workbook_attack(out.read_bytes(), framework)
    with pytest.raises(SystemExit):
        main(["--database", app_store.url, "export", "Testshire", "-o", str(out), "--hide-small-groups"])
    assert "unrecognized arguments: --hide-small-groups" in capsys.readouterr().err


def test_the_summary_json_has_no_group_values_and_with_the_workbook_gives_a_mean_of_five(probe, app_store, framework):
    report = summary(app_store, framework, "Testshire")
    text = json.dumps(report)
    assert LONE_COMMENT not in text and LONE_SCORE not in [f["mean"] for f in report["factors"]]
    assert not {p.name for p in framework.partner_types} & set(text.split('"'))
    assert set(report) == {
        "area",
        "round",
        "respondents",
        "framework_version",
        "factors",
        "continuum",
        "options",
        "previous_round",
        "recommendation",
        "decision",
        "plan",
    }
    means = {f["id"]: (f["mean"], f["n"]) for f in report["factors"]}
    assert means["governance"] == (2.33, 10)  # 2.325 rounded to 2 places
    responses = table(results_workbook(app_store, framework, probe.id), "Responses", "Participant")
    exact = {factor: (2.325, n) for factor, (_mean, n) in means.items()}
    assert_only_a_group_mean_is_recovered(attack(exact, responses, framework))


def test_the_dashboard_by_partner_type_shows_the_council_and_a_hidden_five(probe, app_store, framework, monkeypatch):
    point_app_at(app_store, monkeypatch)
    from streamlit.testing.v1 import AppTest

    at = signed_in(AppTest.from_file(str(ROOT / "app_pages" / "area_dashboard.py"), default_timeout=60))
    at.session_state[state.AREA_ID] = probe.area_id
    at.session_state[state.ROUND_ID] = probe.id
    at.session_state[state.DASHBOARD_SECTION] = "By partner type"
    at.run()
    assert not at.exception
    partners = next(d.value for d in at.dataframe if "Partner type" in d.value.columns)
    assert partners["Partner type"].tolist() == [framework.partner_name("council"), "Hidden to protect small groups"]
    assert partners["People"].tolist() == [5, HIDDEN_PEOPLE]
    scores = partners[[f.short_name for f in framework.factors]]
    assert scores.iloc[0].tolist() == [COUNCIL_SCORE] * 8
    assert scores.iloc[1].isna().all()
    # Medians, not means, per group; and even a mean of the hidden row would be of five people.
    everything = pd.concat([d.value.astype(str) for d in at.dataframe]).to_numpy().ravel().tolist()
    assert str(LONE_SCORE) not in everything and LONE_COMMENT not in everything
    assert framework.partner_name("youth_justice") not in everything
    figure = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert "Youth justice" not in json.dumps(figure)


def test_the_live_view_draws_no_dot_of_the_hidden_and_its_lowest_is_not_theirs(probe, framework):
    at = facilitator_session(probe)
    assert not at.exception
    strip = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "person's score" in c.proto.spec.lower())
    dots = [x for trace in strip["data"] if trace.get("name") != "Median" for x in trace.get("x", [])]
    assert len(dots) == 5 * 8  # the council's five per factor; the 5 hidden get none (10 - 5 >= 3)
    assert set(dots) == {COUNCIL_SCORE}
    spread = next(d.value for d in at.dataframe if "Lowest" in d.value.columns)
    assert set(spread["Lowest"]) == {COUNCIL_SCORE}
    assert set(spread["People scored"]) == {10}
    page_text = json.dumps([d.value.astype(str).to_numpy().tolist() for d in at.dataframe])
    assert str(LONE_SCORE) not in page_text and LONE_COMMENT not in page_text


def test_where_only_one_hidden_person_answered_a_factor_the_next_group_is_withheld_on_it(
    app_store, open_round, framework
):
    # Council 5 (3s), NHS 4 (2s), public health 3 and youth justice 1: the 1 is hidden with the next
    # smallest group, public health (4 hidden). Public health says "don't know" to governance, so only
    # the youth justice person (1, 0, 0, 0: 0.25) answers it among the hidden: 1 < 3. Governance's mean
    # is (5 x 3 + 4 x 2 + 0.25) / 10 = 2.325, n = 10; without more withheld, 23.25 - 15 - 8 = 0.25 would
    # be theirs. So the NHS's governance answers are withheld too: 23.25 - 15 = 8.25 over 5 people, 1.65.
    for partner, people, governance, others in (
        ("council", 5, (3, 3, 3, 3), 3),
        ("nhs_commissioner", 4, (2, 2, 2, 2), 2),
        ("public_health", 3, (None,) * 4, 1),
        ("youth_justice", 1, (1, 0, 0, 0), 1),
    ):
        for _ in range(people):
            person, _code = app_store.responses.join(open_round.id, partner)
            batch = [
                Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=v, comment=LONE_COMMENT if v == 1 else "")
                for s, v in zip(framework.factor("governance").statements, governance, strict=True)
            ]
            batch += [
                Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=others)
                for f in framework.factors
                if f.id != "governance"
                for s in f.statements
            ]
            app_store.responses.save_answers(person.id, batch)
    data = results_workbook(app_store, framework, open_round.id)
    factors = table(data, "Factor scores", "Factor ID").set_index("Factor ID")
    assert (factors.loc["governance", "Mean"], factors.loc["governance", "n"]) == (pytest.approx(2.325), 10)
    responses = table(data, "Responses", "Participant")
    nhs_governance = responses[
        (responses["Partner type"] == framework.partner_name("nhs_commissioner"))
        & responses["Item ID"].str.startswith("governance")
    ]
    assert len(nhs_governance) == 4 * 4
    assert nhs_governance["Answer"].isna().all()
    assert set(nhs_governance["Answer meaning"]) == {"Withheld to protect a small group"}
    means = {"governance": (factors.loc["governance", "Mean"], int(factors.loc["governance", "n"]))}
    hidden_sum, hidden_people = attack(means, responses, framework)["governance"]
    assert hidden_people == 5 >= K
    assert hidden_sum / hidden_people == pytest.approx(1.65)
    assert not [c for c in every_cell(data) if isinstance(c, str) and LONE_COMMENT in c]
    note = next(c for c in every_cell(data) if isinstance(c, str) and c.startswith("Partner types with fewer"))
    assert "Not listed here: the answers of 4 people" in note and "Left blank: 16 answers" in note
