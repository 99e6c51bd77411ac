-- 013_alerts: the alert centre (알림) and its delivery. An alert is one standing condition of
-- one product (발주 알림, 재고 부족, 과잉 재고, 소비기한), opened when the planning rules
-- raise it and closed by itself when they stop (close_reason 'resolved'); closed alerts stay
-- as history. Delivery settings live in their own table, one row per organisation, and every
-- message sent (or tried) has a row in the delivery log. Instants are UTC ISO-8601 text.

CREATE TABLE alerts (
	id INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: messages and the audit log name it
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	-- a product deleted (never used: no movement, order or set names it) takes its alerts
	product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('order', 'stockout', 'overstock', 'expiry')),
	severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
	title TEXT NOT NULL,
	message TEXT NOT NULL,                  -- the rule's Korean sentence
	qty INTEGER NOT NULL DEFAULT 0,
	value INTEGER NOT NULL DEFAULT 0,       -- KRW
	day TEXT CHECK (day IS NULL OR length(day) = 10), -- order-by day or 예상 소진일 (KST)
	opened_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	acked_at TEXT,                          -- 확인
	acked_by INTEGER REFERENCES users(id),
	snoozed_until TEXT,                     -- 다시 알림: hidden until then
	snoozed_by INTEGER REFERENCES users(id),
	closed_at TEXT,
	close_reason TEXT CHECK (close_reason IS NULL OR close_reason IN ('resolved', 'inactive')),
	CHECK ((closed_at IS NULL) = (close_reason IS NULL)),
	CHECK ((acked_at IS NULL) = (acked_by IS NULL))
) STRICT;
-- One open alert per product and kind; a condition that comes back after closing opens anew.
CREATE UNIQUE INDEX alerts_open_key ON alerts(org_id, product_id, kind) WHERE closed_at IS NULL;
CREATE INDEX alerts_org_closed ON alerts(org_id, closed_at, id);

-- Where and when alerts are sent. The SMTP password is kept here as entered (the server must
-- present it to the mail server, so it cannot be hashed); the API never returns it, only
-- whether one is set.
CREATE TABLE alert_settings (
	org_id INTEGER PRIMARY KEY REFERENCES orgs(id),
	digest_hour INTEGER NOT NULL DEFAULT 9 CHECK (digest_hour BETWEEN 0 AND 23), -- KST
	digest_enabled INTEGER NOT NULL DEFAULT 1 CHECK (digest_enabled IN (0, 1)),
	immediate_enabled INTEGER NOT NULL DEFAULT 1 CHECK (immediate_enabled IN (0, 1)),
	webhook_url TEXT NOT NULL DEFAULT '',
	smtp_url TEXT NOT NULL DEFAULT '',
	smtp_from TEXT NOT NULL DEFAULT '',
	smtp_to TEXT NOT NULL DEFAULT '',       -- recipients, comma-separated
	smtp_user TEXT NOT NULL DEFAULT '',
	smtp_password TEXT NOT NULL DEFAULT '',
	kind_order INTEGER NOT NULL DEFAULT 1 CHECK (kind_order IN (0, 1)),
	kind_stockout INTEGER NOT NULL DEFAULT 1 CHECK (kind_stockout IN (0, 1)),
	kind_overstock INTEGER NOT NULL DEFAULT 1 CHECK (kind_overstock IN (0, 1)),
	kind_expiry INTEGER NOT NULL DEFAULT 1 CHECK (kind_expiry IN (0, 1)),
	updated_at TEXT NOT NULL
) STRICT;

-- Every message to a webhook or a mailbox: an opened alert, a daily digest, a test. A row is
-- 'pending' until sent, or 'failed' after its last attempt; next_at is when the next attempt
-- is due (retries back off). One digest per organisation, day and channel.
CREATE TABLE alert_deliveries (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL CHECK (kind IN ('alert', 'digest', 'test')),
	channel TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
	alert_id INTEGER REFERENCES alerts(id) ON DELETE CASCADE,
	digest_date TEXT CHECK (digest_date IS NULL OR length(digest_date) = 10), -- KST day
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_at TEXT NOT NULL,
	last_error TEXT,
	created_at TEXT NOT NULL,
	sent_at TEXT,
	CHECK ((kind = 'alert') = (alert_id IS NOT NULL)),
	CHECK ((kind = 'digest') = (digest_date IS NOT NULL))
) STRICT;
CREATE INDEX alert_deliveries_due ON alert_deliveries(status, next_at);
CREATE INDEX alert_deliveries_org ON alert_deliveries(org_id, id);
CREATE UNIQUE INDEX alert_deliveries_one_digest ON alert_deliveries(org_id, digest_date, channel)
	WHERE kind = 'digest';
