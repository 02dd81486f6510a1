"""The one JSON error shape of the REST API, pinned (fast: an empty database, no model)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsweave.api import create_app


@pytest.fixture
def client(empty_db: str) -> TestClient:
    return TestClient(create_app(empty_db))


def _shape(body: dict) -> tuple[str, str]:
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["code"], body["error"]["message"]


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/events/ev-missing", 404, "not_found"),
        ("/api/v1/events/ev-missing/near-misses", 404, "not_found"),
        ("/api/v1/articles/nope", 404, "not_found"),
        ("/api/v1/entities/Nobody", 404, "not_found"),
        ("/api/v1/claims?event=ev-missing", 404, "not_found"),
        ("/api/v1/no-such-endpoint", 404, "not_found"),
        ("/api/v1/events?since=yesterday", 400, "bad_request"),
        ("/api/v1/events?limit=0", 400, "bad_request"),
        ("/api/v1/events?sort=random", 400, "bad_request"),
        ("/api/v1/search", 400, "bad_request"),
        ("/api/v1/search?q=x&mode=fuzzy", 400, "bad_request"),
    ],
)
def test_error_shape(client: TestClient, url: str, status: int, code: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert _shape(response.json())[0] == code


def test_ingest_is_forbidden_without_a_token(client: TestClient) -> None:
    response = client.post("/api/v1/ingest", json={"records": [{"text": "x"}]})
    assert response.status_code == 403 and _shape(response.json())[0] == "forbidden"


def test_ingest_needs_the_right_token(empty_db: str) -> None:
    client = TestClient(create_app(empty_db, token="s3cret"))
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        response = client.post("/api/v1/ingest", json={"records": []}, headers=headers)
        assert response.status_code == 403 and _shape(response.json())[0] == "forbidden"
    ok = client.post(
        "/api/v1/ingest", json={"records": []}, headers={"Authorization": "Bearer s3cret"}
    )
    assert ok.status_code == 200 and ok.json()["added"] == 0


def test_empty_lists_are_paginated(client: TestClient) -> None:
    body = client.get("/api/v1/events?limit=5&offset=0").json()
    assert body == {"items": [], "total": 0, "limit": 5, "offset": 0}
    assert client.get("/api/v1/search?q=%D8%B4%D9%88%DB%8C%DA%AF%D9%88").json()["items"] == []


def test_openapi_spec_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/events" in spec["paths"] and "/api/v1/search" in spec["paths"]
    page = client.get("/api/v1")
    assert page.status_code == 200 and "/api/v1/events/{event_id}" in page.text
    assert client.get("/docs").status_code == 404  # no CDN-loaded Swagger UI


def test_html_pages_get_html_errors(client: TestClient) -> None:
    response = client.get("/events/ev-missing")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
