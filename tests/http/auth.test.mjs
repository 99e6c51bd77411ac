// auth.test.mjs — login, logout, the session cookie, CSRF, own password change, and the
// failed-login throttle: every bad input answers the right status with a Korean message
// and changes nothing. The server trusts X-Forwarded-For here so that each test can play
// a different client address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hangul = /[가-힣]/;
let srv;
let ipSeq = 0;
const freshIp = () => `198.51.100.${++ipSeq}`;

// A login attempt from address ip, with a fresh (cookie-less) client.
async function attempt(login, password, ip) {
  const c = srv.client();
  const res = await c.post('/api/session', { login, password }, { 'X-Forwarded-For': ip });
  return { c, res };
}

function sql(statement) {
  const r = spawnSync('sqlite3', [srv.db, statement], { encoding: 'utf8' });
  if (r.error) return null; // no sqlite3 command on this machine
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

before(async () => {
  srv = await startServer({ args: ['--trust-proxy'] });
  await srv.addUser({ login: 'boss', role: 'master', password: 'password-123', org: '가게A', name: '사장님' });
  await srv.addUser({ login: 'kim', role: 'staff', password: 'password-kim', org: '가게A', name: '김직원' });
  for (const l of ['brute', 'lee', 'park', 'choi', 'jung', 'han', 'ohsu']) {
    await srv.addUser({ login: l, role: 'viewer', password: `password-${l}`, org: '가게A' });
  }
});
after(async () => { await srv.stop(); });

test('login sets an HttpOnly SameSite=Lax cookie and returns the member and a CSRF token', async () => {
  const c = srv.client();
  const res = await c.post('/api/session', { login: 'boss', password: 'password-123' });
  assert.equal(res.status, 200);
  assert.equal(res.json.user.login, 'boss');
  assert.equal(res.json.user.role, 'master');
  assert.equal(res.json.user.name, '사장님');
  assert.match(res.json.csrf_token, /^[0-9a-f]{64}$/);
  assert.equal(res.json.user.pw_hash, undefined);
  const cookie = res.headers.get('set-cookie');
  assert.match(cookie, /jaego_session=[0-9a-f]{64}/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.doesNotMatch(cookie, /Secure/);
  const me = await c.get('/api/session');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.id, res.json.user.id);
  assert.equal(me.json.csrf_token, res.json.csrf_token);
});

test('logins are case-insensitive', async () => {
  const { res } = await attempt('BOSS', 'password-123', freshIp());
  assert.equal(res.status, 200);
  assert.equal(res.json.user.login, 'boss');
});

test('behind a TLS proxy the cookie is Secure', async () => {
  const c = srv.client();
  const res = await c.post('/api/session', { login: 'boss', password: 'password-123' },
    { 'X-Forwarded-Proto': 'https' });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('set-cookie'), /Secure/);
});

test('wrong password and unknown login get the same 401 and no cookie', async () => {
  const ip = freshIp();
  const wrong = (await attempt('lee', 'not-the-password', ip)).res;
  const unknown = (await attempt('nobody-at-all', 'not-the-password', ip)).res;
  for (const res of [wrong, unknown]) {
    assert.equal(res.status, 401);
    assert.equal(res.json.error.code, 'login_failed');
    assert.match(res.json.error.message, hangul);
    assert.equal(res.headers.get('set-cookie'), null);
  }
  assert.equal(wrong.text, unknown.text);
});

test('a disabled account cannot log in; a wrong password for it looks like any other', async () => {
  const boss = await srv.login('boss', 'password-123');
  const list = await boss.get('/api/users');
  const ohsu = list.json.items.find((u) => u.login === 'ohsu');
  assert.equal((await boss.patch(`/api/users/${ohsu.id}`, { active: false })).status, 200);
  const ip = freshIp();
  const right = (await attempt('ohsu', 'password-ohsu', ip)).res;
  assert.equal(right.status, 403);
  assert.equal(right.json.error.code, 'account_disabled');
  assert.match(right.json.error.message, hangul);
  assert.equal(right.headers.get('set-cookie'), null);
  const wrong = (await attempt('ohsu', 'password-wrong', ip)).res;
  assert.equal(wrong.status, 401);
  assert.equal(wrong.json.error.code, 'login_failed');
  assert.equal((await boss.patch(`/api/users/${ohsu.id}`, { active: true })).status, 200);
  assert.equal((await attempt('ohsu', 'password-ohsu', freshIp())).res.status, 200);
});

