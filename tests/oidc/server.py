"""Run the test OpenID Connect provider (provider.js, the `oidc-provider` package under Node) on a free
port, installing its packages first (`npm ci`) when a fresh clone has none."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.browser.server import free_port

HERE = Path(__file__).resolve().parent
CLIENT_ID = "joint-commissioning-assessment"
CLIENT_SECRET = "test-client-secret-not-used-anywhere-else"  # noqa: S105 (a test provider's own client)


@dataclass(frozen=True)
class Provider:
    """A running test provider."""

    issuer: str

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


def node_missing() -> str | None:
    """Why the provider cannot run here (no node or npm), or None."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    return (
        f"{' and '.join(missing)} not found: install Node.js 20 or later to run the hosted-mode tests"
        if missing
        else None
    )


def install() -> None:
    """`npm ci` in tests/oidc when its packages are not installed (the lock file pins every version)."""
    if not (HERE / "node_modules" / "oidc-provider" / "package.json").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True, timeout=600)


@contextmanager
def oidc_provider(redirect_uri: str) -> Iterator[Provider]:
    """The provider on a free port of 127.0.0.1, with the app registered as a client redirecting to
    redirect_uri; stopped on leaving."""
    install()
    port = free_port()
    env = os.environ | {
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URI": redirect_uri,
    }
    process = subprocess.Popen(
        ["node", "provider.js"], cwd=HERE, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        line = process.stdout.readline()  # "ready <issuer>", or "" when node exits
        if not line.startswith("ready "):
            raise RuntimeError(f"the test OpenID Connect provider did not start (exit status {process.wait(5)})")
        yield Provider(issuer=line.split()[1])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
