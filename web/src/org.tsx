// The member's organisation (GET /api/org): its name for the frame, and whether stock may go
// below zero. Kept in one context so the 회사 설정 screen's save shows at once in the sider.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './api';
import { useAuth } from './auth';

export interface Org { id: number; name: string; allow_negative_stock: boolean; created_at?: string; forecast_hour?: number }

interface OrgState { org: Org | null; setOrg: (o: Org) => void; reload: () => void }

const Ctx = createContext<OrgState>({ org: null, setOrg: () => undefined, reload: () => undefined });

export function OrgProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const [org, setOrg] = useState<Org | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!user) { setOrg(null); return; }
    let live = true;
    // An older server without the route just leaves the name out of the frame.
    api.get<Org>('/api/org').then((o) => { if (live) setOrg(o); }).catch(() => { if (live) setOrg(null); });
    return () => { live = false; };
  }, [user, tick]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  const value = useMemo(() => ({ org, setOrg, reload }), [org, reload]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useOrg(): OrgState {
  return useContext(Ctx);
}
