"""Candidate partners for a new report: its nearest stored reports in a time window.

Exact clustering scores a new report against every stored report within ``±30`` days; on a
store of millions that window alone holds tens of thousands, and the cost of adding one
report grows with the store. ``CandidateIndex`` answers "the k reports most like this one,
dated near it" from approximate nearest-neighbour graphs (usearch HNSW, cosine, int8), so
the work per new report is bounded by ``k`` and the few graphs it searches, not by the
store.

The window is built into the layout: one graph per date bucket of ``bucket_days`` (event
date, else publication date) plus one for undated reports. A dated query searches only the
buckets its window overlaps and drops hits outside the window; an undated query (its date is
unknown, so it may belong anywhere) searches every bucket. Every query may also return a
bounded number of nearest undated reports, which can belong anywhere.

Persistence: a folder beside the database (``news.db.candidates/``) with one usearch file
and one small sidecar (keys, days, article ids) per bucket, plus ``state.json`` recording the
store state it reflects (count and highest rowid of the embeddings table). ``for_store``
opens it, catches up with rows written since (by rowid) and rebuilds it when it is missing,
of another layout, or the store lost rows. Only changed buckets are written back, so saving
after a live-feed batch costs the current month, not the archive.

An article re-dated into another bucket leaves its old entry behind until the next rebuild;
callers check dates against the store, so a stale hit costs a lookup, never a wrong link.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)

LAYOUT = "candidates@1"
BUCKET_DAYS = 30
UNDATED = -1  # bucket number of reports without any date
NO_DAY = -(2**31)
# HNSW parameters: int8 vectors, 12 links per node, build beam 48, search beam 64. On
# synthetic clustered 384-d vectors (bench/scale.py) this keeps top-10 recall ≈ 0.95 at
# ~8k inserts/s on 2 cores; f16 with beam 128 gains 4 points of recall at 6x the build time.
DTYPE = "i8"
CONNECTIVITY = 12
EXPANSION_ADD = 48
EXPANSION_SEARCH = 64
SAVE_EVERY = 2_000

Row = tuple[str, np.ndarray, date | None]


def article_key(article_id: str) -> int:
    """A stable 63-bit usearch key for an article id."""
    return int.from_bytes(hashlib.sha1(article_id.encode()).digest()[:8], "big") >> 1


def _day(value: date | None) -> int:
    return value.toordinal() if value is not None else NO_DAY


@dataclass
class _Bucket:
    index: Any  # usearch.index.Index
    ids: dict[int, str] = field(default_factory=dict)
    days: dict[int, int] = field(default_factory=dict)
    dirty: bool = False


class CandidateIndex:
    """Nearest stored reports within a time window; see the module docstring."""

    def __init__(
        self, ndim: int, *, folder: Path | None = None, bucket_days: int = BUCKET_DAYS
    ) -> None:
        self.ndim = ndim
        self.folder = folder
        self.bucket_days = bucket_days
        self.fingerprint: tuple[int, int] | None = None
        self.unsaved = 0  # reports added since the last save
        self._buckets: dict[int, _Bucket | None] = {}  # None: on disk, not loaded yet

    # --- building ----------------------------------------------------------------------

    def add(self, rows: Iterable[Row]) -> int:
        """Add (or replace) reports: (article id, unit vector, event or publication date)."""
        grouped: dict[int, list[Row]] = {}
        for row in rows:
            grouped.setdefault(self._bucket_of(row[2]), []).append(row)
        added = 0
        for number, items in grouped.items():
            bucket = self._bucket(number, create=True)
            assert bucket is not None
            keys = np.array([article_key(i) for i, _, _ in items], dtype=np.uint64)
            # One key per article: drop a replaced entry and repeats within the batch.
            unique, first = np.unique(keys[::-1], return_index=True)
            keep = len(keys) - 1 - first
            keys = keys[keep]
            present = [int(k) for k in keys if int(k) in bucket.ids]
            if present:
                bucket.index.remove(np.array(present, dtype=np.uint64))
            vectors = np.stack([np.asarray(items[i][1], dtype=np.float32) for i in keep])
            bucket.index.add(keys, vectors)
            for key, i in zip(keys.tolist(), keep.tolist(), strict=True):
                bucket.ids[key] = items[i][0]
                bucket.days[key] = _day(items[i][2])
            bucket.dirty = True
            added += len(keys)
        return added

    def __len__(self) -> int:
        return sum(len(b.ids) for b in self._loaded_all())

    # --- querying ----------------------------------------------------------------------

    def candidates(
        self,
        vector: np.ndarray,
        event_date: date | None,
        *,
        k: int,
        window_days: int,
        undated: int = 8,
    ) -> list[str]:
        """The ``k`` nearest reports dated within ``window_days`` of ``event_date`` (any date
        when it is None), then up to ``undated`` nearest undated reports; nearest first."""
        query = np.asarray(vector, dtype=np.float32)
        hits: list[tuple[float, str]] = []
        if event_date is None:
            numbers = [n for n in self._buckets if n != UNDATED]
            lo, hi = NO_DAY + 1, 2**31
        else:
            day = event_date.toordinal()
            lo, hi = day - window_days, day + window_days
            numbers = [
                n
                for n in range(lo // self.bucket_days, hi // self.bucket_days + 1)
                if n in self._buckets
            ]
        for number in numbers:
            bucket = self._bucket(number)
            if bucket is not None:
                hits += self._search(bucket, query, k, lo, hi)
        hits.sort()
        out = [article_id for _, article_id in hits[:k]]
        bucket = self._bucket(UNDATED) if UNDATED in self._buckets else None
        if bucket is not None and (undated or event_date is None):
            count = max(undated, k) if event_date is None else undated
            near = self._search(bucket, query, count, NO_DAY, NO_DAY)
            if event_date is None:  # undated reports compete with dated ones
                near = sorted([*hits[:k], *near])[:k]
                out = []
            out += [article_id for _, article_id in near]
        return list(dict.fromkeys(out))

    @staticmethod
    def _search(
        bucket: _Bucket, query: np.ndarray, k: int, lo: int, hi: int
    ) -> list[tuple[float, str]]:
        size = len(bucket.ids)
        if not size:
            return []
        # Edge buckets hold reports outside the window: ask for more, keep those inside.
        matches = bucket.index.search(query, min(size, 2 * k))
        out = []
        for key, distance in zip(matches.keys.tolist(), matches.distances.tolist(), strict=True):
            day = bucket.days.get(key)
            if day is not None and lo <= day <= hi:
                out.append((float(distance), bucket.ids[key]))
        return out[:k]

    # --- persistence -------------------------------------------------------------------

    def save(self) -> None:
        """Write the changed buckets and the state file (nothing without a folder)."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for number, bucket in self._buckets.items():
            if bucket is None or not bucket.dirty:
                continue
            stem = self.folder / _stem(number)
            bucket.index.save(str(stem.with_suffix(".usearch")))
            keys = np.fromiter(bucket.ids, dtype=np.uint64, count=len(bucket.ids))
            np.savez(
                stem.with_suffix(".npz"),
                keys=keys,
                days=np.array([bucket.days[k] for k in keys.tolist()], dtype=np.int64),
                ids=np.array([bucket.ids[k] for k in keys.tolist()], dtype=str),
            )
            bucket.dirty = False
        self.unsaved = 0
        state = {
            "layout": LAYOUT,
            "ndim": self.ndim,
            "dtype": DTYPE,
            "bucket_days": self.bucket_days,
            "fingerprint": list(self.fingerprint) if self.fingerprint else None,
            "buckets": sorted(self._buckets),
        }
        (self.folder / "state.json").write_text(json.dumps(state), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, *, ndim: int, bucket_days: int = BUCKET_DAYS) -> CandidateIndex:
        """The index saved in ``folder``; an empty one when it is missing or of another
        layout (buckets are read lazily, on first use)."""
        index = cls(ndim, folder=folder, bucket_days=bucket_days)
        try:
            state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return index
        expected = {"layout": LAYOUT, "ndim": ndim, "dtype": DTYPE, "bucket_days": bucket_days}
        if any(state.get(name) != value for name, value in expected.items()):
            log.info("candidate index at %s has another layout; rebuilding", folder)
            return index
        index._buckets = dict.fromkeys(int(n) for n in state.get("buckets", []))
        fingerprint = state.get("fingerprint")
        index.fingerprint = tuple(fingerprint) if fingerprint else None  # type: ignore[assignment]
        return index

    def clear(self) -> None:
        """Forget everything, on disk too."""
        self._buckets = {}
        self.fingerprint = None
        if self.folder is not None and self.folder.exists():
            shutil.rmtree(self.folder)

    # --- internals ---------------------------------------------------------------------

    def _bucket_of(self, value: date | None) -> int:
        return UNDATED if value is None else value.toordinal() // self.bucket_days

    def _new_index(self) -> Any:
        from usearch.index import Index

        return Index(
            ndim=self.ndim,
            metric="cos",
            dtype=DTYPE,
            connectivity=CONNECTIVITY,
            expansion_add=EXPANSION_ADD,
            expansion_search=EXPANSION_SEARCH,
        )

    def _bucket(self, number: int, *, create: bool = False) -> _Bucket | None:
        bucket = self._buckets.get(number)
        if bucket is not None:
            return bucket
        if number in self._buckets and self.folder is not None:
            bucket = self._read(number)
        elif create:
            bucket = _Bucket(self._new_index())
        if bucket is not None:
            self._buckets[number] = bucket
        return bucket

    def _read(self, number: int) -> _Bucket | None:
        assert self.folder is not None
        stem = self.folder / _stem(number)
        try:
            index = self._new_index()
            index.load(str(stem.with_suffix(".usearch")))
            with np.load(stem.with_suffix(".npz")) as data:
                keys = data["keys"].tolist()
                days = data["days"].tolist()
                ids = data["ids"].tolist()
        except (OSError, ValueError, RuntimeError) as exc:
            log.warning("candidate bucket %s unreadable (%s); it starts empty", stem, exc)
            self.fingerprint = None  # force a rebuild at the next sync
            return _Bucket(self._new_index(), dirty=True)
        return _Bucket(index, dict(zip(keys, ids, strict=True)), dict(zip(keys, days, strict=True)))

    def _loaded_all(self) -> Iterator[_Bucket]:
        for number in list(self._buckets):
            bucket = self._bucket(number)
            if bucket is not None:
                yield bucket


