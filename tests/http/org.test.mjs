// org.test.mjs — organisation settings over HTTP: every member reads them, only a master
// changes them (audited as org.update with before/after), bad values get Korean field
// errors, another organisation is untouched, and allow_negative_stock really changes what
// the ledger and the import preview accept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv, boss, manager, viewer, outsider;

async function upload(c, name, text) {
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from(text)], { type: 'text/csv' }), name);
  return c.post('/api/imports', fd);
}

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A', name: '김사장' });
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await srv.addUser({ login: 'viewer', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'other', role: 'master', org: '가게B' });
  boss = await srv.login('boss');
  manager = await srv.login('mgr');
  viewer = await srv.login('viewer');
  outsider = await srv.login('other');
  let res = await boss.post('/api/products', { sku: 'A-001', name: '스텐 냄비', category: '주방용품' });
  assert.equal(res.status, 201, res.text);
  res = await boss.post('/api/movements', { sku: 'A-001', type: 'inbound', qty: 3 });
  assert.equal(res.status, 201, res.text);
});

after(async () => { await srv.stop(); });

test('every member reads the settings', async () => {
  for (const c of [boss, manager, viewer]) {
    const res = await c.get('/api/org');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.name, '가게A');
    assert.equal(res.json.allow_negative_stock, false);
    assert.match(res.json.created_at, /^\d{4}-\d{2}-\d{2}T/);
  }
  assert.equal((await srv.client().get('/api/org')).status, 401);
});

test('a master changes the settings, audited with before and after', async () => {
  const res = await boss.patch('/api/org', { name: '  가게 에이  ', allow_negative_stock: true });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.name, '가게 에이');
  assert.equal(res.json.allow_negative_stock, true);
  assert.equal((await viewer.get('/api/org')).json.name, '가게 에이');
  // The other organisation is untouched.
  const other = await outsider.get('/api/org');
  assert.equal(other.json.name, '가게B');
  assert.equal(other.json.allow_negative_stock, false);

  const audit = await boss.get('/api/audit?kind=org.update');
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.json.total, 1);
  const item = audit.json.items[0];
  assert.equal(item.entity, 'org');
  assert.equal(item.before.name, '가게A');
  assert.equal(item.before.allow_negative_stock, false);
  assert.equal(item.after.name, '가게 에이');
  assert.equal(item.after.allow_negative_stock, true);
  assert.equal(item.user.login, 'boss');

  // The same values again change nothing and record nothing.
  const same = await boss.patch('/api/org', { allow_negative_stock: true });
  assert.equal(same.status, 200, same.text);
  assert.equal((await boss.get('/api/audit?kind=org.update')).json.total, 1);
});

test('a manager or viewer gets 403 and nothing changes', async () => {
  for (const c of [manager, viewer]) {
    const res = await c.patch('/api/org', { name: '탈취' });
    assert.equal(res.status, 403, res.text);
  }
  assert.equal((await boss.get('/api/org')).json.name, '가게 에이');
});

test('bad values get Korean field errors', async () => {
  const cases = [
    [{ name: '' }, 'name', 'required'],
    [{ name: '   ' }, 'name', 'required'],
    [{ name: null }, 'name', 'required'],
    [{ name: '가'.repeat(51) }, 'name', 'too_long'],
    [{ name: '가게\u0007' }, 'name', 'bad_text'],
    [{ allow_negative_stock: 'yes' }, 'allow_negative_stock', null],
    [{ template_token: 'x' }, null, null],
  ];
  for (const [body, field, code] of cases) {
    const res = await boss.patch('/api/org', body);
    assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    assert.equal(res.json.error.code, 'validation_failed');
    assert.match(res.json.error.message, /[가-힣]/);
    if (field) assert.equal(res.json.error.details[0].field, field);
    if (code) assert.equal(res.json.error.details[0].code, code);
  }
  const empty = await boss.patch('/api/org', {});
  assert.equal(empty.status, 400);
  assert.equal(empty.json.error.code, 'bad_request');
  assert.match(empty.json.error.message, /[가-힣]/);
  const ok = await boss.patch('/api/org', { name: '가'.repeat(50) });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await boss.patch('/api/org', { name: '가게 에이' })).status, 200);
});

test('allow_negative_stock decides outbound below zero and the import preview', async () => {
  // Forbidden: the ledger refuses and the preview has an error.
  let res = await boss.patch('/api/org', { allow_negative_stock: false });
  assert.equal(res.status, 200, res.text);
  res = await manager.post('/api/movements', { sku: 'A-001', type: 'outbound', qty: 5 });
  assert.equal(res.status, 409, res.text);
  assert.equal(res.json.error.code, 'insufficient_stock');
  const csv = '마스터 SKU,출고 수량\r\nA-001,5\r\n';
  res = await upload(manager, 'out.csv', csv);
  assert.equal(res.status, 201, res.text);
  let p = res.json.problems.find((x) => x.code === 'stock_below_zero');
  assert.equal(p.severity, 'error');
  assert.equal(res.json.can_apply, false);

  // Allowed: the outbound goes through, and the preview only warns.
  res = await boss.patch('/api/org', { allow_negative_stock: true });
  assert.equal(res.status, 200, res.text);
  res = await manager.post('/api/movements', { sku: 'A-001', type: 'outbound', qty: 5 });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.on_hand, -2);
  res = await upload(manager, 'out2.csv', '마스터 SKU,출고 수량\r\nA-001,1\r\n');
  assert.equal(res.status, 201, res.text);
  p = res.json.problems.find((x) => x.code === 'stock_below_zero');
  assert.equal(p.severity, 'warning');
  assert.equal(res.json.can_apply, true);
  const ap = await manager.post(`/api/imports/${res.json.id}/apply`, {});
  assert.equal(ap.status, 200, ap.text);
  res = await boss.get('/api/products/A-001');
  assert.equal(res.json.on_hand, -3);
});
