"""The one colour palette of the app: Okabe-Ito, safe for the common kinds of colour blindness.

Colour is never the only signal: charts also use labels, marker shapes or patterns.
"""

from __future__ import annotations

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermilion
    "#F0E442",  # yellow (only on dark or with outlines)
    "#000000",  # black
)
MARKERS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")

AGREEMENT = "#009E73"
SPLIT = "#D55E00"
NEUTRAL = "#6E6E6E"
MEDIAN = "#0072B2"
CONSENSUS = "#000000"
BENCHMARK_BAND = "rgba(86, 180, 233, 0.25)"

# Six continuum stages, light to dark blue, so order reads without colour names.
STAGE_SCALE = ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
# Sequential scale for score grids (0 = light, 4 = dark).
SCORE_SCALE = ((0.0, "#f7fbff"), (0.5, "#6baed6"), (1.0, "#08306b"))

FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"


def colour(index: int) -> str:
    """The nth series colour."""
    return OKABE_ITO[index % len(OKABE_ITO)]


def marker(index: int) -> str:
    """The nth series marker shape."""
    return MARKERS[index % len(MARKERS)]