test('no cookie, a forged cookie or a malformed cookie is 401 unauthenticated', async () => {
  const cookies = [null, `jaego_session=${'ab'.repeat(32)}`, 'jaego_session=../../etc/passwd',
    "jaego_session=' OR '1'='1", `jaego_session=${'a'.repeat(5000)}`];
  for (const cookie of cookies) {
    const c = srv.client();
    const res = await c.raw('/api/session', { headers: cookie ? { Cookie: cookie } : {} });
    assert.equal(res.status, 401, String(cookie).slice(0, 40));
    assert.equal(res.json.error.code, 'unauthenticated');
    assert.match(res.json.error.message, hangul);
  }
});

test('an expired session (idle or too old) is refused and removed', async (t) => {
  const c = await srv.login('park', 'password-park');
  const idle = sql(`UPDATE sessions SET last_seen = last_seen - 9*3600
    WHERE user_id = (SELECT id FROM users WHERE login = 'park')`);
  if (idle === null) { t.skip('no sqlite3 command'); return; }
  assert.equal((await c.get('/api/session')).status, 401);
  assert.equal(sql(`SELECT COUNT(*) FROM sessions
    WHERE user_id = (SELECT id FROM users WHERE login = 'park')`), '0');
  const c2 = await srv.login('park', 'password-park');
  sql(`UPDATE sessions SET created_at = created_at - 8*86400
    WHERE user_id = (SELECT id FROM users WHERE login = 'park')`);
  assert.equal((await c2.get('/api/session')).status, 401);
});

test('logout ends the session and clears the cookie', async () => {
  const c = await srv.login('lee', 'password-lee');
  const saved = c.cookie;
  const res = await c.del('/api/session');
  assert.equal(res.status, 204);
  assert.match(res.headers.get('set-cookie'), /jaego_session=;/);
  const again = srv.client();
  assert.equal((await again.raw('/api/session', { headers: { Cookie: saved } })).status, 401);
});

test('state-changing requests without the right CSRF token are 403 and change nothing', async () => {
  const c = await srv.login('boss', 'password-123');
  const body = { login: 'csrf-victim', name: '가짜', role: 'master', password: 'password-999' };
  for (const token of [undefined, '', 'x'.repeat(64), c.csrf.slice(0, 63), c.csrf.toUpperCase()]) {
    const headers = { 'Content-Type': 'application/json', Cookie: c.cookie };
    if (token !== undefined) headers['X-CSRF-Token'] = token;
    const res = await c.raw('/api/users', { method: 'POST', headers, body: JSON.stringify(body) });
    assert.equal(res.status, 403);
    assert.equal(res.json.error.code, 'csrf_failed');
    assert.match(res.json.error.message, hangul);
  }
  // Logout without the token does not log out either.
  const out = await c.raw('/api/session', { method: 'DELETE', headers: { Cookie: c.cookie } });
  assert.equal(out.status, 403);
  assert.equal((await c.get('/api/session')).status, 200);
  const list = await c.get('/api/users');
  assert.ok(!list.json.items.some((u) => u.login === 'csrf-victim'));
  // Another session's token does not work either.
  const other = await srv.login('boss', 'password-123');
  const res = await c.post('/api/users', body, { 'X-CSRF-Token': other.csrf });
  assert.equal(res.status, 403);
});

