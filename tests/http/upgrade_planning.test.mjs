// upgrade_planning.test.mjs — a database of an earlier release (schema 6, built here from
// src/migrations/001..006 with python's sqlite3; 007..009 need the server's own functions and
// run at open) opens in this release: migration 011 replaces safety_stock_mode by
// safety_stock_rule without losing any product's setting (manual stays manual, auto becomes
// forecast_lead_time), keeps every manual safety stock, leaves monthly_demand, order_multiple
// and the product service level empty, and gives the organisation the default planning
// settings (10, 30, 0 days, 95 %).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, runCli, ROOT } from './lib.mjs';

const PY = '/usr/bin/python3';

const BUILD_OLD = `
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
for i, mode, ss in ((1, 'auto', 0), (2, 'manual', 30), (3, 'auto', 12), (4, 'manual', 0)):
    db.execute("INSERT INTO products (id, org_id, sku, name, safety_stock, safety_stock_mode, lead_time_days,"
               " created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, 7, ?, ?)",
               (i, 'OLD-%d' % i, '옛 상품 %d' % i, ss, mode, now, now))
db.commit()
`;

test('an older database keeps every safety-stock setting: auto becomes forecast_lead_time', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-upgrade-plan-'));
  const db = path.join(dir, 'old.db');
  try {
    const py = spawnSync(PY, ['-c', BUILD_OLD, db, ROOT], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    const add = runCli(['user', 'add', '--db', db, '--login', 'owner', '--role', 'master',
      '--password-stdin', '--org', '옛가게'], { input: 'password-123\n' });
    assert.equal(add.status, 0, add.stderr);
    const srv = await startServer({ db });
    try {
      const c = await srv.login('owner');
      const health = await srv.client().get('/healthz');
      assert.ok(health.json.schema_version >= 11, health.text);
      const items = (await c.get('/api/products?status=all')).json.items;
      const got = Object.fromEntries(items.map((p) => [p.sku,
        [p.safety_stock_rule, p.safety_stock, p.monthly_demand, p.order_multiple, p.service_level]]));
      assert.deepEqual(got, {
        'OLD-1': ['forecast_lead_time', 0, null, null, null],
        'OLD-2': ['manual', 30, null, null, null],
        'OLD-3': ['forecast_lead_time', 12, null, null, null],
        'OLD-4': ['manual', 0, null, null, null],
      });
      assert.ok(items.every((p) => !('safety_stock_mode' in p)));
      const org = (await c.get('/api/org')).json;
      assert.equal(org.order_alert_days, 10);
      assert.equal(org.expiry_alert_days, 30);
      assert.equal(org.review_days, 0);
      assert.equal(org.service_level, 95);
      // An upgraded auto product without demand says so in its planning row.
      const row = (await c.get('/api/stock?sku=OLD-1')).json.items[0];
      assert.equal(row.safety_stock_rule, 'forecast_lead_time');
      assert.equal(row.problems[0].code, 'demand_missing');
      // ... and editing its name is not refused for it.
      const res = await c.patch('/api/products/OLD-1', { name: '옛 상품 1 (새 이름)' });
      assert.equal(res.status, 200, res.text);
    } finally {
      await srv.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
