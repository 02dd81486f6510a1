"""The candidate index, the store's scale methods, and the incremental agglomeration."""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from newsweave.link import events
from newsweave.link.candidates import CandidateIndex, for_store, index_folder
from newsweave.link.events import Features, PairContext, PairModel, assign
from newsweave.model import Analysis, Article, Mention
from newsweave.pipeline import Doc, register
from newsweave.store.sqlite import SQLiteStore

DIM = 16


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _vec(seed: int | str) -> np.ndarray:
    digest = hashlib.sha1(str(seed).encode()).digest()
    rng = np.random.default_rng(int.from_bytes(digest[:8], "big"))
    return _unit(rng.standard_normal(DIM))


def _vec384(seed: str) -> np.ndarray:
    digest = hashlib.sha1(seed.encode()).digest()
    return _unit(np.random.default_rng(int.from_bytes(digest[:8], "big")).standard_normal(384))


# --- CandidateIndex ------------------------------------------------------------------------


def test_candidates_are_nearest_within_the_window() -> None:
    index = CandidateIndex(DIM)
    base = date(2024, 3, 1)
    query = _vec("q")
    rows = []
    for i in range(300):
        vector = _unit(query + 0.05 * i * _vec(i))  # the higher i, the further from query
        rows.append((f"a{i:03d}", vector, base + timedelta(days=(i % 200) - 100)))
    index.add(rows)
    got = index.candidates(query, base, k=10, window_days=30, undated=0)
    inside = [r for r in rows if abs((r[2] - base).days) <= 30]
    expected = sorted(inside, key=lambda r: -float(r[1] @ query))[:10]
    assert len(got) == 10
    assert len(set(got) & {r[0] for r in expected}) >= 8  # approximate, but close
    assert all(abs((dict((r[0], r[2]) for r in rows)[i] - base).days) <= 30 for i in got)


def test_undated_reports_come_bounded_and_undated_queries_search_everywhere() -> None:
    index = CandidateIndex(DIM)
    query = _vec("q")
    index.add([(f"u{i}", _unit(query + 0.1 * _vec(f"u{i}")), None) for i in range(20)])
    index.add([("far", query, date(2020, 1, 1)), ("near", query, date(2024, 1, 1))])
    got = index.candidates(query, date(2024, 1, 5), k=5, window_days=30, undated=3)
    assert got[0] == "near" and "far" not in got
    assert len([i for i in got if i.startswith("u")]) == 3
    anywhere = index.candidates(query, None, k=4, window_days=30)
    assert {"far", "near"} <= set(anywhere) and len(anywhere) == 4


def test_a_replaced_report_is_found_once_with_its_new_vector() -> None:
    index = CandidateIndex(DIM)
    day = date(2024, 5, 5)
    index.add([("a", _vec(1), day), ("b", _vec(2), day)])
    index.add([("a", _vec(2), day)])
    assert len(index) == 2
    assert index.candidates(_vec(2), day, k=2, window_days=3, undated=0) == ["a", "b"] or set(
        index.candidates(_vec(2), day, k=2, window_days=3, undated=0)
    ) == {"a", "b"}


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "news.db.candidates"
    index = CandidateIndex(DIM, folder=folder)
    rows = [(f"a{i}", _vec(i), date(2023, 1, 1) + timedelta(days=i)) for i in range(100)]
    index.add([*rows, ("u", _vec("u"), None)])
    index.fingerprint = (101, 101)
    index.save()
    loaded = CandidateIndex.load(folder, ndim=DIM)
    assert loaded.fingerprint == (101, 101)
    assert len(loaded) == 101
    assert loaded.candidates(_vec(50), date(2023, 2, 20), k=1, window_days=2, undated=0) == ["a50"]
    assert "u" in loaded.candidates(_vec("u"), None, k=3, window_days=2)
    # another layout is not trusted
    assert CandidateIndex.load(folder, ndim=DIM + 1).fingerprint is None


def test_index_folder_sits_beside_a_file_database() -> None:
    assert index_folder("/x/news.db") == Path("/x/news.db.candidates")
    assert index_folder("postgresql://u@h/db") is None
    assert index_folder(":memory:") is None


