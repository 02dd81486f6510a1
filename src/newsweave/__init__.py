"""newsweave: multilingual news event intelligence.

>>> import newsweave
>>> ws = newsweave.open("news.db")
>>> ws.ingest(["articles.jsonl"])
>>> for event in ws.events(): print(event.title)
"""

from __future__ import annotations

from .errors import NewsweaveError
from .model import Article, Discrepancy, Entity, Event, Figure, Mention
from .services import Workspace

__version__ = "0.1.0"


def open(db: str = "news.db", *, read_only: bool = False) -> Workspace:  # noqa: A001
    """Open (or create) a newsweave store and return its workspace."""
    return Workspace.open(db, read_only=read_only)


__all__ = [
    "Article",
    "Discrepancy",
    "Entity",
    "Event",
    "Figure",
    "Mention",
    "NewsweaveError",
    "Workspace",
    "__version__",
    "open",
]
