"""The cluster for these tests: nginx and three app processes on a fresh PostgreSQL database, driven by
Chromium. Without nginx or PostgreSQL the tests skip, unless ASSESSMENT_REQUIRE_POSTGRES=1 or CI=true
(then they fail), as the other PostgreSQL tests do."""

from __future__ import annotations

import pytest

from tests.browser.cluster.harness import nginx_missing, running_cluster
from tests.conftest import POSTGRES_REQUIRED, POSTGRES_URL, _postgres_available


def require_cluster() -> None:
    """Skip (or, where PostgreSQL is required, fail) when nginx or PostgreSQL is missing."""
    reason = _postgres_available() or nginx_missing()
    if reason:
        if POSTGRES_REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Three app processes behind nginx on a fresh database (dropped afterwards)."""
    require_cluster()
    with running_cluster(POSTGRES_URL, tmp_path_factory.mktemp("cluster")) as running:
        yield running
