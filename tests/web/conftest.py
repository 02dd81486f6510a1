from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.services import Workspace
from newsweave.store.sqlite import SQLiteStore

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "corpus"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample corpus, analyzed with the real models (built once per session)."""
    path = tmp_path_factory.getbasetemp() / "sample-corpus.db"
    if not path.exists():
        ws = Workspace.open(str(path))
        ws.ingest([str(SAMPLES / "articles.jsonl"), str(SAMPLES / "extra")])
        ws.close()
    return str(path)


@pytest.fixture
def empty_db(tmp_path: Path) -> str:
    """A migrated, empty database (no model needed)."""
    path = tmp_path / "empty.db"
    SQLiteStore(path).close()
    return str(path)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real headless chromium (Playwright)")
