"""Storage behind one interface: SQLite by default; a server database is chosen by URL."""

from __future__ import annotations

from pathlib import Path

from .base import Store


def open_store(url: str | Path, *, read_only: bool = False) -> Store:
    """Open a store by path or URL.

    ``news.db`` or ``sqlite:///news.db``: SQLite (the default). ``postgresql://user@host/db``
    (or ``postgres://``): PostgreSQL, which needs the ``postgres`` extra (psycopg).
    """
    url = str(url)
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(url, read_only=read_only)
    from .sqlite import SQLiteStore

    return SQLiteStore(url.removeprefix("sqlite:///"), read_only=read_only)


__all__ = ["Store", "open_store"]
