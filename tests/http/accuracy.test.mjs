// accuracy.test.mjs — the forecast accuracy reports (예측 정확도, 실제 vs 예측) on a small
// shop whose demand is known exactly: forecast runs made "as of" earlier days, their
// errors recomputed here by hand from the stored daily forecasts and the known sales (MAE,
// RMSE, MASE against the 7-day seasonal naive scale, WAPE undefined when nothing sold,
// bias, pooled per category and overall), the actual demand's definition (a reversed
// outbound, a stocktake and today's outbound are no demand; a set counts on its
// component), the acting-forecast rule of 실제 vs 예측 (each day follows the run whose
// history ended last before it, not the newest id), workbooks with the JSON's numbers,
// roles, another organisation, and planning still reading the newest run by history end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './lib.mjs';

const PY = '/usr/bin/python3';
const hangul = /[가-힣]/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The KST date `back` days before today. */
function kstDate(back = 0) {
  return new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
}

// The shop's demand, by days back from today (1 = yesterday):
//   EX  days 80..1: 2, +4 on every 7th day back, +1 on every 3rd (category 가공);
//       an outbound of 50 twelve days back is reversed, a stocktake finds 7 missing,
//       and today's outbound of 9 is not history yet;
//   CO  component of SET (3 per set): one set a day, days 75..1 → 3 a day (category 부품);
//   ST  1 a day on days 80..30, then nothing: no sales in the scored days (category 가공).
const exQty = (back) => 2 + (back % 7 === 0 ? 4 : 0) + (back % 3 === 0 ? 1 : 0);
const demand = {
  EX: (back) => (back >= 1 && back <= 80 ? exQty(back) : 0),
  CO: (back) => (back >= 1 && back <= 75 ? 3 : 0),
  ST: (back) => (back >= 30 && back <= 80 ? 1 : 0),
};
const firstBack = { EX: 80, CO: 75, ST: 80 };

let srv, boss, viewer, staff, other, tmp;
before(async () => {
  srv = await startServer({ runner: 'queue' });
  await srv.addUser({ login: 'boss', role: 'master', org: '정확상회' });
  await srv.addUser({ login: 'view', role: 'viewer', org: '정확상회' });
  await srv.addUser({ login: 'staff', role: 'staff', org: '정확상회' });
  await srv.addUser({ login: 'other', role: 'master', org: '다른상회' });
  [boss, viewer, staff, other] = await Promise.all(
    ['boss', 'view', 'staff', 'other'].map((l) => srv.login(l)));
  tmp = fs.mkdtempSync(path.join(srv.dir, 'xlsx-'));
});
after(async () => { await srv.stop(); });

