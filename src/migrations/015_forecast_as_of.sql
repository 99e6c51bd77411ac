-- 015_forecast_as_of: forecast runs made "as of" an earlier day, so that the accuracy
-- report (예측 정확도) has forecasts whose days have already passed: such a run reads the
-- history up to the day before as_of and forecasts from as_of. NULL = the day the run ran
-- (every run before this migration). Planning reads the run whose history ends last
-- (last_history_date), never merely the newest id: a backdated run made today is older.
ALTER TABLE forecast_runs ADD COLUMN as_of TEXT CHECK (as_of IS NULL OR length(as_of) = 10);
CREATE INDEX forecast_runs_history ON forecast_runs(org_id, status, last_history_date, id);
