"""The first page of a fresh server: the framework and database open, the garbage collector left running,
and what the first import made set aside from later collections; a SQLite server never imports the
PostgreSQL dialect."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FRESH_SERVER = """
import gc, json, sys
from ui import startup
frozen_before = gc.get_freeze_count()
version = startup.load_resources()
print(json.dumps({
    "version": version,
    "gc_enabled": gc.isenabled(),
    "frozen": gc.get_freeze_count() - frozen_before,
    "postgresql_imported": "sqlalchemy.dialects.postgresql" in sys.modules,
}))
"""


def test_a_fresh_server_opens_the_framework_and_leaves_the_collector_running(tmp_path, framework):
    env = os.environ | {"ASSESSMENT_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    run = subprocess.run(
        [sys.executable, "-c", FRESH_SERVER], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["version"] == framework.version
    assert seen["gc_enabled"] is True
    assert seen["frozen"] > 10_000  # the modules, classes and framework imported on the first page
    assert seen["postgresql_imported"] is False


def test_a_second_call_returns_the_version_and_freezes_nothing_more(tmp_path, monkeypatch, framework):
    import gc

    from ui import resources, startup

    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'second.db'}")
    resources.store.clear()
    try:
        startup.load_resources()
        frozen = gc.get_freeze_count()
        assert startup.load_resources() == framework.version
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        resources.store.clear()
