// Live updates from the server: one EventSource per tab on GET /api/live (server-sent
// events), shared by every screen that listens. The server sends an event per committed
// change of an organisation's data; a screen refetches what it shows. After a dropped
// connection the browser reconnects by itself, and listeners get a `resync` event so that
// they refetch whatever they may have missed.
import { useEffect, useRef, useState } from 'react';

/** What changed. `stock`: on-hand, lots, open orders, products or planning inputs
 *  (movements, imports, receipts, reversals, product edits, a finished forecast run,
 *  overrides, settings); `alerts`: the open alerts; `resync`: the connection was
 *  (re)opened, refetch everything. */
export type LiveTopic = 'stock' | 'alerts' | 'resync';

export interface LiveEvent {
  topic: LiveTopic;
  /** The organisation's change counter after this change (grows by one per commit). */
  version: number;
  /** SKUs whose figures may have changed; empty when unknown or many. */
  skus: string[];
  /** What did it, e.g. `movement`, `import`, `receipt`, `forecast_run` (for messages). */
  cause: string;
  /** Display name of the member who did it, null for the server itself. */
  by: string | null;
}

type Listener = (e: LiveEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;

function dispatch(topic: LiveTopic, raw: string) {
  let d: Partial<LiveEvent> = {};
  try { d = JSON.parse(raw || '{}'); } catch { /* keep the defaults */ }
  const ev: LiveEvent = { topic, version: d.version ?? 0, skus: d.skus ?? [], cause: d.cause ?? '', by: d.by ?? null };
  for (const l of [...listeners]) l(ev);
}

function open() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/live');
  // The first hello only confirms the stream: the screens fetched when they mounted. A
  // later one follows a reconnect, after which anything may have been missed.
  let first = true;
  source.addEventListener('hello', (m) => {
    if (first) { first = false; return; }
    dispatch('resync', (m as MessageEvent).data);
  });
  source.addEventListener('stock', (m) => dispatch('stock', (m as MessageEvent).data));
  source.addEventListener('alerts', (m) => dispatch('alerts', (m as MessageEvent).data));
}

function close() {
  source?.close();
  source = null;
}

/** Subscribes to live events while mounted. The callback sees every topic; the stream is
 *  opened by the first subscriber and closed after the last one leaves. */
export function useLive(onEvent: Listener): void {
  const cb = useRef(onEvent);
  cb.current = onEvent;
  useEffect(() => {
    const l: Listener = (e) => cb.current(e);
    listeners.add(l);
    open();
    return () => {
      listeners.delete(l);
      if (listeners.size === 0) close();
    };
  }, []);
}

/** A number that grows whenever `topic` (or a resync) arrives: put it in an effect's
 *  dependencies to refetch. */
export function useLiveVersion(topic: Exclude<LiveTopic, 'resync'>): number {
  const [n, setN] = useState(0);
  useLive((e) => { if (e.topic === topic || e.topic === 'resync') setN((x) => x + 1); });
  return n;
}

/** Closes the stream, e.g. on logout (the next subscriber opens it again). */
export function liveClose(): void { close(); }
