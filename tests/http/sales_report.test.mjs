// sales_report.test.mjs — GET /api/reports/sales (판매 리포트) over HTTP, on a small shop whose
// every number is worked out here: ledger outbound counts unless reversed, stocktake
// adjustments do not, imported sales history counts as it stands, a set sold counts once as
// the set (not as its components); weeks are ISO weeks from Monday, months calendar months;
// the previous range and the same range a year earlier, with the change in percent (null
// when there is nothing to compare with); the week in progress compared day for day;
// rolled up by category (미분류 for none); filters; another organisation's sales never show;
// every member reads it, nobody without a session; each bad query has its own code; the
// .xlsx holds exactly the JSON's numbers under Korean headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib.mjs';

const PY = '/usr/bin/python3'; // Debian's python, where python3-openpyxl lives
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-sales-report-'));
let srv, mgr, viewer, other;

const DAY = 86400e3;
/** The KST date `back` days before today. */
const kst = (back = 0) => new Date(Date.now() + 9 * 3600e3 - back * DAY).toISOString().slice(0, 10);

function ok(res, status = 200) {
  assert.equal(res.status, status, res.text);
  return res.json;
}

async function move(c, sku, type, qty, date) {
  return ok(await c.post('/api/movements', { sku, type, qty, date }), 201);
}

