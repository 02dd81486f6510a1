"""Search services: full text (SQLite FTS5, trigram) and cross-lingual semantic search (e5),
plus sentence alignment to English for readers without machine translation.

The CLI, the REST API and the web UI call these; SQL stays in the store. Embedding work is
lazy and cached in memory per process (a :class:`Searcher` holds the caches), because the
4-bit e5 model costs ~80 ms per sentence on a laptop CPU.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import numpy as np

from .analyze.embed import MODEL_NAME
from .analyze.normalize import sentence_bounds
from .model import Article
from .store import Store

log = logging.getLogger(__name__)

# Below this many articles a numpy matrix product is faster than building an ANN index
# (2000 x 384 float32 is 3 MB, scored in well under a millisecond); above it, usearch.
USEARCH_MIN_ARTICLES = 2000
MAX_SENTENCES = 40  # per article: enough for the lead and body of a news report
MIN_SENTENCE_CHARS = 12
TRIGRAM = 3  # FTS5's trigram tokenizer cannot match terms shorter than this


class Embedder(Protocol):
    def passages(self, texts: Sequence[str]) -> np.ndarray: ...
    def query(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class Snippet:
    """A sentence cut around its match, so a page can escape each piece and mark the middle."""

    before: str
    match: str
    after: str
    start: int  # offsets of the match in the article text
    end: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    title: str | None
    lang: str
    score: float
    event_id: str | None
    published: date | None
    snippet: Snippet | None


@dataclass(frozen=True, slots=True)
class Aligned:
    """The English sentence closest in embedding space to one non-English sentence."""

    start: int
    end: int
    english_article: str
    english_text: str
    score: float


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (``analyze.normalize.sentence_bounds``) with surrounding space trimmed."""
    spans = []
    for start, end in sentence_bounds(text):
        piece = text[start:end]
        lead, trail = len(piece) - len(piece.lstrip()), len(piece.rstrip())
        spans.append((start + lead, start + trail))
    return spans


def snippet_at(text: str, start: int, end: int) -> Snippet:
    """The sentence holding ``text[start:end]``, split into before / match / after."""
    for s, e in split_sentences(text):
        if s <= start < e or (start == end == s):
            e = max(e, end)
            return Snippet(text[s:start], text[start:end], text[end:e], start, end)
    return Snippet("", text[start:end], "", start, end)


# --- full text ---------------------------------------------------------------------------


def fts_query(query: str) -> tuple[str | None, list[str]]:
    """An FTS5 MATCH expression of the query's terms (each a quoted substring, all required)
    and the terms too short for the trigram index, which are checked afterwards."""
    terms = [t for t in query.replace('"', " ").split() if t]
    long_terms = [t for t in terms if len(t) >= TRIGRAM]
    match = " ".join(f'"{t}"' for t in long_terms) or None
    return match, [t for t in terms if len(t) < TRIGRAM]


