"""Per-article pipeline: stages that declare what they need and provide, run in order.

A stage is any object with ``name``, ``version``, ``needs``, ``provides`` and
``process(docs) -> docs``. Stages never mutate a ``Doc``; they return new ones. Building a
pipeline whose stages leave a need unmet fails at once, before any work runs, the way spaCy
validates component order. A stage that fails on one article records the failure and the
run goes on with the other articles.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from .errors import ConfigError
from .model import Analysis, Article

log = logging.getLogger(__name__)

BASE_FIELDS = frozenset({"article.text", "article.title", "article.published"})


@dataclass(frozen=True, slots=True)
class Doc:
    """An article and what the stages have found in it so far."""

    article: Article
    analysis: Analysis
    embedding: np.ndarray | None = None

    @classmethod
    def of(cls, article: Article) -> Doc:
        return cls(article=article, analysis=Analysis(article_id=article.id))


@dataclass(frozen=True, slots=True)
class StageFailure:
    article_id: str
    stage: str
    code: str
    message: str


class Stage(Protocol):
    name: str
    version: str
    needs: frozenset[str]
    provides: frozenset[str]

    def process(self, docs: Sequence[Doc]) -> list[Doc]: ...


@dataclass
class RunReport:
    docs: list[Doc]
    failures: list[StageFailure] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


class Pipeline:
    """An ordered, validated list of stages."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        available = set(BASE_FIELDS)
        for stage in stages:
            missing = stage.needs - available
            if missing:
                raise ConfigError(
                    f"stage {stage.name!r} needs {sorted(missing)}, which no earlier stage provides"
                )
            available |= stage.provides
        self.stages = list(stages)

    @property
    def versions(self) -> dict[str, str]:
        return {stage.name: stage.version for stage in self.stages}

    def run(self, docs: Sequence[Doc]) -> RunReport:
        report = RunReport(docs=list(docs))
        for stage in self.stages:
            started = time.perf_counter()
            report.docs = self._run_stage(stage, report.docs, report.failures)
            report.seconds[stage.name] = report.seconds.get(stage.name, 0.0) + (
                time.perf_counter() - started
            )
        return report

    @staticmethod
    def _run_stage(stage: Stage, docs: list[Doc], failures: list[StageFailure]) -> list[Doc]:
        try:
            return stage.process(docs)
        except Exception:
            log.debug("stage %s failed on a batch; retrying one by one", stage.name)
        # The batch failed: redo it one article at a time so one bad article costs only itself.
        out = []
        for doc in docs:
            try:
                out.extend(stage.process([doc]))
            except Exception as exc:
                log.warning("stage %s failed on %s: %s", stage.name, doc.article.id, exc)
                failures.append(
                    StageFailure(doc.article.id, stage.name, type(exc).__name__, str(exc))
                )
                out.append(doc)
        return out


StageFactory = Callable[[], Stage]
_REGISTRY: dict[str, StageFactory] = {}


def register(name: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under a name that configs can refer to."""

    def wrap(factory: StageFactory) -> StageFactory:
        _REGISTRY[name] = factory
        return factory

    return wrap


def build_pipeline(names: Sequence[str]) -> Pipeline:
    from .analyze import stages  # noqa: F401  (registers the built-in stages)

    unknown = [name for name in names if name not in _REGISTRY]
    if unknown:
        raise ConfigError(f"unknown stage(s) {unknown}; known: {sorted(_REGISTRY)}")
    return Pipeline([_REGISTRY[name]() for name in names])
