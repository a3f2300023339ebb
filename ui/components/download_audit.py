"""Downloads of a workbook or a paper, recorded in the audit trail with who downloaded them."""

from __future__ import annotations

from collections.abc import Callable

from assessment.storage import Store


def audited(
    make: Callable[[], bytes] | bytes,
    store: Store,
    *,
    actor: str,
    event: str,
    detail: str = "",
    round_id: int | None = None,
) -> Callable[[], bytes]:
    """The data of a download button, made when the button is clicked (st.download_button calls it then)
    and recorded in the audit trail as event, with the actor (Access.actor: the account when signed in)."""

    def data() -> bytes:
        made = make() if callable(make) else make
        store.audit.record_event(event, actor=actor, detail=detail, round_id=round_id)
        return made

    return data
