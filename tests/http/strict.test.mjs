// strict.test.mjs — inputs are taken as sent, never guessed: an enumeration matches
// exactly ("adjust " is not "adjust"), an empty date is an error rather than today, and an
// unknown sort key is refused rather than ignored. Each refusal changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv, boss;

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A' });
  await srv.addUser({ login: 'kim', role: 'staff', org: '가게A' });
  boss = await srv.login('boss');
  assert.equal((await boss.post('/api/products', { sku: 'S-1', name: '스텐 냄비' })).status, 201);
  assert.equal((await boss.post('/api/movements', { sku: 'S-1', type: 'inbound', qty: 100 })).status, 201);
});
after(async () => { await srv.stop(); });

const onHand = async () => (await boss.get('/api/products/S-1')).json.on_hand;
const moves = async () => (await boss.get('/api/movements?limit=1')).json.total;

function fieldError(res, field, code) {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.error.code, 'validation_failed');
  const d = res.json.error.details.find((x) => x.field === field);
  assert.ok(d, res.text);
  assert.equal(d.code, code);
  assert.match(d.message, /[가-힣]/);
}

test('movement type must be exactly inbound, outbound or adjust', async () => {
  const before = await moves();
  // The report: an adjust with a trailing space took stock from 100 to 1.
  for (const type of ['adjust ', ' inbound', 'inbound\n', 'Inbound', 'OUTBOUND', '', 'reversal']) {
    fieldError(await boss.post('/api/movements', { sku: 'S-1', type, qty: 1 }), 'type', 'bad_type');
  }
  fieldError(await boss.post('/api/movements', { sku: 'S-1', type: 1, qty: 1 }), 'type', 'bad_type');
  assert.equal(await onHand(), 100);
  assert.equal(await moves(), before);
  const ok = await boss.post('/api/movements', { sku: 'S-1', type: 'adjust', qty: 100 });
  assert.equal(ok.status, 201, ok.text);
});

test('an empty date is an error, not today; dates are taken exactly', async () => {
  const before = await moves();
  for (const date of ['', ' 2025-01-28', '2025-01-28 ', '2025-1-28']) {
    fieldError(await boss.post('/api/movements', { sku: 'S-1', type: 'inbound', qty: 1, date }), 'date', 'bad_date');
  }
  fieldError(await boss.post('/api/movements', { sku: 'S-1', type: 'inbound', qty: 1, expiry: '' }), 'expiry', 'bad_date');
  const empty = await boss.post('/api/movements', { sku: 'S-1', type: 'inbound', qty: 1, date: '' });
  assert.match(empty.json.error.details[0].message, /비어 있습니다/);
  assert.equal(await moves(), before);
  // Absent or null: today.
  for (const body of [{}, { date: null }]) {
    const ok = await boss.post('/api/movements', { sku: 'S-1', type: 'inbound', qty: 1, ...body });
    assert.equal(ok.status, 201, ok.text);
  }
});

test('an unknown sort key is refused, for the list and the export', async () => {
  for (const sort of ['password', 'pw_hash', 'sku;drop', 'SKU', '--sku']) {
    fieldError(await boss.get(`/api/products?sort=${encodeURIComponent(sort)}`), 'sort', 'bad_sort');
  }
  fieldError(await boss.get('/api/products.xlsx?sort=password'), 'sort', 'bad_sort');
  for (const sort of ['', 'sku', '-sku', 'name', '-on_hand', 'category', 'safety_stock', '-updated_at']) {
    const res = await boss.get(`/api/products?sort=${sort}`);
    assert.equal(res.status, 200, `${sort}: ${res.text}`);
  }
});

test('a member role must be exactly one of the four', async () => {
  for (const role of [' staff', 'staff ', 'Staff', 'admin', '']) {
    const res = await boss.post('/api/users', { login: 'lee', name: '이직원', role, password: 'password-123' });
    fieldError(res, 'role', 'bad_role');
  }
  const kim = (await boss.get('/api/users')).json.items.find((u) => u.login === 'kim');
  fieldError(await boss.patch(`/api/users/${kim.id}`, { role: 'master ' }), 'role', 'bad_role');
  assert.equal((await boss.get('/api/users')).json.items.find((u) => u.login === 'kim').role, 'staff');
});
