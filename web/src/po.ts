// Purchase orders (발주) as the server answers them (docs/api.md), the status colours every
// screen shares, and the key that makes a receive request safe to retry.

export type PoStatus = 'draft' | 'ordered' | 'partial' | 'received' | 'cancelled';
type Who = { id: number; name: string } | null;

export interface PoLine {
  id: number; line_no: number; sku: string; name: string; has_expiry: boolean;
  qty: number; received_qty: number; remaining_qty: number; unit_cost: number; amount: number;
  expected_date: string | null; own_expected_date: string | null;
}

export interface PoReceipt {
  id: number; key: string; date: string; lead_time_days: number; user: Who; created_at: string; memo: string;
  lines: { receipt_id: number; line_id: number; sku: string; name: string; qty: number; lot: string | null; expiry: string | null; movement_id: number }[];
}

export interface PurchaseOrder {
  id: number; status: PoStatus; status_label: string; supplier: { id: number; name: string };
  order_date: string | null; expected_date: string | null; memo: string; close_reason: string | null; closed_short: boolean;
  created_by: Who; ordered_by: Who; ordered_at: string | null; closed_by: Who; closed_at: string | null;
  created_at: string; updated_at: string;
  line_count: number; total_qty: number; received_qty: number; remaining_qty: number; total_amount: number; first_item: string | null;
  lines?: PoLine[]; receipts?: PoReceipt[];
  /** With ?sku=: that product's line of the order. */
  line?: { id: number; qty: number; received_qty: number; remaining_qty: number; unit_cost: number; expected_date: string | null } | null;
}

export interface LeadStats { n: number; ignored: number; median: number; min: number; max: number; p25: number; p75: number }
export interface LeadGroup { count: number; stats: LeadStats | null; status: string; message?: string; supplier_id?: number; supplier?: string }
export interface LeadTimes {
  sku: string; name: string; lead_time_days: number | null; lead_time_source: 'product' | 'supplier' | 'none';
  supplier_id: number | null; all: LeadGroup; by_supplier: LeadGroup[];
  suggested: { days: number; basis: 'supplier' | 'all'; supplier_id?: number } | null;
  observations: { po_id: number; supplier_id: number; supplier: string; order_date: string; received_date: string; days: number }[];
}

export const PO_STATUS_COLOR: Record<PoStatus, string> = {
  draft: 'default', ordered: 'blue', partial: 'gold', received: 'green', cancelled: 'red',
};

/** A fresh Idempotency-Key for one receive dialog: a retry of the same request reuses it, so
 * the server recognises it instead of receiving twice. getRandomValues works on plain http
 * too (a phone on the shop's network), where randomUUID does not. */
export function newReceiveKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return `rcv-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** Days from today (KST) to a business date; negative when it has passed. */
export function daysUntil(date: string | null | undefined, today: string): number | null {
  if (!date) return null;
  const a = Date.parse(`${date}T00:00:00Z`), b = Date.parse(`${today}T00:00:00Z`);
  return Number.isNaN(a) || Number.isNaN(b) ? null : Math.round((a - b) / 86400000);
}
