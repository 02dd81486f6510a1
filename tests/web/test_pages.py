"""Server-rendered pages and the static report on the sample corpus (real models: slow)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsweave.api import create_app
from newsweave.report import write_report
from newsweave.services import Workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(sample_db: str) -> TestClient:
    return TestClient(create_app(sample_db))


def _event_of(client: TestClient, article_id: str) -> str:
    return client.get(f"/api/v1/articles/{article_id}").json()["event"]


def test_events_list(client: TestClient) -> None:
    html = client.get("/events?sort=size").text
    assert "Moscow hosts 13th" in html and "disagreement" in html
    assert client.get("/events?entity=%D8%B4%D9%88%DB%8C%DA%AF%D9%88").status_code == 200


def test_event_page_links_claims_to_sentences(client: TestClient) -> None:
    html = client.get(f"/events/{_event_of(client, 'nw-003')}").text
    assert "delegations" in html and "conflict" in html
    # every claim link points at a <mark> in a report's text, or (a claim of the headline)
    # at the report itself
    targets = set(re.findall(r'class="cite" href="#([^"]+)"', html))
    marks = set(re.findall(r'<mark id="([^"]+)"', html))
    reports = set(re.findall(r'<article class="report" id="([^"]+)"', html))
    assert targets & marks and targets <= marks | reports
    assert 'dir="rtl" lang="fa"' in html  # Persian report laid out right to left
    assert "not a translation" in html
    assert "Dates by report" in html and "Places by report" in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_event_page_asks_for_the_reports_that_nearly_joined(client: TestClient) -> None:
    event = _event_of(client, "nw-003")
    html = client.get(f"/events/{event}").text
    # filled by event.js from the API after the page renders (the browser test presses it)
    assert f'id="nearly" data-url="/api/v1/events/{event}/near-misses" hidden' in html
    assert 'data-action="attach"' in html


def test_hostile_report_renders_inert(client: TestClient) -> None:
    html = client.get(f"/events/{_event_of(client, 'nw-039')}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html.lower()


def test_entity_source_and_search_pages(client: TestClient) -> None:
    html = client.get("/entities/Шойгу").text
    assert "Sergei Shoigu" in html and "<svg" in html and "سرگئی شویگو" in html
    assert "nw-003" in client.get("/sources/src:tass").text
    html = client.get("/search", params={"q": "شویگو"}).text
    assert "<mark>شویگو</mark>" in html


def test_static_report_is_self_contained_and_escaped(sample_db: str, tmp_path: Path) -> None:
    ws = Workspace.open(sample_db, read_only=True)
    path = write_report(ws, tmp_path)
    html = path.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)" in html and "<script" not in html
    assert 'rel="stylesheet"' not in html and "<style>" in html
    assert "Moscow hosts 13th" in html and "delegations" in html