def _stem(number: int) -> str:
    return "undated" if number == UNDATED else f"b{number:06d}"


class IndexedStore(Protocol):
    """What ``for_store`` needs from a store (``store.base.Store`` provides it)."""

    path: str

    def embedding_state(self, *, model: str) -> tuple[int, int]: ...
    def max_embedding_rowid(self, *, model: str) -> int: ...
    def embedding_rows(
        self, *, model: str, after_rowid: int = 0, batch: int = 20_000
    ) -> Iterator[Sequence[Row]]: ...


def index_folder(store_path: str) -> Path | None:
    """Where the index of a database file lives; None for server databases and memory."""
    if "://" in store_path or store_path in ("", ":memory:"):
        return None
    return Path(store_path + ".candidates")


def for_store(
    store: IndexedStore,
    *,
    model: str,
    ndim: int,
    index: CandidateIndex | None = None,
) -> CandidateIndex:
    """The candidate index of ``store``, brought up to date with it and saved.

    Rows written since the index's fingerprint are added (a live feed's new reports); when
    the store lost rows, or the index is missing or unreadable, it is rebuilt from the store.
    """
    if index is None or index.fingerprint is None:
        if index is None:
            folder = index_folder(store.path)
            index = (
                CandidateIndex.load(folder, ndim=ndim)
                if folder is not None
                else CandidateIndex(ndim)
            )
        state = store.embedding_state(model=model)  # counts: catches deletions, O(store)
    else:
        # An index in use was synced by this process: only newer rows can be missing, and
        # the highest rowid tells without counting the store.
        state = (index.fingerprint[0], store.max_embedding_rowid(model=model))
    if index.fingerprint == state:
        return index
    after = 0
    fp = index.fingerprint
    if fp is None or state[0] < fp[0] or state[1] < fp[1]:
        if fp is not None or index._buckets:
            log.info("rebuilding the candidate index (%d vectors)", state[0])
        index.clear()
    else:
        after = fp[1]
    added = 0
    for rows in store.embedding_rows(model=model, after_rowid=after):
        added += index.add(rows)
    index.fingerprint = state
    index.unsaved += added
    # Saving is a checkpoint, not a commit: rows written after the saved fingerprint are read
    # back on the next open. So a live feed writes the index every SAVE_EVERY reports, not
    # after each one (a month's bucket is megabytes).
    if after == 0 or index.unsaved >= SAVE_EVERY:
        index.fingerprint = store.embedding_state(model=model)
        index.save()
    return index
