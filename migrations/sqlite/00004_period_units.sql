-- +goose Up
-- A period's units are the units it was assessed on (DESIGN.md rule 11):
-- recorded when the period leaves draft; name is the unit's name frozen
-- when the period is finalized (NULL while it is open: the current name).
CREATE TABLE period_units (
    period_id INTEGER NOT NULL REFERENCES periods(id),
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    name      TEXT,
    PRIMARY KEY (period_id, unit_id)
);
CREATE INDEX period_units_unit ON period_units(unit_id);

-- Periods already past draft get the units the old rule gave them: the
-- active units of each tier with a framework, and every unit with scores;
-- finalized and published ones keep today's names.
INSERT INTO period_units (period_id, unit_id, name)
SELECT p.id, u.id, CASE WHEN p.stage IN ('finalized', 'published') THEN u.name END
FROM periods p
JOIN frameworks f ON f.period_id = p.id
JOIN units u ON u.tier_id = f.tier_id
WHERE p.stage <> 'draft'
  AND (u.active OR u.id IN (SELECT s.unit_id FROM scores s WHERE s.period_id = p.id));

-- Which units a published version showed with provisional results (only
-- self points on some criterion), as a JSON list of unit codes.
ALTER TABLE snapshots ADD COLUMN provisional TEXT NOT NULL DEFAULT '[]';
UPDATE snapshots SET provisional = (
    SELECT json_group_array(json_extract(u.value, '$.unit_code'))
    FROM json_each(CAST(snapshots.content AS TEXT), '$.tiers') AS t, json_each(t.value, '$.units') AS u
    WHERE json_extract(u.value, '$.provisional'));

-- +goose Down
ALTER TABLE snapshots DROP COLUMN provisional;
DROP TABLE period_units;