function csv(rows) {
  const text = [['일자', '마스터 SKU', '출고 수량'], ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
  return Buffer.from('\uFEFF' + text, 'utf8');
}

async function report(c, query) {
  return ok(await c.get(`/api/reports/sales?${query}`));
}

const WEEKS = 'period=week&from=2025-03-05&to=2025-03-19'; // 2025-W10 .. 2025-W12, snapped to whole weeks

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await srv.addUser({ login: 'view1', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  mgr = await srv.login('mgr');
  viewer = await srv.login('view1');
  other = await srv.login('bossb');
  const product = async (c, body) => ok(await c.post('/api/products', body), 201);
  await product(mgr, { sku: 'A-1', name: '스텐 냄비', category: '주방' });
  await product(mgr, { sku: 'A-2', name: '프라이팬' }); // no category: 미분류
  await product(mgr, { sku: 'A-3', name: '국자', category: '주방' });
  await product(mgr, { sku: 'S-1', name: '주방 세트', category: '주방', kind: 'set',
    components: [{ sku: 'A-1', qty: 1 }, { sku: 'A-3', qty: 2 }] });
  await move(mgr, 'A-1', 'inbound', 1000, '2024-01-02');
  await move(mgr, 'A-3', 'inbound', 100, '2024-01-02');
  // 2025-W10 5 + 3 (Sunday still W10), W11 4, W12 10; W09 6 (the previous range);
  // 2024-W10 2 (last year).
  await move(mgr, 'A-1', 'outbound', 5, '2025-03-03');
  await move(mgr, 'A-1', 'outbound', 3, '2025-03-09');
  await move(mgr, 'A-1', 'outbound', 4, '2025-03-10');
  await move(mgr, 'A-1', 'outbound', 10, '2025-03-17');
  await move(mgr, 'A-1', 'outbound', 6, '2025-02-24');
  await move(mgr, 'A-1', 'outbound', 2, '2024-03-05');
  // Reversed outbound and a stocktake: not sales.
  const wrong = await move(mgr, 'A-1', 'outbound', 7, '2025-03-18');
  ok(await mgr.post(`/api/movements/${wrong.movement.id}/reverse`, { memo: '오타' }), 201);
  await move(mgr, 'A-1', 'adjust', 900, '2025-03-19');
  // Two sets sold in W11: the set counts 2, its components nothing for it.
  await move(mgr, 'S-1', 'outbound', 2, '2025-03-12');
  // A set sale reversed: nothing of it counts.
  const set = await move(mgr, 'S-1', 'outbound', 5, '2025-03-13');
  ok(await mgr.post(`/api/movements/${set.movement.id}/reverse`, {}), 201);
  // Imported history: A-2 10 in W10 and 5 in W12; one set in W10.
  const fd = new FormData();
  fd.append('file', new Blob([csv([['2025-03-04', 'A-2', 10], ['2025-03-20', 'A-2', 5], ['2025-03-05', 'S-1', 1]])]), '판매.csv');
  const batch = ok(await mgr.post('/api/sales-history', fd), 201);
  assert.equal(batch.can_apply, true, JSON.stringify(batch.problems));
  ok(await mgr.post(`/api/sales-history/${batch.id}/apply`, {}));
  // Another organisation's product with the same SKU sells in the same weeks.
  await product(other, { sku: 'A-1', name: '남의 냄비', category: '주방' });
  await move(other, 'A-1', 'inbound', 500, '2024-01-02');
  await move(other, 'A-1', 'outbound', 99, '2025-03-11');
});

after(async () => {
  await srv?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('weeks: ledger outbound not reversed, history as it stands, a set as the set', async () => {
  const r = await report(viewer, WEEKS);
  assert.equal(r.period, 'week');
  assert.equal(r.by, 'product');
  assert.equal(r.from, '2025-03-03');
  assert.equal(r.to, '2025-03-23');
  assert.equal(r.partial_days, 0);
  assert.deepEqual(r.periods.map((p) => [p.label, p.first, p.last, p.text, p.partial, p.days]), [
    ['2025-W10', '2025-03-03', '2025-03-09', '3월 3일–9일', false, 7],
    ['2025-W11', '2025-03-10', '2025-03-16', '3월 10일–16일', false, 7],
    ['2025-W12', '2025-03-17', '2025-03-23', '3월 17일–23일', false, 7],
  ]);
  const bySku = Object.fromEntries(r.items.map((it) => [it.sku, it]));
  // Largest total first; A-3 sold only inside the set, so it has no row.
  assert.deepEqual(r.items.map((it) => it.sku), ['A-1', 'A-2', 'S-1']);
  assert.equal(r.total, 3);
  const a1 = bySku['A-1'];
  assert.deepEqual(a1.qty, [8, 4, 10]);
  assert.deepEqual(a1.prev, [6, 8, 4]);
  assert.deepEqual(a1.last_year, [2, 0, 0]);
  assert.equal(a1.total, 22);
  assert.equal(a1.prev_total, 6);
  assert.equal(a1.prev_change, 266.7); // (22 - 6) / 6
  assert.equal(a1.last_year_total, 2);
  assert.equal(a1.last_year_change, 1000);
  assert.equal(a1.category, '주방');
  assert.equal(a1.kind, 'single');
  const a2 = bySku['A-2'];
  assert.deepEqual(a2.qty, [10, 0, 5]);
  assert.equal(a2.category, '미분류');
  assert.equal(a2.prev_change, null); // nothing before: no percentage
  assert.equal(a2.last_year_change, null);
  const s1 = bySku['S-1'];
  assert.equal(s1.kind, 'set');
  assert.deepEqual(s1.qty, [1, 2, 0]);
  assert.deepEqual(r.sum.qty, [19, 6, 15]);
  assert.equal(r.sum.total, 40);
  assert.equal(r.sum.prev_total, 6);
  assert.equal(r.sum.prev_change, 566.7);
  assert.equal(r.sum.last_year_total, 2);
  assert.equal(r.sum.last_year_change, 1900);
});

test('months and categories', async () => {
  const m = await report(viewer, 'period=month&from=2025-03-01&to=2025-03-31&by=category');
  assert.deepEqual(m.periods.map((p) => [p.label, p.text, p.days]), [['2025-03', '2025년 3월', 31]]);
  assert.deepEqual(m.items.map((it) => [it.category, it.products, it.qty[0], it.prev_total, it.last_year_total]), [
    ['주방', 2, 25, 6, 2], // A-1 22 + the set 3; February 6; March 2024 2
    ['미분류', 1, 15, 0, 0],
  ]);
  assert.equal(m.items[0].prev_change, 316.7); // (25 - 6) / 6
  assert.equal(m.sum.total, 40);
  // Two months: the second compared with the first.
  const two = await report(viewer, 'period=month&from=2025-02-01&to=2025-03-31');
  const a1 = two.items.find((it) => it.sku === 'A-1');
  assert.deepEqual(a1.qty, [6, 22]);
  assert.deepEqual(a1.prev, [0, 6]);
});

test('filters: search, category, 미분류', async () => {
  assert.deepEqual((await report(viewer, `${WEEKS}&q=${encodeURIComponent('냄비')}`)).items.map((it) => it.sku), ['A-1']);
  assert.deepEqual((await report(viewer, `${WEEKS}&q=s-1`)).items.map((it) => it.sku), ['S-1']);
  const none = await report(viewer, `${WEEKS}&category=${encodeURIComponent('미분류')}`);
  assert.deepEqual(none.items.map((it) => it.sku), ['A-2']);
  assert.equal(none.sum.total, 15);
  const kitchen = await report(viewer, `${WEEKS}&by=category&category=${encodeURIComponent('주방')}`);
  assert.deepEqual(kitchen.items.map((it) => [it.category, it.total]), [['주방', 25]]);
  // A search with LIKE wildcards finds them literally.
  assert.equal((await report(viewer, `${WEEKS}&q=${encodeURIComponent('%')}`)).total, 0);
});

test('another organisation sees only its own sales', async () => {
  const b = await report(other, WEEKS);
  assert.deepEqual(b.items.map((it) => [it.sku, it.name, it.total]), [['A-1', '남의 냄비', 99]]);
  const a = await report(viewer, WEEKS);
  assert.equal(a.items.find((it) => it.sku === 'A-1').qty[1], 4);
});

test('the week in progress is compared with as many days of the weeks it is compared with', async () => {
  const today = kst(0);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  await move(mgr, 'A-3', 'outbound', 3, today);
  await move(mgr, 'A-3', 'outbound', 4, kst(7)); // the same weekday last week
  if (weekday < 6) await move(mgr, 'A-3', 'outbound', 50, kst(weekday + 1)); // last Sunday
  const r = await report(viewer, 'period=week');
  assert.equal(r.periods.length, 12);
  assert.equal(r.to, today);
  const last = r.periods[r.periods.length - 1];
  assert.equal(last.partial, weekday < 6);
  assert.equal(last.days, weekday + 1);
  assert.equal(r.partial_days, weekday < 6 ? weekday + 1 : 0);
  const a3 = r.items.find((it) => it.sku === 'A-3');
  assert.equal(a3.qty[11], 3);
  assert.equal(a3.prev[11], 4); // not last Sunday's 50: that day has no match yet
  if (weekday < 6) assert.equal(a3.qty[10], 54);
  assert.equal(a3.prev_change, null); // the 12 weeks before: nothing
});

test('every member reads it; no session is refused', async () => {
  for (const login of ['view1', 'mgr']) {
    const c = await srv.login(login);
    assert.equal((await c.get(`/api/reports/sales?${WEEKS}`)).status, 200);
  }
  const anon = srv.client();
  const res = await anon.get(`/api/reports/sales?${WEEKS}`);
  assert.equal(res.status, 401);
  assert.equal(res.json.error.code, 'unauthenticated');
});

test('bad queries: each its own code and a Korean message', async () => {
  const cases = [
    ['period=day', 'period', 'bad_period'],
    ['period=', 'period', 'bad_period'],
    ['by=supplier', 'by', 'bad_by'],
    ['format=csv', 'format', 'bad_format'],
    ['from=2025-13-01', 'from', 'bad_date'],
    ['from=', 'from', 'bad_date'],
    ['to=2025-3-1', 'to', 'bad_date'],
    ['from=1999-12-27', 'from', 'bad_date'],
    ['from=2025-03-20&to=2025-03-19', 'from', 'bad_range'],
    [`from=${kst(-8)}`, 'from', 'future_date'],
    ['period=week&from=2020-01-01&to=2023-01-01', 'from', 'range_too_long'],
    ['period=month&from=2020-01-01&to=2025-01-31', 'from', 'range_too_long'],
  ];
  for (const [q, field, code] of cases) {
    const res = await viewer.get(`/api/reports/sales?${q}`);
    assert.equal(res.status, 400, q);
    assert.equal(res.json.error.code, 'validation_failed', q);
    assert.deepEqual([res.json.error.details[0].field, res.json.error.details[0].code], [field, code], q);
    assert.match(res.json.error.details[0].message, /[가-힣]/, q);
  }
  // The longest ranges allowed: 156 weeks, 60 months.
  assert.equal((await viewer.get('/api/reports/sales?period=week&from=2020-01-06&to=2022-12-31')).status, 200);
  assert.equal((await viewer.get('/api/reports/sales?period=month&from=2020-01-01&to=2024-12-31')).status, 200);
});

/** The workbook's first sheet as rows of values. */
function readXlsx(body) {
  const file = path.join(tmp, `r-${Math.random().toString(36).slice(2)}.xlsx`);
  fs.writeFileSync(file, body);
  const py = spawnSync(PY, ['-c', `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['판매 리포트']
print(json.dumps({"freeze": ws.freeze_panes, "rows": [list(r) for r in ws.iter_rows(values_only=True)]}, ensure_ascii=False, default=str))
`, file], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  return JSON.parse(py.stdout);
}

const pct = (v) => (v === null ? null : Math.round(v * 1000) / 10);

test('?format=xlsx: Korean headers and exactly the numbers of the JSON', async () => {
  const json = await report(viewer, WEEKS);
  const res = await viewer.get(`/api/reports/sales?${WEEKS}&format=xlsx`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const cd = res.headers.get('content-disposition');
  assert.match(cd, /filename="sales-report-week-2025-03-03-2025-03-23\.xlsx"/);
  assert.equal(decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(cd)[1]), '판매 리포트-주간-2025-03-03-2025-03-23.xlsx');
  const { freeze, rows } = readXlsx(res.body);
  assert.equal(freeze, 'D5');
  assert.match(rows[0][0], /^판매 리포트 — 주간 상품별, 2025-03-03 ~ 2025-03-23/);
  assert.deepEqual(rows[3], ['상품명', '마스터 SKU', '분류', '2025-W10\n3월 3일–9일', '2025-W11\n3월 10일–16일',
    '2025-W12\n3월 17일–23일', '합계', '전 기간 대비', '전년 동기 대비']);
  const lines = rows.slice(4);
  assert.equal(lines.length, json.items.length + 1);
  json.items.forEach((it, i) => {
    const row = lines[i];
    assert.deepEqual(row.slice(0, 3), [it.name, it.sku, it.category]);
    assert.deepEqual(row.slice(3, 6), it.qty);
    assert.equal(row[6], it.total);
    assert.equal(pct(row[7]), it.prev_change);
    assert.equal(pct(row[8]), it.last_year_change);
  });
  const sum = lines[lines.length - 1];
  assert.equal(sum[0], '합계');
  assert.deepEqual(sum.slice(3, 7), [...json.sum.qty, json.sum.total]);
  assert.equal(pct(sum[7]), json.sum.prev_change);
  // By category, by month.
  const m = await report(viewer, 'period=month&from=2025-02-01&to=2025-03-31&by=category');
  const mx = await viewer.get('/api/reports/sales?period=month&from=2025-02-01&to=2025-03-31&by=category&format=xlsx');
  assert.match(decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(mx.headers.get('content-disposition'))[1]), /^판매 리포트-월간-/);
  const book = readXlsx(mx.body);
  assert.deepEqual(book.rows[3], ['분류', '2025년 2월', '2025년 3월', '합계', '전 기간 대비', '전년 동기 대비']);
  assert.deepEqual(book.rows.slice(4).map((r) => r.slice(0, 4)),
    [...m.items.map((it) => [it.category, ...it.qty, it.total]), ['합계', ...m.sum.qty, m.sum.total]]);
});
