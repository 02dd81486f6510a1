-- Aliases learned from the corpus (link/aliases.py): an entity key that names the same
-- entity as another, with the rule and the event that evidenced it. Applied to the mentions
-- of later reports before clustering; analysts' corrections win over them.
CREATE TABLE learned_aliases (
    alias TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    rule TEXT NOT NULL,
    event_id TEXT NOT NULL,
    evidence TEXT NOT NULL,
    learned_at TEXT NOT NULL
);
