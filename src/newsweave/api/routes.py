"""REST endpoints under /api/v1: thin adapters over ``Workspace`` and ``search``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import export_formats
from ..errors import NotFoundError
from ..exports import entity_record, event_record, near_miss_record
from ..link.claims import said
from ..search import text_search
from .app import ApiError, AppState
from .serialize import article_record, event_full, event_row, hit_record, parse_date

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0)]


def _state(request: Request) -> AppState:
    return request.app.state.nw  # type: ignore[no-any-return]


def _bad(exc: ValueError) -> ApiError:
    return ApiError(400, "bad_request", str(exc))


def filtered_events(state: AppState, **filters: Any) -> list[Any]:
    """Events matching the filters; an unknown entity name matches nothing (not an error)."""
    ws = state.reader()
    try:
        for name in ("since", "until"):
            filters[name] = parse_date(filters.get(name), name)
    except ValueError as exc:
        raise _bad(exc) from None
    clean = {k: v for k, v in filters.items() if v not in (None, "")}
    try:
        return ws.events(**clean)
    except NotFoundError:
        return []


@router.get("", response_class=HTMLResponse, include_in_schema=False)
def docs_page(request: Request) -> HTMLResponse:
    """An offline list of the endpoints (the machine-readable spec is /openapi.json)."""
    routes = [
        (
            sorted(m.upper() for m in ops),
            path,
            (next(iter(ops.values())).get("description") or "").strip().split("\n")[0],
        )
        for path, ops in request.app.openapi()["paths"].items()
    ]
    html = (
        _state(request)
        .env.get_template("api_docs.html")
        .render(routes=routes, title="API", request_path=request.url.path)
    )
    return HTMLResponse(html)


@router.get("/events")
def events(
    request: Request,
    since: str | None = None,
    until: str | None = None,
    lang: str | None = None,
    entity: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    sort: Literal["recent", "size"] = "recent",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events, newest first (or by size): {items, total, limit, offset}."""
    state = _state(request)
    rows = filtered_events(
        state,
        since=since,
        until=until,
        lang=lang,
        entity=entity,
        topic=topic,
        source=source,
        sort=sort,
    )
    ws = state.reader()
    disputed = {d.event_id for d in ws.discrepancies()}
    page = rows[offset : offset + limit]
    items = [
        event_row(
            e,
            disagreement=e.id in disputed,
            place=(ws.store.event_details(e.id).get("place") or {}).get("name"),
        )
        for e in page
    ]
    return {"items": items, "total": len(rows), "limit": limit, "offset": offset}


@router.get("/events/{event_id}")
def event(request: Request, event_id: str) -> dict[str, Any]:
    """One event: figures, discrepancies, place, topics, citations, reports with why."""
    return event_full(_state(request).reader().event(event_id))


@router.get("/events/{event_id}/near-misses")
def near_misses(request: Request, event_id: str) -> dict[str, Any]:
    """Reports outside the event whose link to it came close to the threshold: candidates
    for `POST /corrections/event-attach`."""
    ws = _state(request).reader()
    return {
        "event": event_id,
        "threshold": ws.event_model.threshold,
        "items": [near_miss_record(n) for n in ws.near_misses(event_id)],
    }


@router.get("/events/{event_id}/aligned")
def aligned(request: Request, event_id: str) -> dict[str, Any]:
    """For each non-English report, every sentence with the closest English sentence of
    the same event (embedding nearest neighbour, not a translation)."""
    state = _state(request)
    view = state.reader().event(event_id)
    found = state.searcher.align([(r.article, r.lang) for r in view.reports])
    return {
        "event": event_id,
        "note": "closest English sentence (aligned by embedding), not a translation",
        "articles": {
            article_id: [
                {
                    **asdict(a),
                    "text": next(
                        r.article for r in view.reports if r.article.id == article_id
                    ).text[a.start : a.end],
                }
                for a in items
            ]
            for article_id, items in found.items()
        },
    }


@router.get("/articles/{article_id:path}")
def article(request: Request, article_id: str) -> dict[str, Any]:
    """One report: text, language, URL, and the event it joined with the signals why."""
    ws = _state(request).reader()
    found, membership = ws.explain(article_id)
    return article_record(
        found, ws.store.article_langs([article_id]).get(article_id, "und"), membership
    )


