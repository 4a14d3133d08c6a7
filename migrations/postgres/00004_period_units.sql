-- +goose Up
-- PostgreSQL twin of sqlite/00004_period_units.sql.

CREATE TABLE period_units (
    period_id BIGINT NOT NULL REFERENCES periods(id),
    unit_id   BIGINT NOT NULL REFERENCES units(id),
    name      TEXT,
    PRIMARY KEY (period_id, unit_id)
);
CREATE INDEX period_units_unit ON period_units(unit_id);

INSERT INTO period_units (period_id, unit_id, name)
SELECT p.id, u.id, CASE WHEN p.stage IN ('finalized', 'published') THEN u.name END
FROM periods p
JOIN frameworks f ON f.period_id = p.id
JOIN units u ON u.tier_id = f.tier_id
WHERE p.stage <> 'draft'
  AND (u.active OR u.id IN (SELECT s.unit_id FROM scores s WHERE s.period_id = p.id));

-- json, not jsonb: the content may escape characters jsonb refuses.
ALTER TABLE snapshots ADD COLUMN provisional TEXT NOT NULL DEFAULT '[]';
UPDATE snapshots SET provisional = COALESCE((
    SELECT json_agg(u.value->>'unit_code' ORDER BY t.ordinality, u.ordinality)::text
    FROM json_array_elements(convert_from(snapshots.content, 'UTF8')::json->'tiers') WITH ORDINALITY AS t(value, ordinality),
         json_array_elements(t.value->'units') WITH ORDINALITY AS u(value, ordinality)
    WHERE (u.value->>'provisional')::boolean), '[]');

-- +goose Down
ALTER TABLE snapshots DROP COLUMN provisional;
DROP TABLE period_units;
