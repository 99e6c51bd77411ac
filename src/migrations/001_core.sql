-- 001_core: organisations, members, sessions and the audit log.
-- Every business row carries org_id. Instants are UTC ISO-8601 text; booleans are 0/1.

CREATE TABLE orgs (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	allow_negative_stock INTEGER NOT NULL DEFAULT 0 CHECK (allow_negative_stock IN (0, 1)),
	template_token TEXT NOT NULL,          -- identifies this organisation's templates
	created_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	login TEXT NOT NULL UNIQUE,            -- logins are unique across the server
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('master', 'manager', 'staff', 'viewer')),
	pw_hash TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX users_org ON users(org_id);

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,       -- hex SHA-256 of the cookie value
	user_id INTEGER NOT NULL REFERENCES users(id),
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,           -- unix seconds
	last_seen INTEGER NOT NULL,
	ip TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	org_id INTEGER,                        -- NULL only for events with no organisation
	user_id INTEGER,                       -- NULL for failed logins of unknown members
	at TEXT NOT NULL,
	kind TEXT NOT NULL,                    -- e.g. product.update, movement.create
	entity TEXT,
	entity_id TEXT,
	before_json TEXT,
	after_json TEXT,
	ip TEXT
) STRICT;
CREATE INDEX audit_org_at ON audit_log(org_id, at);

-- The history is append-only.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
