"""Server-rendered pages: events, one event, entities, sources, search.

Handlers gather records through the same ``Workspace`` calls as the REST API and hand them
to autoescaped templates; only ``render`` and ``svg`` build markup, from escaped pieces.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..errors import NotFoundError
from ..exports import date_said
from ..link.claims import said
from ..queries import EventView
from ..search import text_search
from .render import anchor_id, claim_span, claim_spans, marked_text
from .svg import citation_svg, cooccurrence_svg, timeline_svg

router = APIRouter(include_in_schema=False)
LANG_NAMES = {
    "en": "English", "ru": "Russian", "fa": "Persian", "ar": "Arabic", "zh": "Chinese",
    "es": "Spanish", "fr": "French", "ro": "Romanian", "tr": "Turkish", "vi": "Vietnamese",
    "de": "German", "uz": "Uzbek", "kk": "Kazakh", "hi": "Hindi", "pt": "Portuguese",
}  # fmt: skip


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    state = request.app.state.nw
    html = state.env.get_template(template).render(
        request_path=request.url.path, lang_names=LANG_NAMES, **context
    )
    return HTMLResponse(html)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/events", status_code=302)


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    since: str | None = None,
    until: str | None = None,
    lang: str | None = None,
    entity: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    sort: str = "recent",
) -> HTMLResponse:
    from ..api.routes import filtered_events

    state = request.app.state.nw
    if sort not in ("recent", "size"):
        sort = "recent"
    filters = {"since": since, "until": until, "lang": lang, "entity": entity, "topic": topic,
               "source": source}  # fmt: skip
    rows = filtered_events(state, **filters, sort=sort)
    ws = state.reader()
    disputed = {d.event_id for d in ws.discrepancies()}
    items = [
        {"event": e, "disagreement": e.id in disputed,
         "place": (ws.store.event_details(e.id).get("place") or {}).get("name")}
        for e in rows
    ]  # fmt: skip
    return _page(request, "events.html", title="Events", items=items, filters=filters, sort=sort)


def event_context(view: EventView) -> dict[str, Any]:
    """Everything the event template (and the static report) shows, precomputed."""
    e = view.event
    titles = {r.article.id: r.article.title or r.article.id for r in view.reports}
    langs = {r.article.id: r.lang for r in view.reports}
    texts = {r.article.id: r.article.text for r in view.reports}
    claims_by_article: dict[str, list[Any]] = defaultdict(list)
    figures = []
    for f in view.figures:
        values: dict[str, list[dict[str, Any]]] = {}
        for c in f.claims:
            claims_by_article[c.article_id].append(c)
            text = texts.get(c.article_id, "")
            start, _ = claim_span(text, c)
            # A claim made in the headline (past the text) links to its report.
            href = (
                anchor_id(c.article_id, start)
                if start < len(text)
                else "r" + anchor_id(c.article_id)
            )
            values.setdefault(said(c), []).append({"claim": c, "href": href})
        figures.append({"kind": f.kind, "conflict": f.conflict, "values": values})
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in view.reports:
        why = {}
        if r.membership:
            why = {k: v for k, v in r.membership.signals.items()
                   if k not in {"mean_link", "linked_articles", "score"}}  # fmt: skip
        by_lang[r.lang].append(
            {
                "report": r,
                "anchor": "r" + anchor_id(r.article.id),
                "text": marked_text(r.article.text, claim_spans(r.article.text,
                                                                claims_by_article[r.article.id])),
                "why": why,
                "cites": next((s for s in view.sources if s["article"] == r.article.id), None),
            }
        )  # fmt: skip
    ordered = sorted(by_lang.items(), key=lambda kv: (kv[0] != "en", -len(kv[1]), kv[0]))
    return {
        "view": view,
        "event": e,
        "figures": figures,
        "titles": titles,
        "langs": langs,
        "by_lang": ordered,
        "citations": citation_svg(view.sources, titles),
        "dates": [
            {"claim": d, "said": date_said(d), "href": "r" + anchor_id(d.article_id)}
            for d in view.dates
        ],
    }


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    view = request.app.state.nw.reader().event(event_id)
    ctx = event_context(view)
    return _page(
        request, "event.html", title=view.event.title, live=True, ctx=ctx, event=view.event
    )


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, type: str | None = None) -> HTMLResponse:
    if type not in (None, "PER", "ORG", "LOC"):
        type = None
    rows = request.app.state.nw.reader().entities(type=type, limit=300)
    return _page(request, "entities.html", title="Entities", entities=rows, type=type)


@router.get("/entities/{name_or_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, name_or_id: str) -> HTMLResponse:
    view = request.app.state.nw.reader().entity(name_or_id)
    by_lang: dict[str, list[Any]] = defaultdict(list)
    for alias in view.entity.aliases:
        by_lang[alias.lang].append(alias)
    return _page(
        request,
        "entity.html",
        title=view.entity.name,
        view=view,
        aliases=sorted(by_lang.items()),
        timeline=timeline_svg(view.events),
        graph=cooccurrence_svg(view.entity.name, view.cooccurring),
    )


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    ws = request.app.state.nw.reader()
    return _page(
        request, "sources.html", title="Sources", sources=ws.sources(), domains=ws.store.domains()
    )


@router.get("/sources/{source_id:path}", response_class=HTMLResponse)
def source_page(request: Request, source_id: str) -> HTMLResponse:
    ws = request.app.state.nw.reader()
    cited_by, published = [], []
    for e in ws.events():
        for link in ws.store.event_details(e.id).get("sources", []):
            if source_id in link.get("cites", []):
                cited_by.append((link["article"], e))
            if link.get("publisher") == source_id:
                published.append((link["article"], e))
    domain_ids = set(ws.store.article_ids_by_domain(source_id))
    events_of = {m.article_id: m.event_id for m in ws.store.memberships(domain_ids).values()}
    published += [(i, ws.store.event(events_of[i]) if i in events_of else None)
                  for i in sorted(domain_ids)]  # fmt: skip
    if not cited_by and not published:
        raise NotFoundError(f"no source {source_id!r}")
    articles = {a.id: a for a in ws.store.articles({i for i, _ in cited_by + published})}
    return _page(request, "source.html", title=source_id, source_id=source_id,
                 cited_by=cited_by, published=published, articles=articles)  # fmt: skip


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", mode: str = "text") -> HTMLResponse:
    state = request.app.state.nw
    mode = mode if mode in ("text", "semantic") else "text"
    hits, error = [], None
    q = q.strip()[:500]
    if q:
        store = state.reader().store
        try:
            hits = (
                text_search(store, q, limit=50)
                if mode == "text"
                else state.searcher.semantic(store, q)
            )
        except ValueError as exc:
            error = str(exc)
    return _page(request, "search.html", title="Search", q=q, mode=mode, hits=hits, error=error)
