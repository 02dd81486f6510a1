"""Storage behind one interface: SQLite by default; a server database is chosen by URL."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from .base import Store


def open_store(url: str | Path, *, read_only: bool = False) -> Store:
    """Open ``news.db`` / ``sqlite:///news.db`` (SQLite) for reading and writing."""
    url = str(url)
    if url.startswith(("postgresql://", "postgres://")):
        raise ConfigError("the PostgreSQL backend is not part of this release; use a SQLite path")
    from .sqlite import SQLiteStore

    return SQLiteStore(url.removeprefix("sqlite:///"), read_only=read_only)


__all__ = ["Store", "open_store"]
