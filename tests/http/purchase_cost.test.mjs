// purchase_cost.test.mjs — who sees a product's purchase cost (매입 단가, unit_cost): masters
// and managers do; staff and viewers get no unit_cost in the product list, the product, or
// the product export (header and values), whatever they ask for. The audit log, which shows
// costs in before/after values, is for masters only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib.mjs';

const PY = '/usr/bin/python3'; // Debian's python, where python3-openpyxl lives
const ROLES = { master: true, manager: true, staff: false, viewer: false };
let srv;
const as = {};

// The first sheet of an .xlsx as rows of cell values.
function readXlsx(bytes) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-cost-')), 'p.xlsx');
  fs.writeFileSync(file, bytes);
  const py = 'import json,sys,openpyxl\n' +
    'ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]\n' +
    'print(json.dumps([[c for c in r] for r in ws.iter_rows(values_only=True)], default=str))';
  const res = spawnSync(PY, ['-c', py, file], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  return JSON.parse(res.stdout);
}

before(async () => {
  srv = await startServer();
  for (const role of Object.keys(ROLES)) {
    await srv.addUser({ login: role, role, org: '가게A' });
    as[role] = await srv.login(role);
  }
  const res = await as.manager.post('/api/products', { sku: 'POT-1', name: '스텐 냄비', unit_cost: 12345 });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.unit_cost, 12345, 'a manager sees what they saved');
});
after(async () => { await srv.stop(); });

for (const [role, sees] of Object.entries(ROLES)) {
  test(`${role} ${sees ? 'sees' : 'does not see'} the purchase cost`, async () => {
    const c = as[role];
    const list = await c.get('/api/products?status=all');
    assert.equal(list.status, 200);
    const item = list.json.items.find((p) => p.sku === 'POT-1');
    assert.equal('unit_cost' in item, sees, JSON.stringify(item));
    if (sees) assert.equal(item.unit_cost, 12345);
    assert.equal(list.text.includes('12345'), sees);

    const one = await c.get('/api/products/POT-1');
    assert.equal(one.status, 200);
    assert.equal('unit_cost' in one.json, sees);
    assert.equal(one.text.includes('12345'), sees);

    const x = await c.get('/api/products.xlsx');
    assert.equal(x.status, 200);
    const rows = readXlsx(x.body);
    const col = rows[0].indexOf('매입 단가');
    assert.equal(col >= 0, sees, rows[0].join(','));
    assert.equal(JSON.stringify(rows).includes('12345'), sees);
    if (sees) assert.equal(rows[1][col], 12345);

    const audit = await c.get('/api/audit?kind=product.');
    assert.equal(audit.status, role === 'master' ? 200 : 403, 'costs in audit values: masters only');
  });
}

test('an export without costs imports back without touching them', async () => {
  const x = await as.viewer.get('/api/products.xlsx');
  const fd = new FormData();
  fd.append('file', new Blob([x.body]), 'products.xlsx');
  const res = await as.manager.post('/api/products/import', fd);
  assert.equal(res.status, 200, res.text);
  assert.equal((await as.manager.get('/api/products/POT-1')).json.unit_cost, 12345);
});
