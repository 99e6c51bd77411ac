// roles.test.mjs — the route × role matrix. Every route the server has (from
// `jaego routes --json`, the same table the dispatcher uses) is called with no session and
// as each role, sending a valid CSRF token so that only the role can stop the request:
//   no session        → 401 (public routes: never 401/403)
//   role below needed → 403
//   role enough       → anything but 401/403 (a 400/404 from the handler is "let through")
// A new route is covered as soon as it is in a table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli } from './lib.mjs';

const ROLES = ['viewer', 'staff', 'manager', 'master'];
const RANK = { public: 0, viewer: 1, staff: 2, manager: 3, master: 4 };
let srv;
let routes;
const clients = {};

// A dummy value for each path parameter: no row has it, so the handler answers 404/400.
const concrete = (pattern) => pattern.replace(/\{[^}]+\}/g, '0');

before(async () => {
  const out = runCli(['routes', '--json']);
  assert.equal(out.status, 0, out.stderr);
  routes = JSON.parse(out.stdout);
  srv = await startServer();
  for (const role of ROLES) {
    await srv.addUser({ login: `m-${role}`, role, password: 'password-123', org: '가게A' });
  }
});
after(async () => { await srv.stop(); });

async function clientFor(role) {
  if (!clients[role]) clients[role] = await srv.login(`m-${role}`, 'password-123');
  return clients[role];
}

// A stream (GET /api/live) never ends: its status line is the answer, then it is closed.
async function streamStatus(c, p) {
  const ac = new AbortController();
  const res = await fetch(srv.url + p, { headers: c.cookie ? { Cookie: c.cookie } : {}, signal: ac.signal });
  const text = res.status === 200 ? '' : await res.text();
  ac.abort();
  return { status: res.status, text };
}

async function call(c, route) {
  const path = concrete(route.pattern);
  if (route.method === 'GET' && route.pattern === '/api/live') return streamStatus(c, path);
  const hasBody = ['POST', 'PATCH', 'PUT'].includes(route.method);
  const headers = { 'X-CSRF-Token': c.csrf || 'no-session-token' };
  return c.request(route.method, path, hasBody ? {} : undefined, headers);
}

test('the route table is well formed', () => {
  assert.ok(routes.length >= 10, 'routes are listed');
  const seen = new Set();
  for (const r of routes) {
    assert.ok(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method), JSON.stringify(r));
    assert.ok(r.role in RANK, `${r.method} ${r.pattern}: unknown role ${r.role}`);
    const key = `${r.method} ${r.pattern}`;
    assert.ok(!seen.has(key), `declared twice: ${key}`);
    seen.add(key);
    if (r.pattern.startsWith('/api/') && r.role === 'public') {
      // Public API routes are few and named here, so that a new one is a decision.
      assert.ok(['GET /api/version', 'POST /api/session'].includes(key), `public API route: ${key}`);
    }
  }
});

test('every route answers each role exactly as declared', async () => {
  const problems = [];
  // Logging out would end the session used for the rest of the matrix: do it last.
  const ordered = [...routes].sort((a, b) =>
    Number(a.method === 'DELETE' && a.pattern === '/api/session') -
    Number(b.method === 'DELETE' && b.pattern === '/api/session'));
  for (const route of ordered) {
    const need = RANK[route.role];
    const label = `${route.method} ${route.pattern} (${route.role})`;
    const anon = await call(srv.client(), route);
    if (need === 0) {
      if (anon.status === 401 || anon.status === 403) problems.push(`${label}: no session got ${anon.status}`);
    } else if (anon.status !== 401) {
      problems.push(`${label}: no session got ${anon.status}, want 401`);
    }
    for (const role of ROLES) {
      const res = await call(await clientFor(role), route);
      const allowed = RANK[role] >= need;
      if (allowed && (res.status === 401 || res.status === 403)) {
        problems.push(`${label}: ${role} got ${res.status} ${res.text.slice(0, 120)}`);
      } else if (!allowed && res.status !== 403) {
        problems.push(`${label}: ${role} got ${res.status}, want 403`);
      }
      if (res.status >= 500) problems.push(`${label}: ${role} got ${res.status}`);
    }
  }
  assert.deepEqual(problems, []);
  for (const role of ROLES) delete clients[role]; // the last call logged them out
});

test('a master\'s session without the CSRF token cannot call any state-changing route', async () => {
  for (const route of routes) {
    if (RANK[route.role] === 0 || route.method === 'GET') continue;
    const c = await clientFor('master');
    const res = await c.raw(concrete(route.pattern), {
      method: route.method, headers: { 'Content-Type': 'application/json' }, body: '{}',
    });
    assert.equal(res.status, 403, `${route.method} ${route.pattern}`);
    assert.equal(res.json.error.code, 'csrf_failed');
  }
});

// Rows of the matrix that are decisions of the product document, not only of the table:
// manual corrections (예측 수정) are for managers and masters; staff and viewers get 403.
test('예측 수정 routes: manager and master only', async () => {
  const want = ['GET /api/products/{sku}/overrides', 'POST /api/products/{sku}/overrides',
    'POST /api/overrides/{id}/revert'];
  for (const key of want) {
    const route = routes.find((r) => `${r.method} ${r.pattern}` === key);
    assert.ok(route, `${key} is in the table`);
    assert.equal(route.role, 'manager', key);
    for (const role of ROLES) {
      const res = await call(await clientFor(role), route);
      assert.equal(res.status === 403, RANK[role] < RANK.manager, `${key} as ${role}: ${res.status}`);
    }
  }
});
