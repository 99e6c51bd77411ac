// The product forecast view's answer (GET /api/products/{sku}/forecast-view) and the two
// ECharts options built from it: demand (history bars, forecast line, p10–p90 band, today,
// holidays and events) and projected stock (against safety stock, with the order-by and
// stock-out days and the purchase orders' arrivals). Pure functions, so the component
// stays small and the options depend only on the answer.
import type { EChartsCoreOption } from 'echarts/core';
import type { StockRow } from './api';
import { num } from './format';
import { t } from './i18n';

export interface FvDay { date: string; mean: number; p10: number; p50: number; p90: number; effective?: number; overridden?: boolean }
export interface FvCandidate {
  rank: number; model: string; text: string; ok: boolean; mae: number | null; rmse: number | null;
  mase: number | null; wape: number | null; bias: number | null; score: number | null; chosen: boolean; part_of_combo: boolean;
}
export interface FvExplanation {
  model: string; model_text: string; model_detail: string; accuracy_text: string; bias_text: string; rank_text: string;
  snaive_mae: number | null; beaten: number; metrics: { mae: number | null; rmse: number | null; mase: number | null; wape: number | null; bias: number | null };
  candidates: FvCandidate[];
}
export interface FvOrder { id: number; status: string; supplier: { id: number; name: string }; expected_date: string | null; open_qty: number; late: boolean }
export interface ForecastViewData {
  sku: string; date: string; days: number;
  history: { from: string; to: string; days: { date: string; qty: number }[]; total: number };
  forecast: { run_id: number; finished_at: string; model: string; days: FvDay[]; overridden?: boolean } | null;
  forecast_missing: { reason: string; message: string } | null;
  explanation: FvExplanation | null;
  holidays: { date: string; name: string }[];
  events: { id: number; name: string; date: string; from: string; to: string; kind: string }[];
  stock: { planning: StockRow; days: { date: string; stock: number; demand: number; arriving: number }[] } | null;
  purchase_orders: FvOrder[];
}

const WEEKDAYS = ['일', '월', '화', '수', '목', '금', '토'];

/** "12월 2일 (수)" for a YYYY-MM-DD business date. */
export function monthDay(s: string | null | undefined): string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return s || '-';
  const d = new Date(`${s}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}월 ${d.getUTCDate()}일 (${WEEKDAYS[d.getUTCDay()]})`;
}

/** A daily quantity: one decimal under 10, whole units above ("5.9개", "1,234개"). */
export function dailyQty(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  return v < 9.95 ? `${(Math.round(v * 10) / 10).toFixed(1)}개` : `${num(Math.round(v))}개`;
}

