"""Export records: the JSON shapes that later tools and checks read (a stable contract)."""

from __future__ import annotations

from typing import Any

from .link.claims import said
from .model import DateClaim, Entity, Event
from .queries import EventView, NearMiss


def event_record(event: Event, view: EventView | None = None) -> dict[str, Any]:
    """``{id, title, start, end, languages, articles}``, plus figures, discrepancies, place,
    topics and citations when the full view is given."""
    record: dict[str, Any] = {
        "id": event.id,
        "title": event.title,
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "languages": list(event.languages),
        "articles": list(event.article_ids),
    }
    if view is None:
        return record
    record["figures"] = [
        {
            "kind": f.kind,
            "claims": [
                {
                    "value": c.value,
                    "qualifier": c.qualifier,
                    "said": said(c),
                    "article": c.article_id,
                    "sentence": c.sentence,
                    "start": c.start,
                    "end": c.end,
                }
                for c in f.claims
            ],
            "conflict": f.conflict,
        }
        for f in view.figures
    ]
    record["discrepancies"] = [
        {
            "kind": d.kind,
            "sides": [{"value": v, "articles": list(ids)} for v, ids in d.sides],
            "note": d.note,
        }
        for d in view.discrepancies
    ]
    record["place"] = view.place["name"] if view.place else None
    record["date_basis"] = view.date_basis
    record["dates"] = [
        {
            "value": date_said(d),
            "basis": d.basis,
            "article": d.article_id,
            "sentence": d.sentence,
            "start": d.start,
            "end": d.end,
            "agrees": d.agrees,
        }
        for d in view.dates
    ]
    record["topics"] = list(view.topics)
    record["cites"] = [
        {
            "article": s["article"],
            "publisher": s["publisher"],
            "cites": s["cites"],
            "origin": s["origin"],
        }
        for s in view.sources
        if s["cites"] or s.get("copy_of")
    ]
    record["independent_reports"] = view.independent_reports
    record["people"] = [p["name"] for p in view.people]
    record["roles"] = {p["name"]: p["roles"] for p in view.people if p.get("roles")}
    record["places"] = [
        {k: p[k] for k in ("article", "name", "sentence", "start", "end", "agrees")}
        for p in view.report_places
    ]
    record["organizations"] = [o["name"] for o in view.organizations]
    return record


def date_said(claim: DateClaim) -> str:
    """ISO 8601 at the precision the report gives: "2025-05-27", "--05-27" (no year),
    "2025-05" (month)."""
    if claim.granularity == "monthday":
        return claim.value.strftime("--%m-%d")
    if claim.granularity == "month":
        return claim.value.strftime("%Y-%m")
    return claim.value.isoformat()


def near_miss_record(near: NearMiss) -> dict[str, Any]:
    """A report that nearly joined an event (``Workspace.near_misses``)."""
    return {
        "article": near.article.id,
        "title": near.article.title,
        "lang": near.lang,
        "event": near.event_id,
        "mean_link": near.link.signals.get("mean_link"),
        "linked_to": near.link.linked_to,
        "score": near.link.score,
        "signals": {k: v for k, v in near.link.signals.items() if k not in {"mean_link", "score"}},
        "would_add": [
            {
                "kind": c.kind,
                "value": said(c),
                "sentence": c.sentence,
                "conflict": c in near.conflicting,
            }
            for c in near.claims
        ],
    }


def entity_record(entity: Entity, articles: list[str]) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": [{"text": a.text, "lang": a.lang, "count": a.count} for a in entity.aliases],
        "articles": articles,
    }
