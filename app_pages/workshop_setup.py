"""Set up a workshop: pick or create the area (asking "did you mean" when a new name is close to an
existing one), open a round with its priority areas and a PIN, and hand out the join code. With the
programme passphrase, areas can also be renamed, merged or removed here."""

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from assessment.areas import match_area_name
from assessment.models import DEFAULT_BOARD, RoundInput
from assessment.storage import NotFound, StoreError, new_pin
from assessment.workshop import round_priority_areas
from ui import auth, resources, state
from ui.components import access_gate, area_admin, join_card
from ui.text import plain

framework = resources.framework()
store = resources.store()
access = access_gate.require_any(store)
PIN_OPTIONAL = auth.is_hosted()  # hosted mode: the area lead's role opens the area, so a PIN is optional
access_gate.require_change(store, "Set up a workshop")  # a viewer sets up nothing

st.title("Set up a workshop")
st.write(
    "A workshop is one **round** of the self-assessment for a partnership, held on one day. "
    "Participants answer alone on their own phone or laptop; then the room looks at the results "
    "together and agrees a score for each factor."
)

opened = state.opened_round()
if opened is not None:
    try:
        opened_row = store.rounds.get_round(opened)
        st.success("The round is open. Read out the join code, or put the link on screen.")
        join_card.show(opened_row)
    except NotFound:
        state.set_opened_round(None)
    else:
        st.page_link(
            "app_pages/workshop_facilitator.py", label="Go to the live facilitator view", icon=":material/monitoring:"
        )
        if st.button("Set up another round"):
            state.set_opened_round(None)
            st.rerun()
        st.stop()

area_names = [a.name for a in access.readable(store.rounds.list_areas())]
priority_ids = [p.id for p in framework.priority_areas]


def open_the_round(spec: RoundInput) -> None:
    """Open the round, admit this session to its area, and show its join code (or say why not)."""
    state.set_pending_round(None)
    try:
        round_row = store.rounds.open_round(spec, framework.version)
    except StoreError as error:
        st.error(f"The round could not be opened: {plain(error)}")
        return
    state.grant(access.with_area(round_row.area_id))
    state.select_round(round_row.area_id, round_row.id)
    state.set_opened_round(round_row.id)
    st.rerun()


with st.form("open_round"):
    st.subheader("The partnership")
    area = st.selectbox(
        "Area or partnership",
        area_names,
        index=None,
        placeholder="Pick one, or type a new name" if access.programme else "Pick one",
        accept_new_options=access.programme,
        help="The local area whose partners take part, for example a council and its NHS partners."
        + ("" if access.programme else " To open a round for a new area, sign in with the programme passphrase."),
    )
    st.subheader("The round")
    held_on = st.date_input("Date of the workshop", value=dt.date.today(), format="DD/MM/YYYY")
    title = st.text_input("Title (optional)", placeholder="For example: Annual self-analysis workshop", max_chars=200)
    board = st.text_input(
        "Board the paper goes to (optional)",
        placeholder="e.g. Health and Wellbeing Board",
        max_chars=200,
        help=f"Named at the top of the round's Board paper. Left empty, the paper goes to {DEFAULT_BOARD}.",
    )
    executive = st.radio(
        "Does the partnership have an executive group that does the Board's executive work?",
        ["Yes", "No"],
        index=None,
        horizontal=True,
        help="For example a Children's Trust Executive: senior officers who advise the Board, manage performance "
        "and carry out agreed plans. Where there is none and governance scores low, the development plan "
        "proposes setting one up rather than keeping it.",
    )
    chosen = st.multiselect(
        "Priority areas for this round",
        priority_ids,
        format_func=framework.priority_name,
        help="The service areas where partners will place themselves on the continuum. "
        "Wirral Children's Trust's options paper (2010) recommended piloting pooled budgets in no more than "
        "three priority areas at first.",
    )
    extra = st.text_area(
        "Your own priority areas (optional, one per line)",
        placeholder="For example: Short breaks for disabled children",
        height=90,
    )
    if PIN_OPTIONAL:
        st.subheader("Facilitator PIN (optional)")
        st.caption(
            "Your account's role opens this area's rounds, so the round needs no PIN. Give one only if it is also "
            "to be opened on a server in workshop mode: anyone with it can open every round of this area."
        )
    else:
        st.subheader("Facilitator PIN")
        st.caption(
            "Anyone with this PIN can open every round of this area: its results, the answers listed by partner "
            "type (never names, and never a group of fewer than 3 people), the join code, and the room's agreed "
            "scores, which they can also change. The programme passphrase opens every area. The PIN is stored "
            "scrambled and never shown again, so write it down. Use at least 4 characters."
        )
    pin = st.text_input("PIN", type="password", max_chars=64)
    pin_again = st.text_input("PIN again", type="password", max_chars=64)
    submitted = st.form_submit_button("Open the round", type="primary")


def checked_round(area: str | None) -> tuple[RoundInput, str | None] | None:
    """The round the form asks for, with the existing area's name when the typed one is close to it
    (None when it is not); None after showing every problem with the form."""
    problems = []
    match = match_area_name(area or "", area_names)
    if match is not None and match.exact:
        area = match.name  # the same area typed in another case or with spaces around it
    if not area or not area.strip():
        problems.append("Pick an area, or type the name of a new one.")
    elif area not in area_names and not access.programme:
        problems.append("Opening a round for a new area needs the programme passphrase. Pick one of your areas.")
    round_pin = pin
    if PIN_OPTIONAL and not pin and not pin_again:
        round_pin = new_pin()  # hosted mode: a PIN no one is told (the account's role opens the round)
    elif len(pin) < 4:
        problems.append("The PIN needs at least 4 characters.")
    elif pin != pin_again:
        problems.append("The two PINs are not the same. Type the PIN twice, exactly the same.")
    try:
        areas = round_priority_areas(chosen, extra, framework)
    except ValueError as error:
        problems.append(str(error))
        areas = ()
    for problem in problems:
        st.error(plain(problem))
    if problems:
        return None
    try:
        spec = RoundInput(
            area=area,
            held_on=held_on,
            title=title,
            board=board,
            has_executive=None if executive is None else executive == "Yes",
            priority_areas=areas,
            pin=round_pin,
        )
    except ValidationError as error:
        fields = ", ".join(str(e["loc"][0]) for e in error.errors())
        st.error(f"The round could not be opened: please check {fields}.")
        return None
    return spec, (match.name if match is not None and not match.exact else None)


if submitted:
    state.set_pending_round(None)
    checked = checked_round(area)
    if checked is not None and checked[1] is not None:
        state.set_pending_round(checked)  # asked below: did they mean the existing area?
    elif checked is not None:
        open_the_round(checked[0])

pending = state.pending_round()
if pending is not None:
    spec, suggested = pending
    with st.container(border=True):
        st.subheader(f"Did you mean {plain(suggested)}?")
        st.write(
            f"There is no area called {plain(spec.area)}, but there is one called {plain(suggested)}. "
            "Use it, or create a new area with the name you typed."
        )
        use, create = st.columns(2)
        if use.button(f"Use {plain(suggested)}", type="primary", key="setup_use_suggested"):
            open_the_round(spec.model_copy(update={"area": suggested}))
        if create.button(f"Create the new area {plain(spec.area)}", key="setup_create_typed"):
            open_the_round(spec)

area_admin.show(store)
