// stock.test.mjs — GET /api/stock over HTTP: products built with known ledger stock, monthly
// demand, lead time, an open purchase order, lots with expiry and a stored forecast give the
// document's figures exactly (3,000 × 15 ÷ 30 = 1,500; 1,500 + 1,500 − 800 = 2,200; the
// service-level quantile 3,600 × 15 ÷ 30 = 1,800), the sentences and the codes of what cannot
// be computed; the planning fields of a product are checked with Korean messages
// (lead_time_missing, demand_missing, service level, order multiple); ?sku= and its 404;
// every role reads, values at 매입 단가 only for those who see costs; another organisation's
// products are invisible; the organisation's planning settings change the figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { startServer } from './lib.mjs';

const PY = '/usr/bin/python3';
const hangul = /[가-힣]/;
let srv, boss, mgr, staff, viewer, other;
let hanbit, noLead;

const DAY = 86400e3;
const kst = (offset = 0) => new Date(Date.now() + 9 * 3600e3 + offset * DAY).toISOString().slice(0, 10);

function ok(res, status = 200) {
  assert.equal(res.status, status, res.text);
  return res.json;
}

// A finished forecast run of 100 a day for 90 days from today for the given products, and
// its 30-day totals at the 50 % and 95 % levels (3,000 and 3,600), written as a run would.
function storeForecast(db, skus) {
  const py = spawnSync(PY, ['-c', `
import sqlite3, sys, json, datetime
db = sqlite3.connect(sys.argv[1])
skus = json.loads(sys.argv[2]); today = datetime.date.fromisoformat(sys.argv[3])
org, = db.execute("SELECT org_id FROM products WHERE sku = ?", (skus[0],)).fetchone()
now = '2025-01-01T00:00:00Z'
last = (today - datetime.timedelta(days=1)).isoformat()
cur = db.execute("INSERT INTO forecast_runs (org_id, status, trigger, created_at, started_at, finished_at,"
                 " horizon, stage, last_history_date) VALUES (?, 'done', 'manual', ?, ?, ?, 90, 'finished', ?)",
                 (org, now, now, now, last))
run = cur.lastrowid
for sku in skus:
    pid, = db.execute("SELECT id FROM products WHERE org_id = ? AND sku = ?", (org, sku)).fetchone()
    db.execute("INSERT INTO forecast_results (run_id, org_id, product_id, status, history_days, min_history_days,"
               " model, t30_mean) VALUES (?, ?, ?, 'ok', 400, 28, 'dow', 3000)", (run, org, pid))
    for t in range(90):
        d = (today + datetime.timedelta(days=t)).isoformat()
        db.execute("INSERT INTO forecast_days VALUES (?, ?, ?, 100, 80, 100, 120)", (run, pid, d))
    for days, mult in ((30, 1), (60, 2), (90, 3)):
        for level, q in ((0.5, 3000), (0.95, 3600)):
            db.execute("INSERT INTO forecast_total_quantiles VALUES (?, ?, ?, ?, ?)", (run, pid, days, level, q * mult))
db.commit()
print(run)
`, db, JSON.stringify(skus), kst()], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  return Number(py.stdout.trim());
}

async function product(body) {
  return ok(await mgr.post('/api/products', body), 201);
}

async function inbound(sku, qty, extra = {}) {
  ok(await mgr.post('/api/movements', { sku, type: 'inbound', qty, ...extra }), 201);
}

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A' });
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await srv.addUser({ login: 'staff1', role: 'staff', org: '가게A' });
  await srv.addUser({ login: 'view1', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  boss = await srv.login('boss');
  mgr = await srv.login('mgr');
  staff = await srv.login('staff1');
  viewer = await srv.login('view1');
  other = await srv.login('bossb');
  hanbit = ok(await mgr.post('/api/suppliers', { name: '한빛상사', lead_time_days: 15 }), 201).id;
  noLead = ok(await mgr.post('/api/suppliers', { name: '리드타임없음' }), 201).id;
  // The document's product: 30-day demand 3,000, lead time 15 (the supplier's), 800 on hand.
  await product({ sku: 'DOC-1', name: '스텐 냄비', supplier_id: hanbit, unit_cost: 12000,
    safety_stock_rule: 'forecast_lead_time', monthly_demand: 3000 });
  await inbound('DOC-1', 800);
  // The same with 500 on an open purchase order.
  await product({ sku: 'DOC-PO', name: '스텐 냄비 (발주 중)', supplier_id: hanbit, unit_cost: 12000,
    safety_stock_rule: 'forecast_lead_time', monthly_demand: 3000 });
  await inbound('DOC-PO', 800);
  const po = ok(await mgr.post('/api/purchase-orders', { supplier_id: hanbit, lines: [{ sku: 'DOC-PO', qty: 500 }] }), 201);
  ok(await mgr.post(`/api/purchase-orders/${po.id}/order`, {}));
  // A stored forecast of 100 a day: the sentence says 30일 예측.
  await product({ sku: 'FC-1', name: '예측 있는 냄비', supplier_id: hanbit, unit_cost: 12000,
    safety_stock_rule: 'forecast_lead_time', monthly_demand: 50 });
  await inbound('FC-1', 800);
  await product({ sku: 'FC-SL', name: '서비스 수준 냄비', supplier_id: hanbit, unit_cost: 12000,
    safety_stock_rule: 'service_level', monthly_demand: 50 });
  await inbound('FC-SL', 5000);
  // Lots: 10 a day; 30 expiring in 4 days, 100 in 9 days, 50 in 60 days.
  await product({ sku: 'LOT-1', name: '버터쿠키', supplier_id: hanbit, unit_cost: 500, has_expiry: true,
    monthly_demand: 300, safety_stock: 0 });
  await inbound('LOT-1', 30, { lot: 'A', expiry: kst(4) });
  await inbound('LOT-1', 100, { lot: 'B', expiry: kst(9) });
  await inbound('LOT-1', 50, { lot: 'C', expiry: kst(60) });
  // Manual safety stock without any lead time.
  await product({ sku: 'NOLEAD', name: '리드타임 모름', supplier_id: noLead, safety_stock: 10, monthly_demand: 300 });
  await inbound('NOLEAD', 100);
  // No demand at all.
  await product({ sku: 'NODEMAND', name: '수요 모름', supplier_id: hanbit, safety_stock: 10 });
  await product({ sku: 'SET-1', name: '냄비 세트', kind: 'set', components: [{ sku: 'DOC-1', qty: 2 }] });
  await product({ sku: 'OFF-1', name: '단종', active: false });
  ok(await other.post('/api/products', { sku: 'DOC-1', name: '남의 냄비' }), 201);
  storeForecast(srv.db, ['FC-1', 'FC-SL']);
});
after(async () => { await srv.stop(); });

async function row(sku, c = mgr) {
  const res = ok(await c.get(`/api/stock?sku=${encodeURIComponent(sku)}`));
  assert.equal(res.items.length, 1);
  return res.items[0];
}

test('the document example through the API: 3,000 × 15 ÷ 30 = 1,500 and → 2,200개', async () => {
  const r = await row('DOC-1');
  assert.equal(r.on_hand, 800);
  assert.equal(r.available, 800);
  assert.equal(r.forecast_30, 3000);
  assert.equal(r.forecast_60, 6000);
  assert.equal(r.demand_basis, 'monthly_demand');
  assert.equal(r.lead_time_days, 15);
  assert.equal(r.safety_stock_rule, 'forecast_lead_time');
  assert.equal(r.safety_stock, 1500);
  assert.equal(r.safety.text, '월 수요 3,000개 × 리드타임 15일 ÷ 30 = 1,500개 (예측이 아직 없어 입력한 월 수요 사용)');
  assert.equal(r.suggested_qty, 2200);
  assert.equal(r.suggestion_text, '월 수요 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개 → 2,200개');
  // 800 at 100 a day: empty at the end of day 7; below 1,500 today, so the order was due
  // 15 days ago.
  assert.equal(r.depletion_date, kst(7));
  assert.equal(r.stockout_risk, true);
  assert.equal(r.reorder_needed, true);
  assert.equal(r.reorder_date, kst(-15));
  assert.equal(r.reorder_urgency, 'overdue');
  assert.match(r.timing_text, /15일 지났으니 지금 발주하세요/);
  assert.equal(r.expected_arrival, kst(15));
  assert.equal(r.overstock_qty, 0);
  assert.equal(r.overstock_value, 0);
  assert.equal(r.expiry_risk_qty, 0);
  assert.equal(r.overridden, false);
  assert.deepEqual(r.problems, []);
});

test('a stored forecast gives the issue sentence word for word', async () => {
  const r = await row('FC-1');
  assert.equal(r.demand_basis, 'forecast');
  assert.ok(r.forecast_run_id > 0);
  assert.equal(r.forecast_30, 3000);
  assert.equal(r.forecast_90, 9000);
  assert.equal(r.safety_stock, 1500);
  assert.equal(r.safety.text, '30일 예측 3,000개 × 리드타임 15일 ÷ 30 = 1,500개');
  assert.equal(r.suggestion_text, '30일 예측 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개 → 2,200개');
  const all = ok(await mgr.get('/api/stock'));
  assert.ok(all.run && all.run.id === r.forecast_run_id, JSON.stringify(all.run));
});

test('service level reads the stored distribution: half of the 30-day 95 % quantile', async () => {
  const r = await row('FC-SL');
  assert.equal(r.safety_stock_rule, 'service_level');
  assert.equal(r.safety.service_level, 95);
  assert.equal(r.safety_stock, 1800);
  assert.match(r.safety.text, /리드타임 15일 동안의 출고가 95% 확률로 넘지 않는 양 = 1,800개/);
  // 5,000 on hand − (lead-time demand 1,500 + safety stock 1,800) = 1,700 over, at 12,000원.
  assert.equal(r.overstock_qty, 1700);
  assert.equal(r.overstock_value, 1700 * 12000);
  assert.match(r.overstock_text, /과잉 재고 1,700개/);
  // A product level beyond the stored ones is refused by code, not invented.
  ok(await mgr.patch('/api/products/FC-SL', { service_level: 99 }));
  const hi = await row('FC-SL');
  assert.equal(hi.safety_stock, null);
  assert.equal(hi.problems[0].code, 'service_level_invalid');
  assert.ok(hi.problems[0].figures.includes('safety_stock'));
  assert.match(hi.problems[0].message, hangul);
  ok(await mgr.patch('/api/products/FC-SL', { service_level: null }));
});

test('an open purchase order counts: 입고 예정 500개 → 1,700개', async () => {
  const r = await row('DOC-PO');
  assert.equal(r.open_qty, 500);
  assert.equal(r.suggested_qty, 1700);
  assert.equal(r.suggestion_text, '월 수요 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개, 입고 예정 500개 → 1,700개');
  // the order arrives on day 15, after the shelf is empty on day 7
  assert.equal(r.stockout_risk, true);
  assert.equal(r.depletion_date, kst(7));
});

test('lots: first-expiry-first-out leaves 30 of lot B unsold, valued at 매입 단가', async () => {
  const r = await row('LOT-1');
  assert.equal(r.on_hand, 180);
  assert.equal(r.expiry_near_qty, 130);
  assert.equal(r.expiry_risk_qty, 30);
  assert.equal(r.expiry_risk_value, 15000);
  assert.equal(r.expiry_judged, true);
  const v = await row('LOT-1', viewer);
  assert.equal(v.expiry_risk_qty, 30);
  assert.equal(v.expiry_risk_value, undefined, 'a viewer does not see values at cost');
  assert.equal(v.unit_cost, undefined);
});

test('what cannot be computed says why, with a stable code and Korean', async () => {
  const r = await row('NOLEAD');
  assert.equal(r.lead_time_days, null);
  assert.equal(r.safety_stock, 10, 'a manual safety stock needs no lead time');
  assert.equal(r.reorder_needed, null);
  assert.equal(r.suggested_qty, null);
  const p = r.problems.find((x) => x.code === 'lead_time_missing');
  assert.ok(p, JSON.stringify(r.problems));
  assert.match(p.message, hangul);
  assert.ok(p.figures.includes('reorder') && p.figures.includes('suggested_qty'), JSON.stringify(p));
  assert.equal(r.depletion_date, kst(9), 'the depletion date needs no lead time');
  const n = await row('NODEMAND');
  assert.equal(n.forecast_30, null);
  assert.equal(n.problems.find((x) => x.code === 'demand_missing').figures.includes('forecast'), true);
  const s = await row('SET-1');
  assert.equal(s.kind, 'set');
  assert.equal(s.on_hand, 400, 'a set shows what its components allow');
  assert.equal(s.planned, false);
  assert.equal(s.problems[0].code, 'set_planned_by_components');
});

test('every role reads; ?sku= 404s for unknown, inactive and other organisations', async () => {
  for (const c of [boss, mgr, staff, viewer]) {
    const all = ok(await c.get('/api/stock'));
    assert.equal(all.date, kst());
    assert.deepEqual(all.items.map((x) => x.sku), ['DOC-1', 'DOC-PO', 'FC-1', 'FC-SL', 'LOT-1', 'NODEMAND', 'NOLEAD', 'SET-1']);
    assert.equal(all.total, 8);
    assert.equal(all.settings.order_alert_days, 10);
  }
  for (const sku of ['NOPE', 'OFF-1']) {
    const res = await mgr.get(`/api/stock?sku=${sku}`);
    assert.equal(res.status, 404, res.text);
    assert.equal(res.json.error.code, 'sku_not_found');
    assert.match(res.json.error.message, hangul);
  }
  const theirs = ok(await other.get('/api/stock'));
  assert.deepEqual(theirs.items.map((x) => x.sku), ['DOC-1']);
  assert.equal(theirs.items[0].on_hand, 0);
  assert.equal((await srv.client().get('/api/stock')).status, 401);
  const blank = await mgr.get('/api/stock?sku=');
  assert.equal(blank.status, 400, blank.text);
});

test('planning fields are checked with Korean messages and codes', async () => {
  const bad = async (body, field, code) => {
    const res = await mgr.post('/api/products', { sku: `BAD-${Math.random().toString(36).slice(2, 8)}`, name: '잘못', ...body });
    assert.equal(res.status, 400, res.text);
    const d = res.json.error.details.find((x) => x.field === field);
    assert.ok(d, res.text);
    assert.match(d.message, hangul);
    assert.equal(res.json.error.code, 'validation_failed');
    if (code) assert.equal(d.code, code, res.text);
  };
  await bad({ safety_stock_rule: 'forecast_lead_time', monthly_demand: 100, supplier_id: noLead }, 'lead_time_days', 'lead_time_missing');
  await bad({ safety_stock_rule: 'service_level', monthly_demand: 100 }, 'lead_time_days', 'lead_time_missing');
  await bad({ safety_stock_rule: 'forecast_lead_time', lead_time_days: 5 }, 'monthly_demand', 'demand_missing');
  await bad({ service_level: 100 }, 'service_level');
  await bad({ service_level: 49.9 }, 'service_level');
  await bad({ service_level: '95' }, 'service_level');
  await bad({ order_multiple: 0 }, 'order_multiple');
  await bad({ monthly_demand: -1 }, 'monthly_demand');
  await bad({ safety_stock_rule: 'auto' }, 'safety_stock_rule');
  // a product with a stored forecast needs no monthly demand
  ok(await mgr.patch('/api/products/FC-1', { monthly_demand: null }));
  // the older field still works: auto is forecast × lead time
  const p = await product({ sku: 'OLD-MODE', name: '옛 방식', safety_stock_mode: 'auto', lead_time_days: 3, monthly_demand: 90 });
  assert.equal(p.safety_stock_rule, 'forecast_lead_time');
  const got = ok(await mgr.get('/api/products/OLD-MODE'));
  assert.equal(got.monthly_demand, 90);
  assert.equal(got.order_multiple, null);
  assert.equal(got.service_level, null);
  const ch = ok(await mgr.patch('/api/products/OLD-MODE', { order_multiple: 12, service_level: 97.5, safety_stock_rule: 'manual' }));
  assert.equal(ch.order_multiple, 12);
  assert.equal(ch.service_level, 97.5);
  assert.equal(ch.safety_stock_rule, 'manual');
  // editing a name is never refused for the planning fields of an older product
  ok(await mgr.patch('/api/products/NOLEAD', { name: '리드타임 모름 (이름만 바꿈)' }));
  ok(await mgr.del('/api/products/OLD-MODE'), 200);
});

test('organisation settings move the figures: 발주 주기 adds to what an order covers', async () => {
  const before = (await row('DOC-1')).suggested_qty;
  const bad = await boss.patch('/api/org', { service_level: 99.95 });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.details[0].code, 'service_level_invalid');
  assert.equal((await mgr.patch('/api/org', { review_days: 7 })).status, 403);
  const s = ok(await boss.patch('/api/org', { review_days: 7, order_alert_days: 14, service_level: 97.5 }));
  assert.equal(s.review_days, 7);
  assert.equal(s.service_level, 97.5);
  try {
    const r = await row('DOC-1');
    assert.equal(r.suggested_qty, before + 700, 'seven more days at 100 a day');
    assert.match(r.suggestion_text, /리드타임 15일 \+ 발주 주기 7일/);
    const all = ok(await viewer.get('/api/stock'));
    assert.deepEqual(all.settings, { order_alert_days: 14, expiry_alert_days: 30, review_days: 7, service_level: 97.5 });
  } finally {
    ok(await boss.patch('/api/org', { review_days: 0, order_alert_days: 10, service_level: 95 }));
  }
  const audit = ok(await boss.get('/api/audit?kind=org.update'));
  assert.ok(audit.items.length >= 1, JSON.stringify(audit));
});

