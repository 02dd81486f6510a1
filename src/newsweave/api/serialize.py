"""JSON shapes of the REST API (beyond the export contract in ``newsweave.exports``)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from ..exports import event_record
from ..model import Article, Event, Membership
from ..queries import EventView
from ..search import SearchHit


def parse_date(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD query parameter; ValueError (a 400) names the parameter."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} must be a date like 2025-05-28, not {value!r}") from None


def event_row(event: Event, *, disagreement: bool, place: str | None) -> dict[str, Any]:
    record = event_record(event)
    record["reports"] = len(event.article_ids)
    record["disagreement"] = disagreement
    record["place"] = place
    return record


def membership_record(m: Membership | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "event": m.event_id,
        "score": m.score,
        "linked_to": m.linked_to,
        "signals": m.signals,
    }


def event_full(view: EventView) -> dict[str, Any]:
    record = event_record(view.event, view)
    record["reports"] = [
        {
            "id": r.article.id,
            "lang": r.lang,
            "title": r.article.title,
            "url": r.article.url,
            "published": r.article.published.isoformat() if r.article.published else None,
            "why": membership_record(r.membership),
        }
        for r in view.reports
    ]
    return record


def article_record(article: Article, lang: str, membership: Membership | None) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "domain": article.domain,
        "lang": lang,
        "published": article.published.isoformat() if article.published else None,
        "event": membership.event_id if membership else None,
        "why": membership_record(membership),
    }


def hit_record(hit: SearchHit) -> dict[str, Any]:
    record = asdict(hit)
    record["published"] = hit.published.isoformat() if hit.published else None
    return record
