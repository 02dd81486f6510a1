"""Correction commands: merge and split events and entities, rename, list and undo."""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer
from rich.table import Table

from . import editing
from .cli import DbOption, JsonOption, _open, app, console, entity_app, event_app

AuthorOption = Annotated[
    str, typer.Option("--author", help="Who makes the correction (default: login name).")
]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why, for the audit log.")]


def _author(value: str) -> str:
    return value or getpass.getuser()


def _done(ws, cid: int) -> None:  # type: ignore[no-untyped-def]
    console.print(f"correction #{cid} recorded; later runs keep it")
    ws.close()


@event_app.command("merge")
def event_merge(
    a: str, b: str, db: DbOption = "news.db", author: AuthorOption = "", reason: ReasonOption = ""
) -> None:
    """Merge two events into one."""
    ws = _open(db, read_only=False)
    _done(ws, editing.merge_events(ws, a, b, author=_author(author), reason=reason))


@event_app.command("split")
def event_split(
    event: str,
    articles: list[str],
    db: DbOption = "news.db",
    author: AuthorOption = "",
    reason: ReasonOption = "",
) -> None:
    """Move reports out of an event; they form a new event and never rejoin it."""
    ws = _open(db, read_only=False)
    _done(ws, editing.split_event(ws, event, articles, author=_author(author), reason=reason))


@event_app.command("attach")
def event_attach(
    article: str,
    event: str,
    db: DbOption = "news.db",
    author: AuthorOption = "",
    reason: ReasonOption = "",
) -> None:
    """Put a report into an event."""
    ws = _open(db, read_only=False)
    _done(ws, editing.attach_article(ws, article, event, author=_author(author), reason=reason))


@event_app.command("rename")
def event_rename(
    event: str,
    title: str,
    db: DbOption = "news.db",
    author: AuthorOption = "",
    reason: ReasonOption = "",
) -> None:
    """Give an event a title of your own."""
    ws = _open(db, read_only=False)
    _done(ws, editing.rename_event(ws, event, title, author=_author(author), reason=reason))


@entity_app.command("merge")
def entity_merge(
    a: str, b: str, db: DbOption = "news.db", author: AuthorOption = "", reason: ReasonOption = ""
) -> None:
    """Make B a spelling of A (names in any script, or ids)."""
    ws = _open(db, read_only=False)
    _done(ws, editing.merge_entities(ws, a, b, author=_author(author), reason=reason))


@entity_app.command("split")
def entity_split(
    entity: str,
    alias: str,
    db: DbOption = "news.db",
    author: AuthorOption = "",
    reason: ReasonOption = "",
) -> None:
    """Split a spelling off an entity: it becomes an entity of its own."""
    ws = _open(db, read_only=False)
    _done(ws, editing.split_entity(ws, entity, alias, author=_author(author), reason=reason))


@entity_app.command("set")
def entity_set(
    entity: str,
    name: Annotated[str | None, typer.Option("--name")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PER, ORG, LOC or EVT")] = None,
    db: DbOption = "news.db",
    author: AuthorOption = "",
    reason: ReasonOption = "",
) -> None:
    """Set an entity's display name and/or type."""
    ws = _open(db, read_only=False)
    _done(
        ws,
        editing.set_entity(ws, entity, name=name, type=type, author=_author(author), reason=reason),
    )


@app.command()
def corrections(
    db: DbOption = "news.db",
    undo: Annotated[int | None, typer.Option("--undo", help="Take back correction ID.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The audit log of corrections; --undo ID takes one back."""
    ws = _open(db, read_only=undo is None)
    if undo is not None:
        editing.undo(ws, undo)
        console.print(f"correction #{undo} undone")
    rows = editing.list_corrections(ws)
    conflicts = ws.constraints().conflicts
    if as_json:
        for c in rows:
            print(json.dumps(editing.correction_record(c), ensure_ascii=False))
        return
    table = Table("#", "at", "author", "action", "what", "reason", "state")
    for c in rows:
        what = ", ".join(f"{k}={v}" for k, v in c.args.items() if k not in {"members", "rest"})
        table.add_row(
            str(c.id),
            c.at,
            c.author,
            c.action,
            what[:70],
            c.reason,
            "undone" if c.undone else "active",
        )
    console.print(table)
    for message in conflicts:
        console.print(f"[yellow]contradiction:[/] {message}")


@app.command()
def recluster(db: DbOption = "news.db") -> None:
    """Place every report anew (after a model or stage change), keeping all corrections."""
    ws = _open(db, read_only=False)
    touched = ws.recluster()
    console.print(f"{touched} events")
    ws.close()
