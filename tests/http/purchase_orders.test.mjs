// purchase_orders.test.mjs — purchase orders (발주) over HTTP: a draft is created, edited,
// sent and received in parts; stock rises by exactly the received units with source
// purchase_order and the order's id as ref; over-receipt, a retried receipt, receiving a
// draft, a cancelled or a finished order, and a partial order's cancel are refused with a
// stable code and a Korean message, changing nothing; lot and 소비기한 are required for
// expiry-managed products; every bad draft field is named; roles (viewer reads, staff
// receives, managers write); another organisation's orders are 404; every change is
// audited with before/after; the .xlsx 발주서 opens with its Korean headers; observed lead
// times give a median a manager adopts as the product's lead time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib.mjs';

const hangul = /[가-힣]/;
const PY = '/usr/bin/python3'; // Debian's python, where python3-openpyxl lives
let srv, boss, mgr, staff, viewer, other;
let hanbit, slow, noLead, otherSupplier;
let keyN = 0;
const key = () => `test-${process.pid}-${++keyN}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-po-'));

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
  const sup = async (c, body) => {
    const res = await c.post('/api/suppliers', body);
    assert.equal(res.status, 201, res.text);
    return res.json.id;
  };
  hanbit = await sup(mgr, { name: '한빛상사', lead_time_days: 7 });
  slow = await sup(mgr, { name: 'NPK', lead_time_days: 120 });
  noLead = await sup(mgr, { name: '리드타임없음' });
  otherSupplier = await sup(other, { name: '남의 공급처', lead_time_days: 3 });
  const prod = async (c, body) => {
    const res = await c.post('/api/products', body);
    assert.equal(res.status, 201, res.text);
  };
  await prod(mgr, { sku: 'PO-A', name: '스텐 냄비 20cm', supplier_id: hanbit, unit_cost: 12000 });
  await prod(mgr, { sku: 'PO-B', name: '버터쿠키', supplier_id: hanbit, unit_cost: 2500, has_expiry: true });
  await prod(mgr, { sku: 'PO-C', name: '도마', unit_cost: 800 });
  await prod(mgr, { sku: 'PO-SET', name: '선물세트', kind: 'set', components: [{ sku: 'PO-A', qty: 1 }] });
  await prod(mgr, { sku: 'PO-OFF', name: '단종 상품', active: false });
  await prod(other, { sku: 'PO-A', name: '남의 냄비' });
});
after(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await srv.stop();
});

async function onHand(sku, c = mgr) {
  const res = await c.get(`/api/products/${encodeURIComponent(sku)}`);
  assert.equal(res.status, 200, res.text);
  return res.json.on_hand;
}

async function draft(body = {}) {
  const res = await mgr.post('/api/purchase-orders', {
    supplier_id: hanbit, lines: [{ sku: 'PO-A', qty: 100 }, { sku: 'PO-B', qty: 50 }], ...body,
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function ordered(body = {}, orderDate = '2025-01-02') {
  const po = await draft(body);
  const res = await mgr.post(`/api/purchase-orders/${po.id}/order`, { order_date: orderDate });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

function receive(c, id, body, k = key()) {
  return c.post(`/api/purchase-orders/${id}/receive`, body, { 'Idempotency-Key': k });
}

function lineOf(po, sku) {
  return po.lines.find((l) => l.sku === sku);
}

function assertRefused(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  assert.match(res.json.error.message, hangul);
}

function assertField(res, field, code) {
  assertRefused(res, 400, 'validation_failed');
  const d = res.json.error.details.find((x) => x.field === field);
  assert.ok(d, `no error for ${field}: ${res.text}`);
  assert.equal(d.code, code, res.text);
  assert.match(d.message, hangul);
}

test('lifecycle: draft, edit, send, two partial receipts, received; stock rises by exactly what arrived', async () => {
  const d = await draft({ memo: '설 명절 물량' });
  assert.equal(d.status, 'draft');
  assert.equal(d.status_label, '작성 중');
  assert.equal(d.supplier.name, '한빛상사');
  assert.equal(d.order_date, null);
  assert.equal(d.created_by.id, mgr.user.id);
  // Unit cost defaults to the product's 매입 단가; the amount is qty × cost.
  assert.equal(lineOf(d, 'PO-A').unit_cost, 12000);
  assert.equal(lineOf(d, 'PO-A').amount, 1200000);
  assert.equal(d.total_amount, 100 * 12000 + 50 * 2500);
  assert.equal(d.total_qty, 150);

  // A draft is edited: lines replaced, a cost given, memo changed.
  const p = await mgr.patch(`/api/purchase-orders/${d.id}`, {
    memo: '수정한 메모', lines: [{ sku: 'PO-A', qty: 60, unit_cost: 11000 }, { sku: 'PO-B', qty: 40 }],
  });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.memo, '수정한 메모');
  assert.deepEqual(p.json.lines.map((l) => [l.sku, l.qty, l.unit_cost]), [['PO-A', 60, 11000], ['PO-B', 40, 2500]]);

  // Send: the order date is fixed; the expected arrival is order date + the supplier's 7 days.
  const o = await mgr.post(`/api/purchase-orders/${d.id}/order`, { order_date: '2025-01-02' });
  assert.equal(o.status, 200, o.text);
  assert.equal(o.json.status, 'ordered');
  assert.equal(o.json.status_label, '발주 완료');
  assert.equal(o.json.order_date, '2025-01-02');
  assert.equal(o.json.expected_date, '2025-01-09');
  assert.equal(o.json.ordered_by.id, mgr.user.id);
  assert.equal(o.json.remaining_qty, 100);
  // No longer editable.
  assertRefused(await mgr.patch(`/api/purchase-orders/${d.id}`, { memo: 'x' }), 409, 'po_not_draft');
  assertRefused(await mgr.post(`/api/purchase-orders/${d.id}/order`, {}), 409, 'po_not_draft');

  const a0 = await onHand('PO-A'), b0 = await onHand('PO-B');
  const r1 = await receive(staff, d.id, {
    date: '2025-01-10',
    lines: [{ line_id: lineOf(o.json, 'PO-A').id, qty: 40 },
      { sku: 'PO-B', qty: 10, lot: 'L-0110', expiry: '2025-07-01' },
      { sku: 'PO-B', qty: 5, lot: 'L-0111', expiry: '2025-08-01' }],
  });
  assert.equal(r1.status, 201, r1.text);
  assert.equal(r1.json.status, 'partial');
  assert.equal(r1.json.status_label, '일부 입고');
  assert.equal(lineOf(r1.json, 'PO-A').received_qty, 40);
  assert.equal(lineOf(r1.json, 'PO-B').received_qty, 15);
  assert.equal(r1.json.remaining_qty, 45);
  assert.equal(await onHand('PO-A'), a0 + 40);
  assert.equal(await onHand('PO-B'), b0 + 15);
  const rc = r1.json.receipts;
  assert.equal(rc.length, 1);
  assert.equal(rc[0].date, '2025-01-10');
  assert.equal(rc[0].lead_time_days, 8);
  assert.equal(rc[0].user.id, staff.user.id);
  assert.deepEqual(rc[0].lines.map((l) => [l.sku, l.qty, l.lot, l.expiry]),
    [['PO-A', 40, null, null], ['PO-B', 10, 'L-0110', '2025-07-01'], ['PO-B', 5, 'L-0111', '2025-08-01']]);

  // The ledger has the inbound movements, by the staff member, source purchase_order, ref = id.
  const mv = await mgr.get('/api/movements?source=purchase_order&limit=100');
  const mine = mv.json.items.filter((m) => m.ref === String(d.id));
  assert.equal(mine.length, 3);
  for (const m of mine) {
    assert.equal(m.type, 'inbound');
    assert.equal(m.date, '2025-01-10');
    assert.equal(m.user.id, staff.user.id);
  }
  assert.deepEqual(mine.map((m) => m.id).sort(), rc[0].lines.map((l) => l.movement_id).sort());
  assert.equal(mine.find((m) => m.sku === 'PO-B' && m.qty === 10).lot, 'L-0110');

  // The rest arrives: received, nothing remaining.
  const r2 = await receive(staff, d.id, {
    date: '2025-01-12',
    lines: [{ sku: 'PO-A', qty: 20 }, { sku: 'PO-B', qty: 25, lot: 'L-0112', expiry: '2025-09-01' }],
  });
  assert.equal(r2.status, 201, r2.text);
  assert.equal(r2.json.status, 'received');
  assert.equal(r2.json.status_label, '입고 완료');
  assert.equal(r2.json.remaining_qty, 0);
  assert.equal(r2.json.receipts.length, 2);
  assert.equal(r2.json.receipts[1].lead_time_days, 10);
  assert.equal(await onHand('PO-A'), a0 + 60);
  assert.equal(await onHand('PO-B'), b0 + 40);
  // Finished: nothing more can be received or changed.
  assertRefused(await receive(staff, d.id, { lines: [{ sku: 'PO-A', qty: 1 }] }), 409, 'po_received');
  assertRefused(await mgr.post(`/api/purchase-orders/${d.id}/cancel`, {}), 409, 'po_received');

  // Every member reads it.
  const g = await viewer.get(`/api/purchase-orders/${d.id}`);
  assert.equal(g.status, 200);
  assert.equal(g.json.receipts.length, 2);
});

test('over-receipt is refused as a whole, per line and over all receipts, and nothing changes', async () => {
  const o = await ordered();
  const a0 = await onHand('PO-A');
  const r0 = await receive(staff, o.id, { lines: [{ sku: 'PO-A', qty: 90 }] });
  assert.equal(r0.status, 201, r0.text);
  // 90 of 100 arrived: 11 more is too many, even split over two lots of one request.
  for (const lines of [[{ sku: 'PO-A', qty: 11 }],
    [{ sku: 'PO-A', qty: 6 }, { sku: 'PO-A', qty: 5 }],
    [{ sku: 'PO-B', qty: 1, lot: 'L', expiry: '2099-01-01' }, { sku: 'PO-A', qty: 11 }]]) {
    const res = await receive(staff, o.id, { lines });
    assertRefused(res, 409, 'over_receipt');
    const det = res.json.error.details.find((x) => x.sku === 'PO-A');
    assert.equal(det.code, 'over_receipt');
    assert.equal(det.remaining_qty, 10);
    assert.match(det.message, /남은 10개/);
  }
  assert.equal(await onHand('PO-A'), a0 + 90);
  const po = (await mgr.get(`/api/purchase-orders/${o.id}`)).json;
  assert.equal(lineOf(po, 'PO-A').received_qty, 90);
  assert.equal(lineOf(po, 'PO-B').received_qty, 0);
  assert.equal(po.receipts.length, 1);
  // Exactly the rest fits.
  const ok = await receive(staff, o.id, { lines: [{ sku: 'PO-A', qty: 10 }] });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.status, 'partial'); // PO-B still expected
});

test('a retried receive is recognised by its Idempotency-Key and never received twice', async () => {
  const o = await ordered();
  const a0 = await onHand('PO-A');
  const k = key();
  const body = { date: '2025-01-05', lines: [{ sku: 'PO-A', qty: 30 }] };
  const first = await receive(staff, o.id, body, k);
  assert.equal(first.status, 201, first.text);
  const again = await receive(staff, o.id, body, k);
  assertRefused(again, 409, 'already_received');
  assert.equal(again.json.error.details[0].po_id, o.id);
  // The same lot named by line id is the same request.
  const byId = await receive(staff, o.id, { date: '2025-01-05', lines: [{ line_id: lineOf(o, 'PO-A').id, qty: 30 }] }, k);
  assertRefused(byId, 409, 'already_received');
  // Another request under the same key is refused too.
  assertRefused(await receive(staff, o.id, { date: '2025-01-05', lines: [{ sku: 'PO-A', qty: 31 }] }, k),
    409, 'idempotency_key_reused');
  assert.equal(await onHand('PO-A'), a0 + 30);
  assert.equal((await mgr.get(`/api/purchase-orders/${o.id}`)).json.receipts.length, 1);
  // A key is required and well formed.
  const none = await staff.post(`/api/purchase-orders/${o.id}/receive`, body);
  assertRefused(none, 400, 'idempotency_key_required');
  assertRefused(await receive(staff, o.id, body, 'bad key with spaces'), 400, 'idempotency_key_invalid');
  assertRefused(await receive(staff, o.id, body, 'x'.repeat(101)), 400, 'idempotency_key_invalid');
  assert.equal(await onHand('PO-A'), a0 + 30);
});

test('status rules: draft and cancelled orders cannot be received; a partial order is closed, not cancelled', async () => {
  const d = await draft();
  assertRefused(await receive(staff, d.id, { lines: [{ sku: 'PO-A', qty: 1 }] }), 409, 'po_not_ordered');
  assertRefused(await mgr.post(`/api/purchase-orders/${d.id}/close`, {}), 409, 'po_not_ordered');
  const c = await mgr.post(`/api/purchase-orders/${d.id}/cancel`, { reason: '공급처 단가 인상' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.status, 'cancelled');
  assert.equal(c.json.status_label, '취소');
  assert.equal(c.json.close_reason, '공급처 단가 인상');
  assert.equal(c.json.closed_by.id, mgr.user.id);

  const o = await ordered();
  assertRefused(await mgr.post(`/api/purchase-orders/${o.id}/close`), 409, 'po_nothing_received');
  const oc = await mgr.post(`/api/purchase-orders/${o.id}/cancel`);
  assert.equal(oc.status, 200, oc.text);
  assert.equal(oc.json.status, 'cancelled');
  assert.equal(oc.json.remaining_qty, 0);
  const a0 = await onHand('PO-A');
  const refused = await receive(staff, o.id, { lines: [{ sku: 'PO-A', qty: 1 }] });
  assertRefused(refused, 409, 'po_cancelled');
  assert.match(refused.json.error.message, /취소된 발주/);
  assert.equal(await onHand('PO-A'), a0);
  assertRefused(await mgr.patch(`/api/purchase-orders/${o.id}`, { memo: 'x' }), 409, 'po_cancelled');

  const p = await ordered();
  assert.equal((await receive(staff, p.id, { lines: [{ sku: 'PO-A', qty: 100 }] })).status, 201);
  const pc = await mgr.post(`/api/purchase-orders/${p.id}/cancel`, {});
  assertRefused(pc, 409, 'po_partially_received');
  assert.match(pc.json.error.message, /입고 마감/);
  const closed = await mgr.post(`/api/purchase-orders/${p.id}/close`, { reason: '나머지는 단종' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.status, 'received');
  assert.equal(closed.json.closed_short, true);
  assert.equal(closed.json.remaining_qty, 0);
  assert.equal(lineOf(closed.json, 'PO-B').remaining_qty, 0);
  assert.equal(lineOf(closed.json, 'PO-B').received_qty, 0);
  assertRefused(await receive(staff, p.id, { lines: [{ sku: 'PO-B', qty: 1, lot: 'L', expiry: '2099-01-01' }] }), 409, 'po_received');
});

test('lot and 소비기한 are required for expiry-managed products; bad receipt input is named per field', async () => {
  const o = await ordered();
  const b0 = await onHand('PO-B');
  let res = await receive(staff, o.id, { date: '2025-01-10', lines: [{ sku: 'PO-A', qty: 1 }, { sku: 'PO-B', qty: 5 }] });
  assertField(res, 'lines[1].lot', 'lot_required');
  assertField(res, 'lines[1].expiry', 'expiry_required');
  res = await receive(staff, o.id, { date: '2025-01-10', lines: [{ sku: 'PO-B', qty: 5, lot: 'L1', expiry: '2025-01-09' }] });
  assertField(res, 'lines[0].expiry', 'expiry_before_receipt');
  const cases = [
    [{ lines: [] }, 'lines', 'required'],
    [{}, 'lines', 'required'],
    [{ lines: 'PO-A' }, 'lines', 'not_array'],
    [{ lines: [{ sku: 'PO-A', qty: 0 }] }, 'lines[0].qty', 'out_of_range'],
    [{ lines: [{ sku: 'PO-A', qty: 1.5 }] }, 'lines[0].qty', 'not_integer'],
    [{ lines: [{ sku: 'PO-A' }] }, 'lines[0].qty', 'required'],
    [{ lines: [{ qty: 1 }] }, 'lines[0].line_id', 'required'],
    [{ lines: [{ sku: 'PO-C', qty: 1 }] }, 'lines[0].sku', 'line_not_found'],
    [{ lines: [{ line_id: 999999, qty: 1 }] }, 'lines[0].line_id', 'line_not_found'],
    [{ lines: [{ sku: 'PO-B', qty: 1, lot: 'L', expiry: '2025-02-30' }] }, 'lines[0].expiry', 'bad_date'],
    [{ lines: [{ sku: 'PO-A', qty: 1, lot: 'x'.repeat(65) }] }, 'lines[0].lot', 'too_long'],
    [{ lines: [{ sku: 'PO-A', qty: 1, extra: 1 }] }, 'lines[0].extra', 'unknown_field'],
    [{ date: '2024-12-31', lines: [{ sku: 'PO-A', qty: 1 }] }, 'date', 'received_before_order'],
    [{ date: '2099-01-01', lines: [{ sku: 'PO-A', qty: 1 }] }, 'date', 'date_out_of_range'],
  ];
  for (const [body, field, code] of cases) assertField(await receive(staff, o.id, body), field, code);
  assert.equal(await onHand('PO-B'), b0);
  const ok = await receive(staff, o.id, { date: '2025-01-10', lines: [{ sku: 'PO-B', qty: 5, lot: 'L1', expiry: '2026-01-10' }] });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(await onHand('PO-B'), b0 + 5);
  // The lot is in the ledger with its expiry.
  const mv = (await mgr.get('/api/products/PO-B/movements?limit=1000')).json.items
    .filter((m) => m.ref === String(o.id));
  assert.deepEqual(mv.map((m) => [m.qty, m.lot, m.expiry, m.source]), [[5, 'L1', '2026-01-10', 'purchase_order']]);
});

test('bad drafts are refused with every field named, and nothing is written', async () => {
  const count = async () => (await mgr.get('/api/purchase-orders?limit=1')).json.total;
  const n = await count();
  const ok = { supplier_id: hanbit, lines: [{ sku: 'PO-A', qty: 1 }] };
  const cases = [
    [{ lines: [{ sku: 'PO-A', qty: 1 }] }, 'supplier_id', 'required'],
    [{ ...ok, supplier_id: 'x' }, 'supplier_id', 'not_integer'],
    [{ ...ok, supplier_id: 999999 }, 'supplier_id', 'supplier_not_found'],
    [{ ...ok, supplier_id: otherSupplier }, 'supplier_id', 'supplier_not_found'],
    [{ ...ok, lines: [{ sku: 'NOPE', qty: 1 }] }, 'lines[0].sku', 'sku_not_found'],
    [{ ...ok, lines: [{ sku: 'PO-SET', qty: 1 }] }, 'lines[0].sku', 'set_not_orderable'],
    [{ ...ok, lines: [{ sku: 'PO-OFF', qty: 1 }] }, 'lines[0].sku', 'product_inactive'],
    [{ ...ok, lines: [{ sku: 'PO-A', qty: 1 }, { sku: 'PO-A', qty: 2 }] }, 'lines[1].sku', 'duplicate_product'],
    [{ ...ok, lines: [{ sku: 'PO-A', qty: 0 }] }, 'lines[0].qty', 'out_of_range'],
    [{ ...ok, lines: [{ sku: 'PO-A', qty: 1000001 }] }, 'lines[0].qty', 'out_of_range'],
    [{ ...ok, lines: [{ sku: 'PO-A', qty: 1, unit_cost: -1 }] }, 'lines[0].unit_cost', 'out_of_range'],
    [{ ...ok, lines: [{ sku: 'PO-A' }] }, 'lines[0].qty', 'required'],
    [{ ...ok, lines: [{ qty: 3 }] }, 'lines[0].sku', 'required'],
    [{ ...ok, lines: [{ sku: 'PO-A', qty: 1, expected_date: '2025-13-01' }] }, 'lines[0].expected_date', 'bad_date'],
    [{ ...ok, lines: [1] }, 'lines[0]', 'not_object'],
    [{ ...ok, lines: Array.from({ length: 201 }, () => ({ sku: 'PO-A', qty: 1 })) }, 'lines', 'too_many_lines'],
    [{ ...ok, expected_date: '1999-12-31' }, 'expected_date', 'date_out_of_range'],
    [{ ...ok, memo: 'x'.repeat(2001) }, 'memo', 'too_long'],
    [{ ...ok, memo: 'a\u0001b' }, 'memo', 'bad_text'],
    [{ ...ok, status: 'received' }, 'status', 'unknown_field'],
  ];
  for (const [body, field, code] of cases) assertField(await mgr.post('/api/purchase-orders', body), field, code);
  // Several problems at once are all reported.
  const many = await mgr.post('/api/purchase-orders', { lines: [{ sku: 'NOPE', qty: 0 }] });
  assert.deepEqual(many.json.error.details.map((x) => x.field).sort(), ['lines[0].qty', 'supplier_id']);
  assert.equal(await count(), n);
  // An empty draft may be kept, but not sent.
  const empty = await mgr.post('/api/purchase-orders', { supplier_id: hanbit });
  assert.equal(empty.status, 201, empty.text);
  assertRefused(await mgr.post(`/api/purchase-orders/${empty.json.id}/order`, {}), 409, 'po_empty');
  // Sending: the order date cannot be in the future, and an arrival must be known.
  const d = await draft();
  assertField(await mgr.post(`/api/purchase-orders/${d.id}/order`, { order_date: '2099-01-01' }), 'order_date', 'order_date_out_of_range');
  assertField(await mgr.post(`/api/purchase-orders/${d.id}/order`, { order_date: 'tomorrow' }), 'order_date', 'bad_date');
  const nl = await mgr.post('/api/purchase-orders', { supplier_id: noLead, lines: [{ sku: 'PO-C', qty: 5 }] });
  assertField(await mgr.post(`/api/purchase-orders/${nl.json.id}/order`, {}), 'expected_date', 'expected_date_missing');
  // Its products' lead time is used when the supplier has none; a date before the order is refused.
  const early = await mgr.post('/api/purchase-orders', { supplier_id: noLead, expected_date: '2025-01-01', lines: [{ sku: 'PO-C', qty: 5 }] });
  assertField(await mgr.post(`/api/purchase-orders/${early.json.id}/order`, { order_date: '2025-01-02' }), 'expected_date', 'expected_before_order');
  const withProd = await mgr.post('/api/purchase-orders', { supplier_id: noLead, lines: [{ sku: 'PO-A', qty: 5 }] });
  const sent = await mgr.post(`/api/purchase-orders/${withProd.json.id}/order`, { order_date: '2025-03-01' });
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.json.expected_date, '2025-03-08'); // PO-A's supplier 한빛: 7 days
  // Not found.
  assert.equal((await mgr.patch('/api/purchase-orders/999999', { memo: 'x' })).json.error.code, 'purchase_order_not_found');
  assert.equal((await mgr.get('/api/purchase-orders/abc')).status, 404);
  assert.equal((await mgr.post('/api/purchase-orders', '{bad')).status, 400);
});

test('a product named by an order is kept (deactivated) when deleted, so the order stays readable', async () => {
  assert.equal((await mgr.post('/api/products', { sku: 'PO-DEL', name: '지울 상품' })).status, 201);
  const d = await draft({ lines: [{ sku: 'PO-DEL', qty: 3 }] });
  const del = await mgr.del('/api/products/PO-DEL');
  assert.equal(del.status, 200, del.text);
  assert.deepEqual([del.json.deleted, del.json.deactivated], [false, true]);
  const po = await viewer.get(`/api/purchase-orders/${d.id}`);
  assert.equal(po.status, 200);
  assert.equal(lineOf(po.json, 'PO-DEL').name, '지울 상품');
  // A deactivated product is not ordered again.
  assertField(await mgr.patch(`/api/purchase-orders/${d.id}`, { lines: [{ sku: 'PO-DEL', qty: 3 }] }), 'lines[0].sku', 'product_inactive');
});

test('roles: every member reads, staff receives, managers and masters write', async () => {
  const o = await ordered();
  const d = await draft();
  for (const c of [viewer, staff, mgr, boss]) {
    assert.equal((await c.get('/api/purchase-orders')).status, 200);
    assert.equal((await c.get(`/api/purchase-orders/${o.id}`)).status, 200);
    assert.equal((await c.get(`/api/purchase-orders/${o.id}/export.xlsx`)).status, 200);
    assert.equal((await c.get('/api/products/PO-A/lead-times')).status, 200);
  }
  const writes = [
    (c) => c.post('/api/purchase-orders', { supplier_id: hanbit }),
    (c) => c.patch(`/api/purchase-orders/${d.id}`, { memo: '권한 확인' }),
    (c) => c.post(`/api/purchase-orders/${d.id}/order`, {}),
    (c) => c.post(`/api/purchase-orders/${d.id}/cancel`, {}),
    (c) => c.post(`/api/purchase-orders/${o.id}/close`, {}),
  ];
  for (const w of writes) {
    for (const c of [viewer, staff]) {
      const res = await w(c);
      assert.equal(res.status, 403, res.text);
      assert.match(res.json.error.message, hangul);
    }
  }
  assert.equal((await receive(viewer, o.id, { lines: [{ sku: 'PO-A', qty: 1 }] })).status, 403);
  assert.equal((await receive(staff, o.id, { lines: [{ sku: 'PO-A', qty: 1 }] })).status, 201);
  assert.equal((await receive(boss, o.id, { lines: [{ sku: 'PO-A', qty: 1 }] })).status, 201);
  assert.equal((await boss.post('/api/purchase-orders', { supplier_id: hanbit })).status, 201);
  assert.equal((await boss.patch(`/api/purchase-orders/${d.id}`, { memo: '마스터 수정' })).status, 200);
  assert.equal((await srv.client().get('/api/purchase-orders')).status, 401);
  // A state-changing call without the CSRF header is refused before anything runs.
  assert.equal((await mgr.post('/api/purchase-orders', { supplier_id: hanbit }, { 'X-CSRF-Token': 'nope' })).status, 403);
});

test("another organisation's orders are 404, unlisted and unusable", async () => {
  const o = await ordered();
  for (const res of [
    await other.get(`/api/purchase-orders/${o.id}`),
    await other.patch(`/api/purchase-orders/${o.id}`, { memo: 'x' }),
    await other.post(`/api/purchase-orders/${o.id}/order`, {}),
    await other.post(`/api/purchase-orders/${o.id}/cancel`, {}),
    await other.post(`/api/purchase-orders/${o.id}/close`, {}),
    await receive(other, o.id, { lines: [{ sku: 'PO-A', qty: 1 }] }),
    await other.get(`/api/purchase-orders/${o.id}/export.xlsx`),
  ]) {
    assert.equal(res.status, 404, res.text);
    assert.equal(res.json.error.code, 'purchase_order_not_found');
  }
  assert.equal((await other.get('/api/purchase-orders')).json.total, 0);
  // Their own PO-A is theirs; ours is not visible.
  const res = await other.post('/api/purchase-orders', { supplier_id: hanbit, lines: [{ sku: 'PO-A', qty: 1 }] });
  assertField(res, 'supplier_id', 'supplier_not_found');
  const mine = await other.post('/api/purchase-orders', { supplier_id: otherSupplier, lines: [{ sku: 'PO-A', qty: 1 }] });
  assert.equal(mine.status, 201, mine.text);
  assert.equal((await mgr.get(`/api/purchase-orders/${mine.json.id}`)).status, 404);
});

test('lists filter by status, open, supplier and product; the product filter shows its line', async () => {
  const o = await ordered({ supplier_id: slow, lines: [{ sku: 'PO-C', qty: 7, expected_date: '2025-06-01' }] });
  const all = (await viewer.get('/api/purchase-orders?limit=1000')).json;
  assert.ok(all.items.length >= 2);
  assert.ok(all.items[0].id > all.items[1].id, 'newest first');
  const bySupplier = (await viewer.get(`/api/purchase-orders?supplier_id=${slow}`)).json;
  assert.deepEqual(bySupplier.items.map((x) => x.id), [o.id]);
  assert.equal(bySupplier.items[0].first_item, '도마');
  const open = (await viewer.get('/api/purchase-orders?status=open&limit=1000')).json.items;
  assert.ok(open.every((x) => ['ordered', 'partial'].includes(x.status)));
  assert.ok(open.some((x) => x.id === o.id));
  const drafts = (await viewer.get('/api/purchase-orders?status=draft&limit=1000')).json.items;
  assert.ok(drafts.length > 0 && drafts.every((x) => x.status === 'draft'));
  const bySku = (await viewer.get('/api/purchase-orders?sku=PO-C&status=open')).json;
  assert.deepEqual(bySku.items.map((x) => x.id), [o.id]);
  assert.deepEqual(bySku.items[0].line, { id: o.lines[0].id, qty: 7, received_qty: 0, remaining_qty: 7, unit_cost: 800, expected_date: '2025-06-01' });
  assert.equal((await viewer.get('/api/purchase-orders?status=done')).status, 400);
  assert.equal((await viewer.get('/api/purchase-orders?sku=NOPE')).status, 404);
  assert.equal((await viewer.get('/api/purchase-orders?limit=0')).status, 400);
});

test('every change is audited with the order before and after', async () => {
  const o = await ordered();
  await receive(staff, o.id, { lines: [{ sku: 'PO-A', qty: 100 }] });
  await mgr.post(`/api/purchase-orders/${o.id}/close`, { reason: '감사 확인' });
  const res = await boss.get(`/api/audit?entity=purchase_order&entity_id=${o.id}&limit=100`);
  assert.equal(res.status, 200, res.text);
  const items = res.json.items.slice().reverse(); // oldest first
  assert.deepEqual(items.map((x) => x.kind),
    ['purchase_order.create', 'purchase_order.order', 'purchase_order.receive', 'purchase_order.close']);
  assert.equal(items[0].before, null);
  assert.equal(items[0].after.status, 'draft');
  assert.equal(items[1].before.status, 'draft');
  assert.equal(items[1].after.status, 'ordered');
  assert.equal(items[2].user.id, staff.user.id);
  assert.equal(items[2].before.receipts.length, 0);
  assert.equal(items[2].after.receipts.length, 1);
  assert.equal(items[2].after.status, 'partial');
  assert.equal(items[3].after.close_reason, '감사 확인');
  // A refused change leaves no audit row.
  await mgr.post(`/api/purchase-orders/${o.id}/cancel`, {});
  assert.equal((await boss.get(`/api/audit?entity=purchase_order&entity_id=${o.id}`)).json.total, 4);
  // An edit that sends what is already there changes and records nothing.
  const d = await draft({ memo: '그대로' });
  const same = await mgr.patch(`/api/purchase-orders/${d.id}`, { memo: '그대로', supplier_id: hanbit });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.json.updated_at, d.updated_at);
  const changed = await mgr.patch(`/api/purchase-orders/${d.id}`, { memo: '바뀜' });
  assert.equal(changed.json.memo, '바뀜');
  const kinds = (await boss.get(`/api/audit?entity=purchase_order&entity_id=${d.id}`)).json.items.map((x) => x.kind);
  assert.deepEqual(kinds, ['purchase_order.update', 'purchase_order.create']);
});

test('the .xlsx 발주서 opens and carries the Korean headers and the order', async () => {
  const o = await ordered({ memo: '포장 단단히 =SUM(A1)' });
  const res = await viewer.get(`/api/purchase-orders/${o.id}/export.xlsx`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const cd = res.headers.get('content-disposition');
  assert.match(cd, new RegExp(`filename="purchase-order-${o.id}\\.xlsx"`));
  assert.equal(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(cd)[1]), `발주서-${o.id}.xlsx`);
  const file = path.join(tmp, 'po.xlsx');
  fs.writeFileSync(file, res.body);
  const py = spawnSync(PY, ['-c', `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['발주서']
