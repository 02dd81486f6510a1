"""Readers while a writer ingests: the API (in process) and read-only workspaces query the
database from threads during a ``newsweave run`` in another process. WAL lets readers see
the last committed state; the busy timeout means nobody sees "database is locked"."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from synthetic import ROOT, cli_command

from newsweave.api import create_app
from newsweave.services import Workspace
from newsweave.store.sqlite import SQLiteStore

pytestmark = pytest.mark.slow


def test_api_and_readers_during_ingest(
    tmp_path: Path, synthetic_jsonl: Callable[[int], Path]
) -> None:
    db = tmp_path / "news.db"
    SQLiteStore(db).close()  # the API needs a database to exist when it starts
    writer = subprocess.Popen(
        cli_command("run", str(synthetic_jsonl(160)), "--db", str(db), "--quiet"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    app = create_app(str(db))
    errors: list[str] = []
    counts: dict[str, int] = {}
    done = threading.Event()

    def api_client(name: str) -> None:
        n = 0
        with TestClient(app) as client:
            while not done.is_set():
                events = client.get("/api/v1/events?limit=5")
                paths = [
                    "/api/v1/entities?limit=20",
                    "/api/v1/search?q=council&mode=text",
                    "/api/v1/search?q=Chisinau&mode=text",
                ]
                if events.status_code == 200:
                    paths += [f"/api/v1/events/{e['id']}" for e in events.json()["items"][:2]]
                for path in ["/api/v1/events?limit=5", *paths]:
                    response = events if path.startswith("/api/v1/events?") else client.get(path)
                    n += 1
                    # 404: an event listed a moment ago may be re-clustered away; not an error.
                    if response.status_code >= 500 or response.status_code not in (200, 404):
                        errors.append(
                            f"{name} {path}: {response.status_code} {response.text[:200]}"
                        )
        counts[name] = n

    def store_reader(name: str) -> None:
        n = 0
        ws = Workspace.open(str(db), read_only=True)
        try:
            while not done.is_set():
                try:
                    ws.events()
                    ws.entities(limit=20)
                    list(ws.search("council", mode="text"))
                    ws.store.count_articles()
                    n += 4
                    time.sleep(0.005)  # leave the 2-core CI machine some CPU for the writer
                except Exception as exc:  # collected, so the test shows every failure
                    errors.append(f"{name}: {type(exc).__name__}: {exc}")
                    time.sleep(0.05)
        finally:
            ws.close()
        counts[name] = n

    threads = [threading.Thread(target=api_client, args=(f"api{i}",)) for i in range(2)]
    threads += [threading.Thread(target=store_reader, args=(f"store{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    try:
        out, err = writer.communicate(timeout=900)
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=60)
    print(f"reads during ingest: {counts}")
    assert writer.returncode == 0, err
    assert "locked" not in (out + err).lower()
    assert not errors, errors[:5]
    assert all(n > 10 for n in counts.values()), counts
    store = SQLiteStore(db, read_only=True)
    assert store.count_articles() == 160
    store.close()
