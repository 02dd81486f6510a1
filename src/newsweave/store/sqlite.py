"""SQLite store: one file, WAL, foreign keys, numbered migrations.

One writer at a time (SQLite's rule); readers (API, UI) open the file read-only and see
the last committed state thanks to WAL. Every write method is one transaction.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import NotFoundError, StoreError
from ..link.corrections import Correction
from ..model import (
    Article,
    Claim,
    Discrepancy,
    Event,
    IngestIssue,
    LearnedAlias,
    Membership,
    Mention,
)
from . import codec

SCHEMA_TABLE = "schema_migrations"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(article: Article) -> str:
    return hashlib.sha1(f"{article.title or ''}\n{article.text}".encode()).hexdigest()


class SQLiteStore:
    """The default store. ``read_only`` opens the file for readers (API, UI)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            if read_only:
                if not Path(self.path).exists():
                    raise StoreError(f"no database at {self.path}; run `newsweave run` first")
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.row_factory = sqlite3.Row
            if not read_only:
                self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        else:
            self.db.commit()

    # --- schema ------------------------------------------------------------------------

    def migrate(self) -> list[int]:
        self.db.execute(
            f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (version INTEGER PRIMARY KEY, applied_at TEXT)"
        )
        done = {row[0] for row in self.db.execute(f"SELECT version FROM {SCHEMA_TABLE}")}
        applied = []
        folder = resources.files("newsweave.store").joinpath("migrations")
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if not item.name.endswith(".sql"):
                continue
            version = int(item.name.split("_", 1)[0])
            if version in done:
                continue
            script = item.read_text(encoding="utf-8")
            # executescript commits implicitly; wrapping the script in BEGIN/COMMIT keeps a
            # migration all-or-nothing.
            try:
                self.db.executescript(
                    f"BEGIN;\n{script}\nINSERT INTO {SCHEMA_TABLE} VALUES ({version}, '{_now()}');\nCOMMIT;"
                )
            except sqlite3.Error as exc:
                self.db.rollback()
                raise StoreError(f"migration {item.name} failed: {exc}") from exc
            applied.append(version)
        return applied

    # --- articles and analyses ---------------------------------------------------------

    def known_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", chunk
            ):
                out[row["id"]] = row["content_hash"]
        return out

    def put_analyzed(
        self,
        items: Sequence[tuple[Article, Any, np.ndarray | None]],
        *,
        versions: dict[str, str],
        model: str,
        remap: Callable[[Sequence[Mention]], Sequence[Mention]] | None = None,
    ) -> None:
        """Store articles with their analysis and embedding, all or nothing.

        The analysis is stored as the stages produced it; the mentions table, which entity
        queries read, gets the mentions after ``remap`` (the analysts' entity corrections).
        """
        with self.transaction() as db:
            for article, analysis, vector in items:
                # An upsert, not INSERT OR REPLACE: a replace deletes the row first, and the
                # foreign-key cascade would take the article's event membership with it.
                db.execute(
                    "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                    "url=excluded.url, domain=excluded.domain, lang_hint=excluded.lang_hint, "
                    "published=excluded.published, title=excluded.title, text=excluded.text, "
                    "content_hash=excluded.content_hash, origin=excluded.origin, "
                    "ingested_at=excluded.ingested_at",
                    (
                        article.id,
                        article.url,
                        article.domain,
                        article.lang_hint,
                        article.published.isoformat() if article.published else None,
                        article.title,
                        article.text,
                        content_hash(article),
                        article.origin,
                        _now(),
                    ),
                )
                db.execute("DELETE FROM mentions WHERE article_id = ?", (article.id,))
                db.executemany(
                    "INSERT INTO mentions VALUES (?,?,?,?,?,?,?)",
                    [
                        (article.id, m.start, m.end, m.text, m.type, m.key, analysis.lang)
                        for m in (remap(analysis.mentions) if remap else analysis.mentions)
                    ],
                )
                db.execute(
                    "INSERT OR REPLACE INTO analyses VALUES (?,?,?,?,?,?)",
                    (
                        article.id,
                        analysis.lang,
                        analysis.lang_score,
                        analysis.event_date.isoformat() if analysis.event_date else None,
                        codec.analysis_data(analysis),
                        json.dumps(versions),
                    ),
                )
                if vector is not None:
                    vec = np.asarray(vector, dtype="<f4")
                    db.execute(
                        "INSERT OR REPLACE INTO embeddings VALUES (?,?,?,?)",
                        (article.id, model, int(vec.shape[0]), vec.tobytes()),
                    )

    def article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id!r}")
        return _article(row)

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self.db.execute("SELECT * FROM articles ORDER BY id").fetchall()
        else:
            rows = []
            for chunk in _chunks(list(ids), 500):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"SELECT * FROM articles WHERE id IN ({marks})", chunk
                ).fetchall()
        return [_article(row) for row in rows]

    def analyses(self, ids: Iterable[str] | None = None) -> dict[str, Any]:
        query = "SELECT article_id, lang, lang_score, event_date, data FROM analyses"
        if ids is None:
            rows = self.db.execute(query).fetchall()
        else:
            rows = []
            for chunk in _chunks(list(ids), 500):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(f"{query} WHERE article_id IN ({marks})", chunk).fetchall()
        return {
            row["article_id"]: codec.load_analysis(
                row["article_id"],
                lang=row["lang"],
                lang_score=row["lang_score"],
                event_date=row["event_date"],
                data=row["data"],
            )
            for row in rows
        }

    def embeddings(self, ids: Iterable[str] | None = None, *, model: str) -> dict[str, np.ndarray]:
        query = "SELECT article_id, vector FROM embeddings WHERE model = ?"
        rows: list[sqlite3.Row] = []
        if ids is None:
            rows = self.db.execute(query, (model,)).fetchall()
        else:
            for chunk in _chunks(list(ids), 500):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"{query} AND article_id IN ({marks})", (model, *chunk)
                ).fetchall()
        return {row["article_id"]: np.frombuffer(row["vector"], dtype="<f4") for row in rows}

    def article_ids_near(self, lo: date, hi: date) -> list[str]:
        """Articles whose event date (or, lacking one, publication date) is in [lo, hi],
        plus undated ones, which can belong anywhere."""
        rows = self.db.execute(
            "SELECT a.id FROM articles a JOIN analyses n ON n.article_id = a.id "
            "WHERE COALESCE(n.event_date, a.published) BETWEEN ? AND ? "
            "OR COALESCE(n.event_date, a.published) IS NULL",
            (lo.isoformat(), hi.isoformat()),
        )
        return [row[0] for row in rows]

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # --- duplicates, issues ------------------------------------------------------------

    def put_duplicates(self, rows: Sequence[tuple[str, str, str, float]]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO duplicates VALUES (?,?,?,?)", rows)

    def duplicates(self, ids: Iterable[str] | None = None) -> list[tuple[str, str, str, float]]:
        """(copy, original, kind, similarity); with ``ids``, only copies among them."""
        if ids is None:
            rows = self.db.execute("SELECT * FROM duplicates ORDER BY article_id").fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(ids)), 500):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"SELECT * FROM duplicates WHERE article_id IN ({marks}) ORDER BY article_id",
                    chunk,
                ).fetchall()
        return [tuple(row) for row in rows]

    def put_issues(self, issues: Sequence[IngestIssue]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO ingest_issues VALUES (?,?,?,?)",
                [(i.origin, i.code, i.message, _now()) for i in issues],
            )

    def issues(self) -> list[IngestIssue]:
        rows = self.db.execute(
            "SELECT origin, code, message FROM ingest_issues ORDER BY at, origin"
        )
        return [IngestIssue(row[0], row[1], row[2]) for row in rows]

    def put_failures(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO stage_failures VALUES (?,?,?,?,?)",
                [(*row, _now()) for row in rows],
            )

    # --- events ------------------------------------------------------------------------

    def memberships(self, ids: Iterable[str] | None = None) -> dict[str, Membership]:
        if ids is None:
            rows = self.db.execute("SELECT * FROM memberships").fetchall()
        else:
            rows = []
            for chunk in _chunks(list(ids), 500):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"SELECT * FROM memberships WHERE article_id IN ({marks})", chunk
                ).fetchall()
        return {
            row["article_id"]: Membership(
                article_id=row["article_id"],
                event_id=row["event_id"],
                score=row["score"],
                signals=json.loads(row["signals"]),
                linked_to=row["linked_to"],
            )
            for row in rows
        }

    def analysis_versions(self) -> dict[str, dict[str, str]]:
        """Article id -> the stage versions that produced its stored analysis."""
        rows = self.db.execute("SELECT article_id, versions FROM analyses ORDER BY article_id")
        return {row[0]: json.loads(row[1]) for row in rows}

    def count_stale_analyses(self, versions: dict[str, str]) -> int:
        """Analyses made by other stage versions than ``versions`` (as ``put_analyzed`` wrote them)."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM analyses WHERE versions != ?", (json.dumps(versions),)
        ).fetchone()
        return int(row[0])

    def unplaced_article_ids(self) -> list[str]:
        """Stored articles in no event: a run killed between storing and clustering."""
        rows = self.db.execute(
            "SELECT a.id FROM articles a LEFT JOIN memberships m ON m.article_id = a.id "
            "WHERE m.article_id IS NULL ORDER BY a.id"
        )
        return [row[0] for row in rows]

    def event_members(self, event_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT article_id FROM memberships WHERE event_id = ? ORDER BY article_id", (event_id,)
        )
        return [row[0] for row in rows]

    def put_clustering(
        self, memberships: Sequence[Membership], events: Sequence[Event], *, version: str
    ) -> None:
        """Write new memberships and the refreshed summaries of the events they touch."""
        with self.transaction() as db:
            for event in events:
                db.execute(
                    "INSERT INTO events (id, title, start, end, languages, size, updated_at) "
                    "VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title=excluded.title, "
                    "start=excluded.start, end=excluded.end, languages=excluded.languages, "
                    "size=excluded.size, updated_at=excluded.updated_at",
                    (
                        event.id,
                        event.title,
                        event.start.isoformat() if event.start else None,
                        event.end.isoformat() if event.end else None,
                        json.dumps(list(event.languages)),
                        len(event.article_ids),
                        _now(),
                    ),
                )
            for m in memberships:
                db.execute(
                    "INSERT OR REPLACE INTO memberships VALUES (?,?,?,?,?,?)",
                    (
                        m.article_id,
                        m.event_id,
                        m.score,
                        codec.dumps(m.signals),
                        m.linked_to,
                        version,
                    ),
                )
            db.execute("DELETE FROM events WHERE id NOT IN (SELECT event_id FROM memberships)")

    def events(self) -> list[Event]:
        rows = self.db.execute(
            "SELECT * FROM events ORDER BY COALESCE(start, '0000') DESC, size DESC, id"
        ).fetchall()
        members: dict[str, list[str]] = {}
        for row in self.db.execute(
            "SELECT event_id, article_id FROM memberships ORDER BY article_id"
        ):
            members.setdefault(row[0], []).append(row[1])
        return [_event(row, members.get(row["id"], [])) for row in rows]

    def event(self, event_id: str) -> Event:
        row = self.db.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no event {event_id!r}")
        return _event(row, self.event_members(event_id))

    # --- event details, claims, discrepancies ----------------------------------------

    def put_event_details(
        self,
        event_id: str,
        details: dict[str, Any],
        claims: Sequence[Claim],
        discrepancies: Sequence[Discrepancy],
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE events SET details = ? WHERE id = ?", (codec.dumps(details), event_id)
            )
            db.execute("DELETE FROM claims WHERE event_id = ?", (event_id,))
            db.execute("DELETE FROM discrepancies WHERE event_id = ?", (event_id,))
            db.executemany(
                "INSERT INTO claims VALUES (?,?,?,?,?,?,?,?)",
                [
                    (
                        event_id,
                        c.kind,
                        c.value,
                        c.qualifier,
                        c.article_id,
                        c.sentence,
                        c.start,
                        c.end,
                    )
                    for c in claims
                ],
            )
            db.executemany(
                "INSERT INTO discrepancies VALUES (?,?,?,?)",
                [(event_id, d.kind, codec.dumps(d.sides), d.note) for d in discrepancies],
            )

    def event_details(self, event_id: str) -> dict[str, Any]:
        row = self.db.execute("SELECT details FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no event {event_id!r}")
        return dict(json.loads(row[0]))

    def claims(self, event_id: str | None = None) -> list[tuple[str, Claim]]:
        query, args = "SELECT * FROM claims", ()
        if event_id is not None:
            query, args = query + " WHERE event_id = ?", (event_id,)
        rows = self.db.execute(query + " ORDER BY event_id, kind, value", args).fetchall()
        return [
            (
                row["event_id"],
                Claim(
                    row["kind"],
                    row["value"],
                    row["qualifier"],
                    row["article_id"],
                    row["sentence"],
                    row["start"],
                    row["end"],
                ),
            )
            for row in rows
        ]

    def discrepancies(self, event_id: str | None = None) -> list[Discrepancy]:
        query, args = "SELECT * FROM discrepancies", ()
        if event_id is not None:
            query, args = query + " WHERE event_id = ?", (event_id,)
        return [
            Discrepancy(
                row["event_id"],
                row["kind"],
                tuple((v, tuple(ids)) for v, ids in json.loads(row["sides"])),
                row["note"],
            )
            for row in self.db.execute(query + " ORDER BY event_id, kind", args)
        ]

    # --- entities (from mentions) ------------------------------------------------------

    def mention_keys(self, *, type: str | None = None) -> list[tuple[str, str, int, int]]:
        """(key, most common type, articles, mentions) for every mentioned key."""
        query = (
            "SELECT key, type, COUNT(DISTINCT article_id) AS articles, COUNT(*) AS n "
            "FROM mentions GROUP BY key, type"
        )
        best: dict[str, tuple[str, int, int]] = {}
        for row in self.db.execute(query):
            known = best.get(row["key"])
            articles = row["articles"] + (known[1] if known else 0)
            mentions = row["n"] + (known[2] if known else 0)
            kind = row["type"] if not known or row["n"] > known[2] else known[0]
            best[row["key"]] = (kind, articles, mentions)
        rows = [(key, *value) for key, value in best.items() if type is None or value[0] == type]
        return sorted(rows, key=lambda r: (-r[2], r[0]))

    def aliases(self, key: str) -> list[tuple[str, str, int]]:
        rows = self.db.execute(
            "SELECT text, lang, COUNT(*) FROM mentions WHERE key = ? GROUP BY text, lang "
            "ORDER BY COUNT(*) DESC, text",
            (key,),
        )
        return [(row[0], row[1], row[2]) for row in rows]

    def keys_matching(self, text: str) -> list[str]:
        rows = self.db.execute(
            "SELECT key, COUNT(*) FROM mentions WHERE text = ? COLLATE NOCASE GROUP BY key "
            "ORDER BY COUNT(*) DESC",
            (text,),
        )
        return [row[0] for row in rows]

    def articles_mentioning(self, key: str) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT article_id FROM mentions WHERE key = ? ORDER BY article_id", (key,)
        )
        return [row[0] for row in rows]

    def cooccurring(self, key: str, *, limit: int = 20) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT other.key, COUNT(DISTINCT other.article_id) AS n FROM mentions AS m "
            "JOIN mentions AS other ON other.article_id = m.article_id AND other.key != m.key "
            "WHERE m.key = ? GROUP BY other.key ORDER BY n DESC, other.key LIMIT ?",
            (key, limit),
        )
        return [(row[0], row[1]) for row in rows]

    # --- corrections -----------------------------------------------------------------

    def put_correction(
        self, action: str, args: dict[str, Any], *, author: str, reason: str = ""
    ) -> int:
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO corrections (at, author, action, args, reason) VALUES (?,?,?,?,?)",
                (_now(), author, action, codec.dumps(args), reason),
            )
            return int(cursor.lastrowid or 0)

    def corrections(self) -> list[Correction]:
        rows = self.db.execute("SELECT * FROM corrections ORDER BY id").fetchall()
        return [
            Correction(
                row["id"],
                row["at"],
                row["author"],
                row["action"],
                json.loads(row["args"]),
                row["reason"],
                row["undone_at"] is not None,
            )
            for row in rows
        ]

    def put_learned_aliases(self, rows: Sequence[LearnedAlias]) -> int:
        """Store new aliases; an alias already known keeps its first evidence."""
        with self.transaction() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO learned_aliases VALUES (?,?,?,?,?,?)",
                [(r.alias, r.entity, r.rule, r.event_id, r.evidence, _now()) for r in rows],
            )
            return db.total_changes - before

    def learned_aliases(self) -> list[LearnedAlias]:
        rows = self.db.execute(
            "SELECT alias, entity, rule, event_id, evidence FROM learned_aliases ORDER BY alias"
        ).fetchall()
        return [LearnedAlias(*row) for row in rows]

    def undo_correction(self, correction_id: int) -> None:
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE corrections SET undone_at = ? WHERE id = ? AND undone_at IS NULL",
                (_now(), correction_id),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no active correction #{correction_id}")

    def replace_mentions(self, rows: Mapping[str, tuple[str, Sequence[Mention]]]) -> None:
        """Rewrite the mentions of articles: article id -> (language, mentions)."""
        with self.transaction() as db:
            for article_id, (lang, mentions) in rows.items():
                db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
                db.executemany(
                    "INSERT INTO mentions VALUES (?,?,?,?,?,?,?)",
                    [(article_id, m.start, m.end, m.text, m.type, m.key, lang) for m in mentions],
                )

    def remove_memberships(self, article_ids: Sequence[str]) -> None:
        """Forget where these articles were placed, so the next clustering places them anew."""
        with self.transaction() as db:
            db.executemany(
                "DELETE FROM memberships WHERE article_id = ?", [(i,) for i in article_ids]
            )

    # --- search (FTS5) ---
    # Kept as one block at the end of the class so it merges cleanly; the index itself is
    # kept current by triggers (migration 003), so writers need no extra call.

    def has_text_index(self) -> bool:
        """Whether migration 003 ran; a read-only store cannot migrate an older file."""
        row = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles_fts'"
        ).fetchone()
        return row is not None

    def search_text(self, match: str, *, limit: int = 50) -> list[tuple[str, float]]:
        """(article id, bm25 score; lower is better) for an FTS5 MATCH expression."""
        try:
            rows = self.db.execute(
                "SELECT a.id, bm25(articles_fts) AS score FROM articles_fts "
                "JOIN articles a ON a.rowid = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY score, a.id LIMIT ?",
                (match, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:  # a malformed expression is the caller's error
            raise ValueError(f"bad search expression: {exc}") from exc
        return [(row[0], float(row[1])) for row in rows]

    def search_substring(self, terms: Sequence[str], *, limit: int = 50) -> list[str]:
        """Article ids whose title or text contains every term (a scan, for short terms
        the trigram index cannot answer, or files without the index)."""
        if not terms:
            return []
        # SQLite's lower() folds ASCII only, so the term is also tried exactly as typed.
        where = " AND ".join(
            "(instr(COALESCE(title, '') || ' ' || text, ?) > 0 "
            "OR instr(lower(COALESCE(title, '') || ' ' || text), ?) > 0)"
            for _ in terms
        )
        args: list[Any] = [t for term in terms for t in (term, term.lower())]
        rows = self.db.execute(
            f"SELECT id FROM articles WHERE {where} ORDER BY published DESC, id LIMIT ?",
            (*args, limit),
        )
        return [row[0] for row in rows]

    def article_langs(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Detected language per article, without loading the full analyses."""
        if ids is None:
            rows = self.db.execute("SELECT article_id, lang FROM analyses").fetchall()
        else:
            rows = []
            for chunk in _chunks(list(ids), 500):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"SELECT article_id, lang FROM analyses WHERE article_id IN ({marks})", chunk
                ).fetchall()
        return {row[0]: row[1] for row in rows}

    def domains(self) -> list[tuple[str, int]]:
        """(domain, number of articles), most prolific first."""
        rows = self.db.execute(
            "SELECT domain, COUNT(*) FROM articles WHERE domain IS NOT NULL "
            "GROUP BY domain ORDER BY COUNT(*) DESC, domain"
        )
        return [(row[0], row[1]) for row in rows]

    def article_ids_by_domain(self, domain: str) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM articles WHERE domain = ? ORDER BY published DESC, id", (domain,)
        )
        return [row[0] for row in rows]

    # --- scale ---
    # Kept as one block at the end of the class so it merges cleanly: what clustering and
    # duplicate detection need to stay bounded on large stores (see link/candidates.py).

    def embedding_state(self, *, model: str) -> tuple[int, int]:
        """(count, highest rowid) of the stored vectors of ``model``: what a candidate index
        was built from. A write replaces a row with a higher rowid, so both tell change."""
        row = self.db.execute(
            "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM embeddings WHERE model = ?", (model,)
        ).fetchone()
        return int(row[0]), int(row[1])

    def max_embedding_rowid(self, *, model: str) -> int:
        """The highest rowid of the vectors of ``model`` (a look at the table's end)."""
        row = self.db.execute(
            "SELECT rowid FROM embeddings WHERE model = ? ORDER BY rowid DESC LIMIT 1", (model,)
        ).fetchone()
        return int(row[0]) if row else 0

    def embedding_rows(
        self, *, model: str, after_rowid: int = 0, batch: int = 20_000
    ) -> Iterator[list[tuple[str, np.ndarray, date | None]]]:
        """(article id, vector, event date else publication date) of the vectors written
        after ``after_rowid``, in rowid order, ``batch`` at a time (memory stays bounded)."""
        cursor = self.db.execute(
            "SELECT e.article_id, e.vector, COALESCE(n.event_date, a.published) "
            "FROM embeddings e JOIN articles a ON a.id = e.article_id "
            "LEFT JOIN analyses n ON n.article_id = e.article_id "
            "WHERE e.model = ? AND e.rowid > ? ORDER BY e.rowid",
            (model, after_rowid),
        )
        while rows := cursor.fetchmany(batch):
            yield [
                (
                    row[0],
                    np.frombuffer(row[1], dtype="<f4"),
                    date.fromisoformat(row[2][:10]) if row[2] else None,
                )
                for row in rows
            ]

    def article_dates(self, ids: Iterable[str]) -> dict[str, date | None]:
        """Event date, else publication date, of each article (None: undated)."""
        out: dict[str, date | None] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                "SELECT a.id, COALESCE(n.event_date, a.published) FROM articles a "
                f"LEFT JOIN analyses n ON n.article_id = a.id WHERE a.id IN ({marks})",
                chunk,
            ):
                out[row[0]] = date.fromisoformat(row[1][:10]) if row[1] else None
        return out

    def members_of_events(self, event_ids: Iterable[str]) -> dict[str, list[str]]:
        """The stored members of each event, sorted."""
        out: dict[str, list[str]] = {}
        for chunk in _chunks(sorted(set(event_ids)), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT event_id, article_id FROM memberships WHERE event_id IN ({marks}) "
                "ORDER BY event_id, article_id",
                chunk,
            ):
                out.setdefault(row[0], []).append(row[1])
        return out

    def key_frequencies(self, keys: Iterable[str]) -> dict[str, int]:
        """In how many articles each key is mentioned (kept by triggers, migration 005)."""
        out: dict[str, int] = {}
        for chunk in _chunks(sorted(set(keys)), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT key, articles FROM key_df WHERE key IN ({marks}) AND articles > 0",
                chunk,
            ):
                out[row[0]] = int(row[1])
        return out

    def count_analyses(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM analyses").fetchone()[0])


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        url=row["url"],
        domain=row["domain"],
        lang_hint=row["lang_hint"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        origin=row["origin"],
    )


def _event(row: sqlite3.Row, members: list[str]) -> Event:
    return Event(
        id=row["id"],
        title=row["title"],
        start=date.fromisoformat(row["start"]) if row["start"] else None,
        end=date.fromisoformat(row["end"]) if row["end"] else None,
        languages=tuple(json.loads(row["languages"])),
        article_ids=tuple(members),
    )


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
