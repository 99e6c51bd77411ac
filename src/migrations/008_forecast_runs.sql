-- 008_forecast_runs: forecasts computed in the server. A run forecasts every active single
-- product of one organisation from its demand (ledger outbound plus imported sales
-- history) and keeps, per product, the chosen model, its backtest errors, the 30/60/90-day
-- totals and the daily path. Runs are kept: later reports compare them with what sold.
-- Instants are UTC ISO-8601 text; dates are KST business dates.

-- The nightly run's hour, in KST (0..23), per organisation.
ALTER TABLE orgs ADD COLUMN forecast_hour INTEGER NOT NULL DEFAULT 3
	CHECK (forecast_hour BETWEEN 0 AND 23);

CREATE TABLE forecast_runs (
	id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: reports and the audit log name runs
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	status TEXT NOT NULL DEFAULT 'queued'
		CHECK (status IN ('queued', 'running', 'done', 'failed')),
	trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule')),
	requested_by INTEGER REFERENCES users(id),      -- NULL for the schedule and the demo shop
	created_at TEXT NOT NULL,
	started_at TEXT,
	finished_at TEXT,
	horizon INTEGER NOT NULL CHECK (horizon BETWEEN 1 AND 366),
	options TEXT NOT NULL DEFAULT '{}',             -- JSON: what the engine was asked and given
	stage TEXT NOT NULL DEFAULT 'queued'
		CHECK (stage IN ('queued', 'loading', 'training', 'forecasting', 'saving', 'finished')),
	progress_done INTEGER NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
	progress_total INTEGER NOT NULL DEFAULT 0 CHECK (progress_total >= 0),
	last_history_date TEXT CHECK (last_history_date IS NULL OR length(last_history_date) = 10),
	products_forecast INTEGER CHECK (products_forecast IS NULL OR products_forecast >= 0),
	products_skipped INTEGER CHECK (products_skipped IS NULL OR products_skipped >= 0),
	duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
	error TEXT,                                     -- Korean, for the user, when failed
	CHECK ((status = 'queued') = (started_at IS NULL)),
	CHECK ((status IN ('done', 'failed')) = (finished_at IS NOT NULL)),
	CHECK ((status = 'failed') = (error IS NOT NULL))
) STRICT;
CREATE INDEX forecast_runs_org ON forecast_runs(org_id, id);
CREATE INDEX forecast_runs_queue ON forecast_runs(status, id);
-- Never two runs at once per organisation: at most one queued or running.
CREATE UNIQUE INDEX forecast_runs_one_active ON forecast_runs(org_id)
	WHERE status IN ('queued', 'running');

-- One row per product of a run: a forecast (status 'ok') or the reason there is none.
-- Metrics are the chosen forecast's rolling-origin cross-validation errors (NULL when the
-- history was too short to hold any days out).
CREATE TABLE forecast_results (
	run_id INTEGER NOT NULL REFERENCES forecast_runs(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	product_id INTEGER NOT NULL REFERENCES products(id),
	status TEXT NOT NULL CHECK (status IN ('ok', 'too_little_history', 'no_history')),
	reason TEXT NOT NULL DEFAULT '',                -- Korean when there is no forecast
	history_days INTEGER NOT NULL CHECK (history_days >= 0),
	history_first_date TEXT CHECK (history_first_date IS NULL OR length(history_first_date) = 10),
	history_total REAL NOT NULL DEFAULT 0,         -- units of demand in the history
	min_history_days INTEGER NOT NULL,              -- what the engine needed
	model TEXT,                                     -- e.g. "combo(dow+prophet+gbm)"
	model_detail TEXT NOT NULL DEFAULT '',          -- fitted form, e.g. "ETS(A,N,A)"
	engine_note TEXT NOT NULL DEFAULT '',           -- the engine's own remark (English)
	mae REAL, rmse REAL, mase REAL, wape REAL, bias REAL,
	t30_mean REAL, t30_p10 REAL, t30_p50 REAL, t30_p90 REAL,
	t60_mean REAL, t60_p10 REAL, t60_p50 REAL, t60_p90 REAL,
	t90_mean REAL, t90_p10 REAL, t90_p50 REAL, t90_p90 REAL,
	PRIMARY KEY (run_id, product_id),
	CHECK ((status = 'ok') = (model IS NOT NULL))
) STRICT;
CREATE INDEX forecast_results_product ON forecast_results(org_id, product_id, run_id);

-- The daily path of each forecast product: one row per product per forecast day.
CREATE TABLE forecast_days (
	run_id INTEGER NOT NULL REFERENCES forecast_runs(id),
	product_id INTEGER NOT NULL REFERENCES products(id),
	date TEXT NOT NULL CHECK (length(date) = 10),
	mean REAL NOT NULL CHECK (mean >= 0),
	p10 REAL NOT NULL,
	p50 REAL NOT NULL,
	p90 REAL NOT NULL,
	PRIMARY KEY (run_id, product_id, date)
) STRICT, WITHOUT ROWID;

-- Trained global models (boosted trees, LSTM) of the latest nightly run, as the engine
-- saves them (fc_trained_save); daytime runs load them instead of training.
CREATE TABLE forecast_models (
	org_id INTEGER PRIMARY KEY REFERENCES orgs(id),
	run_id INTEGER NOT NULL REFERENCES forecast_runs(id),
	trained_at TEXT NOT NULL,
	horizon INTEGER NOT NULL,
	models INTEGER NOT NULL CHECK (models BETWEEN 1 AND 3),  -- 1 trees, 2 LSTM, 3 both
	blob BLOB NOT NULL
) STRICT;

-- Imported sales history (판매 이력): demand from before jaego, or from channels it does not
-- record. It feeds forecasts only and never changes stock. Every row counts as demand; a
-- re-import that replaces a period, or the reversal of a batch, removes the rows it
-- replaces. batch_id names the upload it came from.
CREATE TABLE sales_history (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	batch_id INTEGER NOT NULL,
	product_id INTEGER NOT NULL REFERENCES products(id),
	day TEXT NOT NULL CHECK (length(day) = 10),     -- KST business date
	qty INTEGER NOT NULL CHECK (qty >= 0)
) STRICT;
CREATE INDEX sales_history_product ON sales_history(org_id, product_id, day);
CREATE INDEX sales_history_batch ON sales_history(org_id, batch_id);
