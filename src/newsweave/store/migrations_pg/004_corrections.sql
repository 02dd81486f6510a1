-- Analyst corrections: an audit log; active rows become clustering and entity constraints.
CREATE TABLE corrections (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    author TEXT NOT NULL,
    action TEXT NOT NULL,
    args TEXT NOT NULL,          -- JSON
    reason TEXT NOT NULL DEFAULT '',
    undone_at TIMESTAMPTZ
);
