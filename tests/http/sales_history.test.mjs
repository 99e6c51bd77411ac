// sales_history.test.mjs — sales-history uploads (판매 이력) over HTTP: a preview changes
// nothing; apply makes the history count, once; stock and the ledger never change; a newer
// upload replaces the overlapping period per product instead of doubling it, and undoing it
// brings the older history back; every bad input of the issue gets a stable code and a
// Korean message; roles; other organisations; deleting a product with history; the example
// file; and a forecast run that reads the imported history (a set's toward its component).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, ROOT } from './lib.mjs';

const hangul = /[가-힣]/;
const PY = '/usr/bin/python3';
const MAKE = path.join(ROOT, 'tests/roundtrip/imp_make.py');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-sales-history-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The KST date `back` days before today. */
function kstDate(back = 0) {
  return new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
}

function csv(rows, { bom = true, head = ['일자', '마스터 SKU', '출고 수량'] } = {}) {
  const cell = (v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  const text = [head, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  return Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
}

function makeXlsx(spec) {
  const out = path.join(tmp, `made-${Math.random().toString(36).slice(2)}.xlsx`);
  const res = spawnSync(PY, [MAKE, out], { input: JSON.stringify(spec), encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  return fs.readFileSync(out);
}

async function upload(c, name, bytes) {
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  return c.post('/api/sales-history', fd);
}

async function uploadOk(c, name, bytes) {
  const res = await upload(c, name, bytes);
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.status, 'previewed');
  assert.equal(res.json.can_apply, true, JSON.stringify(res.json.problems));
  return res.json;
}

async function apply(c, id) {
  const res = await c.post(`/api/sales-history/${id}/apply`, {});
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'applied');
  return res.json;
}

async function history(c, sku) {
  const res = await c.get(`/api/products/${encodeURIComponent(sku)}/sales-history`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

const byDay = (h) => Object.fromEntries(h.days.map((d) => [d.day, d.qty]));
const errorCodes = (pv) => pv.problems.filter((p) => p.severity === 'error').map((p) => p.code);

let srv, boss, mgr, staff, viewer, other;
before(async () => {
  srv = await startServer({ runner: 'queue' });
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A' });
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await srv.addUser({ login: 'staff1', role: 'staff', org: '가게A' });
  await srv.addUser({ login: 'view1', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  [boss, mgr, staff, viewer, other] = await Promise.all(
    ['boss', 'mgr', 'staff1', 'view1', 'bossb'].map((l) => srv.login(l)));
  for (const p of [
    { sku: 'A-1', name: '사과' },
    { sku: 'A-2', name: '배', playauto_sku: 'PA-2' },
    { sku: 'A-3', name: '감', channel_codes: [{ channel: 'coupang', code: 'CP-33' }] },
    { sku: 'OLD', name: '단종 상품', active: false },
    { sku: 'DEL-1', name: '지울 상품' },
    { sku: 'DEL-2', name: '지울 상품 2' },
    { sku: 'FC', name: '예측 상품' },
    { sku: 'FCC', name: '예측 구성품' },
  ]) {
    const res = await boss.post('/api/products', p);
    assert.equal(res.status, 201, res.text);
  }
  const fcset = await boss.post('/api/products', {
    sku: 'FCSET', name: '예측 세트', kind: 'set', components: [{ sku: 'FCC', qty: 2 }],
  });
  assert.equal(fcset.status, 201, fcset.text);
  const set = await boss.post('/api/products', {
    sku: 'SET-1', name: '사과 세트', kind: 'set', components: [{ sku: 'A-1', qty: 2 }],
  });
  assert.equal(set.status, 201, set.text);
  const inb = await boss.post('/api/movements', { sku: 'A-1', type: 'inbound', qty: 100 });
  assert.equal(inb.status, 201, inb.text);
});
after(async () => { await srv.stop(); });

test('a preview changes nothing; apply makes the history count once; stock never changes', async () => {
  const before = (await boss.get('/api/products/A-1')).json.on_hand;
  const moves = (await boss.get('/api/products/A-1/movements')).json;
  const pv = await uploadOk(mgr, '판매이력.csv', csv([
    [kstDate(10), 'A-1', 5], [kstDate(9), 'A-1', '1,200'], [kstDate(8), 'A-1', '3개'],
    [kstDate(10), 'A-2', 0],
  ]));
  assert.deepEqual(pv.period, { first: kstDate(10), last: kstDate(8) });
  assert.deepEqual(pv.summary, { rows: 4, valid: 4, warnings: 0, errors: 0 });
  assert.equal(pv.qty_total, 1208);
  assert.equal(pv.rows.length, 4);
  const a1 = pv.products.find((p) => p.sku === 'A-1');
  assert.deepEqual([a1.rows, a1.qty, a1.replaces.rows], [3, 1208, 0]);
  assert.deepEqual(pv.replaces, { rows: 0, qty: 0 });
  assert.equal((await history(viewer, 'A-1')).days.length, 0, 'a preview counts for nothing');

  const ap = await apply(mgr, pv.id);
  assert.equal(ap.applied_by.id, mgr.user.id);
  assert.equal(ap.standing_rows, 4);
  const h = await history(viewer, 'A-1');
  assert.deepEqual(byDay(h), { [kstDate(10)]: 5, [kstDate(9)]: 1200, [kstDate(8)]: 3 });
  assert.equal(h.total, 1208);
  assert.ok(h.days.every((d) => d.batch_id === pv.id));

  // twice: refused, nothing doubled
  const again = await mgr.post(`/api/sales-history/${pv.id}/apply`, {});
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.code, 'already_applied');
  assert.match(again.json.error.message, hangul);
  assert.equal((await history(viewer, 'A-1')).total, 1208);

  // history is not stock and not a movement
  assert.equal((await boss.get('/api/products/A-1')).json.on_hand, before);
  assert.deepEqual((await boss.get('/api/products/A-1/movements')).json, moves);

  // audited
  const audit = await boss.get('/api/audit?kind=sales_history.');
  assert.equal(audit.status, 200, audit.text);
  const kinds = audit.json.items.map((i) => i.kind);
  assert.ok(kinds.includes('sales_history.upload') && kinds.includes('sales_history.apply'), kinds.join());
  const applied = audit.json.items.find((i) => i.kind === 'sales_history.apply');
  assert.equal(applied.label, '판매 이력 반영');
  assert.equal(applied.target, `판매 이력 #${pv.id} 판매이력.csv`);
  assert.equal(applied.summary, `판매 이력 4행을 반영했습니다 (${kstDate(10)} ~ ${kstDate(8)})`);
});

test('a newer upload replaces the overlapping period per product; undo brings the older back', async () => {
  // older: B-days 20..16 for A-2 (via its 플레이오토 SKU) and A-3 (via its 쿠팡 code)
  const older = await uploadOk(mgr, 'old.csv', csv(
    [...[20, 19, 18, 17, 16].map((b) => [kstDate(b), 'PA-2', '', 10]),
      ...[20, 19, 18, 17, 16].map((b) => [kstDate(b), '', 'CP-33', 1])],
    { head: ['날짜', '플레이오토 SKU', '쿠팡 상품코드', '수량'] }));
  await apply(mgr, older.id);
  assert.equal((await history(viewer, 'A-2')).total, 50);
  assert.equal((await history(viewer, 'A-3')).total, 5);

  // newer: A-2 for days 18..14 (day 17 left out: it becomes 0); A-3 not in the file
  const newer = await uploadOk(boss, 'new.csv', csv([
    [kstDate(18), 'A-2', 7], [kstDate(16), 'A-2', 7], [kstDate(15), 'A-2', 7], [kstDate(14), 'A-2', 7],
  ]));
  const a2 = newer.products.find((p) => p.sku === 'A-2');
  assert.deepEqual(a2.replaces, { rows: 3, qty: 30, batches: [older.id] });
  assert.deepEqual(newer.replaces, { rows: 3, qty: 30 });
  const ap = await apply(boss, newer.id);
  assert.deepEqual(ap.replaced, { rows: 3, qty: 30 });
  assert.deepEqual(byDay(await history(viewer, 'A-2')), {
    [kstDate(20)]: 10, [kstDate(19)]: 10, [kstDate(18)]: 7, [kstDate(16)]: 7,
    [kstDate(15)]: 7, [kstDate(14)]: 7, [kstDate(10)]: 0, // the 0 of the first test's file
  });
  assert.equal((await history(viewer, 'A-3')).total, 5, 'a product not in the newer file keeps its history');
  const old = (await viewer.get(`/api/sales-history/${older.id}`)).json;
  assert.equal(old.standing_rows, 7, 'two A-2 days and five A-3 days of the older batch still count');

  // the same file again replaces itself, never doubles
  const same = await uploadOk(boss, 'new.csv', csv([
    [kstDate(18), 'A-2', 7], [kstDate(16), 'A-2', 7], [kstDate(15), 'A-2', 7], [kstDate(14), 'A-2', 7],
  ]));
  assert.deepEqual(same.replaces, { rows: 4, qty: 28 });
  await apply(boss, same.id);
  assert.equal((await history(viewer, 'A-2')).total, 48);
  const undoSame = await boss.post(`/api/sales-history/${same.id}/undo`, {});
  assert.equal(undoSame.status, 200, undoSame.text);
  assert.equal((await history(viewer, 'A-2')).total, 48, 'the earlier copy stands again');

  // undo the newer: the older rows come back
  const undo = await mgr.post(`/api/sales-history/${newer.id}/undo`, {});
  assert.equal(undo.status, 200, undo.text);
  assert.equal(undo.json.status, 'undone');
  assert.equal(undo.json.undone_by.id, mgr.user.id);
  assert.equal((await history(viewer, 'A-2')).total, 50);
  const h = await history(viewer, 'A-2');
  assert.equal(byDay(h)[kstDate(17)], 10);

  // undo twice, apply an undone batch: refused
  for (const p of [`/api/sales-history/${newer.id}/undo`, `/api/sales-history/${newer.id}/apply`]) {
    const r = await mgr.post(p, {});
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'already_undone');
    assert.match(r.json.error.message, hangul);
  }
  // undo of a batch never applied
  const fresh = await uploadOk(mgr, 'x.csv', csv([[kstDate(30), 'A-1', 1]]));
  const r = await mgr.post(`/api/sales-history/${fresh.id}/undo`, {});
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'not_applied');

  // the list, newest first
  const list = await viewer.get('/api/sales-history');
  assert.equal(list.status, 200);
  assert.ok(list.json.total >= 5);
  assert.equal(list.json.items[0].id, fresh.id);
  const audit = await boss.get('/api/audit?kind=sales_history.undo');
  assert.ok(audit.json.items.some((i) => i.entity_id === String(newer.id)));
});

test('two applies at once: one applies, the other is told it already was; nothing doubles', async () => {
  const pv = await uploadOk(mgr, 'race.csv', csv([[kstDate(60), 'A-3', 9]]));
  const answers = await Promise.all([mgr, boss].map((c) => c.post(`/api/sales-history/${pv.id}/apply`, {})));
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409], answers.map((a) => a.text).join('\n'));
  assert.equal(answers.find((a) => a.status === 409).json.error.code, 'already_applied');
  assert.equal(byDay(await history(viewer, 'A-3'))[kstDate(60)], 9);
  const audit = await boss.get('/api/audit?kind=sales_history.apply');
  assert.equal(audit.json.items.filter((i) => i.entity_id === String(pv.id)).length, 1);
});

test('every bad row gets its code, its row number and a Korean message; such a file is not applied', async () => {
  const rows = [
    [kstDate(3), 'NOPE', 1],          // 2 unknown_sku
    ['', 'A-1', 1],                   // 3 missing_date
    ['2025-13-45', 'A-1', 1],         // 4 bad_date
    [kstDate(-1), 'A-1', 1],          // 5 future_date
    [kstDate(3), 'A-1', -2],          // 6 negative_qty
    [kstDate(4), 'A-1', 1.5],         // 7 not_whole
    [kstDate(5), 'A-1', '3박스'],      // 8 mixed_units
    [kstDate(6), 'A-1', '3개'],        // 9 fine
    [kstDate(6), 'A-1', 4],           // 10 duplicate_row (of 9)
    [kstDate(7), 'OLD', 2],           // 11 inactive_product (warning)
    [kstDate(7), 'SET-1', 2],         // 12 set_product (warning)
    [kstDate(7), '', 2],              // 13 missing_sku
    [kstDate(8), 'A-1', ''],          // 14 missing_qty
    [kstDate(9), 'A-1', 'abc'],       // 15 not_a_number
    [kstDate(10), 'A-1', 2000000],    // 16 qty_too_large
  ];
  const res = await upload(mgr, 'bad.csv', csv(rows));
  assert.equal(res.status, 201, res.text);
  const pv = res.json;
  assert.equal(pv.can_apply, false);
  const want = {
    2: 'unknown_sku', 3: 'missing_date', 4: 'bad_date', 5: 'future_date', 6: 'negative_qty',
    7: 'not_whole', 8: 'mixed_units', 10: 'duplicate_row', 11: 'inactive_product',
    12: 'set_product', 13: 'missing_sku', 14: 'missing_qty', 15: 'not_a_number', 16: 'qty_too_large',
  };
  for (const [row, code] of Object.entries(want)) {
    const p = pv.problems.find((x) => x.row === Number(row) && x.code === code);
    assert.ok(p, `row ${row}: ${code} in ${JSON.stringify(pv.problems.map((x) => [x.row, x.code]))}`);
    assert.match(p.message, hangul);
    assert.match(p.message, new RegExp(`${row}행`));
  }
  const dup = pv.problems.find((x) => x.code === 'duplicate_row');
  assert.equal(dup.other_row, 9);
  assert.match(dup.message, /9행/);
  assert.equal(pv.problems.find((x) => x.code === 'inactive_product').severity, 'warning');
  assert.equal(pv.problems.find((x) => x.code === 'set_product').severity, 'warning');
  assert.equal(pv.summary.errors, 12);
  assert.equal(pv.summary.warnings, 2);
  assert.deepEqual(pv.problems.map((p) => p.row), [...pv.problems.map((p) => p.row)].sort((a, b) => a - b));
  const ap = await mgr.post(`/api/sales-history/${pv.id}/apply`, {});
  assert.equal(ap.status, 409, ap.text);
  assert.equal(ap.json.error.code, 'has_errors');
  assert.match(ap.json.error.message, hangul);
  assert.equal((await viewer.get(`/api/sales-history/${pv.id}`)).json.status, 'previewed');
});

test('dates as YYYY.MM.DD, YYYY/MM/DD, Excel serials; CSV without BOM, in CP949, and .xlsx', async () => {
  const d = kstDate(40);
  const [y, m, dd] = d.split('-');
  const serial = Math.round((Date.UTC(+y, +m - 1, +dd) - Date.UTC(1899, 11, 30)) / 86400e3);
  const plain = await uploadOk(mgr, 'plain.csv', csv([
    [`${y}.${m}.${dd}`, 'A-1', 1], [`${y}/${m}/${+dd === 1 ? '02' : '01'}`, 'A-1', 2],
  ], { bom: false }));
  assert.equal(plain.rows.find((r) => r.qty === 1).day, d);

  const text = `일자,마스터 SKU,출고 수량\n${d},A-1,6\n`;
  const conv = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'CP949'], { input: text });
  assert.equal(conv.status, 0);
  const cp = await uploadOk(mgr, 'cp949.csv', conv.stdout);
  assert.deepEqual([cp.rows[0].day, cp.rows[0].qty], [d, 6]);

  const x = await uploadOk(mgr, 'sales.xlsx', makeXlsx({
    rows: [['판매일자', '마스터 SKU', '판매수량'], [serial, 'A-1', 4], [d.replaceAll('-', '.'), 'A-2', 2]],
  }));
  assert.equal(x.format, 'xlsx');
  assert.deepEqual(x.rows.map((r) => [r.sku, r.day, r.qty]), [['A-1', d, 4], ['A-2', d, 2]]);
});

