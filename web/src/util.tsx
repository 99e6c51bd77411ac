// Small shared pieces: error display, server field errors onto antd forms, server-side
// paged lists, categories/suppliers look-ups, page header.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { App, Tag, type FormInstance } from 'antd';
import { ApiError, api, type List, type Supplier } from './api';
import { t } from './i18n';

/** Shows an error's Korean message (as sent by the server) in a toast. */
export function useShowError(): (e: unknown) => void {
  const { message } = App.useApp();
  return useCallback((e: unknown) => {
    if (e instanceof ApiError) {
      if (e.status === 401) return; // the app is already going back to the login page
      void message.error(e.message || t.errors.unknown);
    } else {
      void message.error(t.errors.unknown);
    }
  }, [message]);
}

/**
 * Puts a validation_failed answer's {field,message} details under the form's fields.
 * Returns true when at least one field was found; otherwise the caller shows a toast.
 */
export function applyFieldErrors(form: FormInstance, e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  const fe = e.fieldErrors();
  if (!fe.length) return false;
  const known: { name: (string | number)[]; errors: string[] }[] = [];
  for (const f of fe) {
    // "components[1].qty" → ['components', 1, 'qty']
    const path = f.field.split(/[.[\]]/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    known.push({ name: path, errors: [f.message] });
  }
  try { form.setFields(known); } catch { return false; }
  return true;
}

export interface PageState { page: number; pageSize: number }

/**
 * A server-paged list: fetches {items,total} with limit/offset whenever deps change. unit
 * is the counter word of the total under the table (건, or 개 for products, 명 for members).
 */
export function usePaged<T>(path: string, query: Record<string, unknown>, initialSize = 50, unit = '건') {
  const [page, setPage] = useState<PageState>({ page: 1, pageSize: initialSize });
  const [data, setData] = useState<List<T>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const showError = useShowError();
  const key = JSON.stringify(query);
  const lastKey = useRef(key);
  const seq = useRef(0);

  useEffect(() => {
    // A filter change goes back to page 1.
    let p = page;
    if (lastKey.current !== key) {
      lastKey.current = key;
      if (page.page !== 1) { setPage({ ...page, page: 1 }); return; }
      p = { ...page, page: 1 };
    }
    const my = ++seq.current;
    setLoading(true);
    api.get<List<T> | T[]>(path, { ...(query as Record<string, string>), limit: p.pageSize, offset: (p.page - 1) * p.pageSize })
      .then((r) => {
        if (my !== seq.current) return;
        setData(Array.isArray(r) ? { items: r, total: r.length } : { items: r.items || [], total: r.total ?? (r.items || []).length });
      })
      .catch((e) => { if (my === seq.current) { setData({ items: [], total: 0 }); showError(e); } })
      .finally(() => { if (my === seq.current) setLoading(false); });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, key, page, tick]);

  return {
    ...data, loading, page,
    reload: () => setTick((x) => x + 1),
    pagination: {
      current: page.page, pageSize: page.pageSize, total: data.total, showSizeChanger: true,
      pageSizeOptions: [20, 50, 100, 200], showTotal: (n: number) => t.common.count(n.toLocaleString('ko-KR'), unit),
      onChange: (p: number, s: number) => setPage({ page: s !== page.pageSize ? 1 : p, pageSize: s }),
    },
  };
}

/** Distinct categories (server may answer a list of strings or {items}). */
export function useCategories(): string[] {
  const [cats, setCats] = useState<string[]>([]);
  useEffect(() => {
    api.get<unknown>('/api/categories').then((r) => {
      const arr = Array.isArray(r) ? r : ((r as { items?: unknown[] })?.items || []);
      setCats(arr.map((x) => (typeof x === 'string' ? x : String((x as { name?: string; category?: string }).name ?? (x as { category?: string }).category ?? ''))).filter(Boolean));
    }).catch(() => setCats([]));
  }, []);
  return cats;
}

/** Distinct manufacturers (제조사) in use, for the product form and the list filter. */
export function useManufacturers(): string[] {
  const [list, setList] = useState<string[]>([]);
  useEffect(() => {
    api.get<{ items?: string[] }>('/api/manufacturers')
      .then((r) => setList((r.items || []).filter(Boolean)))
      .catch(() => setList([]));
  }, []);
  return list;
}

export function useSuppliers(): [Supplier[], () => void] {
  const [list, setList] = useState<Supplier[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api.get<List<Supplier>>('/api/suppliers', { limit: 1000 })
      .then((r) => setList(r.items || []))
      .catch(() => setList([]));
  }, [tick]);
  return [list, () => setTick((x) => x + 1)];
}

export function useDebounced<T>(v: T, ms = 300): T {
  const [d, setD] = useState(v);
  useEffect(() => { const h = setTimeout(() => setD(v), ms); return () => clearTimeout(h); }, [v, ms]);
  return d;
}

export function PageHead({ title, extra, sub }: { title: ReactNode; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        {sub && <div className="muted" style={{ marginTop: 4 }}>{sub}</div>}
      </div>
      <span className="spacer" />
      {extra}
    </div>
  );
}

const TYPE_COLOR: Record<string, string> = { inbound: 'green', outbound: 'red', adjust: 'blue', reversal: 'default' };
export function MovementTag({ type }: { type: string }) {
  const label = (t.movement as unknown as Record<string, string>)[type] || type;
  return <Tag color={TYPE_COLOR[type] || 'default'}>{label}</Tag>;
}