def text_search(store: Store, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Articles containing every term of ``query`` (substrings in any script), best first."""
    query = query.strip()
    if not query:
        return []
    match, short = fts_query(query)
    terms = query.replace('"', " ").split()
    if match and store.has_text_index():
        found = store.search_text(match, limit=limit * 4 if short else limit)
        ids = [i for i, _ in found]
        scores = {i: -s for i, s in found}  # bm25: lower is better; show higher-is-better
    else:
        ids = store.search_substring(terms, limit=limit)
        scores = {i: 0.0 for i in ids}
    articles = {a.id: a for a in store.articles(ids)}
    if short:
        ids = [i for i in ids if all(_find(_full(articles[i]), t) for t in short)]
    ids = ids[:limit]
    langs = store.article_langs(ids)
    events = {m.article_id: m.event_id for m in store.memberships(ids).values()}
    hits = []
    for i in ids:
        article = articles[i]
        found_at = next(
            (f for t in sorted(terms, key=len, reverse=True) if (f := _find(article.text, t))), None
        )
        hits.append(
            SearchHit(
                article_id=i,
                title=article.title,
                lang=langs.get(i, "und"),
                score=round(scores.get(i, 0.0), 3),
                event_id=events.get(i),
                published=article.published,
                snippet=snippet_at(article.text, *found_at) if found_at else None,
            )
        )
    return hits


def _full(article: Article) -> str:
    return f"{article.title or ''}\n{article.text}"


def _find(text: str, term: str) -> tuple[int, int] | None:
    m = re.search(re.escape(term), text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


# --- vectors -------------------------------------------------------------------------------


class ArticleVectors:
    """Article embeddings with per-language centroids, searchable by cosine similarity."""

    def __init__(self, vectors: dict[str, np.ndarray], langs: dict[str, str]) -> None:
        self.ids = sorted(vectors)
        self.langs = [langs.get(i, "und") for i in self.ids]
        dim = len(next(iter(vectors.values()))) if vectors else 384
        self.matrix = (
            np.stack([vectors[i] for i in self.ids]).astype(np.float32)
            if self.ids
            else np.zeros((0, dim), dtype=np.float32)
        )
        self.centroids = {
            lang: self.matrix[[k for k, x in enumerate(self.langs) if x == lang]].mean(axis=0)
            for lang in set(self.langs)
        }
        self._usearch: Any = None
        if len(self.ids) > USEARCH_MIN_ARTICLES:
            from usearch.index import Index

            self._usearch = Index(ndim=dim, metric="cos", dtype="f32")
            self._usearch.add(np.arange(len(self.ids)), self.matrix)

    def nearest(self, q: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(row, cosine similarity), most similar first."""
        if not self.ids:
            return []
        k = min(k, len(self.ids))
        if self._usearch is not None:
            found = self._usearch.search(q.astype(np.float32), k)
            return [
                (int(key), 1.0 - float(dist))
                for key, dist in zip(found.keys, found.distances, strict=True)
            ]
        scores = self.matrix @ q
        order = np.argsort(-scores, kind="stable")[:k]
        return [(int(j), float(scores[j])) for j in order]


class SentenceIndex:
    """Sentence embeddings per article, computed on first use and kept (LRU) in memory."""

    def __init__(self, embedder: Embedder, *, capacity: int = 5000) -> None:
        self.embedder = embedder
        self.capacity = capacity
        self._cache: OrderedDict[tuple[str, int], tuple[list[tuple[int, int]], np.ndarray]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()  # one model, one caller at a time

    def get(
        self, articles: Iterable[Article]
    ) -> dict[str, tuple[list[tuple[int, int]], np.ndarray]]:
        """Spans and vectors per article; missing ones are embedded in one batch."""
        articles = list(articles)
        with self._lock:
            missing = [a for a in articles if _key(a) not in self._cache]
            spans = {
                a.id: [(s, e) for s, e in split_sentences(a.text) if e - s >= MIN_SENTENCE_CHARS][
                    :MAX_SENTENCES
                ]
                for a in missing
            }
            texts = [a.text[s:e] for a in missing for s, e in spans[a.id]]
            vectors = self.embedder.passages(texts) if texts else np.zeros((0, 384), np.float32)
            row = 0
            for a in missing:
                n = len(spans[a.id])
                self._cache[_key(a)] = (spans[a.id], vectors[row : row + n])
                row += n
            out = {}
            for a in articles:
                self._cache.move_to_end(_key(a))
                out[a.id] = self._cache[_key(a)]
            while len(self._cache) > self.capacity:
                self._cache.popitem(last=False)
            return out


def _key(article: Article) -> tuple[str, int]:
    return article.id, hash(article.text)


class Searcher:
    """Semantic search and English alignment with their in-memory caches (one per app)."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        if embedder is None:
            from .analyze.embed import E5Embedder

            embedder = E5Embedder()
        self.embedder = embedder
        self.sentences = SentenceIndex(embedder)
        self._vectors: dict[tuple[str, int], ArticleVectors] = {}
        self._aligned: dict[tuple[str, ...], dict[str, list[Aligned]]] = {}
        self._lock = threading.Lock()

    def vectors(self, store: Store) -> ArticleVectors:
        # Keyed by the article count, so an ingest (which adds rows) rebuilds the index.
        key = (store.path, store.count_articles())
        with self._lock:
            if key not in self._vectors:
                self._vectors = {
                    key: ArticleVectors(store.embeddings(model=MODEL_NAME), store.article_langs())
                }
            return self._vectors[key]

    def semantic(
        self,
        store: Store,
        query: str,
        *,
        limit: int = 30,
        per_language: int = 3,
        highlight: int = 10,
    ) -> list[SearchHit]:
        """Reports about what ``query`` asks, in every language, best first.

        Multilingual e5 scores same-language pairs higher: on the sample corpus a Russian
        query ranks all nine Russian reports above the Persian report of the same meeting
        (raw rank 20-23 of 43). So scores are centred per language (minus the query's
        similarity to that language's centroid) and results interleave languages: each
        language's best hit first, then each one's second, and so on (``per_language`` deep).
        A hit must beat its language's average to be shown at all.
        """
        query = query.strip()
        if not query:
            return []
        index = self.vectors(store)
        with self.sentences._lock:
            q = self.embedder.query(query)
        candidates = index.nearest(q, max(limit * 20, 200))
        centred = [
            (row, score, score - float(index.centroids[index.langs[row]] @ q))
            for row, score in candidates
        ]
        by_lang: dict[str, list[tuple[int, float, float]]] = {}
        for item in sorted(centred, key=lambda c: -c[2]):
            if item[2] > 0:
                by_lang.setdefault(index.langs[item[0]], []).append(item)
        ranked = sorted(
            (
                (tier, item)
                for items in by_lang.values()
                for tier, item in enumerate(items[:per_language])
            ),
            key=lambda t: (t[0], -t[1][2]),
        )[:limit]
        ids = [index.ids[item[0]] for _, item in ranked]
        articles = {a.id: a for a in store.articles(ids)}
        events = {m.article_id: m.event_id for m in store.memberships(ids).values()}
        best = self._best_sentences([articles[i] for i in ids[:highlight]], q)
        return [
            SearchHit(
                article_id=i,
                title=articles[i].title,
                lang=index.langs[item[0]],
                score=round(item[1], 3),
                event_id=events.get(i),
                published=articles[i].published,
                snippet=snippet_at(articles[i].text, *best[i]) if i in best else None,
            )
            for i, (_, item) in zip(ids, ranked, strict=True)
        ]

    def _best_sentences(self, articles: list[Article], q: np.ndarray) -> dict[str, tuple[int, int]]:
        out = {}
        for article_id, (spans, vectors) in self.sentences.get(articles).items():
            if spans:
                out[article_id] = spans[int(np.argmax(vectors @ q))]
        return out

    def align(self, reports: Sequence[tuple[Article, str]]) -> dict[str, list[Aligned]]:
        """For each non-English report, its sentences with the closest English sentence from
        the English reports given (same event). Not a translation: a nearest neighbour."""
        key = tuple(sorted(f"{a.id}:{hash(a.text)}" for a, _ in reports))
        if key in self._aligned:
            return self._aligned[key]
        english = [a for a, lang in reports if lang == "en"]
        others = [a for a, lang in reports if lang not in ("en", "und")]
        if not english or not others:
            return {}
        embedded = self.sentences.get([*english, *others])
        en_rows = [(a, s, e) for a in english for s, e in embedded[a.id][0]]
        if not en_rows:
            return {}
        en_matrix = np.concatenate([embedded[a.id][1] for a in english])
        out: dict[str, list[Aligned]] = {}
        for article in others:
            spans, vectors = embedded[article.id]
            if not spans:
                continue
            sims = vectors @ en_matrix.T
            out[article.id] = []
            for k, (s, e) in enumerate(spans):
                j = int(np.argmax(sims[k]))
                en, es, ee = en_rows[j]
                out[article.id].append(
                    Aligned(s, e, en.id, en.text[es:ee], round(float(sims[k, j]), 3))
                )
        with self._lock:
            self._aligned[key] = out
        return out


__all__ = [
    "Aligned",
    "ArticleVectors",
    "SearchHit",
    "Searcher",
    "SentenceIndex",
    "Snippet",
    "split_sentences",
    "snippet_at",
    "text_search",
]
