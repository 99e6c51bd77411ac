// audit.test.mjs — the audit log screen and exports: logins, logouts, failed logins and
// member changes are recorded with who, when and the values before and after; filters,
// paging, CSV (BOM, Korean headers, formula guard) and xlsx; masters only; one
// organisation never sees another's history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

const hangul = /[가-힣]/;
let srv;
let boss;
let bossB;

// Today's date in KST, as the server counts business days.
function kstDate(offsetDays = 0) {
  const t = new Date(Date.now() + 9 * 3600 * 1000 + offsetDays * 86400 * 1000);
  return t.toISOString().slice(0, 10);
}

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', password: 'password-123', org: '가게A', name: '사장님' });
  await srv.addUser({ login: 'kim', role: 'staff', password: 'password-kim', org: '가게A', name: '김직원' });
  await srv.addUser({ login: 'bossb', role: 'master', password: 'password-bbb', org: '가게B', name: 'B사장' });
  boss = await srv.login('boss', 'password-123');
  bossB = await srv.login('bossb', 'password-bbb');
  const kim = await srv.login('kim', 'password-kim');
  await kim.del('/api/session');
  await srv.client().post('/api/session', { login: 'kim', password: 'wrong-password' });
  const created = await boss.post('/api/users', { login: 'lee', name: '=HYPERLINK("http://evil")', role: 'viewer', password: 'password-lee' });
  assert.equal(created.status, 201);
  await srv.login('lee', 'password-lee'); // so that a row's member cell starts with '='
  await boss.patch(`/api/users/${created.json.id}`, { role: 'staff' });
});
after(async () => { await srv.stop(); });

