"""Memory while streaming: 100k short synthetic reports ingested in feed-sized calls.

usage: python bench/stream.py [--n 100000] [--call 1000] [--db PATH]

The embedding stage is replaced by ``fake-embed`` (registered here only: a deterministic
384-d vector per report, drawn around one of many topic centres), so the run measures the
rest of the pipeline, the store and linking. RSS is printed every 10k reports; it should
level off once the store passes ``services.INDEX_THRESHOLD`` (from then on clustering and
duplicate detection read a window of candidates, not the store).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from newsweave.pipeline import Doc, register

TOPICS = 5000


class FakeEmbedStage:
    """A cheap stand-in for e5: topic centre + per-report noise, unit length."""

    name, version = "fake-embed", "1"
    needs = frozenset({"article.text"})
    provides = frozenset({"embedding"})

    def process(self, docs: Sequence[Doc]) -> list[Doc]:
        out = []
        for doc in docs:
            topic = int((doc.article.title or "0").rsplit(" ", 1)[-1])
            centre = np.random.default_rng(topic).standard_normal(384)
            seed = int.from_bytes(hashlib.sha1(doc.article.id.encode()).digest()[:8], "big")
            noise = np.random.default_rng(seed).standard_normal(384)
            vector = centre / np.linalg.norm(centre) + 0.3 * noise / np.linalg.norm(noise)
            out.append(replace(doc, embedding=(vector / np.linalg.norm(vector)).astype("f4")))
        return out


register("fake-embed")(FakeEmbedStage)

PLACES = ["Moscow", "Tehran", "Beijing", "Geneva", "Vienna", "Ankara", "Baku", "Minsk"]


def records(n: int):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    start = date(2021, 1, 1)
    for i in range(n):
        day = start + timedelta(days=i * 1500 // n)  # a feed: dates advance
        topic = int(rng.integers(TOPICS)) if i % 3 else (i // 7) % TOPICS
        place = PLACES[topic % len(PLACES)]
        yield {
            "id": f"r{i:07d}",
            "title": f"Talks in {place}, round {topic}",
            "text": f"Report on topic {topic}: delegations met in {place} on "
            f"{day.isoformat()} to discuss {rng.integers(10, 500)} proposals.",
            "published": day.isoformat(),
        }


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--call", type=int, default=1000, help="reports per ingest call")
    parser.add_argument("--db", default=None)
    args = parser.parse_args()

    from newsweave.analyze.stages import DEFAULT_STAGES
    from newsweave.services import Workspace

    stages = [s for s in DEFAULT_STAGES if s != "embed"] + ["fake-embed"]
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(args.db or str(Path(tmp) / "stream.db"), stages=stages)
        print(f"{'reports':>9}{'RSS MB':>9}{'reports/s':>11}{'link s/call':>12}")
        batch: list[dict[str, str]] = []
        done, started, link = 0, time.perf_counter(), 0.0
        for record in records(args.n):
            batch.append(record)
            if len(batch) == args.call:
                result = ws.ingest(batch)
                link += result.seconds.get("link", 0.0)
                done += len(batch)
                batch = []
                if done % 10_000 == 0:
                    rate = done / (time.perf_counter() - started)
                    calls = done / args.call
                    print(
                        f"{done:>9,}{rss_mb():>9.0f}{rate:>11.1f}{link / calls:>12.2f}", flush=True
                    )
        if batch:
            ws.ingest(batch)
        ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