print(json.dumps({"sheets": wb.sheetnames, "rows": [[c.value for c in r] for r in ws.iter_rows()]}, default=str))
`, file], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const wb = JSON.parse(py.stdout);
  assert.deepEqual(wb.sheets, ['발주서']);
  const rows = wb.rows;
  const label = (l) => rows.find((r) => r[0] === l)?.[1];
  assert.equal(rows[0][0], `발주서 #${o.id}`);
  assert.equal(label('발주처'), '가게A');
  assert.equal(label('공급처'), '한빛상사');
  assert.equal(label('발주일'), '2025-01-02');
  assert.equal(label('입고 예정일'), '2025-01-09');
  assert.equal(label('메모'), '포장 단단히 =SUM(A1)');
  const h = rows.findIndex((r) => r[0] === '마스터 SKU');
  assert.ok(h > 0, JSON.stringify(rows));
  assert.deepEqual(rows[h], ['마스터 SKU', '상품명', '수량', '매입 단가', '금액', '입고 예정일']);
  assert.deepEqual(rows[h + 1], ['PO-A', '스텐 냄비 20cm', 100, 12000, 1200000, '2025-01-09']);
  assert.deepEqual(rows[h + 2], ['PO-B', '버터쿠키', 50, 2500, 125000, '2025-01-09']);
  assert.deepEqual([rows[h + 3][0], rows[h + 3][2], rows[h + 3][4]], ['합계', 150, 1325000]);
  // A draft exports too, marked as not yet sent.
  const d = await draft();
  const dx = await viewer.get(`/api/purchase-orders/${d.id}/export.xlsx`);
  fs.writeFileSync(file, dx.body);
  const py2 = spawnSync(PY, ['-c', `
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['발주서']
print([r[1].value for r in ws.iter_rows() if r[0].value == '발주일'][0])
`, file], { encoding: 'utf8' });
  assert.equal(py2.stdout.trim(), '발주 전');
});

