// overrides.test.mjs — manual corrections (예측 수정) against the real server: a forecast run
// on a small shop, then a manager corrects the next 30 days' total (spread over dated days in
// the model's shape), given dates (which take those days from the older correction), a newer
// window that replaces both, a revert (the model comes back, the replaced ones do not), the
// suggested order quantity (0 = do not order, below the MOQ with a warning, a newer one
// replaces the older); the forecast answer's effective days and totals; the same calendar
// days after the next run; the history (who, when, old, new, reason) newest first; audit
// rows; roles (staff and viewers 403); every bad input with its code and a Korean message;
// another organisation sees nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

const hangul = /[가-힣]/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const near = (a, b, eps = 1e-6) => Math.abs(a - b) <= eps * Math.max(1, Math.abs(b));

/** The KST date `back` days before today (negative: after). */
function kstDate(back = 0) {
  return new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
}

async function waitRun(c, id) {
  for (let i = 0; i < 3600; i++) {
    const res = await c.get(`/api/forecast-runs/${id}`);
    assert.equal(res.status, 200, res.text);
    if (res.json.status === 'done' || res.json.status === 'failed') return res.json;
    await sleep(50);
  }
  throw new Error(`run ${id} did not finish`);
}

async function runForecast(c) {
  const res = await c.post('/api/forecast-runs');
  assert.ok([200, 202].includes(res.status), res.text);
  const run = await waitRun(c, res.json.id);
  assert.equal(run.status, 'done', run.error);
  return run;
}

async function move(c, body) {
  const res = await c.post('/api/movements', body);
  assert.equal(res.status, 201, res.text);
}

/** A 400 validation_failed naming field with code, in Korean. */
function assertField(res, field, code) {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.error.code, 'validation_failed', res.text);
  const d = res.json.error.details[0];
  assert.equal(d.field, field, res.text);
  assert.equal(d.code, code, res.text);
  assert.match(d.message, hangul);
  assert.match(res.json.error.message, hangul);
  return d;
}

let srv, boss, mgr, staff, viewer, other;
const P = '/api/products/FC/overrides';

before(async () => {
  srv = await startServer({ runner: 'queue' });
  for (const [login, role] of [['boss', 'master'], ['mgr', 'manager'], ['staff1', 'staff'], ['view1', 'viewer']]) {
    await srv.addUser({ login, role, org: '가게A', name: { boss: '김사장', mgr: '이매니저' }[login] });
  }
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  [boss, mgr, staff, viewer, other] = await Promise.all(
    ['boss', 'mgr', 'staff1', 'view1', 'bossb'].map((l) => srv.login(l)));
  for (const p of [
    { sku: 'FC', name: '예측 상품', moq: 100 }, { sku: 'NOFC', name: '예측 없는 상품' },
  ]) assert.equal((await boss.post('/api/products', p)).status, 201);
  const set = await boss.post('/api/products', { sku: 'SET', name: '세트', kind: 'set', components: [{ sku: 'FC', qty: 2 }] });
  assert.equal(set.status, 201, set.text);
  await move(boss, { sku: 'FC', type: 'inbound', qty: 5000, date: kstDate(60) });
  // a weekly shape: more on some days, so a spread keeps a shape worth checking
  for (let back = 1; back <= 50; back++) {
    await move(boss, { sku: 'FC', type: 'outbound', qty: 2 + (back % 7 === 0 ? 6 : back % 3), date: kstDate(back) });
  }
  await runForecast(boss);
});
after(async () => { await srv.stop(); });

let fc0; // the forecast before any correction
let first; // the first 30-day correction

