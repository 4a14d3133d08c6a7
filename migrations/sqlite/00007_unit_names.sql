-- +goose Up
-- Unit names are unique in a tier whatever their case, their Unicode form
-- (NFC or NFD) and their spacing: name_key is the name as compared
-- (textrule.NameKey, computed by the store, which also fills it for the
-- units of older versions on start), and the index lets no two units of a
-- tier share it, even when two are created at the same moment. A unit
-- whose key is not filled yet (NULL) conflicts with nothing.

ALTER TABLE units ADD COLUMN name_key TEXT;
CREATE UNIQUE INDEX units_tier_name_key ON units(tier_id, name_key);

-- +goose Down
DROP INDEX units_tier_name_key;
ALTER TABLE units DROP COLUMN name_key;
