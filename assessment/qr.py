"""A QR code of a link, as a PNG picture, for phones to scan off the projector."""

from __future__ import annotations

import io

import segno

MODULE_PIXELS = 10  # each square of the code, in pixels: 33 squares and the quiet zone make about 410 px
QUIET_ZONE = 4  # the blank margin, in squares, that scanners need around the code


def qr_png(link: str) -> bytes:
    """A PNG of the QR code that opens the link (black on white, medium error correction)."""
    buffer = io.BytesIO()
    segno.make_qr(link, error="m").save(buffer, kind="png", scale=MODULE_PIXELS, border=QUIET_ZONE)
    return buffer.getvalue()
