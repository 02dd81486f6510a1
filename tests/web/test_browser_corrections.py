"""A correction made with the web UI's buttons, in a real headless chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from .test_browser import ARTIFACTS, CHROMIUM, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def writable_server(sample_db: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    db = str(tmp_path / "edit.db")
    shutil.copy(sample_db, db)
    with serving(db, "--token", "tok") as url:
        yield url


def _press(
    server: str, event_id: str, tick: str, action: str, *, author: str = "", shot: str = ""
) -> None:
    """Open the event page, tick one box, press one correction button, wait for the result."""
    if not CHROMIUM:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"{server}/events/{event_id}")
        page.click("#corrections summary")
        page.fill("#nw-token", "tok")
        if author:
            page.fill("#nw-author", author)
        page.check(tick)
        page.click(f"button[data-action={action}]")
        page.wait_for_function(
            "document.getElementById('nw-result').textContent.includes('recorded')"
        )
        if shot:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / shot))
        browser.close()


def _biggest_event(server: str) -> dict:
    return httpx.get(server + "/api/v1/events", params={"sort": "size"}).json()["items"][0]


def test_split_with_the_buttons(writable_server: str) -> None:
    big = _biggest_event(writable_server)
    moved = big["articles"][-1]
    _press(
        writable_server,
        big["id"],
        f".split-pick[value='{moved}']",
        "split",
        author="browser-analyst",
        shot="correction-split.png",
    )
    log = httpx.get(writable_server + "/api/v1/corrections").json()["items"]
    assert log[0]["author"] == "browser-analyst" and log[0]["args"]["moved"] == [moved]
    after = httpx.get(f"{writable_server}/api/v1/events/{big['id']}").json()
    assert moved not in after["articles"]


def test_attach_a_report_that_nearly_joined(writable_server: str) -> None:
    big = _biggest_event(writable_server)
    nearly = httpx.get(f"{writable_server}/api/v1/events/{big['id']}/near-misses").json()
    attached = nearly["items"][0]["article"]
    _press(writable_server, big["id"], f".attach-pick[value='{attached}']", "attach")
    log = httpx.get(writable_server + "/api/v1/corrections").json()["items"]
    assert log[0]["action"] == "event.attach"
    after = httpx.get(f"{writable_server}/api/v1/events/{big['id']}").json()
    assert attached in after["articles"]
