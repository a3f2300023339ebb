"""A private PostgreSQL server for tests that stop, start or restart the database: initdb into a temporary
folder, pg_ctl on a free port. The shared server on 5432 is never touched.

initdb refuses to run as root, so under root the folder is given to the `postgres` user and the
binaries run as that user (runuser)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.browser.server import free_port


def _binaries() -> Path:
    """ASSESSMENT_POSTGRES_BIN, else the newest Debian PostgreSQL's bin folder (15 on this machine)."""
    if os.environ.get("ASSESSMENT_POSTGRES_BIN"):
        return Path(os.environ["ASSESSMENT_POSTGRES_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


BIN = _binaries()
REQUIRED = os.environ.get("ASSESSMENT_REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true"


class PrivatePostgres:
    """One PostgreSQL server of its own (user postgres, trust) on 127.0.0.1 and a free port."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pg_private_"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._as_other_user = os.geteuid() == 0
        if self._as_other_user:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._options = options

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of its `postgres` database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._run("pg_ctl", "-D", str(self.data), "-o", self._options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        """Stop the server at once (fast mode: open connections are cut, as in a real restart)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        """Stop, then start: every connection open before is dead afterwards."""
        self.stop()
        self.start()

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def remove(self) -> None:
        """Stop the server if it runs and delete its folder."""
        if self.running():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(BIN / program), *args]
        if self._as_other_user:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr.strip() or result.stdout}")


def private_postgres_or_skip() -> PrivatePostgres:
    """A started private server; skips (fails when PostgreSQL is required) without the binaries."""
    missing = [name for name in ("initdb", "pg_ctl") if not (BIN / name).exists()]
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        missing.append("runuser")
    if missing:
        reason = f"PostgreSQL binaries missing ({', '.join(missing)} in {BIN}); set ASSESSMENT_POSTGRES_BIN"
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    server = PrivatePostgres()
    server.start()
    return server
