-- 007_embedding_filter_columns: a profile vector row carries its creator's
-- country and tier, so a dense search filtered by them needs no join.
--
-- A dense search under a selective filter ranks the filtered creators
-- exactly. Through creators that meant, for every creator passing the
-- filter, a descent of the (model, creator_id) index to find its vector
-- row: at 1M creators with a 1% country filter, 10,084 descents and 40,381
-- buffer visits took 47-56 ms of a 56 ms statement (EXPLAIN ANALYZE in
-- docs/benchmarks.md). With the filter on the vector rows themselves, one
-- range of the (model, country) index gives the rows directly, one heap
-- page each: 10,013 buffer visits and 19 ms for the same search, measured
-- side by side on the same database. The filtered HNSW walk checks the
-- columns on the row it already holds instead of joining creators.
--
-- Country and tier are the two equality filters a marketplace applies to
-- most searches and the ones that can be very selective; the other filters
-- (languages, niches, follower ranges...) stay on creators and still join.
-- The store writes these columns with the vector from the same derived
-- values as the creators row (UpsertCreators replaces a creator's vector
-- rows on every upsert); content vector rows leave them NULL.
--
-- The backfill rewrites every profile vector row, which also inserts each
-- new row version into the HNSW index: on a large catalogue it takes about
-- as long as building the index.

ALTER TABLE embeddings ADD COLUMN IF NOT EXISTS country text;
ALTER TABLE embeddings ADD COLUMN IF NOT EXISTS tier text;

UPDATE embeddings e SET country = c.country, tier = c.tier
FROM creators c
WHERE e.kind = 'profile' AND c.id = e.creator_id
  AND (c.country IS NOT NULL OR c.tier IS NOT NULL);

CREATE INDEX IF NOT EXISTS embeddings_profile_country_idx ON embeddings (model, country) WHERE kind = 'profile';
CREATE INDEX IF NOT EXISTS embeddings_profile_tier_idx ON embeddings (model, tier) WHERE kind = 'profile';

---- create above / drop below ----

DROP INDEX IF EXISTS embeddings_profile_country_idx;
DROP INDEX IF EXISTS embeddings_profile_tier_idx;
ALTER TABLE embeddings DROP COLUMN IF EXISTS country;
ALTER TABLE embeddings DROP COLUMN IF EXISTS tier;
