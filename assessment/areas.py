"""Area names: whether a name someone typed is one the programme already has, or close to one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

PREFIX_MIN = 3  # a typed name this long or longer that begins an existing name is taken as meaning it
SIMILARITY = 0.8  # difflib's ratio at which two names are close enough to ask "did you mean"


@dataclass(frozen=True)
class AreaMatch:
    """An existing area's name matched to what was typed; exact when they differ only in case or spaces."""

    name: str
    exact: bool


def match_area_name(typed: str, names: Iterable[str]) -> AreaMatch | None:
    """The existing name the typed one means: the same ignoring case and outer spaces (exact), else one it
    begins (at least 3 characters typed), else the most similar (difflib); None when no name is close.
    'brookmere ' -> Brookmere (exact); 'Brook' -> Brookmere; 'Zeta' -> None."""
    wanted = " ".join(typed.split()).casefold()
    if not wanted:
        return None
    by_key = {" ".join(name.split()).casefold(): name for name in names}
    if wanted in by_key:
        return AreaMatch(by_key[wanted], exact=True)
    if len(wanted) >= PREFIX_MIN:
        starts = sorted(key for key in by_key if key.startswith(wanted))
        if starts:
            return AreaMatch(by_key[starts[0]], exact=False)
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=SIMILARITY)
    return AreaMatch(by_key[close[0]], exact=False) if close else None
