// board_export.test.mjs — GET /api/stock?format=xlsx, the 재고 현황 board's workbook: Korean
// headers in the board's column order, one row per product with exactly the numbers of GET
// /api/stock (재고 일수 = floor(on hand × 30 ÷ 30-day forecast)), the values at 매입 단가 only
// for managers and masters (the columns are left out for staff and viewers), and the
// board's filters applied by the server as the board applies them: category, supplier,
// open alert kind, search (SKU or name, NFC-insensitive, ASCII letters in any case) and the
// tiles' lists. A bad format, tile or alert kind is 400 validation_failed; a malformed
// supplier_id is 400 bad_request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib.mjs';

const PY = '/usr/bin/python3';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-board-'));
const DAY = 86400e3;
const kst = (offset = 0) => new Date(Date.now() + 9 * 3600e3 + offset * DAY).toISOString().slice(0, 10);
let srv, mgr, staff, viewer, other, hanbit, daesung;

const HEADERS = ['마스터 SKU', '상품명', '공급처', '현재 재고', '30일 예측', '60일 예측', '90일 예측', '예상 소진일',
  '재고 일수', '리드타임(일)', '안전재고', '발주 필요', '발주 기한', '추천 발주량', '과잉 재고', '과잉 재고 금액',
  '소비기한 임박', '폐기 위험', '폐기 위험 금액', '계산 못 한 이유'];
const MONEY = ['과잉 재고 금액', '폐기 위험 금액'];

function ok(res, status = 200) {
  assert.equal(res.status, status, res.text);
  return res.json;
}

/** The workbook's sheet 재고 현황 as rows of cell values. */
function readSheet(body, name) {
  const file = path.join(tmp, `${name}.xlsx`);
  fs.writeFileSync(file, body);
  const py = spawnSync(PY, ['-c', `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['재고 현황']
print(json.dumps([list(r) for r in ws.iter_rows(values_only=True)], ensure_ascii=False, default=str))
`, file], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  return JSON.parse(py.stdout);
}

/** Exports with a query; returns { rows: [{header: value}], headers, top }. */
async function exportAs(c, query = '') {
  const res = await c.get(`/api/stock?format=xlsx${query}`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const all = readSheet(res.body, `x${Math.random().toString(36).slice(2)}`);
  const headers = all[3];
  const rows = all.slice(4).map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]])));
  return { rows, headers, top: all.slice(0, 2), res };
}

const urgencyWord = { later: '발주 예정', today: '오늘 발주', overdue: '발주 늦음' };
const cover = (r) => (r.forecast_30 == null || r.forecast_30 <= 0 ? null : r.on_hand <= 0 ? 0 : Math.floor((r.on_hand * 30) / r.forecast_30));
const plusDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
// The tiles' rules as docs/screens.md states them, written here once more on purpose.
const TILES = {
  order_today: (r) => r.reorder_urgency === 'today' || r.reorder_urgency === 'overdue',
  runs_out: (r, today) => !!r.depletion_date && r.lead_time_days != null && r.depletion_date < plusDays(today, r.lead_time_days),
  overstock: (r) => r.overstock_alert === true,
  expiry_near: (r) => (r.expiry_near_qty ?? 0) > 0,
};

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await srv.addUser({ login: 'staff1', role: 'staff', org: '가게A' });
  await srv.addUser({ login: 'view1', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  mgr = await srv.login('mgr');
  staff = await srv.login('staff1');
  viewer = await srv.login('view1');
  other = await srv.login('bossb');
  hanbit = ok(await mgr.post('/api/suppliers', { name: '한빛상사', lead_time_days: 15 }), 201).id;
  daesung = ok(await mgr.post('/api/suppliers', { name: '대성식품', lead_time_days: 5 }), 201).id;
  const product = async (body, stock = [], lots = []) => {
    ok(await mgr.post('/api/products', { safety_stock_rule: 'forecast_lead_time', ...body }), 201);
    for (const qty of stock) ok(await mgr.post('/api/movements', { sku: body.sku, type: 'inbound', qty }), 201);
    for (const [qty, lot, days] of lots) ok(await mgr.post('/api/movements', { sku: body.sku, type: 'inbound', qty, lot, expiry: kst(days) }), 201);
  };
  // 800 at 100 a day with a 15-day lead time: order overdue, empty before any delivery.
  await product({ sku: 'DOC-1', name: '스텐 냄비', category: '주방용품', supplier_id: hanbit, unit_cost: 12000, monthly_demand: 3000 }, [800]);
  // 5,000 at 10 a day: 4,900 over what 5 days of lead time and safety stock need.
  await product({ sku: 'OVER-1', name: 'Cutting Board 도마', category: '주방용품', supplier_id: daesung, unit_cost: 1000, monthly_demand: 300 }, [5000]);
  // Lots: 30 expiring in 4 days, 100 in 9, 50 in 60 (10 a day).
  await product({ sku: 'LOT-1', name: '버터쿠키', category: '식품', supplier_id: daesung, unit_cost: 500, has_expiry: true,
    monthly_demand: 300, safety_stock_rule: 'manual', safety_stock: 0 }, [], [[30, 'A', 4], [100, 'B', 9], [50, 'C', 60]]);
  // 300 at 10 a day, lead time 15: the order is due in a few days (later).
  await product({ sku: 'LATER-1', name: '유리 뚜껑', category: '주방용품', supplier_id: hanbit, unit_cost: 3000, monthly_demand: 300 }, [600]);
  await product({ sku: 'NOLEAD', name: '리드타임 모름', category: '식품', monthly_demand: 300, safety_stock_rule: 'manual', safety_stock: 10 }, [100]);
  await product({ sku: 'NODEMAND', name: '수요 모름', supplier_id: hanbit, safety_stock_rule: 'manual', safety_stock: 10 });
  ok(await mgr.post('/api/products', { sku: 'SET-1', name: '냄비 세트', kind: 'set', components: [{ sku: 'DOC-1', qty: 2 }] }), 201);
  ok(await other.post('/api/products', { sku: 'B-ONLY', name: '남의 냄비', category: '주방용품' }), 201);
  ok(await mgr.post('/api/alerts/refresh', {}));
});
after(async () => { await srv.stop(); fs.rmSync(tmp, { recursive: true, force: true }); });

