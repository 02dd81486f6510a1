"""PostgreSQL store: the same interface and behaviour as the SQLite one, on a server.

Chosen by URL (``postgresql://user@host/db``). One connection per store, kept and reused,
in autocommit mode so reads never hold a transaction open; every write method is one
explicit transaction. A lock serializes use of the connection across threads (the API
serves from a thread pool), so one thread's statements never land inside another's
transaction. A broken connection (server restarted) is replaced on the next call.
``read_only`` sessions run with ``default_transaction_read_only``: the server refuses
writes. Connection failures surface as ``StoreError``, never a driver traceback.

Where SQL dialects differ the queries keep SQLite's results: text is ordered with
``COLLATE "C"`` (SQLite compares bytes), ``NULLS LAST`` where SQLite sorts NULL lowest, and
full-text search answers the FTS5 subset that ``search.fts_query`` writes with ILIKE.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import astuple, fields
from datetime import UTC, date, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ConfigError, NotFoundError, StoreError
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
from .sqlite import SCHEMA_TABLE, content_hash

if TYPE_CHECKING:
    import psycopg

# One writer at a time, as in SQLite: every write transaction takes this advisory lock.
# It keeps embeddings.seq in commit order (see migration 005) and serializes migrations
# of processes opening the same fresh database.
_WRITER_LOCK = 0x6E657773  # "news"
_C = 'COLLATE "C"'
_HAY = "(COALESCE(title, '') || ' ' || text)"  # the expression the pg_trgm index covers
TRIGRAM = 3  # FTS5's trigram tokenizer never matches shorter terms; neither do we


def _now() -> datetime:
    # Whole seconds, like the SQLite store's ISO strings, so ties sort the same way.
    return datetime.now(UTC).replace(microsecond=0)


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def _upsert(table: str, columns: str, key: str) -> str:
    """INSERT ... ON CONFLICT DO UPDATE: an upsert never deletes the row, so nothing that
    references it cascades away (what SQLite's INSERT OR REPLACE would do)."""
    cols, keys = columns.split(), set(key.split(", "))
    sets = ", ".join(f"{c}=excluded.{c}" for c in cols if c not in keys)
    marks = ",".join(["%s"] * len(cols))
    into = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})"
    return f"{into} ON CONFLICT ({key}) DO UPDATE SET {sets}"


_ARTICLE = _upsert(
    "articles", "id url domain lang_hint published title text content_hash origin ingested_at", "id"
)
_ANALYSIS = _upsert("analyses", "article_id lang lang_score event_date data versions", "article_id")
_EMBEDDING = _upsert("embeddings", "article_id model dim vector", "article_id, model")
_EMBEDDING += ", seq=nextval('embeddings_seq')"  # a rewrite counts as a new row (SQLite rowid)
_DUPLICATE = _upsert("duplicates", "article_id of_id kind similarity", "article_id")
_ISSUE = _upsert("ingest_issues", "origin code message at", "origin, code")
_FAILURE = _upsert("stage_failures", "article_id stage code message at", "article_id, stage")
_EVENT = _upsert("events", 'id title start "end" languages size updated_at', "id")
_MEMBERSHIP = _upsert(
    "memberships", "article_id event_id score signals linked_to version", "article_id"
)
_CLAIM_COLUMNS = 'kind, value, qualifier, article_id, sentence, start, "end"'  # Claim's order


