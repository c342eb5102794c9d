-- A workspace's saved briefs (creatormatch.SavedBriefStore): the brief as
-- the API's JSON, under a name, listed by (created_at, id).
CREATE TABLE saved_briefs (
    workspace text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    brief jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workspace, id)
);
CREATE INDEX saved_briefs_listing ON saved_briefs (workspace, created_at, id COLLATE "C");

---- create above / drop below ----

DROP TABLE saved_briefs;
