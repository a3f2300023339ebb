"""The Board paper reads the results service's numbers, in Word's styles, with typed text kept plain."""

from __future__ import annotations

import datetime as dt
import struct

import pytest
from docx.oxml.ns import qn

from assessment.models import ConsensusEntry, ItemKind, RoundInput
from assessment.paper import board_paper
from assessment.paper.findings import POSITION_LABEL
from assessment.results import EmptyRound, summary
from assessment.storage import Store
from tests.assessment.excel.conftest import answer_all
from tests.assessment.helpers import FELL_TO, falling_area
from tests.assessment.paper.conftest import needs, reopen, rows_of, table_with, texts

HEADINGS = [
    "Contents",
    "Purpose",
    "Recommendations",
    "Background",
    "Findings",
    "Options",
    "Development plan",
    "Implications",
    "Appendix: the method",
]
TYPED = "See www.example.com and **bold** <b>not bold</b> =SUM(A1)"


def small_groups_round(store: Store, framework, rationale: str = TYPED):  # noqa: ANN001, ANN201
    """An open round held on 3 February 2026: three council people at level 2, three NHS commissioners
    at level 3 and two school people at level 4, so every factor's median is 3 (the middle of 2, 2, 2,
    3, 3, 3, 4, 4 is 3); the room agreed 3 on leadership with a typed rationale."""
    row = store.rounds.open_round(
        RoundInput(pin="2468", area="Testford", held_on=dt.date(2026, 2, 3), title="Workshop"), framework.version
    )
    for partner, level, people in (("council", 2, 3), ("nhs_commissioner", 3, 3), ("school", 4, 2)):
        for _ in range(people):
            person, _code = store.responses.join(row.id, partner)
            store.responses.save_answers(person.id, answer_all(framework, level, level))
            store.responses.set_complete(person.id)
    entry = ConsensusEntry(kind=ItemKind.FACTOR, item_id="leadership", value=3, rationale=rationale)
    store.consensus.record(row.id, entry, expected_revision=None)
    return store.rounds.get_round(row.id)