async function move(c, body) {
  const res = await c.post('/api/movements', body);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function makeShop(c) {
  for (const p of [
    { sku: 'EX', name: '정확한 상품', category: '가공' },
    { sku: 'CO', name: '구성품', category: '부품' },
    { sku: 'ST', name: '판매 멈춘 상품', category: '가공' },
  ]) assert.equal((await c.post('/api/products', p)).status, 201);
  const set = await c.post('/api/products', {
    sku: 'SET', name: '세트', kind: 'set', components: [{ sku: 'CO', qty: 3 }],
  });
  assert.equal(set.status, 201, set.text);
  for (const sku of ['EX', 'CO', 'ST']) await move(c, { sku, type: 'inbound', qty: 10000, date: kstDate(90) });
  for (let back = 80; back >= 1; back--) {
    await move(c, { sku: 'EX', type: 'outbound', qty: exQty(back), date: kstDate(back) });
    if (back <= 75) await move(c, { sku: 'SET', type: 'outbound', qty: 1, date: kstDate(back) });
    if (back >= 30) await move(c, { sku: 'ST', type: 'outbound', qty: 1, date: kstDate(back) });
  }
  const big = await move(c, { sku: 'EX', type: 'outbound', qty: 50, date: kstDate(12) });
  const rev = await c.post(`/api/movements/${big.movement.id}/reverse`, { memo: '주문 취소' });
  assert.equal(rev.status, 201, rev.text);
  let sold = 0;
  for (let back = 80; back >= 1; back--) sold += exQty(back);
  // the count finds 7 fewer than the ledger holds
  await move(c, { sku: 'EX', type: 'adjust', qty: 10000 - sold - 7, date: kstDate(1), memo: '재고 실사' });
  await move(c, { sku: 'EX', type: 'outbound', qty: 9 });
}

async function waitRun(c, id) {
  for (let i = 0; i < 3000; i++) {
    const res = await c.get(`/api/forecast-runs/${id}`);
    assert.equal(res.status, 200, res.text);
    if (res.json.status === 'done' || res.json.status === 'failed') return res.json;
    await sleep(50);
  }
  throw new Error(`run ${id} did not finish`);
}

async function runAsOf(c, asOf) {
  const res = await c.post('/api/forecast-runs', asOf ? { as_of: asOf } : {});
  assert.equal(res.status, 202, res.text);
  const run = await waitRun(c, res.json.id);
  assert.equal(run.status, 'done', run.error);
  return run;
}

/** MAE, RMSE, MASE, WAPE, bias of forecasts f against actuals a, with MASE scale. */
function metrics(f, a, scale) {
  const n = f.length;
  let abs = 0; let sq = 0; let err = 0; let act = 0;
  for (let i = 0; i < n; i++) {
    const e = f[i] - a[i];
    abs += Math.abs(e); sq += e * e; err += e; act += a[i];
  }
  const mae = abs / n;
  return {
    n, abs, sq, err, act, mae, rmse: Math.sqrt(sq / n), bias: err / n,
    wape: act > 0 ? abs / act : null, mase: scale > 0 ? mae / scale : null,
  };
}

/** The seasonal naive (7 days) in-sample MAE of sku's history up to `lastBack` days back. */
function naiveScale(sku, lastBack) {
  const y = [];
  for (let back = firstBack[sku]; back >= lastBack; back--) y.push(demand[sku](back));
  let s = 0;
  for (let t = 7; t < y.length; t++) s += Math.abs(y[t] - y[t - 7]);
  return y.length > 7 ? s / (y.length - 7) : NaN;
}

function close(actual, expected, what) {
  if (expected === null) {
    assert.equal(actual, null, what);
    return;
  }
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} ≠ ${expected}`);
}

function closeMetrics(got, exp, what) {
  for (const k of ['mae', 'rmse', 'mase', 'wape', 'bias']) close(got[k], exp[k], `${what} ${k}`);
}

let r1, r2, r3, r4;

test('backdated runs: history up to the day before as_of, forecast from as_of; bad as_of refused', async () => {
  await makeShop(boss);
  for (const [body, code] of [
    [{ as_of: kstDate(0) }, 'bad_as_of'], [{ as_of: kstDate(-3) }, 'bad_as_of'],
    [{ as_of: kstDate(400) }, 'bad_as_of'], [{ as_of: '2026-02-30' }, 'bad_date'],
    [{ as_of: '' }, 'bad_date'],
  ]) {
    const res = await boss.post('/api/forecast-runs', body);
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.error.details[0].code, code);
    assert.match(res.json.error.message, hangul);
  }
  const denied = await staff.post('/api/forecast-runs', { as_of: kstDate(20) });
  assert.equal(denied.status, 403);

  r1 = await runAsOf(boss, kstDate(20));
  assert.equal(r1.as_of, kstDate(20));
  assert.equal(r1.last_history_date, kstDate(21));
  assert.equal(r1.options.model_set, 'stat'); // the statistical models only
  assert.equal(r1.options.global_models, 'none'); // no models trained on later days
  r2 = await runAsOf(boss, kstDate(10));
  r3 = await runAsOf(boss, null); // today's
  assert.equal(r3.as_of, null);
  assert.equal(r3.last_history_date, kstDate(1));
  r4 = await runAsOf(boss, kstDate(15)); // made last, history ends before r2's and r3's
  assert.ok(r4.id > r3.id);
});

test('planning keeps reading the run whose history ends last, not the newest id', async () => {
  const f = await viewer.get('/api/products/EX/forecast');
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.run_id, r3.id);
  assert.equal(f.json.days[0].date, kstDate(0));
  const stock = await boss.get('/api/stock');
  assert.equal(stock.status, 200, stock.text);
  assert.equal(stock.json.run.id, r3.id);
});

/** The daily forecast of run `id` for sku over days back `from`..`to` (from ≥ to). */
async function forecastOf(c, id, sku, from, to) {
  const res = await c.get(`/api/reports/actual-vs-forecast?run=${id}&sku=${sku}&from=${kstDate(from)}&to=${kstDate(to)}`);
  assert.equal(res.status, 200, res.text);
  return res.json.days;
}

/** Expected per-product sums and metrics of run `id`, history ending `lastBack` days back. */
async function expected(id, lastBack) {
  const out = {};
  for (const sku of ['EX', 'CO', 'ST']) {
    const days = await forecastOf(viewer, id, sku, lastBack - 1, 1);
    days.forEach((d, i) => {
      // the actual demand's definition: the reversal, the stocktake and today are not in it
      assert.equal(d.actual, demand[sku](lastBack - 1 - i), `${sku} ${d.date}`);
      assert.equal(d.run_id, id);
    });
    out[sku] = metrics(days.map((d) => d.forecast), days.map((d) => d.actual), naiveScale(sku, lastBack));
  }
  return out;
}

function pooled(parts) {
  const n = parts.reduce((s, p) => s + p.n, 0);
  const abs = parts.reduce((s, p) => s + p.abs, 0);
  const act = parts.reduce((s, p) => s + p.act, 0);
  const mases = parts.map((p) => p.mase).filter((m) => m !== null);
  return {
    mae: abs / n, rmse: Math.sqrt(parts.reduce((s, p) => s + p.sq, 0) / n),
    bias: parts.reduce((s, p) => s + p.err, 0) / n, wape: act > 0 ? abs / act : null,
    mase: mases.length ? mases.reduce((s, m) => s + m, 0) / mases.length : null,
  };
}

test('a run is scored over its passed days with the metrics worked out here', async () => {
  const exp = await expected(r1.id, 21);
  assert.equal(exp.CO.mase, null); // 3 a day: the naive forecast is never wrong
  assert.equal(exp.ST.wape, null); // nothing sold in the scored days
  const res = await viewer.get(`/api/reports/accuracy/${r1.id}?sort=sku`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.run.days_passed, 20);
  assert.equal(res.json.run.progress, '20/90일 지남');
  assert.deepEqual(res.json.items.map((i) => i.sku), ['CO', 'EX', 'ST']);
  for (const item of res.json.items) {
    assert.equal(item.model.days, 20);
    closeMetrics(item.model, exp[item.sku], item.sku);
    closeMetrics(item.effective, exp[item.sku], `${item.sku} effective`); // no corrections
    assert.equal(item.corrected_days, 0);
  }
  closeMetrics(res.json.run.model, pooled([exp.EX, exp.CO, exp.ST]), 'overall');

  const cats = await viewer.get(`/api/reports/accuracy/${r1.id}?by=category&sort=category`);
  assert.equal(cats.status, 200, cats.text);
  assert.deepEqual(cats.json.items.map((i) => [i.category, i.products]), [['가공', 2], ['부품', 1]]);
  closeMetrics(cats.json.items[0].model, pooled([exp.EX, exp.ST]), '가공');
  closeMetrics(cats.json.items[1].model, pooled([exp.CO]), '부품');

  // the worst products: by MASE, the undefined ones left out
  const worst = res.json.worst.map((w) => w.sku);
  const byMase = ['EX', 'ST'].filter((s) => exp[s].mase !== null).sort((a, b) => exp[b].mase - exp[a].mase);
  assert.deepEqual(worst, byMase);

  // sort and limit
  const top = await viewer.get(`/api/reports/accuracy/${r1.id}?sort=mae&limit=1`);
  assert.equal(top.json.total, 3);
  assert.equal(top.json.items.length, 1);
  const maxMae = Object.entries(exp).sort((a, b) => b[1].mae - a[1].mae)[0][0];
  assert.equal(top.json.items[0].sku, maxMae);
});

test('the trend lists every run by history end with its passed days', async () => {
  const res = await viewer.get('/api/reports/accuracy');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.evaluated_until, kstDate(1));
  const runs = res.json.runs;
  assert.deepEqual(runs.map((r) => r.run_id), [r1.id, r4.id, r2.id, r3.id]);
  assert.deepEqual(runs.map((r) => r.days_passed), [20, 15, 10, 0]);
  assert.deepEqual(runs.map((r) => r.progress),
    ['20/90일 지남', '15/90일 지남', '10/90일 지남', '아직 평가할 날이 없습니다']);
  assert.equal(runs[0].as_of, kstDate(20));
  assert.equal(runs[3].as_of, null);
  assert.equal(runs[3].model.mae, null);
  const exp = await expected(r2.id, 11);
  closeMetrics(runs[2].model, pooled([exp.EX, exp.CO, exp.ST]), 'run 2 overall');
  // limit: the runs whose history ends last, still oldest first
  const last2 = await viewer.get('/api/reports/accuracy?limit=2');
  assert.deepEqual(last2.json.runs.map((r) => r.run_id), [r2.id, r3.id]);
  assert.equal((await viewer.get('/api/reports/accuracy?limit=0')).status, 400);
});

test('actual vs forecast: each day follows the run whose history ended last before it', async () => {
  const res = await viewer.get(`/api/reports/actual-vs-forecast?from=${kstDate(22)}&to=${kstDate(1)}`);
  assert.equal(res.status, 200, res.text);
  const days = res.json.days;
  assert.equal(days.length, 22);
  // 22, 21 days back: no run had forecast them; 20..16: r1; 15..11: r4 (made after r2 and
  // r3, but its history ends later than r1's); 10..1: r2 (today's run starts today)
  const want = (back) => (back > 20 ? null : back > 15 ? r1.id : back > 10 ? r4.id : r2.id);
  days.forEach((d, i) => assert.equal(d.run_id, want(22 - i), d.date));
  assert.equal(days[0].forecast, null);
  let act = 0; let fc = 0;
  for (const [i, d] of days.entries()) {
    const back = 22 - i;
    assert.equal(d.actual, demand.EX(back) + demand.CO(back) + demand.ST(back), d.date);
    act += d.actual;
    fc += d.forecast ?? 0;
    if (d.forecast === null) continue;
    // the total is the sum of the products' forecasts of the acting run
    const per = await Promise.all(['EX', 'CO', 'ST'].map((s) => forecastOf(viewer, d.run_id, s, back, back)));
    close(d.forecast, per.reduce((s, p) => s + p[0].forecast, 0), `${d.date} forecast`);
    const out = d.actual > d.p90 || d.actual > d.forecast * 1.5;
    const under = d.actual < d.p10 || d.actual < d.forecast * 0.5;
    assert.equal(d.deviation, out ? 'over' : under ? 'under' : null, d.date);
  }
  close(res.json.totals.actual, act, 'total actual');
  close(res.json.totals.forecast, fc, 'total forecast');
  assert.deepEqual(res.json.products.map((p) => p.sku), ['CO', 'EX', 'ST']);

  // run=ID fixes one run; a category narrows the products
  const fixed = await viewer.get(`/api/reports/actual-vs-forecast?run=${r1.id}&category=${encodeURIComponent('부품')}&from=${kstDate(20)}&to=${kstDate(1)}`);
  assert.equal(fixed.status, 200, fixed.text);
  assert.ok(fixed.json.days.every((d) => d.run_id === r1.id));
  assert.deepEqual(fixed.json.products.map((p) => p.sku), ['CO']);
  assert.equal(fixed.json.totals.actual, 60);
});

test('bad queries: Korean messages with stable codes', async () => {
  for (const [q, status, code] of [
    [`?to=${kstDate(0)}`, 400, 'bad_period'], [`?from=${kstDate(2)}&to=${kstDate(3)}`, 400, 'bad_period'],
    [`?from=${kstDate(400)}&to=${kstDate(1)}`, 400, 'bad_period'], ['?from=2026-02-30', 400, 'bad_date'],
    ['?sku=SET', 400, 'set_not_forecast'], ['?sku=NOPE', 404, 'sku_not_found'],
    ['?run=999999', 404, 'forecast_run_not_found'], ['?run=x', 400, null], ['?format=pdf', 400, 'bad_format'],
  ]) {
    const res = await viewer.get(`/api/reports/actual-vs-forecast${q}`);
    assert.equal(res.status, status, `${q}: ${res.text}`);
    assert.match(res.json.error.message, hangul);
    if (code) assert.ok(res.json.error.code === code || res.json.error.details[0]?.code === code, `${q}: ${res.text}`);
  }
  for (const [p, status, code] of [
    ['/api/reports/accuracy/999999', 404, 'forecast_run_not_found'],
    ['/api/reports/accuracy/abc', 404, 'forecast_run_not_found'],
    [`/api/reports/accuracy/${r1.id}?by=week`, 400, 'bad_by'],
    [`/api/reports/accuracy/${r1.id}?sort=name`, 400, 'bad_sort'],
    [`/api/reports/accuracy/${r1.id}?by=category&sort=sku`, 400, 'bad_sort'],
    [`/api/reports/accuracy/${r1.id}?limit=0`, 400, null],
  ]) {
    const res = await viewer.get(p);
    assert.equal(res.status, status, `${p}: ${res.text}`);
    assert.match(res.json.error.message, hangul);
    if (code) assert.ok(res.json.error.code === code || res.json.error.details[0]?.code === code, `${p}: ${res.text}`);
  }
});

test('every member reads the reports; another organisation sees none of them', async () => {
  for (const c of [viewer, staff, boss]) {
    assert.equal((await c.get('/api/reports/accuracy')).status, 200);
    assert.equal((await c.get(`/api/reports/accuracy/${r1.id}`)).status, 200);
  }
  const anon = await srv.client().get('/api/reports/accuracy');
  assert.equal(anon.status, 401);
  const mine = await other.get('/api/reports/accuracy');
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.json.runs, []);
  for (const p of [`/api/reports/accuracy/${r1.id}`, `/api/reports/actual-vs-forecast?run=${r1.id}`]) {
    const res = await other.get(p);
    assert.equal(res.status, 404, res.text);
    assert.equal(res.json.error.code, 'forecast_run_not_found');
  }
  assert.equal((await other.get('/api/reports/actual-vs-forecast?sku=EX')).json.error.code, 'sku_not_found');
  const empty = await other.get('/api/reports/actual-vs-forecast');
  assert.equal(empty.status, 200);
  assert.equal(empty.json.totals.actual, 0);
  assert.deepEqual(empty.json.products, []);
});

/** The rows of a workbook's sheets. */
function readXlsx(body, name) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, body);
  const py = spawnSync(PY, ['-c', `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}, ensure_ascii=False, default=str))
