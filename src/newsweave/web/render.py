"""Rendering helpers shared by the live pages and the static report.

Everything that came from an article is escaped here or by Jinja's autoescape; the only
markup built in Python is assembled from escaped pieces (``markupsafe.escape``), and links
are built only from validated http(s) URLs or from our own ids (URL-quoted).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

WEB = Path(__file__).resolve().parent
TEMPLATES = WEB / "templates"
STATIC = WEB / "static"
RTL_LANGS = frozenset({"ar", "fa", "he", "ur", "ps"})


def environment() -> Environment:
    """The Jinja environment: autoescape always on, undefined names fail loudly."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dates"] = dates
    env.filters["q"] = path_part
    env.filters["anchor"] = lambda article_id, start=0: anchor_id(article_id, start)
    env.globals["safe_url"] = safe_url
    env.globals["text_dir"] = text_dir
    return env


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None (never javascript:)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in url for ch in "\"'<> \t\n\r"):
        return None
    return url


def path_part(value: str) -> str:
    """An id made safe for one path segment of our own URLs."""
    return quote(str(value), safe="")


def anchor_id(article_id: str, start: int = 0) -> str:
    """An HTML id for a place in a report; article ids may be URLs, so they are hashed."""
    digest = hashlib.sha1(article_id.encode()).hexdigest()[:10]
    return f"a{digest}-{start}"


def text_dir(lang: str | None) -> str:
    return "rtl" if lang in RTL_LANGS else "auto"


def dates(start: date | str | None, end: date | str | None = None) -> str:
    if not start:
        return "date unknown"
    return str(start) if not end or start == end else f"{start} – {end}"


def marked_text(text: str, spans: Iterable[tuple[int, int, str, str]]) -> Markup:
    """``text`` with each (start, end, id, title) span wrapped in ``<mark id title>``.

    Overlapping spans are dropped after the first (a sentence holding two claims is one
    anchor); every piece of article text is escaped before joining.
    """
    out: list[str] = []
    pos = 0
    for start, end, mark_id, title in sorted(set(spans)):
        if start < pos or not (0 <= start < end <= len(text)):
            continue
        out.append(escape(text[pos:start]))
        out.append(
            Markup('<mark id="{}" title="{}">{}</mark>').format(mark_id, title, text[start:end])
        )
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def claim_span(text: str, claim: Any) -> tuple[int, int]:
    """Where a claim's sentence is in ``text`` (by its stored sentence, else the figure)."""
    start = text.find(claim.sentence) if claim.sentence else -1
    if start >= 0:
        return start, start + len(claim.sentence)
    return claim.start, claim.end


def claim_spans(text: str, claims: Sequence[Any]) -> list[tuple[int, int, str, str]]:
    """Each claim's sentence as a span for :func:`marked_text`, with its anchor id."""
    spans = []
    for claim in claims:
        start, end = claim_span(text, claim)
        spans.append((start, end, anchor_id(claim.article_id, start), claim.kind))
    return spans
