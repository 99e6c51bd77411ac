-- 006_events: an organisation's own events (행사 일정): promotions, live-commerce days,
-- channel sale events such as 11/11, its own shipping stops. The forecast turns each into
-- a regressor over the days from `date - days_before` to `date + days_after`.
-- date is a KST business date; the Korean holiday calendar covers 2015..2035, so an event
-- outside those years could not be used and is refused.

CREATE TABLE events (
	id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: the audit log names events by id
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),   -- NFC, trimmed
	date TEXT NOT NULL CHECK (length(date) = 10 AND date BETWEEN '2015-01-01' AND '2035-12-31'),
	days_before INTEGER NOT NULL DEFAULT 0 CHECK (days_before BETWEEN 0 AND 14),
	days_after INTEGER NOT NULL DEFAULT 0 CHECK (days_after BETWEEN 0 AND 14),
	kind TEXT NOT NULL DEFAULT 'other'
		CHECK (kind IN ('promotion', 'live', 'channel_sale', 'shipping_stop', 'other')),
	channel TEXT CHECK (channel IS NULL OR channel IN ('coupang', 'smartstore', 'ownmall')),
	memo TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),       -- NULL only for the demo generator
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX events_org_date ON events(org_id, date, id);
