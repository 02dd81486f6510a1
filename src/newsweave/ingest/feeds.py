"""RSS/Atom feeds to input records, via feedparser.

feedparser's own XML handling does not expand external entities; we additionally refuse
documents that declare entities at all (billion-laughs), before any parsing.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError, UnsafeInputError

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def parse_feed(data: bytes) -> list[dict[str, Any]]:
    import feedparser

    if _declares_entities(data):
        raise UnsafeInputError("feed declares XML entities (refused: entity expansion attack)")
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser fails on e.g. undecodable bytes in encoding="..."
        raise InputError(f"malformed feed: {type(exc).__name__}: {exc}", code="bad_feed") from exc
    if parsed.bozo and not parsed.entries:
        raise InputError(f"malformed feed: {parsed.get('bozo_exception')}", code="bad_feed")
    records = []
    for entry in parsed.entries:
        html = ""
        if entry.get("content"):
            html = entry.content[0].get("value", "")
        html = html or entry.get("summary") or ""
        records.append(
            {
                "id": entry.get("id") or None,
                "url": entry.get("link"),
                "title": entry.get("title"),
                "text": _html_to_text(html),
                "published": entry.get("published") or entry.get("updated"),
            }
        )
    if not records:
        raise InputError("feed has no entries", code="empty")
    return records


def _declares_entities(data: bytes) -> bool:
    # The whole document, not a prefix: comments may push the DOCTYPE past any fixed window.
    # A UTF-16/32 document hides the ASCII pattern behind NUL bytes, so look at it decoded.
    if _ENTITY_DECL.search(data):
        return True
    if b"\x00" in data[:64]:
        for codec in ("utf-32", "utf-16", "utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if "<!entity" in text.lower():
                return True
    return False


def _html_to_text(html: str) -> str:
    # Feed summaries are fragments, not pages: trafilatura would discard them as too short.
    import lxml.html

    if not isinstance(html, str) or not html.strip():
        return ""
    try:
        return lxml.html.fromstring(html).text_content()
    except Exception:
        return re.sub(r"<[^>]+>", " ", html)
