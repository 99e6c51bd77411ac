// stock_runs.test.mjs — planning from a forecast run made by the server itself: the run stores
// the 30/60/90-day totals at every level the service-level rule reads (0.1 … 0.99), and GET
// /api/stock then plans from that run — its 30-day figure is the product forecast's first 30
// days, the service-level safety stock is the stored 95 % quantile over the lead time (at
// least the mean demand over it), and a higher product level gives a higher safety stock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kstDate = (back = 0) => new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
let srv, boss;

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A' });
  boss = await srv.login('boss');
  const sup = await boss.post('/api/suppliers', { name: '한빛상사', lead_time_days: 10 });
  assert.equal(sup.status, 201, sup.text);
  const p = await boss.post('/api/products', { sku: 'EX', name: '꾸준한 상품', supplier_id: sup.json.id,
    safety_stock_rule: 'service_level', monthly_demand: 1 });
  assert.equal(p.status, 201, p.text);
  const move = async (body) => assert.equal((await boss.post('/api/movements', body)).status, 201);
  await move({ sku: 'EX', type: 'inbound', qty: 1000, date: kstDate(70) });
  // 1 to 5 a day over 60 days: demand with some spread
  for (let back = 1; back <= 60; back++) await move({ sku: 'EX', type: 'outbound', qty: 1 + (back * 7) % 5, date: kstDate(back) });
});
after(async () => { await srv.stop(); });

test('a server run stores the levels, and the view plans from it', async () => {
  const res = await boss.post('/api/forecast-runs');
  assert.equal(res.status, 202, res.text);
  let run;
  for (const t0 = Date.now(); ; await sleep(100)) {
    run = (await boss.get(`/api/forecast-runs/${res.json.id}`)).json;
    if (run.status === 'done' || run.status === 'failed') break;
    assert.ok(Date.now() - t0 < 180000, 'run still going');
  }
  assert.equal(run.status, 'done', run.error);
  const py = spawnSync('/usr/bin/python3', ['-c', `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT days, group_concat(level) FROM (SELECT days, level FROM forecast_total_quantiles"
                  " WHERE run_id = ? ORDER BY days, level) GROUP BY days", (int(sys.argv[2]),)).fetchall()
print(json.dumps(rows))`, srv.db, String(run.id)], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const levels = '0.1,0.5,0.8,0.9,0.95,0.975,0.99';
  assert.deepEqual(JSON.parse(py.stdout), [[30, levels], [60, levels], [90, levels]]);

  const fc = (await boss.get('/api/products/EX/forecast')).json;
  const sum30 = fc.days.slice(0, 30).reduce((s, d) => s + d.mean, 0);
  const row = (await boss.get('/api/stock?sku=EX')).json.items[0];
  assert.equal(row.forecast_run_id, run.id);
  assert.equal(row.demand_basis, 'forecast');
  assert.ok(Math.abs(row.forecast_30 - Math.round(sum30)) <= 1, `${row.forecast_30} vs ${sum30}`);
  assert.deepEqual(row.problems, []);
  assert.equal(row.safety.basis, 'forecast');
  assert.equal(row.safety.fallback, false);
  assert.equal(row.safety_stock, Math.ceil(row.safety.quantile - 1e-9));
  assert.ok(row.safety_stock >= Math.ceil(row.forecast_30 * 10 / 30), JSON.stringify(row.safety));
  assert.match(row.safety.text, /리드타임 10일 동안의 출고가 95% 확률로 넘지 않는 양/);
  // 99 % asks for more stock than 95 %
  assert.equal((await boss.patch('/api/products/EX', { service_level: 99 })).status, 200);
  const hi = (await boss.get('/api/stock?sku=EX')).json.items[0];
  assert.ok(hi.safety_stock >= row.safety_stock, `${hi.safety_stock} < ${row.safety_stock}`);
  assert.equal(hi.safety.service_level, 99);
});
