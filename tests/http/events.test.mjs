// events.test.mjs — an organisation's events (행사 일정) over HTTP: create, list by date,
// change, delete; every bad input answered 400 with a stable code per field and a Korean
// message, nothing written; roles (viewer reads, staff cannot write, manager can); another
// organisation's events are 404; every change audited with before/after; the CSV export
// reads back through `jaego forecast --events`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, runCli } from './lib.mjs';

const hangul = /[가-힣]/;
let srv, boss, mgr, staff, viewer, other;

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A' });
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await srv.addUser({ login: 'staff1', role: 'staff', org: '가게A' });
  await srv.addUser({ login: 'view1', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  boss = await srv.login('boss');
  mgr = await srv.login('mgr');
  staff = await srv.login('staff1');
  viewer = await srv.login('view1');
  other = await srv.login('bossb');
});
after(async () => { await srv.stop(); });

async function count(c) {
  const res = await c.get('/api/events');
  assert.equal(res.status, 200, res.text);
  return res.json.total;
}

function assertFieldError(res, field, code) {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.error.code, 'validation_failed', res.text);
  assert.match(res.json.error.message, hangul);
  const d = res.json.error.details.find((x) => x.field === field);
  assert.ok(d, `no error for ${field}: ${res.text}`);
  assert.equal(d.code, code, res.text);
  assert.match(d.message, hangul);
}