def redact(url: str) -> str:
    """The URL without its password, for messages and ``Store.path``."""
    url = re.sub(r"([?&]password=)[^&]*", r"\1***", url)
    return re.sub(r"^(\w+://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PostgresStore:
    """A store in a PostgreSQL database; the schema is created on first (writable) open."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.path = redact(url)
        self.read_only = read_only
        self._lock = threading.RLock()
        self._db: psycopg.Connection[dict[str, Any]] | None = None
        self._closed = False
        try:  # connect now: a wrong URL or a stopped server fails here, clearly
            if not read_only:
                self.migrate()
            elif not self._one("SELECT to_regclass(%s) AS t", (SCHEMA_TABLE,))["t"]:
                raise StoreError(f"no newsweave database at {self.path}; run `newsweave run` first")
        except BaseException:
            self.close()
            raise

    # --- connection --------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[dict[str, Any]]:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as exc:
            raise ConfigError(
                "the PostgreSQL backend needs psycopg: pip install 'newsweave[postgres]'"
            ) from exc
        try:
            extra: dict[str, Any] = {} if "connect_timeout" in self.url else {"connect_timeout": 10}
            db = psycopg.connect(self.url, autocommit=True, row_factory=dict_row, **extra)
            if self.read_only:
                db.execute("SET default_transaction_read_only = on")
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self.path}: {exc}".strip()) from exc
        return db

    @contextmanager
    def _session(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        """The connection, for this thread alone; driver errors about the connection or a
        read-only session become StoreError."""
        import psycopg

        with self._lock:
            if self._closed:
                raise StoreError(f"the store {self.path} is closed")
            if self._db is None or self._db.closed or self._db.broken:
                self._db = self._connect()
            try:
                yield self._db
            except psycopg.errors.ReadOnlySqlTransaction as exc:
                raise StoreError(f"{self.path} is open read-only: {exc}") from exc
            except psycopg.OperationalError as exc:
                raise StoreError(f"database error on {self.path}: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with self._session() as db, db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITER_LOCK,))
            yield db

    def _all(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read. A read is retried once on a new connection when the old one
        broke (server restarted, idle connection cut); writes never are."""
        for attempt in (1, 2):
            try:
                with self._session() as db:
                    return db.execute(sql, args or None).fetchall()
            except StoreError:
                if attempt == 2 or self._closed or not (self._db and self._db.broken):
                    raise
        raise AssertionError("unreachable")

    def _one(self, sql: str, args: Sequence[Any] = ()) -> dict[str, Any]:
        rows = self._all(sql, args)
        return rows[0] if rows else {}

    def _by_ids(
        self, query: str, ids: Iterable[str] | None, column: str, args: Sequence[Any] = ()
    ) -> list[dict[str, Any]]:
        """``query`` for all rows, or for the ``column`` values in ``ids`` in that column's
        order, the order SQLite's primary-key lookups give."""
        if ids is None:
            return self._all(query, args)
        glue = "AND" if " WHERE " in query else "WHERE"
        return self._all(
            f"{query} {glue} {column} = ANY(%s) ORDER BY {column} {_C}", (*args, list(ids))
        )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._db is not None:
                self._db.close()

    # --- schema ------------------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply the numbered scripts of ``migrations_pg`` not yet recorded, each in its own
        transaction together with its ``schema_migrations`` row."""
        import psycopg

        folder = resources.files("newsweave.store").joinpath("migrations_pg")
        scripts = sorted(
            (int(item.name.split("_", 1)[0]), item)
            for item in folder.iterdir()
            if item.name.endswith(".sql")
        )
        applied = []
        with self.transaction() as db:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} "
                "(version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
            )
        for version, item in scripts:
            try:
                with self.transaction() as db:
                    done = db.execute(
                        f"SELECT 1 FROM {SCHEMA_TABLE} WHERE version = %s", (version,)
                    ).fetchone()
                    if done:
                        continue
                    db.execute(item.read_text(encoding="utf-8").encode())
                    db.execute(f"INSERT INTO {SCHEMA_TABLE} VALUES (%s, %s)", (version, _now()))
            except psycopg.Error as exc:
                raise StoreError(f"migration {item.name} failed: {exc}") from exc
            applied.append(version)
        return applied

    # --- articles and analyses ---------------------------------------------------------

    def known_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        rows = self._all("SELECT id, content_hash FROM articles WHERE id = ANY(%s)", (list(ids),))
        return {row["id"]: row["content_hash"] for row in rows}

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
                # An upsert (see _upsert): a delete-and-insert would cascade to the article's
                # event membership.
                a = article
                db.execute(
                    _ARTICLE,
                    (a.id, a.url, a.domain, a.lang_hint, a.published, a.title, a.text)
                    + (content_hash(a), a.origin, _now()),
                )
                mentions = remap(analysis.mentions) if remap else analysis.mentions
                self._write_mentions(db, article.id, analysis.lang, mentions)
                data = codec.analysis_data(analysis)
                db.execute(
                    _ANALYSIS,
                    (a.id, analysis.lang, analysis.lang_score, analysis.event_date, data)
                    + (json.dumps(versions),),
                )
                if vector is not None:
                    vec = np.asarray(vector, dtype="<f4")
                    db.execute(_EMBEDDING, (a.id, model, int(vec.shape[0]), vec.tobytes()))

    @staticmethod
    def _write_mentions(
        db: psycopg.Connection[Any], article_id: str, lang: str, mentions: Sequence[Mention]
    ) -> None:
        db.execute("DELETE FROM mentions WHERE article_id = %s", (article_id,))
        if mentions:
            with db.cursor() as cur:
                cur.executemany(
                    'INSERT INTO mentions (article_id, start, "end", text, type, key, lang) '
                    "VALUES (%s,%s,%s,%s,%s,%s,%s)",
                    [(article_id, m.start, m.end, m.text, m.type, m.key, lang) for m in mentions],
                )

    def article(self, article_id: str) -> Article:
        row = self._one("SELECT * FROM articles WHERE id = %s", (article_id,))
        if not row:
            raise NotFoundError(f"no article {article_id!r}")
        return _article(row)

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        # With ids, rows come in id order, as SQLite's primary-key lookups return them.
        query = "SELECT * FROM articles"
        rows = (
            self._by_ids(query, ids, "id")
            if ids is not None
            else self._all(f"{query} ORDER BY id {_C}")
        )
        return [_article(row) for row in rows]

    def analyses(self, ids: Iterable[str] | None = None) -> dict[str, Any]:
        query = "SELECT article_id, lang, lang_score, event_date, data FROM analyses"
        return {
            row["article_id"]: codec.load_analysis(
                row["article_id"],
                lang=row["lang"],
                lang_score=row["lang_score"],
                event_date=row["event_date"].isoformat() if row["event_date"] else None,
                data=row["data"],
            )
            for row in self._by_ids(query, ids, "article_id")
        }

    def embeddings(self, ids: Iterable[str] | None = None, *, model: str) -> dict[str, np.ndarray]:
        query = "SELECT article_id, vector FROM embeddings WHERE model = %s"
        rows = self._by_ids(query, ids, "article_id", (model,))
        return {row["article_id"]: np.frombuffer(row["vector"], dtype="<f4") for row in rows}

    def article_ids_near(self, lo: date, hi: date) -> list[str]:
        """Articles whose event date (or, lacking one, publication date) is in [lo, hi],
        plus undated ones, which can belong anywhere."""
        rows = self._all(
            "SELECT a.id FROM articles a JOIN analyses n ON n.article_id = a.id "
            "WHERE COALESCE(n.event_date, a.published) BETWEEN %s AND %s "
            "OR COALESCE(n.event_date, a.published) IS NULL",
            (lo, hi),
        )
        return [row["id"] for row in rows]

    def count_articles(self) -> int:
        return int(self._one("SELECT COUNT(*) AS n FROM articles")["n"])

    # --- duplicates, issues ------------------------------------------------------------

    def put_duplicates(self, rows: Sequence[tuple[str, str, str, float]]) -> None:
        with self.transaction() as db, db.cursor() as cur:
            cur.executemany(_DUPLICATE, rows)

    def duplicates(self, ids: Iterable[str] | None = None) -> list[tuple[str, str, str, float]]:
        if ids is None:
            rows = self._all(f"SELECT * FROM duplicates ORDER BY article_id {_C}")
        else:
            rows = self._all(
                f"SELECT * FROM duplicates WHERE article_id = ANY(%s) ORDER BY article_id {_C}",
                (sorted(set(ids)),),
            )
        return [(r["article_id"], r["of_id"], r["kind"], r["similarity"]) for r in rows]

    def put_issues(self, issues: Sequence[IngestIssue]) -> None:
        with self.transaction() as db, db.cursor() as cur:
            cur.executemany(_ISSUE, [(i.origin, i.code, i.message, _now()) for i in issues])

    def issues(self) -> list[IngestIssue]:
        rows = self._all(
            f"SELECT origin, code, message FROM ingest_issues ORDER BY at, origin {_C}"
        )
        return [IngestIssue(row["origin"], row["code"], row["message"]) for row in rows]

    def put_failures(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        with self.transaction() as db, db.cursor() as cur:
            cur.executemany(_FAILURE, [(*row, _now()) for row in rows])

    # --- events ------------------------------------------------------------------------

    def memberships(self, ids: Iterable[str] | None = None) -> dict[str, Membership]:
        rows = self._by_ids("SELECT * FROM memberships", ids, "article_id")
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
        rows = self._all(f"SELECT article_id, versions FROM analyses ORDER BY article_id {_C}")
        return {row["article_id"]: json.loads(row["versions"]) for row in rows}

    def count_stale_analyses(self, versions: dict[str, str]) -> int:
        """Analyses made by other stage versions than ``versions`` (as ``put_analyzed`` wrote them)."""
        rows = self._all(
            "SELECT COUNT(*) AS n FROM analyses WHERE versions != %s", (json.dumps(versions),)
        )
        return int(rows[0]["n"])

    def unplaced_article_ids(self) -> list[str]:
        rows = self._all(
            "SELECT a.id FROM articles a LEFT JOIN memberships m ON m.article_id = a.id "
            f"WHERE m.article_id IS NULL ORDER BY a.id {_C}"
        )
        return [row["id"] for row in rows]

    def event_members(self, event_id: str) -> list[str]:
        rows = self._all(
            f"SELECT article_id FROM memberships WHERE event_id = %s ORDER BY article_id {_C}",
            (event_id,),
        )
        return [row["article_id"] for row in rows]

    def put_clustering(
        self, memberships: Sequence[Membership], events: Sequence[Event], *, version: str
    ) -> None:
        """Write new memberships and the refreshed summaries of the events they touch."""
        with self.transaction() as db, db.cursor() as cur:
            languages = {e.id: json.dumps(list(e.languages)) for e in events}
            cur.executemany(
                _EVENT,
                [
                    (e.id, e.title, e.start, e.end, languages[e.id], len(e.article_ids), _now())
                    for e in events
                ],
            )
            cur.executemany(
                _MEMBERSHIP,
                [
                    (m.article_id, m.event_id, m.score, codec.dumps(m.signals), m.linked_to)
                    + (version,)
                    for m in memberships
                ],
            )
            cur.execute("DELETE FROM events WHERE id NOT IN (SELECT event_id FROM memberships)")

    def events(self) -> list[Event]:
        rows = self._all(f"SELECT * FROM events ORDER BY start DESC NULLS LAST, size DESC, id {_C}")
        members: dict[str, list[str]] = {}
        for row in self._all(
            f"SELECT event_id, article_id FROM memberships ORDER BY article_id {_C}"
        ):
            members.setdefault(row["event_id"], []).append(row["article_id"])
        return [_event(row, members.get(row["id"], [])) for row in rows]

    def event(self, event_id: str) -> Event:
        row = self._one("SELECT * FROM events WHERE id = %s", (event_id,))
        if not row:
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
        with self.transaction() as db, db.cursor() as cur:
            cur.execute(
                "UPDATE events SET details = %s WHERE id = %s", (codec.dumps(details), event_id)
            )
            cur.execute("DELETE FROM claims WHERE event_id = %s", (event_id,))
            cur.execute("DELETE FROM discrepancies WHERE event_id = %s", (event_id,))
            cur.executemany(
                f"INSERT INTO claims (event_id, {_CLAIM_COLUMNS}) VALUES ({'%s,' * 7}%s)",
                [(event_id, *astuple(c)) for c in claims],
            )
            cur.executemany(
                "INSERT INTO discrepancies (event_id, kind, sides, note) VALUES (%s,%s,%s,%s)",
                [(event_id, d.kind, codec.dumps(d.sides), d.note) for d in discrepancies],
            )

    def event_details(self, event_id: str) -> dict[str, Any]:
        row = self._one("SELECT details FROM events WHERE id = %s", (event_id,))
        if not row:
            raise NotFoundError(f"no event {event_id!r}")
        return dict(json.loads(row["details"]))

    def claims(self, event_id: str | None = None) -> list[tuple[str, Claim]]:
        where, args = ("WHERE event_id = %s", (event_id,)) if event_id is not None else ("", ())
        rows = self._all(
            f"SELECT event_id, {_CLAIM_COLUMNS} FROM claims {where} "
            f"ORDER BY event_id {_C}, kind {_C}, value, seq",
            args,
        )
        return [(row.pop("event_id"), Claim(**row)) for row in rows]

    def discrepancies(self, event_id: str | None = None) -> list[Discrepancy]:
        where, args = ("WHERE event_id = %s", (event_id,)) if event_id is not None else ("", ())
        rows = self._all(
            f"SELECT * FROM discrepancies {where} ORDER BY event_id {_C}, kind {_C}, seq", args
        )
        return [
            Discrepancy(
                row["event_id"],
                row["kind"],
                tuple((v, tuple(ids)) for v, ids in json.loads(row["sides"])),
                row["note"],
            )
            for row in rows
        ]

    # --- entities (from mentions) ------------------------------------------------------

    def mention_keys(self, *, type: str | None = None) -> list[tuple[str, str, int, int]]:
        """(key, most common type, articles, mentions) for every mentioned key."""
        rows = self._all(
            "SELECT key, type, COUNT(DISTINCT article_id) AS articles, COUNT(*) AS n "
            f"FROM mentions GROUP BY key, type ORDER BY key {_C}, type {_C}"
        )
        best: dict[str, tuple[str, int, int]] = {}
        for row in rows:  # the same fold as the SQLite store, over rows in the same order
            known = best.get(row["key"])
            articles = row["articles"] + (known[1] if known else 0)
            mentions = row["n"] + (known[2] if known else 0)
            kind = row["type"] if not known or row["n"] > known[2] else known[0]
            best[row["key"]] = (kind, articles, mentions)
        out = [(key, *value) for key, value in best.items() if type is None or value[0] == type]
        return sorted(out, key=lambda r: (-r[2], r[0]))

    def aliases(self, key: str) -> list[tuple[str, str, int]]:
        rows = self._all(
            "SELECT text, lang, COUNT(*) AS n FROM mentions WHERE key = %s GROUP BY text, lang "
            f"ORDER BY n DESC, text {_C}, lang {_C}",
            (key,),
        )
        return [(row["text"], row["lang"], row["n"]) for row in rows]

    def keys_matching(self, text: str) -> list[str]:
        # lower() folds every script here; SQLite's NOCASE folds ASCII only.
        rows = self._all(
            "SELECT key, COUNT(*) AS n FROM mentions WHERE lower(text) = lower(%s) GROUP BY key "
            f"ORDER BY n DESC, key {_C}",
            (text,),
        )
        return [row["key"] for row in rows]

    def articles_mentioning(self, key: str) -> list[str]:
        rows = self._all(
            f"SELECT DISTINCT article_id {_C} AS id FROM mentions WHERE key = %s ORDER BY 1",
            (key,),
        )
        return [row["id"] for row in rows]

    def cooccurring(self, key: str, *, limit: int = 20) -> list[tuple[str, int]]:
        rows = self._all(
            "SELECT other.key, COUNT(DISTINCT other.article_id) AS n FROM mentions AS m "
            "JOIN mentions AS other ON other.article_id = m.article_id AND other.key != m.key "
            f"WHERE m.key = %s GROUP BY other.key ORDER BY n DESC, other.key {_C} LIMIT %s",
            (key, limit),
        )
        return [(row["key"], row["n"]) for row in rows]

    # --- corrections -----------------------------------------------------------------

    def put_correction(
        self, action: str, args: dict[str, Any], *, author: str, reason: str = ""
    ) -> int:
        with self.transaction() as db:
            row = db.execute(
                "INSERT INTO corrections (at, author, action, args, reason) "
                "VALUES (%s,%s,%s,%s,%s) RETURNING id",
                (_now(), author, action, codec.dumps(args), reason),
            ).fetchone()
            return int(row["id"]) if row else 0

    def corrections(self) -> list[Correction]:
        rows = self._all("SELECT * FROM corrections ORDER BY id")
        return [
            Correction(
                row["id"],
                _iso(row["at"]) or "",
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
        added = 0
        with self.transaction() as db:
            for r in rows:
                cursor = db.execute(
                    "INSERT INTO learned_aliases VALUES (%s,%s,%s,%s,%s,%s) "
                    "ON CONFLICT (alias) DO NOTHING",
                    (r.alias, r.entity, r.rule, r.event_id, r.evidence, _now()),
                )
                added += cursor.rowcount
        return added

    def learned_aliases(self) -> list[LearnedAlias]:
        rows = self._all(
            "SELECT alias, entity, rule, event_id, evidence FROM learned_aliases ORDER BY alias"
        )
        return [
            LearnedAlias(r["alias"], r["entity"], r["rule"], r["event_id"], r["evidence"])
            for r in rows
        ]

    def undo_correction(self, correction_id: int) -> None:
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE corrections SET undone_at = %s WHERE id = %s AND undone_at IS NULL",
                (_now(), correction_id),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no active correction #{correction_id}")

    def replace_mentions(self, rows: Mapping[str, tuple[str, Sequence[Mention]]]) -> None:
        """Rewrite the mentions of articles: article id -> (language, mentions)."""
        with self.transaction() as db:
            for article_id, (lang, mentions) in rows.items():
                self._write_mentions(db, article_id, lang, mentions)

    def remove_memberships(self, article_ids: Sequence[str]) -> None:
        """Forget where these articles were placed, so the next clustering places them anew."""
        with self.transaction() as db:
            db.execute("DELETE FROM memberships WHERE article_id = ANY(%s)", (list(article_ids),))

    # --- search ------------------------------------------------------------------------

    def has_text_index(self) -> bool:
        """Always: ``search_text`` works on any schema here (with pg_trgm, through its index)."""
        return True

    def search_text(self, match: str, *, limit: int = 50) -> list[tuple[str, float]]:
        """(article id, score; lower is better) for an FTS5 MATCH expression (see
        ``_phrases`` for the part of the syntax read here).

        Every phrase must occur in title or text, as a case-insensitive substring; like
        FTS5's trigram tokenizer, a phrase under three characters matches nothing. The
        score is minus the phrases' occurrences per 1,000 characters: the sign convention
        of bm25, not its numbers.
        """
        phrases = _phrases(match)
        if any(len(p) < TRIGRAM for p in phrases):
            return []
        hits = " + ".join(
            f"(length(lower({_HAY})) - length(replace(lower({_HAY}), lower(%s), '')))"
            " / length(%s)::float"
            for _ in phrases
        )
        where = " AND ".join(f"{_HAY} ILIKE %s" for _ in phrases)
        patterns = ["%" + re.sub(r"([\\%_])", r"\\\1", p) + "%" for p in phrases]
        rows = self._all(
            f"SELECT id, -1000.0 * ({hits}) / (length({_HAY}) + 1) AS score FROM articles "
            f"WHERE {where} ORDER BY score, id {_C} LIMIT %s",
            [*[p for p in phrases for _ in (0, 1)], *patterns, limit],
        )
        return [(row["id"], float(row["score"])) for row in rows]

    def search_substring(self, terms: Sequence[str], *, limit: int = 50) -> list[str]:
        """Article ids whose title or text contains every term (case-insensitive)."""
        if not terms:
            return []
        where = " AND ".join(f"strpos(lower({_HAY}), lower(%s)) > 0" for _ in terms)
        rows = self._all(
            f"SELECT id FROM articles WHERE {where} "
            f"ORDER BY published DESC NULLS LAST, id {_C} LIMIT %s",
            (*terms, limit),
        )
        return [row["id"] for row in rows]

    def article_langs(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Detected language per article, without loading the full analyses."""
        rows = self._by_ids("SELECT article_id, lang FROM analyses", ids, "article_id")
        return {row["article_id"]: row["lang"] for row in rows}

    def domains(self) -> list[tuple[str, int]]:
        """(domain, number of articles), most prolific first."""
        rows = self._all(
            "SELECT domain, COUNT(*) AS n FROM articles WHERE domain IS NOT NULL "
            f"GROUP BY domain ORDER BY n DESC, domain {_C}"
        )
        return [(row["domain"], row["n"]) for row in rows]

    def article_ids_by_domain(self, domain: str) -> list[str]:
        rows = self._all(
            "SELECT id FROM articles WHERE domain = %s "
            f"ORDER BY published DESC NULLS LAST, id {_C}",
            (domain,),
        )
        return [row["id"] for row in rows]

    # --- scale ---

    def embedding_state(self, *, model: str) -> tuple[int, int]:
        """(count, highest seq) of the stored vectors of ``model``: what a candidate index
        was built from. A rewrite gives a row a higher seq, so both tell change."""
        row = self._one(
            "SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS hi FROM embeddings WHERE model = %s",
            (model,),
        )
        return int(row["n"]), int(row["hi"])

    def max_embedding_rowid(self, *, model: str) -> int:
        """The highest seq of the vectors of ``model`` (a look at the table's end)."""
        row = self._one(
            "SELECT COALESCE(MAX(seq), 0) AS hi FROM embeddings WHERE model = %s", (model,)
        )
        return int(row["hi"])

    def embedding_rows(
        self, *, model: str, after_rowid: int = 0, batch: int = 20_000
    ) -> Iterator[list[tuple[str, np.ndarray, date | None]]]:
        """(article id, vector, event date else publication date) of the vectors written
        after ``after_rowid`` (a seq here), in write order, ``batch`` at a time.

        Pages by seq rather than holding a cursor, so the connection is free between
        batches; rows written after the first page are left for the next call, as a
        single SQLite statement would."""
        top = self.embedding_state(model=model)[1]
        while True:
            rows = self._all(
                "SELECT e.seq, e.article_id, e.vector, COALESCE(n.event_date, a.published) AS day "
                "FROM embeddings e JOIN articles a ON a.id = e.article_id "
                "LEFT JOIN analyses n ON n.article_id = e.article_id "
                "WHERE e.model = %s AND e.seq > %s AND e.seq <= %s ORDER BY e.seq LIMIT %s",
                (model, after_rowid, top, batch),
            )
            if not rows:
                return
            yield [
                (r["article_id"], np.frombuffer(r["vector"], dtype="<f4"), r["day"]) for r in rows
            ]
            after_rowid = rows[-1]["seq"]

    def article_dates(self, ids: Iterable[str]) -> dict[str, date | None]:
        """Event date, else publication date, of each article (None: undated)."""
        rows = self._all(
            "SELECT a.id, COALESCE(n.event_date, a.published) AS day FROM articles a "
            "LEFT JOIN analyses n ON n.article_id = a.id WHERE a.id = ANY(%s)",
            (list(ids),),
        )
        return {row["id"]: row["day"] for row in rows}

    def members_of_events(self, event_ids: Iterable[str]) -> dict[str, list[str]]:
        """The stored members of each event, sorted."""
        out: dict[str, list[str]] = {}
        for row in self._all(
            "SELECT event_id, article_id FROM memberships WHERE event_id = ANY(%s) "
            f"ORDER BY event_id {_C}, article_id {_C}",
            (sorted(set(event_ids)),),
        ):
            out.setdefault(row["event_id"], []).append(row["article_id"])
        return out

    def key_frequencies(self, keys: Iterable[str]) -> dict[str, int]:
        """In how many articles each key is mentioned (kept by triggers, migration 005)."""
        rows = self._all(
            "SELECT key, articles FROM key_df WHERE key = ANY(%s) AND articles > 0",
            (sorted(set(keys)),),
        )
        return {row["key"]: int(row["articles"]) for row in rows}

    def count_analyses(self) -> int:
        return int(self._one("SELECT COUNT(*) AS n FROM analyses")["n"])


# --- FTS5 MATCH subset -------------------------------------------------------------------

_PHRASE = re.compile(r'\s*(?:"((?:[^"]|"")*)"|([^\s"]+))')


def _phrases(match: str) -> list[str]:
    """The phrases of an FTS5 MATCH expression of the kind ``search.fts_query`` writes:
    "quoted" strings or bare words, all required (AND implied or written out).

    FTS5's other operators (OR, NOT, NEAR, parentheses, column filters) raise ValueError,
    as malformed input does in SQLite: nothing in newsweave writes them, and reading them
    as plain words would quietly return wrong hits.
    """
    phrases, pos, match = [], 0, match.strip()
    while pos < len(match):
        found = _PHRASE.match(match, pos)
        if not found:
            raise ValueError(f"bad search expression: unterminated string in {match!r}")
        quoted, bare = found.groups()
        pos = found.end()
        if quoted is not None:
            phrases.append(quoted.replace('""', '"'))
        elif bare in {"OR", "NOT", "NEAR"} or not re.fullmatch(r"\w+\*?|AND", bare):
            raise ValueError(f"bad search expression: {bare!r} is not supported here")
        elif bare != "AND":
            phrases.append(bare.removesuffix("*"))
    if not phrases:
        raise ValueError(f"bad search expression: no terms in {match!r}")
    return phrases


def _article(row: Mapping[str, Any]) -> Article:
    return Article(**{f.name: row[f.name] for f in fields(Article)})


def _event(row: Mapping[str, Any], members: list[str]) -> Event:
    return Event(
        id=row["id"],
        title=row["title"],
        start=row["start"],
        end=row["end"],
        languages=tuple(json.loads(row["languages"])),
        article_ids=tuple(members),
    )
