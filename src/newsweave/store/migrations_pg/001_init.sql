-- PostgreSQL twin of migrations/001_init.sql: same tables and columns, native types
-- (DATE, TIMESTAMPTZ, DOUBLE PRECISION, BYTEA). JSON stays TEXT, written by store.codec,
-- so both backends give back byte-identical documents (JSONB would reorder keys, and the
-- JSON type rejects the NaN that Python's json writes).
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    domain TEXT,
    lang_hint TEXT,
    published DATE,
    title TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    origin TEXT,
    ingested_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_domain ON articles(domain);

CREATE TABLE analyses (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    lang_score DOUBLE PRECISION NOT NULL,
    event_date DATE,
    data TEXT NOT NULL,          -- JSON: mentions, dates, editions, figures, citations, topics
    versions TEXT NOT NULL       -- JSON: {stage: version} that produced this row
);
CREATE INDEX analyses_event_date ON analyses(event_date);

CREATE TABLE embeddings (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BYTEA NOT NULL,       -- float32, little endian
    PRIMARY KEY (article_id, model)
);

CREATE TABLE duplicates (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    of_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,          -- exact | near
    similarity DOUBLE PRECISION NOT NULL
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    start DATE,
    "end" DATE,                  -- quoted: END is a reserved word here
    languages TEXT NOT NULL,     -- JSON list
    size INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    score DOUBLE PRECISION NOT NULL,
    signals TEXT NOT NULL,       -- JSON: why the article joined
    linked_to TEXT,
    version TEXT NOT NULL
);
CREATE INDEX memberships_event ON memberships(event_id);

CREATE TABLE ingest_issues (
    origin TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (origin, code)
);

CREATE TABLE stage_failures (
    article_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (article_id, stage)
);
