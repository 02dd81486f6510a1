"""Every Store method, with the same expectations, on SQLite and on PostgreSQL.

The ``store`` fixture (conftest.py) is parametrized over both backends, so a behaviour that
differs between them fails here. PostgreSQL-only concerns (connection failures, reconnects,
read-only sessions refused by the server) are at the end.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from newsweave.errors import NotFoundError, StoreError
from newsweave.model import (
    Analysis,
    Article,
    Claim,
    DateMention,
    Discrepancy,
    Event,
    IngestIssue,
    Membership,
    Mention,
)
from newsweave.store import Store, open_store
from newsweave.store.postgres import PostgresStore, _phrases, redact
from newsweave.store.sqlite import SQLiteStore

DAY = date(2025, 5, 27)


def _articles() -> list[tuple[Article, Analysis, np.ndarray | None]]:
    moscow_ru = Mention(10, 16, "Москве", "LOC", "geo:moscow")
    putin_ru = Mention(20, 25, "Путин", "PER", "per:putin")
    a1 = Article(
        id="a1",
        text="Встреча в Москве: Путин и 100% согласие. Москва, Москва.",
        title="Москва",
        url="https://news.example.ru/a1",
        domain="news.example.ru",
        lang_hint="ru",
        published=DAY,
        origin="feed.jsonl:1",
    )
    an1 = Analysis(
        article_id="a1",
        lang="ru",
        lang_score=0.98,
        mentions=(moscow_ru, putin_ru),
        dates=(DateMention(0, 6, "27 мая", DAY),),
        topics=("diplomacy",),
        numbers=(100,),
        event_date=DAY,
        event_date_source="text",
        offices=("per:vladimir-putin@org:security-council-russia",),
    )
    a2 = Article(
        id="a2",
        text="Putin met the envoy in Moscow, near the Kremlin. 12 people attended.",
        title="Talks in Moscow",
        domain="example.com",
        published=date(2025, 5, 28),
    )
    an2 = Analysis(
        article_id="a2",
        lang="en",
        lang_score=0.99,
        mentions=(
            Mention(0, 5, "Putin", "PER", "per:putin"),
            Mention(24, 30, "Moscow", "LOC", "geo:moscow"),
            Mention(40, 47, "Kremlin", "ORG", "org:kremlin"),
            Mention(40, 47, "kremlin", "LOC", "org:kremlin"),
        ),
        event_date=date(2025, 5, 28),
    )
    a3 = Article(
        id="a3", text="Undated note from example.com, nothing named.", domain="example.com"
    )
    return [
        (a1, an1, np.arange(4, dtype=np.float32)),
        (a2, an2, np.ones(4, dtype=np.float32)),
        (a3, Analysis(article_id="a3"), None),
    ]


@pytest.fixture
def seeded(store: Store) -> Store:
    store.put_analyzed(_articles(), versions={"lang": "1"}, model="m")
    return store


def _cluster(store: Store) -> None:
    store.put_clustering(
        [
            Membership("a1", "ev-1", 1.5, {"similarity": 0.9, "why": "dates"}),
            Membership("a2", "ev-1", 0.7, {"similarity": 0.8}, linked_to="a1"),
            Membership("a3", "ev-2", 0.0),
        ],
        [
            Event("ev-1", "Talks", DAY, date(2025, 5, 28), ("ru", "en"), ("a1", "a2")),
            Event("ev-2", "Note", None, None, ("und",), ("a3",)),
        ],
        version="v1",
    )


# --- the interface itself ---------------------------------------------------------------


def _protocol_methods() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(value)
        for name, value in vars(Store).items()
        if callable(value) and not name.startswith("_")
    }


@pytest.mark.parametrize("backend", [SQLiteStore, PostgresStore])
def test_every_protocol_method_exists_with_its_signature(backend: type) -> None:
    """Catches drift: a method added to Store (and SQLite) but not to another backend."""
    for name, expected in _protocol_methods().items():
        assert hasattr(backend, name), f"{backend.__name__} lacks Store.{name}"
        got = inspect.signature(getattr(backend, name))
        assert [(p.name, p.kind) for p in got.parameters.values()] == [
            (p.name, p.kind) for p in expected.parameters.values()
        ], f"{backend.__name__}.{name}{got} differs from Store.{name}{expected}"


def test_both_backends_have_the_same_migrations() -> None:
    def versions(folder: str) -> list[int]:
        files = resources.files("newsweave.store").joinpath(folder).iterdir()
        return sorted(int(f.name.split("_")[0]) for f in files if f.name.endswith(".sql"))

    assert versions("migrations_pg") == versions("migrations")


def test_store_is_a_store_with_a_path(store: Store) -> None:
    assert isinstance(store.path, str) and store.path
    assert store.migrate() == []  # type: ignore[attr-defined]  # applied on open, recorded


# --- articles, analyses, embeddings -----------------------------------------------------


def test_articles_analyses_and_embeddings_roundtrip(seeded: Store) -> None:
    items = _articles()
    for article, analysis, _ in items:
        assert seeded.article(article.id) == article
        assert seeded.analyses([article.id])[article.id] == analysis
    assert [a.id for a in seeded.articles()] == ["a1", "a2", "a3"]
    assert [a.id for a in seeded.articles(["a3", "a1", "zz"])] == ["a1", "a3"]
    assert set(seeded.analyses()) == {"a1", "a2", "a3"}
    vectors = seeded.embeddings(model="m")
    assert set(vectors) == {"a1", "a2"} and vectors["a1"].dtype == np.float32
    assert vectors["a1"].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert list(seeded.embeddings(["a2", "a3"], model="m")) == ["a2"]
    assert seeded.embeddings(model="other") == {}
    assert seeded.count_articles() == 3
    with pytest.raises(NotFoundError):
        seeded.article("nope")


def test_known_hashes_and_dates(seeded: Store) -> None:
    hashes = seeded.known_hashes(["a1", "a2", "missing"])
    assert set(hashes) == {"a1", "a2"} and len(hashes["a1"]) == 40
    assert seeded.known_hashes([]) == {}
    assert sorted(seeded.article_ids_near(date(2025, 5, 26), DAY)) == ["a1", "a3"]
    assert sorted(seeded.article_ids_near(date(2025, 5, 28), date(2025, 6, 1))) == ["a2", "a3"]


def test_each_analysis_keeps_the_stage_versions_that_made_it(seeded: Store) -> None:
    assert seeded.analysis_versions() == {a: {"lang": "1"} for a in ("a1", "a2", "a3")}
    a1 = next(item for item in _articles() if item[0].id == "a1")
    seeded.put_analyzed([a1], versions={"lang": "2"}, model="m")
    assert seeded.analysis_versions()["a1"] == {"lang": "2"}
    assert seeded.count_stale_analyses({"lang": "2"}) == 2
    assert seeded.count_stale_analyses({"lang": "1"}) == 1


def test_langs_and_domains(seeded: Store) -> None:
    assert seeded.article_langs() == {"a1": "ru", "a2": "en", "a3": "und"}
    assert seeded.article_langs(["a2"]) == {"a2": "en"}
    assert seeded.domains() == [("example.com", 2), ("news.example.ru", 1)]
    # Newest first, undated last.
    assert seeded.article_ids_by_domain("example.com") == ["a2", "a3"]
    assert seeded.article_ids_by_domain("none.org") == []


def test_reanalysis_is_an_upsert_that_keeps_the_event(seeded: Store) -> None:
    """Regression guard for the INSERT OR REPLACE cascade: re-storing an article must not
    delete its membership (nor mentions twice, nor a second embedding)."""
    _cluster(seeded)
    article, analysis, _ = _articles()[0]
    changed = Article(**{**_asdict(article), "text": article.text + " Новое."})
    before = seeded.known_hashes(["a1"])["a1"]
    for _ in range(2):
        seeded.put_analyzed(
            [(changed, analysis, np.full(4, 7, dtype=np.float32))], versions={}, model="m"
        )
    assert seeded.article("a1") == changed
    assert seeded.known_hashes(["a1"])["a1"] != before
    assert seeded.memberships(["a1"])["a1"].event_id == "ev-1"
    assert seeded.embeddings(["a1"], model="m")["a1"].tolist() == [7.0] * 4
    assert seeded.aliases("geo:moscow") == [("Moscow", "en", 1), ("Москве", "ru", 1)]
    assert seeded.count_articles() == 3


def test_mentions_follow_the_remap(store: Store) -> None:
    article, analysis, _ = _articles()[1]
    store.put_analyzed(
        [(article, analysis, None)],
        versions={},
        model="m",
        remap=lambda ms: [m for m in ms if m.key != "org:kremlin"],
    )
    assert store.articles_mentioning("org:kremlin") == []
    assert store.analyses(["a2"])["a2"] == analysis  # stored as the stages produced it


def test_a_failed_write_leaves_nothing_half_written(store: Store) -> None:
    good = (Article(id="ok", text="x"), Analysis(article_id="ok"), None)
    with pytest.raises(AttributeError):
        store.put_analyzed(
            [good, (Article(id="bad", text="y"), None, None)], versions={}, model="m"
        )
    assert store.count_articles() == 0
    # A constraint violation half-way (a member that is no article) rolls back the events.
    with pytest.raises(Exception):  # noqa: B017  # sqlite3 / psycopg IntegrityError
        store.put_clustering(
            [Membership("ghost", "ev-x", 1.0)],
            [Event("ev-x", "x", None, None, (), ("ghost",))],
            version="v",
        )
    assert store.events() == []
    store.put_analyzed([good], versions={}, model="m")  # the store is usable afterwards
    assert store.count_articles() == 1


# --- duplicates, issues, failures ---------------------------------------------------------


def test_duplicates_are_replaced_not_repeated(seeded: Store) -> None:
    seeded.put_duplicates([("a2", "a1", "near", 0.91), ("a3", "a1", "exact", 1.0)])
    seeded.put_duplicates([("a2", "a1", "exact", 0.99)])
    assert seeded.duplicates() == [("a2", "a1", "exact", 0.99), ("a3", "a1", "exact", 1.0)]


def test_issues_and_failures(store: Store) -> None:
    store.put_issues([IngestIssue("b.jsonl:2", "bad_json", "x"), IngestIssue("a.pdf", "big", "y")])
    store.put_issues([IngestIssue("a.pdf", "big", "too large")])
    assert sorted(store.issues(), key=lambda i: i.origin) == [
        IngestIssue("a.pdf", "big", "too large"),
        IngestIssue("b.jsonl:2", "bad_json", "x"),
    ]
    store.put_failures([("a1", "ner", "crash", "boom")])
    store.put_failures([("a1", "ner", "crash", "boom again"), ("a2", "lang", "x", "y")])
    store.put_issues([])
    store.put_failures([])


# --- events -------------------------------------------------------------------------------


def test_events_memberships_and_their_order(seeded: Store) -> None:
    _cluster(seeded)
    events = seeded.events()
    assert [e.id for e in events] == ["ev-1", "ev-2"]  # dated first, newest first
    assert events[0] == Event("ev-1", "Talks", DAY, date(2025, 5, 28), ("ru", "en"), ("a1", "a2"))
    assert events[1] == Event("ev-2", "Note", None, None, ("und",), ("a3",))
    assert seeded.event("ev-1") == events[0]
    assert seeded.event_members("ev-1") == ["a1", "a2"]
    members = seeded.memberships()
    assert members["a2"] == Membership("a2", "ev-1", 0.7, {"similarity": 0.8}, linked_to="a1")
    assert members["a1"].signals == {"similarity": 0.9, "why": "dates"}
    assert list(seeded.memberships(["a3", "a1"])) == ["a1", "a3"]
    with pytest.raises(NotFoundError):
        seeded.event("nope")


def test_ties_order_by_size_then_id(seeded: Store) -> None:
    seeded.put_clustering(
        [Membership("a1", "ev-b", 1.0), Membership("a2", "ev-b", 1.0), Membership("a3", "ev-a", 1)],
        [
            Event("ev-b", "B", DAY, DAY, ("ru",), ("a1", "a2")),
            Event("ev-a", "A", DAY, DAY, ("en",), ("a3",)),
        ],
        version="v",
    )
    assert [e.id for e in seeded.events()] == ["ev-b", "ev-a"]


def test_moving_every_member_deletes_the_empty_event(seeded: Store) -> None:
    _cluster(seeded)
    seeded.put_clustering(
        [Membership("a3", "ev-1", 0.5)],
        [Event("ev-1", "Talks", DAY, date(2025, 5, 28), ("ru", "en", "und"), ("a1", "a2", "a3"))],
        version="v2",
    )
    assert [e.id for e in seeded.events()] == ["ev-1"]
    assert seeded.event("ev-1").article_ids == ("a1", "a2", "a3")
    seeded.remove_memberships(["a2", "a3"])
    assert seeded.event_members("ev-1") == ["a1"]
    assert set(seeded.memberships()) == {"a1"}
    seeded.remove_memberships([])


def test_event_details_claims_and_discrepancies(seeded: Store) -> None:
    _cluster(seeded)
    claims = [
        Claim("dead", 12, "exact", "a2", "12 people attended.", 50, 68),
        Claim("dead", 10, "at_least", "a1", "не менее 10", 0, 11),
        Claim("dead", 3_000_000_000, "exact", "a1", "big", 0, 3),  # past 32 bits
    ]
    disc = [Discrepancy("ev-1", "dead", (("12", ("a2",)), ("10", ("a1",))), "differ")]
    details = {"place": "Москва", "sources": [{"article": "a1"}], "independent_reports": 2}
    seeded.put_event_details("ev-1", details, claims, disc)
    seeded.put_event_details("ev-2", {}, [], [])
    assert seeded.event_details("ev-1") == details
    assert list(seeded.event_details("ev-1")) == list(details)  # key order kept
    assert seeded.claims("ev-1") == [("ev-1", c) for c in sorted(claims, key=lambda c: c.value)]
    assert seeded.claims() == seeded.claims("ev-1")
    assert seeded.discrepancies() == seeded.discrepancies("ev-1") == disc
    assert seeded.discrepancies("ev-2") == [] and seeded.event_details("ev-2") == {}
    seeded.put_event_details("ev-1", {"place": None}, claims[:1], [])  # replaces, no append
    assert seeded.claims() == [("ev-1", claims[0])] and seeded.discrepancies() == []
    with pytest.raises(NotFoundError):
        seeded.event_details("nope")


# --- entities ---------------------------------------------------------------------------


def test_entity_queries(seeded: Store) -> None:
    assert seeded.mention_keys() == [
        ("geo:moscow", "LOC", 2, 2),
        ("org:kremlin", "LOC", 2, 2),  # a tie of types: the first (LOC < ORG) stays
        ("per:putin", "PER", 2, 2),
    ]
    assert seeded.mention_keys(type="PER") == [("per:putin", "PER", 2, 2)]
    assert seeded.aliases("per:putin") == [("Putin", "en", 1), ("Путин", "ru", 1)]
    assert seeded.aliases("nope") == []
    assert seeded.keys_matching("MOSCOW") == ["geo:moscow"]
    assert seeded.keys_matching("kremlin") == ["org:kremlin"]
    assert seeded.articles_mentioning("geo:moscow") == ["a1", "a2"]
    assert seeded.cooccurring("per:putin") == [("geo:moscow", 2), ("org:kremlin", 1)]
    assert seeded.cooccurring("per:putin", limit=1) == [("geo:moscow", 2)]


def test_replace_mentions(seeded: Store) -> None:
    seeded.replace_mentions(
        {"a1": ("ru", [Mention(0, 5, "Шойгу", "PER", "per:shoigu")]), "a3": ("und", [])}
    )
    assert seeded.articles_mentioning("per:shoigu") == ["a1"]
    assert seeded.articles_mentioning("per:putin") == ["a2"]
    assert seeded.aliases("per:shoigu") == [("Шойгу", "ru", 1)]


# --- corrections ----------------------------------------------------------------------


def test_corrections_log_and_undo(store: Store) -> None:
    first = store.put_correction("event.merge", {"events": ["ev-1", "ev-2"]}, author="ana")
    second = store.put_correction(
        "entity.set", {"key": "k", "type": "PER"}, author="bo", reason="r"
    )
    assert second > first > 0
    store.undo_correction(first)
    with pytest.raises(NotFoundError):
        store.undo_correction(first)
    with pytest.raises(NotFoundError):
        store.undo_correction(9999)
    log = store.corrections()
    assert [(c.id, c.author, c.action, c.undone) for c in log] == [
        (first, "ana", "event.merge", True),
        (second, "bo", "entity.set", False),
    ]
    assert log[0].args == {"events": ["ev-1", "ev-2"]} and log[1].reason == "r"
    at = datetime.fromisoformat(log[0].at)
    assert at.utcoffset() is not None and at.microsecond == 0


def test_learned_aliases_keep_their_first_evidence(store: Store) -> None:
    from newsweave.model import LearnedAlias

    first = LearnedAlias("k:a", "per:x", "variant", "ev-1", "a ~ x")
    assert (
        store.put_learned_aliases([first, LearnedAlias("k:b", "k:c", "surname", "ev-2", "")]) == 2
    )
    assert store.put_learned_aliases([LearnedAlias("k:a", "per:y", "variant", "ev-3", "")]) == 0
    assert [(a.alias, a.entity) for a in store.learned_aliases()] == [
        ("k:a", "per:x"),
        ("k:b", "k:c"),
    ]
    assert store.learned_aliases()[0] == first


# --- search ---------------------------------------------------------------------------


def test_text_search(seeded: Store) -> None:
    assert seeded.has_text_index()
    hits = seeded.search_text('"москва"')  # case-insensitive, Cyrillic
    assert [i for i, _ in hits] == ["a1"] and hits[0][1] < 0
    assert [i for i, _ in seeded.search_text('"moscow" "kremlin"')] == ["a2"]
    assert [i for i, _ in seeded.search_text('"100%"')] == ["a1"]  # no LIKE wildcards
    assert seeded.search_text('"10_"') == []
    assert seeded.search_text('"ab"') == []  # under a trigram: no match, as in FTS5
    assert sorted(i for i, _ in seeded.search_text('"example"')) == ["a3"]
    assert [i for i, _ in seeded.search_text('"moscow" AND "putin"')] == ["a2"]
    assert len(seeded.search_text('"the"', limit=1)) == 1
    with pytest.raises(ValueError):
        seeded.search_text('"unterminated')


def test_more_occurrences_rank_first(store: Store) -> None:
    store.put_analyzed(
        [
            (Article(id="once", text="Tehran once. " + "padding " * 20), Analysis("once"), None),
            (Article(id="often", text="Tehran, Tehran, Tehran."), Analysis("often"), None),
        ],
        versions={},
        model="m",
    )
    assert [i for i, _ in store.search_text('"tehran"')] == ["often", "once"]


def test_substring_search(seeded: Store) -> None:
    assert seeded.search_substring(["Путин", "100"]) == ["a1"]
    assert seeded.search_substring(["moscow"]) == ["a2"]  # ASCII folds everywhere
    assert seeded.search_substring(["."]) == ["a2", "a1", "a3"]  # newest first, undated last
    assert seeded.search_substring(["."], limit=1) == ["a2"]
    assert seeded.search_substring([]) == []
    assert seeded.search_substring(["%"]) == ["a1"]


def test_search_service_on_each_backend(seeded: Store) -> None:
    from newsweave.search import text_search

    assert [h.article_id for h in text_search(seeded, "Moscow Kremlin")] == ["a2"]
    assert [h.article_id for h in text_search(seeded, "in Moscow")] == ["a2"]


def test_phrase_reader() -> None:
    assert _phrases('"a b" c* AND "say ""hi"""') == ["a b", "c", 'say "hi"']
    for bad in ['"x', "a OR b", "NOT a", "(a)", "title:x", ""]:
        with pytest.raises(ValueError):
            _phrases(bad)


