-- 011_planning: what the planning rules (src/domain/planning.c, docs/planning.md) read that
-- the catalogue did not hold yet: per product the safety-stock rule, the user's own monthly
-- demand, the order multiple and a service level; per organisation the planning settings;
-- and, per forecast, the cumulative 30/60/90-day totals at more quantile levels than
-- p10/p50/p90, so that the service-level rule reads its quantile from the stored
-- distribution.

-- How safety stock is set: 'manual' (the user's number), 'forecast_lead_time' (30-day
-- forecast × lead time ÷ 30, the user's monthly_demand until a forecast exists) or
-- 'service_level' (the lead-time demand quantile of the forecast's distribution).
-- It replaces safety_stock_mode: manual stays manual, auto becomes forecast_lead_time.
ALTER TABLE products ADD COLUMN safety_stock_rule TEXT NOT NULL DEFAULT 'manual'
	CHECK (safety_stock_rule IN ('manual', 'forecast_lead_time', 'service_level'));
UPDATE products SET safety_stock_rule =
	CASE safety_stock_mode WHEN 'auto' THEN 'forecast_lead_time' ELSE 'manual' END;
ALTER TABLE products DROP COLUMN safety_stock_mode;
-- The user's outbound in 30 days (월 수요), used until a forecast exists.
ALTER TABLE products ADD COLUMN monthly_demand INTEGER
	CHECK (monthly_demand IS NULL OR monthly_demand BETWEEN 0 AND 1000000000);
-- Order in multiples of this (e.g. a carton of 24); NULL = any quantity.
ALTER TABLE products ADD COLUMN order_multiple INTEGER
	CHECK (order_multiple IS NULL OR order_multiple BETWEEN 1 AND 1000000);
-- The service level of the service_level rule as a fraction; NULL = the organisation's.
ALTER TABLE products ADD COLUMN service_level REAL
	CHECK (service_level IS NULL OR (service_level >= 0.5 AND service_level <= 0.999));

-- Organisation planning settings.
ALTER TABLE orgs ADD COLUMN order_alert_days INTEGER NOT NULL DEFAULT 10
	CHECK (order_alert_days BETWEEN 0 AND 365);      -- 발주 알림: days ahead
ALTER TABLE orgs ADD COLUMN expiry_alert_days INTEGER NOT NULL DEFAULT 30
	CHECK (expiry_alert_days BETWEEN 0 AND 365);     -- 소비기한 알림: days before expiry
ALTER TABLE orgs ADD COLUMN review_days INTEGER NOT NULL DEFAULT 0
	CHECK (review_days BETWEEN 0 AND 365);           -- 발주 주기: days an order also covers
ALTER TABLE orgs ADD COLUMN service_level REAL NOT NULL DEFAULT 0.95
	CHECK (service_level >= 0.5 AND service_level <= 0.999);

-- Quantiles of outbound summed from a run's first forecast day over `days` days (30, 60,
-- 90, capped at the horizon), at each stored level: the engine's total_quant. Read by the
-- service-level rule as PLAN_DIST_CUMULATIVE.
CREATE TABLE forecast_total_quantiles (
	run_id INTEGER NOT NULL REFERENCES forecast_runs(id),
	product_id INTEGER NOT NULL REFERENCES products(id),
	days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 366),
	level REAL NOT NULL CHECK (level > 0 AND level < 1),
	qty REAL NOT NULL,
	PRIMARY KEY (run_id, product_id, days, level)
) STRICT, WITHOUT ROWID;
