-- The embedding cache is bounded (store/postgres WithEmbeddingCache): each
-- row records when it was last used, and after writes the store deletes the
-- least recently used rows beyond its bound (Store.trimEmbeddingCache).
--
-- last_used is a tick of one sequence, not a timestamp: inserts, rewrites
-- and hits each take a new tick, so the order is strict (rows written in
-- one statement or the same microsecond do not tie) and "the N most recent
-- rows" is an index walk of N entries. Existing rows get ticks in table
-- order (ADD COLUMN with a volatile default rewrites the table once).

CREATE SEQUENCE IF NOT EXISTS embedding_cache_clock;

ALTER TABLE embedding_cache
    ADD COLUMN IF NOT EXISTS last_used bigint NOT NULL DEFAULT nextval('embedding_cache_clock');

ALTER SEQUENCE embedding_cache_clock OWNED BY embedding_cache.last_used;

CREATE INDEX IF NOT EXISTS embedding_cache_last_used_idx ON embedding_cache (last_used);

---- create above / drop below ----

DROP INDEX IF EXISTS embedding_cache_last_used_idx;
ALTER TABLE embedding_cache DROP COLUMN IF EXISTS last_used;
DROP SEQUENCE IF EXISTS embedding_cache_clock;
