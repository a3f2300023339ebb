"""Anonymous comparison: how areas are named where they are compared, to a session that may not name them.

An area lead or viewer sees their own areas by name and every other area as "Area A", "Area B" ...,
unless the programme has agreed named comparison (assessment.accounts). The letters are dealt over every
area of the programme in an order keyed by a secret the server keeps (ANONYMOUS_KEY_SETTING), so that
they are the same on every page, workbook and session, and neither follow the areas' names nor the order
they were added in. Anonymised rows are listed in the order of their letters, after the areas named.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd

from assessment.access import Access
from assessment.accounts import named_comparison_agreed

if TYPE_CHECKING:
    from assessment.storage import Store

ANONYMOUS_KEY_SETTING = "anonymous_area_key"
ANONYMOUS_NOTE = (
    "Areas other than yours are shown anonymously (Area A, Area B ...), since the programme has not agreed to "
    "compare areas by name."
)


def letters(index: int) -> str:
    """The letters of the index-th label: 0 -> A, 25 -> Z, 26 -> AA, 27 -> AB ..."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def anonymous_labels(area_ids: Iterable[int], key: str) -> dict[int, str]:
    """Every area's anonymous label, dealt in an order keyed by the secret: area id -> 'Area A' ..."""

    def keyed(area_id: int) -> str:
        return hmac.new(key.encode(), str(area_id).encode(), hashlib.sha256).hexdigest()

    return {area_id: f"Area {letters(n)}" for n, area_id in enumerate(sorted(set(area_ids), key=keyed))}


@dataclass(frozen=True)
class AreaNaming:
    """How each area is shown to one session where areas are compared, and in which order."""

    shown: Mapping[int, str]  # area id -> its name, or its anonymous label
    named: frozenset[int]  # the areas shown by name
    order: Mapping[int, tuple[int, int, str]]  # area id -> sort key: named areas by name, then labels in order

    @property
    def anonymised(self) -> bool:
        """True when some area is shown by a label rather than its name."""
        return len(self.named) < len(self.shown)

    def name(self, area_id: int) -> str:
        """How the area is shown."""
        return self.shown[area_id]

    def areas(self, names: Mapping[int, str]) -> dict[int, str]:
        """The areas given (id -> name), as shown and in the order shown (as given when none is anonymised)."""
        if not self.anonymised:
            return dict(names)
        return {area_id: self.shown[area_id] for area_id in sorted(names, key=self.order.__getitem__)}

    def table(self, table: pd.DataFrame, *, id_column: str = "area_id", name_column: str = "area") -> pd.DataFrame:
        """The table's rows with each area as shown, in the order shown (named areas first, by name); the
        table itself when no area is anonymised."""
        if table.empty or not self.anonymised:
            return table
        ids = table[id_column].astype(int)
        shown = table.assign(**{name_column: ids.map(self.shown).to_numpy()})
        order = sorted(range(len(shown)), key=lambda row: self.order[int(ids.iloc[row])])
        return shown.iloc[order]


def area_naming(areas: Mapping[int, str], access: Access, key: str) -> AreaNaming:
    """How every area (id -> name) is shown to the session: by name where access.sees_by_name, else by
    its anonymous label."""
    named = frozenset(area_id for area_id in areas if access.sees_by_name(area_id))
    labels = anonymous_labels(areas, key)
    shown = {area_id: areas[area_id] if area_id in named else labels[area_id] for area_id in areas}
    rank = {label: n for n, label in enumerate(sorted(labels.values(), key=lambda text: (len(text), text)))}
    order = {
        area_id: (0, 0, areas[area_id].casefold()) if area_id in named else (1, rank[labels[area_id]], "")
        for area_id in areas
    }
    return AreaNaming(shown, named, order)


def naming_for(store: Store, access: Access) -> AreaNaming:
    """How every area of the programme is shown to the session (the key is made the first time it is needed).
    A signed-in session follows the named-comparison setting as it is now, not as it was at sign-in: an
    admin turning it off hides the names from everyone at once."""
    if access.account is not None:
        access = replace(access, named_comparison=named_comparison_agreed(store))
    areas = {area.id: area.name for area in store.rounds.list_areas()}
    if all(access.sees_by_name(area_id) for area_id in areas):
        return area_naming(areas, access, "")
    key = store.access.setting(ANONYMOUS_KEY_SETTING)
    if key is None:
        key = store.access.keep_first_setting(ANONYMOUS_KEY_SETTING, secrets.token_hex(32))
    return area_naming(areas, access, key)
