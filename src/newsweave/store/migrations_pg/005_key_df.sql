-- PostgreSQL twin of migrations/005_key_df.sql: document frequency of entity keys (in how
-- many articles each key is mentioned), kept by triggers so clustering a large store reads
-- the rarity of a few keys instead of every analysis. A key counts once per article.
--
-- BEFORE row triggers, not AFTER: an AFTER trigger sees the whole statement's changes, so
-- deleting an article's two mentions of one key in one DELETE would count it down twice.
-- A BEFORE trigger sees the rows the statement already handled, as SQLite's triggers do.
CREATE TABLE key_df (
    key TEXT PRIMARY KEY,
    articles INTEGER NOT NULL
);
INSERT INTO key_df SELECT key, COUNT(DISTINCT article_id) FROM mentions GROUP BY key;

CREATE FUNCTION mentions_key_df_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM mentions WHERE article_id = NEW.article_id AND key = NEW.key)
    THEN
        INSERT INTO key_df VALUES (NEW.key, 1)
        ON CONFLICT (key) DO UPDATE SET articles = key_df.articles + 1;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION mentions_key_df_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM mentions
        WHERE article_id = OLD.article_id AND key = OLD.key AND seq <> OLD.seq
    ) THEN
        UPDATE key_df SET articles = articles - 1 WHERE key = OLD.key;
    END IF;
    RETURN OLD;
END $$;

CREATE TRIGGER mentions_key_df_insert BEFORE INSERT ON mentions
    FOR EACH ROW EXECUTE FUNCTION mentions_key_df_insert();
CREATE TRIGGER mentions_key_df_delete BEFORE DELETE ON mentions
    FOR EACH ROW EXECUTE FUNCTION mentions_key_df_delete();

-- SQLite's embeddings rowid grows with every write (INSERT OR REPLACE makes a new row), and
-- the candidate index (link/candidates.py) reads "rows written after N" by it. `seq` is
-- that here: set on insert and again on every update by the store's upsert. The store
-- writes one transaction at a time (an advisory lock), so seq order is commit order.
CREATE SEQUENCE embeddings_seq;
ALTER TABLE embeddings ADD COLUMN seq BIGINT NOT NULL DEFAULT nextval('embeddings_seq');
CREATE INDEX embeddings_model_seq ON embeddings(model, seq);
