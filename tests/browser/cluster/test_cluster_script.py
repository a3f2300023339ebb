"""scripts/cluster.py without a browser: the nginx site it renders, and `stop` ending only what `start`
recorded (never a process that has since taken a recorded pid)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scripts import cluster as deployment
from tests.browser.cluster.harness import nginx_missing


def test_the_site_lists_every_process_once_in_the_group_and_in_the_pins():
    site = deployment.site_conf("127.0.0.1:8080", [8501, 8502, 8503])
    assert "{{" not in site
    assert "listen 127.0.0.1:8080;" in site
    for port in (8501, 8502, 8503):
        assert site.count(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;") == 1
        assert site.count(f'"127.0.0.1:{port}" 127.0.0.1:{port};') == 1
    assert "client_max_body_size 11m;" in site  # the app's 10 MB file and its multipart envelope
    assert "proxy_read_timeout 3600s;" in site


def test_nginx_accepts_the_whole_configuration(tmp_path):
    reason = nginx_missing()
    if reason:
        pytest.skip(reason)
    (tmp_path / "tmp").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(deployment.main_conf(tmp_path, deployment.site_conf("127.0.0.1:1", [2, 3])))
    check = subprocess.run(
        [deployment.nginx_path(install=False), "-t", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def test_stop_leaves_alone_a_process_that_is_not_what_was_started(tmp_path):
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        record = deployment.Cluster(var=tmp_path, port=1, nginx_pid=stranger.pid, database_url="postgresql://x/y")
        record.apps = [deployment.AppProcess(port=2, pid=stranger.pid, log="")]
        record.save()
        assert deployment.stop(tmp_path) is True
        assert stranger.poll() is None  # its command is neither nginx nor streamlit: still running
        assert deployment.Cluster.load(tmp_path) is None
        assert deployment.stop(tmp_path) is False
    finally:
        stranger.kill()
        stranger.wait()