test('file-level refusals: missing column, empty, not a spreadsheet, too many rows', async () => {
  const miss = await upload(mgr, 'm.csv', csv([[kstDate(1), 1]], { head: ['일자', '출고 수량'] }));
  assert.equal(miss.status, 201);
  assert.deepEqual(errorCodes(miss.json), ['missing_column']);
  assert.match(miss.json.problems[0].message, /마스터 SKU/);
  const empty = await upload(mgr, 'e.csv', Buffer.alloc(0));
  assert.equal(empty.json.can_apply, false);
  assert.equal(empty.json.problems[0].row, 0);
  assert.match(empty.json.problems[0].message, hangul);
  const xls = await upload(mgr, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array(600).fill(0)]));
  assert.equal(xls.json.can_apply, false);
  const none = await upload(mgr, 'h.csv', csv([]));
  assert.deepEqual(errorCodes(none.json), ['no_rows']);
  const many = [];
  for (let i = 0; i < 20001; i++) many.push([kstDate(1 + (i % 300)), 'A-1', 1]);
  const big = await upload(mgr, 'big.csv', csv(many));
  assert.equal(big.status, 201, big.text);
  assert.equal(big.json.can_apply, false);
  assert.ok(['too_many_rows'].includes(big.json.problems[0].code), big.json.problems[0].code);
  assert.match(big.json.problems[0].message, /20,000/);
  // no file, not multipart
  const nf = await mgr.post('/api/sales-history', new FormData());
  assert.equal(nf.status, 400);
  assert.equal(nf.json.error.code, 'missing_file');
  const js = await mgr.post('/api/sales-history', {});
  assert.equal(js.status, 415);
  assert.match(js.json.error.message, hangul);
});

