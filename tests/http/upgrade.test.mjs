// upgrade.test.mjs — a database made by the previous release (schema 6, built here from
// src/migrations/001..006 with python's sqlite3) opens in this one: migration 007 keeps
// every product, supplier and movement, moves phone numbers and e-mails typed into a
// supplier's 담당자 to their own fields (leaving a row whose fields already differ as it
// was), gives products an empty 제조사, and marks old movements as not "expiry unknown".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, runCli, ROOT } from './lib.mjs';

const PY = '/usr/bin/python3';

// Schema 6 with a shop: suppliers as the old demo stored them, one product each, movements.
const BUILD_V6 = `
import glob, os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
files = sorted(glob.glob(os.path.join(sys.argv[2], 'src/migrations/00[1-6]_*.sql')))
assert len(files) == 6, files
db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT")
for f in files:
    db.executescript(open(f, encoding='utf-8').read())
    db.execute("INSERT INTO schema_migrations VALUES (?, ?, '2025-01-01T00:00:00Z')",
               (int(os.path.basename(f)[:3]), 'migrations/' + os.path.basename(f)))
now = '2025-01-01T00:00:00Z'
db.execute("INSERT INTO orgs (id, name, template_token, created_at) VALUES (1, '옛가게', 'tok', ?)", (now,))
sups = [
    (1, 'NPK', 'npk-export@example.com / +86 20 0000 0000', '', ''),
    (2, '리빙하우스', '02-000-1111 김대리', '', ''),
    (3, '푸른음료', '1588-0000', '', ''),
    (4, '한빛유통', '최사장', '010-0000-5555', ''),
    (5, '멍냥상사', '070-0000-4444 정실장', '02-999-9999', ''),
]
for i, name, contact, phone, email in sups:
    db.execute("INSERT INTO suppliers (id, org_id, name, contact, phone, email, created_at, updated_at)"
               " VALUES (?, 1, ?, ?, ?, ?, ?, ?)", (i, name, contact, phone, email, now, now))
    db.execute("INSERT INTO products (id, org_id, sku, name, supplier_id, has_expiry, created_at, updated_at)"
               " VALUES (?, 1, ?, ?, ?, ?, ?, ?)", (i, 'OLD-%d' % i, '옛 상품 %d' % i, i, i % 2, now, now))
    db.execute("INSERT INTO movements (org_id, product_id, type, qty, date, source, lot, expiry, created_at)"
               " VALUES (1, ?, 'inbound', 10, '2025-01-01', 'manual', NULL, NULL, ?)", (i, now))
    db.execute("INSERT INTO balances (product_id, org_id, on_hand, updated_at) VALUES (?, 1, 10, ?)", (i, now))
db.commit()
`;

test('a schema-6 database upgrades with its data, suppliers split', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-upgrade-'));
  const db = path.join(dir, 'old.db');
  try {
    const py = spawnSync(PY, ['-c', BUILD_V6, db, ROOT], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    const add = runCli(['user', 'add', '--db', db, '--login', 'owner', '--role', 'master',
      '--password-stdin', '--org', '옛가게'], { input: 'password-123\n' });
    assert.equal(add.status, 0, add.stderr);
    const srv = await startServer({ db });
    try {
      const c = await srv.login('owner');
      const health = await srv.client().get('/healthz');
      assert.ok(health.json.schema_version >= 7, health.text);
      const sups = Object.fromEntries((await c.get('/api/suppliers')).json.items
        .map((s) => [s.name, [s.contact, s.phone, s.email]]));
      assert.deepEqual(sups, {
        NPK: ['', '+86 20 0000 0000', 'npk-export@example.com'],
        리빙하우스: ['김대리', '02-000-1111', ''],
        푸른음료: ['', '1588-0000', ''],
        한빛유통: ['최사장', '010-0000-5555', ''], // already separate: untouched
        // 연락처 already held another number: nothing is dropped, the row stays as it was
        멍냥상사: ['070-0000-4444 정실장', '02-999-9999', ''],
      });
      const products = (await c.get('/api/products?status=all')).json.items;
      assert.equal(products.length, 5);
      for (const p of products) {
        assert.equal(p.on_hand, 10, p.sku);
        assert.equal(p.manufacturer, '', p.sku);
        assert.ok(p.supplier, p.sku);
      }
      const moves = (await c.get('/api/movements')).json.items;
      assert.equal(moves.length, 5);
      assert.ok(moves.every((m) => m.expiry_unknown === false && m.qty === 10));
      const check = runCli(['check-ledger', '--db', db]);
      assert.equal(check.status, 0, check.stdout + check.stderr);
    } finally {
      await srv.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
