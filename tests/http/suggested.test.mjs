// suggested.test.mjs — GET /api/purchase-orders/suggested (추천 발주) over HTTP: the
// products whose order alert fires, grouped by supplier (by name, products without a
// supplier last), each with its quantity after the MOQ and the order multiple, expected
// arrival, lead time and the one-sentence why ("월 수요 3,000개, 리드타임 15일, 안전재고
// 1,500개, 현재 800개 → 2,200개"); products that need nothing, sets and products whose figures
// cannot be computed are left out; managers and masters read it, staff and viewers are
// refused; the route is not taken for an order id; ?format=xlsx opens with Korean headers;
// a bad format is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib.mjs';

const PY = '/usr/bin/python3';
const hangul = /[가-힣]/;
const DAY = 86400e3;
const kst = (offset = 0) => new Date(Date.now() + 9 * 3600e3 + offset * DAY).toISOString().slice(0, 10);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-suggested-'));
let srv, boss, mgr, staff, viewer, other;

function ok(res, status = 200) {
  assert.equal(res.status, status, res.text);
  return res.json;
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
  const hanbit = ok(await mgr.post('/api/suppliers', { name: '한빛상사', lead_time_days: 15 }), 201).id;
  const daesung = ok(await mgr.post('/api/suppliers', { name: '대성식품', lead_time_days: 5 }), 201).id;
  const p = async (body, stock) => {
    ok(await mgr.post('/api/products', { safety_stock_rule: 'forecast_lead_time', ...body }), 201);
    if (stock) ok(await mgr.post('/api/movements', { sku: body.sku, type: 'inbound', qty: stock }), 201);
  };
  // 한빛상사 (lead time 15): the document's example, one raised to the MOQ, one to the multiple.
  await p({ sku: 'H-DOC', name: '스텐 냄비', supplier_id: hanbit, monthly_demand: 3000, unit_cost: 12000 }, 800);
  await p({ sku: 'H-MOQ', name: '프라이팬', supplier_id: hanbit, monthly_demand: 3000, unit_cost: 10000, moq: 2500 }, 800);
  await p({ sku: 'H-MUL', name: '뒤집개', supplier_id: hanbit, monthly_demand: 3000, unit_cost: 1000, order_multiple: 300 }, 800);
  // Plenty on hand: nothing to order.
  await p({ sku: 'H-FULL', name: '국자', supplier_id: hanbit, monthly_demand: 30, unit_cost: 1000 }, 5000);
  // 대성식품 (lead time 5).
  await p({ sku: 'D-1', name: '버터쿠키', supplier_id: daesung, monthly_demand: 600, unit_cost: 2500 }, 50);
  // No supplier, own lead time 3.
  await p({ sku: 'Z-1', name: '도마', lead_time_days: 3, monthly_demand: 300, unit_cost: 800 }, 5);
  // Manual safety stock without a lead time: nothing can be suggested.
  ok(await mgr.post('/api/products', { sku: 'Z-NOLEAD', name: '리드타임 없음', safety_stock: 100, monthly_demand: 300 }), 201);
  ok(await mgr.post('/api/products', { sku: 'H-SET', name: '냄비 세트', kind: 'set', components: [{ sku: 'H-DOC', qty: 1 }] }), 201);
  ok(await other.post('/api/products', { sku: 'X-1', name: '남의 상품', lead_time_days: 3, monthly_demand: 300, safety_stock_rule: 'forecast_lead_time' }), 201);
});
after(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await srv.stop();
});

