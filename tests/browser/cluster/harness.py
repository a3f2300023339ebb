"""The cluster of scripts/cluster.py (nginx in front of several app processes on one PostgreSQL) for tests,
on a fresh database with a unique name, with the processes to kill and a way to route a browser to one.

Routing: nginx hashes each request on the assessment_route cookie (deploy/nginx-site.conf.template) and
says which process answered in an X-Upstream header. route_cookies asks nginx, through that header, which
process each candidate cookie value reaches, so a test can put a browser on the process it wants."""

from __future__ import annotations

import os
import signal
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from scripts import cluster as deployment

ROUTE_COOKIE = "assessment_route"


@dataclass
class RunningCluster:
    """A started cluster: the proxy's address, the app processes (port, pid), and kill(i)."""

    cluster: deployment.Cluster

    @property
    def url(self) -> str:
        return self.cluster.url

    @property
    def database_url(self) -> str:
        return self.cluster.database_url

    @property
    def processes(self) -> list[tuple[int, int]]:
        return [(app.port, app.pid) for app in self.cluster.apps]

    def kill(self, i: int) -> None:
        """SIGKILL app process i (a lost server) and wait until it has gone."""
        app = self.cluster.apps[i]
        os.kill(app.pid, signal.SIGKILL)
        os.waitpid(app.pid, 0)

    def restart(self, i: int) -> None:
        """Start app process i again on its port, as systemd's Restart=always would, and wait for it."""
        deployment.restart_app(self.cluster, i)

    def upstream(self, cookie: str | None) -> int:
        """The port of the process nginx sends a request carrying this route cookie to."""
        request = urllib.request.Request(f"{self.url}/_stcore/health")
        if cookie:
            request.add_header("Cookie", f"{ROUTE_COOKIE}={cookie}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.headers["X-Upstream"].rsplit(":", 1)[1])

    def route_cookies(self, per_process: int) -> dict[int, list[str]]:
        """per_process cookie values for each app process's port, each one routed there by nginx."""
        found: dict[int, list[str]] = {app.port: [] for app in self.cluster.apps}
        for n in range(10_000):
            value = f"test{n:05d}"
            port = self.upstream(value)
            if len(found[port]) < per_process:
                found[port].append(value)
            if all(len(values) == per_process for values in found.values()):
                return found
        raise AssertionError(f"nginx did not spread 10,000 route cookies over every process: {found}")

    def log(self, i: int) -> str:
        return Path(self.cluster.apps[i].log).read_text(errors="replace")


def nginx_missing() -> str | None:
    """Why the cluster cannot start here, or None (nginx is not installed by the tests)."""
    try:
        deployment.nginx_path(install=False)
    except deployment.ClusterError as exc:
        return str(exc)
    return None


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new database with a unique name on the server of server_url, dropped afterwards."""
    # No pool: a test may restart the server in between, and a pooled connection would be dead by the drop.
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = f"assessment_cluster_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def running_cluster(server_url: str, folder: Path, n: int = 3) -> Iterator[RunningCluster]:
    """n app processes behind nginx on a fresh database (empty: its schema made by the first process),
    everything under folder; stopped, and the database dropped, afterwards."""
    with fresh_database(server_url) as database_url:
        from assessment.storage import Store

        Store(database_url).dispose()  # the schema, before several processes race to make it
        cluster = deployment.start(n, database_url=database_url, var=folder)
        try:
            yield RunningCluster(cluster)
        finally:
            deployment.stop(folder)
