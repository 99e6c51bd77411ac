// forecast_runs.test.mjs — forecast runs in the server: a run's life (queued → running →
// done) on a small shop whose demand is known exactly (outbound counts, a reversed outbound
// and a stocktake do not, a set's outbound counts toward its component), the product's
// forecast answer and its agreement with the run, the 404 with a Korean reason when there
// is none (too little history says how much is needed), roles (staff and viewers cannot
// start a run, everyone reads), one run at a time per organisation, another organisation's
// run is 404, the nightly schedule at the organisation's KST hour, and a server stopped in
// the middle of a run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, startServer } from './lib.mjs';

const hangul = /[가-힣]/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The KST date `back` days before today. */
function kstDate(back = 0) {
  return new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
}

/** Polls a run until it is done or failed; returns it with every status seen. */
async function waitRun(c, id, ms = 180000) {
  const seen = [];
  const t0 = Date.now();
  for (;;) {
    const res = await c.get(`/api/forecast-runs/${id}`);
    assert.equal(res.status, 200, res.text);
    if (seen[seen.length - 1] !== res.json.status) seen.push(res.json.status);
    if (res.json.status === 'done' || res.json.status === 'failed') return { run: res.json, seen };
    if (Date.now() - t0 > ms) throw new Error(`run ${id} still ${res.json.status}`);
    await sleep(50);
  }
}

