"""Adding one report to a large store: latency at 10k, 100k and 1M articles, side by side.

usage: python bench/scale.py [--n 1000000] [--sizes 10000,100000] [--adds 200] [--dir DIR]

Builds synthetic stores (384-d unit vectors around event centres, dates over five years,
minimal analyses with an event key and a common key, memberships and events) with raw
``executemany`` in large transactions, builds the candidate index, then adds ``--adds`` new
reports one at a time, each near a random existing event. For each it times

- core: ``CandidateIndex.candidates`` + ``link.events.assign`` (features to membership);
- placement: the whole ``Workspace._cluster([id])`` (index catch-up, store reads, assign,
  the event's summary and details written back);

and prints p50/p99 of both, the index build time and the process RSS. If adding a report
cost grew with the store, the 1M column would be 100x the 10k one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

DIM = 384
DAYS = 5 * 365
START = date(2020, 1, 1)
COMMON_KEYS = 2000
CHUNK = 50_000


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def centre(event: int) -> np.ndarray:
    v = np.random.default_rng(event + 1_000_003).standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def build(path: Path, n: int, *, seed: int = 0) -> dict[str, int]:
    """A synthetic store of ``n`` articles in events of 1-8 reports; returns event dates."""
    from newsweave.analyze.embed import MODEL_NAME
    from newsweave.store.sqlite import SQLiteStore

    rng = np.random.default_rng(seed)
    store = SQLiteStore(path)
    db = store.db
    db.execute("PRAGMA synchronous=OFF")
    # Full-text search is not measured here; its trigram index would triple the build time.
    for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    now = "2025-01-01T00:00:00+00:00"
    event_days: dict[str, int] = {}
    made, event = 0, 0
    while made < n:
        take = min(CHUNK, n - made)
        sizes = rng.integers(1, 9, size=take)
        owners = np.repeat(np.arange(event, event + take), sizes)[:take]
        event_count = int(owners[-1]) - event + 1
        days = rng.integers(0, DAYS, size=event_count)
        centres = rng.standard_normal((event_count, DIM)).astype(np.float32)
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        noise = rng.standard_normal((take, DIM)).astype(np.float32)
        noise /= np.linalg.norm(noise, axis=1, keepdims=True)
        local = owners - event
        vectors = centres[local] + 0.35 * noise
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        common = rng.integers(0, COMMON_KEYS, size=take)
        articles, analyses, embeddings, mentions, members = [], [], [], [], []
        for i in range(take):
            article_id = f"s{made + i:08d}"
            ev = f"ev-s{event + int(local[i]):08d}"
            day = START + timedelta(days=int(days[local[i]]) + int(i % 2))
            event_days[ev] = day.toordinal()
            text = f"Synthetic report {made + i} on happening {event + int(local[i])}."
            keys = [f"k:e{event + int(local[i])}", f"k:c{int(common[i])}"]
            ms = [
                {"start": 0, "end": 1, "text": k, "type": "person", "key": k, "source": "x"}
                for k in keys
            ]
            articles.append(
                (
                    article_id,
                    None,
                    "example.org",
                    "en",
                    day.isoformat(),
                    None,
                    text,
                    article_id,
                    None,
                    now,
                )
            )
            data = json.dumps({"mentions": ms, "event_date_source": "published"})
            analyses.append((article_id, "en", 1.0, day.isoformat(), data, "{}"))
            embeddings.append((article_id, MODEL_NAME, DIM, vectors[i].astype("<f4").tobytes()))
            mentions += [(article_id, 0, 1, k, "person", k, "en") for k in keys]
            members.append((article_id, ev, 1.0, "{}", None, "events@1"))
        events = [
            (
                ev,
                f"happening {ev}",
                date.fromordinal(d).isoformat(),
                date.fromordinal(d).isoformat(),
                '["en"]',
                1,
                now,
                "{}",
            )
            for ev, d in event_days.items()
            if ev >= f"ev-s{event:08d}"
        ]
        with store.transaction():
            db.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)", articles)
            db.executemany("INSERT INTO analyses VALUES (?,?,?,?,?,?)", analyses)
            db.executemany("INSERT INTO embeddings VALUES (?,?,?,?)", embeddings)
            db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?)", mentions)
            db.executemany("INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?,?,?)", events)
            db.executemany("INSERT INTO memberships VALUES (?,?,?,?,?,?)", members)
        made += take
        event += event_count
    store.close()
    return event_days


def measure(path: Path, event_days: dict[str, int], adds: int, *, seed: int = 1) -> dict:
    from newsweave import services
    from newsweave.analyze.embed import MODEL_NAME
    from newsweave.link import candidates as candidates_module
    from newsweave.model import Analysis, Article, Mention
    from newsweave.resources import gazetteer_kinds
    from newsweave.services import Workspace

    timers = {"core": 0.0}

    def timed(fn):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timers["core"] += time.perf_counter() - started

        return wrapper

    original_assign = services.assign
    original_candidates = candidates_module.CandidateIndex.candidates
    services.assign = timed(original_assign)
    candidates_module.CandidateIndex.candidates = timed(original_candidates)  # type: ignore[method-assign]
    try:
        ws = Workspace.open(str(path))
        started = time.perf_counter()
        ws.candidate_index()
        build_seconds = time.perf_counter() - started
        ws.event_model  # noqa: B018  (load outside the timed region)
        gazetteer_kinds()
        rng = np.random.default_rng(seed)
        events = list(event_days)
        core, total = [], []
        for j in range(adds):
            ev = events[int(rng.integers(len(events)))]
            number = int(ev.removeprefix("ev-s"))
            vector = centre(number)  # not the synthetic centre: a fresh topic near nothing...
            # ...so half the additions join an event (copy of a member's vector + noise).
            if j % 2 == 0:
                member = ws.store.members_of_events([ev])[ev][0]
                vector = ws.store.embeddings([member], model=MODEL_NAME)[member].copy()
            noise = rng.standard_normal(DIM).astype(np.float32)
            vector = vector + 0.2 * noise / np.linalg.norm(noise)
            vector /= np.linalg.norm(vector)
            day = date.fromordinal(event_days[ev])
            article_id = f"new{j:05d}"
            key = f"k:e{number}"
            article = Article(
                id=article_id,
                text=f"New report {j} on happening {number}.",
                published=day,
                domain="example.org",
            )
            analysis = Analysis(
                article_id=article_id,
                lang="en",
                lang_score=1.0,
                event_date=day,
                event_date_source="published",
                mentions=(Mention(0, 1, key, "person", key),),
            )
            ws.store.put_analyzed([(article, analysis, vector)], versions={}, model=MODEL_NAME)
            timers["core"] = 0.0
            started = time.perf_counter()
            ws._cluster([article_id])
            total.append(time.perf_counter() - started)
            core.append(timers["core"])
        joined = sum(
            1
            for m in ws.store.memberships([f"new{j:05d}" for j in range(adds)]).values()
            if m.linked_to
        )
        ws.close()
    finally:
        services.assign = original_assign
        candidates_module.CandidateIndex.candidates = original_candidates  # type: ignore[method-assign]
    return {
        "build_index_s": build_seconds,
        "core_p50": float(np.percentile(core, 50)) * 1e3,
        "core_p99": float(np.percentile(core, 99)) * 1e3,
        "total_p50": float(np.percentile(total, 50)) * 1e3,
        "total_p99": float(np.percentile(total, 99)) * 1e3,
        "joined": joined,
        "rss_mb": rss_mb(),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--adds", type=int, default=200)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] + [args.n]
    results = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for n in sizes:
            path = Path(tmp) / f"scale-{n}.db"
            started = time.perf_counter()
            event_days = build(path, n)
            built = time.perf_counter() - started
            result = measure(path, event_days, args.adds)
            result["build_store_s"] = built
            result["db_mb"] = path.stat().st_size / 2**20
            results[n] = result
            print(f"n={n:,}: {result}", file=sys.stderr, flush=True)
    print(f"\nadd-one-article latency, {args.adds} additions each (ms)")
    print(
        f"{'articles':>10}{'store s':>9}{'index s':>9}{'core p50':>10}{'core p99':>10}"
        f"{'place p50':>11}{'place p99':>11}{'joined':>8}{'RSS MB':>9}{'DB MB':>8}"
    )
    for n, r in results.items():
        print(
            f"{n:>10,}{r['build_store_s']:>9.1f}{r['build_index_s']:>9.1f}{r['core_p50']:>10.2f}"
            f"{r['core_p99']:>10.2f}{r['total_p50']:>11.2f}{r['total_p99']:>11.2f}"
            f"{r['joined']:>8}{r['rss_mb']:>9.0f}{r['db_mb']:>8.0f}"
        )
    print(
        "core = CandidateIndex.candidates + link.events.assign; place = all of "
        "Workspace._cluster for the new article (store reads, index catch-up, summary writes)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
