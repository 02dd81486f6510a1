"""Store fixtures: every test that takes ``store`` (or ``store_url``) runs on each backend.

SQLite gets a file in tmp_path. PostgreSQL gets a fresh database on one throwaway server per
session (tests/pg_server.py); the postgres cases skip when no PostgreSQL binaries or no
psycopg are installed. ``-m "not postgres"`` leaves them out.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsweave.store import Store, open_store

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
_db_names = itertools.count()


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """An admin URL of a PostgreSQL server for this session (NEWSWEAVE_TEST_PG_URL, or one
    started here and stopped at the end)."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (the postgres extra)")
    import pg_server

    if os.environ.get(pg_server.ENV_URL):
        yield os.environ[pg_server.ENV_URL]
        return
    bin_dir = pg_server.find_bin_dir()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl); apt-get install postgresql")
    server = pg_server.PostgresServer(bin_dir)
    try:
        server.start()
        yield server.admin_url
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test."""
    import pg_server

    name = f"newsweave_test_{os.getpid()}_{next(_db_names)}"
    url = pg_server.create_database(pg_admin_url, name)
    yield url
    pg_server.drop_database(pg_admin_url, name)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives: a SQLite path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    yield opened
    opened.close()
