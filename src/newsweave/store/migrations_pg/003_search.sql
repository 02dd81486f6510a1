-- Full-text search over article title + text. SQLite uses an FTS5 trigram index; here the
-- store answers the same MATCH subset with ILIKE, and a pg_trgm GIN index on the same
-- expression makes those ILIKEs index scans. pg_trgm ships with the server (Debian's
-- postgresql-NN package) and is a trusted extension, so a database owner may create it;
-- where it cannot be created the migration still succeeds and searches scan.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX articles_trgm ON articles
        USING gin ((COALESCE(title, '') || ' ' || text) gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'no pg_trgm (%): text search will scan', SQLERRM;
END $$;
