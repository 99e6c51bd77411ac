-- 012_forecast_overrides: manual corrections (예측 수정) of a product's forecast and of its
-- suggested order quantity (추천 발주량), with their whole history. Nothing is deleted: a
-- correction is made once (who, when, old value, new value, reason) and may later end, by a
-- revert (who, when, why) or by a newer correction of the same days; triggers refuse every
-- other change. Dates are KST business dates; instants are UTC ISO-8601 text.
--
-- A forecast correction is kept as dated daily quantities (forecast_override_days), so it
-- keeps meaning the same calendar days when the next run replaces the forecast; it stands
-- while it has an active day today or later. At most one active quantity per product and
-- day: a newer correction deactivates the older one's days it covers.

CREATE TABLE forecast_overrides (
	id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: the audit log names it
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	product_id INTEGER NOT NULL REFERENCES products(id),
	kind TEXT NOT NULL CHECK (kind IN ('forecast', 'order_qty')),
	-- forecast: the next 30/60/90 days from the day it was made, or NULL for given dates
	window_days INTEGER CHECK (window_days IS NULL OR window_days IN (30, 60, 90)),
	first_date TEXT CHECK (first_date IS NULL OR length(first_date) = 10),
	last_date TEXT CHECK (last_date IS NULL OR length(last_date) = 10),
	run_id INTEGER REFERENCES forecast_runs(id),    -- the run it was made against
	qty REAL NOT NULL CHECK (qty >= 0),             -- the new value (total over its days)
	old_qty REAL CHECK (old_qty IS NULL OR old_qty >= 0), -- what stood before; NULL: computed
	model_qty REAL CHECK (model_qty IS NULL OR model_qty >= 0), -- the model's own figure
	reason TEXT NOT NULL CHECK (length(reason) >= 1),
	created_by INTEGER REFERENCES users(id),
	created_at TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'standing' CHECK (status IN ('standing', 'replaced', 'reverted')),
	-- deferred: an order quantity ends the standing one before its successor is written
	replaced_by INTEGER REFERENCES forecast_overrides(id) DEFERRABLE INITIALLY DEFERRED,
	ended_by INTEGER REFERENCES users(id),
	ended_at TEXT,
	end_reason TEXT,                                -- why it was reverted
	end_qty REAL,                                   -- what stood after a revert; NULL: computed
	CHECK ((kind = 'forecast') = (first_date IS NOT NULL AND last_date IS NOT NULL)),
	CHECK (kind = 'forecast' OR (window_days IS NULL AND run_id IS NULL)),
	CHECK ((status = 'standing') = (ended_at IS NULL)),
	CHECK ((status = 'replaced') = (replaced_by IS NOT NULL)),
	CHECK ((status = 'reverted') = (end_reason IS NOT NULL))
) STRICT;
CREATE INDEX forecast_overrides_product ON forecast_overrides(org_id, product_id, id);
-- One standing order quantity per product.
CREATE UNIQUE INDEX forecast_overrides_one_order_qty ON forecast_overrides(product_id)
	WHERE kind = 'order_qty' AND status = 'standing';

CREATE TABLE forecast_override_days (
	override_id INTEGER NOT NULL REFERENCES forecast_overrides(id),
	product_id INTEGER NOT NULL REFERENCES products(id),
	date TEXT NOT NULL CHECK (length(date) = 10),
	qty REAL NOT NULL CHECK (qty >= 0),
	old_qty REAL NOT NULL CHECK (old_qty >= 0),   -- the effective forecast that day before it
	model_qty REAL NOT NULL CHECK (model_qty >= 0), -- the model's own mean that day then
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	PRIMARY KEY (override_id, date)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX forecast_override_days_one ON forecast_override_days(product_id, date)
	WHERE active = 1;

-- The history is kept: no deletes; a correction only ends (standing → replaced/reverted,
-- once, with who and when) and a day only goes inactive.
CREATE TRIGGER forecast_overrides_no_delete BEFORE DELETE ON forecast_overrides
BEGIN SELECT RAISE(ABORT, 'forecast_overrides keeps its history'); END;
CREATE TRIGGER forecast_overrides_end_only BEFORE UPDATE ON forecast_overrides
WHEN OLD.status <> 'standing' OR NEW.status = 'standing' OR NEW.id IS NOT OLD.id
	OR NEW.org_id IS NOT OLD.org_id OR NEW.product_id IS NOT OLD.product_id
	OR NEW.kind IS NOT OLD.kind OR NEW.window_days IS NOT OLD.window_days
	OR NEW.first_date IS NOT OLD.first_date OR NEW.last_date IS NOT OLD.last_date
	OR NEW.run_id IS NOT OLD.run_id OR NEW.qty IS NOT OLD.qty OR NEW.old_qty IS NOT OLD.old_qty
	OR NEW.model_qty IS NOT OLD.model_qty OR NEW.reason IS NOT OLD.reason
	OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'a forecast override only ends, once'); END;
CREATE TRIGGER forecast_override_days_no_delete BEFORE DELETE ON forecast_override_days
BEGIN SELECT RAISE(ABORT, 'forecast_override_days keeps its history'); END;
CREATE TRIGGER forecast_override_days_deactivate_only BEFORE UPDATE ON forecast_override_days
WHEN NOT (OLD.active = 1 AND NEW.active = 0) OR NEW.override_id IS NOT OLD.override_id
	OR NEW.product_id IS NOT OLD.product_id OR NEW.date IS NOT OLD.date
	OR NEW.qty IS NOT OLD.qty OR NEW.old_qty IS NOT OLD.old_qty
	OR NEW.model_qty IS NOT OLD.model_qty
BEGIN SELECT RAISE(ABORT, 'a forecast override day only goes inactive'); END;
