"""Lists of typed records that turn into pandas DataFrames on request (pandas is optional)."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T")


class Records(list[T]):
    """A plain list of records with ``to_pandas()``; nested records become dicts."""

    def to_pandas(self) -> Any:
        try:
            import pandas as pd
        except ImportError as exc:  # an optional extra, never needed by `import newsweave`
            raise ImportError("to_pandas() needs pandas: pip install 'newsweave[pandas]'") from exc
        return pd.DataFrame([_row(item) for item in self])


def _row(item: Any) -> dict[str, Any]:
    if is_dataclass(item) and not isinstance(item, type):
        return {k: v for k, v in asdict(item).items()}
    if isinstance(item, tuple):
        return {f"c{i}": _plain(v) for i, v in enumerate(item)}
    if isinstance(item, dict):
        return dict(item)
    return {"value": item}


def _plain(value: Any) -> Any:
    return asdict(value) if is_dataclass(value) and not isinstance(value, type) else value
