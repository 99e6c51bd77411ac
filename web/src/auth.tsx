// Session state for the whole app: who is logged in, their role, login/logout. A 401 from
// any request clears the session, and the router then shows the login page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrf, setUnauthenticatedHandler, type Role, type Session, type User } from './api';
import { liveClose } from './live';

const RANK: Record<Role, number> = { viewer: 0, staff: 1, manager: 2, master: 3 };

export function atLeast(user: User | null, role: Role): boolean {
  return !!user && (RANK[user.role] ?? -1) >= RANK[role];
}

interface AuthState {
  user: User | null;
  ready: boolean;
  expired: boolean;
  login: (login: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  can: (role: Role) => boolean;
}

const Ctx = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setUser((u) => { if (u) setExpired(true); return null; });
      setCsrf('');
      liveClose(); // the server ended the session: no stream is kept for it
    });
    api.get<Session>('/api/session', undefined, { quiet401: true })
      .then((s) => { setCsrf(s.csrf_token); setUser(s.user); })
      .catch(() => setUser(null))
      .finally(() => setReady(true));
    return () => setUnauthenticatedHandler(null);
  }, []);

  const login = useCallback(async (loginName: string, password: string) => {
    const s = await api.post<Session>('/api/session', { login: loginName, password }, { quiet401: true });
    setCsrf(s.csrf_token);
    setExpired(false);
    setUser(s.user);
  }, []);

  const logout = useCallback(async () => {
    liveClose(); // a logged-out tab keeps no stream (the server ends it too)
    try { await api.del('/api/session'); } catch { /* already gone */ }
    setCsrf('');
    setUser(null);
  }, []);

  const value = useMemo<AuthState>(() => ({
    user, ready, expired, login, logout, can: (r: Role) => atLeast(user, r),
  }), [user, ready, expired, login, logout]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
