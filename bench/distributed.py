"""Throughput of the per-article stages on a local Dask cluster, 1 and 2 workers.

usage: python bench/distributed.py [ARTICLES.jsonl] [--workers 1,2] [--batch-size 16]

Each cluster is warmed up first (workers build the pipeline and load models once), so the
rates are steady-state articles/s; the in-process pipeline is printed beside them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This file is named like the `distributed` package: keep bench/ off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
DEFAULT = ROOT.parent / "shared" / "corpus" / "dev" / "articles.jsonl"
FALLBACK = ROOT / "samples" / "corpus" / "articles.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "articles", nargs="?", default=str(DEFAULT if DEFAULT.exists() else FALLBACK)
    )
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    from newsweave.analyze.stages import DEFAULT_STAGES
    from newsweave.distributed import DistributedPipeline
    from newsweave.ingest.readers import read_paths
    from newsweave.model import Article
    from newsweave.pipeline import Doc, build_pipeline

    articles = [a for a in read_paths([args.articles]) if isinstance(a, Article)]
    docs = [Doc.of(a) for a in articles]
    rows = []
    local = build_pipeline(DEFAULT_STAGES)
    local.run(docs[:4])
    started = time.perf_counter()
    local.run(docs)
    rows.append(("in process", time.perf_counter() - started))
    for workers in [int(w) for w in args.workers.split(",")]:
        with DistributedPipeline(
            DEFAULT_STAGES, workers=workers, batch_size=args.batch_size
        ) as pipeline:
            pipeline.run(docs[: 2 * workers])  # every worker builds its pipeline
            started = time.perf_counter()
            pipeline.run(docs)
            rows.append((f"dask, {workers} worker(s)", time.perf_counter() - started))
    print(f"{len(docs)} articles from {args.articles}")
    print(f"{'runner':24}{'seconds':>10}{'articles/s':>12}")
    for name, seconds in rows:
        print(f"{name:24}{seconds:>10.2f}{len(docs) / seconds:>12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
