-- PostgreSQL twin of migrations/006_learned_aliases.sql: aliases learned from the corpus.
CREATE TABLE learned_aliases (
    alias TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    rule TEXT NOT NULL,
    event_id TEXT NOT NULL,
    evidence TEXT NOT NULL,
    learned_at TIMESTAMPTZ NOT NULL
);
