"""Live sources: poll RSS/Atom feeds, fetch each new item's page, hand records to ingest.

The feed gives the URL, title and date of an item; the page gives the text (trafilatura,
via ``html.extract_html``); when the page cannot be fetched or has no main text, the feed's
summary stands in. Records carry ``id=None`` so the article id comes from the URL, which is
also how an item is known to be stored already (``readers.stable_id``).

Nothing here touches the database: the caller passes ``is_known`` (which ids are stored)
and ``ingest`` (store these records), so the same loop serves the CLI and tests.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..model import IngestIssue
from .fetch import Fetcher, FetchResult, decode_page
from .readers import stable_id

log = logging.getLogger(__name__)

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5"
MAX_ATTEMPTS = 3  # an item that yields no article this many polls in a row is given up
PAGE_WORKERS = 4  # pages of different hosts fetched in parallel; one host stays rate-limited

IsKnown = Callable[[Sequence[str]], set[str]]
Ingest = Callable[[list[dict[str, Any]]], Any]


@dataclass
class PollReport:
    """What one poll did. ``issues`` are per-item failures; ``fallbacks`` are items whose
    page failed but whose feed summary was used instead (not failures: they are stored)."""

    records: list[dict[str, Any]] = field(default_factory=list)
    issues: list[IngestIssue] = field(default_factory=list)
    fallbacks: list[IngestIssue] = field(default_factory=list)
    feeds: int = 0
    feeds_not_modified: int = 0
    items: int = 0
    known: int = 0
    given_up: int = 0


def poll_feeds(
    feed_urls: Iterable[str],
    *,
    fetcher: Fetcher,
    is_known: IsKnown,
    max_attempts: int = MAX_ATTEMPTS,
) -> PollReport:
    """Fetch each feed (conditionally), then the pages of its items not stored yet."""
    from .feeds import parse_feed

    report = PollReport()
    todo: list[dict[str, Any]] = []
    for feed_url in feed_urls:
        report.feeds += 1
        try:
            result = fetcher.get(feed_url, conditional=True, accept=FEED_ACCEPT)
            if result.not_modified:
                report.feeds_not_modified += 1
                continue
            assert result.content is not None
            entries = parse_feed(result.content)
        except InputError as exc:
            log.info("feed %s: %s", feed_url, exc)
            report.issues.append(IngestIssue(feed_url, exc.code, str(exc)))
            continue
        report.items += len(entries)
        linked = [e for e in entries if isinstance(e.get("url"), str) and e["url"].strip()]
        known = is_known([_id_of(e["url"]) for e in linked])
        for entry in entries:
            url = entry.get("url")
            if isinstance(url, str) and url.strip():
                if _id_of(url) in known:
                    report.known += 1
                    continue
                if fetcher.state.attempts.get(url, 0) >= max_attempts:
                    report.given_up += 1
                    continue
            todo.append({**entry, "feed": feed_url})
    with ThreadPoolExecutor(max_workers=PAGE_WORKERS) as pool:
        outcomes = list(pool.map(lambda e: _item_record(fetcher, e), todo))
    for entry, (record, fallback, issue) in zip(todo, outcomes, strict=True):
        if record is not None:
            report.records.append(record)
        if fallback is not None:
            report.fallbacks.append(fallback)
        if issue is not None:
            report.issues.append(issue)
            _failed(fetcher, entry.get("url"))
    return report


def fetch_pages(urls: Iterable[str], *, fetcher: Fetcher) -> PollReport:
    """Records for single pages (``newsweave fetch``): one record or one issue per URL."""
    report = PollReport()
    urls = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=PAGE_WORKERS) as pool:
        outcomes = list(pool.map(lambda u: _item_record(fetcher, {"url": u}), urls))
    for record, _fallback, issue in outcomes:
        if record is not None:
            report.records.append(record)
        if issue is not None:
            report.issues.append(issue)
    return report


def page_record(result: FetchResult) -> dict[str, Any]:
    """An input record from a fetched page (``InputError`` when it has no main text)."""
    from .html import extract_html

    kind = result.content_type.split(";", 1)[0].strip().lower()
    text = decode_page(result)
    if kind == "text/plain":
        return {"text": text, "url": result.final_url}
    if kind and not any(k in kind for k in ("html", "xml")):
        raise InputError(f"unsupported content type {kind!r}", code="unsupported_type")
    return extract_html(text, url=result.final_url)


def _item_record(
    fetcher: Fetcher, entry: dict[str, Any]
) -> tuple[dict[str, Any] | None, IngestIssue | None, IngestIssue | None]:
    """(record, fallback note, issue) for one feed item or URL; never raises InputError."""
    url = entry.get("url")
    summary = entry.get("text") or ""
    origin = url or entry.get("feed") or "?"
    page: dict[str, Any] = {}
    problem: InputError | None = None
    if isinstance(url, str) and url.strip():
        try:
            page = page_record(fetcher.get(url.strip(), conditional=False, accept=PAGE_ACCEPT))
        except InputError as exc:
            problem = exc
    record = {
        "id": None,  # the id comes from the URL (readers.stable_id)
        "url": url or page.get("url"),
        "title": entry.get("title") or page.get("title"),
        "published": entry.get("published") or page.get("published"),
        "text": page.get("text") or summary,
        "lang": page.get("lang"),
    }
    if not isinstance(record["text"], str) or not record["text"].strip():
        why = problem or InputError("neither the page nor the feed gives any text", code="no_text")
        log.info("item %s: %s", origin, why)
        return None, None, IngestIssue(origin, why.code, str(why))
    fallback = None
    if problem is not None and entry.get("feed"):
        log.info("item %s: page failed (%s); using the feed summary", origin, problem)
        fallback = IngestIssue(origin, problem.code, f"{problem}; used the feed summary instead")
    elif problem is not None:
        return None, None, IngestIssue(origin, problem.code, str(problem))
    return record, fallback, None


def _id_of(url: str) -> str:
    """The article id ``make_article`` will give a record with this URL and no id."""
    return stable_id(url=url.strip(), text="")


def _failed(fetcher: Fetcher, url: Any) -> None:
    if isinstance(url, str) and url:
        fetcher.state.attempts[url] = fetcher.state.attempts.get(url, 0) + 1


def run_watch(
    feed_urls: Sequence[str],
    *,
    fetcher: Fetcher,
    is_known: IsKnown,
    ingest: Ingest,
    interval: float = 300.0,
    once: bool = False,
    stop: threading.Event | None = None,
    on_poll: Callable[[PollReport, Any], None] | None = None,
) -> int:
    """Poll, ingest, save the fetch state, sleep ``interval``; until ``stop`` or ``once``.

    Returns the number of polls. The state is saved only after the records were stored, so
    a crash between fetch and store re-fetches rather than losing items.
    """
    stop = stop or threading.Event()
    polls = 0
    while True:
        started = time.monotonic()
        report = poll_feeds(feed_urls, fetcher=fetcher, is_known=is_known)
        outcome = ingest(report.records) if report.records else None
        stored = is_known([_id_of(r["url"]) for r in report.records if r.get("url")])
        for record in report.records:
            url = record.get("url")
            if url and _id_of(url) in stored:
                fetcher.state.attempts.pop(url, None)
            else:
                _failed(fetcher, url)
        fetcher.state.save()
        polls += 1
        if on_poll:
            on_poll(report, outcome)
        if once or stop.wait(max(0.0, interval - (time.monotonic() - started))):
            return polls


__all__ = ["PollReport", "fetch_pages", "page_record", "poll_feeds", "run_watch"]
