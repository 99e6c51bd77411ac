// live.test.mjs — GET /api/live, the server-sent events of an organisation's changes: a
// member gets hello with the version, then a stock event naming the SKU when another member
// records a movement; an applied import is one event; another organisation's stream hears
// nothing of it; no session is 401; a member's ninth stream is 429 too_many_streams; logout
// ends the member's stream; the server stops cleanly with streams open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';
import { openLive } from './live_client.mjs';

let srv, boss, staff, other;

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A', name: '김사장' });
  await srv.addUser({ login: 'seoyeon', role: 'staff', org: '가게A', name: '이서연' });
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  [boss, staff, other] = await Promise.all(['boss', 'seoyeon', 'bossb'].map((l) => srv.login(l)));
  for (const sku of ['A-1', 'A-2', 'A-3']) {
    assert.equal((await boss.post('/api/products', { sku, name: `상품 ${sku}` })).status, 201);
  }
  assert.equal((await other.post('/api/products', { sku: 'B-1', name: '다른 가게 상품' })).status, 201);
});
after(async () => { await srv.stop(); });

const stock = (cause) => (e) => e.event === 'stock' && e.data.cause === cause;

test('hello, then another member\'s movement arrives with its SKU, cause and name', async () => {
  const s = await openLive(srv, boss);
  assert.equal(s.status, 200);
  assert.match(s.headers['content-type'], /^text\/event-stream/);
  assert.equal(s.headers['cache-control'], 'no-store');
  assert.equal(s.headers['x-accel-buffering'], 'no');
  const hello = await s.next((e) => e.event === 'hello');
  assert.equal(typeof hello.data.version, 'number');
  const res = await staff.post('/api/movements', { sku: 'A-1', type: 'inbound', qty: 7 });
  assert.equal(res.status, 201, res.text);
  const ev = await s.next(stock('movement'));
  assert.deepEqual(ev.data.skus, ['A-1']);
  assert.equal(ev.data.by, '이서연');
  assert.ok(ev.data.version > hello.data.version);
  s.close();
});

test('an applied import is one event; another organisation hears nothing of it', async () => {
  const a = await openLive(srv, boss);
  const b = await openLive(srv, other);
  await a.next((e) => e.event === 'hello');
  await b.next((e) => e.event === 'hello');
  const body = '마스터 SKU,입고 수량,출고 수량\r\nA-1,5,0\r\nA-2,6,0\r\nA-3,7,0\r\n';
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from(body)], { type: 'text/csv' }), '입고.csv');
  const up = await staff.post('/api/imports', fd);
  assert.equal(up.status, 201, up.text);
  const ap = await staff.post(`/api/imports/${up.json.id}/apply`, {});
  assert.equal(ap.status, 200, ap.text);
  const imp = await a.next(stock('import'));
  assert.deepEqual(imp.data.skus, []);
  // A later change of A as a marker: everything of the import came before it, once.
  assert.equal((await boss.post('/api/movements', { sku: 'A-2', type: 'outbound', qty: 1 })).status, 201);
  const mark = await a.next(stock('movement'), { from: imp.index + 1 });
  const stockEvents = a.events.slice(0, mark.index).filter((e) => e.event === 'stock');
  assert.equal(stockEvents.length, 1, JSON.stringify(a.events));
  // B's own change reaches B, and nothing of A came before it.
  assert.equal((await other.post('/api/movements', { sku: 'B-1', type: 'inbound', qty: 1 })).status, 201);
  const own = await b.next(stock('movement'));
  assert.deepEqual(own.data.skus, ['B-1']);
  assert.deepEqual(b.events.slice(0, own.index).map((e) => e.event), ['hello']);
  a.close();
  b.close();
});

test('without a session: 401 with the usual JSON error', async () => {
  const s = await openLive(srv, null);
  await s.end();
  assert.equal(s.status, 401);
  assert.equal(JSON.parse(s.text).error.code, 'unauthenticated');
});

test('a member\'s ninth stream is refused 429 too_many_streams with a Korean message', async () => {
  const c = await srv.login('boss');
  const open = [];
  for (let i = 0; i < 8; i++) {
    const s = await openLive(srv, c);
    assert.equal(s.status, 200, srv.log.split('\n').filter((l) => /live/.test(l)).join('\n'));
    await s.next((e) => e.event === 'hello');
    open.push(s);
  }
  const ninth = await openLive(srv, c);
  await ninth.end();
  assert.equal(ninth.status, 429);
  const err = JSON.parse(ninth.text).error;
  assert.equal(err.code, 'too_many_streams');
  assert.match(err.message, /[가-힣]/);
  for (const s of open) s.close();
  // Closed streams free their places (the server notices at the next write or heartbeat,
  // so a logout, which ends them at once, makes the room here).
  assert.equal((await c.del('/api/session')).status, 204);
  for (const s of open) assert.ok(await s.end() || s.ended);
});

test('logout ends the member\'s stream', async () => {
  const c = await srv.login('seoyeon');
  const s = await openLive(srv, c);
  await s.next((e) => e.event === 'hello');
  assert.equal((await c.del('/api/session')).status, 204);
  assert.ok(await s.end(), 'the stream ended');
});

test('the server stops cleanly with streams open', async () => {
  const own = await startServer();
  await own.addUser({ login: 'solo', role: 'master' });
  const c = await own.login('solo');
  const streams = [await openLive(own, c), await openLive(own, c)];
  for (const s of streams) await s.next((e) => e.event === 'hello');
  await own.stop(); // exit status 0 and no sanitizer report, or it throws
  for (const s of streams) assert.ok(await s.end(), 'the stream ended at stop');
});
