-- 013_workspaces: workspaces. Every API key acts in one workspace; feedback
-- events and blocklists belong to one, while the creator catalogue stays
-- shared. Keys and events stored before this migration are the 'default'
-- workspace's (the column default fills existing rows).
--
-- Feedback event ids become unique per workspace rather than globally, so
-- one workspace's ids can neither collide with nor reveal another's.
--
-- blocklist holds each workspace's blocked creators (at most
-- creatormatch.MaxBlockedPerWorkspace per workspace, enforced by the
-- store). creator_id has no foreign key: an entry outlives a deleted
-- creator, so a creator ingested again stays blocked. Listing is by
-- (created_at, creator_id) within a workspace, which the index answers.
ALTER TABLE api_keys ADD COLUMN workspace text NOT NULL DEFAULT 'default';

ALTER TABLE feedback ADD COLUMN workspace text NOT NULL DEFAULT 'default';
ALTER TABLE feedback DROP CONSTRAINT feedback_id_key;
ALTER TABLE feedback ADD CONSTRAINT feedback_workspace_id_key UNIQUE (workspace, id);
CREATE INDEX feedback_workspace_created_idx ON feedback (workspace, created_at, seq);

CREATE TABLE blocklist (
    workspace  text NOT NULL,
    creator_id text NOT NULL,
    reason     text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace, creator_id)
);

CREATE INDEX blocklist_listing_idx ON blocklist (workspace, created_at, creator_id COLLATE "C");

---- create above / drop below ----

DROP TABLE IF EXISTS blocklist;
DROP INDEX IF EXISTS feedback_workspace_created_idx;
ALTER TABLE feedback DROP CONSTRAINT IF EXISTS feedback_workspace_id_key;
DELETE FROM feedback f USING feedback g WHERE f.id = g.id AND f.seq > g.seq;
ALTER TABLE feedback ADD CONSTRAINT feedback_id_key UNIQUE (id);
ALTER TABLE feedback DROP COLUMN IF EXISTS workspace;
ALTER TABLE api_keys DROP COLUMN IF EXISTS workspace;
