"""Feed polling: new items only, page text with the feed summary as fallback, per-item
failures, conditional GET across runs, and (slow) the ``watch``/``fetch`` commands end to end
against a server on 127.0.0.1."""

from __future__ import annotations

import gzip
import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsweave.ingest.fetch import Fetcher, FetchPolicy, FetchState
from newsweave.ingest.readers import stable_id
from newsweave.ingest.watch import fetch_pages, poll_feeds, run_watch

ROOT = Path(__file__).resolve().parents[2]

PARAGRAPHS = [
    "The city council of Chisinau approved the new budget on Tuesday after a long debate.",
    "Councillors voted 32 to 15 in favour of the plan, which raises spending on schools.",
    "The mayor said the money would repair forty buildings before the winter begins.",
    "Opposition members argued that the plan ignores the needs of the suburbs entirely.",
    "The budget now goes to the ministry of finance, which must confirm it within a month.",
]


def article_html(title: str, paragraphs: Sequence[str] = PARAGRAPHS) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>© News</footer></body></html>"
    ).encode()


def rss(items: Sequence[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description>"
        "<pubDate>Tue, 03 Jun 2025 09:00:00 GMT</pubDate></item>"
        for t, link, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>'
        f"{entries}</channel></rss>"
    ).encode()


FEED = rss(
    [
        ("Budget approved", "https://news.example/a1", "Short summary one."),
        ("Second story", "https://news.example/a2", "The summary of the second story is here."),
        ("Bomb", "https://bomb.example/a3", ""),
        ("Old story", "https://news.example/known", "Already stored."),
    ]
)
BOMB = gzip.compress(b" " * (64 * 2**20), compresslevel=9)


class _Body(httpx.SyncByteStream):
    def __init__(self, data: bytes) -> None:
        self.data = data

    def __iter__(self) -> Iterator[bytes]:
        yield self.data


def _handler(seen: list[str]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.host}{request.url.path}")
        path = request.url.path
        if path == "/feed":
            if request.headers.get("if-none-match") == '"f1"':
                return httpx.Response(304)
            return httpx.Response(
                200,
                headers={"ETag": '"f1"', "Content-Type": "application/rss+xml"},
                stream=_Body(FEED),
            )
        if path == "/a1":
            return httpx.Response(
                200,
                headers={"Content-Type": "text/html; charset=utf-8"},
                stream=_Body(article_html("Budget approved")),
            )
        if path == "/a3":
            return httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=_Body(BOMB))
        return httpx.Response(404, stream=_Body(b""))

    return handler


def _fetcher(seen: list[str], state: FetchState | None = None) -> Fetcher:
    return Fetcher(
        policy=FetchPolicy(min_interval=0.0, backoff=0.0),
        transport=httpx.MockTransport(_handler(seen)),
        resolver=lambda host, port: ["93.184.216.34"],
        state=state,
    )


def _known_only(*urls: str) -> Callable[[Sequence[str]], set[str]]:
    ids = {stable_id(url=u, text="") for u in urls}
    return lambda wanted: ids & set(wanted)


def test_poll_takes_page_text_falls_back_to_summary_and_reports_failures() -> None:
    seen: list[str] = []
    report = poll_feeds(
        ["https://news.example/feed"],
        fetcher=_fetcher(seen),
        is_known=_known_only("https://news.example/known"),
    )
    by_url = {r["url"]: r for r in report.records}
    assert set(by_url) == {"https://news.example/a1", "https://news.example/a2"}
    page = by_url["https://news.example/a1"]
    assert page["id"] is None and page["title"] == "Budget approved"
    assert "32 to 15" in page["text"] and "Home | World" not in page["text"]
    assert page["published"] == "Tue, 03 Jun 2025 09:00:00 GMT"
    assert by_url["https://news.example/a2"]["text"] == "The summary of the second story is here."
    assert [(f.origin, f.code) for f in report.fallbacks] == [
        ("https://news.example/a2", "http_404")
    ]
    assert [(i.origin, i.code) for i in report.issues] == [
        ("https://bomb.example/a3", "decompression_bomb")
    ]
    assert report.known == 1 and "news.example/known" not in seen


def test_bad_feeds_are_reported_and_the_others_polled() -> None:
    seen: list[str] = []
    report = poll_feeds(
        ["https://news.example/missing", "not a url", "https://news.example/feed"],
        fetcher=_fetcher(seen),
        is_known=_known_only(),
    )
    codes = [i.code for i in report.issues]
    assert codes[:2] == ["http_404", "bad_url"]
    assert len(report.records) == 3


