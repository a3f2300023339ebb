"""The join link's QR code: a PNG whose dark squares are exactly those of the link's code."""

import io

import segno
from PIL import Image

from assessment.qr import MODULE_PIXELS, QUIET_ZONE, qr_png

LINK = "https://workshop.example.org/?join=ABC234"


def _squares(png: bytes) -> list[list[bool]]:
    """The picture read back square by square (True for dark), sampling each square's centre."""
    image = Image.open(io.BytesIO(png)).convert("L")
    size = image.width // MODULE_PIXELS - 2 * QUIET_ZONE
    centre = MODULE_PIXELS // 2
    return [
        [
            image.getpixel(((QUIET_ZONE + x) * MODULE_PIXELS + centre, (QUIET_ZONE + y) * MODULE_PIXELS + centre)) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


def test_the_picture_is_a_png_of_the_links_own_code():
    png = qr_png(LINK)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    expected = [[bool(square) for square in row] for row in segno.make_qr(LINK, error="m").matrix]
    assert _squares(png) == expected


def test_a_different_link_gives_a_different_picture():
    assert _squares(qr_png(LINK)) != _squares(qr_png(LINK.replace("ABC234", "ABC235")))


def test_the_picture_is_big_enough_to_scan_across_a_room():
    # 'https://workshop.example.org/?join=ABC234' is 41 characters: version 3 at level M (29 squares),
    # plus 4 blank squares each side, at 10 pixels a square: (29 + 8) * 10 = 370 pixels.
    image = Image.open(io.BytesIO(qr_png(LINK)))
    assert image.size == (370, 370)