test('roles: managers and masters import, apply and undo; staff and viewers read', async () => {
  for (const c of [staff, viewer]) {
    const up = await upload(c, 'r.csv', csv([[kstDate(50), 'A-1', 1]]));
    assert.equal(up.status, 403, up.text);
    assert.equal(up.json.error.code, 'forbidden');
    assert.match(up.json.error.message, hangul);
  }
  const pv = await uploadOk(mgr, 'r.csv', csv([[kstDate(50), 'A-1', 1]]));
  for (const c of [staff, viewer]) {
    for (const p of ['apply', 'undo']) {
      const r = await c.post(`/api/sales-history/${pv.id}/${p}`, {});
      assert.equal(r.status, 403, `${p}: ${r.text}`);
    }
    assert.equal((await c.get('/api/sales-history')).status, 200);
    assert.equal((await c.get(`/api/sales-history/${pv.id}`)).status, 200);
    assert.equal((await c.get('/api/products/A-1/sales-history')).status, 200);
  }
  // another organisation sees none of it
  for (const p of [`/api/sales-history/${pv.id}`, '/api/products/A-1/sales-history']) {
    const r = await other.get(p);
    assert.equal(r.status, 404, p);
    assert.match(r.json.error.message, hangul);
  }
  const oa = await other.post(`/api/sales-history/${pv.id}/apply`, {});
  assert.equal(oa.status, 404);
  assert.equal(oa.json.error.code, 'sales_history_not_found');
  assert.equal((await other.get('/api/sales-history')).json.total, 0);
  // codes of another organisation's products are unknown here
  const ob = await upload(other, 'o.csv', csv([[kstDate(5), 'A-1', 1]]));
  assert.deepEqual(errorCodes(ob.json), ['unknown_sku']);
  for (const p of ['/api/sales-history/abc', '/api/sales-history/0']) {
    assert.equal((await viewer.get(p)).status, 404);
  }
  const bad = await viewer.get('/api/products/A-1/sales-history?from=2025-02-30');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'bad_date');
});