test('the workbook has the board’s Korean headers and the numbers of GET /api/stock, row by row', async () => {
  const api = ok(await mgr.get('/api/stock'));
  const { rows, headers, top, res } = await exportAs(mgr);
  assert.match(res.headers.get('content-disposition'),
    new RegExp(`filename="stock-status-${api.date}\\.xlsx"; filename\\*=UTF-8''%EC%9E%AC%EA%B3%A0%20%ED%98%84%ED%99%A9-${api.date}\\.xlsx`));
  assert.equal(decodeURIComponent('%EC%9E%AC%EA%B3%A0%20%ED%98%84%ED%99%A9'), '재고 현황');
  assert.equal(top[0][0], `재고 현황 (${api.date} 기준)`);
  assert.equal(top[1][0], '필터 없음 (판매 중인 모든 상품)');
  assert.deepEqual(headers, HEADERS);
  assert.deepEqual(rows.map((r) => r['마스터 SKU']), api.items.map((i) => i.sku));
  assert.ok(!rows.some((r) => r['마스터 SKU'] === 'B-ONLY'), 'another shop’s product');
  for (const [i, it] of api.items.entries()) {
    const r = rows[i];
    const expect = {
      '상품명': it.name, '공급처': it.supplier || null, '현재 재고': it.on_hand,
      '30일 예측': it.forecast_30 ?? null, '60일 예측': it.forecast_60 ?? null, '90일 예측': it.forecast_90 ?? null,
      '예상 소진일': it.depletion_date ?? null, '재고 일수': cover(it), '리드타임(일)': it.lead_time_days,
      '안전재고': it.safety_stock ?? null, '발주 필요': urgencyWord[it.reorder_urgency] ?? null,
      '발주 기한': it.reorder_date ?? null, '추천 발주량': it.suggested_qty ?? null, '과잉 재고': it.overstock_qty ?? null,
      '과잉 재고 금액': it.overstock_value ?? null, '소비기한 임박': it.expiry_near_qty ?? null,
      '폐기 위험': it.expiry_risk_qty ?? null, '폐기 위험 금액': it.expiry_risk_value ?? null,
      '계산 못 한 이유': it.problems.length ? it.problems.map((p) => p.message).join(' / ') : null,
    };
    for (const [h, v] of Object.entries(expect)) assert.deepEqual(r[h], v, `${it.sku} ${h}`);
  }
  const doc = rows.find((r) => r['마스터 SKU'] === 'DOC-1');
  assert.equal(doc['재고 일수'], 8); // 800 × 30 ÷ 3,000
  assert.equal(doc['발주 필요'], '발주 늦음');
  assert.equal(doc['추천 발주량'], 2200);
  const over = rows.find((r) => r['마스터 SKU'] === 'OVER-1');
  assert.ok(over['과잉 재고'] > 0);
  assert.equal(over['과잉 재고 금액'], over['과잉 재고'] * 1000);
  assert.match(rows.find((r) => r['마스터 SKU'] === 'NOLEAD')['계산 못 한 이유'], /리드타임/);
  assert.match(rows.find((r) => r['마스터 SKU'] === 'SET-1')['계산 못 한 이유'], /세트/);
});

