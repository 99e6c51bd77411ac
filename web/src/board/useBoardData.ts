// What the board shows, kept fresh: GET /api/stock and GET /api/alerts when the screen
// opens and again ~300 ms after a live change (several changes in a burst refetch once).
// The previous answer stays on screen while the next one loads, so that the table keeps its
// rows, sort and scroll.
import { useEffect, useRef, useState } from 'react';
import { api, type AlertList, type StockView } from '../api';
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

export interface BoardData {
  view: StockView | null; alerts: AlertList | null; loading: boolean;
  lastChange: LiveEvent | null;
}

export function useBoardData(): BoardData {
  const showError = useShowError();
  const stockV = useLiveVersion('stock');
  const alertV = useLiveVersion('alerts');
  const [view, setView] = useState<StockView | null>(null);
  const [alerts, setAlerts] = useState<AlertList | null>(null);
  const [loading, setLoading] = useState(true);
  const [lastChange, setLastChange] = useState<LiveEvent | null>(null);
  const seq = useRef({ stock: 0, alerts: 0 });

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

  return { view, alerts, loading, lastChange };
}
