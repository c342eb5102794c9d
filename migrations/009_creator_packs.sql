-- 009_creator_packs: each creator's read form, packed (store/pack).
--
-- Reading a creator means decoding its JSON columns (data, features, the
-- audience maps, follower histories) and assembling its child rows. For a
-- creator the process has not cached, that decode was most of the cost of
-- a match's candidate load: at 1M creators, 100 creators read for the
-- first time took 9.7 ms at p50, 6.3 ms of it in encoding/json (features
-- alone 47 µs a creator), and a match loads 100 to 200 candidates. A pack
-- is the whole creator as GetCreator returns it, in a binary form that
-- decodes in a few microseconds, so one statement and one decode replace
-- four statements and the JSON.
--
-- The pack is a derived copy, never the record: the JSON columns and child
-- rows stay what filters, full-text search and operators use. Each pack
-- names the version of the creators row it was made from (xmin@ctid, the
-- version the creator cache uses) and the layout it was written in
-- (pack.Format); a reader uses a pack only when both match, and otherwise
-- reads the JSON, so a stale or foreign pack can never be served.
-- UpsertCreators writes the pack in the same transaction as the creator.
-- Creators stored before this migration have none until `creatormatch
-- migrate` (Store.PackCreators) backfills them; until then they are read
-- from the JSON as before.

CREATE TABLE IF NOT EXISTS creator_packs (
    creator_id  text COLLATE "C" PRIMARY KEY REFERENCES creators (id) ON DELETE CASCADE,
    row_version text NOT NULL,
    format      smallint NOT NULL,
    pack        bytea NOT NULL
);

---- create above / drop below ----

DROP TABLE IF EXISTS creator_packs;
