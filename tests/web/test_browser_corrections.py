"""A correction made with the web UI's buttons, in a real headless chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .test_browser import ARTIFACTS, CHROMIUM, _free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def writable_server(sample_db: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    db = str(tmp_path / "edit.db")
    shutil.copy(sample_db, db)
    port = _free_port()
    cli = [sys.executable, "-c", "from newsweave.cli import main; main()"]
    proc = subprocess.Popen([*cli, "serve", "--db", db, "--port", str(port), "--token", "tok"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(url + "/api/v1/events?limit=1").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_split_with_the_buttons(writable_server: str) -> None:
    if not CHROMIUM:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    events = httpx.get(writable_server + "/api/v1/events", params={"sort": "size"}).json()["items"]
    big = events[0]
    moved = big["articles"][-1]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"{writable_server}/events/{big['id']}")
        page.click("#corrections summary")
        page.fill("#nw-token", "tok")
        page.fill("#nw-author", "browser-analyst")
        page.check(f".split-pick[value='{moved}']")
        page.click("button[data-action=split]")
        page.wait_for_function("document.getElementById('nw-result').textContent.includes('recorded')")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "correction-split.png"))
        browser.close()
    log = httpx.get(writable_server + "/api/v1/corrections").json()["items"]
    assert log[0]["author"] == "browser-analyst" and log[0]["args"]["moved"] == [moved]
    after = httpx.get(f"{writable_server}/api/v1/events/{big['id']}").json()
    assert moved not in after["articles"]
