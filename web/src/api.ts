// The one place that talks to the jaego server: cookie session, CSRF header on every
// change, the {error:{code,message,details}} shape turned into ApiError, 401 → login.
import { t } from './i18n';

export interface FieldError { field: string; message: string }

export class ApiError extends Error {
  status: number;
  code: string;
  details: unknown[];
  retryAfter?: number;
  constructor(status: number, code: string, message: string, details: unknown[] = [], retryAfter?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
  /** Field errors ({field,message}) from a validation_failed answer. */
  fieldErrors(): FieldError[] {
    return this.details.filter((d): d is FieldError =>
      !!d && typeof d === 'object' && 'field' in d && 'message' in d) as FieldError[];
  }
}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

export function setCsrf(tok: string): void { csrfToken = tok || ''; }
export function setUnauthenticatedHandler(fn: (() => void) | null): void { onUnauthenticated = fn; }

type Query = Record<string, string | number | boolean | undefined | null>;

export function qs(q?: Query): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    p.set(k, v === true ? '1' : String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

interface RequestOpts { quiet401?: boolean; headers?: Record<string, string> }

async function request<T>(method: string, path: string, body?: unknown, opts: RequestOpts = {}): Promise<T> {
  const headers: Record<string, string> = { ...(opts.headers || {}), Accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', t.errors.network);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try { data = JSON.parse(text); } catch { data = undefined; }
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; details?: unknown[] } } | undefined)?.error;
    const ra = Number(res.headers.get('Retry-After') || '') || undefined;
    const err = new ApiError(res.status, e?.code || `http_${res.status}`,
      e?.message || (res.status === 403 ? t.errors.forbidden : t.errors.unknown), e?.details || [], ra);
    if (res.status === 401 && !opts.quiet401 && onUnauthenticated) onUnauthenticated();
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, q?: Query, opts?: { quiet401?: boolean }) => request<T>('GET', path + qs(q), undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOpts) => request<T>('POST', path, body ?? {}, opts),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, file: File, field = 'file') => {
    const fd = new FormData();
    fd.append(field, file, file.name);
    return request<T>('POST', path, fd);
  },
  /** Downloads a file answer (xlsx/csv) through fetch so errors still show in Korean. */
  async download(path: string, q: Query | undefined, fallbackName: string): Promise<void> {
    let res: Response;
    try {
      res = await fetch(path + qs(q), { credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'network', t.errors.network);
    }
    if (!res.ok) {
      let e: { code?: string; message?: string } | undefined;
      try { e = (await res.json()).error; } catch { /* not JSON */ }
      if (res.status === 401 && onUnauthenticated) onUnauthenticated();
      throw new ApiError(res.status, e?.code || `http_${res.status}`, e?.message || t.errors.unknown);
    }
    const blob = await res.blob();
    const cd = res.headers.get('Content-Disposition') || '';
    const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) || /filename="?([^";]+)"?/i.exec(cd);
    const name = m ? decodeURIComponent(m[1]) : fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
};

export interface List<T> { items: T[]; total: number }

/** A forecast run (GET /api/forecast-runs[/{id}]). */
export interface ForecastRun {
  id: number; status: 'queued' | 'running' | 'done' | 'failed'; trigger: string;
  requested_by: { id: number; name: string } | null;
  created_at: string; started_at?: string | null; finished_at?: string | null; duration_ms?: number | null;
  horizon: number; stage?: string | null; progress?: { done: number; total: number } | null;
  last_history_date?: string | null; products?: { forecast: number; skipped: number } | null;
  models?: Record<string, number> | null; error?: string | null;
}

export type Role = 'viewer' | 'staff' | 'manager' | 'master';
export interface User { id: number; login: string; name: string; role: Role; active: boolean; created_at: string }
export interface Session { user: User; csrf_token: string }

export interface Product {
  sku: string; playauto_sku?: string | null; name: string; category?: string | null;
  manufacturer?: string | null;
  kind: 'single' | 'set'; lead_time_days?: number | null; lead_time_source?: string | null;
  moq?: number | null; safety_stock?: number | null;
  safety_stock_rule?: 'manual' | 'forecast_lead_time' | 'service_level' | null;
  monthly_demand?: number | null; order_multiple?: number | null; service_level?: number | null;
  supplier_id?: number | null; supplier?: string | null; unit_cost?: number | null;
  barcode?: string | null; active: boolean; has_expiry?: boolean; memo?: string | null;
  on_hand: number; available?: number;
  components?: { sku: string; name?: string; qty: number }[];
  channel_codes?: { channel: string; code: string }[];
  in_sets?: (string | { sku: string; name?: string; qty?: number })[];
}

