// The 재고 현황 board's rules over the rows of GET /api/stock: which products each headline
// tile counts, days of cover, the search and the filters. The server's workbook applies the
// same rules to the same fields (src/api/stock_board.c); docs/screens.md states them.
import type { AlertRow, StockRow } from '../api';

export type TileKey = 'order_today' | 'runs_out' | 'overstock' | 'expiry_near';
export const TILE_KEYS: TileKey[] = ['order_today', 'runs_out', 'overstock', 'expiry_near'];
export type AlertKindKey = AlertRow['kind'];

/** The board's filters, as they stand in the address bar and in the export's query. */
export interface BoardFilter {
  tile?: TileKey; category?: string; supplier_id?: number; alert?: AlertKindKey; q?: string;
}

/** Adds `days` to a YYYY-MM-DD business date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() + days * 86400000).toISOString().slice(0, 10);
}

/** Whether a row is on a tile's list. `today` is the view's date (GET /api/stock `date`). */
export function inTile(r: StockRow, tile: TileKey, today: string): boolean {
  switch (tile) {
    // 발주 알림 fires and its order-by day is today or already past.
    case 'order_today': return r.reorder_urgency === 'today' || r.reorder_urgency === 'overdue';
    // Empty before an order placed today could arrive (today + lead time; a receipt on the
    // very day stock reaches zero still comes in time).
    case 'runs_out':
      return !!r.depletion_date && r.lead_time_days != null && r.depletion_date < addDays(today, r.lead_time_days);
    case 'overstock': return !!r.overstock_alert;
    case 'expiry_near': return (r.expiry_near_qty ?? 0) > 0;
  }
}

/** 재고 일수: on hand ÷ daily forecast = floor(on hand × 30 ÷ 30-day forecast); 0 with
 *  nothing on hand; null without a forecast or when it expects no outbound. */
export function coverDays(r: StockRow): number | null {
  const f = r.forecast_30;
  if (f == null || f <= 0) return null;
  if (r.on_hand <= 0) return 0;
  return Math.floor((r.on_hand * 30) / f);
}

/** The search's form of a text: NFC, ASCII letters in lower case (as the server compares). */
export function fold(s: string): string {
  return s.normalize('NFC').replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export interface TileFigures {
  order_today: { products: number; overdue: number };
  runs_out: { products: number; lateEvenNow: number };
  overstock: { products: number; units: number; value: number | null };
  expiry_near: { products: number; units: number; lots: number };
}

/** Every tile's figures over all products (the tiles ignore the table's filters). */
export function tileFigures(rows: StockRow[], today: string): TileFigures {
  const f: TileFigures = {
    order_today: { products: 0, overdue: 0 }, runs_out: { products: 0, lateEvenNow: 0 },
    overstock: { products: 0, units: 0, value: null }, expiry_near: { products: 0, units: 0, lots: 0 },
  };
  for (const r of rows) {
    if (inTile(r, 'order_today', today)) {
      f.order_today.products++;
      if (r.reorder_urgency === 'overdue') f.order_today.overdue++;
    }
    if (inTile(r, 'runs_out', today)) {
      f.runs_out.products++;
      if (r.arrives_after_depletion) f.runs_out.lateEvenNow++;
    }
    if (inTile(r, 'overstock', today)) {
      f.overstock.products++;
      f.overstock.units += r.overstock_qty ?? 0;
      // Only members who see costs get overstock_value; for the others it stays null.
      if (r.overstock_value != null) f.overstock.value = (f.overstock.value ?? 0) + r.overstock_value;
    }
    if (inTile(r, 'expiry_near', today)) {
      f.expiry_near.products++;
      f.expiry_near.units += r.expiry_near_qty ?? 0;
      f.expiry_near.lots += r.expiry_near_lots ?? 0;
    }
  }
  return f;
}

/** The rows the table shows. `alertSkus` holds the SKUs with an open alert per kind. */
export function applyFilter(rows: StockRow[], f: BoardFilter, today: string,
  alertSkus: Map<AlertKindKey, Set<string>>): StockRow[] {
  const q = f.q ? fold(f.q.trim()) : '';
  const alerted = f.alert ? alertSkus.get(f.alert) ?? new Set<string>() : null;
  return rows.filter((r) =>
    (!f.tile || inTile(r, f.tile, today))
    && (!f.category || r.category === f.category)
    && (!f.supplier_id || r.supplier_id === f.supplier_id)
    && (!alerted || alerted.has(r.sku))
    && (!q || fold(r.sku).includes(q) || fold(r.name).includes(q)));
}

/** Open alerts by kind → the SKUs that have one. */
export function alertSkuMap(alerts: AlertRow[]): Map<AlertKindKey, Set<string>> {
  const m = new Map<AlertKindKey, Set<string>>();
  for (const a of alerts) {
    if (!m.has(a.kind)) m.set(a.kind, new Set());
    m.get(a.kind)!.add(a.sku);
  }
  return m;
}

/** How urgent a row's order is, for sorting: overdue first, then today, later, none. */
export function urgencyRank(r: StockRow): number {
  return r.reorder_urgency === 'overdue' ? 0 : r.reorder_urgency === 'today' ? 1 : r.reorder_urgency === 'later' ? 2 : 3;
}

const WEEKDAYS = ['일', '월', '화', '수', '목', '금', '토'];
/** "12월 2일 (수)" for a YYYY-MM-DD business date. */
export function shortDay(s: string | null | undefined): string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return '-';
  const d = new Date(`${s}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}월 ${d.getUTCDate()}일 (${WEEKDAYS[d.getUTCDay()]})`;
}

/** The filter from the address bar's query; unknown values are dropped. */
export function readFilter(p: URLSearchParams): BoardFilter {
  const tile = p.get('tile');
  const alert = p.get('alert');
  const sup = Number(p.get('supplier_id'));
  return {
    tile: TILE_KEYS.includes(tile as TileKey) ? (tile as TileKey) : undefined,
    category: p.get('category') || undefined,
    supplier_id: Number.isInteger(sup) && sup > 0 ? sup : undefined,
    alert: ['order', 'stockout', 'overstock', 'expiry'].includes(alert || '') ? (alert as AlertKindKey) : undefined,
    q: p.get('q') || undefined,
  };
}
