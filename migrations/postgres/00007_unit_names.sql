-- +goose Up
-- PostgreSQL twin of sqlite/00007_unit_names.sql.

ALTER TABLE units ADD COLUMN name_key TEXT;
CREATE UNIQUE INDEX units_tier_name_key ON units(tier_id, name_key);

-- +goose Down
DROP INDEX units_tier_name_key;
ALTER TABLE units DROP COLUMN name_key;