export interface Movement {
  id: number; sku: string; name?: string; type: 'inbound' | 'outbound' | 'adjust' | 'reversal';
  qty: number; date: string; memo?: string | null; source: string; ref?: string | null;
  lot?: string | null; expiry?: string | null; expiry_unknown?: boolean; user?: { id: number; name: string } | null;
  created_at: string; reverses?: number | null; reversed_by?: number | null; set_sku?: string | null;
  on_hand_after?: number | null;
}

export interface Supplier {
  id: number; name: string; contact?: string | null; phone?: string | null; email?: string | null;
  lead_time_days?: number | null; moq?: number | null; memo?: string | null; product_count?: number;
}

export type EventKind = 'promotion' | 'live' | 'channel_sale' | 'shipping_stop' | 'other';
export interface ShopEvent {
  id: number; name: string; date: string; days_before: number; days_after: number;
  kind: EventKind; channel: 'coupang' | 'smartstore' | 'ownmall' | null; memo: string;
  created_by: number | null; created_at: string; updated_at: string;
}

export interface ImportProblem { row: number; column: string; severity: 'error' | 'warning'; code: string; message: string }
export interface ImportDiff { sku: string; name: string; on_hand: number; inbound: number; outbound: number; result: number }
type Who = { id: number; name: string } | null;

export interface ImportPreview {
  id: number; file_name: string; file_hash: string; format?: string; status?: string;
  can_apply?: boolean; rows?: number;
  summary: { rows: number; valid: number; warnings: number; errors: number };
  problems: ImportProblem[]; diff: ImportDiff[];
  uploaded_at?: string; already_applied?: { batch_id: number; applied_at: string; applied_by: string | Who } | null;
}
/** A batch (list items, apply/reverse replies); GET /api/imports/{id} adds preview and movements. */
export interface ImportBatch {
  id: number; file_name: string; file_hash?: string; file_size?: number; format?: string;
  status: 'preview' | 'applied' | 'reversed' | 'rejected' | string; row_count?: number;
  summary?: ImportPreview['summary']; movement_count?: number;
  uploaded_by?: Who; uploaded_at?: string; applied_by?: Who; applied_at?: string | null;
  reversed_by?: Who; reversed_at?: string | null;
  preview?: ImportPreview | null; movements?: Movement[];
}

/** One changed field of an audit row, in words; before or after is null when added or removed. */
// 판매 이력 uploads (GET/POST /api/sales-history...).
export interface SalesHistoryProblem { row: number; other_row?: number; column: string; severity: 'error' | 'warning'; code: string; message: string }
export interface SalesHistoryProduct { sku: string; name: string; is_set: boolean; rows: number; qty: number; first_day: string; last_day: string; replaces: { rows: number; qty: number; batches: number[] } }
export interface SalesHistoryBatch {
  id: number; file_name: string; format: string; status: 'previewed' | 'applied' | 'undone';
  period: { first: string | null; last: string | null }; summary: { rows: number; valid: number; warnings: number; errors: number };
  qty_total: number; standing_rows: number; can_apply: boolean;
  uploaded_by: { id: number; name: string } | null; uploaded_at: string;
  applied_by: { id: number; name: string } | null; applied_at: string | null;
  undone_by: { id: number; name: string } | null; undone_at: string | null;
  problems?: SalesHistoryProblem[]; rows?: { sku: string; name: string; day: string; qty: number; is_set: boolean }[];
  products?: SalesHistoryProduct[]; replaces?: { rows: number; qty: number }; replaced?: { rows: number; qty: number };
}
export interface ProductSalesHistory { sku: string; days: { day: string; qty: number; batch_id: number }[]; total: number; first_day: string | null; last_day: string | null }

export interface AuditChange { field: string; label: string; before: string | null; after: string | null }
/** An audit row: the stored values, and the server's Korean rendering (label, target, summary, changes). */
export interface AuditEntry {
  id: number; at?: string; created_at?: string; user?: { id: number; name: string } | null;
  user_id?: number | null; kind: string; entity?: string | null; entity_id?: string | number | null;
  label?: string; target?: string; summary?: string | null; changes?: AuditChange[];
  before?: unknown; after?: unknown; ip?: string | null;
}