test('a 30-day total becomes dated days in the model shape; the forecast shows model and effective', async () => {
  const f = await viewer.get('/api/products/FC/forecast');
  assert.equal(f.status, 200, f.text);
  fc0 = f.json;
  assert.equal(fc0.days[0].date, kstDate(0));
  assert.equal(fc0.overridden, false);
  assert.deepEqual(fc0.overrides, []);
  for (const d of fc0.days) {
    assert.equal(d.overridden, false);
    assert.equal(d.effective, d.mean);
  }
  assert.ok(near(fc0.totals['30'].effective, fc0.totals['30'].mean));

  const res = await mgr.post(P, { kind: 'forecast', window_days: 30, qty: 300, reason: '11월 행사로 평소의 세 배' });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.json.warnings, []);
  first = res.json.override;
  assert.equal(first.kind, 'forecast');
  assert.equal(first.window_days, 30);
  assert.equal(first.status, 'standing');
  assert.equal(first.qty, 300);
  assert.equal(first.first_date, kstDate(0));
  assert.equal(first.last_date, kstDate(-29));
  assert.match(first.target, /다음 30일 합계/);
  assert.equal(first.reason, '11월 행사로 평소의 세 배');
  assert.equal(first.created_by.name, '이매니저');
  assert.ok(near(first.model_qty, fc0.totals['30'].mean));
  assert.ok(near(first.old_qty, fc0.totals['30'].mean)); // nothing stood before
  assert.equal(first.days.length, 30);
  assert.equal(first.active_days, 30);
  const model30 = fc0.totals['30'].mean;
  first.days.forEach((d, i) => {
    assert.equal(d.date, kstDate(-i));
    assert.ok(near(d.model_qty, fc0.days[i].mean));
    assert.ok(near(d.qty, fc0.days[i].mean * 300 / model30), `${d.date}: ${d.qty}`);
  });
  assert.ok(near(first.days.reduce((a, d) => a + d.qty, 0), 300));

  const g = (await viewer.get('/api/products/FC/forecast')).json;
  assert.equal(g.overridden, true);
  assert.ok(near(g.totals['30'].effective, 300));
  assert.equal(g.totals['30'].overridden, true);
  assert.ok(near(g.totals['30'].mean, model30)); // the model's own total stays
  assert.ok(near(g.totals['60'].effective, 300 + (fc0.totals['60'].mean - model30)));
  g.days.forEach((d, i) => {
    assert.equal(d.overridden, i < 30, d.date);
    assert.ok(near(d.mean, fc0.days[i].mean));
    if (i >= 30) assert.ok(near(d.effective, d.mean));
  });
  assert.equal(g.overrides.length, 1);
  assert.equal(g.overrides[0].id, first.id);
});

let dated;
test('given dates take those days from the older correction; the rest of it stands', async () => {
  const res = await boss.post(P, {
    kind: 'forecast', reason: '라이브 방송', dates: [{ date: kstDate(-5), qty: 80 }, { date: kstDate(-2), qty: 0 }],
  });
  assert.equal(res.status, 201, res.text);
  dated = res.json.override;
  assert.equal(dated.window_days, null);
  assert.equal(dated.first_date, kstDate(-2)); // sorted by date
  assert.equal(dated.last_date, kstDate(-5));
  assert.equal(dated.qty, 80);
  assert.match(dated.target, /외 1일/);
  // the old values are what stood: the 30-day correction's days
  assert.ok(near(dated.old_qty, first.days[2].qty + first.days[5].qty));
  assert.ok(near(dated.model_qty, fc0.days[2].mean + fc0.days[5].mean));

  const g = (await viewer.get('/api/products/FC/forecast')).json;
  assert.equal(g.days[5].effective, 80);
  assert.equal(g.days[2].effective, 0);
  assert.ok(near(g.days[3].effective, first.days[3].qty));
  assert.ok(near(g.totals['30'].effective, 300 - first.days[2].qty - first.days[5].qty + 80));
  assert.deepEqual(g.overrides.map((o) => o.id), [dated.id, first.id]);

  const list = (await mgr.get(P)).json;
  assert.equal(list.sku, 'FC');
  const older = list.standing.find((o) => o.id === first.id);
  assert.equal(older.status, 'standing');
  assert.equal(older.active_days, 28);
  assert.deepEqual(list.history.map((h) => [h.override_id, h.action]), [[dated.id, 'set'], [first.id, 'set']]);
  const h = list.history[0];
  assert.equal(h.user.name, '김사장');
  assert.equal(h.reason, '라이브 방송');
  assert.ok(near(h.old_value, dated.old_qty));
  assert.equal(h.new_value, 80);
  assert.ok(h.at >= list.history[1].at);
});

