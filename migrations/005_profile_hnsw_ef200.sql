-- 005_profile_hnsw_ef200: rebuild the default model's profile index with
-- ef_construction = 200 (was 64 in 002).
--
-- Measured at 1M synthetic creators (creatormatch bench, docs/benchmarks.md):
-- with m = 16, ef_construction = 64 the matcher's k = 200 search found only
-- 79% of the exact top 10 with no filter at hnsw.ef_search 400, and 87% at
-- pgvector's maximum of 1000: the graph itself was too coarse, and 002's
-- assumption (recall lost at build time is cheaper to buy back at query
-- time) stopped holding between 100k (98.8%) and 1M. With
-- ef_construction = 200 the same searches found 94.4% (ef_search 400) and
-- 98.8% (1000; store/postgres now sizes ef_search at 5x the limit).
--
-- Costs: the 1M build took 13 min against about 10 for 64 on the 2-core
-- machine (parallel build, maintenance_work_mem 8GB, both under other load);
-- each incremental insert costs more (002 measured 260 vs 107 inserts/s at
-- 64 vs 128), still far above what ingest with real embeddings delivers
-- (embedding, not the index, bounds ingest). m stays 16: the index is
-- already 2.7 GB at 1M.
--
-- Rebuilding a large index takes minutes and blocks writes to embeddings
-- while it runs (migrations run in a transaction); plan the upgrade.

-- An index that already has these parameters (an operator rebuilt it
-- ahead of the upgrade, or a bulk loader re-created it with
-- store/postgres.IndexDDL) is kept.

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_class c
        WHERE c.relname = 'embeddings_hnsw_use_lite_0_2_0_512_1fed79a4'
          AND c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = 'embeddings'::regclass)
          AND c.reloptions @> ARRAY['m=16', 'ef_construction=200']
    ) THEN
        DROP INDEX IF EXISTS embeddings_hnsw_use_lite_0_2_0_512_1fed79a4;
        CREATE INDEX embeddings_hnsw_use_lite_0_2_0_512_1fed79a4 ON embeddings
            USING hnsw ((embedding::vector(512)) vector_cosine_ops)
            WITH (m = 16, ef_construction = 200)
            WHERE model = 'use-lite-0.2.0' AND kind = 'profile';
    END IF;
END
$$;

---- create above / drop below ----

DROP INDEX IF EXISTS embeddings_hnsw_use_lite_0_2_0_512_1fed79a4;
CREATE INDEX embeddings_hnsw_use_lite_0_2_0_512_1fed79a4 ON embeddings
    USING hnsw ((embedding::vector(512)) vector_cosine_ops)
    WITH (m = 16, ef_construction = 64)
    WHERE model = 'use-lite-0.2.0' AND kind = 'profile';
