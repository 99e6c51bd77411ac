-- 009_purchase_orders: purchase orders to suppliers (발주), their lines, and what arrived.
-- The life of an order (draft → ordered → partial → received, or cancelled) is a domain rule
-- (src/domain/po_rules.c); these tables keep what the rule decided. Receiving records inbound
-- movements through the ledger (source 'purchase_order', ref = the order's id) and one
-- receipt row per received lot, in the same transaction. Dates are KST business dates.

CREATE TABLE purchase_orders (
	id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: movements and the audit log name it
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
	status TEXT NOT NULL DEFAULT 'draft'
		CHECK (status IN ('draft', 'ordered', 'partial', 'received', 'cancelled')),
	order_date TEXT CHECK (order_date IS NULL OR length(order_date) = 10),       -- 발주일
	expected_date TEXT CHECK (expected_date IS NULL OR length(expected_date) = 10), -- 입고 예정일
	memo TEXT NOT NULL DEFAULT '',
	close_reason TEXT,                              -- why it was cancelled or closed
	closed_short INTEGER NOT NULL DEFAULT 0 CHECK (closed_short IN (0, 1)), -- 입고 마감
	created_by INTEGER REFERENCES users(id),       -- NULL only for the demo generator
	ordered_by INTEGER REFERENCES users(id),
	ordered_at TEXT,
	closed_by INTEGER REFERENCES users(id),        -- who cancelled or closed it
	closed_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	-- Every order that went out has its order date; a draft has none.
	CHECK (((status = 'draft') = (order_date IS NULL)) OR status = 'cancelled'),
	CHECK (closed_short = 0 OR status = 'received')
) STRICT;
CREATE INDEX purchase_orders_org_status ON purchase_orders(org_id, status, id);
CREATE INDEX purchase_orders_supplier ON purchase_orders(supplier_id);

-- One row per product of an order (a product appears once per order). received_qty is kept
-- by the receipts trigger below and can never pass the ordered quantity.
CREATE TABLE purchase_order_lines (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	po_id INTEGER NOT NULL REFERENCES purchase_orders(id),
	line_no INTEGER NOT NULL CHECK (line_no >= 1),
	product_id INTEGER NOT NULL REFERENCES products(id),
	qty INTEGER NOT NULL CHECK (qty BETWEEN 1 AND 1000000),
	received_qty INTEGER NOT NULL DEFAULT 0 CHECK (received_qty >= 0),
	unit_cost INTEGER NOT NULL DEFAULT 0 CHECK (unit_cost BETWEEN 0 AND 10000000000), -- 매입 단가
	expected_date TEXT CHECK (expected_date IS NULL OR length(expected_date) = 10), -- NULL: the order's
	UNIQUE (po_id, line_no),
	UNIQUE (po_id, product_id),
	CHECK (received_qty <= qty)
) STRICT;
CREATE INDEX purchase_order_lines_product ON purchase_order_lines(product_id);

-- What arrived: one row per line and lot of one receiving request. Every row of a request
-- carries the request's key (the Idempotency-Key header) and the hash of what it asked, so
-- that a retried request is recognised instead of received twice; (org, key, seq) is unique.
-- lead_time_days is the observed lead time: received_date − the order's order_date.
CREATE TABLE purchase_order_receipts (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	po_id INTEGER NOT NULL REFERENCES purchase_orders(id),
	line_id INTEGER NOT NULL REFERENCES purchase_order_lines(id),
	product_id INTEGER NOT NULL REFERENCES products(id),
	request_key TEXT NOT NULL CHECK (length(request_key) BETWEEN 1 AND 100),
	request_hash TEXT NOT NULL CHECK (length(request_hash) = 64),
	seq INTEGER NOT NULL CHECK (seq >= 1),
	qty INTEGER NOT NULL CHECK (qty BETWEEN 1 AND 1000000),
	lot TEXT,
	expiry TEXT CHECK (expiry IS NULL OR length(expiry) = 10),
	received_date TEXT NOT NULL CHECK (length(received_date) = 10),
	lead_time_days INTEGER NOT NULL CHECK (lead_time_days >= 0),
	user_id INTEGER REFERENCES users(id),          -- NULL only for the demo generator
	movement_id INTEGER NOT NULL UNIQUE REFERENCES movements(id),
	memo TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (org_id, request_key, seq)
) STRICT;
CREATE INDEX purchase_order_receipts_po ON purchase_order_receipts(po_id, id);
CREATE INDEX purchase_order_receipts_product ON purchase_order_receipts(product_id, received_date);

-- A receipt adds to its line's received quantity (the line's CHECK refuses more than was
-- ordered, so an over-receipt fails as a whole), and only an order that went out and is
-- not finished can receive.
CREATE TRIGGER purchase_order_receipts_open BEFORE INSERT ON purchase_order_receipts
WHEN (SELECT status FROM purchase_orders WHERE id = NEW.po_id) NOT IN ('ordered', 'partial')
BEGIN SELECT RAISE(ABORT, 'purchase order is not open for receiving'); END;
CREATE TRIGGER purchase_order_receipts_count AFTER INSERT ON purchase_order_receipts
BEGIN
	UPDATE purchase_order_lines SET received_qty = received_qty + NEW.qty WHERE id = NEW.line_id;
END;
-- Receipts are history, like the ledger they point to.
CREATE TRIGGER purchase_order_receipts_no_update BEFORE UPDATE ON purchase_order_receipts
BEGIN SELECT RAISE(ABORT, 'purchase order receipts are append-only'); END;
CREATE TRIGGER purchase_order_receipts_no_delete BEFORE DELETE ON purchase_order_receipts
BEGIN SELECT RAISE(ABORT, 'purchase order receipts are append-only'); END;
-- The received quantity moves only through receipts and only upwards.
CREATE TRIGGER purchase_order_lines_received_up BEFORE UPDATE OF received_qty
ON purchase_order_lines WHEN NEW.received_qty < OLD.received_qty
BEGIN SELECT RAISE(ABORT, 'received quantity never decreases'); END;
