"""The ``newsweave`` command line: a thin layer over ``services``."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from .errors import NewsweaveError
from .exports import event_record
from .services import Workspace

app = typer.Typer(help="Multilingual news event intelligence.", no_args_is_help=True)
export_app = typer.Typer(help="Export events and entities.", no_args_is_help=True)
app.add_typer(export_app, name="export")
console = Console()
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="Database file (SQLite).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def _open(db: str, *, read_only: bool = True) -> Workspace:
    if read_only and not Path(db.removeprefix("sqlite:///")).exists():
        raise NewsweaveError(f"no database at {db}; create it with `newsweave run FILES --db {db}`")
    return Workspace.open(db, read_only=read_only)


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs to read.")],
    db: DbOption = "news.db",
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    as_json: JsonOption = False,
) -> None:
    """Read articles, analyze them, and group them into events."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    ws = _open(db, read_only=False)
    try:
        with Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
            console=err, disable=quiet or as_json, transient=True,
        ) as bar:
            task = bar.add_task("ingest", total=None)
            result = ws.ingest(paths, progress=lambda n: bar.advance(task, n))
    finally:
        ws.close()
    summary = {
        "read": result.read, "added": result.added, "updated": result.updated,
        "unchanged": result.unchanged, "skipped": len(result.issues),
        "failures": result.failures, "duplicates": result.duplicates,
        "events_touched": result.events_touched,
        "seconds": {k: round(v, 2) for k, v in result.seconds.items()},
    }
    if as_json:
        print(json.dumps(summary))
        return
    if not quiet:
        for issue in result.issues:
            err.print(f"[yellow]skipped[/] {issue.origin}: {issue.message} ({issue.code})")
        console.print(
            f"read {result.read}, added {result.added}, updated {result.updated}, "
            f"unchanged {result.unchanged}, skipped {len(result.issues)}, "
            f"duplicates {result.duplicates}, events touched {result.events_touched}"
        )


@app.command()
def events(db: DbOption = "news.db", as_json: JsonOption = False, limit: int = 100) -> None:
    """List events: dates, languages, number of reports, title."""
    ws = _open(db)
    rows = ws.events()[:limit]
    if as_json:
        for event in rows:
            print(json.dumps(event_record(event), ensure_ascii=False))
        return
    table = Table("event", "dates", "languages", "#", "title")
    for event in rows:
        table.add_row(
            event.id, _dates(event.start, event.end), ",".join(event.languages),
            str(len(event.article_ids)), event.title,
        )
    console.print(table)


@app.command()
def explain(article_id: str, db: DbOption = "news.db", as_json: JsonOption = False) -> None:
    """Why an article joined its event: the signals and their scores."""
    ws = _open(db)
    article, membership = ws.explain(article_id)
    if membership is None:
        raise NewsweaveError(f"article {article_id} is not in any event yet")
    if as_json:
        print(json.dumps({"article": article.id, "event": membership.event_id,
                          "score": membership.score, "linked_to": membership.linked_to,
                          "signals": membership.signals}, ensure_ascii=False))
        return
    event = ws.event(membership.event_id)
    console.print(f"[bold]{article.id}[/] → event [bold]{event.id}[/]: {event.title}")
    if membership.linked_to:
        partner = ws.store.article(membership.linked_to)
        console.print(f"strongest link: {partner.id} ({partner.title or partner.text[:60]})")
    for name, value in membership.signals.items():
        console.print(f"  {name:>14}: {value}")


@export_app.command("events")
def export_events(
    db: DbOption = "news.db",
    fmt: Annotated[str, typer.Option("--format", help="jsonl or json")] = "jsonl",
) -> None:
    """Events as JSON Lines: {id, title, start, end, languages, articles}."""
    ws = _open(db)
    records = [event_record(event) for event in ws.events()]
    _write_records(records, fmt)


def _write_records(records: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "jsonl":
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        raise NewsweaveError(f"unknown format {fmt!r}; use jsonl or json")


def _dates(start: Any, end: Any) -> str:
    if not start:
        return "unknown"
    return str(start) if start == end else f"{start} – {end}"


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except NewsweaveError as exc:
        err.print(f"[red]error:[/] {exc}")
        sys.exit(2)