test('observed lead times: median and spread per product and supplier, adopted as the lead time in one call', async () => {
  await mgr.post('/api/products', { sku: 'LT-1', name: '리드타임 상품', supplier_id: slow });
  const short = await mgr.get('/api/products/LT-1/lead-times');
  assert.equal(short.status, 200, short.text);
  assert.equal(short.json.lead_time_days, 120);
  assert.equal(short.json.lead_time_source, 'supplier');
  assert.equal(short.json.all.count, 0);
  assert.equal(short.json.all.stats, null);
  assert.equal(short.json.all.status, 'lead_time_history_short');
  assert.match(short.json.all.message, hangul);
  assert.equal(short.json.suggested, null);
  // The document's example: 10, 12, 14, 15, 30 days → median 14, p25 12, p75 15.
  const plan = [['2025-01-01', '2025-01-11'], ['2025-01-01', '2025-01-13'], ['2025-02-01', '2025-02-15'],
    ['2025-03-01', '2025-03-16'], ['2025-03-01', '2025-03-31']];
  for (const [od, rd] of plan) {
    const po = await mgr.post('/api/purchase-orders', { supplier_id: slow, lines: [{ sku: 'LT-1', qty: 10 }] });
    assert.equal((await mgr.post(`/api/purchase-orders/${po.json.id}/order`, { order_date: od })).status, 200);
    // Two lots on the same day are one delivery.
    const r = await receive(staff, po.json.id, { date: rd, lines: [{ sku: 'LT-1', qty: 4 }, { sku: 'LT-1', qty: 6 }] });
    assert.equal(r.status, 201, r.text);
  }
  // One delivery from another supplier.
  const po = await mgr.post('/api/purchase-orders', { supplier_id: hanbit, lines: [{ sku: 'LT-1', qty: 1 }] });
  await mgr.post(`/api/purchase-orders/${po.json.id}/order`, { order_date: '2025-04-01' });
  await receive(staff, po.json.id, { date: '2025-04-03', lines: [{ sku: 'LT-1', qty: 1 }] });

  const lt = (await viewer.get('/api/products/LT-1/lead-times')).json;
  assert.equal(lt.observations.length, 6);
  assert.deepEqual(lt.observations[0], { po_id: po.json.id, supplier_id: hanbit, supplier: '한빛상사', order_date: '2025-04-01', received_date: '2025-04-03', days: 2 });
  const npk = lt.by_supplier.find((g) => g.supplier_id === slow);
  assert.equal(npk.supplier, 'NPK');
  assert.deepEqual(npk.stats, { n: 5, ignored: 0, median: 14, min: 10, max: 30, p25: 12, p75: 15 });
  const hb = lt.by_supplier.find((g) => g.supplier_id === hanbit);
  assert.equal(hb.count, 1);
  assert.equal(hb.status, 'lead_time_history_short');
  assert.equal(lt.all.stats.n, 6);
  assert.equal(lt.all.stats.median, 13); // 2, 10, 12, 14, 15, 30: (12 + 14) / 2
  // The product's own supplier (NPK) has enough deliveries: its median is suggested.
  assert.deepEqual(lt.suggested, { days: 14, basis: 'supplier', supplier_id: slow });

  // A manager adopts it with one call; it is audited as a product change.
  assert.equal((await staff.patch('/api/products/LT-1', { lead_time_days: 14 })).status, 403);
  const adopt = await mgr.patch('/api/products/LT-1', { lead_time_days: lt.suggested.days });
  assert.equal(adopt.status, 200, adopt.text);
  assert.equal(adopt.json.lead_time_days, 14);
  assert.equal(adopt.json.lead_time_source, 'product');
  const au = (await boss.get('/api/audit?entity=product&entity_id=LT-1&kind=product.update')).json.items[0];
  assert.equal(au.before.lead_time_days, 120);
  assert.equal(au.after.lead_time_days, 14);
  assert.equal((await viewer.get('/api/products/NOPE/lead-times')).status, 404);
  assert.equal((await other.get('/api/products/LT-1/lead-times')).status, 404);
});
