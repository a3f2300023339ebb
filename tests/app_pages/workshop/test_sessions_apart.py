"""Two browser sessions at once share nothing: not a participant, not a step, not a PIN, and no
per-user data sits in st.cache_* or module globals. Signed-in sessions (hosted mode) are kept apart the
same way: tests/app_pages/test_hosted.py::test_two_signed_in_sessions_at_once_keep_to_themselves."""

from __future__ import annotations

import ast

from assessment.models import ItemKind
from tests.app_pages.workshop.helpers import PIN, ROOT, button, page, texts
from tests.app_pages.workshop.test_workshop_facilitator import FACILITATOR, facilitator_session
from tests.app_pages.workshop.test_workshop_participant import joined_session, participant_of, radio
from ui import state

# The only modules allowed to cache: the framework and Store (resources) and programme scores keyed by
# the rounds' data (scores); neither takes a session, participant or PIN.
CACHING_MODULES = {"ui/resources.py", "ui/cache.py"}
PER_USER_WORDS = ("participant", "pin", "resume", "session", "facilitator", "user", "account", "email", "claims")


def test_two_participants_and_two_facilitators_at_once_keep_to_themselves(open_round, app_store, framework):
    first = framework.factors[0].statements[0].id
    alice, bob = joined_session(open_round, "council"), joined_session(open_round, "school")
    alice_id, bob_id = participant_of(alice), participant_of(bob)
    alice_code, bob_code = alice.query_params["resume"], bob.query_params["resume"]
    assert alice_id != bob_id and alice_code != bob_code
    radio(alice, alice_id, ItemKind.STATEMENT, first).set_value(4)
    alice.text_area(key=f"question_{alice_id}_statement_{first}_comment").input("Alice's private note")
    button(alice, "Save and next").click().run()

    admitted = facilitator_session(open_round)  # gives the PIN
    stranger = page(FACILITATOR)  # another browser on the same page, no PIN
    stranger.session_state[state.AREA_ID] = open_round.area_id
    stranger.session_state[state.ROUND_ID] = open_round.id
    stranger.run()
    admitted.run()
    bob.run()

    assert stranger.title[0].value == "Sign in"
    assert open_round.join_code not in texts(stranger)
    assert "Sign in" not in texts(admitted)
    assert admitted.session_state[state.ACCESS].area_ids == {open_round.area_id}
    assert state.ACCESS not in stranger.session_state
    for participant_session in (alice, bob):
        assert state.ACCESS not in participant_session.session_state
    assert state.PARTICIPANT_ID not in admitted.session_state
    # Bob still answers as Bob, on his own first step, without Alice's answer or comment.
    assert participant_of(bob) == bob_id
    assert radio(bob, bob_id, ItemKind.STATEMENT, first).value is None
    assert "Alice's private note" not in [t.value for t in bob.text_area]
    assert bob.query_params["resume"] == bob_code
    assert alice.query_params["step"] == "2" and bob.query_params["step"] == "1"  # each on their own page
    assert PIN not in texts(stranger) + texts(bob)


def cached_functions() -> dict[str, list[ast.FunctionDef]]:
    """The functions decorated with st.cache_data or st.cache_resource, per module of pages/, ui/ and app.py."""
    found: dict[str, list[ast.FunctionDef]] = {}
    for path in [ROOT / "app.py", *(ROOT / "app_pages").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and any("cache_" in ast.unparse(d) for d in node.decorator_list):
                found.setdefault(str(path.relative_to(ROOT)), []).append(node)
    return found


def test_only_shared_objects_are_cached_and_never_by_user(app_store):
    cached = cached_functions()
    assert set(cached) <= CACHING_MODULES
    for functions in cached.values():
        for function in functions:
            names = [a.arg.lower() for a in function.args.args]
            assert not [n for n in names if any(word in n for word in PER_USER_WORDS)], function.name


def test_shared_ui_modules_keep_no_per_user_data_in_module_globals():
    """Page scripts run afresh per session, but ui modules are imported once for every session: they may
    hold constants only (UPPER_CASE names), and never rebind a global."""
    mutable = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
    for path in (ROOT / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            assert not isinstance(node, ast.Global), f"{path}: 'global' shares state between sessions"
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, mutable):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    assert isinstance(target, ast.Name) and target.id.isupper(), f"{path}: {ast.unparse(target)}"