function readXlsx(bytes) {
  const file = `/tmp/jaego-stock-${process.pid}.xlsx`;
  fs.writeFileSync(file, bytes);
  const py = spawnSync(PY, ['-c', `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(json.dumps([[c.value for c in r] for r in ws.iter_rows()], default=str, ensure_ascii=False))`, file], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  assert.equal(py.status, 0, py.stderr);
  const rows = JSON.parse(py.stdout);
  return rows.slice(1).map((r) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]])));
}

function importSheet(c, name, content, type) {
  const fd = new FormData();
  fd.append('file', new Blob([content], { type }), name);
  return c.post('/api/products/import', fd);
}

test('the product table carries the planning fields out and back in', async () => {
  const xlsx = await mgr.get('/api/products.xlsx');
  assert.equal(xlsx.status, 200);
  const rows = readXlsx(xlsx.body);
  const doc = rows.find((r) => r['마스터 SKU'] === 'DOC-1');
  assert.equal(doc['안전재고 계산 방식'], '예측 × 리드타임');
  assert.equal(doc['월 수요'], 3000);
  assert.equal(doc['발주 단위'], null);
  assert.equal(rows.find((r) => r['마스터 SKU'] === 'NOLEAD')['안전재고 계산 방식'], '직접 입력');
  // the file as it was downloaded imports back without a change
  const back = await importSheet(mgr, 'products.xlsx', xlsx.body,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(back.status, 200, back.text);
  assert.equal((await row('DOC-1')).suggested_qty, 2200);
  // a seller's own sheet in the screen's words
  const csv = [
    '마스터 SKU,상품명,안전재고 계산 방식,월 수요,발주 단위,서비스 수준(%),리드타임',
    'SHEET-1,시트 냄비,서비스 수준,"1,500",24,97.5%,10',
    'SHEET-2,시트 팬,직접 입력,,,,',
  ].join('\n');
  const ok1 = await importSheet(mgr, 'p.csv', csv, 'text/csv');
  assert.equal(ok1.status, 200, ok1.text);
  const p1 = (await mgr.get('/api/products/SHEET-1')).json;
  assert.deepEqual([p1.safety_stock_rule, p1.monthly_demand, p1.order_multiple, p1.service_level, p1.lead_time_days],
    ['service_level', 1500, 24, 97.5, 10]);
  assert.equal((await mgr.get('/api/products/SHEET-2')).json.safety_stock_rule, 'manual');
  // a row asking for a computed rule without demand is refused with its row, nothing saved
  const bad = await importSheet(mgr, 'p.csv', [
    '마스터 SKU,상품명,안전재고 계산 방식,리드타임,발주 단위',
    'SHEET-3,시트 도마,예측 × 리드타임,5,',
    'SHEET-4,시트 국자,직접 입력,5,0',
  ].join('\n'), 'text/csv');
  assert.equal(bad.status, 400, bad.text);
  assert.deepEqual(bad.json.error.details.map((d) => [d.row, d.field]), [[2, 'monthly_demand'], [3, 'order_multiple']]);
  assert.ok(bad.json.error.details.every((d) => hangul.test(d.message)));
  assert.equal((await mgr.get('/api/products/SHEET-4')).status, 404);
});
