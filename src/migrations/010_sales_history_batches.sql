-- 010_sales_history_batches: uploads of sales history (판매 이력, "date, SKU, outbound
-- quantity"). An upload is a batch: its clean rows are stored at once in sales_history
-- under the batch id, but count as demand only while the batch is applied.
--
-- The period rule: a batch covers the days first_day..last_day of its file. For every
-- product that appears in an applied batch, the days of that batch's period come from that
-- batch only: rows of batches applied before it, for the same product and days, stop
-- counting (they are kept, so undoing the newer batch brings them back). A product that is
-- not in the newer file keeps its older history. "Newer" is the order of applying
-- (apply_seq), not of uploading. The view sales_history_standing is the one definition of
-- the history that counts; forecasts and screens read it.

CREATE TABLE sales_history_batches (
	id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: sales_history.batch_id names it
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
	file_hash TEXT NOT NULL CHECK (length(file_hash) = 64),   -- SHA-256, lowercase hex
	format TEXT NOT NULL CHECK (format IN ('xlsx', 'csv', 'unknown')),
	status TEXT NOT NULL DEFAULT 'previewed'
		CHECK (status IN ('previewed', 'applied', 'undone')),
	uploaded_by INTEGER NOT NULL REFERENCES users(id),
	uploaded_at TEXT NOT NULL,
	applied_by INTEGER REFERENCES users(id),
	applied_at TEXT,
	apply_seq INTEGER CHECK (apply_seq IS NULL OR apply_seq > 0),
	undone_by INTEGER REFERENCES users(id),
	undone_at TEXT,
	first_day TEXT CHECK (first_day IS NULL OR length(first_day) = 10),
	last_day TEXT CHECK (last_day IS NULL OR length(last_day) = 10),
	row_count INTEGER NOT NULL DEFAULT 0 CHECK (row_count >= 0),      -- data rows read
	valid_count INTEGER NOT NULL DEFAULT 0 CHECK (valid_count >= 0),  -- rows stored
	warning_count INTEGER NOT NULL DEFAULT 0 CHECK (warning_count >= 0),
	error_count INTEGER NOT NULL DEFAULT 0 CHECK (error_count >= 0),
	qty_total INTEGER NOT NULL DEFAULT 0 CHECK (qty_total >= 0),
	problems_json TEXT NOT NULL DEFAULT '[]',  -- the preview's problems, as the member saw them
	CHECK ((status IN ('applied', 'undone')) = (applied_at IS NOT NULL)),
	CHECK ((status IN ('applied', 'undone')) = (apply_seq IS NOT NULL)),
	CHECK ((status = 'undone') = (undone_at IS NOT NULL)),
	CHECK ((first_day IS NULL) = (last_day IS NULL) AND (first_day IS NULL OR first_day <= last_day))
) STRICT;
CREATE INDEX sales_history_batches_org ON sales_history_batches(org_id, id);
CREATE UNIQUE INDEX sales_history_batches_seq ON sales_history_batches(org_id, apply_seq);

-- A batch holds one row per product and day (duplicates are refused by the reader).
CREATE UNIQUE INDEX sales_history_batch_product_day ON sales_history(batch_id, product_id, day);

-- The standing history: rows of applied batches that no later-applied batch replaces.
CREATE VIEW sales_history_standing AS
SELECT h.org_id AS org_id, h.product_id AS product_id, h.day AS day, h.qty AS qty,
       h.batch_id AS batch_id
FROM sales_history h
JOIN sales_history_batches b
  ON b.id = h.batch_id AND b.org_id = h.org_id AND b.status = 'applied'
WHERE NOT EXISTS (
	SELECT 1 FROM sales_history_batches nb
	WHERE nb.org_id = h.org_id AND nb.status = 'applied' AND nb.apply_seq > b.apply_seq
	  AND h.day BETWEEN nb.first_day AND nb.last_day
	  AND EXISTS (SELECT 1 FROM sales_history n
	              WHERE n.batch_id = nb.id AND n.product_id = h.product_id));