test('changing one\'s own password: checks, then other sessions end', async () => {
  const a = await srv.login('choi', 'password-choi');
  const b = await srv.login('choi', 'password-choi');
  let res = await a.put('/api/session/password', { current_password: 'wrong-password', new_password: 'new-password-1' });
  assert.equal(res.status, 400);
  assert.equal(res.json.error.details[0].field, 'current_password');
  assert.equal(res.json.error.details[0].code, 'wrong_password');
  assert.match(res.json.error.message, hangul);
  res = await a.put('/api/session/password', { current_password: 'password-choi', new_password: 'short' });
  assert.equal(res.status, 400);
  assert.equal(res.json.error.details[0].field, 'new_password');
  res = await a.put('/api/session/password', { current_password: 'password-choi', new_password: 'x'.repeat(300) });
  assert.equal(res.status, 400);
  res = await a.put('/api/session/password', { current_password: 'password-choi' });
  assert.equal(res.status, 400);
  res = await a.put('/api/session/password', { current_password: 'password-choi', new_password: 'new-password-1', role: 'master' });
  assert.equal(res.status, 400);
  assert.equal(res.json.error.details[0].code, 'unknown_field');
  assert.equal((await b.get('/api/session')).status, 200, 'failed attempts change nothing');

  res = await a.put('/api/session/password', { current_password: 'password-choi', new_password: 'new-password-1' });
  assert.equal(res.status, 204);
  assert.equal((await a.get('/api/session')).status, 200, 'the session used stays');
  assert.equal((await b.get('/api/session')).status, 401, 'other sessions end');
  assert.equal((await attempt('choi', 'password-choi', freshIp())).res.status, 401);
  assert.equal((await attempt('choi', 'new-password-1', freshIp())).res.status, 200);
});

test('SQL metacharacters and very long strings in the login form', async () => {
  const ip = freshIp();
  const cases = [
    [{ login: "' OR '1'='1", password: "' OR '1'='1" }, 401],
    [{ login: "boss'--", password: 'x' }, 401],
    [{ login: 'boss', password: "password-123' OR 1=1 --" }, 401],
    [{ login: 'boss"; DROP TABLE users; --', password: 'password-123' }, 401],
    [{ login: 'a'.repeat(101), password: 'password-123' }, 400],
    [{ login: 'a'.repeat(10000), password: 'password-123' }, 400],
    [{ login: 'boss', password: 'p'.repeat(257) }, 400],
    [{ login: 'boss', password: 'p'.repeat(100000) }, 413],
    [{ login: 'boss' }, 400],
    [{ password: 'password-123' }, 400],
    [{ login: 12, password: 'password-123' }, 400],
    [{ login: 'boss', password: ['password-123'] }, 400],
    [{ login: 'boss', password: 'password-123', role: 'master' }, 400],
  ];
  for (const [body, status] of cases) {
    const c = srv.client();
    const res = await c.post('/api/session', body, { 'X-Forwarded-For': ip });
    assert.equal(res.status, status, JSON.stringify(body).slice(0, 80));
    assert.match(res.json.error.message, hangul);
    assert.equal(res.headers.get('set-cookie'), null);
  }
  const c = srv.client();
  for (const [raw, status] of [['not json', 400], ['[1,2]', 400], ['', 400]]) {
    const res = await c.raw('/api/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': ip }, body: raw,
    });
    assert.equal(res.status, status, raw);
  }
  const form = await c.raw('/api/session', { method: 'POST', body: 'login=boss&password=password-123',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': ip } });
  assert.equal(form.status, 415);
  // The members are all still there and the master still logs in.
  const boss = await srv.login('boss', 'password-123');
  assert.ok((await boss.get('/api/users')).json.items.length >= 9);
});

// Makes wrong attempts for login from ip, waiting out each slow-down, until the key locks.
// Returns the statuses seen, in order.
async function failUntilLocked(login, ip) {
  const seen = [];
  for (let i = 0; i < 12; i++) {
    const { res } = await attempt(login, 'definitely-wrong', ip);
    seen.push(res.status);
    if (res.status === 429) {
      const wait = Number(res.headers.get('retry-after'));
      assert.ok(wait >= 1, 'Retry-After is a number of seconds');
      if (wait > 60) return { seen, res };
      await sleep(wait * 1000 + 50);
    }
  }
  assert.fail(`never locked: ${seen}`);
}

