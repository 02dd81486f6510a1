"""Stages on a local 2-worker Dask cluster give what a local run gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsweave.analyze.stages import DEFAULT_STAGES
from newsweave.ingest.readers import read_paths
from newsweave.model import Article
from newsweave.pipeline import Doc, build_pipeline

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"

pytest.importorskip("dask.distributed")


@pytest.mark.slow
def test_two_workers_equal_the_local_run() -> None:
    from newsweave.distributed import DistributedPipeline

    articles = [a for a in read_paths([str(SAMPLES / "articles.jsonl")]) if isinstance(a, Article)]
    local = build_pipeline(DEFAULT_STAGES).run([Doc.of(a) for a in articles]).docs
    with DistributedPipeline(DEFAULT_STAGES, workers=2, batch_size=4) as pipeline:
        remote = pipeline.run([Doc.of(a) for a in articles]).docs
        assert pipeline.versions == build_pipeline(DEFAULT_STAGES).versions
    assert [d.article.id for d in remote] == [a.id for a in articles]
    for mine, theirs in zip(local, remote, strict=True):
        a, b = mine.analysis, theirs.analysis
        assert (a.lang, a.mentions, a.dates, a.event_date, a.event_date_source) == (
            b.lang,
            b.mentions,
            b.dates,
            b.event_date,
            b.event_date_source,
        ), mine.article.id
        assert (a.figures, a.editions, a.numbers, a.citations, a.topics) == (
            b.figures,
            b.editions,
            b.numbers,
            b.citations,
            b.topics,
        )
        assert mine.embedding is not None and theirs.embedding is not None
        assert np.allclose(mine.embedding, theirs.embedding, atol=1e-5)
