"""Uploads through nginx: the app takes files of up to 10 MB (server.maxUploadSize, in MiB), and nginx's
cap (client_max_body_size 11m in deploy/nginx-site.conf.template) sits just above it, so every file the
app accepts passes the proxy and the person meets the app's own message for a larger one. A request
nginx does cut (a client other than the app's page) gets a plain sentence, not nginx's error page.
Nothing saved is touched either way."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from assessment.framework import load_framework
from assessment.storage import Store
from tests.browser.cluster.people import PASSPHRASE, TIMEOUT, Session, open_round
from tests.browser.pages import open_signed_in, settle

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

MIB = 1024 * 1024


def put(url: str, size: int) -> tuple[int, str]:
    """PUT a multipart body carrying a file of size bytes to an upload address; (status, body)."""
    boundary = "----cluster-test"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, method="PUT")
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_an_oversized_upload_gets_a_plain_message_and_loses_nothing(browser, cluster, tmp_path):
    framework = load_framework()
    store = Store(cluster.database_url)
    round_row = open_round(store, framework)
    before = (store.rounds.list_rounds(), store.audit.for_round(round_row.id).to_dict("records"))

    # In the app: a file over 10 MB is refused by the uploader with the app's limit in words.
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"x" * (10 * MIB + 5_000))
    session = Session(browser, cluster.url, "upload")
    open_signed_in(session.page, cluster.url, "excel", passphrase=PASSPHRASE)
    session.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
    uploader = session.page.get_by_test_id("stFileUploader")
    expect(uploader.get_by_text("File must be 10.0MB or smaller.")).to_be_visible(timeout=TIMEOUT)
    expect(session.page.get_by_role("button", name="Check and import")).to_be_disabled()
    settle(session.page)
    session.close()

    # At the proxy: a request carrying a file of the app's full 10 MB passes nginx (the app itself then
    # answers: here it refuses an upload for no session) ...
    status, _ = put(f"{cluster.url}/_stcore/upload_file/no-session/no-file", 10 * MIB)
    assert status != 413
    # ... and one of 11 MB is cut by nginx with a plain sentence.
    status, text = put(f"{cluster.url}/_stcore/upload_file/no-session/no-file", 11 * MIB)
    assert status == 413
    assert text.startswith("The file is larger than the 10 MB this app accepts. Nothing was uploaded")

    assert (store.rounds.list_rounds(), store.audit.for_round(round_row.id).to_dict("records")) == before
    for i in range(len(cluster.processes)):
        assert "Traceback" not in cluster.log(i)
    store.dispose()
