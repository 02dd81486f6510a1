"""A bounded load test of the REST API on loopback; stops by itself.

usage: python bench/load.py [--seconds 30] [--clients 8] [--db news.db]

Without ``--db`` it builds a database from samples/corpus/articles.jsonl (real models, about
20 s). It starts ``newsweave serve`` on 127.0.0.1 on a free port, then ``--clients`` threads,
each with its own httpx client, cycle through /api/v1/events, /api/v1/events/{id},
/api/v1/entities and /api/v1/search?q=...&mode=text until the time is up. Prints requests/s,
p50/p99 latency (overall and per endpoint) and the error count (any status >= 400, or a
failed request); exits 1 when there were errors.
"""

from __future__ import annotations

import argparse
import itertools
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus" / "articles.jsonl"
QUERIES = ["Putin", "Moldova", "summit", "Шойгу", "ministru", "minister OR president", "NATO"]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from newsweave.cli import main; main()", *args]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_db(path: Path) -> None:
    subprocess.run(cli("run", str(SAMPLES), "--db", str(path), "--quiet"), check=True, cwd=ROOT)


@contextmanager
def served(db: str, *, startup: float = 60.0) -> Iterator[str]:
    """``newsweave serve`` on a free loopback port; yields its base URL, stops it after."""
    port = free_port()
    proc = subprocess.Popen(
        cli("serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                )
            try:
                if httpx.get(base + "/api/v1/events?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start in time")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def targets(base: str) -> list[tuple[str, str]]:
    """(endpoint name, URL) pairs to cycle through, from what the database holds."""
    events = httpx.get(base + "/api/v1/events?limit=20", timeout=10).json()["items"]
    urls = [("events", "/api/v1/events"), ("entities", "/api/v1/entities")]
    urls += [("event", f"/api/v1/events/{e['id']}") for e in events[:10]]
    urls += [("search", f"/api/v1/search?q={q}&mode=text") for q in QUERIES]
    return [(name, base + url) for name, url in urls]


def run_load(base: str, *, seconds: float, clients: int) -> dict[str, Any]:
    """Hammer ``base`` for ``seconds`` with ``clients`` threads; return the figures."""
    plan = targets(base)
    latencies: dict[str, list[float]] = {name: [] for name, _ in plan}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        mine: list[tuple[str, float]] = []
        failed: list[str] = []
        with httpx.Client(timeout=30) as http:
            for name, url in itertools.islice(itertools.cycle(plan), offset, None):
                if time.monotonic() >= deadline:
                    break
                started = time.perf_counter()
                try:
                    response = http.get(url)
                    if response.status_code >= 400:
                        failed.append(f"{response.status_code} {url}: {response.text[:200]}")
                except httpx.HTTPError as exc:
                    failed.append(f"{type(exc).__name__} {url}: {exc}")
                mine.append((name, time.perf_counter() - started))
        with lock:
            for name, seconds_taken in mine:
                latencies[name].append(seconds_taken)
            errors.extend(failed)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i * 3,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    everything = [x for values in latencies.values() for x in values]
    return {
        "requests": len(everything),
        "seconds": elapsed,
        "rps": len(everything) / elapsed if elapsed else 0.0,
        "p50_ms": _percentile(everything, 50),
        "p99_ms": _percentile(everything, 99),
        "errors": len(errors),
        "error_samples": errors[:5],
        "by_endpoint": {
            name: {
                "requests": len(values),
                "p50_ms": _percentile(values, 50),
                "p99_ms": _percentile(values, 99),
            }
            for name, values in latencies.items()
            if values
        },
    }


def _percentile(values: list[float], q: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--db", help="an existing database (default: build one from samples)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = str(Path(tmp) / "load.db")
            print(f"building {db} from {SAMPLES.relative_to(ROOT)} ...", flush=True)
            build_db(Path(db))
        with served(db) as base:
            print(f"serving on {base}; {args.clients} clients for {args.seconds:g} s", flush=True)
            figures = run_load(base, seconds=args.seconds, clients=args.clients)
    print(
        f"requests {figures['requests']}  {figures['rps']:.1f} req/s  "
        f"p50 {figures['p50_ms']:.1f} ms  p99 {figures['p99_ms']:.1f} ms  "
        f"errors {figures['errors']}"
    )
    for name, row in figures["by_endpoint"].items():
        print(
            f"  {name:>9}: {row['requests']:>6} requests  p50 {row['p50_ms']:.1f} ms  "
            f"p99 {row['p99_ms']:.1f} ms"
        )
    for sample in figures["error_samples"]:
        print(f"  error: {sample}")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
