from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from newsweave.errors import NotFoundError, StoreError
from newsweave.model import Analysis, Article, DateMention, Event, Membership
from newsweave.store import open_store


def test_roundtrip_and_migrations_are_recorded(tmp_path: Path) -> None:
    store = open_store(tmp_path / "n.db")
    article = Article(id="a", text="текст", title="t", published=date(2025, 5, 27))
    analysis = Analysis(
        article_id="a",
        lang="ru",
        lang_score=0.9,
        event_date=date(2025, 5, 27),
        dates=(DateMention(0, 5, "27 мая", date(2025, 5, 27)),),
    )
    store.put_analyzed(
        [(article, analysis, np.ones(4, dtype=np.float32))], versions={"x": "1"}, model="m"
    )
    assert store.article("a") == article
    assert store.analyses(["a"])["a"] == analysis
    assert store.embeddings(["a"], model="m")["a"].tolist() == [1.0] * 4
    assert store.migrate() == []  # already applied
    store.put_clustering(
        [Membership("a", "ev-1", 1.5, {"similarity": 0.9})],
        [Event("ev-1", "t", date(2025, 5, 27), date(2025, 5, 27), ("ru",), ("a",))],
        version="v",
    )
    assert store.event("ev-1").article_ids == ("a",)
    with pytest.raises(NotFoundError):
        store.event("nope")
    store.close()


def test_read_only_store_requires_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        open_store(tmp_path / "missing.db", read_only=True)


def test_failed_transaction_leaves_nothing_half_written(tmp_path: Path) -> None:
    store = open_store(tmp_path / "n.db")
    good = (Article(id="ok", text="x"), Analysis(article_id="ok"), None)
    with pytest.raises(AttributeError):
        store.put_analyzed(
            [good, (Article(id="bad", text="y"), None, None)], versions={}, model="m"
        )
    assert store.count_articles() == 0
