// backup.test.mjs — `jaego backup` against a running server: it finishes while members
// keep recording movements, the copy is one consistent snapshot (check-ledger passes on
// it), and when it cannot finish within --timeout it stops with exit 3, a Korean message
// and no file left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, runCli, BIN } from './lib.mjs';

const PASSWORD = 'jaego-demo-1234';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Runs the binary without blocking the event loop (spawnSync would pause the writers
// below, and the backup would then run on a quiet database). Killed after limitMs.
function runAsync(args, limitMs = 90000) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

const hasSqlite3 = !spawnSync('sqlite3', ['-version']).error;

// A demo shop with a long history: 24,000 old audit rows of 4 KB make the file about
// 100 MB, so that one pass of a copy takes far longer than the gap between two writes
// (the demo alone would take minutes to grow that big).
function bigShop({ db }) {
  const r = runCli(['demo', '--db', db, '--skus', '40', '--days', '300']);
  assert.equal(r.status, 0, r.stderr);
  const fill = spawnSync('sqlite3', [db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24000)
    INSERT INTO audit_log(org_id, at, kind, entity, entity_id, after_json)
    SELECT (SELECT min(id) FROM orgs), '2024-01-01T00:00:00Z', 'product.update', 'product',
           'OLD-' || i, json_object('memo', hex(randomblob(2000))) FROM n;`], { encoding: 'utf8' });
  assert.equal(fill.status, 0, fill.stderr);
}

test('a backup taken while movements keep arriving finishes and passes check-ledger', { skip: !hasSqlite3 && 'no sqlite3 command' }, async () => {
  const srv = await startServer({ setup: bigShop });
  try {
    const c = await srv.login('demo', PASSWORD);
    // a product without expiry management: its inbound needs no 소비기한
    const sku = (await c.get('/api/products?kind=single&limit=100')).json.items.find((p) => !p.has_expiry).sku;
    const total = async () => (await c.get('/api/movements?limit=1')).json.total;
    const before = await total();
    // Three members recording inbound back to back: the database changes every few
    // milliseconds, far more often than a multi-step copy of a few megabytes can finish.
    let stop = false, written = 0, refused = 0;
    const writers = Array.from({ length: 3 }, async () => {
      while (!stop) {
        const r = await c.post('/api/movements', { sku, type: 'inbound', qty: 1, memo: '백업 중 입고' });
        if (r.status === 201) written++; else refused++;
      }
    });
    while (written < 10) {
      assert.ok(refused < 200, 'the writers are refused: nothing to back up under');
      await sleep(5);
    }
    const out = path.join(srv.dir, 'copy.db');
    const writtenBefore = written;
    const res = await runAsync(['backup', '--db', srv.db, '--out', out, '--timeout', '50'], 60000);
    const writtenDuring = written - writtenBefore;
    stop = true;
    await Promise.all(writers);
    assert.equal(res.status, 0, `backup: ${res.signal || ''} ${res.stderr}`);
    assert.match(res.stdout, /백업했습니다/);
    assert.ok(writtenDuring > 0, 'movements were recorded while the backup ran');
    assert.equal(refused, 0, 'no write was refused because of the backup');
    assert.deepEqual(fs.readdirSync(srv.dir).filter((f) => f.includes('.partial-')), []);

    const check = runCli(['check-ledger', '--db', out]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /check-ledger: ok/);
    // One snapshot: every movement of the demo, and only movements that were committed.
    const copied = Number(/입출고 ([\d,]+)건/.exec(check.stdout)[1].replaceAll(',', '')); // "1,234건"
    assert.ok(copied >= before + 10 && copied <= (await total()), `copied ${copied}`);
  } finally {
    await srv.stop();
  }
});

test('a backup that cannot finish in --timeout stops with exit 3 and leaves no file', { skip: !hasSqlite3 && 'no sqlite3 command' }, async () => {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-backup-')), 'shop.db');
  assert.equal(runCli(['user', 'add', '--db', db, '--login', 'boss', '--role', 'master', '--password-stdin'], { input: 'password-123\n' }).status, 0);
  // Another program holds the database exclusively for as long as the test needs.
  const holder = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let said = '';
  holder.stdout.on('data', (d) => { said += d; });
  holder.stdin.write("PRAGMA locking_mode=EXCLUSIVE;\nBEGIN EXCLUSIVE;\nSELECT 'locked';\n");
  try {
    while (!said.includes('locked')) await sleep(10);
    const out = path.join(path.dirname(db), 'copy.db');
    const res = await runAsync(['backup', '--db', db, '--out', out, '--timeout', '1']);
    assert.equal(res.status, 3, res.stderr);
    assert.match(res.stderr, /백업을 1초 안에 끝내지 못해 중단했습니다/);
    assert.match(res.stderr, /--timeout/);
    assert.equal(fs.existsSync(out), false);
    assert.deepEqual(fs.readdirSync(path.dirname(db)).filter((f) => f.startsWith('copy.db')), []);
  } finally {
    holder.stdin.end();
    await new Promise((r) => holder.on('exit', r));
  }
  // Once the lock is gone the same command works.
  const out = path.join(path.dirname(db), 'copy.db');
  const ok = await runAsync(['backup', '--db', db, '--out', out, '--timeout', '5']);
  assert.equal(ok.status, 0, ok.stderr);
  // --out naming the database itself (by another path) is refused, the database kept.
  const self = await runAsync(['backup', '--db', db, '--out', path.join(path.dirname(db), '.', 'shop.db')]);
  assert.equal(self.status, 2, self.stderr);
  assert.match(self.stderr, /데이터베이스 파일 자신/);
  assert.equal(runCli(['check-ledger', '--db', db]).status, 0);
  fs.rmSync(path.dirname(db), { recursive: true, force: true });
});

test('backup: bad usage is exit 2 with the Korean usage text', () => {
  const r = runCli(['backup', '--db', '/nonexistent.db']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /사용법: jaego backup/);
  const t = runCli(['backup', '--db', '/nonexistent.db', '--out', '/tmp/x.db', '--timeout', '0']);
  assert.equal(t.status, 2);
  assert.match(t.stderr, /--timeout/);
});
