-- 014_lists: a workspace's lists of creators with a pipeline status per
-- creator, and its notes on creators (workspace-wide, not per list).
--
-- Bounds (creatormatch.MaxListsPerWorkspace, MaxItemsPerList,
-- MaxNotesPerWorkspace) are enforced by the store under transaction-scoped
-- advisory locks. creator_id has no foreign key: items and notes outlive a
-- deleted creator, like blocklist entries. Deleting a list deletes its items
-- (the foreign key cascades); notes belong to the creator, not the list.
-- Each listing order has its index: lists by (created_at, id), a list's
-- items by (added_at, creator_id), a creator's notes newest first; a
-- creator's memberships (match annotations) by (workspace, creator_id).
CREATE TABLE lists (
    workspace   text NOT NULL,
    id          text NOT NULL,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace, id)
);

CREATE INDEX lists_listing_idx ON lists (workspace, created_at, id COLLATE "C");

CREATE TABLE list_items (
    workspace  text NOT NULL,
    list_id    text NOT NULL,
    creator_id text NOT NULL,
    status     text NOT NULL CHECK (status IN ('prospect', 'contacted', 'negotiating', 'hired', 'declined', 'archived')),
    added_at   timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace, list_id, creator_id),
    FOREIGN KEY (workspace, list_id) REFERENCES lists (workspace, id) ON DELETE CASCADE
);

CREATE INDEX list_items_listing_idx ON list_items (workspace, list_id, added_at, creator_id COLLATE "C");
CREATE INDEX list_items_creator_idx ON list_items (workspace, creator_id);

CREATE TABLE notes (
    workspace  text NOT NULL,
    id         text NOT NULL,
    creator_id text NOT NULL,
    text       text NOT NULL,
    author     text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace, id)
);

CREATE INDEX notes_listing_idx ON notes (workspace, creator_id, created_at DESC, id COLLATE "C" DESC);

---- create above / drop below ----

DROP TABLE IF EXISTS notes;
DROP TABLE IF EXISTS list_items;
DROP TABLE IF EXISTS lists;
