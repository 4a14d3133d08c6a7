-- +goose Up
-- PostgreSQL twin of sqlite/00003_news.sql.
-- News records (tin tức): the secretariat's announcements. The body is
-- Markdown as written; the sanitized HTML is made when it is served.

CREATE TABLE news (
    id           BIGSERIAL PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    author       TEXT NOT NULL DEFAULT '',
    department   TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT '',
    period_year  INTEGER REFERENCES periods(year),
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    published_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    updated_at   TIMESTAMPTZ NOT NULL,
    updated_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX news_public ON news(status, published_at DESC, id DESC);
CREATE INDEX news_category ON news(category, status, published_at DESC);

CREATE TABLE news_attachments (
    id       BIGSERIAL PRIMARY KEY,
    news_id  BIGINT NOT NULL REFERENCES news(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title    TEXT NOT NULL,
    url      TEXT NOT NULL
);
CREATE INDEX news_attachments_news ON news_attachments(news_id, position);

CREATE TABLE news_related (
    news_id    BIGINT NOT NULL REFERENCES news(id) ON DELETE CASCADE,
    related_id BIGINT NOT NULL REFERENCES news(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (news_id, related_id)
);

-- +goose Down
DROP TABLE news_related;
DROP TABLE news_attachments;
DROP TABLE news;
