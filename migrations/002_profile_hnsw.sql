-- 002_profile_hnsw: the approximate-search index for the default embedding
-- model (embeddings/uselite, "use-lite-0.2.0", 512 dimensions).
--
-- The embeddings.embedding column has no fixed dimension (it holds vectors of
-- every model), and HNSW needs one, so the index is on the expression
-- embedding::vector(512) and is partial on the model: only rows of this model
-- are ever cast. Queries must ORDER BY exactly
-- embedding::vector(512) <=> $query and say model = 'use-lite-0.2.0' AND
-- kind = 'profile' for the planner to use it; store/postgres builds them so.
-- Other models get the same kind of index at run time from
-- Store.EnsureIndex, whose naming scheme this name follows
-- (embeddings_hnsw_<slug>_<dim>_<sha256("model/dim")[:8]>).
--
-- Parameters (pgvector's defaults, set explicitly so that a change of
-- pgvector's defaults cannot silently change the index):
--   m = 16: links per node. Recall at 512 dimensions is good at 16; more
--     links grow the index (~2*m*8 bytes per vector on top of the 2 kB
--     vector) and every insert's cost.
--   ef_construction = 64: candidate list while inserting. Each incremental
--     insert costs roughly linearly in it, and ingest inserts row by row:
--     on the 2-core dev box, 3000 512-d inserts took 11.6 s at 64 and 28 s at
--     128 (260 vs 107 vectors/s). Recall lost to a smaller ef_construction
--     is cheaper to buy back at query time, where SearchDense sets
--     hnsw.ef_search = max(40, 2*limit) and filtered queries use iterative
--     scans (with an exact fallback). A bulk backfill is faster still by
--     dropping the index and re-creating it after the load (parallel build).

CREATE INDEX embeddings_hnsw_use_lite_0_2_0_512_1fed79a4 ON embeddings
    USING hnsw ((embedding::vector(512)) vector_cosine_ops)
    WITH (m = 16, ef_construction = 64)
    WHERE model = 'use-lite-0.2.0' AND kind = 'profile';

---- create above / drop below ----

DROP INDEX IF EXISTS embeddings_hnsw_use_lite_0_2_0_512_1fed79a4;
