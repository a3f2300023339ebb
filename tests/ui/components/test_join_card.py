"""The join card: the large join code beside a QR code of the join link, and what to do when the link
cannot be opened by a phone."""

from streamlit.testing.v1 import AppTest


def _card(status: str = "open") -> AppTest:
    def draw(status: str) -> None:
        import datetime as dt

        from assessment.models import RoundStatus
        from assessment.storage import RoundRow
        from ui.components import join_card

        join_card.show(
            RoundRow(
                id=7,
                area_id=1,
                area_name="Brookmere",
                title="Spring",
                held_on=dt.date(2026, 3, 10),
                status=RoundStatus(status),
                framework_version="2026.1",
                join_code="ABC234",
                priority_areas=(),
                has_pin=True,
            )
        )

    return AppTest.from_function(draw, kwargs={"status": status}, default_timeout=30)


def test_the_public_address_gives_the_link_and_a_qr_code_beside_the_code(monkeypatch):
    monkeypatch.setenv("ASSESSMENT_PUBLIC_URL", "https://workshop.example.org")
    at = _card().run()
    assert "# ABC234" in [m.value for m in at.markdown]
    assert at.code[0].value == "https://workshop.example.org/?join=ABC234"
    (image,) = at.get("image")
    assert image.proto.imgs[0].alt == "QR code of the join link https://workshop.example.org/?join=ABC234"
    assert not at.warning and not at.error


def test_a_public_address_that_cannot_be_used_is_named_and_the_code_still_shows(monkeypatch):
    monkeypatch.setenv("ASSESSMENT_PUBLIC_URL", "workshop.example.org")
    at = _card().run()
    assert "# ABC234" in [m.value for m in at.markdown]
    assert "which is not a web address the app can be opened at" in at.error[0].value
    assert not at.get("image")


def test_a_closed_round_has_no_code_to_hand_out(monkeypatch):
    monkeypatch.setenv("ASSESSMENT_PUBLIC_URL", "https://workshop.example.org")
    at = _card("closed").run()
    assert "This round is closed" in at.info[0].value
    assert not at.get("image") and not at.code