`, file], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  return JSON.parse(py.stdout);
}

test('the workbooks hold the JSON numbers under Korean headers', async () => {
  const q = `/api/reports/accuracy/${r1.id}?sort=sku`;
  const json = (await viewer.get(q)).json;
  const x = await viewer.get(`${q}&format=xlsx`);
  assert.equal(x.status, 200, x.text);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.match(x.headers.get('content-disposition'), /forecast-accuracy-run-\d+\.xlsx/);
  const sheets = readXlsx(x.body, 'run.xlsx');
  const rows = sheets['상품별'];
  assert.match(rows[0][0], /^예측 정확도/);
  assert.deepEqual(rows[2].slice(0, 11), ['마스터 SKU', '상품명', '분류', '평가 일수', '실제 판매', '예측',
    'MAE', 'RMSE', 'MASE', 'WAPE', '편향(예측−실제)']);
  json.items.forEach((it, i) => {
    const r = rows[3 + i];
    assert.deepEqual(r.slice(0, 5), [it.sku, it.name, it.category, it.model.days, it.model.actual]);
    const m = it.model;
    [m.forecast, m.mae, m.rmse, m.mase, m.wape, m.bias].forEach((v, k) => close(r[5 + k], v, `${it.sku} col ${5 + k}`));
  });
  assert.equal(sheets['가장 빗나간 상품'].length - 3, json.worst.length);

  const avfQ = `/api/reports/actual-vs-forecast?from=${kstDate(22)}&to=${kstDate(1)}`;
  const avf = (await viewer.get(avfQ)).json;
  const ax = readXlsx((await viewer.get(`${avfQ}&format=xlsx`)).body, 'avf.xlsx');
  const drows = ax['일별'];
  assert.equal(drows[2][0], '날짜');
  avf.days.forEach((d, i) => {
    const r = drows[3 + i];
    assert.equal(r[0], d.date);
    assert.equal(r[1], d.actual);
    close(r[2], d.forecast, `${d.date} forecast`);
    close(r[7], d.diff_pct, `${d.date} diff %`);
  });
  assert.deepEqual(ax['상품별'].slice(3).map((r) => [r[0], r[3]]), avf.products.map((p) => [p.sku, p.actual]));

  const trend = readXlsx((await viewer.get('/api/reports/accuracy?format=xlsx')).body, 'trend.xlsx')['예측 정확도'];
  assert.deepEqual(trend.slice(3).map((r) => [r[0], r[3]]),
    [[r1.id, '20/90일 지남'], [r4.id, '15/90일 지남'], [r2.id, '10/90일 지남'], [r3.id, '아직 평가할 날이 없습니다']]);
});