# --- scale: what bounded clustering reads -------------------------------------------------


def test_embedding_state_and_incremental_rows(seeded: Store) -> None:
    count, top = seeded.embedding_state(model="m")
    assert count == 2 and top > 0
    assert seeded.embedding_state(model="other") == (0, 0)
    rows = [r for batch in seeded.embedding_rows(model="m", batch=1) for r in batch]
    assert [(i, v.tolist(), d) for i, v, d in rows] == [
        ("a1", [0.0, 1.0, 2.0, 3.0], DAY),
        ("a2", [1.0] * 4, date(2025, 5, 28)),
    ]
    assert len(list(seeded.embedding_rows(model="m", batch=1))) == 2  # one row per batch
    article, analysis, _ = _articles()[0]
    seeded.put_analyzed([(article, analysis, np.full(4, 5, np.float32))], versions={}, model="m")
    count2, top2 = seeded.embedding_state(model="m")
    assert count2 == 2 and top2 > top  # a rewrite counts as a new write
    new = [r for batch in seeded.embedding_rows(model="m", after_rowid=top) for r in batch]
    assert [(i, v.tolist()) for i, v, _ in new] == [("a1", [5.0] * 4)]
    assert list(seeded.embedding_rows(model="m", after_rowid=top2)) == []


def test_dates_members_and_counts(seeded: Store) -> None:
    _cluster(seeded)
    assert seeded.article_dates(["a1", "a3", "zz"]) == {"a1": DAY, "a3": None}
    assert seeded.article_dates([]) == {}
    assert seeded.members_of_events(["ev-2", "ev-1", "ev-1", "nope"]) == {
        "ev-1": ["a1", "a2"],
        "ev-2": ["a3"],
    }
    assert seeded.count_analyses() == 3


