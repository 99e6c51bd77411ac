-- 003_catalog: suppliers, products, set components, channel codes, and the stock ledger.
-- The ledger (movements) is immutable: corrections are reversal rows, never edits or
-- deletes. balances caches the sum of movements per product and is updated in the same
-- transaction as the movement; `jaego check-ledger` verifies it. Quantities are integers.

CREATE TABLE suppliers (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	lead_time_days INTEGER CHECK (lead_time_days IS NULL OR lead_time_days BETWEEN 0 AND 730),
	contact TEXT NOT NULL DEFAULT '',      -- person in charge
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	moq INTEGER CHECK (moq IS NULL OR moq BETWEEN 1 AND 1000000), -- the supplier's usual minimum
	memo TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (org_id, name)
) STRICT;

CREATE TABLE products (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	sku TEXT NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
	playauto_sku TEXT,
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	category TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL DEFAULT 'single' CHECK (kind IN ('single', 'set')),
	lead_time_days INTEGER CHECK (lead_time_days IS NULL OR lead_time_days BETWEEN 0 AND 730),
	moq INTEGER NOT NULL DEFAULT 1 CHECK (moq BETWEEN 1 AND 1000000),
	safety_stock INTEGER NOT NULL DEFAULT 0 CHECK (safety_stock BETWEEN 0 AND 100000000),
	safety_stock_mode TEXT NOT NULL DEFAULT 'manual'
		CHECK (safety_stock_mode IN ('manual', 'auto')),
	supplier_id INTEGER REFERENCES suppliers(id),
	unit_cost INTEGER NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
	barcode TEXT,
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	has_expiry INTEGER NOT NULL DEFAULT 0 CHECK (has_expiry IN (0, 1)),
	memo TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (org_id, sku),
	UNIQUE (org_id, playauto_sku)          -- NULLs are distinct: many products may have none
) STRICT;
CREATE INDEX products_org_name ON products(org_id, name);
CREATE INDEX products_org_category ON products(org_id, category);
CREATE INDEX products_supplier ON products(supplier_id);

-- A set (kind 'set') is made of single products; it holds no stock of its own.
CREATE TABLE set_components (
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	set_id INTEGER NOT NULL REFERENCES products(id),
	component_id INTEGER NOT NULL REFERENCES products(id),
	qty INTEGER NOT NULL CHECK (qty BETWEEN 1 AND 10000),
	PRIMARY KEY (set_id, component_id),
	CHECK (set_id <> component_id)
) STRICT;
CREATE INDEX set_components_component ON set_components(component_id);

-- Codes a product carries on each sales channel; one code maps to exactly one product.
CREATE TABLE channel_codes (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	product_id INTEGER NOT NULL REFERENCES products(id),
	channel TEXT NOT NULL CHECK (channel IN ('playauto', 'coupang', 'smartstore', 'ownmall')),
	code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 100),
	UNIQUE (org_id, channel, code)
) STRICT;
CREATE INDEX channel_codes_product ON channel_codes(product_id);

-- The ledger. qty is signed: inbound > 0, outbound < 0, adjust and reversal either way.
-- A set's outbound is recorded as its components' outbound, tagged with set_product_id and
-- one set_group shared by the rows of that explosion (reversed together).
CREATE TABLE movements (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	product_id INTEGER NOT NULL REFERENCES products(id),
	type TEXT NOT NULL CHECK (type IN ('inbound', 'outbound', 'adjust', 'reversal')),
	qty INTEGER NOT NULL,
	date TEXT NOT NULL CHECK (length(date) = 10),   -- KST business date YYYY-MM-DD
	user_id INTEGER REFERENCES users(id),           -- NULL only for the demo generator
	source TEXT NOT NULL
		CHECK (source IN ('manual', 'import', 'purchase_order', 'channel', 'demo')),
	ref TEXT,                                       -- import batch, PO number, order id
	memo TEXT NOT NULL DEFAULT '',
	lot TEXT,
	expiry TEXT CHECK (expiry IS NULL OR length(expiry) = 10),
	reverses INTEGER UNIQUE REFERENCES movements(id), -- a movement is reversed at most once
	set_product_id INTEGER REFERENCES products(id),
	set_group TEXT,
	created_at TEXT NOT NULL,
	CHECK ((type = 'inbound' AND qty > 0) OR (type = 'outbound' AND qty < 0)
	       OR (type = 'adjust') OR (type = 'reversal' AND reverses IS NOT NULL AND qty <> 0))
) STRICT;
CREATE INDEX movements_product_date ON movements(product_id, date, id);
CREATE INDEX movements_org_date ON movements(org_id, date, id);
CREATE INDEX movements_set_group ON movements(set_group);

CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
BEGIN SELECT RAISE(ABORT, 'movements are immutable: record a reversal'); END;
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
BEGIN SELECT RAISE(ABORT, 'movements are immutable: record a reversal'); END;

-- Cached current stock: always the sum of the product's movements.
CREATE TABLE balances (
	product_id INTEGER PRIMARY KEY REFERENCES products(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	on_hand INTEGER NOT NULL DEFAULT 0,
	updated_at TEXT NOT NULL
) STRICT;

-- Lots received with a number and/or an expiry date; qty is what remains of the lot,
-- consumed first-expiring-first-out by outbound (an estimate for expiry alerts; the
-- ledger stays the authority on stock).
CREATE TABLE lots (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	product_id INTEGER NOT NULL REFERENCES products(id),
	movement_id INTEGER NOT NULL REFERENCES movements(id),
	lot TEXT,
	expiry TEXT CHECK (expiry IS NULL OR length(expiry) = 10),
	received_qty INTEGER NOT NULL CHECK (received_qty > 0),
	qty INTEGER NOT NULL CHECK (qty >= 0),
	received_date TEXT NOT NULL
) STRICT;
CREATE INDEX lots_product_expiry ON lots(product_id, expiry);
