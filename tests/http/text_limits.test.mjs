// text_limits.test.mjs — GET /api/limits is the table the server enforces: for every entry,
// a value of exactly the limit is accepted and one of limit + 1 is refused with a 400 that
// names the field, on the route that writes that field. The web forms read the same table
// (web/src/limits.ts), so a form cannot drift from the server again (a memo form said 500
// where the server allowed 2000).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startServer } from './lib.mjs';

let srv, boss, limits, supplierId;
before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A' });
  boss = await srv.login('boss');
  const r = await boss.post('/api/products', { sku: 'LIM-1', name: '한도 시험' });
  assert.equal(r.status, 201, r.text);
  const s = await boss.post('/api/suppliers', { name: '한도 공급처' });
  assert.equal(s.status, 201, s.text);
  supplierId = s.json.id;
  limits = (await boss.get('/api/limits')).json;
});
after(async () => { await srv.stop(); });

// A value of n units: ASCII for byte limits and for e-mail addresses, Hangul (three bytes
// each) for character limits, so a byte count cannot pass for a character count.
function value(key, n) {
  if (key === 'supplier.email') return 'a'.repeat(n - 6) + '@x.com';
  if (key === 'member.login') return 'a'.repeat(n); // a login is letters and digits
  return (limits[key].unit === 'bytes' ? 'A' : '가').repeat(n);
}

let seq = 0;
// Sends one write of field `key` with value v; resolves with the response.
function write(key, v) {
  const [form, field] = key.split('.');
  seq++;
  if (form === 'product' && field === 'sku') return boss.post('/api/products', { sku: v, name: '상품' });
  if (form === 'product' && field === 'channel_code') {
    return boss.patch('/api/products/LIM-1', { channel_codes: [{ channel: 'coupang', code: v }] });
  }
  if (form === 'product') return boss.patch('/api/products/LIM-1', { [field]: v });
  if (form === 'supplier') return boss.patch(`/api/suppliers/${supplierId}`, { [field]: v });
  if (form === 'movement') {
    return boss.post('/api/movements', { sku: 'LIM-1', type: 'inbound', qty: 1, expiry: '2027-01-31', [field]: v });
  }
  if (form === 'event') {
    const body = { name: `행사 ${seq}`, date: '2026-11-11', [field]: v };
    return boss.post('/api/events', body);
  }
  if (form === 'member' && field === 'login') {
    return boss.post('/api/users', { login: v, name: '직원', role: 'viewer', password: 'password-123' });
  }
  if (form === 'member') {
    return boss.post('/api/users', { login: `m${seq}`, name: v, role: 'viewer', password: 'password-123' });
  }
  if (form === 'org') return boss.patch('/api/org', { name: v });
  if (form === 'override') {
    return boss.post('/api/products/LIM-1/overrides', { kind: 'order_qty', qty: seq, reason: v });
  }
  throw new Error(`no write for ${key}`);
}

test('GET /api/limits needs a session and answers the table', async () => {
  const anon = await srv.client().get('/api/limits');
  assert.equal(anon.status, 401);
  assert.equal(limits['movement.memo'].max, 2000);
  assert.equal(limits['product.name'].max, 200);
  assert.equal(limits['event.memo'].max, 500);
  for (const [key, l] of Object.entries(limits)) {
    assert.ok(Number.isInteger(l.max) && l.max > 0, key);
    assert.ok(['chars', 'bytes'].includes(l.unit), key);
  }
});

test('every limit is what the server enforces: limit accepted, limit + 1 refused', async () => {
  const keys = Object.keys(limits);
  assert.ok(keys.length >= 20);
  for (const key of keys) {
    const max = limits[key].max;
    const ok = await write(key, value(key, max));
    assert.ok(ok.status === 200 || ok.status === 201, `${key} at ${max}: ${ok.status} ${ok.text}`);
    const over = await write(key, value(key, max + 1));
    assert.equal(over.status, 400, `${key} at ${max + 1}: ${over.text}`);
    const field = key.split('.')[1] === 'channel_code' ? 'channel_codes' : key.split('.')[1];
    const named = [over.json.error.field, ...(over.json.error.details || []).map((d) => d.field)];
    assert.ok(named.includes(field), `${key}: ${over.text}`);
  }
});

// Browser-free: the forms take maxLength from the table, not from numbers of their own.
// OrgSettings keeps a wider box on purpose so that its rule can say "50자 이내" while typing.
test('web forms write no maxLength numbers of their own', () => {
  const dir = path.join(ROOT, 'web/src');
  const files = fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.tsx'));
  assert.ok(files.length > 5);
  const found = [];
  for (const f of files) {
    if (f.endsWith('OrgSettings.tsx')) continue;
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/maxLength=\{\d+\}/g)) found.push(`${f}: ${m[0]}`);
  }
  assert.deepEqual(found, []);
});
