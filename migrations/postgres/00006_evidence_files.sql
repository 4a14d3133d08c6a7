-- +goose Up
-- PostgreSQL twin of sqlite/00006_evidence_files.sql.

CREATE TABLE evidence_blobs (
    sha256       TEXT PRIMARY KEY,
    size         BIGINT NOT NULL CHECK (size > 0),
    content_type TEXT NOT NULL,
    crc32        BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE evidence_chunks (
    sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256) ON DELETE CASCADE,
    n      INTEGER NOT NULL CHECK (n >= 0),
    data   BYTEA NOT NULL,
    PRIMARY KEY (sha256, n)
);
-- PDF scans, images and Office files are compressed already: stored out of
-- line without TOAST's compression, which would only cost CPU.
ALTER TABLE evidence_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

ALTER TABLE evidence ADD COLUMN reference TEXT NOT NULL DEFAULT '';
ALTER TABLE evidence ADD COLUMN blob_sha256 TEXT REFERENCES evidence_blobs(sha256);
ALTER TABLE evidence ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
CREATE INDEX evidence_blob ON evidence(blob_sha256);

-- +goose Down
DELETE FROM evidence WHERE blob_sha256 IS NOT NULL;
DROP INDEX evidence_blob;
ALTER TABLE evidence DROP COLUMN file_name;
ALTER TABLE evidence DROP COLUMN blob_sha256;
ALTER TABLE evidence DROP COLUMN reference;
DROP TABLE evidence_chunks;
DROP TABLE evidence_blobs;
