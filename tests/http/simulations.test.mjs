// simulations.test.mjs — 정책 시뮬레이션 in the server: a small shop whose demand and ledger
// are known exactly; a simulation runs off the request threads to its end with progress;
// its numbers equal `jaego simulate` on the same data exported as CSV (sales as the ledger's
// outbound, products with their lead time, MOQ, order multiple, unit cost and the ledger's
// balance on the first morning); served + lost = demand and fill rate = served ÷ demand;
// the chart of one product and of the shop; roles (managers and masters only), another
// organisation's simulation is 404, one at a time per organisation, and every refusal has
// a stable code and a Korean message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, startServer } from './lib.mjs';

const hangul = /[가-힣]/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DAY = 86400e3;
/** The KST date `back` days before today. */
const kst = (back = 0) => new Date(Date.now() + 9 * 3600e3 - back * DAY).toISOString().slice(0, 10);

const FROM_BACK = 60;
const HISTORY = 130;
const PRODUCTS = [
  { sku: 'SIM-A', name: '데일리 텀블러', lead_time_days: 7, moq: 1, unit_cost: 1000 },
  { sku: 'SIM-B', name: '캠핑 의자', lead_time_days: 15, moq: 12, order_multiple: 6, unit_cost: 8000 },
  { sku: 'SIM-C', name: '녹차 티백', unit_cost: 3000 }, // no lead time: the 7-day default
];
/** Units sold of product i on the day `back` days ago (every day, so the CSV is the ledger). */
const opening0 = (i) => 470 + 40 * i;
const sold = (i, back) => 3 + ((back * 7 + i * 5) % 6) + (back % 23 === 0 ? 15 : 0);

let srv, boss, mgr, staff, viewer, other;
before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A' });
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await srv.addUser({ login: 'staff1', role: 'staff', org: '가게A' });
  await srv.addUser({ login: 'view1', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  [boss, mgr, staff, viewer, other] = await Promise.all(
    ['boss', 'mgr', 'staff1', 'view1', 'bossb'].map((l) => srv.login(l)));
  for (const [i, p] of PRODUCTS.entries()) {
    const res = await boss.post('/api/products', p);
    assert.equal(res.status, 201, res.text);
    // stock before the period, and a receipt on its first day (the real shop's, not counted)
    for (const back of [HISTORY, FROM_BACK]) {
      const r = await boss.post('/api/movements', { sku: p.sku, type: 'inbound', qty: opening0(i), date: kst(back) });
      assert.equal(r.status, 201, r.text);
    }
    for (let back = HISTORY - 1; back >= 1; back--) {
      const r = await boss.post('/api/movements', { sku: p.sku, type: 'outbound', qty: sold(i, back), date: kst(back) });
      assert.equal(r.status, 201, r.text);
    }
  }
  assert.equal((await other.post('/api/products', { sku: 'B-ONLY', name: '다른 가게 상품' })).status, 201);
});
after(async () => { await srv.stop(); });

/** Polls a simulation to its end; returns it with the stages seen. */
async function waitSim(c, id, ms = 240000) {
  const stages = new Set();
  const t0 = Date.now();
  for (;;) {
    const res = await c.get(`/api/simulations/${id}`);
    assert.equal(res.status, 200, res.text);
    stages.add(res.json.progress.stage);
    if (res.json.status === 'done' || res.json.status === 'failed') return { sim: res.json, stages };
    if (Date.now() - t0 > ms) throw new Error(`simulation ${id} still ${res.json.status}`);
    await sleep(50);
  }
}

function assertRefused(res, status, code) {
  assert.equal(res.status, status, res.text);
  const e = res.json.error;
  const codes = [e.code, ...(e.details || []).map((d) => d.code)];
  assert.ok(codes.includes(code), `${code} not in ${codes.join(',')}`);
  assert.match(e.message, hangul);
}

