"""Several app processes on one PostgreSQL behind nginx, on this machine: `make cluster` and
`make cluster-stop`, and the same cluster for the tests in tests/browser/cluster/ (they import this module).

    python scripts/cluster.py start [-n 3] [--port PORT]   # prints http://127.0.0.1:PORT
    python scripts/cluster.py stop                          # ends exactly what start started
    python scripts/cluster.py nginx-conf --listen 80 --ports 8501 8502 8503   # the site file for a server

The nginx site is deploy/nginx-site.conf.template, the same file an operator installs; here it is wrapped
in a main configuration of its own under var/cluster/ (its own prefix, pid and logs), so the system's
nginx service is neither used nor touched. Every process started gets a pid file in var/cluster/, and
`stop` signals only those pids, and only while they still run the command recorded for them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SITE_TEMPLATE = DEPLOY / "nginx-site.conf.template"
DEFAULT_VAR = ROOT / "var" / "cluster"
LOCAL_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
LOCAL_DATABASE = "assessment_cluster"
STATE_FILE = "cluster.json"
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")


class ClusterError(RuntimeError):
    """The cluster could not be started (what is missing or what did not answer)."""


def free_port() -> int:
    """A TCP port nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_conf(listen: str | int, ports: list[int]) -> str:
    """The nginx site (deploy/nginx-site.conf.template) for app processes on these local ports."""
    servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports)
    pins = "\n".join(f'    "127.0.0.1:{port}" 127.0.0.1:{port};' for port in ports)
    site = SITE_TEMPLATE.read_text().replace("{{SERVERS}}", servers).replace("{{PINS}}", pins)
    return site.replace("{{LISTEN}}", str(listen))


def main_conf(prefix: Path, site: str) -> str:
    """A whole nginx configuration around the site: its own pid, logs and temporary files under prefix,
    in the foreground (the process started is nginx's master, whose pid is recorded)."""
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {name}_temp_path {prefix / 'tmp' / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 2;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'nginx-error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    access_log {prefix / 'nginx-access.log'};\n"
        f"{temp}\n"
        "    server_tokens off;\n"
        f"{site}\n"
        "}\n"
    )


def nginx_path(install: bool = True) -> str:
    """nginx's executable; installed from Debian's packages when missing (as .ci/run does) if install."""
    for name in NGINX_CANDIDATES:
        found = shutil.which(name) or (name if Path(name).is_file() else None)
        if found:
            return found
    if install and shutil.which("apt-get"):
        env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx"], check=True, env=env)
        return nginx_path(install=False)
    raise ClusterError("nginx is not installed (apt-get install nginx)")


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database the URL names when it does not exist yet."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("select 1 from pg_database where datname = :n"), {"n": url.database}).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    finally:
        admin.dispose()


def cluster_database_url() -> str:
    """ASSESSMENT_DATABASE_URL, or a database of its own on the local server (created when missing)."""
    named = os.environ.get("ASSESSMENT_DATABASE_URL")
    if named:
        if not named.startswith("postgresql"):
            raise ClusterError(f"several app processes need PostgreSQL; ASSESSMENT_DATABASE_URL names {named!r}")
        return named
    from sqlalchemy.engine import make_url

    url = make_url(LOCAL_SERVER).set(database=LOCAL_DATABASE).render_as_string(hide_password=False)
    ensure_database(url)
    return url


@dataclass
class AppProcess:
    """One `streamlit run app.py` of the cluster."""

    port: int
    pid: int
    log: str


@dataclass
class Cluster:
    """What `start` started: the proxy's port, nginx's master pid and the app processes."""

    var: Path
    port: int
    nginx_pid: int
    database_url: str
    apps: list[AppProcess] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def save(self) -> None:
        record = {
            "port": self.port,
            "nginx_pid": self.nginx_pid,
            "database_url": self.database_url,
            "apps": [vars(app) for app in self.apps],
        }
        (self.var / STATE_FILE).write_text(json.dumps(record, indent=2))

    @classmethod
    def load(cls, var: Path) -> Cluster | None:
        path = var / STATE_FILE
        if not path.exists():
            return None
        record = json.loads(path.read_text())
        apps = [AppProcess(**app) for app in record.pop("apps")]
        return cls(var=var, apps=apps, **record)


def _spawn(command: list[str], *, env: dict, log: Path, pid_file: Path) -> subprocess.Popen:
    """Start a process in a session of its own (it outlives `make cluster`) and record its pid."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    pid_file.write_text(f"{process.pid}\n")
    return process


def _wait_healthy(url: str, process: subprocess.Popen, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ClusterError(f"{what} exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise ClusterError(f"{what} did not answer {url}/_stcore/health within {timeout:.0f} s")


def app_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def app_env(cluster: Cluster) -> dict[str, str]:
    """The environment of every app process: the database, and one cookie secret for all of them
    (Streamlit signs its cookies with it), kept in the cluster's folder."""
    secret_file = cluster.var / "cookie_secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_hex(32))
        secret_file.chmod(0o600)
    return os.environ | {
        "ASSESSMENT_DATABASE_URL": cluster.database_url,
        "PYTHONUNBUFFERED": "1",
        "STREAMLIT_SERVER_COOKIE_SECRET": secret_file.read_text().strip(),
    }