async function move(c, body) {
  const res = await c.post('/api/movements', body);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

function assertNoForecast(res, reason) {
  assert.equal(res.status, 404, res.text);
  assert.equal(res.json.error.code, 'forecast_not_found');
  assert.match(res.json.error.message, hangul);
  assert.equal(res.json.error.details[0].reason, reason);
  return res.json.error;
}

// ------------------------------------------------------------------ the queue alone
// A server that runs no forecasts: runs stay queued, so the rules about the queue are
// seen without timing.

let q, qboss, qmgr, qstaff, qviewer, qother;
before(async () => {
  q = await startServer({ runner: 'off' });
  await q.addUser({ login: 'boss', role: 'master', org: '가게A' });
  await q.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await q.addUser({ login: 'staff1', role: 'staff', org: '가게A' });
  await q.addUser({ login: 'view1', role: 'viewer', org: '가게A' });
  await q.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  [qboss, qmgr, qstaff, qviewer, qother] = await Promise.all(
    ['boss', 'mgr', 'staff1', 'view1', 'bossb'].map((l) => q.login(l)));
});
after(async () => { await q.stop(); });

test('staff and viewers cannot start a run; a manager can; a second request gets the same run', async () => {
  for (const c of [qstaff, qviewer]) {
    const res = await c.post('/api/forecast-runs');
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.error.code, 'forbidden');
    assert.match(res.json.error.message, hangul);
  }
  assert.equal((await qviewer.get('/api/forecast-runs')).json.total, 0);

  const first = await qmgr.post('/api/forecast-runs');
  assert.equal(first.status, 202, first.text);
  assert.equal(first.json.created, true);
  assert.equal(first.json.status, 'queued');
  assert.equal(first.json.trigger, 'manual');
  assert.equal(first.json.requested_by.id, qmgr.user.id);
  assert.equal(first.json.horizon, 90);
  assert.equal(first.json.started_at, null);

  // While it is queued, asking again (an empty JSON body is fine too) starts nothing new.
  const again = await qboss.post('/api/forecast-runs', {});
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.created, false);
  assert.equal(again.json.id, first.json.id);

  // Everyone reads it.
  for (const c of [qviewer, qstaff]) {
    const list = await c.get('/api/forecast-runs');
    assert.equal(list.status, 200);
    assert.equal(list.json.total, 1);
    assert.equal(list.json.items[0].id, first.json.id);
    const one = await c.get(`/api/forecast-runs/${first.json.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.json.status, 'queued');
    assert.deepEqual(one.json.progress, { done: 0, total: 0 });
  }

  // Only the run that was created is in the audit log.
  const audit = await qboss.get('/api/audit?kind=forecast_run.');
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.json.items.length, 1);
  assert.equal(audit.json.items[0].entity_id, String(first.json.id));
});

test("another organisation's run is 404, and it has its own queue", async () => {
  const mine = (await qviewer.get('/api/forecast-runs')).json.items[0];
  const res = await qother.get(`/api/forecast-runs/${mine.id}`);
  assert.equal(res.status, 404);
  assert.equal(res.json.error.code, 'forecast_run_not_found');
  assert.match(res.json.error.message, hangul);
  assert.equal((await qother.get('/api/forecast-runs')).json.total, 0);
  const own = await qother.post('/api/forecast-runs');
  assert.equal(own.status, 202, own.text);
  assert.notEqual(own.json.id, mine.id);
});

test('bad requests are refused with a code and a Korean message', async () => {
  const extra = await qmgr.post('/api/forecast-runs', { horizon: 30 });
  assert.equal(extra.status, 400, extra.text);
  assert.match(extra.json.error.message, hangul);
  const notObject = await qmgr.post('/api/forecast-runs', '[]');
  assert.equal(notObject.status, 400);
  assert.equal(notObject.json.error.code, 'bad_json');
  for (const p of ['/api/forecast-runs/abc', '/api/forecast-runs/0', '/api/forecast-runs/999999']) {
    const r = await qviewer.get(p);
    assert.equal(r.status, 404, p);
    assert.equal(r.json.error.code, 'forecast_run_not_found');
  }
  const lim = await qviewer.get('/api/forecast-runs?limit=0');
  assert.equal(lim.status, 400);
  assert.match(lim.json.error.message, hangul);
  const noCsrf = await qmgr.post('/api/forecast-runs', undefined, { 'X-CSRF-Token': 'nope' });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.json.error.code, 'csrf_failed');
});

test('a product forecast before any run is done: 404 that says so', async () => {
  const p = await qmgr.post('/api/products', { sku: 'Q-1', name: '대기 상품' });
  assert.equal(p.status, 201, p.text);
  const err = assertNoForecast(await qviewer.get('/api/products/Q-1/forecast'), 'no_run');
  assert.match(err.message, /예측/);
  const none = await qviewer.get('/api/products/NOPE/forecast');
  assert.equal(none.status, 404);
  assert.equal(none.json.error.code, 'sku_not_found');
});

// ------------------------------------------------------------------ runs that run

let srv, boss, viewer, other;
before(async () => {
  srv = await startServer({ runner: 'queue' });
  await srv.addUser({ login: 'rboss', role: 'master', org: '상점R' });
  await srv.addUser({ login: 'rview', role: 'viewer', org: '상점R' });
  await srv.addUser({ login: 'rother', role: 'master', org: '상점S' });
  [boss, viewer, other] = await Promise.all(['rboss', 'rview', 'rother'].map((l) => srv.login(l)));
});
after(async () => { await srv.stop(); });

// The shop, with its exact demand:
//   EX  2 a day for the last 60 days (120); an outbound of 50 reversed, and a stocktake
//       that finds 7 missing, are no demand; today's outbound is not history yet;
//   CO  component of SET (3 per set): 45 days of one set a day = 135;
//   SH  5 days of history: too little; NO  never sold; SET  the set itself.
async function makeShop(c) {
  for (const p of [
    { sku: 'EX', name: '정확한 상품' }, { sku: 'CO', name: '구성품' },
    { sku: 'SH', name: '신상품' }, { sku: 'NO', name: '안 팔린 상품' },
  ]) assert.equal((await c.post('/api/products', p)).status, 201);
  const set = await c.post('/api/products', {
    sku: 'SET', name: '세트', kind: 'set', components: [{ sku: 'CO', qty: 3 }],
  });
  assert.equal(set.status, 201, set.text);
  await move(c, { sku: 'EX', type: 'inbound', qty: 1000, date: kstDate(70) });
  await move(c, { sku: 'CO', type: 'inbound', qty: 1000, date: kstDate(70) });
  await move(c, { sku: 'SH', type: 'inbound', qty: 10, date: kstDate(6) });
  for (let back = 1; back <= 60; back++) await move(c, { sku: 'EX', type: 'outbound', qty: 2, date: kstDate(back) });
  const big = await move(c, { sku: 'EX', type: 'outbound', qty: 50, date: kstDate(30) });
  const rev = await c.post(`/api/movements/${big.movement.id}/reverse`, { memo: '주문 취소' });
  assert.equal(rev.status, 201, rev.text);
  await move(c, { sku: 'EX', type: 'adjust', qty: 1000 - 120 - 7, date: kstDate(1), memo: '재고 실사' });
  await move(c, { sku: 'EX', type: 'outbound', qty: 9 });
  for (let back = 1; back <= 45; back++) await move(c, { sku: 'SET', type: 'outbound', qty: 1, date: kstDate(back) });
  for (let back = 1; back <= 5; back++) await move(c, { sku: 'SH', type: 'outbound', qty: 1, date: kstDate(back) });
}

test('a run goes queued → running → done and stores what the product answer shows', async () => {
  await makeShop(boss);
  const res = await boss.post('/api/forecast-runs');
  assert.equal(res.status, 202, res.text);
  assert.equal(res.json.status, 'queued');
  const { run, seen } = await waitRun(viewer, res.json.id);
  assert.equal(run.status, 'done', run.error);
  assert.ok(seen.every((s) => ['queued', 'running', 'done'].includes(s)), seen.join());
  assert.ok(run.created_at <= run.started_at && run.started_at <= run.finished_at);
  assert.ok(run.duration_ms >= 0);
  assert.equal(run.error, null);
  assert.equal(run.stage, 'finished');
  assert.deepEqual(run.progress, { done: 2, total: 2 });
  assert.deepEqual(run.products, { forecast: 2, skipped: 2 });
  assert.equal(Object.values(run.models).reduce((a, b) => a + b, 0), 2);
  assert.ok(Object.keys(run.model_parts).length >= 1);
  assert.equal(run.last_history_date, kstDate(1));
  assert.equal(run.options.horizon, 90);
  assert.equal(run.options.calendar, 'kr');
  assert.equal(run.options.min_history_days, 41);

  const ex = await viewer.get('/api/products/EX/forecast');
  assert.equal(ex.status, 200, ex.text);
  const f = ex.json;
  assert.equal(f.sku, 'EX');
  assert.equal(f.run_id, run.id);
  assert.equal(f.finished_at, run.finished_at);
  assert.ok(run.models[f.model] >= 1, `${f.model} not among ${JSON.stringify(run.models)}`);
  // the exact demand: 60 days, 120 units (not the reversed 50, the stocktake or today)
  assert.equal(f.history_days, 60);
  assert.equal(f.history_first_date, kstDate(60));
  assert.equal(f.history_total, 120);
  for (const k of ['mae', 'rmse', 'mase', 'wape', 'bias']) {
    assert.ok(k in f.metrics, k);
    assert.ok(f.metrics[k] === null || Number.isFinite(f.metrics[k]), k);
  }
  assert.ok(f.metrics.mae >= 0 && f.metrics.rmse >= f.metrics.mae);
  assert.equal(f.days.length, 90);
  f.days.forEach((d, i) => {
    assert.equal(d.date, kstDate(-i));
    assert.ok(d.mean >= 0 && d.p10 <= d.p50 + 1e-9 && d.p50 <= d.p90 + 1e-9, JSON.stringify(d));
  });
  for (const [k, n] of [['30', 30], ['60', 60], ['90', 90]]) {
    const t = f.totals[k];
    const sum = f.days.slice(0, n).reduce((a, d) => a + d.mean, 0);
    assert.ok(Math.abs(t.mean - sum) < 1e-6, `${k}: ${t.mean} vs ${sum}`);
    assert.ok(t.p10 <= t.p50 && t.p50 <= t.p90, JSON.stringify(t));
  }
  // about 2 a day was sold: the forecast is of that order
  assert.ok(f.totals['30'].mean > 20 && f.totals['30'].mean < 120, String(f.totals['30'].mean));

  const co = (await viewer.get('/api/products/CO/forecast')).json;
  assert.equal(co.history_days, 45);
  assert.equal(co.history_total, 135); // the set's outbound, 3 per set
});

test('no forecast: 404 forecast_not_found with the reason, and how much history is needed', async () => {
  const sh = assertNoForecast(await viewer.get('/api/products/SH/forecast'), 'too_little_history');
  assert.equal(sh.details[0].history_days, 5);
  assert.equal(sh.details[0].min_history_days, 41);
  assert.match(sh.message, /5일/);
  assert.match(sh.message, /41일/);
  const no = assertNoForecast(await viewer.get('/api/products/NO/forecast'), 'no_history');
  assert.match(no.message, /41일/);
  assert.ok(no.details[0].run_id > 0);
  assertNoForecast(await viewer.get('/api/products/SET/forecast'), 'set');
  // a product added after the run waits for the next one
  assert.equal((await boss.post('/api/products', { sku: 'NEW', name: '새 상품' })).status, 201);
  assertNoForecast(await viewer.get('/api/products/NEW/forecast'), 'not_in_run');
  // a product never sold can still be deleted after a run noted it
  const del = await boss.del('/api/products/NO');
  assert.equal(del.status, 200, del.text);
  assert.equal(del.json.deleted, true);
  // another organisation sees nothing of it
  const x = await other.get('/api/products/EX/forecast');
  assert.equal(x.status, 404);
  assert.equal(x.json.error.code, 'sku_not_found');
  const runs = (await viewer.get('/api/forecast-runs')).json;
  assert.equal((await other.get(`/api/forecast-runs/${runs.items[0].id}`)).status, 404);
});

test('earlier runs stay readable; the latest done run answers', async () => {
  const before = (await viewer.get('/api/forecast-runs')).json;
  const res = await boss.post('/api/forecast-runs');
  assert.equal(res.status, 202, res.text);
  const { run } = await waitRun(viewer, res.json.id);
  assert.equal(run.status, 'done');
  const list = (await viewer.get('/api/forecast-runs')).json;
  assert.equal(list.total, before.total + 1);
  assert.deepEqual(list.items.map((r) => r.id), [run.id, ...before.items.map((r) => r.id)]);
  assert.equal((await viewer.get(`/api/forecast-runs/${before.items[0].id}`)).json.status, 'done');
  assert.equal((await viewer.get('/api/products/EX/forecast')).json.run_id, run.id);
  // NEW is in this run now: too little history
  assertNoForecast(await viewer.get('/api/products/NEW/forecast'), 'no_history');
});

// ------------------------------------------------------------------ the nightly schedule

test("the nightly run comes at the organisation's KST hour, once a day", async () => {
  const s = await startServer({ runner: 'all' });
  try {
    await s.addUser({ login: 'nboss', role: 'master', org: '야간상점' });
    await s.addUser({ login: 'nview', role: 'viewer', org: '야간상점' });
    const c = await s.login('nboss');
    const v = await s.login('nview');
    assert.equal((await c.get('/api/org')).json.forecast_hour, 3);
    // only a master sets it, to a whole hour 0..23
    assert.equal((await v.patch('/api/org', { forecast_hour: 5 })).status, 403);
    for (const [bad, code] of [[24, 'out_of_range'], [-1, 'out_of_range'], ['3', 'not_integer'], [2.5, 'not_integer']]) {
      const r = await c.patch('/api/org', { forecast_hour: bad });
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.equal(r.json.error.details[0].field, 'forecast_hour');
      assert.equal(r.json.error.details[0].code, code);
      assert.match(r.json.error.details[0].message, hangul);
    }
    assert.equal((await c.post('/api/products', { sku: 'N-1', name: '야간 상품' })).status, 201);
    await move(c, { sku: 'N-1', type: 'inbound', qty: 100, date: kstDate(50) });
    for (let back = 1; back <= 45; back++) await move(c, { sku: 'N-1', type: 'outbound', qty: 1 + (back % 3), date: kstDate(back) });

    const hour = new Date(Date.now() + 9 * 3600e3).getUTCHours();
    const set = await c.patch('/api/org', { forecast_hour: hour });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.forecast_hour, hour);
    let sched;
    for (let i = 0; i < 600 && !sched; i++) {
      sched = (await v.get('/api/forecast-runs')).json.items.find((r) => r.trigger === 'schedule');
      if (!sched) await sleep(50);
    }
    assert.ok(sched, 'a nightly run was queued');
    assert.equal(sched.requested_by, null);
    const { run } = await waitRun(v, sched.id);
    assert.equal(run.status, 'done', run.error);
    // too few products to train the global models on: said so, and not an error
    assert.equal(run.options.global_models, 'none');
    assert.equal((await v.get('/api/products/N-1/forecast')).status, 200);
    // the slot is taken: no second nightly run today, however often the runner looks
    await c.patch('/api/org', { forecast_hour: hour });
    await sleep(500);
    const all = (await v.get('/api/forecast-runs')).json.items;
    assert.equal(all.filter((r) => r.trigger === 'schedule').length, 1);
    // a manual run still starts at once
    const m = await c.post('/api/forecast-runs');
    assert.equal(m.status, 202, m.text);
    assert.equal((await waitRun(v, m.json.id)).run.status, 'done');
  } finally {
    await s.stop();
  }
});

// ------------------------------------------------------------------ stopping mid-run

test('a server stopped in the middle of a run exits cleanly and runs it at its next start', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-fcstop-'));
  const db = path.join(dir, 'shop.db');
  try {
    const r = runCli(['demo', '--db', db, '--skus', '30', '--days', '200']);
    assert.equal(r.status, 0, r.stderr);
    const queued = /수요 예측 #(\d+) 대기 중/.exec(r.stdout)[1]; // after the backdated ones
    const s1 = await startServer({ db, runner: 'queue' });
    const c1 = await s1.login('demo', 'jaego-demo-1234');
    let run;
    for (let i = 0; i < 6000; i++) {
      run = (await c1.get(`/api/forecast-runs/${queued}`)).json;
      if (run.status !== 'queued') break;
      await sleep(10);
    }
    // stop() fails on a non-zero exit or a sanitizer report
    await s1.stop();
    const s2 = await startServer({ db, runner: 'off' });
    const c2 = await s2.login('demo', 'jaego-demo-1234');
    const after1 = (await c2.get(`/api/forecast-runs/${queued}`)).json;
    await s2.stop();
    // back in the queue, or finished before the stop: never left running or failed
    assert.ok(['queued', 'done'].includes(after1.status), JSON.stringify(after1));
    if (after1.status === 'queued') {
      assert.equal(after1.started_at, null);
      assert.deepEqual(after1.progress, { done: 0, total: 0 });
    }
    const s3 = await startServer({ db, runner: 'queue' });
    try {
      const c3 = await s3.login('demo', 'jaego-demo-1234');
      const { run: done } = await waitRun(c3, 1);
      assert.equal(done.status, 'done', done.error);
      assert.ok(done.products.forecast > 0);
    } finally {
      await s3.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
