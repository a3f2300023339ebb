"""Run the real Streamlit server for browser tests and benchmarks, on a free port with its own database."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """The system Chromium (Debian's package), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    """A TCP port nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running `streamlit run app.py`."""

    process: subprocess.Popen
    port: int
    database_url: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server (SIGKILL to simulate a crash) and wait for it to go."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def start_server(
    database_url: str,
    *,
    port: int | None = None,
    script: str = "app.py",
    timeout: float = 60,
    secrets_file: Path | None = None,
) -> Server:
    """Start the app with the given database (and secrets_file as its secrets.toml: hosted mode when it
    has an [auth] section) and wait until its health check answers."""
    port = port or free_port()
    secrets = ["--secrets.files", str(secrets_file)] if secrets_file is not None else []
    env = os.environ | {"ASSESSMENT_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *secrets,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(process, port, database_url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"streamlit did not answer on port {port} within {timeout} s")


@contextmanager
def serve_sample(folder: Path) -> Iterator[Server]:
    """The app with the illustrative sample in a SQLite file of its own in folder, for tests that change
    what the sample holds (or must not see what other tests changed)."""
    from assessment.framework import load_framework
    from assessment.sample import load_sample
    from assessment.storage import Store

    url = f"sqlite:///{folder / 'sample.db'}"
    store = Store(url)
    load_sample(store, load_framework())
    store.dispose()
    server = start_server(url)
    try:
        yield server
    finally:
        server.stop()