def spawn_app(cluster: Cluster, port: int) -> tuple[subprocess.Popen, AppProcess]:
    """Start one app process on port (recorded in the cluster, replacing any earlier one on that port);
    it answers once its health check does (see _wait_healthy)."""
    log = cluster.var / f"app-{port}.log"
    process = _spawn(app_command(port), env=app_env(cluster), log=log, pid_file=cluster.var / f"app-{port}.pid")
    app = AppProcess(port=port, pid=process.pid, log=str(log))
    cluster.apps = [app if a.port == port else a for a in cluster.apps]
    if app not in cluster.apps:
        cluster.apps.append(app)
    cluster.save()
    return process, app


def restart_app(cluster: Cluster, i: int, timeout: float = 90) -> None:
    """Start app process i again on its port (after it was lost) and wait until it answers."""
    process, app = spawn_app(cluster, cluster.apps[i].port)
    _wait_healthy(f"http://127.0.0.1:{app.port}", process, f"the app on port {app.port}", timeout)


def start(
    n: int = 3, *, database_url: str, var: Path = DEFAULT_VAR, port: int | None = None, timeout: float = 90
) -> Cluster:
    """Start n app processes on the database, then nginx in front of them on port (a free one if None)."""
    var.mkdir(parents=True, exist_ok=True)
    if Cluster.load(var) is not None:
        raise ClusterError(f"a cluster is already recorded in {var}: stop it first (make cluster-stop)")
    nginx = nginx_path()
    cluster = Cluster(var=var, port=port or free_port(), nginx_pid=0, database_url=database_url)
    try:
        started = [spawn_app(cluster, free_port()) for _ in range(n)]
        for process, app in started:
            _wait_healthy(f"http://127.0.0.1:{app.port}", process, f"the app on port {app.port}", timeout)
        (var / "tmp").mkdir(exist_ok=True)
        conf = var / "nginx.conf"
        conf.write_text(main_conf(var, site_conf(f"127.0.0.1:{cluster.port}", [a.port for a in cluster.apps])))
        check = subprocess.run([nginx, "-t", "-q", "-p", str(var), "-c", str(conf)], capture_output=True, text=True)
        if check.returncode != 0:
            raise ClusterError(f"nginx refused {conf}: {check.stderr.strip()}")
        proxy = _spawn(
            [nginx, "-p", str(var), "-c", str(conf)],
            env=os.environ,
            log=var / "nginx.out",
            pid_file=var / "nginx.run.pid",
        )
        cluster.nginx_pid = proxy.pid
        cluster.save()
        _wait_healthy(cluster.url, proxy, "nginx", timeout)
    except BaseException:
        stop(var)
        raise
    return cluster


def _command_of(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().rstrip("\0").split("\0")
    except OSError:
        return None


def _ours(pid: int, expected: str) -> bool:
    """Whether pid still runs what was started under it (not a later process given the same number)."""
    command = _command_of(pid)
    return bool(pid) and command is not None and any(expected in part for part in command)


def _end(pid: int, expected: str, timeout: float = 15) -> None:
    if not _ours(pid, expected):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _ours(pid, expected):
        _reap(pid)
        time.sleep(0.1)
    if _ours(pid, expected):
        os.kill(pid, signal.SIGKILL)
        _reap(pid)


def _reap(pid: int) -> None:
    """Collect a child that has ended (when this process started it), so it does not linger as a zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def stop(var: Path = DEFAULT_VAR) -> bool:
    """End the nginx and app processes recorded in var (only those); False when nothing was recorded."""
    cluster = Cluster.load(var)
    if cluster is None:
        return False
    _end(cluster.nginx_pid, "nginx")
    for app in cluster.apps:
        _end(app.pid, "streamlit")
    for path in [var / STATE_FILE, var / "nginx.run.pid", *(var / f"app-{a.port}.pid" for a in cluster.apps)]:
        path.unlink(missing_ok=True)
    return True


def load_sample(database_url: str) -> None:
    """`python -m assessment demo --if-empty` on the database."""
    env = os.environ | {"ASSESSMENT_DATABASE_URL": database_url}
    subprocess.run([sys.executable, "-m", "assessment", "demo", "--if-empty"], cwd=ROOT, env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    begin = commands.add_parser("start", help="start N app processes behind nginx, with the sample loaded")
    begin.add_argument("-n", type=int, default=3, help="how many app processes (default 3)")
    begin.add_argument("--port", type=int, default=None, help="nginx's port (default: a free one)")
    commands.add_parser("stop", help="end what start started")
    render = commands.add_parser("nginx-conf", help="print the nginx site for a server")
    render.add_argument("--listen", default="80")
    render.add_argument("--ports", type=int, nargs="+", default=[8501, 8502, 8503])
    args = parser.parse_args(argv)

    if args.command == "nginx-conf":
        print(site_conf(args.listen, args.ports))
        return 0
    if args.command == "stop":
        print("Stopped the cluster." if stop() else f"No cluster is recorded in {DEFAULT_VAR}.")
        return 0
    if args.n < 1:
        parser.error("-n must be at least 1")
    try:
        url = cluster_database_url()
        load_sample(url)
        cluster = start(args.n, database_url=url, port=args.port)
    except Exception as exc:  # noqa: BLE001 - said plainly, not as a traceback
        print(f"The cluster did not start: {exc}", file=sys.stderr)
        return 1
    for app in cluster.apps:
        print(f"app process {app.pid} on port {app.port} (log {app.log})")
    print(f"nginx {cluster.nginx_pid}, logs in {cluster.var}")
    print(f"Open {cluster.url}   (stop with: make cluster-stop)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
