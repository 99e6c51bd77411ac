// text.test.mjs — characters an .xlsx cannot hold. U+FFFE, U+FFFF and control characters
// are refused with a Korean message wherever text comes in (product and supplier fields,
// movement memos and lots, events, members, the organisation, both spreadsheet imports),
// and every .xlsx jaego writes (product table, stock template, audit export) stays valid
// XML even when such text is already in the store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './lib.mjs';

const PY = '/usr/bin/python3';
const hasSqlite3 = !spawnSync('sqlite3', ['-version']).error;
let srv, boss;

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A' });
  boss = await srv.login('boss');
  for (const p of [{ sku: 'T-1', name: '스텐 냄비' }, { sku: 'T-2', name: '프라이팬' }]) {
    const res = await boss.post('/api/products', p);
    assert.equal(res.status, 201, res.text);
  }
  assert.equal((await boss.post('/api/movements', { sku: 'T-1', type: 'inbound', qty: 10 })).status, 201);
});
after(async () => { await srv.stop(); });

// 400 naming the field, with a Korean message that names the character.
function refused(res, field, char) {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.error.code, 'validation_failed');
  const d = res.json.error.details.find((x) => x.field === field);
  assert.ok(d, `a detail for ${field}: ${res.text}`);
  assert.match(d.message, /쓸 수 없는/);
  if (char) assert.match(d.message, new RegExp(`U\\+${char}`));
}

test('product and supplier fields refuse U+FFFE, U+FFFF and control characters', async () => {
  refused(await boss.post('/api/products', { sku: 'T-3', name: '냄비\uFFFF' }), 'name', 'FFFF');
  refused(await boss.post('/api/products', { sku: 'T-3', name: '냄비', category: '\uFFFE주방' }), 'category', 'FFFE');
  refused(await boss.patch('/api/products/T-1', { memo: '메모\u0001' }), 'memo', '0001');
  refused(await boss.patch('/api/products/T-1', { memo: '메모\u0085' }), 'memo', '0085');
  refused(await boss.post('/api/suppliers', { name: '공급처\uFFFF' }), 'name', 'FFFF');
  assert.equal((await boss.get('/api/products/T-3')).status, 404);
  // A memo may span lines.
  const ok = await boss.patch('/api/products/T-1', { memo: '1층 창고\n2번 선반' });
  assert.equal(ok.status, 200, ok.text);
});

test('movement memos and lots refuse them; a memo keeps its line breaks', async () => {
  refused(await boss.post('/api/movements', { sku: 'T-1', type: 'inbound', qty: 1, memo: '입고\uFFFF' }), 'memo', 'FFFF');
  refused(await boss.post('/api/movements', { sku: 'T-1', type: 'inbound', qty: 1, memo: '입고\u0007' }), 'memo', '0007');
  refused(await boss.post('/api/movements', { sku: 'T-1', type: 'inbound', qty: 1, lot: 'L\n1' }), 'lot', '000A');
  const ok = await boss.post('/api/movements', { sku: 'T-1', type: 'inbound', qty: 1, memo: '1차 입고\n박스 2개' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.movement.memo, '1차 입고\n박스 2개');
  refused(await boss.post(`/api/movements/${ok.json.movement.id}/reverse`, { memo: '취소\uFFFE' }), 'memo', 'FFFE');
  assert.equal((await boss.get('/api/products/T-1')).json.on_hand, 11);
});

test('events, members and the organisation refuse them too', async () => {
  refused(await boss.post('/api/events', { name: '행사\uFFFF', date: '2026-03-02' }), 'name', 'FFFF');
  refused(await boss.post('/api/events', { name: '행사', date: '2026-03-02', memo: '\u001b[31m' }), 'memo', '001B');
  refused(await boss.post('/api/users', { login: 'kim', name: '김\uFFFF', role: 'staff', password: 'password-123' }), 'name', 'FFFF');
  refused(await boss.patch('/api/org', { name: '가게\uFFFF' }), 'name', 'FFFF');
});

test('a stock import with such a memo gets a row error in the preview', async () => {
  const csv = '마스터 SKU,입고 수량,메모\r\nT-1,3,정상\r\nT-2,2,깨진\uFFFF메모\r\n';
  const fd = new FormData();
  fd.append('file', new Blob([csv], { type: 'text/csv' }), 'stock.csv');
  const res = await boss.post('/api/imports', fd);
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.can_apply, false);
  const p = res.json.problems.find((x) => x.code === 'bad_text');
  assert.ok(p, JSON.stringify(res.json.problems));
  assert.equal(p.row, 3);
  assert.equal(p.severity, 'error');
  assert.match(p.message, /메모에 쓸 수 없는 문자\(U\+FFFF/);
});

test('a product table import with such a name fails with the row', async () => {
  const csv = '마스터 SKU,상품명\nT-5,좋은 이름\nT-6,나쁜\u0002이름\n';
  const fd = new FormData();
  fd.append('file', new Blob([csv], { type: 'text/csv' }), 'products.csv');
  const res = await boss.post('/api/products/import', fd);
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.error.code, 'import_failed');
  const d = res.json.error.details.find((x) => x.row === 3 && x.field === 'name');
  assert.ok(d, res.text);
  assert.match(d.message, /U\+0002/);
  assert.equal((await boss.get('/api/products/T-5')).status, 404);
});

// Parses every XML part of an .xlsx with Python's expat, as strictly as Excel; returns the
// text of its cells, or fails with the part that is not well-formed.
function xlsxTexts(bytes, name) {
  const file = path.join(srv.dir, name);
  fs.writeFileSync(file, bytes);
  const py = `
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
out = []
for n in z.namelist():
    if n.endswith('.xml') or n.endswith('.rels'):
        try:
            root = ET.fromstring(z.read(n))
        except ET.ParseError as e:
            sys.exit(n + ': ' + str(e))
        out += [t.text or '' for t in root.iter() if t.tag.endswith('}t')]
sys.stdout.write('\\n'.join(out))
`;
  const r = spawnSync(PY, ['-c', py, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${name} is not valid XML: ${r.stderr}`);
  return r.stdout;
}

test('every .xlsx stays valid when such text is already stored', { skip: !hasSqlite3 && 'no sqlite3 command' }, async () => {
  // Rows written before the rule: a name and a memo in the products table, and an audit
  // row (append-only, so it can never be cleaned).
  const sql = `UPDATE products SET name = '냄비' || char(65535) || char(1), memo = char(65534) WHERE sku = 'T-2';
    INSERT INTO audit_log(org_id, user_id, at, kind, entity, entity_id, after_json, ip)
    SELECT id, NULL, '2025-01-01T00:00:00Z', 'product.update', 'product', 'T-2',
           '{"name":"냄비' || char(65535) || '"}', '127.0.0.1' FROM orgs WHERE name = '가게A';`;
  const r = spawnSync('sqlite3', [srv.db, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);

  const products = await boss.get('/api/products.xlsx');
  assert.equal(products.status, 200);
  assert.match(xlsxTexts(products.body, 'products.xlsx'), /냄비\uFFFD\uFFFD/);
  const template = await boss.get('/api/templates/stock.xlsx');
  assert.equal(template.status, 200);
  assert.match(xlsxTexts(template.body, 'template.xlsx'), /냄비\uFFFD\uFFFD/);
  const audit = await boss.get('/api/audit.xlsx');
  assert.equal(audit.status, 200);
  assert.match(xlsxTexts(audit.body, 'audit.xlsx'), /냄비\uFFFD/);
});
