-- Brands are compared by creatormatch.BrandKey: lower case, without a
-- leading "@" and without spaces, '.', '_' or '-' (filterkeys.go), on both
-- stores and in the competitor rule. Rows written before stored the
-- looser-joined form (lower case, '@' stripped): rewrite their brands
-- column so the worked_with filter finds "Coca-Cola" as "cocacola".
UPDATE creators
SET brands = ARRAY(
    SELECT DISTINCT regexp_replace(ltrim(b, '@'), '[ ._-]', '', 'g')
    FROM unnest(brands) AS b
    WHERE regexp_replace(ltrim(b, '@'), '[ ._-]', '', 'g') <> ''
)
WHERE EXISTS (SELECT 1 FROM unnest(brands) AS b WHERE b ~ '[ ._@-]');

---- create above / drop below ----

-- The joined form cannot be split back; nothing to undo.