test('logins, logouts, failed logins and member changes are in the log, newest first', async () => {
  const res = await boss.get('/api/audit?limit=1000');
  assert.equal(res.status, 200);
  const kinds = res.json.items.map((i) => i.kind);
  for (const k of ['session.login', 'session.logout', 'session.login_failed', 'user.create', 'user.role']) {
    assert.ok(kinds.includes(k), k);
  }
  assert.equal(res.json.total, res.json.items.length);
  const ats = res.json.items.map((i) => i.at);
  assert.deepEqual(ats, [...ats].sort().reverse(), 'newest first');
  assert.equal(kinds[0], 'user.role');
  const role = res.json.items[0];
  assert.deepEqual(role.before, { role: 'viewer' });
  assert.deepEqual(role.after, { role: 'staff' });
  assert.deepEqual(role.user, { id: boss.user.id, name: '사장님', login: 'boss' });
  assert.match(role.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(role.ip, '127.0.0.1');
  const logout = res.json.items.find((i) => i.kind === 'session.logout');
  assert.equal(logout.user.name, '김직원');
  const failed = res.json.items.find((i) => i.kind === 'session.login_failed');
  assert.deepEqual(failed.after, { login: 'kim', reason: 'wrong_password' });
  assert.ok(!JSON.stringify(res.json).includes('wrong-password'), 'typed passwords are never logged');
});

test('filters: member, kind prefix, date range, entity; paging', async () => {
  const kimId = (await boss.get('/api/users')).json.items.find((u) => u.login === 'kim').id;
  let res = await boss.get(`/api/audit?user_id=${kimId}`);
  assert.ok(res.json.items.length >= 2);
  assert.ok(res.json.items.every((i) => i.user && i.user.id === kimId));
  res = await boss.get('/api/audit?kind=user.');
  assert.ok(res.json.items.length >= 2);
  assert.ok(res.json.items.every((i) => i.kind.startsWith('user.')));
  res = await boss.get('/api/audit?kind=session.login');
  assert.ok(res.json.items.some((i) => i.kind === 'session.login_failed'), 'kind is a prefix');
  assert.equal((await boss.get('/api/audit?kind=USER.')).json.total,
    (await boss.get('/api/audit?kind=user.')).json.total, 'kinds are case-insensitive');
  res = await boss.get('/api/audit?kind=session_login');
  assert.equal(res.json.total, 0, "'_' is not a wildcard");
  const all = (await boss.get('/api/audit')).json.total;
  res = await boss.get(`/api/audit?from=${kstDate()}&to=${kstDate()}`);
  assert.equal(res.json.total, all, 'everything happened today (KST)');
  res = await boss.get(`/api/audit?from=${kstDate(1)}`);
  assert.equal(res.json.total, 0);
  res = await boss.get(`/api/audit?to=${kstDate(-1)}`);
  assert.equal(res.json.total, 0);
  res = await boss.get('/api/audit?limit=2&offset=1');
  assert.equal(res.json.items.length, 2);
  assert.equal(res.json.total, all);
  const full = (await boss.get('/api/audit')).json.items;
  assert.deepEqual(res.json.items.map((i) => i.id), full.slice(1, 3).map((i) => i.id));
  res = await boss.get('/api/audit?entity=user&entity_id=' + kimId);
  assert.ok(res.json.items.every((i) => i.entity === 'user' && i.entity_id === String(kimId)));
});

test('bad filters answer 400 with a Korean message', async () => {
  const bad = ['from=2025-02-30', 'to=yesterday', 'from=2025-01-01&to=2024-12-31', "kind=' OR 1=1 --",
    'kind=' + 'a'.repeat(65), 'user_id=abc', 'user_id=-1', 'limit=0', 'limit=1001', 'offset=-5',
    'entity_id=' + 'x'.repeat(201), "entity=user'--"];
  for (const q of bad) {
    const res = await boss.get(`/api/audit?${q}`);
    assert.equal(res.status, 400, q);
    assert.match(res.json.error.message, hangul);
  }
  const res = await boss.get(`/api/audit?entity_id=${encodeURIComponent("1' OR '1'='1")}`);
  assert.equal(res.status, 200);
  assert.equal(res.json.total, 0);
});

test('CSV export: UTF-8 BOM, Korean headers, KST times, formulas neutralised', async () => {
  const res = await boss.get('/api/audit.csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="audit-\d{4}-\d\d-\d\d\.csv"/);
  assert.deepEqual([...res.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = res.text.slice(1).split('\r\n').filter(Boolean);
  assert.equal(lines[0], '"일시(KST)","회원","아이디","종류","대상","내용","변경 내용","IP","종류 코드"');
  const total = (await boss.get('/api/audit')).json.total;
  assert.equal(lines.length, total + 1);
  // the screen's words: label, target and summary; no JSON
  assert.match(lines[1], /^"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d","사장님","boss","권한 변경","회원 =HYPERLINK\(""http:\/\/evil""\)","권한: 뷰어 → 스태프","권한: 뷰어 → 스태프","127.0.0.1","user.role"$/);
  assert.ok(!res.text.includes('{"'), 'no JSON in the export');
  assert.ok(res.text.includes('\'=HYPERLINK'), 'a name starting with = is shown, not run');
  assert.ok(!/(^|,)"=/.test(res.text), 'no cell starts with =');
  const filtered = await boss.get('/api/audit.csv?kind=session.');
  assert.ok(filtered.text.slice(1).split('\r\n').filter(Boolean).slice(1).every((l) => l.includes('"session.')));
  assert.equal((await boss.get('/api/audit.csv?from=nope')).status, 400);
});

test('xlsx export is a workbook', async () => {
  const res = await boss.get('/api/audit.xlsx?kind=user.');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml\.sheet/);
  assert.equal(res.body.subarray(0, 2).toString(), 'PK');
});

test('only masters read the audit log', async () => {
  const kim = await srv.login('kim', 'password-kim');
  for (const p of ['/api/audit', '/api/audit.csv', '/api/audit.xlsx']) {
    const res = await kim.get(p);
    assert.equal(res.status, 403, p);
    assert.match(res.json.error.message, hangul);
    assert.equal((await srv.client().get(p)).status, 401, p);
  }
});

test('another organisation\'s history is invisible', async () => {
  const res = await bossB.get('/api/audit?limit=1000');
  assert.equal(res.status, 200);
  const text = JSON.stringify(res.json);
  for (const s of ['사장님', '김직원', '"kim"', 'HYPERLINK']) assert.ok(!text.includes(s), s);
  assert.ok(res.json.items.every((i) => !i.user || i.user.login === 'bossb'));
  const kimId = (await boss.get('/api/users')).json.items.find((u) => u.login === 'kim').id;
  assert.equal((await bossB.get(`/api/audit?user_id=${kimId}`)).json.total, 0);
  const csv = await bossB.get('/api/audit.csv');
  assert.ok(!csv.text.includes('김직원'));
});