# --- the store side: sync, key frequencies --------------------------------------------------


def _put(store: SQLiteStore, items: Sequence[tuple[str, date | None, int, Sequence[str]]]) -> None:
    rows = []
    for article_id, day, seed, keys in items:
        article = Article(id=article_id, text=f"text of {article_id}", published=day)
        mentions = tuple(Mention(0, 1, k, "person", k) for k in keys)
        analysis = Analysis(article_id=article_id, lang="en", event_date=day, mentions=mentions)
        rows.append((article, analysis, _vec(seed)))
    store.put_analyzed(rows, versions={}, model="m")


def test_for_store_builds_catches_up_and_rebuilds(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "news.db")
    _put(store, [(f"a{i}", date(2024, 1, 1) + timedelta(days=i), i, ()) for i in range(50)])
    index = for_store(store, model="m", ndim=DIM)
    assert len(index) == 50 and index.fingerprint == store.embedding_state(model="m")
    assert (tmp_path / "news.db.candidates" / "state.json").exists()

    _put(store, [("new", date(2024, 1, 10), "new", ())])
    index = for_store(store, model="m", ndim=DIM, index=index)
    assert len(index) == 51
    assert index.candidates(_vec("new"), date(2024, 1, 10), k=1, window_days=3) == ["new"]

    reopened = for_store(store, model="m", ndim=DIM)  # from disk, nothing to do
    assert len(reopened) == 51

    store.db.execute("DELETE FROM articles WHERE id IN ('a3', 'a4')")
    store.db.commit()
    # a live index only looks for newer rows; opening from disk counts, sees the loss, rebuilds
    assert len(for_store(store, model="m", ndim=DIM, index=reopened)) == 51
    rebuilt = for_store(store, model="m", ndim=DIM)
    assert len(rebuilt) == 49
    assert rebuilt.fingerprint == store.embedding_state(model="m")
    store.close()


def test_key_frequencies_count_articles_not_mentions(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "news.db")
    _put(store, [("a", None, 1, ["k:x", "k:x", "k:y"]), ("b", None, 2, ["k:x"])])
    assert store.key_frequencies(["k:x", "k:y", "k:z"]) == {"k:x": 2, "k:y": 1}
    _put(store, [("a", None, 1, ["k:y"])])  # re-analyzed: no longer mentions k:x
    assert store.key_frequencies(["k:x", "k:y"]) == {"k:x": 1, "k:y": 1}
    store.db.execute("DELETE FROM articles WHERE id = 'b'")
    assert store.key_frequencies(["k:x", "k:y"]) == {"k:y": 1}
    expected = dict(
        store.db.execute("SELECT key, COUNT(DISTINCT article_id) FROM mentions GROUP BY key")
    )
    assert store.key_frequencies(expected) == expected
    assert store.count_analyses() == 1
    store.close()


def test_article_dates_and_members_of_events(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "news.db")
    _put(store, [("a", date(2024, 2, 2), 1, ()), ("b", None, 2, ())])
    assert store.article_dates(["a", "b", "zz"]) == {"a": date(2024, 2, 2), "b": None}
    assert store.members_of_events(["nope"]) == {}
    store.close()


# --- assign: the incremental agglomeration equals the full recomputation --------------------


