"""Analyst corrections: merge and split events and entities, rename, undo.

Each action is recorded in the audit log (who, when, why) and applied at once; because the
log is folded into constraints on every run (``link.corrections``), later runs — incremental
or a full recompute — respect it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import ConfigError, NotFoundError
from .link.corrections import Correction
from .services import Workspace

_NOT_WORD = re.compile(r"\W+")


def merge_events(ws: Workspace, a: str, b: str, *, author: str, reason: str = "") -> int:
    """Put every report of events ``a`` and ``b`` into one event."""
    members = [*ws.store.event_members(_event(ws, a)), *ws.store.event_members(_event(ws, b))]
    cid = ws.store.put_correction(
        "event.merge", {"events": [a, b], "members": members}, author=author, reason=reason
    )
    _replace(ws, members)
    return cid


def split_event(
    ws: Workspace, event_id: str, articles: Sequence[str], *, author: str, reason: str = ""
) -> int:
    """Move reports out of an event; together they form a new one, never to rejoin the rest."""
    members = ws.store.event_members(_event(ws, event_id))
    moved = [a for a in articles if a in members]
    if len(moved) != len(articles):
        missing = sorted(set(articles) - set(members))
        raise NotFoundError(f"not in event {event_id}: {', '.join(missing)}")
    rest = [m for m in members if m not in moved]
    if not rest:
        raise ConfigError("a split must leave at least one report in the event")
    cid = ws.store.put_correction(
        "event.split",
        {"event": event_id, "moved": moved, "rest": rest},
        author=author,
        reason=reason,
    )
    _replace(ws, moved)
    return cid


def attach_article(
    ws: Workspace, article_id: str, event_id: str, *, author: str, reason: str = ""
) -> int:
    """Put a report into an event (it leaves the event it was in)."""
    ws.store.article(article_id)
    members = [m for m in ws.store.event_members(_event(ws, event_id)) if m != article_id]
    cid = ws.store.put_correction(
        "event.attach",
        {"event": event_id, "article": article_id, "members": [*members, article_id]},
        author=author,
        reason=reason,
    )
    _replace(ws, [article_id])
    return cid


def rename_event(ws: Workspace, event_id: str, title: str, *, author: str, reason: str = "") -> int:
    members = ws.store.event_members(_event(ws, event_id))
    cid = ws.store.put_correction(
        "event.rename",
        {"event": event_id, "anchor": min(members), "title": title},
        author=author,
        reason=reason,
    )
    ws.refresh_events([event_id])
    return cid


def merge_entities(ws: Workspace, into: str, other: str, *, author: str, reason: str = "") -> int:
    """``other`` becomes a spelling of ``into`` everywhere (ids or names in any script)."""
    from .queries import resolve_entity_key

    target, key = resolve_entity_key(ws.store, into), resolve_entity_key(ws.store, other)
    if target == key:
        raise ConfigError(f"{into!r} and {other!r} are already one entity ({key})")
    cid = ws.store.put_correction(
        "entity.merge", {"key": key, "into": target}, author=author, reason=reason
    )
    ws.reapply_entities([key, target])
    return cid


def split_entity(ws: Workspace, entity: str, alias: str, *, author: str, reason: str = "") -> int:
    """A spelling wrongly joined to an entity becomes an entity of its own."""
    from .queries import resolve_entity_key

    key = resolve_entity_key(ws.store, entity)
    if not any(text.casefold() == alias.casefold() for text, _, _ in ws.store.aliases(key)):
        raise NotFoundError(f"{alias!r} is not a spelling of {key}")
    slug = _NOT_WORD.sub("-", alias.casefold()).strip("-")
    new_key = f"{key}~{slug}"
    cid = ws.store.put_correction(
        "entity.split",
        {"key": key, "alias": alias, "new_key": new_key},
        author=author,
        reason=reason,
    )
    ws.reapply_entities([key])
    return cid


def set_entity(
    ws: Workspace,
    entity: str,
    *,
    name: str | None = None,
    type: str | None = None,
    author: str,
    reason: str = "",
) -> int:
    from .queries import resolve_entity_key

    if type and type not in {"PER", "ORG", "LOC", "EVT"}:
        raise ConfigError(f"unknown entity type {type!r}; use PER, ORG, LOC or EVT")
    key = resolve_entity_key(ws.store, entity)
    cid = ws.store.put_correction(
        "entity.set", {"key": key, "name": name, "type": type}, author=author, reason=reason
    )
    ws.reapply_entities([key])
    return cid


def list_corrections(ws: Workspace) -> list[Correction]:
    return ws.store.corrections()


def correction_record(c: Correction) -> dict[str, object]:
    """The JSON shape of one audit-log entry (CLI --json and the REST API)."""
    return {
        "id": c.id,
        "at": c.at,
        "author": c.author,
        "action": c.action,
        "args": dict(c.args),
        "reason": c.reason,
        "undone": c.undone,
    }


def undo(ws: Workspace, correction_id: int) -> None:
    """Take a correction back; what it touched is placed or resolved anew."""
    correction = next((c for c in ws.store.corrections() if c.id == correction_id), None)
    if correction is None:
        raise NotFoundError(f"no correction #{correction_id}")
    ws.store.undo_correction(correction_id)
    args = correction.args
    if correction.action.startswith("entity."):
        ws.reapply_entities(
            [k for k in (args.get("key"), args.get("into"), args.get("new_key")) if k]
        )
    elif correction.action == "event.rename":
        event = ws.store.memberships([args["anchor"]]).get(args["anchor"])
        ws.refresh_events([event.event_id] if event else [])
    else:
        touched = [*args.get("members", []), *args.get("moved", []), *args.get("rest", [])]
        ws.recluster(sorted(set(touched)) or None)


def _event(ws: Workspace, event_id: str) -> str:
    ws.store.event(event_id)  # raises NotFoundError with a clear message
    return event_id


def _replace(ws: Workspace, article_ids: Sequence[str]) -> None:
    ws.store.remove_memberships(article_ids)
    ws.recluster(article_ids)
