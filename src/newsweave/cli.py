"""The ``newsweave`` command line: a thin layer over ``services``."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from .errors import NewsweaveError
from .exports import date_said, entity_record, event_record, near_miss_record
from .link.claims import said
from .services import Workspace


class ShowByDefault(TyperGroup):
    """A group whose first argument, when it is no subcommand, is shown: `event ID` and
    `event merge A B` both work."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(help="Multilingual news event intelligence.", no_args_is_help=True)
export_app = typer.Typer(help="Export events and entities.", no_args_is_help=True)
event_app = typer.Typer(
    cls=ShowByDefault,
    no_args_is_help=True,
    help="One event (`event ID`), or correct events: merge, split, attach, rename.",
)
entity_app = typer.Typer(
    cls=ShowByDefault,
    no_args_is_help=True,
    help="One entity (`entity NAME`), or correct entities: merge, split, set.",
)
app.add_typer(export_app, name="export")
app.add_typer(event_app, name="event")
app.add_typer(entity_app, name="entity")
console = Console()
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite file, or a postgresql:// URL.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def _open(db: str, *, read_only: bool = True, create: bool = False) -> Workspace:
    if (
        not create
        and "://" not in db.removeprefix("sqlite:///")
        and not Path(db.removeprefix("sqlite:///")).exists()
    ):
        raise NewsweaveError(f"no database at {db}; create it with `newsweave run FILES --db {db}`")
    return Workspace.open(db, read_only=read_only)


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs to read.")],
    db: DbOption = "news.db",
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    as_json: JsonOption = False,
    max_file_mb: Annotated[float, typer.Option("--max-file-mb", help="Skip larger files.")] = 32,
    workers: Annotated[
        int,
        typer.Option("--workers", help="Run the per-article stages on N Dask worker processes."),
    ] = 1,
) -> None:
    """Read articles, analyze them, and group them into events."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    ws = _open(db, read_only=False, create=True)
    cluster = None
    if workers > 1:
        from .analyze.stages import DEFAULT_STAGES
        from .distributed import DistributedPipeline

        cluster = DistributedPipeline(DEFAULT_STAGES, workers=workers)
        ws.use_pipeline(cluster)
    try:
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            disable=quiet or as_json,
            transient=True,
        ) as bar:
            task = bar.add_task("ingest", total=None)
            result = ws.ingest(
                paths,
                progress=lambda n: bar.advance(task, n),
                max_file_bytes=int(max_file_mb * 1e6),
            )
        stale = ws.store.count_stale_analyses(ws.pipeline.versions)
    finally:
        ws.close()
        if cluster is not None:
            cluster.close()
    summary = {
        "read": result.read,
        "added": result.added,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "skipped": len(result.issues),
        "failures": result.failures,
        "duplicates": result.duplicates,
        "events_touched": result.events_touched,
        "stale_analyses": stale,
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
        if stale:
            err.print(
                f"[yellow]{stale} stored reports were analyzed by an older version;[/] "
                f"`newsweave reanalyze --db {db}` analyzes them again"
            )


@app.command()
def reanalyze(
    db: DbOption = "news.db",
    everything: Annotated[
        bool,
        typer.Option("--all", help="Every stored report, not only those analyzed by older stages."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Analyze stored reports again with this version's stages, and place them anew."""
    ws = _open(db, read_only=False)
    try:
        result = ws.reanalyze(everything=everything)
    finally:
        ws.close()
    summary = {
        "reanalyzed": result.updated,
        "failures": result.failures,
        "events_touched": result.events_touched,
    }
    if as_json:
        print(json.dumps(summary))
        return
    console.print(
        f"reanalyzed {result.updated}, failures {result.failures}, "
        f"events touched {result.events_touched}"
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
            event.id,
            _dates(event.start, event.end),
            ",".join(event.languages),
            str(len(event.article_ids)),
            event.title,
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
        print(
            json.dumps(
                {
                    "article": article.id,
                    "event": membership.event_id,
                    "score": membership.score,
                    "linked_to": membership.linked_to,
                    "signals": membership.signals,
                },
                ensure_ascii=False,
            )
        )
        return
    event = ws.store.event(membership.event_id)
    console.print(f"[bold]{article.id}[/] → event [bold]{event.id}[/]: {event.title}")
    if membership.linked_to:
        partner = ws.store.article(membership.linked_to)
        console.print(f"strongest link: {partner.id} ({partner.title or partner.text[:60]})")
    for name, value in membership.signals.items():
        console.print(f"  {name:>14}: {value}")


@event_app.command("show")
def event_cmd(event_id: str, db: DbOption = "news.db", as_json: JsonOption = False) -> None:
    """One event: dates, place, topics, claims and disagreements, reports, sources."""
    ws = _open(db)
    view = ws.event(event_id)
    nearly = ws.near_misses(event_id)
    if as_json:
        record = event_record(view.event, view)
        record["near_misses"] = [near_miss_record(n) for n in nearly]
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return
    e = view.event
    console.print(f"[bold]{e.title}[/]  ({e.id})")
    console.print(
        f"dates: {_dates(e.start, e.end)}   place: {view.place['name'] if view.place else 'unknown'}"
    )
    if view.date_basis:
        console.print(f"  ({view.date_basis})", markup=False)
    console.print(
        f"languages: {', '.join(e.languages)}   reports: {len(view.reports)} "
        f"({view.independent_reports} independent)   topics: {', '.join(view.topics) or '-'}"
    )
    if view.people:
        console.print("people:")
        for p in view.people[:8]:
            roles = "; ".join(p.get("roles", [])[:2])
            console.print(f"  {p['name']} ({p['reports']})" + (f": {roles}" if roles else ""))
    if view.organizations:
        console.print(
            "organizations: "
            + ", ".join(f"{o['name']} ({o['reports']})" for o in view.organizations[:8])
        )
    if view.figures:
        table = Table("figure", "value", "source", "sentence", title="claims")
        for figure in view.figures:
            for claim in figure.claims:
                style = "red" if figure.conflict else ""
                table.add_row(
                    figure.kind,
                    f"[{style}]{said(claim)}[/]" if style else said(claim),
                    claim.article_id,
                    claim.sentence[:90],
                )
        console.print(table)
    for d in view.discrepancies:
        sides = "; ".join(f"{v}: {', '.join(ids) or '(calendar)'}" for v, ids in d.sides)
        console.print(f"[red]disagreement[/] {d.kind}: {sides}")
    if view.dates:
        table = Table("report", "date", "from", "sentence", title="dates by report")
        for d in view.dates:
            table.add_row(
                d.article_id,
                date_said(d) if d.agrees else f"[yellow]{date_said(d)} (outside)[/]",
                d.basis,
                d.sentence[:90],
            )
        console.print(table)
    if view.report_places:
        table = Table("report", "place", "sentence", title="places by report (headline and lead)")
        for p in view.report_places:
            name = p["name"] if p["agrees"] else f"[yellow]{p['name']} (not the event's)[/]"
            table.add_row(p["article"], name, p["sentence"][:90])
        console.print(table)
    table = Table("report", "lang", "published", "joined because", title="reports")
    for r in view.reports:
        why = ""
        if r.membership:
            signals = {
                k: v
                for k, v in r.membership.signals.items()
                if k not in {"mean_link", "linked_articles"}
            }
            why = ", ".join(f"{k}={v}" for k, v in list(signals.items())[:5])
        table.add_row(r.article.id, r.lang, str(r.article.published or "?"), why)
    console.print(table)
    cited = [s for s in view.sources if s["cites"] or s.get("copy_of")]
    for s in cited:
        what = f"copy of {s['copy_of']}" if s.get("copy_of") else "cites " + ", ".join(s["cites"])
        console.print(f"source: {s['article']} {what}")
    if nearly:
        table = Table(
            "report",
            "lang",
            "now in",
            "mean link",
            "strongest link",
            "would add",
            title=f"nearly joined (reports join above a mean link of {ws.event_model.threshold})",
        )
        for n in nearly:
            adds = "; ".join(
                f"{c.kind} {said(c)}" + (" [red](disagrees)[/]" if c in n.conflicting else "")
                for c in n.claims
            )
            table.add_row(
                n.article.id,
                n.lang,
                n.event_id or "-",
                str(n.link.signals["mean_link"]),
                f"{n.link.linked_to} ({n.link.score})",
                adds or "-",
            )
        console.print(table)
        console.print(f"attach one with: newsweave event attach REPORT {event_id} --db {db}")


@app.command()
def entities(
    db: DbOption = "news.db",
    type: Annotated[
        str | None, typer.Option("--type", help="person, organization or place")
    ] = None,
    limit: int = 50,
    as_json: JsonOption = False,
) -> None:
    """Entities with their spellings across languages."""
    ws = _open(db)
    rows = ws.entities(type=_entity_type(type), limit=limit)
    if as_json:
        for entity in rows:
            print(json.dumps(entity_record(entity, []), ensure_ascii=False))
        return
    table = Table("entity", "type", "name", "mentions", "spellings")
    for entity in rows:
        table.add_row(
            entity.id,
            entity.type,
            entity.name,
            str(sum(a.count for a in entity.aliases)),
            ", ".join(dict.fromkeys(a.text for a in entity.aliases[:8])),
        )
    console.print(table)


@entity_app.command("show")
def entity(name: str, db: DbOption = "news.db", as_json: JsonOption = False) -> None:
    """One entity, found by any spelling: aliases by language, events, co-occurring entities."""
    ws = _open(db)
    view = ws.entity(name)
    if as_json:
        record = entity_record(view.entity, list(view.entity.article_ids))
        record["events"] = [e.id for e in view.events]
        record["cooccurring"] = [
            {"id": k, "name": n, "articles": c} for k, n, c in view.cooccurring
        ]
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return
    e = view.entity
    console.print(f"[bold]{e.name}[/] ({e.type}, {e.id})")
    by_lang: dict[str, list[str]] = {}
    for alias in e.aliases:
        by_lang.setdefault(alias.lang, []).append(f"{alias.text} ×{alias.count}")
    for lang, spellings in sorted(by_lang.items()):
        console.print(f"  {lang}: {', '.join(spellings)}")
    console.print("events:")
    for event in view.events:
        console.print(f"  {_dates(event.start, event.end):>25}  {event.id}  {event.title}")
    console.print("with: " + ", ".join(f"{n} ({c})" for _, n, c in view.cooccurring[:12]))


@export_app.command("events")
def export_events(
    db: DbOption = "news.db",
    fmt: Annotated[str, typer.Option("--format", help="jsonl or json")] = "jsonl",
) -> None:
    """Events as JSON Lines: {id, title, start, end, languages, articles, figures,
    discrepancies, place, topics, cites}."""
    ws = _open(db)
    records = [event_record(event, ws.event(event.id)) for event in ws.events()]
    _write_records(records, fmt)


@export_app.command("entities")
def export_entities(
    db: DbOption = "news.db",
    fmt: Annotated[str, typer.Option("--format", help="jsonl or json")] = "jsonl",
) -> None:
    """Entities as JSON Lines: {id, name, type, aliases: [{text, lang, count}], articles}."""
    ws = _open(db)
    records = [entity_record(e, ws.store.articles_mentioning(e.id)) for e in ws.entities()]
    _write_records(records, fmt)


def _entity_type(value: str | None) -> str | None:
    if value is None:
        return None
    types = {
        "person": "PER",
        "per": "PER",
        "organization": "ORG",
        "org": "ORG",
        "place": "LOC",
        "loc": "LOC",
    }
    if value.lower() not in types:
        raise NewsweaveError(f"unknown entity type {value!r}; use person, organization or place")
    return types[value.lower()]


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


from . import (
    cli_edit,  # noqa: E402,F401  (registers corrections: event/entity merge, split...)
    cli_watch,  # noqa: E402,F401  (registers watch, fetch)
    cli_web,  # noqa: E402,F401  (registers serve, report, export claims/graph)
)