test('a manager adds an event; every member reads it, sorted by date', async () => {
  const res = await mgr.post('/api/events', {
    name: '  십일절 ', date: '2026-11-11', days_before: 1, days_after: 2,
    kind: 'channel_sale', channel: 'coupang', memo: '쿠팡 메인 노출',
  });
  assert.equal(res.status, 201, res.text);
  const e = res.json;
  assert.equal(e.name, '십일절');
  assert.equal(e.date, '2026-11-11');
  assert.equal(e.days_before, 1);
  assert.equal(e.days_after, 2);
  assert.equal(e.kind, 'channel_sale');
  assert.equal(e.channel, 'coupang');
  assert.equal(e.memo, '쿠팡 메인 노출');
  assert.equal(e.created_by, mgr.user.id);
  assert.ok(e.created_at && e.updated_at);

  // Defaults: kind other, every channel, no window.
  const early = await boss.post('/api/events', { name: '라이브 방송', date: '2026-03-02' });
  assert.equal(early.status, 201, early.text);
  assert.equal(early.json.kind, 'other');
  assert.equal(early.json.channel, null);
  assert.equal(early.json.days_before, 0);
  assert.equal(early.json.days_after, 0);

  const list = await viewer.get('/api/events');
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((x) => x.date), ['2026-03-02', '2026-11-11']);
  assert.equal(list.json.total, 2);
  const one = await viewer.get(`/api/events/${e.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.name, '십일절');

  // from/to are inclusive; a bad date is refused.
  assert.deepEqual((await staff.get('/api/events?from=2026-11-11')).json.items.map((x) => x.id), [e.id]);
  assert.deepEqual((await staff.get('/api/events?to=2026-03-02')).json.items.map((x) => x.id), [early.json.id]);
  assert.equal((await staff.get('/api/events?from=2026-11-12&to=2026-12-31')).json.total, 0);
  assert.deepEqual((await staff.get('/api/events?order=desc')).json.items.map((x) => x.date), ['2026-11-11', '2026-03-02']);
  assert.equal((await staff.get('/api/events?order=up')).status, 400);
  const badq = await staff.get('/api/events?from=2026-13-01');
  assert.equal(badq.status, 400);
  assert.equal(badq.json.error.details[0].code, 'bad_date');
});

test('NFD Hangul is stored as NFC', async () => {
  const nfd = '블랙프라이데이'.normalize('NFD');
  const res = await mgr.post('/api/events', { name: nfd, date: '2026-11-27', days_after: 3 });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.name, '블랙프라이데이'.normalize('NFC'));
  assert.equal((await mgr.del(`/api/events/${res.json.id}`)).status, 204);
});

test('every bad input is refused with its field and code, and nothing is written', async () => {
  const n = await count(mgr);
  const ok = { name: '행사', date: '2026-05-05' };
  const cases = [
    [{ date: '2026-05-05' }, 'name', 'required'],
    [{ ...ok, name: '   ' }, 'name', 'required'],
    [{ ...ok, name: '가'.repeat(61) }, 'name', 'too_long'],
    [{ ...ok, name: 12 }, 'name', 'not_string'],
    [{ ...ok, name: 'a\u0001b' }, 'name', 'bad_text'],
    [{ name: '행사' }, 'date', 'required'],
    [{ ...ok, date: '2026-02-30' }, 'date', 'bad_date'],
    [{ ...ok, date: '2026/05/05' }, 'date', 'bad_date'],
    [{ ...ok, date: 20260505 }, 'date', 'bad_date'],
    [{ ...ok, date: '2014-12-31' }, 'date', 'date_out_of_range'],
    [{ ...ok, date: '2036-01-01' }, 'date', 'date_out_of_range'],
    [{ ...ok, days_before: 15 }, 'days_before', 'out_of_range'],
    [{ ...ok, days_before: -1 }, 'days_before', 'out_of_range'],
    [{ ...ok, days_after: 1.5 }, 'days_after', 'not_integer'],
    [{ ...ok, days_after: '3' }, 'days_after', 'not_integer'],
    [{ ...ok, kind: 'sale' }, 'kind', 'unknown_kind'],
    [{ ...ok, kind: null }, 'kind', 'unknown_kind'],
    [{ ...ok, channel: 'gmarket' }, 'channel', 'unknown_channel'],
    [{ ...ok, memo: 'x'.repeat(501) }, 'memo', 'too_long'],
    [{ ...ok, colour: 'red' }, 'colour', 'unknown_field'],
  ];
  for (const [body, field, code] of cases) {
    assertFieldError(await mgr.post('/api/events', body), field, code);
  }
  // The out-of-range message says which dates are allowed.
  const range = await mgr.post('/api/events', { ...ok, date: '2040-01-01' });
  assert.match(range.json.error.details[0].message, /2015-01-01부터 2035-12-31까지/);
  // Several bad fields are all listed at once.
  const many = await mgr.post('/api/events', { name: '', date: 'x', days_after: 99, kind: 'x' });
  assert.deepEqual(many.json.error.details.map((d) => d.field).sort(),
    ['date', 'days_after', 'kind', 'name']);
  // Not JSON / not an object.
  assert.equal((await mgr.post('/api/events', '[1]')).status, 400);
  assert.equal((await mgr.post('/api/events', 'nope')).status, 400);
  // The edges are accepted.
  const edge = await mgr.post('/api/events', {
    name: '가'.repeat(60), date: '2035-12-31', days_before: 14, days_after: 0, kind: 'shipping_stop',
    channel: 'ownmall',
  });
  assert.equal(edge.status, 201, edge.text);
  const first = await mgr.post('/api/events', { name: '처음', date: '2015-01-01', kind: 'live', channel: 'smartstore' });
  assert.equal(first.status, 201, first.text);
  assert.equal(await count(mgr), n + 2);
  assert.equal((await mgr.del(`/api/events/${edge.json.id}`)).status, 204);
  assert.equal((await mgr.del(`/api/events/${first.json.id}`)).status, 204);
  assert.equal(await count(mgr), n);
});

test('a manager changes and deletes an event; bad changes change nothing', async () => {
  const e = (await mgr.post('/api/events', { name: '봄 세일', date: '2026-04-01', kind: 'promotion' })).json;
  let res = await mgr.patch(`/api/events/${e.id}`, { days_before: 3, days_after: 1, channel: 'smartstore' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.name, '봄 세일');
  assert.equal(res.json.days_before, 3);
  assert.equal(res.json.days_after, 1);
  assert.equal(res.json.channel, 'smartstore');
  res = await mgr.patch(`/api/events/${e.id}`, { channel: null, memo: '전 채널' });
  assert.equal(res.json.channel, null);
  assert.equal(res.json.memo, '전 채널');
  assertFieldError(await mgr.patch(`/api/events/${e.id}`, { name: '', days_after: 20 }), 'name', 'required');
  assertFieldError(await mgr.patch(`/api/events/${e.id}`, { date: null }), 'date', 'required');
  assertFieldError(await mgr.patch(`/api/events/${e.id}`, { date: '2099-01-01' }), 'date', 'date_out_of_range');
  const now = (await mgr.get(`/api/events/${e.id}`)).json;
  assert.equal(now.name, '봄 세일');
  assert.equal(now.days_after, 1);
  assert.equal(now.date, '2026-04-01');

  assert.equal((await mgr.patch('/api/events/999999', { name: 'x' })).status, 404);
  assert.equal((await mgr.patch('/api/events/abc', { name: 'x' })).status, 404);
  assert.equal((await mgr.del(`/api/events/${e.id}`)).status, 204);
  const gone = await mgr.get(`/api/events/${e.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.json.error.code, 'event_not_found');
  assert.match(gone.json.error.message, hangul);
  assert.equal((await mgr.del(`/api/events/${e.id}`)).status, 404);
});

