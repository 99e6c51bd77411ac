// import_detail.test.mjs — 업로드 내역 → a batch: the movements an apply wrote come with who
// recorded them, when, their source and the whole memo (as the ledger shows them); and a
// preview lists its problems by row, the whole file's first, as a seller fixes a sheet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv, boss, staff;

async function upload(c, name, text) {
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from(text)], { type: 'text/csv' }), name);
  const res = await c.post('/api/imports', fd);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A', name: '김사장' });
  await srv.addUser({ login: 'staff', role: 'staff', org: '가게A', name: '이직원' });
  boss = await srv.login('boss');
  staff = await srv.login('staff');
  for (const [sku, name] of [['POT-1', '스텐 냄비'], ['LID-1', '유리 뚜껑']]) {
    assert.equal((await boss.post('/api/products', { sku, name })).status, 201);
  }
  assert.equal((await boss.post('/api/movements', { sku: 'LID-1', type: 'inbound', qty: 10 })).status, 201);
});
after(async () => { await srv.stop(); });

test('a batch lists its movements with member, source, time and the whole memo', async () => {
  const memo = '쿠팡 1월 4주차 로켓그로스 입고분 — 박스 3개 중 1개 파손, 파손분은 반품 처리 예정이며 ' +
    '나머지는 정상 입고되었습니다. 담당 물류센터: 이천';
  const pv = await upload(staff, '입고_1월.csv', `마스터 SKU,입고 수량,메모\nPOT-1,12,"${memo}"\nLID-1,3,\n`);
  const ap = await staff.post(`/api/imports/${pv.id}/apply`, {});
  assert.equal(ap.status, 200, ap.text);
  const detail = (await boss.get(`/api/imports/${pv.id}`)).json;
  assert.equal(detail.movements.length, 2);
  const [pot, lid] = detail.movements;
  assert.equal(pot.sku, 'POT-1');
  assert.equal(pot.name, '스텐 냄비');
  assert.equal(pot.qty, 12);
  assert.equal(pot.memo, memo, 'the memo is whole');
  assert.equal(pot.source, 'import');
  assert.deepEqual(pot.user, { id: staff.user.id, name: '이직원' });
  assert.match(pot.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(pot.ref, String(pv.id));
  assert.equal(lid.memo, '');
  // the same objects as the ledger's
  const ledger = (await boss.get('/api/movements?source=import')).json.items;
  assert.deepEqual(ledger.find((m) => m.id === pot.id), pot);
  // after the batch is reversed each row names its reversal, and reversals are not listed
  assert.equal((await boss.post(`/api/imports/${pv.id}/reverse`, {})).status, 200);
  const again = (await boss.get(`/api/imports/${pv.id}`)).json.movements;
  assert.equal(again.length, 2);
  assert.ok(again.every((m) => m.reversed_by && m.type === 'inbound'));
});

test('preview problems are listed by row, the whole file first', async () => {
  // Row 2 takes LID-1 below zero: that is found after every row was read. Row 3 has an
  // unknown SKU, row 4 a negative quantity, row 5 is a fine row.
  const text = '마스터 SKU,입고 수량,출고 수량\nLID-1,,999\nNOPE-1,1,\nPOT-1,-5,\nPOT-1,1,\n';
  const first = await upload(boss, 'mixed.csv', text);
  const rows = first.problems.map((p) => p.row);
  assert.deepEqual(rows, [...rows].sort((a, b) => a - b), JSON.stringify(first.problems));
  assert.deepEqual(first.problems.map((p) => p.code).slice(0, 3),
    ['stock_below_zero', 'unknown_sku', 'negative_qty']);
  // and so does the stored batch
  const stored = (await boss.get(`/api/imports/${first.id}`)).json.preview.problems;
  assert.deepEqual(stored.map((p) => p.row), rows);

  // A file already applied gets a whole-file problem: it comes first.
  const ok = await upload(boss, 'ok.csv', '마스터 SKU,입고 수량\nPOT-1,1\nNOPE-2,1\n');
  const fixed = await upload(boss, 'ok2.csv', '마스터 SKU,입고 수량\nPOT-1,2\n');
  assert.equal((await boss.post(`/api/imports/${fixed.id}/apply`, {})).status, 200);
  const dup = await upload(boss, 'again.csv', '마스터 SKU,입고 수량\nPOT-1,2\n');
  assert.equal(dup.problems[0].code, 'already_applied');
  assert.equal(dup.problems[0].row, 0);
  assert.ok(ok.problems.length >= 1);
});
