"""Export records: the JSON shapes that later tools and checks read (a stable contract)."""

from __future__ import annotations

from typing import Any

from .model import Event


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "languages": list(event.languages),
        "articles": list(event.article_ids),
    }
