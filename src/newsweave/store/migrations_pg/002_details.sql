-- Event details (place, topics, entities, sources), mentions for entity queries, claims.
-- `seq` columns stand in for SQLite's rowid: they keep rows in the order they were written
-- where a query's ORDER BY leaves ties.
ALTER TABLE events ADD COLUMN details TEXT NOT NULL DEFAULT '{}';

CREATE TABLE mentions (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    key TEXT NOT NULL,
    lang TEXT NOT NULL
);
CREATE INDEX mentions_key ON mentions(key);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_lower_text ON mentions(lower(text));

CREATE TABLE claims (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value BIGINT NOT NULL,
    qualifier TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX claims_event ON claims(event_id);

CREATE TABLE discrepancies (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    sides TEXT NOT NULL,         -- JSON: [[value as said, [article ids]], ...]
    note TEXT NOT NULL
);
CREATE INDEX discrepancies_event ON discrepancies(event_id);
