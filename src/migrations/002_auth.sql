-- 002_auth: failed-login throttling, and indexes for the audit log screen.

-- One row per throttled key: "login:<login>" or "ip:<address>". Server-wide state rather
-- than an organisation's business row: logins are unique across the server, and a client
-- address belongs to no organisation. Times are unix seconds.
CREATE TABLE login_throttle (
	key TEXT PRIMARY KEY,
	failures INTEGER NOT NULL CHECK (failures >= 0),
	window_start INTEGER NOT NULL,         -- first failure of the current window
	locked_until INTEGER NOT NULL          -- 0 when neither slowed down nor locked
) STRICT;

-- The audit screen filters by member, kind, or the thing changed (a product's history)
-- within an organisation, newest first.
CREATE INDEX audit_org_user_at ON audit_log(org_id, user_id, at);
CREATE INDEX audit_org_kind_at ON audit_log(org_id, kind, at);
CREATE INDEX audit_org_entity_at ON audit_log(org_id, entity, entity_id, at);
