from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.services import Workspace
from newsweave.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples" / "corpus"


@pytest.fixture
def shared_corpus() -> Path:
    corpus = SHARED / "corpus"
    if not (corpus / "dev" / "articles.jsonl").exists():
        pytest.skip("../shared/corpus is not present")
    return corpus


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
