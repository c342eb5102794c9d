-- 006_filter_covering_indexes: country and tier indexes that carry the
-- creator id, so a selective filter's creators come from an index-only scan.
--
-- A dense search under a selective filter (store/postgres: fewer than
-- exactScanBelow creators pass) ranks the filtered creators exactly: it
-- reads their ids through the filter's index, then each one's vector. With
-- the plain indexes of 001 every id cost a creators heap page (rows are
-- wide: profile JSON, tsvector): at 1M creators with a 1% country filter,
-- 9,605 heap pages for 10,084 creators, and the search took 61 ms at its
-- p50; with (country) INCLUDE (id) it is an index-only scan once the table
-- is vacuumed, and the search took 45 ms (docs/benchmarks.md). The new
-- indexes serve every lookup the old ones did, which are dropped.

CREATE INDEX IF NOT EXISTS creators_country_id_idx ON creators (country) INCLUDE (id);
CREATE INDEX IF NOT EXISTS creators_tier_id_idx ON creators (tier) INCLUDE (id);
DROP INDEX IF EXISTS creators_country_idx;
DROP INDEX IF EXISTS creators_tier_idx;

---- create above / drop below ----

CREATE INDEX IF NOT EXISTS creators_country_idx ON creators (country);
CREATE INDEX IF NOT EXISTS creators_tier_idx ON creators (tier);
DROP INDEX IF EXISTS creators_country_id_idx;
DROP INDEX IF EXISTS creators_tier_id_idx;
