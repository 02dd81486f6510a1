-- Document frequency of entity keys (in how many articles each key is mentioned), kept by
-- triggers so clustering a large store reads the rarity of a few keys instead of every
-- analysis. A key counts once per article however often it is mentioned there.
CREATE TABLE key_df (
    key TEXT PRIMARY KEY,
    articles INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO key_df SELECT key, COUNT(DISTINCT article_id) FROM mentions GROUP BY key;

CREATE TRIGGER mentions_key_df_insert AFTER INSERT ON mentions
WHEN NOT EXISTS (
    SELECT 1 FROM mentions WHERE article_id = new.article_id AND key = new.key
    AND rowid != new.rowid
)
BEGIN
    INSERT INTO key_df VALUES (new.key, 1)
    ON CONFLICT(key) DO UPDATE SET articles = articles + 1;
END;
CREATE TRIGGER mentions_key_df_delete AFTER DELETE ON mentions
WHEN NOT EXISTS (SELECT 1 FROM mentions WHERE article_id = old.article_id AND key = old.key)
BEGIN
    UPDATE key_df SET articles = articles - 1 WHERE key = old.key;
END;
