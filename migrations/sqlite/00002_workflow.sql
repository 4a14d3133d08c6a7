-- +goose Up
-- The assessment workflow: stage deadlines, council assignments, evidence,
-- remark threads, per-unit revisions for optimistic concurrency, and the
-- append-only audit log.

ALTER TABLE periods ADD COLUMN stage_closes_at TIMESTAMP;

-- A council member with rows here appraises only these units; without
-- rows, every unit.
CREATE TABLE council_units (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (user_id, unit_id)
);

-- Each accepted change to a unit's scores in a period bumps its revision:
-- the ETag of the unit's score sheet.
CREATE TABLE unit_revisions (
    period_id INTEGER NOT NULL REFERENCES periods(id),
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    revision  INTEGER NOT NULL,
    PRIMARY KEY (period_id, unit_id)
);

CREATE TABLE evidence (
    id         INTEGER PRIMARY KEY,
    period_id  INTEGER NOT NULL REFERENCES periods(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    criterion  TEXT NOT NULL,
    title      TEXT NOT NULL,
    url        TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   TIMESTAMP NOT NULL
);
CREATE INDEX evidence_unit ON evidence(period_id, unit_id, criterion);

-- A council remark or a unit's explanation (giải trình), per criterion.
CREATE TABLE remarks (
    id         INTEGER PRIMARY KEY,
    period_id  INTEGER NOT NULL REFERENCES periods(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    criterion  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('remark', 'explanation')),
    body       TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX remarks_unit ON remarks(period_id, unit_id, criterion, id);

-- Append-only: the store only ever inserts here.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TIMESTAMP NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    year       INTEGER,
    unit       TEXT NOT NULL DEFAULT '',
    criterion  TEXT NOT NULL DEFAULT '',
    field      TEXT NOT NULL DEFAULT '',
    old_value  TEXT,
    new_value  TEXT,
    reason     TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_year_unit ON audit_log(year, unit, id);
CREATE INDEX audit_actor ON audit_log(actor, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- +goose Down
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
DROP TABLE remarks;
DROP TABLE evidence;
DROP TABLE unit_revisions;
DROP TABLE council_units;
ALTER TABLE periods DROP COLUMN stage_closes_at;