test('grouped by supplier with quantities, MOQ, multiple, arrival, lead time and why', async () => {
  const s = ok(await mgr.get('/api/purchase-orders/suggested'));
  assert.equal(s.date, kst());
  assert.deepEqual(s.groups.map((g) => g.supplier), ['대성식품', '한빛상사', '']);
  assert.equal(s.groups[2].supplier_id, null);
  assert.equal(s.total_items, 5);
  const han = s.groups[1];
  assert.deepEqual(han.items.map((i) => i.sku), ['H-DOC', 'H-MOQ', 'H-MUL']);
  const [doc, moq, mul] = han.items;
  assert.equal(doc.qty, 2200);
  assert.equal(doc.why, '월 수요 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개 → 2,200개');
  assert.equal(doc.lead_time_days, 15);
  assert.equal(doc.expected_arrival, kst(15));
  assert.equal(doc.reorder_urgency, 'overdue');
  assert.equal(doc.unit_cost, 12000);
  assert.equal(doc.amount, 2200 * 12000);
  assert.equal(moq.qty, 2500);
  assert.equal(moq.computed_qty, 2500);
  assert.equal(moq.need, 2200);
  assert.equal(moq.moq_applied, true);
  assert.equal(moq.why, '월 수요 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개 → 2,500개 (필요 2,200개, 최소 주문 수량 2,500개 적용)');
  assert.equal(mul.qty, 2400);
  assert.equal(mul.order_multiple, 300);
  assert.equal(mul.multiple_applied, true);
  assert.match(mul.why, /→ 2,400개 \(필요 2,200개, 300개 단위로 올림\)$/);
  assert.equal(han.total_qty, 2200 + 2500 + 2400);
  assert.equal(han.total_amount, 2200 * 12000 + 2500 * 10000 + 2400 * 1000);
  const d = s.groups[0].items[0];
  assert.equal(d.sku, 'D-1');
  assert.equal(d.lead_time_days, 5);
  assert.equal(d.expected_arrival, kst(5));
  // 600 a month at 5 days: 100 + safety 100 − 50 on hand = 150
  assert.equal(d.qty, 150);
  assert.equal(s.groups[2].items[0].sku, 'Z-1');
  const all = s.groups.flatMap((g) => g.items.map((i) => i.sku));
  for (const left of ['H-FULL', 'Z-NOLEAD', 'H-SET', 'X-1']) assert.ok(!all.includes(left), left);
});

test('managers and masters read it; staff and viewers are refused; not an order id', async () => {
  ok(await boss.get('/api/purchase-orders/suggested'));
  for (const c of [staff, viewer]) {
    const res = await c.get('/api/purchase-orders/suggested');
    assert.equal(res.status, 403, res.text);
    assert.match(res.json.error.message, hangul);
  }
  const theirs = ok(await other.get('/api/purchase-orders/suggested'));
  assert.deepEqual(theirs.groups.map((g) => g.items.map((i) => i.sku)), [['X-1']]);
  // the order routes still answer for real ids and 404 for others
  assert.equal((await mgr.get('/api/purchase-orders/999999')).status, 404);
  const bad = await mgr.get('/api/purchase-orders/suggested?format=pdf');
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.details[0].code, 'bad_format');
  assert.match(bad.json.error.message, hangul);
});

test('?format=xlsx is a workbook with Korean headers and the same lines', async () => {
  const res = await mgr.get('/api/purchase-orders/suggested?format=xlsx');
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  assert.match(res.headers.get('content-disposition'), /suggested-order-\d{4}-\d{2}-\d{2}\.xlsx/);
  const file = path.join(tmp, 'suggested.xlsx');
  fs.writeFileSync(file, res.body);
  const py = spawnSync(PY, ['-c', `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['추천 발주']
rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
print(json.dumps(rows, ensure_ascii=False, default=str))
`, file], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const rows = JSON.parse(py.stdout);
  assert.match(rows[0][0], /^추천 발주/);
  assert.deepEqual(rows[2], ['공급처', '마스터 SKU', '상품명', '추천 수량', '최소 주문 수량', '발주 단위',
    '리드타임(일)', '발주 기한', '입고 예정일', '매입 단가', '금액', '추천 이유']);
  const lines = rows.slice(3, -1);
  assert.deepEqual(lines.map((r) => r[1]), ['D-1', 'H-DOC', 'H-MOQ', 'H-MUL', 'Z-1']);
  const doc = lines[1];
  assert.equal(doc[0], '한빛상사');
  assert.equal(doc[3], 2200);
  assert.equal(doc[6], 15);
  assert.equal(doc[8], kst(15));
  assert.equal(doc[10], 2200 * 12000);
  assert.equal(doc[11], '월 수요 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개 → 2,200개');
  assert.equal(lines[4][0], '(공급처 없음)');
  const total = rows[rows.length - 1];
  assert.equal(total[0], '합계');
  assert.equal(total[3], 150 + 2200 + 2500 + 2400 + lines[4][3]);
});
