"""A 3-second smoke version of ``bench/load.py``: the API under concurrent clients on
loopback answers every request (no errors, no "database is locked")."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _load_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "newsweave_bench_load", ROOT / "bench" / "load.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_load_smoke(tmp_path: Path) -> None:
    load = _load_module()
    db = tmp_path / "load.db"
    load.build_db(db)
    with load.served(str(db)) as base:
        figures = load.run_load(base, seconds=3, clients=4)
    print(
        f"{figures['rps']:.0f} req/s, p50 {figures['p50_ms']:.1f} ms, "
        f"p99 {figures['p99_ms']:.1f} ms, errors {figures['errors']}"
    )
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["requests"] > 20
    assert set(figures["by_endpoint"]) == {"events", "event", "entities", "search"}