// 알림 (the alert centre): GET /api/alerts, /api/alerts/history, /api/alerts/settings.
export type AlertKind = 'order' | 'stockout' | 'overstock' | 'expiry';
export interface AlertRow {
  id: number; kind: AlertKind; kind_label: string; severity: 'info' | 'warning' | 'critical';
  title: string; message: string; qty: number; value: number; day: string | null;
  opened_at: string; updated_at: string; acked_at: string | null; acked_by: string | null;
  snoozed_until: string | null; snoozed: boolean; closed_at: string | null; close_reason: string | null;
  sku: string; name: string;
}
export interface AlertList { alerts: AlertRow[]; counts: Record<AlertKind, number>; total: number; snoozed: number }
export interface AlertSettingsData {
  digest_hour: number; digest_enabled: boolean; immediate_enabled: boolean;
  webhook_url: string; webhook_url_set: boolean; smtp_url: string; smtp_from: string; smtp_to: string;
  smtp_user: string; smtp_password_set: boolean; kinds: Record<AlertKind, boolean>; updated_at: string | null;
}
export interface AlertDelivery {
  id: number; kind: 'alert' | 'digest' | 'test'; channel: 'webhook' | 'email'; alert_id: number | null;
  digest_date: string | null; status: 'pending' | 'sent' | 'failed'; attempts: number; error: string | null;
  created_at: string; sent_at: string | null; next_at: string | null;
}
/** What a planning figure could not be computed for: a stable code and the Korean reason. */
export interface PlanProblem { code: string; message: string; figures: string[] }
/** One product's row of GET /api/stock (docs/api.md). Values at 매입 단가 only for managers. */
export interface StockRow {
  sku: string; name: string; kind: 'single' | 'set'; supplier_id: number | null; supplier: string; category: string;
  has_expiry: boolean; on_hand: number; available: number; lead_time_days: number | null;
  safety_stock_rule: string; moq: number; order_multiple: number | null; planned: boolean;
  unit_cost?: number; forecast_30?: number | null; forecast_60?: number | null; forecast_90?: number | null;
  demand_basis?: 'forecast' | 'monthly_demand' | null; monthly_demand?: number | null; forecast_run_id?: number | null;
  safety_stock?: number | null;
  safety?: { rule: string; qty: number | null; basis: string | null; text: string; manual_qty: number; service_level: number; quantile?: number; extrapolated?: boolean; fallback?: boolean };
  depletion_date?: string | null; below_safety_date?: string | null; stockout_risk?: boolean | null; stockout_text?: string; open_qty?: number | null;
  reorder_needed?: boolean | null; reorder_date?: string | null; reorder_urgency?: 'later' | 'today' | 'overdue' | null; timing_text?: string;
  arrives_after_depletion?: boolean | null;
  suggested_qty?: number | null; suggestion_text?: string; expected_arrival?: string | null;
  overstock_qty?: number | null; overstock_alert?: boolean; overstock_value?: number | null; overstock_text?: string;
  expiry_near_qty?: number | null; expiry_near_lots?: number | null; expiry_risk_qty?: number | null; expiry_risk_value?: number | null; expiry_judged?: boolean | null;
  overridden?: boolean; problems: PlanProblem[];
}
export interface StockView { date: string; run: { id: number; finished_at: string } | null; settings: PlanSettings; items: StockRow[]; total: number }
export interface PlanSettings { order_alert_days: number; expiry_alert_days: number; review_days: number; service_level: number }
/** One product of the suggested order sheet (GET /api/purchase-orders/suggested). */
export interface SuggestedItem {
  sku: string; name: string; qty: number; computed_qty: number; need: number; moq: number; order_multiple: number | null;
  moq_applied: boolean; multiple_applied: boolean; lead_time_days: number; expected_arrival: string | null;
  reorder_date: string | null; reorder_urgency: 'later' | 'today' | 'overdue' | null; depletion_date: string | null;
  on_hand: number; open_qty: number; safety_stock: number; forecast_30: number; overridden: boolean;
  why: string; timing_text: string; unit_cost?: number; amount?: number;
}
export interface SuggestedGroup { supplier_id: number | null; supplier: string; items: SuggestedItem[]; total_qty: number; total_amount?: number }
export interface SuggestedSheet { date: string; settings: PlanSettings; groups: SuggestedGroup[]; total_items: number; run: { id: number; finished_at: string } | null }
