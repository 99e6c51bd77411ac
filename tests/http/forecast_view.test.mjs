// forecast_view.test.mjs — the product page's forecast view (GET
// /api/products/{sku}/forecast-view) against the real server: a small shop with a finished
// run, an event, an open purchase order and a correction. Its numbers equal those of the
// forecast route, of GET /api/stock?sku= and of the planning rule (projected stock day by
// day); the history is the demand the run counted; the candidates are stored ranked with
// one chosen; holidays and events fall in the shown days; products without a forecast still
// get history and stock with the forecast route's reason; roles, 404s and bad days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

const hangul = /[가-힣]/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The KST date `back` days before today (negative: after). */
function kstDate(back = 0) {
  return new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
}

function ok(res, status = 200) {
  assert.equal(res.status, status, res.text);
  return res.json;
}

async function runForecast(c) {
  const res = await c.post('/api/forecast-runs');
  assert.ok([200, 202].includes(res.status), res.text);
  for (let i = 0; i < 3600; i++) {
    const run = ok(await c.get(`/api/forecast-runs/${res.json.id}`));
    if (run.status === 'done') return run;
    assert.notEqual(run.status, 'failed', run.error);
    await sleep(50);
  }
  throw new Error('run did not finish');
}

let srv, boss, mgr, viewer, other;
const V = (sku, q = '') => `/api/products/${encodeURIComponent(sku)}/forecast-view${q}`;

