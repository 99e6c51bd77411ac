// stock_live.test.mjs — GET /api/stock is kept per organisation between changes, never
// stale: each input of the planning view (a movement, a purchase order sent and received,
// a product and a supplier edit, the planning settings, an override, a finished forecast
// run) publishes a live stock event with its cause, and the next GET /api/stock shows the
// change; reading again without a change gives the same bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';
import { openLive } from './live_client.mjs';

const DAY = 86400e3;
const kstDate = (back) => new Date(Date.now() + 9 * 3600e3 - back * DAY).toISOString().slice(0, 10);

let srv, boss, mgr, live, supplier;

function ok(res, status = 200) {
  assert.equal(res.status, status, res.text);
  return res.json;
}

before(async () => {
  srv = await startServer({ runner: 'queue' });
  await srv.addUser({ login: 'boss', role: 'master', org: '가게', name: '김사장' });
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게', name: '이매니저' });
  [boss, mgr] = await Promise.all([srv.login('boss'), srv.login('mgr')]);
  supplier = ok(await mgr.post('/api/suppliers', { name: '한빛상사', lead_time_days: 10 }), 201).id;
  ok(await mgr.post('/api/products', { sku: 'L-1', name: '스텐 냄비', supplier_id: supplier, monthly_demand: 300 }), 201);
  ok(await mgr.post('/api/movements', { sku: 'L-1', type: 'inbound', qty: 500, date: kstDate(70) }), 201);
  for (let back = 1; back <= 60; back++) {
    ok(await mgr.post('/api/movements', { sku: 'L-1', type: 'outbound', qty: 1 + (back * 7) % 5, date: kstDate(back) }), 201);
  }
  live = await openLive(srv, boss);
  await live.next((e) => e.event === 'hello');
});
after(async () => { live.close(); await srv.stop(); });

async function stockText() {
  const res = await boss.get('/api/stock');
  assert.equal(res.status, 200, res.text);
  return res.text;
}
const row = (text) => JSON.parse(text).items.find((i) => i.sku === 'L-1');

// Reads the view twice (the second from the cache), makes the change, waits for its event
// and returns the body before and after.
async function change(cause, fn) {
  const first = await stockText();
  const cached = await stockText();
  assert.equal(cached, first, 'no change: the same bytes');
  const from = live.events.length;
  await fn();
  const ev = await live.next((e) => e.event === 'stock' && e.data.cause === cause, { from });
  return { before: first, after: await stockText(), ev };
}

test('a movement', async () => {
  const { before, after, ev } = await change('movement', async () => {
    ok(await mgr.post('/api/movements', { sku: 'L-1', type: 'inbound', qty: 40 }), 201);
  });
  assert.deepEqual(ev.data.skus, ['L-1']);
  assert.equal(ev.data.by, '이매니저');
  assert.equal(row(after).on_hand, row(before).on_hand + 40);
});

test('a purchase order sent, then received', async () => {
  let po;
  const sent = await change('purchase_order', async () => {
    po = ok(await mgr.post('/api/purchase-orders', { supplier_id: supplier, lines: [{ sku: 'L-1', qty: 70 }] }), 201);
    ok(await mgr.post(`/api/purchase-orders/${po.id}/order`, {}));
  });
  assert.equal(row(sent.after).open_qty, row(sent.before).open_qty + 70);
  const got = await change('receipt', async () => {
    ok(await mgr.post(`/api/purchase-orders/${po.id}/receive`, { lines: [{ sku: 'L-1', qty: 70 }] },
      { 'Idempotency-Key': 'live-receive-1' }), 201);
  });
  assert.equal(row(got.after).on_hand, row(got.before).on_hand + 70);
  assert.equal(row(got.after).open_qty, row(got.before).open_qty - 70);
});

test('a product edit and a supplier edit', async () => {
  const p = await change('product', async () => {
    ok(await mgr.patch('/api/products/L-1', { monthly_demand: 600 }));
  });
  assert.equal(row(p.after).monthly_demand, 600);
  assert.notEqual(row(p.after).monthly_demand, row(p.before).monthly_demand);
  const s = await change('supplier', async () => {
    ok(await mgr.patch(`/api/suppliers/${supplier}`, { lead_time_days: 20 }));
  });
  assert.equal(row(s.before).lead_time_days, 10);
  assert.equal(row(s.after).lead_time_days, 20);
});

test('the planning settings', async () => {
  const { before, after } = await change('settings', async () => {
    ok(await boss.patch('/api/org', { review_days: 9 }));
  });
  assert.notEqual(JSON.parse(before).settings.review_days, 9);
  assert.equal(JSON.parse(after).settings.review_days, 9);
});

test('an override of the order quantity', async () => {
  const { before, after } = await change('override', async () => {
    ok(await mgr.post('/api/products/L-1/overrides', { kind: 'order_qty', qty: 0, reason: '이번 달은 발주 안 함' }), 201);
  });
  assert.notDeepEqual(row(after), row(before));
  assert.equal(row(after).overridden, true);
});

test('a finished forecast run (published by the server itself)', async () => {
  let id;
  const { before, after, ev } = await change('forecast_run', async () => {
    id = ok(await boss.post('/api/forecast-runs'), 202).id;
  });
  assert.equal(ev.data.by, null);
  assert.equal(JSON.parse(after).run.id, id);
  assert.notEqual(JSON.parse(before).run?.id, id);
  assert.equal(row(after).forecast_run_id, id);
});