def _reference_assign(new, context, current, *, ctx, model, must_link, cannot_link):  # type: ignore[no-untyped-def]
    """``link.events.assign`` as it was before linkages were cached (every linkage of every
    cluster pair recomputed each round), kept here to pin that results did not change."""
    by_id = {f.id: f for f in [*context, *new]}
    clusters: dict[str, list[str]] = {}
    for f in context:
        clusters.setdefault(current[f.id], []).append(f.id)
    new_ids = [f.id for f in new]
    fixed = set(clusters)
    for article_id in new_ids:
        clusters[f"new:{article_id}"] = [article_id]
    for group in events._must_link_groups(list(by_id), must_link):
        names = [name for name, members in clusters.items() if set(members) & group]
        keep = next((n for n in names if n in fixed), names[0])
        for name in names:
            if name != keep:
                clusters[keep] += clusters.pop(name)
                fixed.discard(name)
    pairs = {}
    for i, a in enumerate(new):
        for b in [*new[i + 1 :], *context]:
            key = events._key(a.id, b.id)
            if key in cannot_link:
                pairs[key] = events.PairScore(-math.inf, True, {"veto": "analyst: kept apart"})
            elif key in must_link:
                pairs[key] = events.PairScore(events.ANALYST_LINK, False, {"analyst": "kept"})
            else:
                pairs[key] = events.pair_score(a, b, ctx, model)
    combine = events._LINKAGES[model.linkage]

    def linkage(x, y):  # type: ignore[no-untyped-def]
        scores = []
        for p in x:
            for q in y:
                pair = pairs.get(events._key(p, q))
                if pair is None or pair.vetoed:
                    return -math.inf
                scores.append(pair.score)
        return combine(scores)

    while True:
        best, best_pair = model.threshold, None
        names = list(clusters)
        for i, x in enumerate(names):
            for y in names[i + 1 :]:
                if x in fixed and y in fixed:
                    continue
                value = linkage(clusters[x], clusters[y])
                if value > best:
                    best, best_pair = value, (x, y)
        if best_pair is None:
            break
        x, y = best_pair
        keep, drop = (y, x) if y in fixed else (x, y)
        clusters[keep] = clusters[keep] + clusters.pop(drop)
    return {name: list(members) for name, members in clusters.items()}


def _random_case(seed: int) -> tuple[list[Features], list[Features], dict[str, str], set]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    centers = [_vec(f"c{seed}-{i}") for i in range(6)]
    base = date(2024, 6, 1)

    def feature(article_id: str) -> Features:
        topic = rng.randrange(len(centers))
        noise = np.array([rng.gauss(0, 1) for _ in range(DIM)], dtype=np.float32)
        return Features(
            id=article_id,
            vector=_unit(centers[topic] + rng.choice([0.2, 0.4, 0.8]) * _unit(noise)),
            event_date=base + timedelta(days=rng.choice([0, 1, 2, 20, 60])),
            date_kind=rng.choice(["reliable", "reliable", "unchecked", "none"]),  # type: ignore[arg-type]
            keys=frozenset(rng.sample([f"k:{topic}", f"k:{topic}b", "k:common", "k:z"], 2)),
            editions=(rng.choice([12, 13]),) if rng.random() < 0.15 else (),
            lang=rng.choice(["en", "ru"]),
        )

    context = [feature(f"c{i:02d}") for i in range(rng.randrange(0, 14))]
    current = {f.id: f"ev-{rng.randrange(4)}" for f in context}
    new = [feature(f"n{i:02d}") for i in range(rng.randrange(1, 16))]
    ids = [f.id for f in [*new, *context]]
    pairs = set()
    for _ in range(rng.randrange(0, 3)):
        a, b = rng.sample(ids, 2)
        pairs.add((min(a, b), max(a, b)))
    return new, context, current, pairs


@pytest.mark.parametrize("linkage", ["average", "single", "complete", "mean-max"])
def test_incremental_agglomeration_equals_full_recomputation(linkage: str) -> None:
    weights = {"similarity_z": 0.5, "same_language": 0.3, "shared_names": 2.0, "same_days": 1.0}
    model = PairModel(weights=weights, bias=-1.0, threshold=0.0, linkage=linkage)
    ctx = PairContext(idf={"k:common": 0.1})
    for seed in range(60):
        new, context, current, links = _random_case(seed)
        must = set(list(links)[:1])
        cannot = set(list(links)[1:])
        expected = _reference_assign(
            new, context, current, ctx=ctx, model=model, must_link=must, cannot_link=cannot
        )
        got = assign(
            new, context, current, ctx=ctx, model=model, must_link=must, cannot_link=cannot
        )
        placed = {}
        for m in got:
            placed.setdefault(m.event_id, []).append(m.article_id)
        new_ids = {f.id for f in new}
        want = sorted(
            sorted(i for i in members if i in new_ids)
            for members in expected.values()
            if set(members) & new_ids
        )
        assert sorted(sorted(v) for v in placed.values()) == want, f"seed {seed}"
        # and the same events: new reports join the same existing ones
        for name, members in expected.items():
            if not name.startswith("new:"):
                for article_id in set(members) & new_ids:
                    assert next(m.event_id for m in got if m.article_id == article_id) == name


