"""newsweave: multilingual news event intelligence.

    >>> import newsweave
    >>> ws = newsweave.open("news.db")                      # doctest: +SKIP
    >>> ws.ingest(["articles.jsonl"])                       # doctest: +SKIP
    >>> ws.events(since="2025-05-01").to_pandas()           # doctest: +SKIP
    >>> ws.entity("Шойгу").entity.aliases                   # doctest: +SKIP

The public API is what ``__all__`` lists; ``tests/test_public_api.py`` pins it.
"""

from __future__ import annotations

from .errors import ConfigError, InputError, NewsweaveError, NotFoundError, StoreError
from .model import Alias, Article, Claim, Discrepancy, Entity, Event, Figure, Membership, Mention
from .queries import EntityView, EventView, Report
from .records import Records
from .services import ClaimRow, IngestResult, Workspace

__version__ = "0.1.0"


def open(db: str = "news.db", *, read_only: bool = False) -> Workspace:  # noqa: A001
    """Open (or create) a store — a SQLite path or a server database URL — as a workspace."""
    return Workspace.open(db, read_only=read_only)


__all__ = [
    "Alias",
    "Article",
    "Claim",
    "ClaimRow",
    "ConfigError",
    "Discrepancy",
    "Entity",
    "EntityView",
    "Event",
    "EventView",
    "Figure",
    "IngestResult",
    "InputError",
    "Membership",
    "Mention",
    "NewsweaveError",
    "NotFoundError",
    "Records",
    "Report",
    "StoreError",
    "Workspace",
    "__version__",
    "open",
]
