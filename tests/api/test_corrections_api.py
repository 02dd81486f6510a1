from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsweave.api.app import create_app


def test_corrections_need_the_token(empty_db: str) -> None:
    client = TestClient(create_app(empty_db))
    response = client.post("/api/v1/corrections/event-merge", json={"a": "x", "b": "y"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


@pytest.mark.slow
def test_split_through_the_api_is_logged_and_undoable(sample_db: str, tmp_path: Path) -> None:
    db = str(tmp_path / "copy.db")
    shutil.copy(sample_db, db)
    client = TestClient(create_app(db, token="s3cret"))
    auth = {"Authorization": "Bearer s3cret"}
    events = client.get("/api/v1/events", params={"sort": "size"}).json()["items"]
    big = events[0]
    article = big["articles"][0]
    done = client.post(
        "/api/v1/corrections/event-split",
        json={"event": big["id"], "articles": [article], "author": "ana"},
        headers=auth,
    )
    assert done.status_code == 200, done.text
    log = client.get("/api/v1/corrections").json()
    assert log["items"][0]["author"] == "ana" and log["items"][0]["action"] == "event.split"
    after = client.get(f"/api/v1/events/{big['id']}").json()
    assert article not in after["articles"]
    undone = client.post(f"/api/v1/corrections/{done.json()['correction']}/undo", headers=auth)
    assert undone.status_code == 200
    missing = client.post("/api/v1/corrections/999/undo", headers=auth)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
