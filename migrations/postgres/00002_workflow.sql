-- +goose Up
-- PostgreSQL twin of sqlite/00002_workflow.sql.

ALTER TABLE periods ADD COLUMN stage_closes_at TIMESTAMPTZ;

CREATE TABLE council_units (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (user_id, unit_id)
);

CREATE TABLE unit_revisions (
    period_id BIGINT NOT NULL REFERENCES periods(id),
    unit_id   BIGINT NOT NULL REFERENCES units(id),
    revision  BIGINT NOT NULL,
    PRIMARY KEY (period_id, unit_id)
);

CREATE TABLE evidence (
    id         BIGSERIAL PRIMARY KEY,
    period_id  BIGINT NOT NULL REFERENCES periods(id),
    unit_id    BIGINT NOT NULL REFERENCES units(id),
    criterion  TEXT NOT NULL,
    title      TEXT NOT NULL,
    url        TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX evidence_unit ON evidence(period_id, unit_id, criterion);

CREATE TABLE remarks (
    id         BIGSERIAL PRIMARY KEY,
    period_id  BIGINT NOT NULL REFERENCES periods(id),
    unit_id    BIGINT NOT NULL REFERENCES units(id),
    criterion  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('remark', 'explanation')),
    body       TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX remarks_unit ON remarks(period_id, unit_id, criterion, id);

CREATE TABLE audit_log (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
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

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TRIGGER audit_log_no_change ON audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE audit_log;
DROP TABLE remarks;
DROP TABLE evidence;
DROP TABLE unit_revisions;
DROP TABLE council_units;
ALTER TABLE periods DROP COLUMN stage_closes_at;