test('roles: viewer and staff read but cannot write; manager and master can', async () => {
  const e = (await boss.post('/api/events', { name: '라이브', date: '2026-06-01', kind: 'live' })).json;
  for (const c of [viewer, staff]) {
    assert.equal((await c.get('/api/events')).status, 200);
    assert.equal((await c.get('/api/events/export.csv')).status, 200);
    assert.equal((await c.post('/api/events', { name: 'x', date: '2026-06-02' })).status, 403);
    assert.equal((await c.patch(`/api/events/${e.id}`, { name: 'x' })).status, 403);
    assert.equal((await c.del(`/api/events/${e.id}`)).status, 403);
  }
  assert.equal((await srv.client().get('/api/events')).status, 401);
  assert.equal((await mgr.patch(`/api/events/${e.id}`, { name: '라이브 2' })).status, 200);
  assert.equal((await boss.del(`/api/events/${e.id}`)).status, 204);
});

test("another organisation's events are invisible and answer 404", async () => {
  const e = (await mgr.post('/api/events', { name: '우리 행사', date: '2026-07-01' })).json;
  const list = await other.get('/api/events');
  assert.equal(list.status, 200);
  assert.ok(!list.json.items.some((x) => x.id === e.id));
  assert.equal((await other.get(`/api/events/${e.id}`)).status, 404);
  const p = await other.patch(`/api/events/${e.id}`, { name: '탈취' });
  assert.equal(p.status, 404);
  assert.equal(p.json.error.code, 'event_not_found');
  // Even a bad body gets 404 first: nothing tells the other shop what exists.
  assert.equal((await other.patch(`/api/events/${e.id}`, { date: 'x' })).status, 404);
  assert.equal((await other.del(`/api/events/${e.id}`)).status, 404);
  assert.equal((await mgr.get(`/api/events/${e.id}`)).json.name, '우리 행사');
  assert.ok(!(await other.get('/api/events/export.csv')).text.includes('우리 행사'));
});

test('every change is audited with before and after; an unchanged save records nothing', async () => {
  const e = (await mgr.post('/api/events', { name: '감사 확인', date: '2026-08-15', days_after: 1 })).json;
  await mgr.patch(`/api/events/${e.id}`, { days_after: 2 });
  await mgr.patch(`/api/events/${e.id}`, { days_after: 2 }); // no change
  await mgr.del(`/api/events/${e.id}`);
  const res = await boss.get(`/api/audit?entity=event&entity_id=${e.id}&limit=100`);
  assert.equal(res.status, 200, res.text);
  const items = [...res.json.items].reverse(); // oldest first
  assert.deepEqual(items.map((a) => a.kind), ['event.create', 'event.update', 'event.delete']);
  assert.equal(items[0].before, null);
  assert.equal(items[0].after.name, '감사 확인');
  assert.equal(items[1].before.days_after, 1);
  assert.equal(items[1].after.days_after, 2);
  assert.equal(items[2].before.name, '감사 확인');
  assert.equal(items[2].after, null);
  assert.ok(items.every((a) => a.user.login === 'mgr'));
  // A refused change leaves no audit row.
  const bad = await boss.get('/api/audit?kind=event.&limit=1000');
  const total = bad.json.total;
  await mgr.post('/api/events', { name: '', date: '2026-08-15' });
  assert.equal((await boss.get('/api/audit?kind=event.&limit=1000')).json.total, total);
});