def test_candidates_limit_which_pairs_are_scored() -> None:
    model = PairModel(weights={"similarity_z": 1.0}, bias=0.0, threshold=0.0)
    ctx = PairContext()
    a, b = Features("a", _vec(1)), Features("b", _vec(1))
    c = Features("c", _vec(1))
    together = assign([a, b, c], [], {}, ctx=ctx, model=model)
    assert len({m.event_id for m in together}) == 1
    apart = assign([a, b, c], [], {}, ctx=ctx, model=model, candidates={"a": {"b"}})
    by = {m.article_id: m.event_id for m in apart}
    assert by["a"] == by["b"] != by["c"]


# --- the workspace above the threshold ------------------------------------------------------


class _SyntheticStage:
    """Language, one dated event key and a vector per synthetic report, from its text."""

    name, version = "test-synthetic", "1"
    needs = frozenset({"article.text"})
    provides = frozenset({"analysis.lang", "analysis.mentions", "analysis.event_date", "embedding"})

    def process(self, docs: Sequence[Doc]) -> list[Doc]:
        out = []
        for doc in docs:
            event = doc.article.text.split()[1]
            mention = Mention(0, 5, f"Name{event}", "person", f"k:name{event}")
            analysis = replace(
                doc.analysis,
                lang="en",
                lang_score=1.0,
                mentions=(mention,),
                event_date=doc.article.published,
                event_date_source="published",
            )
            vector = _unit(_vec384(f"event{event}") + 0.3 * _vec384(doc.article.id))
            out.append(replace(doc, analysis=analysis, embedding=vector))
        return out


register("test-synthetic")(_SyntheticStage)


def _records(n_events: int, per_event: int) -> list[dict[str, object]]:
    rng = random.Random(7)
    out = []
    for event in range(n_events):
        day = date(2024, 1, 1) + timedelta(days=5 * event)
        for j in range(per_event):
            out.append(
                {
                    "id": f"e{event:03d}-{j}",
                    "title": f"Report {j} on happening {event}",
                    "text": f"event {event} report {j} " + "filler " * rng.randrange(3, 9),
                    "published": (day + timedelta(days=rng.randrange(2))).isoformat(),
                }
            )
    rng.shuffle(out)
    return out


def _partition(ws) -> list[list[str]]:  # type: ignore[no-untyped-def]
    groups: dict[str, list[str]] = {}
    for article_id, m in ws.store.memberships().items():
        groups.setdefault(m.event_id, []).append(article_id)
    return sorted(sorted(v) for v in groups.values())


def test_indexed_clustering_matches_exact_on_a_small_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsweave import services
    from newsweave.services import Workspace

    records = _records(12, 4)
    partitions = []
    for threshold in (10**9, 0):
        monkeypatch.setattr(services, "INDEX_THRESHOLD", threshold)
        ws = Workspace.open(str(tmp_path / f"t{threshold}.db"), stages=["test-synthetic"])
        ws.ingest(records[:20])  # then two incremental batches: new reports join old events
        ws.ingest(records[20:35])
        ws.ingest(records[35:])
        partitions.append(_partition(ws))
        ws.close()
    assert partitions[0] == partitions[1]
    # every synthetic event's reports end up together (the model may join two neighbours
    # whose random vectors happen to be close, both ways alike)
    group_of = {a: tuple(group) for group in partitions[0] for a in group}
    for event in range(12):
        assert len({group_of[a] for a in group_of if a.startswith(f"e{event:03d}-")}) == 1
    assert 10 <= len(partitions[0]) <= 12
    assert (tmp_path / "t0.db.candidates" / "state.json").exists()