def test_the_paper_has_its_sections_in_the_order_a_board_reads_them(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    paper = reopen(board_paper(sqlite_store, framework, row.id, renderer=None))
    assert [p.text for p in paper.paragraphs if p.style.name == "Heading 1"] == HEADINGS
    assert paper.paragraphs[0].style.name == "Title"
    assert "Meeting date: 3 February 2026" in texts(paper)
    assert "Status: Draft" in texts(paper)
    assert any(p.style.name == "List Number" for p in paper.paragraphs)
    assert any(p.style.name == "Caption" for p in paper.paragraphs)
    codes = [c.text.strip() for c in paper.element.body.iter(qn("w:instrText"))]
    assert any(code.startswith("TOC") for code in codes)
    footer = paper.sections[0].footer.paragraphs[0]._p
    assert [c.text.strip() for c in footer.iter(qn("w:instrText"))] == ["PAGE"]


def test_the_paper_goes_to_the_rounds_board_or_else_to_the_partnership_board(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    assert "To: The partnership board" in texts(board_paper(sqlite_store, framework, row.id, renderer=None))
    spec = RoundInput(pin="2468", area="Testford", held_on=dt.date(2026, 3, 3), board="Children's Trust Board")
    named = sqlite_store.rounds.open_round(spec, framework.version)
    person, _code = sqlite_store.responses.join(named.id, "council")
    sqlite_store.responses.save_answers(person.id, answer_all(framework, 2, 2))
    paper = board_paper(sqlite_store, framework, named.id, renderer=None)
    assert "To: Children's Trust Board" in texts(paper)


def test_every_factor_median_of_three_reads_3_00_and_a_final_status_is_said(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    paper = reopen(board_paper(sqlite_store, framework, row.id, "final", renderer=None))
    factors = rows_of(table_with(paper, "Success factor"))
    assert [r[1] for r in factors] == ["3.00"] * 8
    assert factors[0][2:5] == ["3.00", TYPED, "3.00 (agreed)"]
    assert "Status: Final" in texts(paper)


def test_typed_text_is_one_plain_run_never_a_link_or_formatting(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    paper = reopen(board_paper(sqlite_store, framework, row.id, renderer=None))
    cell = table_with(paper, "Success factor").rows[1].cells[3]
    assert len(cell.paragraphs) == 1
    runs = cell.paragraphs[0].runs
    assert [r.text for r in runs] == [TYPED]
    assert runs[0].bold is None and runs[0].italic is None
    body = paper.element.body
    assert not list(body.iter(qn("w:hyperlink")))
    assert not list(body.iter(qn("w:fldSimple")))
    assert all("example" not in c.text for c in body.iter(qn("w:instrText")))


def test_a_partner_type_of_two_people_gets_no_breakdown(sqlite_store, framework):
    # School (2) is under 3 with no other small group to join, so it is hidden with the next smallest
    # group, the council (3): 5 hidden, and only the NHS commissioners' 3 are shown.
    row = small_groups_round(sqlite_store, framework)
    paper = reopen(board_paper(sqlite_store, framework, row.id, renderer=None))
    assert rows_of(table_with(paper, "Partner type")) == [
        ["NHS commissioner (ICB; formerly PCT or CCG)", "3"],
        ["Hidden to protect small groups", "5"],
    ]
    assert "8 people answered" in " ".join(texts(paper))


def test_the_findings_and_the_asks_show_a_fall_in_position_beside_the_sentence(sqlite_store, framework):
    _first, second = falling_area(sqlite_store, framework)  # 2.00 on 11 March 2025, then 1.79
    paper = reopen(board_paper(sqlite_store, framework, second, renderer=None))
    lines = texts(paper)
    assert FELL_TO in lines
    assert "At the round of 11 March 2025 the partnership stood at 2.0; it now stands at 1.8." in lines
    asks = " ".join(p.text for p in paper.paragraphs if p.style.name == "List Number")
    assert "down 0.2 stages since the round of 11 March 2025" in asks


def test_a_round_nobody_answered_has_no_paper(sqlite_store, framework):
    row = sqlite_store.rounds.open_round(
        RoundInput(pin="2468", area="Testford", held_on=dt.date(2026, 2, 3)), framework.version
    )
    with pytest.raises(EmptyRound):
        board_paper(sqlite_store, framework, row.id, renderer=None)


def _number(value: float | None, digits: int = 2, sign: bool = False) -> str:
    return "-" if value is None else f"{value:{'+' if sign else ''}.{digits}f}"


def test_every_sample_round_reads_the_same_numbers_as_summary(sample_store, framework):
    checked = 0
    for row in sample_store.rounds.list_rounds():
        try:
            expected = summary(sample_store, framework, row.area_name, row.id)
        except EmptyRound:
            continue
        paper = reopen(board_paper(sample_store, framework, row.id, renderer=None))
        factors = rows_of(table_with(paper, "Success factor"))
        assert [r[0] for r in factors] == [f["name"] for f in expected["factors"]]
        for got, want in zip(factors, expected["factors"], strict=True):
            assert got[1] == _number(want["median"])
            assert got[4] == f"{_number(want['score'])} ({want['score_source']})"
            assert got[5] == ("Uncertain" if want["uncertain"] else "Split" if want["agreement"] == "split" else "")
            assert got[6] == _number(want["change"], sign=True)
            assert got[7] == _number(want["percentile"], 1)
        lines = texts(paper)
        continuum = expected["continuum"]
        assert continuum["sentence"] in lines
        assert f"{POSITION_LABEL}: {_number(continuum['position'])}" in lines
        for label, value in expected["recommendation"]["lines"]:
            assert (f"{label}: {value}" if label else value) in lines
        option = expected["recommendation"]["option"].removesuffix(" (readiness only)").removeprefix("A tie: ")
        asks = " ".join(p.text for p in paper.paragraphs if p.style.name == "List Number")
        assert option in asks
        checked += 1
    assert checked >= 12


@needs("chromium")
def test_charts_are_print_resolution_images_with_alternative_text(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    paper = reopen(board_paper(sqlite_store, framework, row.id))
    shapes = paper.inline_shapes
    assert len(shapes) == 2
    for shape in shapes:
        properties = shape._inline.docPr
        assert properties.get("descr").startswith(("Chart of the six continuum stages", "Radar chart"))
        assert shape.width.inches == pytest.approx(6.3)
    pngs = [p.blob for p in paper.part.package.parts if p.content_type == "image/png"]
    widths = [struct.unpack(">I", png[16:20])[0] for png in pngs]
    assert len(widths) == 2 and min(widths) >= 1900  # 1980 px over 6.3 inches: over 300 dots per inch