let third;
test('a newer window replaces the corrections it covers; a revert brings the model back, not them', async () => {
  const res = await mgr.post(P, { kind: 'forecast', window_days: 60, qty: 500, reason: '행사 계획 변경' });
  assert.equal(res.status, 201, res.text);
  third = res.json.override;
  const list = (await mgr.get(P)).json;
  assert.deepEqual(list.standing.map((o) => o.id), [third.id]);
  const hist = Object.fromEntries(list.history.map((h) => [h.override_id, h.status]));
  assert.equal(hist[first.id], 'replaced');
  assert.equal(hist[dated.id], 'replaced');
  const one = (await mgr.get(P)).json.history.find((h) => h.override_id === third.id);
  assert.ok(one.old_value > 0);

  // reverting a replaced one is refused, with what happened to it
  const rep = await mgr.post(`/api/overrides/${first.id}/revert`, { reason: '되돌리기' });
  assert.equal(rep.status, 409, rep.text);
  assert.equal(rep.json.error.code, 'override_not_standing');
  assert.equal(rep.json.error.details[0].status, 'replaced');
  assert.match(rep.json.error.message, hangul);

  const rv = await boss.post(`/api/overrides/${third.id}/revert`, { reason: '행사 취소' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.status, 'reverted');
  assert.equal(rv.json.ended_by.name, '김사장');
  assert.equal(rv.json.end_reason, '행사 취소');
  assert.ok(near(rv.json.end_qty, fc0.totals['60'].mean, 1e-6));
  assert.equal(rv.json.active_days, 0);

  const g = (await viewer.get('/api/products/FC/forecast')).json;
  assert.equal(g.overridden, false);
  assert.deepEqual(g.overrides, []);
  g.days.forEach((d) => { assert.equal(d.overridden, false); assert.equal(d.effective, d.mean); });

  const after = (await mgr.get(P)).json;
  assert.deepEqual(after.standing, []);
  const top = after.history[0];
  assert.equal(top.action, 'revert');
  assert.equal(top.override_id, third.id);
  assert.equal(top.user.name, '김사장');
  assert.equal(top.reason, '행사 취소');
  assert.equal(top.old_value, 500);
  assert.ok(near(top.new_value, rv.json.end_qty));
  assert.equal(after.history.length, 4); // three made, one reverted: nothing lost

  const again = await boss.post(`/api/overrides/${third.id}/revert`, { reason: '한 번 더' });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.details[0].status, 'reverted');
});

test('corrections keep their calendar days when the next run replaces the forecast', async () => {
  const res = await mgr.post(P, { kind: 'forecast', dates: [{ date: kstDate(-10), qty: 42 }], reason: '예약 주문' });
  assert.equal(res.status, 201, res.text);
  const before = (await viewer.get('/api/products/FC/forecast')).json;
  const run = await runForecast(mgr);
  const g = (await viewer.get('/api/products/FC/forecast')).json;
  assert.equal(g.run_id, run.id);
  assert.notEqual(g.run_id, before.run_id);
  const day = g.days.find((d) => d.date === kstDate(-10));
  assert.equal(day.effective, 42);
  assert.equal(day.overridden, true);
  assert.equal(g.days.filter((d) => d.overridden).length, 1);
  const rv = await mgr.post(`/api/overrides/${res.json.override.id}/revert`, { reason: '예약 취소' });
  assert.equal(rv.status, 200, rv.text);
});