def test_key_frequencies_follow_every_mention_write(seeded: Store) -> None:
    keys = ["geo:moscow", "org:kremlin", "per:putin", "per:shoigu", "nope"]
    assert seeded.key_frequencies(keys) == {"geo:moscow": 2, "org:kremlin": 1, "per:putin": 2}
    # Re-storing a2 deletes and re-inserts its two mentions of org:kremlin: still one article.
    seeded.put_analyzed([_articles()[1]], versions={}, model="m")
    assert seeded.key_frequencies(["org:kremlin"]) == {"org:kremlin": 1}
    seeded.replace_mentions({"a1": ("ru", [Mention(0, 5, "Шойгу", "PER", "per:shoigu")])})
    assert seeded.key_frequencies(keys) == {
        "geo:moscow": 1,
        "org:kremlin": 1,
        "per:putin": 1,
        "per:shoigu": 1,
    }
    seeded.replace_mentions({"a2": ("en", [])})
    assert seeded.key_frequencies(keys) == {"per:shoigu": 1}
    with pytest.raises(AttributeError):  # a failed write leaves the counts alone
        seeded.replace_mentions({"a1": ("ru", [None])})  # type: ignore[list-item]
    assert seeded.key_frequencies(keys) == {"per:shoigu": 1}


# --- read-only ------------------------------------------------------------------------


