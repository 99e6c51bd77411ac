// What the board shows, kept fresh: GET /api/stock and GET /api/alerts when the screen
// opens and again ~300 ms after a live change (several changes in a burst refetch once),
// and the SKUs of the chosen category. The previous answer stays on screen while the next
// one loads, so that the table keeps its rows, sort and scroll.
import { useEffect, useRef, useState } from 'react';
import { api, type AlertList, type List, type Product, type StockView } from '../api';
import { useLive, useLiveVersion, type LiveEvent } from '../live';
import { useShowError } from '../util';

const DEBOUNCE_MS = 300;
const NOTE_MS = 60000;

/** Calls fn once `deps` have stood still for DEBOUNCE_MS (the first call at once). */
function useDebouncedEffect(fn: () => void, deps: unknown[]) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; fn(); return undefined; }
    const h = setTimeout(fn, DEBOUNCE_MS);
    return () => clearTimeout(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}

/** Every active product of a category (pages of 1,000), as a set of SKUs. */
async function categorySkus(category: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (let offset = 0; ; offset += 1000) {
    const r = await api.get<List<Product>>('/api/products', { category, status: 'active', limit: 1000, offset });
    r.items.forEach((p) => out.add(p.sku));
    if (r.items.length < 1000 || out.size >= r.total) return out;
  }
}

export interface BoardData {
  view: StockView | null; alerts: AlertList | null; loading: boolean;
  catSkus: Set<string> | null; lastChange: LiveEvent | null;
}

export function useBoardData(category: string | undefined): BoardData {
  const showError = useShowError();
  const stockV = useLiveVersion('stock');
  const alertV = useLiveVersion('alerts');
  const [view, setView] = useState<StockView | null>(null);
  const [alerts, setAlerts] = useState<AlertList | null>(null);
  const [loading, setLoading] = useState(true);
  const [catSkus, setCatSkus] = useState<Set<string> | null>(null);
  const [lastChange, setLastChange] = useState<LiveEvent | null>(null);
  const seq = useRef({ stock: 0, alerts: 0, cat: 0 });

  useLive((e) => { if (e.topic === 'stock') setLastChange(e); });
  // "방금 바뀜" says just now: the note goes after a minute.
  useEffect(() => {
    if (!lastChange) return undefined;
    const h = setTimeout(() => setLastChange(null), NOTE_MS);
    return () => clearTimeout(h);
  }, [lastChange]);

  useDebouncedEffect(() => {
    const my = ++seq.current.stock;
    setLoading(true);
    api.get<StockView>('/api/stock')
      .then((v) => { if (my === seq.current.stock) setView(v); })
      .catch((e) => { if (my === seq.current.stock) showError(e); })
      .finally(() => { if (my === seq.current.stock) setLoading(false); });
  }, [stockV]);

  useDebouncedEffect(() => {
    const my = ++seq.current.alerts;
    api.get<AlertList>('/api/alerts')
      .then((a) => { if (my === seq.current.alerts) setAlerts(a); })
      .catch(() => { /* the tile keeps its last count; the stock answer shows errors */ });
  }, [alertV, stockV]);

  useEffect(() => {
    const my = ++seq.current.cat;
    if (!category) { setCatSkus(null); return; }
    categorySkus(category)
      .then((s) => { if (my === seq.current.cat) setCatSkus(s); })
      .catch((e) => { if (my === seq.current.cat) showError(e); });
  }, [category, stockV, showError]);

  return { view, alerts, loading, catSkus, lastChange };
}
