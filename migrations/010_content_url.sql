-- Content items carry the URL where the post can be seen (ContentItem.URL),
-- so reasons can link the posts they cite. Rows stored before this
-- migration have none ('').

ALTER TABLE content ADD COLUMN IF NOT EXISTS url text NOT NULL DEFAULT '';

---- create above / drop below ----

ALTER TABLE content DROP COLUMN IF EXISTS url;
