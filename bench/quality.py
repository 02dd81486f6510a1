"""Quality of event clustering on the labelled corpora, printed as a table.

usage: python bench/quality.py [--corpus dev|sample|all] [--json]

The dev corpus (../shared/corpus/dev) is read by path and scored with its own scorer;
the sample corpus is ours (samples/corpus). Floors from the issues are checked and printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
CORPORA = {
    "dev": (SHARED / "dev" / "articles.jsonl", SHARED / "dev" / "gold.jsonl"),
    "sample": (ROOT / "samples/corpus/articles.jsonl", ROOT / "samples/corpus/gold.jsonl"),
}
FLOORS = {"bcubed_f1": 0.85, "crosslingual_pair_recall": 0.80}


def load_scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score_events", SHARED / "score_events.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"scorer not found under {SHARED}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cluster_corpus(articles: Path) -> tuple[list[dict], float]:
    import newsweave
    from newsweave.exports import event_record

    with tempfile.TemporaryDirectory() as tmp:
        ws = newsweave.open(str(Path(tmp) / "bench.db"))
        started = time.perf_counter()
        ws.ingest([str(articles)])
        seconds = time.perf_counter() - started
        events = [event_record(e) for e in ws.events()]
        ws.close()
    return events, seconds


def seed_check(events: list[dict]) -> dict[str, bool]:
    where = {a: e["id"] for e in events for a in e["articles"]}
    seeds = [f"seed-00{i}" for i in range(5)]
    if not all(s in where for s in seeds):
        return {}
    return {
        "seed-001 with seed-002": where["seed-001"] == where["seed-002"],
        "seed-000/003/004 apart": len(
            {where[s] for s in ("seed-000", "seed-003", "seed-004", "seed-001")}
        )
        == 4,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="all", choices=["dev", "sample", "all"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    scorer = load_scorer()
    names = list(CORPORA) if args.corpus == "all" else [args.corpus]
    rows = {}
    for name in names:
        articles, gold = CORPORA[name]
        if not articles.exists():
            print(f"skip {name}: {articles} not found", file=sys.stderr)
            continue
        events, seconds = cluster_corpus(articles)
        gold_rows = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
        result = scorer.score(gold_rows, events)
        result["seconds"] = round(seconds, 1)
        result["articles_per_s"] = round(len(gold_rows) / seconds, 2)
        result.update(seed_check(events))
        rows[name] = result
    if args.json:
        print(json.dumps(rows))
        return 0
    keys = sorted(
        {k for r in rows.values() for k in r},
        key=lambda k: (
            list(next(iter(rows.values()))).index(k) if k in next(iter(rows.values())) else 99
        ),
    )
    print(f"{'metric':30}" + "".join(f"{n:>12}" for n in rows) + f"{'floor':>10}")
    for key in keys:
        cells = "".join(f"{str(r.get(key, '')):>12}" for r in rows.values())
        print(f"{key:30}{cells}{str(FLOORS.get(key, '')):>10}")
    dev = rows.get("dev")
    if dev and any(dev[k] < floor for k, floor in FLOORS.items()):
        print("BELOW FLOOR on dev", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
