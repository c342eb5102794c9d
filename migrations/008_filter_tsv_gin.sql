-- 008_filter_tsv_gin: the full-text index also holds country and tier, so
-- a lexical search under those filters intersects them inside the index.
--
-- The lexical match is a GIN bitmap scan on tsv. Under a selective filter
-- most of what it collects is thrown away: at 1M creators with a 1%
-- country filter, a widened brief matched 62,000 documents in the index
-- (16 ms building the bitmap) for the 628 that were in New Zealand, and
-- the BitmapAnd with the country index came after that cost. A multicolumn
-- GIN index (btree_gin supplies the text operator classes) runs the
-- country condition and the tsquery in one scan that advances both entry
-- streams together: 3.3-3.5 ms for the same 628 rows, and 11 instead of
-- 22 ms for the whole statement (EXPLAIN ANALYZE, same database, side by
-- side; docs/benchmarks.md). A multicolumn GIN index serves a condition on
-- any subset of its columns equally well, so it replaces the tsv-only index
-- instead of adding a second full-text index for every write to maintain.
--
-- btree_gin ships with PostgreSQL (contrib) and is a trusted extension, so
-- a database owner can create it.

CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX IF NOT EXISTS creators_filter_tsv_idx ON creators USING gin (country, tier, tsv);
DROP INDEX IF EXISTS creators_tsv_idx;

---- create above / drop below ----

CREATE INDEX IF NOT EXISTS creators_tsv_idx ON creators USING gin (tsv);
DROP INDEX IF EXISTS creators_filter_tsv_idx;
