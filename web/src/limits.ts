// The server's text limits (GET /api/limits): every form takes its maxLength from here, so a
// form never allows more or less than the server checks. Fetched once per page load and
// shared; until the answer arrives (or if it fails) fields have no maxLength and the
// server's own check, with its Korean message, still applies.
import { useEffect, useState } from 'react';
import { api } from './api';

export interface Limit { max: number; unit: 'chars' | 'bytes' }
export type Limits = Record<string, Limit>;

let cached: Limits | null = null;
let pending: Promise<Limits> | null = null;

function load(): Promise<Limits> {
  if (!pending) {
    pending = api.get<Limits>('/api/limits', undefined, { quiet401: true })
      .then((l) => { cached = l; return l; })
      .catch((e) => { pending = null; throw e; });
  }
  return pending;
}

/** The limits table; null until it has been loaded. */
export function useLimits(): Limits | null {
  const [limits, setLimits] = useState<Limits | null>(cached);
  useEffect(() => {
    if (cached) return;
    let live = true;
    load().then((l) => { if (live) setLimits(l); }).catch(() => undefined);
    return () => { live = false; };
  }, []);
  return limits;
}

/** maxLength for one field ("product.name"); undefined until the table is known. */
export function maxLen(limits: Limits | null, key: string): number | undefined {
  return limits?.[key]?.max;
}