def test_run_watch_stores_new_items_and_polls_conditionally(tmp_path: Path) -> None:
    stored: dict[str, dict[str, Any]] = {}

    def is_known(ids: Sequence[str]) -> set[str]:
        return set(ids) & set(stored)

    def ingest(records: list[dict[str, Any]]) -> None:
        for record in records:
            stored[stable_id(url=record["url"], text="")] = record

    state_path = tmp_path / "news.db.fetchstate.json"
    seen: list[str] = []
    polls = run_watch(
        ["https://news.example/feed"],
        fetcher=_fetcher(seen, FetchState.load(state_path)),
        is_known=is_known,
        ingest=ingest,
        once=True,
    )
    assert polls == 1 and len(stored) == 3
    saved = json.loads(state_path.read_text())
    assert saved["validators"]["https://news.example/feed"]["etag"] == '"f1"'
    assert saved["attempts"] == {"https://bomb.example/a3": 1}

    seen.clear()
    reports: list[Any] = []
    run_watch(
        ["https://news.example/feed"],
        fetcher=_fetcher(seen, FetchState.load(state_path)),
        is_known=is_known,
        ingest=ingest,
        once=True,
        on_poll=lambda report, _: reports.append(report),
    )
    assert reports[0].feeds_not_modified == 1 and reports[0].records == []
    assert seen == ["news.example/robots.txt", "news.example/feed"]


def test_an_item_failing_again_and_again_is_given_up() -> None:
    seen: list[str] = []
    fetcher = _fetcher(seen)
    for _ in range(3):
        report = poll_feeds(
            ["https://news.example/feed"], fetcher=fetcher, is_known=_known_only(), max_attempts=2
        )
        fetcher.state.validators.clear()
    assert report.given_up == 1
    assert seen.count("bomb.example/a3") == 2


def test_fetch_pages_one_record_or_issue_per_url() -> None:
    report = fetch_pages(
        ["https://news.example/a1", "https://news.example/a2", "http://10.0.0.1/x"],
        fetcher=Fetcher(
            policy=FetchPolicy(min_interval=0.0),
            transport=httpx.MockTransport(_handler([])),
            resolver=lambda host, port: ["93.184.216.34"],
        ),
    )
    assert [r["url"] for r in report.records] == ["https://news.example/a1"]
    assert [i.code for i in report.issues] == ["http_404", "private_address"]


# --- end to end, with the real models ---------------------------------------------------------


class _Site(http.server.BaseHTTPRequestHandler):
    pages: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        status, headers, body = self.pages.get(self.path, (404, {}, b""))
        if headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
            status, body = 304, b""
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    other = [p.replace("Chisinau", "Iasi").replace("budget", "bridge plan") for p in PARAGRAPHS]
    _Site.pages = {
        "/robots.txt": (200, {}, b"User-agent: *\nDisallow: /private/\n"),
        "/feed.xml": (
            200,
            {"Content-Type": "application/rss+xml", "ETag": '"1"'},
            rss(
                [
                    ("Budget approved", f"{base}/a1", "Summary one."),
                    ("Bridge plan", f"{base}/a2", "Summary two."),
                    ("Secret", f"{base}/private/x", "Only the summary of the private page."),
                    ("Bomb", f"{base}/bomb", ""),
                ]
            ),
        ),
        "/a1": (200, {"Content-Type": "text/html"}, article_html("Budget approved")),
        "/a2": (200, {"Content-Type": "text/html"}, article_html("Bridge plan", other)),
        "/bomb": (200, {"Content-Encoding": "gzip"}, BOMB),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from newsweave.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)


@pytest.mark.slow
def test_watch_and_fetch_commands_end_to_end(site: str, tmp_path: Path) -> None:
    from newsweave.services import Workspace

    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# local test feed\n{site}/feed.xml\n")
    db = str(tmp_path / "news.db")
    refused = _cli("watch", str(feeds), "--db", db, "--once", "--json")
    assert refused.returncode == 0
    (issue,) = json.loads(refused.stdout)["issues"]
    assert issue["code"] == "private_address" and "loopback" in issue["message"]

    done = _cli(
        "watch", str(feeds), "--db", db, "--once", "--allow-private", "--host-delay", "0", "--json"
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["added"] == 3 and summary["summary_only"] == 1, summary
    assert [i["code"] for i in summary["issues"]] == ["decompression_bomb"]
    assert "compression bomb" in summary["issues"][0]["message"]
    ws = Workspace.open(db, read_only=True)
    texts = {a.url: a.text for a in ws.store.articles()}
    ws.close()
    assert "32 to 15" in texts[f"{site}/a1"]
    assert texts[f"{site}/private/x"] == "Only the summary of the private page."
    assert Path(db + ".fetchstate.json").exists()

    again = _cli("watch", str(feeds), "--db", db, "--once", "--allow-private", "--json")
    assert json.loads(again.stdout)["feeds_not_modified"] == 1

    fetched = _cli(
        "fetch", f"{site}/a1", f"{site}/nothing", "--db", db, "--allow-private", "--json"
    )
    assert fetched.returncode == 0, fetched.stderr
    assert json.loads(fetched.stdout)["added"] == 0  # a1 is stored already: unchanged
    assert [i["code"] for i in json.loads(fetched.stdout)["issues"]] == ["http_404"]
