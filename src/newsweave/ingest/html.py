"""HTML to article record: main text by trafilatura, metadata from the page."""

from __future__ import annotations

import logging
from typing import Any

from ..errors import InputError

log = logging.getLogger(__name__)


def extract_html(html: str, *, url: str | None = None) -> dict[str, Any]:
    """Return an input record (``title``, ``text``, ``published``, ``url``) for one page.

    trafilatura drops navigation, scripts and comments; its metadata pass reads the
    publication date from ``<meta>``/JSON-LD, which is more reliable than dates in the text.
    """
    import trafilatura

    try:
        text = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=False, favor_precision=True
        )
        meta = trafilatura.extract_metadata(html, default_url=url)
    except Exception as exc:  # trafilatura raises many lxml errors on broken pages
        raise InputError(f"HTML could not be parsed: {exc}", code="bad_html") from exc
    if not text:
        raise InputError("no main text found in HTML", code="no_text")
    return {
        "title": meta.title if meta else None,
        "text": text,
        "published": meta.date if meta else None,
        "url": (meta.url if meta else None) or url,
        "lang": meta.language if meta else None,
    }
