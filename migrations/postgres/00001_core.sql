-- +goose Up
-- PostgreSQL twin of sqlite/00001_core.sql. Points are BIGINT thousandths
-- (milli-points): exact, summable by the database itself.

CREATE TABLE tiers (
    id         BIGSERIAL PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
INSERT INTO tiers (code, name, created_at) VALUES
    ('department', 'Khối sở, ban, ngành', CURRENT_TIMESTAMP),
    ('district', 'Khối huyện, thành phố', CURRENT_TIMESTAMP);

CREATE TABLE units (
    id         BIGSERIAL PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    tier_id    BIGINT NOT NULL REFERENCES tiers(id),
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX units_tier ON units(tier_id, active);

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'secretariat', 'council', 'unit')),
    unit_id       BIGINT REFERENCES units(id),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE tokens (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX tokens_expiry ON tokens(expires_at);

CREATE TABLE periods (
    id         BIGSERIAL PRIMARY KEY,
    year       INTEGER NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    stage      TEXT NOT NULL DEFAULT 'draft',
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE frameworks (
    id         BIGSERIAL PRIMARY KEY,
    period_id  BIGINT NOT NULL REFERENCES periods(id),
    tier_id    BIGINT NOT NULL REFERENCES tiers(id),
    ranking    TEXT NOT NULL DEFAULT 'shown',
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (period_id, tier_id)
);

CREATE TABLE criteria (
    id           BIGSERIAL PRIMARY KEY,
    framework_id BIGINT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    parent_code  TEXT,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    max_milli    BIGINT CHECK (max_milli BETWEEN 0 AND 1000000000),
    source       TEXT,
    UNIQUE (framework_id, code)
);

CREATE TABLE bands (
    id           BIGSERIAL PRIMARY KEY,
    framework_id BIGINT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    label        TEXT NOT NULL,
    min_index    TEXT NOT NULL
);

CREATE TABLE scores (
    id             BIGSERIAL PRIMARY KEY,
    period_id      BIGINT NOT NULL REFERENCES periods(id),
    unit_id        BIGINT NOT NULL REFERENCES units(id),
    criterion      TEXT NOT NULL,
    self_milli     BIGINT CHECK (self_milli BETWEEN 0 AND 1000000000),
    points_milli   BIGINT CHECK (points_milli BETWEEN 0 AND 1000000000),
    not_applicable BOOLEAN NOT NULL DEFAULT FALSE,
    note           TEXT NOT NULL DEFAULT '',
    updated_at     TIMESTAMPTZ NOT NULL,
    updated_by     BIGINT REFERENCES users(id),
    UNIQUE (period_id, unit_id, criterion)
);

CREATE TABLE snapshots (
    id           BIGSERIAL PRIMARY KEY,
    period_id    BIGINT NOT NULL REFERENCES periods(id),
    version      INTEGER NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    published_by TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    forced       BOOLEAN NOT NULL DEFAULT FALSE,
    sha256       TEXT NOT NULL,
    content      BYTEA NOT NULL,
    UNIQUE (period_id, version)
);

-- +goose Down
DROP TABLE snapshots;
DROP TABLE scores;
DROP TABLE bands;
DROP TABLE criteria;
DROP TABLE frameworks;
DROP TABLE periods;
DROP TABLE tokens;
DROP TABLE users;
DROP TABLE units;
DROP TABLE tiers;
