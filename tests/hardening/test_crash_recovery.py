"""``kill -9`` during a long ingest, then a rerun: nothing is stored twice or half.

A batch (articles, analyses, embeddings) is one transaction, so the kill leaves whole
batches; the rerun skips what is stored and finishes the rest.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from synthetic import ROOT, cli_command, synthetic_records

from newsweave.analyze.embed import MODEL_NAME
from newsweave.services import BATCH_SIZE
from newsweave.store.sqlite import SQLiteStore

N = 300

pytestmark = pytest.mark.slow


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        store = SQLiteStore(db, read_only=True)
    except Exception:
        return 0
    try:
        return store.count_articles()
    except sqlite3.Error:
        return 0
    finally:
        store.close()


def _check_consistent(db: Path) -> dict[str, int]:
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        raw.close()
    store = SQLiteStore(db, read_only=True)
    try:
        articles = [a.id for a in store.articles()]
        analyses = store.analyses()
        vectors = store.embeddings(model=MODEL_NAME)
        memberships = store.memberships()
        events = {e.id for e in store.events()}
    finally:
        store.close()
    assert len(articles) == len(set(articles)), "an article is stored twice"
    assert set(analyses) == set(articles), "analysis without article, or article without one"
    assert set(vectors) == set(articles), "embedding without article, or article without one"
    assert set(memberships) <= set(articles)
    assert {m.event_id for m in memberships.values()} <= events, "membership of a missing event"
    return {"articles": len(articles), "memberships": len(memberships), "events": len(events)}


@dataclass
class Crash:
    db: Path
    after_kill: dict[str, int]
    rerun: dict[str, int]


@pytest.fixture(scope="module")
def crash(tmp_path_factory: pytest.TempPathFactory) -> Crash:
    """Ingest N articles, SIGKILL after two batches are stored, rerun to completion."""
    folder = tmp_path_factory.mktemp("crash")
    source = folder / "synthetic.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in synthetic_records(N)) + "\n")
    db = folder / "news.db"
    proc = subprocess.Popen(
        cli_command("run", str(source), "--db", str(db), "--quiet"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 600
    while _stored(db) < 2 * BATCH_SIZE:
        assert proc.poll() is None, "ingest ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after_kill = _check_consistent(db)
    print(f"killed after {after_kill['articles']} of {N} articles: {after_kill}")
    rerun = subprocess.run(
        cli_command("run", str(source), "--db", str(db), "--json"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert rerun.returncode == 0, rerun.stderr
    return Crash(db, after_kill, json.loads(rerun.stdout))


def test_kill_9_leaves_whole_batches_and_rerun_completes(crash: Crash) -> None:
    assert 2 * BATCH_SIZE <= crash.after_kill["articles"] < N
    assert crash.after_kill["articles"] % BATCH_SIZE == 0, "a batch was stored in part"
    assert crash.rerun["unchanged"] == crash.after_kill["articles"]
    assert crash.rerun["added"] == N - crash.after_kill["articles"]
    final = _check_consistent(crash.db)
    print(f"after the rerun: {final}")
    assert final["articles"] == N
    store = SQLiteStore(crash.db, read_only=True)
    ids = {a.id for a in store.articles()}
    store.close()
    assert ids == {f"syn-{i:04d}" for i in range(N)}


def test_regression_articles_stored_by_the_killed_run_are_clustered_on_rerun(crash: Crash) -> None:
    store = SQLiteStore(crash.db, read_only=True)
    unclustered = {a.id for a in store.articles()} - set(store.memberships())
    store.close()
    assert not unclustered, f"{len(unclustered)} never clustered, e.g. {sorted(unclustered)[:3]}"
