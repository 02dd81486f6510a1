"""Per-article stages on a Dask cluster: the same pipeline, run by several processes.

Why Dask (``dask.distributed``) and not Ray: the work is a plain map of independent batches
of articles through the pipeline, with results gathered back in order, which is exactly
``Client.map`` + ``gather``. Dask is pure Python on PyPI (no bundled server binaries, small
wheels), its ``LocalCluster`` of processes runs on a laptop and the same code runs against a
remote scheduler (``address="tcp://..."``), and it ships one worker per process with no
daemon to manage. Ray would bring a large native runtime and object store for no gain here:
we need no actors, GPUs scheduling or shared-memory arrays (a batch of docs is small).

Each worker builds the pipeline once (stages load their models lazily, in the worker) and
keeps it for every batch it is sent; batches return ``Doc``s, failures and stage times, so
the result equals a local ``Pipeline.run`` over the same articles.

    with DistributedPipeline(DEFAULT_STAGES, workers=2) as pipeline:
        report = pipeline.run([Doc.of(a) for a in articles])

``DistributedPipeline`` has the ``run``/``versions`` of ``Pipeline``, so a ``Workspace`` can
use it in place of its local pipeline. Needs the ``distributed`` extra
(``pip install newsweave[distributed]``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from .errors import ConfigError
from .model import Article
from .pipeline import Doc, Pipeline, RunReport, build_pipeline

log = logging.getLogger(__name__)

BATCH_SIZE = 16

_PIPELINES: dict[tuple[str, ...], Pipeline] = {}  # per worker process: built once


def _pipeline(stages: tuple[str, ...]) -> Pipeline:
    if stages not in _PIPELINES:
        _PIPELINES[stages] = build_pipeline(stages)
    return _PIPELINES[stages]


def _run_batch(docs: list[Doc], stages: tuple[str, ...]) -> RunReport:
    return _pipeline(stages).run(docs)


def _versions(stages: tuple[str, ...]) -> dict[str, str]:
    return _pipeline(stages).versions


def _client(workers: int, address: str | None) -> Any:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # a missing extra says which extra to install
        raise ConfigError(
            "distributed runs need the 'distributed' extra: pip install newsweave[distributed]"
        ) from exc
    if address:
        return Client(address)
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,  # the stages are CPU-bound Python: one process per core
        processes=True,
        dashboard_address=None,
        silence_logs=logging.WARNING,
    )
    return Client(cluster)


class DistributedPipeline:
    """A pipeline whose ``run`` ships batches of docs to Dask workers."""

    def __init__(
        self,
        stages: Sequence[str],
        *,
        workers: int = 2,
        batch_size: int = BATCH_SIZE,
        address: str | None = None,
    ) -> None:
        self.stages = tuple(stages)
        self.batch_size = batch_size
        self.client = _client(workers, address)
        self._versions: dict[str, str] | None = None

    @property
    def versions(self) -> dict[str, str]:
        if self._versions is None:
            self._versions = self.client.submit(_versions, self.stages, pure=False).result()
        return self._versions

    def run(self, docs: Sequence[Doc]) -> RunReport:
        """Like ``Pipeline.run``: docs in input order, failures, seconds summed over workers."""
        docs = list(docs)
        batches = [docs[i : i + self.batch_size] for i in range(0, len(docs), self.batch_size)]
        futures = self.client.map(_run_batch, batches, stages=self.stages, pure=False)
        report = RunReport(docs=[])
        for part in self.client.gather(futures):
            report.docs += part.docs
            report.failures += part.failures
            for stage, seconds in part.seconds.items():
                report.seconds[stage] = report.seconds.get(stage, 0.0) + seconds
        return report

    def close(self) -> None:
        cluster = getattr(self.client, "cluster", None)
        self.client.close()
        if cluster is not None:
            cluster.close()

    def __enter__(self) -> DistributedPipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def analyze_distributed(
    articles: Sequence[Article],
    *,
    stages: Sequence[str],
    workers: int = 2,
    batch_size: int = BATCH_SIZE,
    address: str | None = None,
) -> list[Doc]:
    """Run the per-article stages over ``articles`` on a local cluster of ``workers``
    processes (or the scheduler at ``address``); the docs come back in input order."""
    with DistributedPipeline(
        stages, workers=workers, batch_size=batch_size, address=address
    ) as pipeline:
        return pipeline.run([Doc.of(a) for a in articles]).docs


__all__ = ["DistributedPipeline", "analyze_distributed"]
