-- 001_init: the creatormatch schema.
--
-- A creator is one row in creators plus child rows in accounts, content,
-- audiences and embeddings, all cascading on delete so that re-ingest (which
-- replaces the children) and DeleteCreator are single statements. The
-- creators row denormalises the fields that filters and PeerRates read
-- (country, languages, tier, engagement rate, ...) so that a filtered search
-- is one index-assisted pass over creators, never a JSON walk.
--
-- Identifier columns use COLLATE "C": creatormatch orders by ID (ScanCreators,
-- ties in searches) and callers compare with Go's byte order, which only the
-- C collation reproduces; it is also faster than a linguistic collation.

CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE creators (
    id              text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    -- The profile as the API sees it, minus what lives in child tables or
    -- columns (accounts, audience, content, features, timestamps).
    data            jsonb NOT NULL,
    features        jsonb,
    name            text NOT NULL DEFAULT '',
    -- Filter columns, derived from the creator and its features at upsert.
    country         text,                           -- ISO 3166-1 alpha-2, upper case
    languages       text[] NOT NULL DEFAULT '{}',   -- ISO 639-1, lower case
    tier            text,                           -- features.tier.value
    er_platform     text,                           -- platform of features.engagement_rate
    engagement_rate double precision,               -- features.engagement_rate.value
    authenticity    double precision,               -- features.authenticity.value
    safety_flags    jsonb NOT NULL DEFAULT '[]',    -- [{"category": text, "severity": float}]
    brands          text[] NOT NULL DEFAULT '{}',   -- lower-case handles promoted
    niches          text[] NOT NULL DEFAULT '{}',   -- classified niche keys
    -- Full-text document: name and niches weigh A, bio B, captions and
    -- hashtags C (english configuration).
    tsv             tsvector NOT NULL,
    -- The creator's own timestamps (Creator.CreatedAt/UpdatedAt), set by
    -- ingest and returned as given; NULL when unset.
    created_at      timestamptz,
    updated_at      timestamptz,
    -- When this row was last written, for operations (not part of the API).
    stored_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX creators_tsv_idx ON creators USING gin (tsv);
CREATE INDEX creators_country_idx ON creators (country);
CREATE INDEX creators_tier_idx ON creators (tier);
CREATE INDEX creators_languages_idx ON creators USING gin (languages);
CREATE INDEX creators_niches_idx ON creators USING gin (niches);
CREATE INDEX creators_brands_idx ON creators USING gin (brands);

CREATE TABLE accounts (
    creator_id       text COLLATE "C" NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    position         int NOT NULL,  -- order in Creator.Accounts
    platform         text NOT NULL,
    handle           text NOT NULL DEFAULT '',
    followers        bigint NOT NULL DEFAULT 0,
    following        bigint NOT NULL DEFAULT 0,
    verified         boolean NOT NULL DEFAULT false,
    follower_history jsonb,
    PRIMARY KEY (creator_id, position)
);

-- Serves the platform + follower-range filter; creator_id is included so the
-- filter's EXISTS probe can be answered from the index alone.
CREATE INDEX accounts_platform_followers_idx ON accounts (platform, followers) INCLUDE (creator_id);

CREATE TABLE content (
    creator_id      text COLLATE "C" NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    id              text COLLATE "C" NOT NULL,
    position        int NOT NULL,  -- order in Creator.Content
    platform        text NOT NULL DEFAULT '',
    posted_at       timestamptz,
    caption         text NOT NULL DEFAULT '',
    hashtags        text[],
    mentions        text[],
    likes           bigint NOT NULL DEFAULT 0,
    comments        bigint NOT NULL DEFAULT 0,
    shares          bigint NOT NULL DEFAULT 0,
    saves           bigint NOT NULL DEFAULT 0,
    views           bigint NOT NULL DEFAULT 0,
    sponsored       boolean NOT NULL DEFAULT false,
    sponsors        text[],
    disclosures     text[],
    comment_samples text[],
    PRIMARY KEY (creator_id, id)
);

CREATE TABLE audiences (
    creator_id  text COLLATE "C" PRIMARY KEY REFERENCES creators (id) ON DELETE CASCADE,
    age         jsonb,
    gender      jsonb,
    countries   jsonb,
    languages   jsonb,
    interests   jsonb,
    credibility double precision
);

-- One row per embedding model ever stored: a model id always means one
-- dimension, so vectors of a model are comparable and the per-model HNSW
-- expression index (embedding::vector(dim)) can never meet a row of another
-- length.
CREATE TABLE embedding_models (
    model      text PRIMARY KEY CHECK (model <> ''),
    dim        int NOT NULL CHECK (dim > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Vectors of every model live in one table with an untyped vector column;
-- each row says its model and dimension. Approximate search uses one partial
-- HNSW expression index per model (see 002 and Store.EnsureIndex).
CREATE TABLE embeddings (
    creator_id text COLLATE "C" NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('profile', 'content')),
    item_id    text COLLATE "C" NOT NULL DEFAULT '',  -- content item id; '' for the profile
    model      text NOT NULL,
    dim        int NOT NULL CHECK (dim > 0),
    embedding  vector NOT NULL CHECK (vector_dims(embedding) = dim),
    PRIMARY KEY (creator_id, kind, item_id, model),
    CHECK ((kind = 'profile') = (item_id = ''))
);

-- Keep vectors inline (up to about 8 kB, i.e. ~2000 dimensions) instead of
-- TOASTing them at 2 kB: a 512-d vector is 2056 bytes, just over the TOAST
-- threshold, and exact scans would otherwise pay a TOAST fetch per row.
ALTER TABLE embeddings ALTER COLUMN embedding SET STORAGE MAIN;

-- Exact scans and models without an HNSW index read the profile vectors of
-- one model through this index rather than the whole table (content vectors
-- outnumber profiles by the number of posts).
CREATE INDEX embeddings_profile_model_idx ON embeddings (model, creator_id) WHERE kind = 'profile';

CREATE TABLE embedding_cache (
    model      text NOT NULL,
    key        text NOT NULL,  -- creatormatch.EmbeddingKey(text)
    dim        int NOT NULL CHECK (dim > 0),
    embedding  vector NOT NULL CHECK (vector_dims(embedding) = dim),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, key)
);

ALTER TABLE embedding_cache ALTER COLUMN embedding SET STORAGE MAIN;

CREATE TABLE feedback (
    -- seq orders events that share a created_at and is the physical key.
    seq        bigserial PRIMARY KEY,
    id         text NOT NULL UNIQUE,
    brief_id   text NOT NULL DEFAULT '',
    brief_text text NOT NULL DEFAULT '',
    creator_id text NOT NULL,  -- no FK: outcomes outlive a deleted creator
    event      text NOT NULL,
    metrics    jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX feedback_brief_idx ON feedback (brief_id, created_at, seq);
CREATE INDEX feedback_creator_idx ON feedback (creator_id, created_at, seq);
CREATE INDEX feedback_created_idx ON feedback (created_at, seq);

---- create above / drop below ----

DROP TABLE IF EXISTS feedback;
DROP TABLE IF EXISTS embedding_cache;
DROP TABLE IF EXISTS embeddings;
DROP TABLE IF EXISTS embedding_models;
DROP TABLE IF EXISTS audiences;
DROP TABLE IF EXISTS content;
DROP TABLE IF EXISTS accounts;
DROP TABLE IF EXISTS creators;
