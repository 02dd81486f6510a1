"""CLI commands for live sources: ``watch`` (poll feeds) and ``fetch`` (single pages).
Registered onto the Typer app of ``cli.py`` when it imports this module."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli import DbOption, JsonOption, _open, app, console, err
from .errors import NewsweaveError

AllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Allow hosts that resolve to private, loopback or link-local addresses.",
    ),
]
HostDelay = Annotated[
    float, typer.Option("--host-delay", help="Minimum seconds between requests to one host.")
]
MaxMb = Annotated[float, typer.Option("--max-mb", help="Largest response accepted, in MB.")]


def _fetcher(db: str, *, allow_private: bool, host_delay: float, max_mb: float) -> Any:
    from .ingest.fetch import Fetcher, FetchPolicy, FetchState

    limit = int(max_mb * 1e6)
    policy = FetchPolicy(
        allow_private=allow_private,
        min_interval=host_delay,
        max_bytes=limit,
        max_decoded_bytes=limit,
    )
    return Fetcher(policy=policy, state=FetchState.load(FetchState.path_for(db)))


def _show_issues(report: Any, result: Any) -> None:
    for note in report.fallbacks:
        err.print(f"[yellow]summary only[/] {note.origin}: {note.message}")
    for issue in [*report.issues, *(result.issues if result else [])]:
        err.print(f"[yellow]skipped[/] {issue.origin}: {issue.message} ({issue.code})")


def _summary(report: Any, result: Any) -> dict[str, Any]:
    return {
        "feeds": report.feeds,
        "feeds_not_modified": report.feeds_not_modified,
        "items": report.items,
        "already_stored": report.known,
        "fetched": len(report.records),
        "summary_only": len(report.fallbacks),
        "added": result.added if result else 0,
        "updated": result.updated if result else 0,
        "skipped": len(report.issues) + (len(result.issues) if result else 0),
        "events_touched": result.events_touched if result else 0,
        "issues": [
            {"origin": i.origin, "code": i.code, "message": i.message}
            for i in [*report.issues, *(result.issues if result else [])]
        ],
    }


def _line(summary: dict[str, Any]) -> str:
    return ", ".join(
        f"{key.replace('_', ' ')} {value}" for key, value in summary.items() if key != "issues"
    )


@app.command()
def watch(
    feeds: Annotated[Path, typer.Argument(help="A text file of feed URLs, one a line.")],
    db: DbOption = "news.db",
    interval: Annotated[float, typer.Option(help="Seconds between polls.")] = 300.0,
    once: Annotated[bool, typer.Option("--once", help="Poll once, then exit.")] = False,
    allow_private: AllowPrivate = False,
    host_delay: HostDelay = 1.0,
    max_mb: MaxMb = 10.0,
    as_json: JsonOption = False,
) -> None:
    """Poll RSS/Atom feeds; fetch and ingest each new item's page (Ctrl-C stops).

    Validators (ETag, Last-Modified) are kept in DB.fetchstate.json, next to the database.
    """
    from .ingest.fetch import read_url_list
    from .ingest.watch import run_watch

    try:
        urls = read_url_list(feeds.read_text(encoding="utf-8").splitlines())
    except OSError as exc:
        raise NewsweaveError(f"cannot read the feed list {feeds}: {exc}") from exc
    if not urls:
        raise NewsweaveError(f"no feed URLs in {feeds}")
    ws = _open(db, read_only=False, create=True)
    fetcher = _fetcher(db, allow_private=allow_private, host_delay=host_delay, max_mb=max_mb)

    def is_known(ids: Any) -> set[str]:
        return set(ws.store.known_hashes(list(ids)))

    def on_poll(report: Any, result: Any) -> None:
        summary = _summary(report, result)
        if as_json:
            print(json.dumps(summary), flush=True)
            return
        _show_issues(report, result)
        console.print(_line(summary))

    if not as_json and not once:
        console.print(f"watching {len(urls)} feeds every {interval:g} s (Ctrl-C stops)")
    try:
        run_watch(
            urls,
            fetcher=fetcher,
            is_known=is_known,
            ingest=ws.ingest,
            interval=interval,
            once=once,
            on_poll=on_poll,
        )
    except KeyboardInterrupt:
        err.print("stopped")
    finally:
        fetcher.close()
        ws.close()


@app.command()
def fetch(
    urls: Annotated[list[str], typer.Argument(help="Article page URLs.")],
    db: DbOption = "news.db",
    allow_private: AllowPrivate = False,
    host_delay: HostDelay = 1.0,
    max_mb: MaxMb = 10.0,
    as_json: JsonOption = False,
) -> None:
    """Fetch article pages, extract their text, and ingest them."""
    from .ingest.watch import fetch_pages

    ws = _open(db, read_only=False, create=True)
    fetcher = _fetcher(db, allow_private=allow_private, host_delay=host_delay, max_mb=max_mb)
    try:
        report = fetch_pages(urls, fetcher=fetcher)
        result = ws.ingest(report.records) if report.records else None
    finally:
        fetcher.close()
        ws.close()
    summary = _summary(report, result)
    for key in ("feeds", "feeds_not_modified", "items", "already_stored", "summary_only"):
        summary.pop(key)
    if as_json:
        print(json.dumps(summary))
    else:
        _show_issues(report, result)
        console.print(_line(summary))
    if not report.records:
        raise typer.Exit(1)
