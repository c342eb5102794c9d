-- 019_browse: what GET /v1/creators (Store.BrowseCreators) sorts and
-- searches the catalogue by, kept on the creators row and indexed, so a
-- page of a 100k-creator catalogue is an index walk, not a sort of every
-- creator and never a join per creator.
--
-- Each order reads one number per creator (creatormatch.BrowseKeyOf), the
-- tie-break is the id, and every index is on (key, id): the keyset
-- condition (key, id) > ($key, $id) of a cursor and ORDER BY key, id are
-- answered by one range of it, forwards or backwards (a descending listing
-- is the ascending one reversed). The rates read the existing columns,
-- without features as 0 (the expression indexes); followers (the largest
-- account's) and last_post_us (the newest dated post in Unix microseconds,
-- creatormatch.NoLastPost without one) are new columns the store writes
-- from the creator at upsert.
--
-- search_text is creatormatch.SearchKey: the name and handles, lower case
-- (folded in Go, where the store writes it: Postgres's lower() under the C
-- collation folds ASCII only), one a line. A text search is a substring
-- match (LIKE '%q%'), which the trigram index serves for three characters
-- or more. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension: the owner of the database may create it.
--
-- The backfill derives the columns from the stored accounts and content;
-- its lower() may fold non-ASCII names differently from Go until the
-- creator is written again. It rewrites every creators row, so every pack
-- (migration 009) stops matching its row version, as pack.Format 3 (which
-- adds contact details) stops every older pack anyway: reads fall back to
-- the JSON columns until `creatormatch migrate` packs the creators again.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE creators ADD COLUMN IF NOT EXISTS followers bigint NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN IF NOT EXISTS last_post_us bigint NOT NULL DEFAULT -9223372036854775808;
ALTER TABLE creators ADD COLUMN IF NOT EXISTS search_text text NOT NULL DEFAULT '';

UPDATE creators c SET followers = a.most
FROM (SELECT creator_id, max(followers) AS most FROM accounts GROUP BY creator_id) a
WHERE a.creator_id = c.id;

UPDATE creators c SET last_post_us = p.last
FROM (SELECT creator_id, floor(extract(epoch FROM max(posted_at)) * 1000000)::bigint AS last
      FROM content WHERE posted_at IS NOT NULL GROUP BY creator_id) p
WHERE p.creator_id = c.id;

UPDATE creators c SET search_text = array_to_string(ARRAY[lower(c.name)] || ARRAY(
    SELECT lower(a.handle) FROM accounts a WHERE a.creator_id = c.id AND a.handle <> '' ORDER BY a.position), E'\n');

CREATE INDEX IF NOT EXISTS creators_browse_followers_idx ON creators (followers, id);
CREATE INDEX IF NOT EXISTS creators_browse_last_post_idx ON creators (last_post_us, id);
CREATE INDEX IF NOT EXISTS creators_browse_er_idx ON creators ((COALESCE(engagement_rate, 0)), id);
CREATE INDEX IF NOT EXISTS creators_browse_authenticity_idx ON creators ((COALESCE(authenticity, 0)), id);
CREATE INDEX IF NOT EXISTS creators_search_trgm_idx ON creators USING gin (search_text gin_trgm_ops);

---- create above / drop below ----

DROP INDEX IF EXISTS creators_search_trgm_idx;
DROP INDEX IF EXISTS creators_browse_authenticity_idx;
DROP INDEX IF EXISTS creators_browse_er_idx;
DROP INDEX IF EXISTS creators_browse_last_post_idx;
DROP INDEX IF EXISTS creators_browse_followers_idx;
ALTER TABLE creators DROP COLUMN IF EXISTS search_text;
ALTER TABLE creators DROP COLUMN IF EXISTS last_post_us;
ALTER TABLE creators DROP COLUMN IF EXISTS followers;