test('staff and viewers get the workbook without the values at 매입 단가', async () => {
  for (const c of [staff, viewer]) {
    const api = ok(await c.get('/api/stock'));
    const { rows, headers } = await exportAs(c);
    assert.deepEqual(headers, HEADERS.filter((h) => !MONEY.includes(h)));
    assert.deepEqual(rows.map((r) => r['마스터 SKU']), api.items.map((i) => i.sku));
    const over = rows.find((r) => r['마스터 SKU'] === 'OVER-1');
    assert.ok(over['과잉 재고'] > 0, 'units stay');
    // No cell anywhere holds the money figure a manager sees.
    const money = over['과잉 재고'] * 1000;
    assert.ok(!rows.some((r) => Object.values(r).includes(money)));
  }
});

test('the server applies the board’s filters: category, supplier, alert kind, search and tiles', async () => {
  const api = ok(await mgr.get('/api/stock'));
  const alerts = ok(await mgr.get('/api/alerts'));
  const skus = async (query) => (await exportAs(mgr, query)).rows.map((r) => r['마스터 SKU']);
  const want = (pred) => api.items.filter(pred).map((i) => i.sku);

  assert.deepEqual(await skus(`&category=${encodeURIComponent('주방용품')}`), ['DOC-1', 'LATER-1', 'OVER-1']);
  assert.deepEqual(await skus(`&supplier_id=${daesung}`), want((i) => i.supplier_id === daesung));
  const ordered = new Set(alerts.alerts.filter((a) => a.kind === 'order').map((a) => a.sku));
  assert.ok(ordered.size > 0, 'the shop has order alerts');
  assert.deepEqual(await skus('&alert=order'), want((i) => ordered.has(i.sku)));
  // A name typed in decomposed Hangul (as some keyboards send it) and a lower-case SKU.
  assert.deepEqual(await skus(`&q=${encodeURIComponent('냄비'.normalize('NFD'))}`), ['DOC-1', 'SET-1']);
  assert.deepEqual(await skus('&q=doc'), ['DOC-1']);
  assert.deepEqual(await skus(`&q=${encodeURIComponent('cutting board')}`), ['OVER-1']);
  for (const [tile, pred] of Object.entries(TILES)) {
    const expect = want((i) => pred(i, api.date));
    assert.ok(expect.length > 0, `the shop has products on ${tile}`);
    assert.deepEqual(await skus(`&tile=${tile}`), expect, tile);
  }
  assert.deepEqual(await skus('&tile=order_today'), ['DOC-1']);
  assert.deepEqual(await skus('&tile=expiry_near'), ['LOT-1']);
  // Filters combine, and the sheet says which ones made it.
  const both = await exportAs(mgr, `&tile=order_today&category=${encodeURIComponent('식품')}`);
  assert.deepEqual(both.rows, []);
  assert.equal(both.top[1][0], '목록: 오늘 발주할 상품 · 카테고리: 식품');
});

test('a bad format, tile or alert kind is 400 validation_failed with a Korean message', async () => {
  for (const [q, field, code] of [['format=csv', 'format', 'bad_format'], ['format=xlsx&tile=soon', 'tile', 'bad_tile'],
    ['format=xlsx&alert=late', 'alert', 'bad_alert_kind']]) {
    const res = await mgr.get(`/api/stock?${q}`);
    assert.equal(res.status, 400, q);
    assert.equal(res.json.error.code, 'validation_failed', q);
    assert.match(res.json.error.message, /[가-힣]/);
    assert.deepEqual([res.json.error.details[0].field, res.json.error.details[0].code], [field, code]);
  }
  // A malformed number is the query's bad_request, as on every list.
  const bad = await mgr.get('/api/stock?format=xlsx&supplier_id=x');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'bad_request');
  // format=json is the JSON answer, as without it.
  assert.equal(ok(await mgr.get('/api/stock?format=json')).items.length, ok(await mgr.get('/api/stock')).items.length);
  assert.equal((await srv.client().get('/api/stock?format=xlsx')).status, 401);
});