function addDays(s: string, n: number): string {
  return new Date(Date.parse(`${s}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}

/** Every date from a to b inclusive. */
function dateRange(a: string, b: string): string[] {
  const out: string[] = [];
  for (let d = a; d <= b && out.length < 1200; d = addDays(d, 1)) out.push(d);
  return out;
}

const axisDate = (v: string) => { const [, m, d] = v.split('-'); return `${Number(m)}/${Number(d)}`; };
const round1 = (v: number) => Math.round(v * 10) / 10;

/** Names of the holidays and events on each date, for the tooltip. */
function marksByDate(v: ForecastViewData): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (d: string, s: string) => m.set(d, [...(m.get(d) || []), s]);
  v.holidays.forEach((h) => add(h.date, `${t.fview.holiday}: ${h.name}`));
  v.events.forEach((e) => dateRange(e.from, e.to).forEach((d) => add(d, `${t.fview.event}: ${e.name}`)));
  return m;
}

type Tip = { axisValue: string; marker: string; seriesName: string; value: unknown; seriesId?: string };

/** Demand: history bars, the forecast line with its p10–p90 band (a stacked area over an
 * invisible p10 line), today, holidays and events. */
export function demandOption(v: ForecastViewData): EChartsCoreOption {
  const fdays = v.forecast?.days || [];
  const last = fdays.length ? fdays[fdays.length - 1].date : v.date;
  const dates = dateRange(v.history.from, last > v.date ? last : v.date);
  const hist = new Map(v.history.days.map((d) => [d.date, d.qty]));
  const fc = new Map(fdays.map((d) => [d.date, d]));
  const at = <T,>(f: (d: FvDay) => T) => dates.map((d) => { const x = fc.get(d); return x ? f(x) : null; });
  const marks = marksByDate(v);
  const inAxis = (d: string) => (d < dates[0] ? dates[0] : d > dates[dates.length - 1] ? dates[dates.length - 1] : d);
  const areas = [
    ...v.holidays.map((h) => [{ xAxis: h.date, name: h.name, itemStyle: { color: 'rgba(239,68,68,.12)' } }, { xAxis: h.date }]),
    ...v.events.filter((e) => e.to >= dates[0] && e.from <= dates[dates.length - 1]).map((e) => [
      { xAxis: inAxis(e.from), name: e.name, itemStyle: { color: 'rgba(139,92,246,.14)' } }, { xAxis: inAxis(e.to) }]),
  ];
  const overridden = !!v.forecast?.overridden;
  return {
    animation: false,
    grid: { left: 44, right: 12, top: 48, bottom: 56 },
    legend: { top: 0, type: 'scroll', data: [t.fview.sold, t.fview.forecastLine, t.fview.band, ...(overridden ? [t.fview.modelLine] : [])] },
    tooltip: {
      trigger: 'axis',
      formatter: (ps: Tip[]) => {
        const date = ps[0]?.axisValue || '';
        const rows = ps.filter((p) => p.seriesId !== 'lo' && p.value !== null && p.value !== undefined && p.value !== '-')
          .map((p) => {
            if (p.seriesId === 'band') { const f = fc.get(date); return f ? `${p.marker}${p.seriesName} ${dailyQty(f.p10)} ~ ${dailyQty(f.p90)}` : ''; }
            return `${p.marker}${p.seriesName} ${dailyQty(Number(p.value))}`;
          }).filter(Boolean);
        return [monthDay(date), ...rows, ...(marks.get(date) || [])].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: dates, axisLabel: { formatter: axisDate, hideOverlap: true } },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: (x: number) => num(x) } },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
    series: [
      { name: t.fview.sold, type: 'bar', data: dates.map((d) => (d < v.date ? hist.get(d) ?? 0 : null)), itemStyle: { color: '#94a3b8' }, barMaxWidth: 8,
        markArea: { silent: true, label: { show: false }, data: areas },
        markLine: { symbol: 'none', silent: true, lineStyle: { color: '#0f172a', type: 'solid', width: 1 }, label: { formatter: t.fview.today, position: 'end' }, data: [{ xAxis: v.date }] } },
      { id: 'lo', name: 'p10', type: 'line', stack: 'band', data: at((d) => round1(d.p10)), lineStyle: { opacity: 0 }, symbol: 'none', silent: true, tooltip: { show: false } },
      { id: 'band', name: t.fview.band, type: 'line', stack: 'band', data: at((d) => round1(Math.max(0, d.p90 - d.p10))), lineStyle: { opacity: 0 }, symbol: 'none',
        areaStyle: { color: 'rgba(249,115,22,.22)', opacity: 1 }, itemStyle: { color: 'rgba(249,115,22,.35)' } },
      { name: t.fview.forecastLine, type: 'line', data: at((d) => round1(d.effective ?? d.mean)), symbol: 'none', lineStyle: { width: 2, color: '#ea580c' }, itemStyle: { color: '#ea580c' } },
      ...(overridden ? [{ name: t.fview.modelLine, type: 'line', data: at((d) => round1(d.mean)), symbol: 'none', lineStyle: { width: 1, type: 'dashed', color: '#64748b' }, itemStyle: { color: '#64748b' } }] : []),
    ],
  };
}

/** Projected stock against safety stock, the order-by and stock-out days, PO arrivals. */
export function stockOption(v: ForecastViewData): EChartsCoreOption | null {
  const s = v.stock;
  if (!s || !s.days.length) return null;
  const r = s.planning;
  const dates = s.days.map((d) => d.date);
  const clamp = (d: string) => (d < dates[0] ? dates[0] : d);
  const lines: Record<string, unknown>[] = [];
  if (r.reorder_date && r.reorder_date <= dates[dates.length - 1]) {
    lines.push({ xAxis: clamp(r.reorder_date), name: t.fview.orderBy, lineStyle: { color: '#d97706' },
      label: { formatter: r.reorder_date < dates[0] ? t.fview.orderLate : `${t.fview.orderBy} ${axisDate(r.reorder_date)}`, position: 'insideEndTop', color: '#b45309' } });
  }
  if (r.depletion_date) {
    lines.push({ xAxis: r.depletion_date, name: t.fview.depletion, lineStyle: { color: '#dc2626' },
      label: { formatter: `${t.fview.depletion} ${axisDate(r.depletion_date)}`, position: 'insideEndBottom', color: '#b91c1c' } });
  }
  const arrivals = s.days.filter((d) => d.arriving > 0).map((d) => ({ value: [d.date, round1(d.stock)], qty: d.arriving }));
  const ss = r.safety_stock ?? null;
  return {
    animation: false,
    grid: { left: 52, right: 12, top: 36, bottom: 28 },
    legend: { top: 0, type: 'scroll', data: [t.fview.projected, ...(ss !== null ? [t.fview.safety] : []), ...(arrivals.length ? [t.fview.arrival] : [])] },
    tooltip: {
      trigger: 'axis',
      formatter: (ps: Tip[]) => {
        const date = ps[0]?.axisValue || '';
        const day = s.days.find((d) => d.date === date);
        const rows = [monthDay(date)];
        if (day) {
          rows.push(`${t.fview.projected} ${num(Math.floor(day.stock))}개`, `${t.fview.dayDemand} ${dailyQty(day.demand)}`);
          if (day.arriving) rows.push(`${t.fview.arrival} +${num(day.arriving)}개`);
        }
        if (ss !== null) rows.push(`${t.fview.safety} ${num(ss)}개`);
        return rows.join('<br/>');
      },
    },
    xAxis: { type: 'category', data: dates, axisLabel: { formatter: axisDate, hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (x: number) => num(x) } },
    series: [
      { name: t.fview.projected, type: 'line', data: s.days.map((d) => round1(d.stock)), symbol: 'none', lineStyle: { width: 2, color: '#1d4ed8' }, itemStyle: { color: '#1d4ed8' },
        areaStyle: { color: 'rgba(29,78,216,.07)' }, markLine: { symbol: 'none', silent: true, data: lines } },
      ...(ss !== null ? [{ name: t.fview.safety, type: 'line', data: dates.map(() => ss), symbol: 'none', lineStyle: { type: 'dashed', color: '#f59e0b' }, itemStyle: { color: '#f59e0b' } }] : []),
      ...(arrivals.length ? [{ name: t.fview.arrival, type: 'scatter', data: arrivals, symbol: 'triangle', symbolSize: 12, itemStyle: { color: '#16a34a' },
        label: { show: true, position: 'top', formatter: (p: { data: { qty: number } }) => `+${num(p.data.qty)}` } }] : []),
    ],
  };
}