test('deleting a product: previewed history goes with it; applied history keeps it as 사용 안 함 until undone', async () => {
  await uploadOk(mgr, 'd1.csv', csv([[kstDate(3), 'DEL-1', 2]]));
  const d1 = await boss.del('/api/products/DEL-1');
  assert.equal(d1.status, 200, d1.text);
  assert.equal(d1.json.deleted, true);

  const pv = await uploadOk(mgr, 'd2.csv', csv([[kstDate(3), 'DEL-2', 2]]));
  await apply(mgr, pv.id);
  const d2 = await boss.del('/api/products/DEL-2');
  assert.equal(d2.status, 200, d2.text);
  assert.equal(d2.json.deactivated, true);
  assert.match(d2.json.message, /판매 이력/);
  assert.match(d2.json.message, /되돌린/);
  assert.equal((await history(viewer, 'DEL-2')).total, 2);
  assert.equal((await mgr.post(`/api/sales-history/${pv.id}/undo`, {})).status, 200);
  const again = await boss.del('/api/products/DEL-2');
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.deleted, true);
  assert.equal((await boss.get('/api/products/DEL-2')).status, 404);
  // the undone batch is still listed
  assert.equal((await viewer.get(`/api/sales-history/${pv.id}`)).json.status, 'undone');
});

