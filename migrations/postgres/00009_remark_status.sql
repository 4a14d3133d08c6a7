-- +goose Up
-- A remark thread is resolved or reopened by an entry of its own
-- (kind resolved or reopened, with an optional note), in the same table
-- and order as the remarks and explanations.
ALTER TABLE remarks DROP CONSTRAINT remarks_kind_check;
ALTER TABLE remarks ADD CONSTRAINT remarks_kind_check CHECK (kind IN ('remark', 'explanation', 'resolved', 'reopened'));

-- +goose Down
DELETE FROM remarks WHERE kind IN ('resolved', 'reopened');
ALTER TABLE remarks DROP CONSTRAINT remarks_kind_check;
ALTER TABLE remarks ADD CONSTRAINT remarks_kind_check CHECK (kind IN ('remark', 'explanation'));