let done; // the first simulation, finished
test('a manager runs a simulation to its end; its numbers are those of jaego simulate on the same data', async () => {
  const from = kst(FROM_BACK);
  const to = kst(1);
  const res = await mgr.post('/api/simulations', { skus: 'all', from, to });
  assert.equal(res.status, 202, res.text);
  assert.equal(res.json.created, true);
  assert.equal(res.json.products, 3);
  assert.deepEqual(res.json.policies, ['document', 'service_level', 'minmax', 'jaego']);
  assert.equal(res.json.target_fill, 0.95);
  const { sim, stages } = await waitSim(mgr, res.json.id);
  assert.equal(sim.status, 'done', sim.error);
  assert.ok(stages.has('done'));
  assert.equal(sim.progress.done, sim.progress.total);
  assert.equal(sim.progress.total, Math.floor((FROM_BACK - 1) / 7) + 1);
  done = sim;
  const r = sim.result;

  // every figure holds together: served + lost = demand, fill rate = served ÷ demand
  for (const m of [...r.totals, ...r.items.flatMap((i) => i.policies)]) {
    assert.ok(m.lost_units >= 0 && m.lost_units <= m.demand_units);
    assert.equal(m.fill_rate, Math.round(((m.demand_units - m.lost_units) / m.demand_units) * 1e4) / 1e4);
  }
  let demand = 0;
  for (let back = FROM_BACK; back >= 1; back--) PRODUCTS.forEach((_, i) => { demand += sold(i, back); });
  for (const m of r.totals) assert.equal(m.demand_units, demand);
  const byS = Object.fromEntries(r.items.map((i) => [i.sku, i]));
  assert.equal(byS['SIM-C'].lead_time_days, 7);
  assert.equal(byS['SIM-C'].lead_time_default, true);
  assert.equal(byS['SIM-B'].lead_time_default, false);

  // the same data through the command line
  const dir = fs.mkdtempSync(path.join(srv.dir, 'cli-'));
  const sales = ['date,sku,qty'];
  for (let back = HISTORY - 1; back >= 1; back--) PRODUCTS.forEach((p, i) => sales.push(`${kst(back)},${p.sku},${sold(i, back)}`));
  fs.writeFileSync(path.join(dir, 'sales.csv'), sales.join('\n') + '\n');
  const prows = ['sku,lead_time_days,moq,order_multiple,unit_cost,on_hand,expiry_days'];
  PRODUCTS.forEach((p, i) => {
    let opening = opening0(i);
    for (let back = HISTORY - 1; back > FROM_BACK; back--) opening -= sold(i, back);
    assert.equal(byS[p.sku].opening_on_hand, opening);
    prows.push(`${p.sku},${p.lead_time_days ?? 7},${p.moq ?? 1},${p.order_multiple ?? ''},${p.unit_cost},${opening},`);
  });
  fs.writeFileSync(path.join(dir, 'products.csv'), prows.join('\n') + '\n');
  const out = runCli(['simulate', '--input', path.join(dir, 'sales.csv'), '--products', path.join(dir, 'products.csv'),
    '--policy', 'document,service_level,minmax,jaego', '--from', from, '--to', to, '--threads', '1',
    '--summary', path.join(dir, 'summary.csv')]);
  assert.equal(out.status, 0, out.stderr);
  const lines = fs.readFileSync(path.join(dir, 'summary.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  let compared = 0;
  for (const line of lines.slice(1)) {
    const row = Object.fromEntries(line.split(',').map((v, k) => [head[k], v]));
    const m = row.sku === 'ALL' ? r.totals.find((x) => x.policy === row.policy)
      : byS[row.sku].policies.find((x) => x.policy === row.policy);
    for (const k of ['stockout_days', 'orders', 'expired_units', 'demand_units', 'lost_units']) {
      assert.equal(m[k], Number(row[k]), `${row.policy} ${row.sku} ${k}`);
    }
    assert.equal(m.fill_rate.toFixed(4), row.fill_rate, `${row.policy} ${row.sku} fill_rate`);
    assert.equal(m.avg_stock_value, Number(row.avg_stock_value), `${row.policy} ${row.sku} avg_stock_value`);
    compared++;
  }
  assert.equal(compared, 4 * 4);
});

test('the chart: the shop\'s stock value per policy per day, or one product\'s units, with stock-out days', async () => {
  const c = done.result.chart;
  assert.equal(c.unit, 'value');
  assert.equal(c.sku, null);
  assert.equal(c.dates.length, FROM_BACK);
  assert.equal(c.dates[0], kst(FROM_BACK));
  assert.equal(c.series.length, 4);
  const one = await mgr.get(`/api/simulations/${done.id}?sku=SIM-B`);
  assert.equal(one.status, 200, one.text);
  const oc = one.json.result.chart;
  assert.equal(oc.unit, 'units');
  assert.equal(oc.sku, 'SIM-B');
  for (const s of oc.series) {
    const m = one.json.result.items.find((i) => i.sku === 'SIM-B').policies.find((p) => p.policy === s.policy);
    assert.equal(s.stockout_dates.length, m.stockout_days, s.policy);
    const avg = s.values.reduce((a, b) => a + b, 0) / s.values.length;
    assert.ok(Math.abs(avg - m.avg_on_hand) < 0.01, `${s.policy} ${avg} ${m.avg_on_hand}`);
    for (const d of s.stockout_dates) assert.ok(c.series.find((x) => x.policy === s.policy).stockout_dates.includes(d));
  }
  assertRefused(await mgr.get(`/api/simulations/${done.id}?sku=NOPE`), 404, 'simulation_product_not_found');
});

test('only managers and masters; another organisation sees nothing', async () => {
  for (const c of [staff, viewer]) {
    assertRefused(await c.post('/api/simulations', {}), 403, 'forbidden');
    assertRefused(await c.get(`/api/simulations/${done.id}`), 403, 'forbidden');
  }
  assertRefused(await other.get(`/api/simulations/${done.id}`), 404, 'simulation_not_found');
  assertRefused(await mgr.get('/api/simulations/999999'), 404, 'simulation_not_found');
  assertRefused(await other.post('/api/simulations', { skus: ['SIM-A'] }), 400, 'unknown_sku');
  assert.equal((await boss.get(`/api/simulations/${done.id}`)).status, 200);
});

test('bad requests are refused with stable codes and Korean messages', async () => {
  const cases = [
    [{ from: '2025-02-30' }, 'bad_date'],
    [{ to: kst(0) }, 'bad_period'],
    [{ from: kst(5), to: kst(10) }, 'bad_period'],
    [{ from: kst(400), to: kst(1) }, 'period_too_long'],
    [{ skus: [] }, 'no_products'],
    [{ skus: 'some' }, 'bad_skus'],
    [{ skus: ['SIM-A', 'NOPE'] }, 'unknown_sku'],
    [{ skus: Array.from({ length: 501 }, (_, k) => `X-${k}`) }, 'too_many_products'],
    [{ policies: ['document', 'magic'] }, 'unknown_policy'],
    [{ policies: [] }, 'unknown_policy'],
    [{ target_fill: 95 }, 'bad_target_fill'],
    [{ review_days: 0 }, 'out_of_range'],
    [{ colour: 'red' }, 'unknown_field'],
  ];
  for (const [body, code] of cases) assertRefused(await mgr.post('/api/simulations', body), 400, code);
  await srv.addUser({ login: 'bossc', role: 'master', org: '빈가게' });
  const empty = await srv.login('bossc');
  assertRefused(await empty.post('/api/simulations', {}), 400, 'no_products');
});

test('one simulation at a time per organisation: a second start gets the running one', async () => {
  const body = { skus: ['SIM-A', 'SIM-B'], from: kst(300), to: kst(1), review_days: 1, policies: ['jaego'] };
  const [a, b] = await Promise.all([mgr.post('/api/simulations', body), boss.post('/api/simulations', body)]);
  const created = [a, b].filter((r) => r.status === 202);
  const joined = [a, b].filter((r) => r.status === 200);
  assert.equal(created.length, 1, `${a.status} ${b.status}`);
  assert.equal(joined.length, 1);
  assert.equal(joined[0].json.created, false);
  assert.equal(joined[0].json.id, created[0].json.id);
  const { sim } = await waitSim(mgr, created[0].json.id);
  assert.equal(sim.status, 'done', sim.error);
  assert.deepEqual(sim.result.totals.map((m) => m.policy), ['jaego']);
  assert.equal(sim.result.items.length, 2);
});
