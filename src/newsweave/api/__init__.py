"""The REST API (``/api/v1``) and the web UI in one FastAPI app: ``create_app(db)``."""

from __future__ import annotations

from typing import Any


def create_app(db: str, **kwargs: Any) -> Any:
    """Build the app lazily so ``import newsweave.api`` stays light."""
    from .app import create_app as _create

    return _create(db, **kwargs)


__all__ = ["create_app"]
