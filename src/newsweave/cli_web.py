"""CLI commands for the workbench: ``serve``, ``report``, ``export claims|graph|events-csv|
entities-csv``. Registered onto the Typer apps of ``cli.py`` when it imports this module."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from . import export_formats
from .cli import DbOption, _open, app, console, export_app
from .errors import NewsweaveError


@app.command()
def serve(
    db: DbOption = "news.db",
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(help="Allow POST /api/v1/ingest with 'Authorization: Bearer TOKEN'."),
    ] = None,
) -> None:
    """Serve the web UI and the REST API (read-only unless --token is given)."""
    import uvicorn

    from .api import create_app

    _open(db).close()  # a missing database is a clear error before the server starts
    mode = "read-write (token required)" if token else "read-only"
    console.print(f"newsweave on http://{host}:{port}  ({mode}; API at /api/v1)")
    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level="warning")


@app.command()
def report(
    db: DbOption = "news.db",
    out: Annotated[str, typer.Option("--out", help="Folder for report.html.")] = "out",
) -> None:
    """Write a static, self-contained HTML report (OUT/report.html)."""
    from .report import write_report

    ws = _open(db)
    try:
        path = write_report(ws, out)
    finally:
        ws.close()
    console.print(f"wrote {path}")


@export_app.command("claims")
def export_claims(
    db: DbOption = "news.db",
    event: Annotated[str | None, typer.Option(help="Only this event.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv")] = "csv",
) -> None:
    """Claims as CSV: event, kind, value, qualifier, said, article, lang, sentence."""
    if fmt != "csv":
        raise NewsweaveError(f"unknown format {fmt!r}; use csv (or `export events` for JSON)")
    sys.stdout.write(export_formats.claims_csv(_open(db), event=event))


@export_app.command("events-csv")
def export_events_csv(db: DbOption = "news.db") -> None:
    """Events as CSV: id, title, start, end, languages, reports, disagreement."""
    sys.stdout.write(export_formats.events_csv(_open(db)))


@export_app.command("entities-csv")
def export_entities_csv(db: DbOption = "news.db") -> None:
    """Entities as CSV: id, name, type, mentions, spellings."""
    sys.stdout.write(export_formats.entities_csv(_open(db)))


@export_app.command("graph")
def export_graph(
    db: DbOption = "news.db",
    kind: Annotated[str, typer.Option("--kind", help="entities or citations")] = "entities",
) -> None:
    """A graph as GraphML: entities named together, or who cites whom."""
    ws = _open(db)
    if kind == "entities":
        sys.stdout.write(export_formats.entity_graphml(ws))
    elif kind == "citations":
        sys.stdout.write(export_formats.citation_graphml(ws))
    else:
        raise NewsweaveError(f"unknown graph kind {kind!r}; use entities or citations")
