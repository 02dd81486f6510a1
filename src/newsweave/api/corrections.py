"""Correction endpoints under /api/v1/corrections: the same actions as the CLI, behind the
bearer token. The author is the token's holder unless the body names one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request

from .. import editing
from .app import AppState

router = APIRouter()
Author = Annotated[str, Body(max_length=200)]
Reason = Annotated[str, Body(max_length=2000)]


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.nw
    state.check_token(request)
    return state


def _done(cid: int) -> dict[str, Any]:
    return {"correction": cid}


@router.get("/corrections")
def list_corrections(request: Request) -> dict[str, Any]:
    state: AppState = request.app.state.nw
    ws = state.reader()
    items = [
        {
            "id": c.id,
            "at": c.at,
            "author": c.author,
            "action": c.action,
            "args": dict(c.args),
            "reason": c.reason,
            "undone": c.undone,
        }
        for c in ws.store.corrections()
    ]
    return {"items": items, "total": len(items), "contradictions": ws.constraints().conflicts}


@router.post("/corrections/event-merge")
def event_merge(
    request: Request,
    a: Annotated[str, Body()],
    b: Annotated[str, Body()],
    author: Author = "api",
    reason: Reason = "",
) -> dict[str, Any]:
    with _state(request).writer() as ws:
        return _done(editing.merge_events(ws, a, b, author=author, reason=reason))


@router.post("/corrections/event-split")
def event_split(
    request: Request,
    event: Annotated[str, Body()],
    articles: Annotated[list[str], Body(min_length=1, max_length=1000)],
    author: Author = "api",
    reason: Reason = "",
) -> dict[str, Any]:
    with _state(request).writer() as ws:
        return _done(editing.split_event(ws, event, articles, author=author, reason=reason))


@router.post("/corrections/event-attach")
def event_attach(
    request: Request,
    article: Annotated[str, Body()],
    event: Annotated[str, Body()],
    author: Author = "api",
    reason: Reason = "",
) -> dict[str, Any]:
    with _state(request).writer() as ws:
        return _done(editing.attach_article(ws, article, event, author=author, reason=reason))


@router.post("/corrections/event-rename")
def event_rename(
    request: Request,
    event: Annotated[str, Body()],
    title: Annotated[str, Body(min_length=1, max_length=500)],
    author: Author = "api",
    reason: Reason = "",
) -> dict[str, Any]:
    with _state(request).writer() as ws:
        return _done(editing.rename_event(ws, event, title, author=author, reason=reason))


@router.post("/corrections/entity-merge")
def entity_merge(
    request: Request,
    into: Annotated[str, Body()],
    other: Annotated[str, Body()],
    author: Author = "api",
    reason: Reason = "",
) -> dict[str, Any]:
    with _state(request).writer() as ws:
        return _done(editing.merge_entities(ws, into, other, author=author, reason=reason))


@router.post("/corrections/entity-split")
def entity_split(
    request: Request,
    entity: Annotated[str, Body()],
    alias: Annotated[str, Body()],
    author: Author = "api",
    reason: Reason = "",
) -> dict[str, Any]:
    with _state(request).writer() as ws:
        return _done(editing.split_entity(ws, entity, alias, author=author, reason=reason))


@router.post("/corrections/{correction_id}/undo")
def undo(request: Request, correction_id: int) -> dict[str, Any]:
    with _state(request).writer() as ws:
        editing.undo(ws, correction_id)
    return {"undone": correction_id}