test('the CSV export is what `jaego forecast --events` reads', async () => {
  await mgr.post('/api/events', { name: '쉼표, "따옴표" 행사', date: '2026-09-01', days_before: 2, days_after: 1, kind: 'promotion' });
  const res = await viewer.get('/api/events/export.csv?from=2026-09-01&to=2026-09-01');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="events-/);
  const lines = res.text.replace(/^\uFEFF/, '').trim().split(/\r\n/);
  assert.equal(lines[0], 'date,name,days_before,days_after,kind,channel,memo');
  assert.equal(lines.length, 2);
  assert.equal(lines[1], '2026-09-01,"쉼표, ""따옴표"" 행사",2,1,promotion,,""');

  // The same file feeds the forecast: a short daily sales series around it.
  const dir = fs.mkdtempSync(path.join(srv.dir, 'fc-'));
  const sales = ['date,sku,qty'];
  for (let d = new Date('2026-06-01'); d <= new Date('2026-08-31'); d.setUTCDate(d.getUTCDate() + 1)) {
    sales.push(`${d.toISOString().slice(0, 10)},A,${5 + (d.getUTCDate() % 3)}`);
  }
  fs.writeFileSync(path.join(dir, 'sales.csv'), sales.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'events.csv'), res.body);
  const out = runCli(['forecast', '--input', path.join(dir, 'sales.csv'), '--horizon', '7',
    '--model', 'prophet', '--events', path.join(dir, 'events.csv'), '--output', path.join(dir, 'out.csv'), '--threads', '1']);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(fs.readFileSync(path.join(dir, 'out.csv'), 'utf8').trim().split('\n').length, 8);
});

test('`jaego events export` writes the same file as the API', async () => {
  const org = (await viewer.get('/api/org')).json.id;
  const api = await viewer.get('/api/events/export.csv');
  const out = path.join(srv.dir, 'cli-events.csv');
  const r = runCli(['events', 'export', '--db', srv.db, '--org', String(org), '--output', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.readFileSync(out).equals(api.body), 'same bytes as GET /api/events/export.csv');
  // Two organisations in the file: --org is needed; an unknown one or a bad date is refused.
  const none = runCli(['events', 'export', '--db', srv.db, '--output', out]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /org_required: .*--org/);
  assert.equal(runCli(['events', 'export', '--db', srv.db, '--org', '999', '--output', '-']).status, 2);
  const bad = runCli(['events', 'export', '--db', srv.db, '--org', String(org), '--from', '2026-02-30', '--output', '-']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /bad_date/);
  const other = runCli(['events', 'export', '--db', srv.db, '--org', String(org), '--from', '2026-09-01', '--to', '2026-09-01', '--output', '-']);
  assert.equal(other.status, 0, other.stderr);
  assert.equal(other.stdout.replace(/^\uFEFF/, '').trim().split(/\r\n/).length, 2);
});

test('names a spreadsheet would take for formulas come back unchanged through `jaego forecast --events`', async () => {
  // The export is read back by programs: no apostrophe guard before = + - @, which the
  // reader would keep as part of the name (and which makes a 60-character name too long).
  const longest = '-' + '할'.repeat(59);
  for (const name of [longest, '=1+1 행사', '@라이브']) {
    const res = await mgr.post('/api/events', { name, date: '2026-10-01', kind: 'promotion' });
    assert.equal(res.status, 201, res.text);
  }
  const org = (await viewer.get('/api/org')).json.id;
  const dir = fs.mkdtempSync(path.join(srv.dir, 'guard-'));
  const events = path.join(dir, 'events.csv');
  const r = runCli(['events', 'export', '--db', srv.db, '--org', String(org), '--from', '2026-10-01', '--to', '2026-10-01', '--output', events]);
  assert.equal(r.status, 0, r.stderr);
  const lines = fs.readFileSync(events, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[1]).sort(), [`"${longest}"`, '"=1+1 행사"', '"@라이브"'].sort());
  const sales = ['date,sku,qty'];
  for (let d = new Date('2026-07-01'); d <= new Date('2026-09-30'); d.setUTCDate(d.getUTCDate() + 1)) {
    sales.push(`${d.toISOString().slice(0, 10)},A,${5 + (d.getUTCDate() % 3)}`);
  }
  fs.writeFileSync(path.join(dir, 'sales.csv'), sales.join('\n') + '\n');
  const out = runCli(['forecast', '--input', path.join(dir, 'sales.csv'), '--horizon', '7',
    '--model', 'prophet', '--events', events, '--output', path.join(dir, 'out.csv'), '--threads', '1']);
  assert.equal(out.status, 0, out.stderr);
});
