-- 014_forecast_candidates: every model a run tried for a product, in the engine's ranking,
-- with its rolling-origin cross-validation errors, so that the product page can say which
-- model was chosen and which it beat. Written by the run in the same transaction as its
-- results; runs from before this migration simply have none.
CREATE TABLE forecast_candidates (
	run_id INTEGER NOT NULL REFERENCES forecast_runs(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	product_id INTEGER NOT NULL REFERENCES products(id),
	rank INTEGER NOT NULL CHECK (rank >= 1),        -- 1 = the engine's first choice
	model TEXT NOT NULL,                            -- "dow", "combo(dow+ets+gbm)", ...
	ok INTEGER NOT NULL CHECK (ok IN (0, 1)),       -- 0: could not be fitted on some fold
	cv_mae REAL, cv_rmse REAL, cv_mase REAL, cv_wape REAL, cv_bias REAL,  -- NULL when undefined
	score REAL,                                     -- selection score (RMSE relative to snaive)
	chosen INTEGER NOT NULL CHECK (chosen IN (0, 1)),        -- the forecast stored is this one
	part_of_combo INTEGER NOT NULL CHECK (part_of_combo IN (0, 1)), -- a member of the chosen
	                                                                -- combination
	PRIMARY KEY (run_id, product_id, rank)
) STRICT, WITHOUT ROWID;
CREATE INDEX forecast_candidates_org ON forecast_candidates(org_id, product_id, run_id);