test('the example file downloads with Korean headers and previews cleanly', async () => {
  const res = await viewer.get('/api/templates/sales-history.csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment/);
  assert.deepEqual([...res.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.match(res.text, /일자,마스터 SKU,출고 수량/);
  const pv = await uploadOk(mgr, 'example.csv', res.body);
  assert.ok(pv.summary.rows >= 1);
});

test('a forecast run reads the imported history as it stands', async () => {
  const rows = [];
  for (let b = 1; b <= 50; b++) rows.push([kstDate(b), 'FC', 3]);
  const pv = await uploadOk(mgr, 'fc.csv', csv(rows));
  await apply(mgr, pv.id);
  // a newer file for the last 10 days only: those days are 1 each now
  const nv = await uploadOk(mgr, 'fc2.csv', csv(
    Array.from({ length: 10 }, (_, i) => [kstDate(i + 1), 'FC', 1])));
  await apply(mgr, nv.id);
  // a set's history goes to its component: 45 days of one set = 2 components a day
  const st = await uploadOk(mgr, 'set.csv', csv(
    Array.from({ length: 45 }, (_, i) => [kstDate(i + 1), 'FCSET', 1])));
  assert.ok(st.problems.some((p) => p.code === 'set_product' && p.severity === 'warning'));
  await apply(mgr, st.id);
  const run = await boss.post('/api/forecast-runs');
  assert.equal(run.status, 202, run.text);
  for (let t0 = Date.now(); ;) {
    const r = (await viewer.get(`/api/forecast-runs/${run.json.id}`)).json;
    if (r.status === 'done' || r.status === 'failed') { assert.equal(r.status, 'done', r.error); break; }
    if (Date.now() - t0 > 180000) throw new Error('run did not finish');
    await sleep(100);
  }
  const f = await viewer.get('/api/products/FC/forecast');
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.history_days, 50);
  assert.equal(f.json.history_first_date, kstDate(50));
  assert.equal(f.json.history_total, 40 * 3 + 10 * 1);
  const co = (await viewer.get('/api/products/FCC/forecast')).json;
  assert.equal(co.history_days, 45);
  assert.equal(co.history_total, 90);
});
