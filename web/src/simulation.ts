// 정책 시뮬레이션: the answer of GET /api/simulations/{id}, and the pure pieces of its screen
// (which policy is best in each column, the sentence against 최소·최대, the chart's options),
// kept apart from the page so that they read as rules.
import type { EChartsCoreOption } from 'echarts/core';
import { num, won } from './format';
import { t } from './i18n';

export const POLICIES = ['document', 'service_level', 'minmax', 'jaego'] as const;
export type Policy = (typeof POLICIES)[number];

export interface SimMetrics {
  policy: Policy;
  fill_rate: number; cycle_service_level: number; stockout_days: number;
  avg_on_hand: number; avg_stock_value: number; orders: number; ordered_units: number;
  expired_units: number; demand_units: number; lost_units: number;
  holding_cost: number; lost_margin: number; expired_cost: number;
}
export interface SimItem {
  sku: string; name: string; lead_time_days: number; lead_time_default: boolean; moq: number;
  unit_cost: number; opening_on_hand: number; opening_known: boolean; policies: SimMetrics[];
}
export interface SimChart {
  sku: string | null; unit: 'units' | 'value'; dates: string[];
  series: { policy: Policy; values: number[]; stockout_dates: string[] }[];
}
export interface Simulation {
  id: number; status: 'queued' | 'running' | 'done' | 'failed'; created_at: string; finished_at: string | null;
  from: string; to: string; review_days: number; target_fill: number; policies: Policy[]; products: number;
  progress: { stage: string; done: number; total: number }; error: string | null; duration_ms?: number;
  result?: { totals: SimMetrics[]; items: SimItem[]; chart: SimChart; service_level: number };
}

export const POLICY_COLOR: Record<Policy, string> = {
  document: '#64748b', service_level: '#0891b2', minmax: '#ea580c', jaego: '#2563eb',
};

/** A policy's costs: holding + margin lost on unserved demand + expired stock, in KRW. */
export function totalCost(m: SimMetrics): number {
  return m.holding_cost + m.lost_margin + m.expired_cost;
}

/** The columns of the comparison and which way is better (orders are neither: no mark). */
export const COLUMNS: { key: string; better: 'high' | 'low' | null; value: (m: SimMetrics) => number }[] = [
  { key: 'fill_rate', better: 'high', value: (m) => m.fill_rate },
  { key: 'stockout_days', better: 'low', value: (m) => m.stockout_days },
  { key: 'avg_stock_value', better: 'low', value: (m) => m.avg_stock_value },
  { key: 'orders', better: null, value: (m) => m.orders },
  { key: 'expired_units', better: 'low', value: (m) => m.expired_units },
  { key: 'total_cost', better: 'low', value: totalCost },
];

/** The policies holding the best value of a column (ties all marked; none when all equal). */
export function bestOf(rows: SimMetrics[], col: (typeof COLUMNS)[number]): Set<Policy> {
  if (!col.better || rows.length < 2) return new Set();
  const vals = rows.map(col.value);
  const best = col.better === 'high' ? Math.max(...vals) : Math.min(...vals);
  if (vals.every((v) => v === best)) return new Set();
  return new Set(rows.filter((_, i) => vals[i] === best).map((r) => r.policy));
}

/** "jaego 규칙이면 품절일 12일 → 2일, 평균 재고 18% 감소" against 최소·최대, or null when
 *  either policy was not simulated. */
export function verdict(totals: SimMetrics[]): string | null {
  const mm = totals.find((m) => m.policy === 'minmax');
  const jg = totals.find((m) => m.policy === 'jaego');
  if (!mm || !jg) return null;
  const change = mm.avg_stock_value > 0 ? Math.round(((jg.avg_stock_value - mm.avg_stock_value) / mm.avg_stock_value) * 100) : null;
  return t.sim.verdict(mm.stockout_days, jg.stockout_days, change);
}

/** Stock over time per policy (top), and under it one row per policy with a mark on each
 *  day it ran out (a stock-out leaves nothing on hand, so marks on the lines would all sit
 *  on the axis, one over the other). */
export function chartOption(c: SimChart): EChartsCoreOption {
  const fmt = (v: number) => (c.unit === 'value' ? won(Math.round(v)) : `${num(Math.round(v))}개`);
  const axis = (v: number) => (c.unit === 'value' ? (v >= 1e8 ? `${+(v / 1e8).toFixed(1)}억` : v >= 1e4 ? `${num(Math.round(v / 1e4))}만` : num(v)) : num(v));
  const names = c.series.map((s) => t.sim.policy[s.policy]);
  const rows = c.series.length;
  const lines = c.series.map((s, k) => ({
    type: 'line', name: names[k], data: s.values, showSymbol: false,
    itemStyle: { color: POLICY_COLOR[s.policy] }, lineStyle: { width: s.policy === 'jaego' ? 2.5 : 1.5 },
    tooltip: { valueFormatter: fmt },
  }));
  const marks = c.series.map((s, k) => ({
    type: 'scatter', name: names[k], xAxisIndex: 1, yAxisIndex: 1, symbol: 'rect', symbolSize: [3, 10],
    itemStyle: { color: POLICY_COLOR[s.policy] }, data: s.stockout_dates.map((d) => [d, names[k]]),
    tooltip: { trigger: 'item', formatter: (p: { value: [string, string] }) => `${p.value[1]} ${t.sim.stockoutOn(p.value[0])}` },
  }));
  const stripTop = 250;
  return {
    grid: [{ left: 64, right: 12, top: 40, height: 180 }, { left: 64, right: 12, top: stripTop, height: rows * 14 }],
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll', data: names },
    dataZoom: [{ type: 'inside', xAxisIndex: [0, 1] }, { type: 'slider', xAxisIndex: [0, 1], height: 16, bottom: 4 }],
    xAxis: [
      { type: 'category', data: c.dates, axisLabel: { formatter: (d: string) => d.slice(5).replace('-', '/') } },
      { type: 'category', gridIndex: 1, data: c.dates, axisLabel: { show: false }, axisTick: { show: false } },
    ],
    yAxis: [
      { type: 'value', axisLabel: { formatter: axis } },
      { type: 'category', gridIndex: 1, data: names, inverse: true, axisLabel: { fontSize: 10 }, axisTick: { show: false },
        splitLine: { show: true, lineStyle: { color: '#f1f5f9' } } },
    ],
    series: [...lines, ...marks],
  };
}

/** The chart's height for n policies: the lines, the stock-out strip and the slider. */
export function chartHeight(n: number): number {
  return 250 + n * 14 + 40;
}
