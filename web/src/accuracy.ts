// Types and number formats of the forecast accuracy reports (GET /api/reports/accuracy,
// /api/reports/accuracy/{run_id}, /api/reports/actual-vs-forecast; docs/api.md 리포트).
// Undefined metrics (WAPE when nothing sold, MASE without a naive scale) come as null.

export interface Metrics {
  mae: number | null; rmse: number | null; mase: number | null; wape: number | null; bias: number | null;
  days: number; actual: number; forecast: number;
}

export interface AccuracyRun {
  run_id: number; finished_at: string; last_history_date: string; first_date: string;
  as_of: string | null; horizon: number; days_passed: number; progress: string;
  products: number; corrected_products: number; model: Metrics; effective: Metrics;
}

export interface AccuracyTrend { evaluated_until: string; runs: AccuracyRun[] }

export interface AccuracyItem {
  sku?: string; name?: string; category: string; products?: number; corrected_days?: number;
  model: Metrics; effective: Metrics;
}

export interface AccuracyRunReport {
  run: AccuracyRun; by: 'product' | 'category'; sort: string; total: number;
  items: AccuracyItem[]; worst: AccuracyItem[];
}

export type Deviation = 'over' | 'under' | null;

export interface AvfDay {
  date: string; run_id: number | null; actual: number; forecast: number | null; effective: number | null;
  p10: number | null; p90: number | null; diff: number | null; diff_pct: number | null; deviation: Deviation;
}

export interface AvfProduct {
  sku: string; name: string; category: string; actual: number; forecast: number; effective: number;
  diff: number; diff_pct: number | null; days_forecast: number; deviation: Deviation;
}

export interface ActualVsForecast {
  from: string; to: string; sku: string; category: string; run_id: number | null;
  totals: { actual: number; forecast: number; effective: number; diff: number; diff_pct: number | null };
  days: AvfDay[]; products: AvfProduct[];
}

const nf2 = new Intl.NumberFormat('ko-KR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const nf0 = new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 0 });
const pf = new Intl.NumberFormat('ko-KR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A metric to two decimals, '-' when undefined. */
export const dec = (v: number | null | undefined): string => (v == null ? '-' : nf2.format(v));
/** A share as a percentage: 0.253 → 25.3%. */
export const pct = (v: number | null | undefined): string => (v == null ? '-' : pf.format(v));
/** A share with its sign: +25.3% / -4.0%. */
export const signedPct = (v: number | null | undefined): string => (v == null ? '-' : `${v > 0 ? '+' : ''}${pf.format(v)}`);
/** Units, rounded for the eye (the workbook keeps the decimals): 1,234개. */
export const qty = (v: number | null | undefined): string => (v == null ? '-' : `${nf0.format(v)}개`);
/** Units a day with their sign (bias): +1.25개/일. */
export const perDay = (v: number | null | undefined): string => (v == null ? '-' : `${v > 0 ? '+' : ''}${nf2.format(v)}개/일`);
