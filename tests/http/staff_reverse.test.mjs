// staff_reverse.test.mjs — undoing a mistaken movement: staff reverse their own movements
// recorded by hand today (KST); another member's, an import's or an earlier day's are
// refused with 403 and a Korean reason; viewers cannot reverse at all; managers reverse any.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from './lib.mjs';

let srv, boss, manager, kim, lee, viewer;

function sql(statement) {
  const r = spawnSync('sqlite3', [srv.db, statement], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

async function record(c, type, qty, extra = {}) {
  const res = await c.post('/api/movements', { sku: 'POT-1', type, qty, ...extra });
  assert.equal(res.status, 201, res.text);
  return res.json.movement;
}

const onHand = async () => (await boss.get('/api/products/POT-1')).json.on_hand;

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A', name: '김사장' });
  await srv.addUser({ login: 'manager', role: 'manager', org: '가게A', name: '최매니저' });
  await srv.addUser({ login: 'kim', role: 'staff', org: '가게A', name: '김직원' });
  await srv.addUser({ login: 'lee', role: 'staff', org: '가게A', name: '이직원' });
  await srv.addUser({ login: 'viewer', role: 'viewer', org: '가게A', name: '박뷰어' });
  [boss, manager, kim, lee, viewer] = await Promise.all(
    ['boss', 'manager', 'kim', 'lee', 'viewer'].map((l) => srv.login(l)));
  assert.equal((await boss.post('/api/products', { sku: 'POT-1', name: '스텐 냄비' })).status, 201);
  await record(boss, 'inbound', 100);
});
after(async () => { await srv.stop(); });

test('staff reverse their own movement of today', async () => {
  const m = await record(kim, 'outbound', 5, { memo: '수량 잘못 입력' });
  assert.equal(await onHand(), 95);
  const res = await kim.post(`/api/movements/${m.id}/reverse`, { memo: '실수' });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.on_hand, 100);
  assert.equal(res.json.movement.reverses, m.id);
  assert.equal(res.json.movement.user.name, '김직원');
  const audit = await boss.get(`/api/audit?kind=movement.reverse&entity_id=${m.id}`);
  assert.equal(audit.json.total, 1, 'the reversal is audited');
});

test("staff cannot reverse another member's movement", async () => {
  const m = await record(lee, 'inbound', 7);
  const res = await kim.post(`/api/movements/${m.id}/reverse`, {});
  assert.equal(res.status, 403, res.text);
  assert.equal(res.json.error.code, 'not_own_movement');
  assert.match(res.json.error.message, /이직원 님이 등록했습니다/);
  assert.match(res.json.error.message, /매니저 이상에게/);
  // a manager can
  const ok = await manager.post(`/api/movements/${m.id}/reverse`, {});
  assert.equal(ok.status, 201, ok.text);
});

test('staff cannot reverse their own movement of an earlier day', async () => {
  // A row kim recorded yesterday (KST): written straight into the store, since the server
  // always records "now". Its stock is added to the cached balance as the ledger would.
  const kimId = kim.user.id;
  const yesterday = new Date(Date.now() - 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const date = new Date(Date.now() + 9 * 3600e3 - 86400e3).toISOString().slice(0, 10);
  sql(`INSERT INTO movements(org_id, product_id, type, qty, date, user_id, source, memo, created_at)
       SELECT org_id, id, 'inbound', 3, '${date}', ${kimId}, 'manual', '', '${yesterday}'
       FROM products WHERE sku = 'POT-1'`);
  sql("UPDATE balances SET on_hand = on_hand + 3 WHERE product_id = (SELECT id FROM products WHERE sku = 'POT-1')");
  const id = Number(sql('SELECT MAX(id) FROM movements'));
  const res = await kim.post(`/api/movements/${id}/reverse`, {});
  assert.equal(res.status, 403, res.text);
  assert.equal(res.json.error.code, 'not_today');
  assert.match(res.json.error.message, /오늘 등록한 입출고만/);
  assert.equal((await manager.post(`/api/movements/${id}/reverse`, {})).status, 201);
});

test("staff cannot reverse one row of an import; it is undone as a batch", async () => {
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from('마스터 SKU,입고 수량\nPOT-1,4\n')], { type: 'text/csv' }), 'in.csv');
  const up = await kim.post('/api/imports', fd);
  assert.equal(up.status, 201, up.text);
  assert.equal((await kim.post(`/api/imports/${up.json.id}/apply`, {})).status, 200);
  const row = (await kim.get(`/api/imports/${up.json.id}`)).json.movements[0];
  const res = await kim.post(`/api/movements/${row.id}/reverse`, {});
  assert.equal(res.status, 403, res.text);
  assert.equal(res.json.error.code, 'not_manual_movement');
});

test('viewers cannot reverse anything, not even to see the reason', async () => {
  const m = await record(kim, 'inbound', 1);
  const res = await viewer.post(`/api/movements/${m.id}/reverse`, {});
  assert.equal(res.status, 403);
  assert.equal(res.json.error.code, 'forbidden');
  assert.match(res.json.error.message, /스태프 이상만/);
  const still = await boss.get(`/api/movements?limit=1000`);
  assert.ok(!still.json.items.some((x) => x.reverses === m.id), 'nothing was recorded');
});

test('a refused reversal writes nothing', async () => {
  const before = (await boss.get('/api/movements?limit=1')).json.total;
  const auditBefore = (await boss.get('/api/audit?kind=movement.reverse')).json.total;
  const m = await record(lee, 'inbound', 2);
  assert.equal((await kim.post(`/api/movements/${m.id}/reverse`, {})).status, 403);
  assert.equal((await boss.get('/api/movements?limit=1')).json.total, before + 1);
  assert.equal((await boss.get('/api/audit?kind=movement.reverse')).json.total, auditBefore);
});
