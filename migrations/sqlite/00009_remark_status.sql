-- +goose Up
-- A remark thread is resolved or reopened by an entry of its own
-- (kind resolved or reopened, with an optional note), in the same table
-- and order as the remarks and explanations. SQLite cannot change a
-- CHECK constraint, so the table is rebuilt with its rows and index.
CREATE TABLE remarks_new (
    id         INTEGER PRIMARY KEY,
    period_id  INTEGER NOT NULL REFERENCES periods(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    criterion  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('remark', 'explanation', 'resolved', 'reopened')),
    body       TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO remarks_new (id, period_id, unit_id, criterion, kind, body, author, created_at)
    SELECT id, period_id, unit_id, criterion, kind, body, author, created_at FROM remarks;
DROP TABLE remarks;
ALTER TABLE remarks_new RENAME TO remarks;
CREATE INDEX remarks_unit ON remarks(period_id, unit_id, criterion, id);

-- +goose Down
DELETE FROM remarks WHERE kind IN ('resolved', 'reopened');
CREATE TABLE remarks_old (
    id         INTEGER PRIMARY KEY,
    period_id  INTEGER NOT NULL REFERENCES periods(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    criterion  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('remark', 'explanation')),
    body       TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO remarks_old (id, period_id, unit_id, criterion, kind, body, author, created_at)
    SELECT id, period_id, unit_id, criterion, kind, body, author, created_at FROM remarks;
DROP TABLE remarks;
ALTER TABLE remarks_old RENAME TO remarks;
CREATE INDEX remarks_unit ON remarks(period_id, unit_id, criterion, id);