test('brute force on one login: slowed after 3 failures, locked after 5, same for unknown logins', async () => {
  const known = await failUntilLocked('brute', freshIp());
  const unknown = await failUntilLocked('brute-nobody', freshIp());
  // 401 x3, then a 429 (wait 1 s), 401, 429 (wait 2 s), 401 (the 5th failure), 429 locked.
  assert.deepEqual(known.seen, [401, 401, 401, 429, 401, 429, 401, 429]);
  assert.deepEqual(unknown.seen, known.seen, 'an unknown login is throttled the same way');
  for (const { res } of [known, unknown]) {
    assert.equal(res.json.error.code, 'too_many_attempts');
    assert.match(res.json.error.message, /분 후에 다시 시도/);
    const wait = Number(res.headers.get('retry-after'));
    assert.ok(wait > 14 * 60 && wait <= 15 * 60, `locked 15 minutes, Retry-After ${wait}`);
  }
  assert.equal(known.res.json.error.message.replace(/\d+/g, 'N'),
    unknown.res.json.error.message.replace(/\d+/g, 'N'));
  // Locked means locked: the right password from another address does not get in either.
  const right = (await attempt('brute', 'password-brute', freshIp())).res;
  assert.equal(right.status, 429);
  assert.equal(right.headers.get('set-cookie'), null);
  // Other logins are not affected.
  assert.equal((await attempt('jung', 'password-jung', freshIp())).res.status, 200);
  // The failures are in the audit log, for the master of the organisation.
  const boss = await srv.login('boss', 'password-123');
  const log = await boss.get('/api/audit?kind=session.login_failed&limit=1000');
  assert.equal(log.status, 200);
  assert.ok(log.json.items.filter((i) => i.after && i.after.login === 'brute').length >= 5);
  assert.ok(!log.json.items.some((i) => i.after && i.after.login === 'brute-nobody'),
    'an unknown login belongs to no organisation');
  const locked = await boss.get('/api/audit?kind=session.locked');
  assert.equal(locked.json.items.filter((i) => i.after.login === 'brute').length, 1, 'one lock, one entry');
});

test('brute force from one address over many logins: the address is slowed down', async () => {
  const ip = freshIp();
  for (let i = 0; i < 9; i++) {
    const { res } = await attempt(`spray-${i}`, 'password-123', ip);
    assert.equal(res.status, 401);
  }
  const tenth = (await attempt('spray-9', 'password-123', ip)).res;
  assert.equal(tenth.status, 401);
  const res = (await attempt('han', 'password-han', ip)).res;
  assert.equal(res.status, 429, 'even a right password waits');
  assert.ok(Number(res.headers.get('retry-after')) >= 1);
  assert.match(res.json.error.message, hangul);
  // Another address is not affected.
  assert.equal((await attempt('han', 'password-han', freshIp())).res.status, 200);
});

test('a successful login forgets the login\'s earlier failures', async () => {
  const ip = freshIp();
  assert.equal((await attempt('kim', 'wrong-1', ip)).res.status, 401);
  assert.equal((await attempt('kim', 'wrong-2', ip)).res.status, 401);
  assert.equal((await attempt('kim', 'password-kim', ip)).res.status, 200);
  assert.equal((await attempt('kim', 'wrong-3', ip)).res.status, 401);
  assert.equal((await attempt('kim', 'wrong-4', ip)).res.status, 401);
  assert.equal((await attempt('kim', 'password-kim', ip)).res.status, 200, 'not slowed: the count restarted');
});

test('without --trust-proxy a forged X-Forwarded-For does not escape the address throttle', async () => {
  const plain = await startServer();
  try {
    await plain.addUser({ login: 'boss', role: 'master', password: 'password-123' });
    const tryFrom = (login, password, i) => plain.client().post('/api/session', { login, password },
      { 'X-Forwarded-For': `203.0.113.${i}` });
    for (let i = 0; i < 10; i++) assert.equal((await tryFrom(`spray-${i}`, 'password-123', i)).status, 401);
    const res = await tryFrom('boss', 'password-123', 99);
    assert.equal(res.status, 429, 'all attempts came from the one real address');
  } finally {
    await plain.stop();
  }
});

test('simultaneous guesses cannot slip past the throttle', async () => {
  const ip = freshIp();
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    attempt('lee', `guess-${i}`, ip).then(({ res }) => res.status)));
  const checked = results.filter((s) => s === 401).length;
  const refused = results.filter((s) => s === 429).length;
  assert.equal(checked + refused, 20, String(results));
  assert.ok(checked <= 4, `only the first few guesses are checked, got ${checked}`);
});
