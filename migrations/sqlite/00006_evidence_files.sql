-- +goose Up
-- Evidence as files (tài liệu kiểm chứng): the bytes live in the database,
-- so every instance, a backup and a data move carry them. They are
-- content-addressed by SHA-256 (the same bytes uploaded twice are stored
-- once) and cut into chunks of 1 MiB, so that neither an upload nor a
-- download ever holds a file whole in memory.

CREATE TABLE evidence_blobs (
    sha256       TEXT PRIMARY KEY,              -- lower-case hex of the content
    size         INTEGER NOT NULL CHECK (size > 0),
    content_type TEXT NOT NULL,                 -- as sniffed from the content, never the client's
    crc32        INTEGER NOT NULL,              -- IEEE CRC-32, for zip entries written without reading twice
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE evidence_chunks (
    sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256) ON DELETE CASCADE,
    n      INTEGER NOT NULL CHECK (n >= 0),     -- bytes n·2^20 … (n+1)·2^20 − 1
    data   BLOB NOT NULL,
    PRIMARY KEY (sha256, n)
);

-- A piece of evidence is a link (url) or a file (blob_sha256, file_name:
-- the original name, cleaned); either may cite a place in the document.
ALTER TABLE evidence ADD COLUMN reference TEXT NOT NULL DEFAULT '';
ALTER TABLE evidence ADD COLUMN blob_sha256 TEXT REFERENCES evidence_blobs(sha256);
ALTER TABLE evidence ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
CREATE INDEX evidence_blob ON evidence(blob_sha256);

-- +goose Down
-- SQLite cannot drop a column that is a foreign key: the links are kept
-- in a rebuilt table, the files go.
CREATE TABLE evidence_links (
    id         INTEGER PRIMARY KEY,
    period_id  INTEGER NOT NULL REFERENCES periods(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    criterion  TEXT NOT NULL,
    title      TEXT NOT NULL,
    url        TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   TIMESTAMP NOT NULL
);
INSERT INTO evidence_links (id, period_id, unit_id, criterion, title, url, added_by, added_at)
    SELECT id, period_id, unit_id, criterion, title, url, added_by, added_at FROM evidence WHERE blob_sha256 IS NULL;
DROP TABLE evidence;
ALTER TABLE evidence_links RENAME TO evidence;
CREATE INDEX evidence_unit ON evidence(period_id, unit_id, criterion);
DROP TABLE evidence_chunks;
DROP TABLE evidence_blobs;
