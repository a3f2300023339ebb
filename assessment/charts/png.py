"""Plotly figures as PNG images at print resolution, drawn by kaleido in the machine's own Chromium
(no display needed). All the figures of one call share one browser, since starting it costs more than
drawing a chart."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import kaleido
import plotly.graph_objects as go

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
WIDTH_PX = 900  # the width the figures are laid out at (as on a screen)
SCALE = 2.2  # 900 px x 2.2 = 1980 px over a 6.5 inch column: about 300 dots per inch


class ChartRenderError(RuntimeError):
    """The charts could not be drawn (no Chromium, or it failed)."""


def browser_path() -> str:
    """The Chromium kaleido draws with; ChartRenderError when none is installed."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise ChartRenderError("no Chromium to draw the charts with: install the chromium package")


def png_images(figures: Sequence[go.Figure], width: int = WIDTH_PX, scale: float = SCALE) -> list[bytes]:
    """Each figure as PNG bytes, width px wide (its own height) times scale, in the order given."""
    if not figures:
        return []
    path = browser_path()

    async def draw() -> list[bytes]:
        # mathjax=False: the figures use no formulas, and this keeps the browser from fetching a script.
        async with kaleido.Kaleido(n=1, mathjax=False, path=path) as k:
            return [await k.calc_fig(fig, opts={"format": "png", "width": width, "scale": scale}) for fig in figures]

    try:
        # A thread of its own, so that a caller already inside an event loop (a server) can draw too.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, draw()).result()
    except ChartRenderError:
        raise
    except Exception as exc:  # kaleido and choreographer raise many kinds; the caller needs one
        raise ChartRenderError(f"the charts could not be drawn: {exc}") from exc