@router.get("/entities")
def entities(
    request: Request,
    type: Literal["PER", "ORG", "LOC", "EVT"] | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """People, organizations and places with their spellings: {items, total, limit, offset}."""
    rows = _state(request).reader().entities(type=type)
    items = [entity_record(e, []) for e in rows[offset : offset + limit]]
    return {"items": items, "total": len(rows), "limit": limit, "offset": offset}


@router.get("/entities/{name_or_id:path}")
def entity(request: Request, name_or_id: str) -> dict[str, Any]:
    """One entity by any spelling: aliases, events, entities named with it."""
    view = _state(request).reader().entity(name_or_id)
    record = entity_record(view.entity, list(view.entity.article_ids))
    record["events"] = [event_record(e) for e in view.events]
    record["cooccurring"] = [{"id": k, "name": n, "articles": c} for k, n, c in view.cooccurring]
    return record


@router.get("/search")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    mode: Literal["text", "semantic"] = "text",
    limit: Annotated[int, Query(ge=1, le=200)] = 30,
) -> dict[str, Any]:
    """Full-text (substrings, any script) or cross-lingual semantic search."""
    state = _state(request)
    store = state.reader().store
    try:
        hits = (
            text_search(store, q, limit=limit)
            if mode == "text"
            else state.searcher.semantic(store, q, limit=limit)
        )
    except ValueError as exc:
        raise _bad(exc) from None
    return {"query": q, "mode": mode, "items": [hit_record(h) for h in hits]}


@router.get("/claims")
def claims(request: Request, event: str | None = None) -> dict[str, Any]:
    """Claims (who said which figure), optionally of one event."""
    ws = _state(request).reader()
    if event:
        ws.store.event(event)  # 404 for an unknown event rather than an empty list
    items = [{**asdict(c), "event": c.event_id, "said": said(c)} for c in ws.claims(event or None)]
    return {"items": items, "total": len(items)}


@router.get("/discrepancies")
def discrepancies(request: Request, event: str | None = None) -> dict[str, Any]:
    """Disagreements between sources, optionally of one event."""
    ws = _state(request).reader()
    if event:
        ws.store.event(event)
    items = [
        {
            "event": d.event_id,
            "kind": d.kind,
            "sides": [{"value": v, "articles": list(ids)} for v, ids in d.sides],
            "note": d.note,
        }
        for d in ws.discrepancies(event or None)
    ]
    return {"items": items, "total": len(items)}


@router.get("/sources")
def sources(request: Request) -> dict[str, Any]:
    """Publishers and cited sources with how often each published and was cited."""
    items = _state(request).reader().sources()
    return {"items": items, "total": len(items)}


@router.post("/ingest")
def ingest(
    request: Request,
    records: Annotated[list[dict[str, Any]], Body(embed=True, max_length=5000)],
) -> dict[str, Any]:
    """Add JSON records ({id?, url?, title?, text, lang?, published?}); needs the bearer
    token the server was started with."""
    state = _state(request)
    state.check_token(request)
    with state.writer() as ws:
        result = ws.ingest(records)
    return {
        "read": result.read,
        "added": result.added,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "skipped": [
            {"origin": i.origin, "code": i.code, "message": i.message} for i in result.issues
        ],
        "failures": result.failures,
        "events_touched": result.events_touched,
    }


@router.get("/export/claims.csv")
def export_claims(request: Request, event: str | None = None) -> Response:
    """All claims as CSV (one row per source and figure)."""
    body = export_formats.claims_csv(_state(request).reader(), event=event or None)
    return _download(body, "text/csv; charset=utf-8", "claims.csv")


@router.get("/export/events.json")
def export_events(request: Request) -> Response:
    """Every event with figures, discrepancies and citations (the export contract)."""
    import json

    ws = _state(request).reader()
    records = [event_record(e, ws.event(e.id)) for e in ws.events()]
    return _download(
        json.dumps(records, ensure_ascii=False, indent=1), "application/json", "events.json"
    )


@router.get("/export/entities.graphml")
def export_entities_graph(request: Request) -> Response:
    """Entities and co-mentions as GraphML (Gephi, yEd, networkx)."""
    body = export_formats.entity_graphml(_state(request).reader())
    return _download(body, "application/graphml+xml", "entities.graphml")


@router.get("/export/citations.graphml")
def export_citations_graph(request: Request) -> Response:
    """Reports, cited sources and copies as GraphML."""
    body = export_formats.citation_graphml(_state(request).reader())
    return _download(body, "application/graphml+xml", "citations.graphml")


def _download(body: str, media_type: str, name: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
