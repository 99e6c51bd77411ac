-- 005_movement_indexes: lookups the ledger screens make on every row.
-- "reversed_by" of a movement is found through movements.reverses; without this index each
-- listed row scanned the whole ledger.
CREATE INDEX movements_reverses ON movements(reverses);
-- Ledger filtered by member or kind, newest first.
CREATE INDEX movements_org_user_date ON movements(org_id, user_id, date);
