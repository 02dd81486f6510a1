"""JSON encoding of core records for storage; dates as ISO strings, tuples as lists."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date
from typing import Any

from ..model import Analysis, Citation, DateMention, Edition, Figure, Mention

_PARTS: dict[str, type] = {
    "mentions": Mention,
    "dates": DateMention,
    "editions": Edition,
    "figures": Figure,
    "citations": Citation,
}


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_default, separators=(",", ":"))


def analysis_data(analysis: Analysis) -> str:
    payload = {name: [asdict(item) for item in getattr(analysis, name)] for name in _PARTS}
    payload["topics"] = list(analysis.topics)
    payload["numbers"] = list(analysis.numbers)
    payload["boilerplate_removed"] = analysis.boilerplate_removed
    payload["event_date_source"] = analysis.event_date_source
    payload["parties"] = list(analysis.parties)
    payload["formats"] = list(analysis.formats)
    payload["conveners"] = list(analysis.conveners)
    payload["place"] = analysis.place
    payload["duration"] = analysis.duration
    payload["offices"] = list(analysis.offices)
    return dumps(payload)


def load_analysis(
    article_id: str, *, lang: str, lang_score: float, event_date: str | None, data: str
) -> Analysis:
    payload = json.loads(data)
    parts = {}
    for name, cls in _PARTS.items():
        parts[name] = tuple(_record(cls, row) for row in payload.get(name, []))
    return Analysis(
        article_id=article_id,
        lang=lang,
        lang_score=lang_score,
        event_date=date.fromisoformat(event_date) if event_date else None,
        topics=tuple(payload.get("topics", [])),
        numbers=tuple(payload.get("numbers", [])),
        boilerplate_removed=payload.get("boilerplate_removed", 0),
        event_date_source=payload.get("event_date_source", "none"),
        parties=tuple(payload.get("parties", [])),
        formats=tuple(payload.get("formats", [])),
        conveners=tuple(payload.get("conveners", [])),
        place=payload.get("place"),
        duration=payload.get("duration"),
        offices=tuple(payload.get("offices", [])),
        **parts,
    )


def _record(cls: type, row: dict[str, Any]) -> Any:
    known = {f.name: f for f in fields(cls)}
    values = {}
    for key, value in row.items():
        if key not in known:
            continue  # a field written by a newer version: ignore rather than fail
        if key == "value" and cls is DateMention:
            value = date.fromisoformat(value)
        values[key] = value
    return cls(**values)
