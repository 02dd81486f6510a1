"""Throughput of each stage and end to end, beside the bare embedding model, in one run.

usage: python bench/speed.py [ARTICLES.jsonl ...] [--lang CODE]

``--lang ro`` keeps the reports whose input declares that language: the cost of one
language's tagger on its own reports (e.g. the dev and sample corpora's Romanian reports).

Absolute times on a shared 2-core machine are noisy; the ratios printed in the last column
(stage time / bare model time on the same inputs) are what to compare across changes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "dev" / "articles.jsonl"
FALLBACK = ROOT / "samples" / "corpus" / "articles.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "articles", nargs="*", default=[str(DEFAULT if DEFAULT.exists() else FALLBACK)]
    )
    parser.add_argument("--lang", help="only the reports declared in this language")
    args = parser.parse_args()

    import newsweave
    from newsweave.analyze.embed import E5Embedder, embedding_text
    from newsweave.ingest.readers import read_paths
    from newsweave.model import Article

    sources: list[str] | list[dict] = args.articles
    if args.lang:  # records of JSONL inputs that declare the language
        sources = [
            record
            for path in args.articles
            for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip() and (record := json.loads(line)).get("lang") == args.lang
        ]
    articles = [a for a in read_paths(args.articles) if isinstance(a, Article)]
    if args.lang:
        wanted = {r["id"] for r in sources}  # type: ignore[index]
        articles = [a for a in articles if a.id in wanted]
    n = len(articles)
    if not n:
        print("no articles", file=sys.stderr)
        return 1

    embedder = E5Embedder()
    embedder.passages(["warm up"])
    started = time.perf_counter()
    embedder.passages([embedding_text(a) for a in articles])
    bare_lead = time.perf_counter() - started
    started = time.perf_counter()
    embedder.passages([a.text for a in articles])
    bare_full = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        ws = newsweave.open(str(Path(tmp) / "speed.db"))
        ws.pipeline.run([])  # build stages outside the timed region
        started = time.perf_counter()
        result = ws.ingest(sources)
        total = time.perf_counter() - started
        ws.close()

    print(
        f"{n} articles from {', '.join(args.articles)}" + (f" ({args.lang})" if args.lang else "")
    )
    print(f"{'step':34}{'seconds':>10}{'articles/s':>12}{'x bare e5':>11}")
    rows = [
        ("bare e5, full text (reference)", bare_full),
        ("bare e5, title+lead (what we embed)", bare_lead),
    ]
    rows += [(f"stage: {name}", secs) for name, secs in result.seconds.items()]
    rows += [("end to end (read+analyze+store+link)", total)]
    for name, secs in rows:
        rate = n / secs if secs else float("inf")
        print(f"{name:34}{secs:>10.2f}{rate:>12.1f}{secs / bare_lead:>11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
