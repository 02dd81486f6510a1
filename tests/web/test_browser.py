"""The UI end to end in a real headless chromium: events → the Moscow meeting → its
delegations conflict → a Russian search that finds the Persian report.

Needs Debian's ``chromium`` and the ``playwright`` Python package (never ``playwright
install``: the system browser is used). Skips cleanly when either is missing. Screenshots
go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = (
    os.environ.get("NEWSWEAVE_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: str, *extra: str) -> Iterator[str]:
    """``newsweave serve`` on a free loopback port, for as long as the block runs."""
    port = _free_port()
    cli = [sys.executable, "-c", "from newsweave.cli import main; main()"]
    proc = subprocess.Popen(
        [*cli, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(url + "/api/v1/events?limit=1").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("newsweave serve did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(sample_db: str):  # type: ignore[no-untyped-def]
    with serving(sample_db) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str):  # type: ignore[no-untyped-def]
    if not CHROMIUM:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        yield page
        browser.close()


def test_events_event_and_search(server: str, page) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: errors.append("dialog: " + d.message))  # alert() must never run

    page.goto(server + "/events?sort=size")
    page.screenshot(path=str(ARTIFACTS / "events.png"), full_page=True)
    page.get_by_role(
        "link", name="Moscow hosts 13th international meeting on security issues"
    ).click()
    page.wait_for_url("**/events/ev-*")
    page.wait_for_selector("table.claims")

    conflict = page.locator("table.claims tr.conflict", has_text="126")
    assert conflict.count() >= 1
    delegations = page.locator("table.claims tbody").inner_text()
    assert "delegations" in delegations and "126" in delegations and ">129" in delegations
    assert "nw-001" in delegations and "nw-003" in delegations  # both sides are sourced
    page.screenshot(path=str(ARTIFACTS / "event.png"), full_page=False)

    # A value links to its sentence, highlighted in the report text.
    page.locator("table.claims a.cite", has_text="nw-003").first.click()
    target = page.locator("mark:target")
    assert "129" in target.inner_text()
    page.screenshot(path=str(ARTIFACTS / "event-claim-target.png"))

    # The closest English sentences fill in lazily (embedding), clearly not translations.
    box = page.locator('details.aligned[data-align-for="nw-004"]')
    box.locator("summary").click()
    page.wait_for_function(
        "document.querySelector('details.aligned[data-align-for=\"nw-004\"] td.en') !== null",
        timeout=120_000,
    )
    assert "not a translation" in box.inner_text()
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "event-aligned.png"))

    # The hostile report stays text.
    page.goto(server + "/events")
    page.get_by_role(
        "link", name="Beware of fake registration pages for 'security summits'"
    ).click()
    assert "<script>alert(1)</script>" in page.locator("article.report .text").first.inner_text()

    page.goto(server + "/search")
    page.fill(
        "form.search input[name=q]",
        "международная встреча высоких представителей по безопасности в Москве",
    )
    page.check("form.search input[value=semantic]")
    page.click("form.search button")
    page.wait_for_selector("ol.hits")
    persian = page.locator('li.hit[data-lang="fa"]', has_text="مسکو")
    assert persian.count() >= 1
    assert page.locator('li.hit[data-article="nw-004"]').count() == 1
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    assert not errors, errors


def test_reports_that_nearly_joined_show_what_they_would_add(server: str, page) -> None:  # type: ignore[no-untyped-def]
    import httpx

    events = httpx.get(server + "/api/v1/events").json()["items"]
    talk = next(e for e in events if "nw-016" in e["articles"])  # the sideline talk
    page.goto(f"{server}/events/{talk['id']}")
    page.wait_for_selector("#nearly:not([hidden])")
    row = page.locator("table.nearly tbody tr", has_text="nw-004")
    assert "delegations 126" in row.inner_text()
    # the figure's sentence, as the report writes it, is its tooltip
    title = row.locator("span", has_text="delegations").first.get_attribute("title") or ""
    assert "۱۲۶" in title