before(async () => {
  srv = await startServer({ runner: 'queue' });
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A' });
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await srv.addUser({ login: 'view1', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  [boss, mgr, viewer, other] = await Promise.all(['boss', 'mgr', 'view1', 'bossb'].map((l) => srv.login(l)));
  const sup = ok(await mgr.post('/api/suppliers', { name: '한빛상사', lead_time_days: 10 }), 201).id;
  for (const p of [
    { sku: 'FV', name: '예측 보기 냄비', supplier_id: sup, safety_stock_rule: 'forecast_lead_time', monthly_demand: 200, unit_cost: 5000 },
    { sku: 'NOHIST', name: '이력 없는 상품', supplier_id: sup, monthly_demand: 300 },
  ]) ok(await boss.post('/api/products', p), 201);
  ok(await boss.post('/api/products', { sku: 'SETV', name: '세트', kind: 'set', components: [{ sku: 'FV', qty: 2 }] }), 201);
  ok(await boss.post('/api/movements', { sku: 'FV', type: 'inbound', qty: 900, date: kstDate(130) }), 201);
  ok(await boss.post('/api/movements', { sku: 'NOHIST', type: 'inbound', qty: 40, date: kstDate(3) }), 201);
  // a weekly shape over 120 days, and one outbound that is reversed (not demand)
  for (let back = 1; back <= 120; back++) {
    ok(await boss.post('/api/movements', { sku: 'FV', type: 'outbound', qty: 1 + (back % 7) + (back % 3), date: kstDate(back) }), 201);
  }
  const big = ok(await boss.post('/api/movements', { sku: 'FV', type: 'outbound', qty: 50, date: kstDate(5) }), 201);
  ok(await boss.post(`/api/movements/${big.movement.id}/reverse`, { memo: '잘못 입력' }), 201);
  // a set shipped: its outbound is recorded on the component (2 each)
  ok(await boss.post('/api/movements', { sku: 'SETV', type: 'outbound', qty: 3, date: kstDate(2) }), 201);
  ok(await boss.post('/api/events', { name: '가을 할인전', date: kstDate(-10), days_before: 1, days_after: 2, kind: 'promotion' }), 201);
  ok(await boss.post('/api/events', { name: '오래된 행사', date: kstDate(1500) }), 201);
  const po = ok(await mgr.post('/api/purchase-orders', { supplier_id: sup, expected_date: kstDate(-20), lines: [{ sku: 'FV', qty: 300 }] }), 201);
  ok(await mgr.post(`/api/purchase-orders/${po.id}/order`, {}));
  await runForecast(boss);
});

after(async () => { await srv?.stop(); });

test('the forecast part equals GET /api/products/{sku}/forecast, corrections included', async () => {
  ok(await mgr.post('/api/products/FV/overrides', { kind: 'forecast', window_days: 30, qty: 400, reason: '행사 예정' }), 201);
  const view = ok(await viewer.get(V('FV')));
  const fc = ok(await viewer.get('/api/products/FV/forecast'));
  assert.deepEqual(view.forecast, fc);
  assert.equal(view.forecast_missing, null);
  assert.equal(view.forecast.overridden, true);
  assert.equal(view.date, kstDate(0));
});

test('history: the demand the run counted, the last N days up to yesterday', async () => {
  const fc = ok(await boss.get('/api/products/FV/forecast'));
  const all = ok(await boss.get(V('FV', '?days=730'))).history;
  assert.equal(all.days.length, 730);
  assert.equal(all.to, kstDate(1));
  assert.equal(all.from, kstDate(730));
  // 120 days of history are all inside: the same total as the run's, reversal left out
  assert.equal(all.total, fc.history_total);
  const byDate = new Map(all.days.map((d) => [d.date, d.qty]));
  assert.equal(byDate.get(kstDate(2)), 1 + (2 % 7) + (2 % 3) + 6); // + the set's 3 × 2
  assert.equal(byDate.get(kstDate(5)), 1 + 5 + 2); // the reversed 50 is not demand
  assert.equal(byDate.get(kstDate(200)), 0);
  const def = ok(await boss.get(V('FV'))).history;
  assert.equal(def.days.length, 180);
  assert.deepEqual(def.days, all.days.slice(-180));
  assert.equal(ok(await boss.get(V('FV', '?days=7'))).history.days.length, 7);
});

test('stock: the planning row of GET /api/stock?sku= and the projection day by day', async () => {
  const view = ok(await mgr.get(V('FV')));
  const stock = ok(await mgr.get('/api/stock?sku=FV'));
  assert.deepEqual(view.stock.planning, stock.items[0]);
  const row = view.stock.planning;
  const days = view.stock.days;
  assert.equal(days.length, 90);
  assert.equal(days[0].date, kstDate(0));
  // the forecast days are the effective ones from today on (the run was made today)
  view.forecast.days.forEach((d, i) => assert.ok(Math.abs(days[i].demand - d.effective) < 1e-6, d.date));
  // on hand + receipts on their expected day − the effective daily demand, cumulated
  const po = view.purchase_orders;
  assert.equal(po.length, 1);
  assert.equal(po[0].open_qty, 300);
  assert.equal(po[0].supplier.name, '한빛상사');
  assert.equal(po[0].expected_date, kstDate(-20));
  assert.equal(po[0].late, false);
  let s = row.on_hand;
  let depletion = null;
  let below = null;
  days.forEach((d) => {
    assert.equal(d.arriving, d.date === po[0].expected_date ? po[0].open_qty : 0, d.date);
    s += d.arriving - view.forecast.days.find((f) => f.date === d.date).effective;
    assert.ok(Math.abs(d.stock - s) < 1e-6, `${d.date}: ${d.stock} vs ${s}`);
    if (depletion === null && d.stock <= 0) depletion = d.date;
    if (below === null && d.stock < row.safety_stock) below = d.date;
  });
  assert.equal(row.depletion_date, depletion);
  assert.equal(row.below_safety_date, below);
  assert.equal(row.open_qty, 300);
  assert.ok(row.safety_stock > 0);
});

test('the chosen model and the candidates it beat, stored ranked and in words', async () => {
  const view = ok(await viewer.get(V('FV')));
  const ex = view.explanation;
  assert.equal(ex.model, view.forecast.model);
  assert.match(ex.model_text, hangul);
  assert.deepEqual(ex.metrics, view.forecast.metrics);
  assert.ok(ex.candidates.length >= 2, JSON.stringify(ex));
  ex.candidates.forEach((c, i) => {
    assert.equal(c.rank, i + 1);
    assert.match(c.text, /[가-힣]|ARIMA/);
  });
  const chosen = ex.candidates.filter((c) => c.chosen);
  assert.equal(chosen.length, 1);
  assert.equal(chosen[0].model, ex.model);
  assert.equal(chosen[0].mae, ex.metrics.mae);
  assert.equal(ex.beaten, ex.candidates.filter((c) => c.ok && c.rank > chosen[0].rank).length);
  assert.match(ex.accuracy_text, /^지난 판매를 되짚어 예측해 보니 하루 평균 [\d.,]+개 빗나갔습니다/);
  assert.equal(ex.rank_text, `후보 ${ex.candidates.length}개 중 ${chosen[0].rank}위: ${ex.model_text}`);
  const snaive = ex.candidates.find((c) => c.model === 'snaive' && c.ok);
  if (snaive) {
    assert.equal(ex.snaive_mae, snaive.mae);
    assert.match(ex.accuracy_text, /지난주 판매를 그대로 쓰는 방법(보다 \d+% [덜더]|과 비슷하게) 빗나갑니다\.$/);
  }
  if (ex.model.startsWith('combo(')) {
    const parts = ex.candidates.filter((c) => c.part_of_combo).map((c) => c.model).sort();
    assert.deepEqual(parts, ex.model.slice(6, -1).split('+').sort());
  }
});

test('holidays and events over the shown days', async () => {
  const view = ok(await viewer.get(V('FV', '?days=730')));
  const last = view.forecast.days.at(-1).date;
  for (const h of view.holidays) {
    assert.ok(h.date >= view.history.from && h.date <= last, h.date);
    assert.match(h.name, hangul);
  }
  // two years always hold a 설날 and a 추석
  assert.ok(view.holidays.some((h) => h.name.includes('추석')));
  assert.ok(view.holidays.some((h) => h.name.includes('설날')));
  assert.deepEqual(view.events.map((e) => e.name), ['가을 할인전']);
  const e = view.events[0];
  assert.equal(e.date, kstDate(-10));
  assert.equal(e.from, kstDate(-9));
  assert.equal(e.to, kstDate(-12));
  assert.equal(e.kind, 'promotion');
});

test('without a forecast the view says why and still shows history and stock', async () => {
  const view = ok(await viewer.get(V('NOHIST')));
  const fc = await viewer.get('/api/products/NOHIST/forecast');
  assert.equal(fc.status, 404);
  assert.equal(view.forecast, null);
  assert.equal(view.explanation, null);
  assert.equal(view.forecast_missing.reason, fc.json.error.details[0].reason);
  assert.equal(view.forecast_missing.reason, 'no_history');
  assert.equal(view.forecast_missing.message, fc.json.error.message);
  assert.match(view.forecast_missing.message, hangul);
  assert.equal(view.history.total, 0);
  assert.equal(view.stock.planning.on_hand, 40, JSON.stringify(view.stock.planning));
  assert.equal(view.stock.planning.demand_basis, 'monthly_demand');
  assert.equal(view.stock.days.length, 90);
  assert.equal(view.stock.days[0].stock, 40 - view.stock.days[0].demand);
  assert.ok(Math.abs(view.stock.days[0].demand - 10) < 1e-9); // 300 a month
  const set = ok(await viewer.get(V('SETV')));
  assert.equal(set.forecast_missing.reason, 'set');
  assert.deepEqual(set.stock.days, []);
});

test('roles, organisations, 404s and bad days', async () => {
  assert.equal((await srv.client().get(V('FV'))).status, 401);
  const missing = await viewer.get(V('NOPE'));
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.code, 'sku_not_found');
  assert.match(missing.json.error.message, hangul);
  // another organisation: no such product, and a product of its own has no run yet
  assert.equal((await other.get(V('FV'))).json.error.code, 'sku_not_found');
  ok(await other.post('/api/products', { sku: 'B1', name: '다른 가게 상품' }), 201);
  const b = ok(await other.get(V('B1')));
  assert.equal(b.forecast_missing.reason, 'no_run');
  assert.deepEqual(b.events, []);
  assert.deepEqual(b.purchase_orders, []);
  for (const q of ['?days=0', '?days=731', '?days=abc', '?days=-5']) {
    const res = await viewer.get(V('FV', q));
    assert.equal(res.status, 400, q);
    assert.match(res.json.error.message, hangul);
  }
});