test('the order quantity: 0 = do not order, below the MOQ with a warning, a newer replaces the older', async () => {
  const zero = await mgr.post(P, { kind: 'order_qty', qty: 0, reason: '단종 예정이라 이번에는 발주 안 함' });
  assert.equal(zero.status, 201, zero.text);
  assert.deepEqual(zero.json.warnings, []);
  const z = zero.json.override;
  assert.equal(z.kind, 'order_qty');
  assert.equal(z.qty, 0);
  assert.equal(z.old_qty, null); // the computed quantity stood before
  assert.equal(z.target, '추천 발주량');
  assert.equal('days' in z, false);

  const low = await mgr.post(P, { kind: 'order_qty', qty: 50, reason: '소량 테스트 발주' });
  assert.equal(low.status, 201, low.text);
  assert.equal(low.json.warnings.length, 1);
  assert.equal(low.json.warnings[0].code, 'below_moq');
  assert.match(low.json.warnings[0].message, /100개/);
  assert.equal(low.json.override.old_qty, 0);

  const list = (await mgr.get(P)).json;
  assert.equal(list.moq, 100);
  const orders = list.standing.filter((o) => o.kind === 'order_qty');
  assert.deepEqual(orders.map((o) => o.id), [low.json.override.id]);
  assert.equal(list.history.find((h) => h.override_id === z.id).status, 'replaced');

  const rv = await mgr.post(`/api/overrides/${low.json.override.id}/revert`, { reason: '계산값으로' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.end_qty, null); // the computed quantity stands again
});

test('bad input: a code and a Korean message for each', async () => {
  const w = (body) => mgr.post(P, { kind: 'forecast', reason: '사유', ...body });
  const o = (body) => mgr.post(P, { kind: 'order_qty', reason: '사유', ...body });
  assertField(await w({ window_days: 45, qty: 10 }), 'window_days', 'override_window_invalid');
  assertField(await w({ window_days: '30', qty: 10 }), 'window_days', 'override_window_invalid');
  assertField(await w({ qty: 10 }), 'window_days', 'override_target_required');
  assertField(await w({ window_days: 30, qty: 10, dates: [{ date: kstDate(-1), qty: 1 }] }), 'window_days', 'override_target_conflict');
  assertField(await w({ window_days: 30 }), 'qty', 'override_qty_required');
  assertField(await w({ window_days: 30, qty: -5 }), 'qty', 'override_negative');
  assertField(await w({ window_days: 30, qty: 'abc' }), 'qty', 'override_qty_not_number');
  assertField(await w({ window_days: 30, qty: '300' }), 'qty', 'override_qty_not_number');
  assertField(await w({ window_days: 30, qty: 2.5 }), 'qty', 'override_qty_not_integer');
  assertField(await w({ window_days: 30, qty: 1e13 }), 'qty', 'override_too_large');
  // absurd: over 100x the model's total and over 10,000
  const model30 = fc0.totals['30'].mean;
  const absurd = Math.ceil(Math.max(model30 * 100, 10000)) + 1;
  const a = assertField(await w({ window_days: 30, qty: absurd }), 'qty', 'override_absurd');
  assert.match(a.message, /100배/);
  assert.equal((await w({ window_days: 30, qty: 10000, reason: '큰 행사' })).status, 201);
  assertField(await w({ dates: [] }), 'dates', 'override_dates_count');
  assertField(await w({ dates: 'tomorrow' }), 'dates', 'override_dates_count');
  assertField(await w({ dates: [{ date: kstDate(1), qty: 1 }] }), 'dates[0].date', 'override_date_past');
  const beyond = assertField(await w({ dates: [{ date: kstDate(-1), qty: 1 }, { date: kstDate(-95), qty: 1 }] }),
    'dates[1].date', 'override_date_beyond_forecast');
  assert.match(beyond.message, /까지/);
  assertField(await w({ dates: [{ date: kstDate(-1), qty: 1 }, { date: kstDate(-1), qty: 2 }] }), 'dates[1].date', 'override_date_twice');
  assertField(await w({ dates: [{ date: '2026-02-30', qty: 1 }] }), 'dates[0].date', 'override_date_invalid');
  assertField(await w({ dates: [{ date: kstDate(-1) }] }), 'dates[0].qty', 'override_qty_required');
  assertField(await w({ dates: [{ date: kstDate(-1), qty: 1, memo: 'x' }] }), 'dates[0].memo', 'unknown_field');
  assertField(await w({ dates: [{ date: kstDate(-1), qty: 1 }], qty: 5 }), 'qty', 'override_target_conflict');
  assertField(await o({ qty: -1 }), 'qty', 'override_negative');
  assertField(await o({ qty: 1000001 }), 'qty', 'override_too_large');
  assertField(await o({ qty: 10, window_days: 30 }), 'window_days', 'override_target_not_allowed');
  assertField(await o({}), 'qty', 'override_qty_required');
  assertField(await mgr.post(P, { kind: 'order_qty', qty: 5 }), 'reason', 'override_reason_required');
  assertField(await mgr.post(P, { kind: 'order_qty', qty: 5, reason: '   ' }), 'reason', 'override_reason_required');
  assertField(await mgr.post(P, { kind: 'order_qty', qty: 5, reason: '가'.repeat(501) }), 'reason', 'too_long');
  assertField(await mgr.post(P, { kind: 'everything', qty: 5, reason: '사유' }), 'kind', 'override_kind_invalid');
  assertField(await mgr.post(P, { kind: 'order_qty', qty: 5, reason: '사유', why: 1 }), 'why', 'unknown_field');
  const notJson = await mgr.post(P, '[]');
  assert.equal(notJson.status, 400);
  assert.equal(notJson.json.error.code, 'bad_json');

  // no forecast yet: says what to do
  const nofc = await mgr.post('/api/products/NOFC/overrides', { kind: 'forecast', window_days: 30, qty: 10, reason: '사유' });
  assert.equal(nofc.status, 409, nofc.text);
  assert.equal(nofc.json.error.code, 'forecast_missing');
  assert.match(nofc.json.error.message, /예측/);
  assert.match(nofc.json.error.message, /41일/); // how much history is needed
  // but its order quantity can be corrected
  assert.equal((await mgr.post('/api/products/NOFC/overrides', { kind: 'order_qty', qty: 10, reason: '사유' })).status, 201);
  const set = await mgr.post('/api/products/SET/overrides', { kind: 'order_qty', qty: 10, reason: '사유' });
  assert.equal(set.status, 409);
  assert.equal(set.json.error.code, 'override_set_product');
  const none = await mgr.post('/api/products/NOPE/overrides', { kind: 'order_qty', qty: 10, reason: '사유' });
  assert.equal(none.status, 404);
  assert.equal(none.json.error.code, 'sku_not_found');
  for (const id of ['abc', '0', '999999']) {
    const r = await mgr.post(`/api/overrides/${id}/revert`, { reason: '사유' });
    assert.equal(r.status, 404, id);
    assert.equal(r.json.error.code, 'override_not_found');
  }
  const list = (await mgr.get(P)).json;
  const standing = list.standing[0];
  assertField(await mgr.post(`/api/overrides/${standing.id}/revert`, {}), 'reason', 'override_reason_required');
  assertField(await mgr.post(`/api/overrides/${standing.id}/revert`, { reason: '사유', x: 1 }), 'x', 'unknown_field');
  // nothing of the refusals was written
  assert.equal(list.history.filter((h) => h.reason === '사유').length, 0);
});

test('staff and viewers cannot read or make corrections; another organisation sees nothing', async () => {
  const id = (await mgr.get(P)).json.standing[0].id;
  for (const c of [staff, viewer]) {
    for (const res of [
      await c.get(P),
      await c.post(P, { kind: 'order_qty', qty: 1, reason: '사유' }),
      await c.post(`/api/overrides/${id}/revert`, { reason: '사유' }),
    ]) {
      assert.equal(res.status, 403, res.text);
      assert.equal(res.json.error.code, 'forbidden');
      assert.match(res.json.error.message, /매니저/);
    }
  }
  assert.equal((await other.get(P)).status, 404);
  const x = await other.post(`/api/overrides/${id}/revert`, { reason: '남의 것' });
  assert.equal(x.status, 404);
  assert.equal(x.json.error.code, 'override_not_found');
  assert.equal((await mgr.get(P)).json.standing[0].id, id);
});

test('every change is in the audit log in words; a product with corrections is kept when deleted', async () => {
  const audit = await boss.get('/api/audit?kind=forecast_override.');
  assert.equal(audit.status, 200, audit.text);
  const kinds = audit.json.items.map((i) => i.kind);
  assert.ok(kinds.filter((k) => k === 'forecast_override.create').length >= 7, kinds.join());
  assert.ok(kinds.includes('forecast_override.revert'));
  const rv = audit.json.items.find((i) => i.kind === 'forecast_override.revert');
  assert.equal(rv.label, '예측 수정 되돌리기');
  assert.match(rv.target, /예측 수정 #\d+/);
  assert.match(rv.summary, /사유: /);
  const made = audit.json.items.find((i) => i.kind === 'forecast_override.create');
  assert.match(made.summary, /→/);

  const del = await boss.del('/api/products/NOFC');
  assert.equal(del.status, 200, del.text);
  assert.equal(del.json.deactivated, true);
  const inactive = await mgr.post('/api/products/NOFC/overrides', { kind: 'order_qty', qty: 1, reason: '사유' });
  assert.equal(inactive.status, 409);
  assert.equal(inactive.json.error.code, 'product_inactive');
  assert.equal((await mgr.get('/api/products/NOFC/overrides')).json.history.length, 1);
});

test('planning reads the corrections: GET /api/stock and the suggested order sheet', async () => {
  const row = async () => {
    const res = await mgr.get('/api/stock?sku=FC');
    assert.equal(res.status, 200, res.text);
    return res.json.items[0];
  };
  const sheetItem = async () => {
    const res = await mgr.get('/api/purchase-orders/suggested');
    assert.equal(res.status, 200, res.text);
    return res.json.groups.flatMap((g) => g.items).find((i) => i.sku === 'FC');
  };
  assert.equal((await boss.patch('/api/products/FC', { lead_time_days: 15 })).status, 200);
  // a wholesale shipment today leaves about 350 (today is not history: the forecast stays)
  await move(boss, { sku: 'FC', type: 'outbound', qty: 4500 });
  // end what stands from the tests above: the model alone first
  for (const o of (await mgr.get(P)).json.standing) {
    assert.equal((await mgr.post(`/api/overrides/${o.id}/revert`, { reason: '정리' })).status, 200);
  }
  const plain = await row();
  assert.equal(plain.overridden, false);
  assert.equal(plain.forecast_30, Math.round(fc0.totals['30'].mean));
  assert.equal(await sheetItem(), undefined); // ~350 at ~3 a day lasts beyond 90 days

  const big = await mgr.post(P, { kind: 'forecast', window_days: 30, qty: 6000, reason: '대량 납품 계약' });
  assert.equal(big.status, 201, big.text);
  const r = await row();
  assert.equal(r.overridden, true);
  assert.equal(r.forecast_30, 6000);
  assert.notEqual(r.depletion_date, null); // 6,000 in 30 days empties the shelf
  assert.ok(r.suggested_qty > 0);
  assert.match(r.suggestion_text, /수정/);
  let item = await sheetItem();
  assert.ok(item, 'FC is on the suggested order sheet');
  assert.equal(item.overridden, true);
  assert.equal(item.forecast_30, 6000);
  assert.equal(item.qty, r.suggested_qty);

  const qty = await mgr.post(P, { kind: 'order_qty', qty: 7777, reason: '공급처와 합의한 수량' });
  assert.equal(qty.status, 201, qty.text);
  assert.equal((await row()).suggested_qty, 7777);
  item = await sheetItem();
  assert.equal(item.qty, 7777);
  assert.notEqual(item.computed_qty, 7777);
  assert.match(item.why, /7,777개/);

  for (const o of [big.json.override, qty.json.override]) {
    assert.equal((await mgr.post(`/api/overrides/${o.id}/revert`, { reason: '계약 취소' })).status, 200);
  }
  const back = await row();
  assert.equal(back.overridden, false);
  assert.equal(back.forecast_30, plain.forecast_30);
  assert.equal(back.suggested_qty, plain.suggested_qty);
});
