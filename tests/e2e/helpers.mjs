// Shared set-up for the browser tests: the real jaego server (tests/http/lib.mjs) on a
// temporary database with one member per role, and playwright-core driving Debian's
// chromium (never a downloaded browser). JAEGO_E2E_MOCK=1 runs the same tests against
// the in-memory stand-in (mock-server.mjs) while server routes are still missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SHOTS = process.env.JAEGO_SHOTS || path.join(os.tmpdir(), 'jaego-e2e');
fs.mkdirSync(SHOTS, { recursive: true });

export const ROLES = ['master', 'manager', 'staff', 'viewer'];
export const PASSWORD = 'password-123';
export const NAMES = { master: '김민지', manager: '이서연', staff: '박준호', viewer: '최알바' };

/** Starts the server with members boss/manager/staff/viewer (password PASSWORD). */
export async function startApp() {
  if (process.env.JAEGO_E2E_MOCK === '1') {
    const { createMock, makeState } = await import('./mock-server.mjs');
    const S = makeState();
    S.users = [];
    const server = createMock(S);
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${server.address().port}`;
    const app = {
      url, mock: true,
      async addUser({ login, role, password = PASSWORD, name }) {
        S.users.push({ id: S.nextUser++, login, name: name || login, role, active: true, created_at: new Date().toISOString(), password });
      },
      stop: () => new Promise((r) => server.close(r)),
    };
    await addRoleUsers(app);
    return app;
  }
  const lib = await import('../http/lib.mjs');
  if (!process.env.JAEGO_BIN) process.env.JAEGO_BIN = 'build/jaego';
  const srv = await lib.startServer();
  const app = { url: srv.url, mock: false, srv, addUser: (u) => srv.addUser({ org: '테스트상점', ...u }), stop: () => srv.stop() };
  await addRoleUsers(app);
  return app;
}

async function addRoleUsers(app) {
  for (const role of ROLES) {
    await app.addUser({ login: role === 'master' ? 'boss' : role, role, password: PASSWORD, name: NAMES[role] });
  }
}

export function loginOf(role) { return role === 'master' ? 'boss' : role; }

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** A fresh browser context (own cookies) at a given width; records page errors. */
export async function newPage(browser, { width = 1366, height = 860 } = {}) {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'ko-KR', timezoneId: 'Asia/Seoul', acceptDownloads: true });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.setDefaultTimeout(15000);
  return page;
}

export async function uiLogin(page, url, role, password = PASSWORD) {
  await page.goto(url + '/login');
  await page.waitForSelector('#login');
  await page.fill('#login', loginOf(role));
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.waitForSelector('[data-testid=user-chip]');
}

/** Does the server answer this route (anything but 404/405 with JSON error)? */
export async function hasRoute(app, method, p) {
  const res = await fetch(app.url + p, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
  // Without a session an existing route answers 401/403; a missing one 404/405.
  return res.status !== 404 && res.status !== 405;
}

export async function shot(page, name) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
