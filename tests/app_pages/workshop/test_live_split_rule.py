"""The live view flags split factors by the rule the framework file names, and says that rule in words."""

from __future__ import annotations

from tests.app_pages.workshop.test_workshop_facilitator import facilitator_session, room
from ui import cache, resources

SHARE_WORDS = "The room is split on a factor when more than 25% of the people scoring it are over one level away"
COUNT_WORDS = "The room is split on a factor when at least 4 people scoring it are over one level away"


def test_the_live_view_says_the_share_rule_beside_the_split_flag(open_round, app_store, framework):
    room(app_store, framework, open_round)
    at = facilitator_session(open_round)
    captions = " ".join(c.value for c in at.caption)
    assert SHARE_WORDS in captions and COUNT_WORDS not in captions
    # governance 0, 4, 4: median 4; 1 of 3 (33%) over a level away, more than 25%: split
    assert "The room is split on 1 of 8 factors: Effective governance" in at.warning[0].value


def test_under_the_count_rule_three_people_are_never_split(open_round, app_store, framework, monkeypatch):
    counting = framework.model_copy(update={"agreement": framework.agreement.model_copy(update={"rule": "count"})})
    monkeypatch.setattr(resources, "framework", lambda: counting)
    cache._round.clear()
    room(app_store, framework, open_round)
    at = facilitator_session(open_round)
    captions = " ".join(c.value for c in at.caption)
    assert COUNT_WORDS in captions and SHARE_WORDS not in captions
    # governance 0, 4, 4: only 1 person over a level from the median, fewer than 4: no split
    assert not at.warning
    assert "The room broadly agrees on every factor scored so far." in [s.value for s in at.success]
    cache._round.clear()