def test_read_only_store_reads_and_refuses_writes(store_url: str) -> None:
    writer = open_store(store_url)
    writer.put_analyzed(_articles(), versions={}, model="m")
    writer.close()
    reader = open_store(store_url, read_only=True)
    assert reader.count_articles() == 3 and reader.article("a1").title == "Москва"
    with pytest.raises(Exception):  # noqa: B017  # StoreError, or sqlite3's readonly error
        reader.put_issues([IngestIssue("x", "y", "z")])
    assert reader.issues() == []
    reader.close()


# --- PostgreSQL only: URLs, failures, reconnects -----------------------------------------


@pytest.mark.postgres
def test_open_by_url_and_redacted_path(pg_url: str) -> None:
    store = open_store(pg_url.replace("postgresql://", "postgres://"))
    assert isinstance(store, PostgresStore)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count_articles()
    assert redact("postgresql://u:secret@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"
    assert redact("postgresql:///db?host=/tmp&password=pw&x=1") == (
        "postgresql:///db?host=/tmp&password=***&x=1"
    )


@pytest.mark.postgres
def test_connection_failures_are_store_errors(pg_admin_url: str, pg_url: str) -> None:
    base = pg_admin_url.rpartition("/")[0]
    with pytest.raises(StoreError, match="cannot connect"):
        open_store(f"{base}/no_such_database")
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://postgres@127.0.0.1:1/x?connect_timeout=2")
    with pytest.raises(StoreError, match="run `newsweave run` first"):
        open_store(pg_url, read_only=True)  # an empty database: nothing to read


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = (
        f"import sys; from newsweave.cli import main; sys.argv = {['newsweave', *args]!r}; main()"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@pytest.mark.postgres
def test_cli_reports_a_down_server_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text('{"id": "x", "text": "y"}\n', encoding="utf-8")
    done = _cli(
        "run", str(tmp_path / "in.jsonl"), "--db", "postgresql://u@127.0.0.1:1/n?connect_timeout=2"
    )
    assert done.returncode == 2
    assert "cannot connect" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.postgres
def test_cli_reads_a_postgres_database(pg_url: str) -> None:
    store = open_store(pg_url)
    store.put_analyzed(_articles(), versions={}, model="m")
    _cluster(store)
    store.close()
    done = _cli("events", "--db", pg_url)
    assert done.returncode == 0, done.stderr
    assert "Talks" in done.stdout


@pytest.mark.postgres
def test_a_dropped_connection_is_replaced(pg_admin_url: str, pg_url: str) -> None:
    import psycopg

    store = open_store(pg_url)
    store.put_analyzed(_articles(), versions={}, model="m")
    name = pg_url.rpartition("/")[2]
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
    assert store.count_articles() == 3  # a read reconnects and retries
    store.put_issues([IngestIssue("o", "c", "m")])
    assert len(store.issues()) == 1
    store.close()


@pytest.mark.postgres
def test_schema_migrations_and_trigram_index(pg_url: str) -> None:
    import psycopg

    open_store(pg_url).close()
    again = open_store(pg_url)  # a second open applies nothing
    assert again.migrate() == []  # type: ignore[attr-defined]
    again.close()
    with psycopg.connect(pg_url) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
        index = conn.execute("SELECT to_regclass('articles_trgm')").fetchone()
    files = resources.files("newsweave.store").joinpath("migrations_pg").iterdir()
    assert sorted(versions) == sorted(int(f.name[:3]) for f in files if f.name.endswith(".sql"))
    assert index and index[0] == "articles_trgm"


@pytest.mark.postgres
def test_threads_share_one_store(pg_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    store = open_store(pg_url)
    store.put_analyzed(_articles(), versions={}, model="m")

    def work(i: int) -> int:
        store.put_issues([IngestIssue(f"o{i}", "c", "m")])
        return store.count_articles()

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(work, range(40))) == [3] * 40
    assert len(store.issues()) == 40
    store.close()


# --- the real pipeline on both backends ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.postgres
def test_ingest_gives_the_same_events_and_claims_on_both(pg_url: str, tmp_path: Path) -> None:
    import newsweave

    corpus = Path(__file__).resolve().parents[2] / "samples" / "corpus" / "articles.jsonl"
    results = {}
    for name, url in (("sqlite", str(tmp_path / "e2e.db")), ("postgres", pg_url)):
        ws = newsweave.open(url)
        try:
            done = ws.ingest([str(corpus)])
            assert done.added > 0 and not done.issues
            store = ws.store
            results[name] = {
                "events": sorted(sorted(e.article_ids) for e in store.events()),
                "event_rows": [
                    (e.id, e.title, e.start, e.end, e.languages) for e in store.events()
                ],
                "claims": store.claims(),
                "discrepancies": store.discrepancies(),
                "details": {e.id: store.event_details(e.id) for e in store.events()},
                "duplicates": store.duplicates(),
                "entities": store.mention_keys()[:50],
                "near_misses": {
                    e.id: [
                        (n.article.id, n.link.signals["mean_link"]) for n in ws.near_misses(e.id)
                    ]
                    for e in store.events()
                },
                "dates": {e.id: ws.event(e.id).dates for e in store.events()},
            }
        finally:
            ws.close()
    sqlite, postgres = results["sqlite"], results["postgres"]
    assert postgres["events"] == sqlite["events"]
    assert len(sqlite["events"]) > 1
    assert any(sqlite["near_misses"].values()) and any(sqlite["dates"].values())
    for key in (
        "event_rows",
        "claims",
        "discrepancies",
        "details",
        "duplicates",
        "entities",
        "near_misses",
        "dates",
    ):
        assert postgres[key] == sqlite[key], key
    assert json.dumps(postgres["details"], default=str) == json.dumps(
        sqlite["details"], default=str
    )


def _asdict(article: Article) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(article)


def test_duplicates_of_some_articles(seeded: Store) -> None:
    seeded.put_duplicates([("a2", "a1", "near", 0.91), ("a3", "a1", "exact", 1.0)])
    assert seeded.duplicates(["a3", "zz"]) == [("a3", "a1", "exact", 1.0)]
